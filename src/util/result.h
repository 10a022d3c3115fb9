/*
 * One result type for the whole program (curl's CURLcode habit): 0 is success,
 * negative values are errors. Check it as `if (!rc)` / `if (rc)`.
 *
 * Detail meant for a user travels separately in `struct ga_error`: a stable
 * English code, the field it concerns (may be empty) and a Chinese-first
 * message. Database and system messages never go there; they go to the log.
 * The mapping of results to HTTP statuses lives in src/api/error.c only.
 */
#ifndef GA_RESULT_H
#define GA_RESULT_H

#include <stddef.h>

enum ga_result {
	GA_OK = 0,
	GA_EINVAL = -1,	      /* input rejected by validation */
	GA_ENOTFOUND = -2,    /* no such thing, or not in the caller's scope */
	GA_ECONFLICT = -3,    /* duplicate, or stale version */
	GA_EFORBIDDEN = -4,   /* authenticated but not allowed */
	GA_ETOOBIG = -5,      /* a size limit was hit */
	GA_EDB = -6,	      /* storage failed; details are in the log */
	GA_EIO = -7,	      /* file or socket I/O failed */
	GA_EUNSUPPORTED = -8, /* media type or feature not supported */
	GA_EUNAUTH = -9,      /* no valid session */
	GA_EINTERNAL = -10,   /* a bug or an unexpected state */
	GA_EBUSY = -11,	      /* a resource is exhausted for now; retry later */
	GA_EMETHOD = -12,     /* the route exists but not for this method */
	GA_ETOOMANY = -13,    /* a rate limit was hit; retry after a while */
	/* not errors: iteration states returned by the storage layer */
	GA_ROW = 1,
	GA_DONE = 2,
};

#define GA_ERROR_CODE_MAX  48
#define GA_ERROR_FIELD_MAX 64
#define GA_ERROR_MSG_MAX   256

struct ga_error {
	int result;			/* the enum ga_result it goes with */
	char code[GA_ERROR_CODE_MAX];	/* e.g. "invalid_json" */
	char field[GA_ERROR_FIELD_MAX]; /* e.g. "codes[3]", or "" */
	char message[GA_ERROR_MSG_MAX]; /* Chinese first, English after */
};

/*
 * Fill `err` (which may be NULL) and return `result`, so a caller can write
 * `return ga_error_set(err, GA_EINVAL, "invalid_code", "code", "…")`.
 * The message is formatted printf-style and truncated to fit.
 */
int ga_error_set(struct ga_error *err, int result, const char *code,
		 const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void ga_error_clear(struct ga_error *err);

/* A short English name for a result, for logs. Never NULL. */
const char *ga_result_name(int result);

#endif
