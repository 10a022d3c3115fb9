/*
 * libFuzzer harness for the CSV reader: the input as a file (fmemopen),
 * read with csv_next() until it stops, checking the record invariants.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "util/result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	FILE *f;
	long last_line = 0;
	int rc;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	csv_init(&c, f);
	while ((rc = csv_next(&c)) == GA_ROW) {
		if (c.nfields < 1 || c.nfields > CSV_FIELDS_MAX)
			abort();
		if (c.line <= last_line)
			abort();
		last_line = c.line;
		for (int i = 0; i < c.nfields; i++) {
			/* every field lies inside the record buffer */
			if (c.field[i] < c.rec.ptr ||
			    c.field[i] + strlen(c.field[i]) >=
				c.rec.ptr + c.rec.len)
				abort();
		}
		(void)csv_find(&c, "code");
	}
	if (rc != GA_DONE && rc != GA_EINVAL && rc != GA_ETOOBIG)
		abort();
	csv_release(&c);
	fclose(f);
	return 0;
}
