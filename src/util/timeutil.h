/* Time as the program stores it: UTC ISO-8601 text (DESIGN.md, Time). */
#ifndef GA_TIMEUTIL_H
#define GA_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* "2026-11-29T04:24:23Z" into out (at least 21 bytes). */
void time_format_utc(time_t t, char *out, size_t size);
/* Monotonic clock in nanoseconds, for durations only. */
uint64_t time_mono_ns(void);

#endif
