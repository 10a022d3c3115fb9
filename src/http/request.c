/*
 * Request accessors for handlers, response headers, and the percent-decoding
 * that libmicrohttpd applies to paths and query values.
 */
#include "http/internal.h"

#include <string.h>

#include "util/xalloc.h"
#include "util/banned.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t http_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *out = s;
	const char *in = s;

	(void)cls;
	(void)c;
	while (*in) {
		int hi, lo;

		if (in[0] == '%' && (hi = hexval(in[1])) >= 0 &&
		    (lo = hexval(in[2])) >= 0 && (hi | lo)) {
			*out++ = (char)(hi * 16 + lo);
			in += 3;
			continue;
		}
		*out++ = *in++;
	}
	*out = '\0';
	return (size_t)(out - s);
}

void http_set_header(struct http_response *resp, const char *name,
		     const char *value)
{
	if (resp->nheaders == HTTP_MAX_HEADERS)
		BUG("too many response headers");
	resp->headers[resp->nheaders].name = xstrdup(name);
	resp->headers[resp->nheaders].value = xstrdup(value);
	resp->nheaders++;
}

const char *http_header(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_query(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *http_cookie(const struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

struct each_ctx {
	int (*fn)(const char *key, const char *value, void *ctx);
	void *ctx;
	int rc;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value)
{
	struct each_ctx *e = cls;

	(void)kind;
	e->rc = e->fn(key, value ? value : "", e->ctx);
	return e->rc ? MHD_NO : MHD_YES;
}

int http_query_each(const struct http_request *req,
		    int (*fn)(const char *key, const char *value, void *ctx),
		    void *ctx)
{
	struct each_ctx e = {fn, ctx, 0};

	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, each_arg,
				  &e);
	return e.rc;
}
