/*
 * A small RFC 4180 CSV reader: quoted fields, "" escapes, CRLF or LF, a
 * UTF-8 BOM skipped at the start. Bounded: a record longer than
 * CSV_RECORD_MAX or with more than CSV_FIELDS_MAX fields is an error.
 *
 * Ownership: the reader borrows the FILE (the caller closes it). Field
 * pointers returned by csv_next() are borrowed until the next call or
 * csv_release().
 */
#ifndef GA_IO_CSV_H
#define GA_IO_CSV_H

#include <stdio.h>

#include "util/buf.h"

#define CSV_FIELDS_MAX 32
#define CSV_RECORD_MAX (64 * 1024)

struct csv {
	FILE *f;
	struct buf rec; /* the unescaped fields, NUL-separated */
	const char *field[CSV_FIELDS_MAX];
	int nfields;
	long line;	/* line number where the last record began */
	long next_line; /* line number where the next one begins */
	int started;
};

void csv_init(struct csv *c, FILE *f);
void csv_release(struct csv *c);
/*
 * Read the next record. GA_ROW with c->field/c->nfields set, GA_DONE at end
 * of file, GA_EINVAL on malformed input (unterminated quote, text after a
 * closing quote), GA_ETOOBIG past the limits.
 */
int csv_next(struct csv *c);
/* Index of a header name in the current record, or -1. */
int csv_find(const struct csv *c, const char *name);

#endif
