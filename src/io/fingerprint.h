/* A BLAKE2b-256 fingerprint of files' contents, as 64 hex characters. */
#ifndef GA_IO_FINGERPRINT_H
#define GA_IO_FINGERPRINT_H

#include <stddef.h>

#include "util/result.h"

int fingerprint_files(const char *const *paths, size_t n, char out[65],
		      struct ga_error *err);

#endif
