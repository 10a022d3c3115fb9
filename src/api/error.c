/* The one place where results become HTTP statuses and error bodies. */
#include "api/api.h"

#include "util/banned.h"

int api_status_of(int result)
{
	switch (result) {
	case GA_OK: return 200;
	case GA_EINVAL: return 400;
	case GA_EUNAUTH: return 401;
	case GA_EFORBIDDEN: return 403;
	case GA_ENOTFOUND: return 404;
	case GA_EMETHOD: return 405;
	case GA_ECONFLICT: return 409;
	case GA_ETOOBIG: return 413;
	case GA_EUNSUPPORTED: return 415;
	case GA_ETOOMANY: return 429;
	case GA_EBUSY: return 503;
	}
	return 500;
}

void api_reply_error(struct api_ctx *c, int rc)
{
	int status = api_status_of(rc);
	json_t *e;

	/* storage and internal failures never show their details */
	if (status >= 500 || !c->err.code[0]) {
		if (rc == GA_EBUSY)
			ga_error_set(
			    &c->err, rc, "busy", "",
			    "服务繁忙，请稍后再试 (busy, retry later)");
		else if (status >= 500)
			ga_error_set(&c->err, rc, "internal", "",
				     "服务器内部错误 (internal server error)");
		else
			ga_error_set(&c->err, rc, ga_result_name(rc), "",
				     "请求无效 (invalid request)");
	}
	if (rc == GA_EBUSY)
		http_set_header(c->resp, "Retry-After", "1");
	if (rc == GA_ETOOMANY)
		http_set_header(c->resp, "Retry-After", "60");
	e = json_pack("{s:s, s:s}", "code", c->err.code, "message",
		      c->err.message);
	if (c->err.field[0])
		json_object_set_new(e, "field", json_string(c->err.field));
	api_reply(c, status, json_pack("{s:o}", "error", e));
}
