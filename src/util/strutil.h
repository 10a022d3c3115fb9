/* Small string and number helpers. All bounded; none allocate. */
#ifndef GA_STRUTIL_H
#define GA_STRUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copy with truncation; dst is always NUL-terminated. Returns strlen(src). */
size_t str_copy(char *dst, size_t size, const char *src);

/*
 * Parse a whole string as a base-10 integer in [min, max]. Leading '+' or
 * spaces, trailing junk, empty strings and overflow are rejected.
 * Returns GA_OK or GA_EINVAL; *out is untouched on failure.
 */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* The same over `len` bytes that need not be NUL-terminated. */
int parse_int64n(const char *s, size_t len, int64_t min, int64_t max,
		 int64_t *out);

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
/* True when every one of the len bytes is an ASCII digit (and len > 0). */
bool str_all_digits(const char *s, size_t len);
/* True when s has exactly len lowercase hex characters. */
bool str_is_hex(const char *s, size_t len);

#endif
