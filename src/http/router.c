/*
 * Route matching: literal segments match exactly, {name} matches one
 * non-empty segment of at most 63 bytes. The table is small (tens of
 * entries), so a linear scan is cheaper than anything cleverer.
 */
#include "http/internal.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

static bool match_pattern(const char *pattern, const char *path,
			  struct http_request *req)
{
	const char *p = pattern, *s = path;

	req->nparams = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(s, '/');
			size_t len;

			if (!close)
				return false;
			if (!end)
				end = s + strlen(s);
			len = (size_t)(end - s);
			if (!len || len >= sizeof(req->param[0]) ||
			    req->nparams == HTTP_MAX_PARAMS)
				return false;
			req->param_name[req->nparams] = p + 1;
			memcpy(req->param[req->nparams], s, len);
			req->param[req->nparams][len] = '\0';
			req->nparams++;
			p = close + 1;
			s = end;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return !*p && !*s;
}

static int count_params(const char *pattern)
{
	int n = 0;

	for (; *pattern; pattern++)
		n += *pattern == '{';
	return n;
}

/*
 * The most literal pattern that matches the path wins ("/regions/lookup"
 * over "/regions/{code}"); among those, the one with the request's method.
 * A path that matches but not for this method lists the methods in allow.
 */
enum match_result router_match(const struct route *routes,
			       struct http_request *req, struct buf *allow)
{
	int best = HTTP_MAX_PARAMS + 1;

	req->route = NULL;
	for (const struct route *r = routes; r->method; r++)
		if (count_params(r->pattern) < best &&
		    match_pattern(r->pattern, req->path, req))
			best = count_params(r->pattern);
	if (best > HTTP_MAX_PARAMS) {
		req->nparams = 0;
		return MATCH_NO_PATH;
	}
	for (const struct route *r = routes; r->method; r++) {
		if (count_params(r->pattern) != best ||
		    !match_pattern(r->pattern, req->path, req))
			continue;
		if (!strcmp(r->method, req->method) ||
		    (!strcmp(req->method, "HEAD") &&
		     !strcmp(r->method, "GET"))) {
			req->route = r;
			return MATCH_OK;
		}
		if (allow->len)
			buf_adds(allow, ", ");
		buf_adds(allow, r->method);
	}
	req->nparams = 0;
	return MATCH_NO_METHOD;
}

const char *http_param(const struct http_request *req, const char *name)
{
	size_t n = strlen(name);

	for (int i = 0; i < req->nparams; i++)
		if (!strncmp(req->param_name[i], name, n) &&
		    req->param_name[i][n] == '}')
			return req->param[i];
	return NULL;
}
