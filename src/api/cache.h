/*
 * A small in-memory cache of encoded answers for public reference data
 * (divisions), keyed by a short string. Entries live `ttl` seconds, so an
 * import by another process or instance shows within that time.
 * Thread-safe. Values are copied in and out.
 */
#ifndef GA_API_CACHE_H
#define GA_API_CACHE_H

#include <stddef.h>

#include "util/buf.h"

void answer_cache_init(unsigned ttl_s);
void answer_cache_clear(void);
/* 0 and the value appended to out on a hit, -1 on a miss */
int answer_cache_get(const char *key, int *status, struct buf *out);
void answer_cache_put(const char *key, int status, const char *data,
		      size_t len);

#endif
