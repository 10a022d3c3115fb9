/*
 * libFuzzer harness for division files: the input is written to a memfd
 * and read through its /proc/self/fd path by region_file_read(); every row
 * handed to the callback must be a well-formed division.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "io/region_file.h"
#include "util/result.h"
#include "util/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check_row(const struct region *r, void *ctx)
{
	size_t n = strlen(r->name);

	(void)ctx;
	if (!region_code_valid(r->code, strlen(r->code)))
		abort();
	if (r->level != region_code_level(r->code))
		abort();
	if (!n || !utf8_valid(r->name, n))
		abort();
	if (*r->parent && !region_code_valid(r->parent, strlen(r->parent)))
		abort();
	if (!*r->kind)
		abort();
	return GA_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct ga_error err;

	if (fd < 0) {
		fd = memfd_create("fuzz_region_file", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	(void)region_file_read(path, size % 2 ? "50" : NULL, check_row, NULL,
			       &err);
	return 0;
}
