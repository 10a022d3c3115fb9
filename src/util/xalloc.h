/*
 * Allocation that cannot fail: on exhaustion the process aborts with a
 * message (STYLE.md 7). Every input is bounded, so no client can force this.
 * Sizes are overflow-checked. Everything returned is freed with free().
 */
#ifndef GA_XALLOC_H
#define GA_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* a * b, aborting on overflow */
size_t st_mult(size_t a, size_t b);
/* a + b, aborting on overflow */
size_t st_add(size_t a, size_t b);

/* An internal invariant broke: a bug, never a client's doing. Aborts. */
#define BUG(...) ga_bug(__FILE__, __LINE__, __VA_ARGS__)
void ga_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));

#endif
