/*
 * struct buf: the one growable byte buffer (git's strbuf, curl's dynbuf).
 *
 * - Never NULL: after buf_init() `b.ptr` points at a NUL-terminated string,
 *   possibly the shared empty one; it is always NUL-terminated.
 * - Capped: every buffer has a maximum length; an append that would pass it
 *   fails with GA_ETOOBIG, frees the contents and leaves the buffer empty, so a
 *   half-built value is never used by mistake.
 * - Ownership: the buffer owns its memory. buf_release() frees it and
 *   re-initialises the buffer (same cap); buf_detach() hands the memory to the
 *   caller, who frees it with free().
 */
#ifndef GA_BUF_H
#define GA_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *ptr;
	size_t len;
	size_t alloc; /* 0 while ptr is the shared empty string */
	size_t cap;   /* maximum len */
};

#define BUF_CAP_DEFAULT ((size_t)16 << 20)

void buf_init(struct buf *b, size_t cap);
void buf_release(struct buf *b);
/* buf_release() after overwriting the contents: for secrets */
void buf_wipe(struct buf *b);
/* Returns the contents (caller frees) and re-initialises the buffer. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b); /* len = 0, keeps memory */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Make room for `extra` more bytes without changing len. */
int buf_grow(struct buf *b, size_t extra);

#endif
