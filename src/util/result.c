#include "util/result.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

int ga_error_set(struct ga_error *err, int result, const char *code,
		 const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return result;
	err->result = result;
	str_copy(err->code, sizeof(err->code), code ? code : "");
	str_copy(err->field, sizeof(err->field), field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return result;
}

void ga_error_clear(struct ga_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

const char *ga_result_name(int result)
{
	switch (result) {
	case GA_OK: return "ok";
	case GA_EINVAL: return "invalid";
	case GA_ENOTFOUND: return "not_found";
	case GA_ECONFLICT: return "conflict";
	case GA_EFORBIDDEN: return "forbidden";
	case GA_ETOOBIG: return "too_big";
	case GA_EDB: return "db";
	case GA_EIO: return "io";
	case GA_EUNSUPPORTED: return "unsupported";
	case GA_EUNAUTH: return "unauthenticated";
	case GA_EINTERNAL: return "internal";
	case GA_EBUSY: return "busy";
	case GA_EMETHOD: return "method";
	case GA_ETOOMANY: return "too_many_requests";
	case GA_ROW: return "row";
	case GA_DONE: return "done";
	}
	return "unknown";
}
