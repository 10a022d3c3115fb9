/*
 * Every API route goes through api_dispatch(): query parameters and body
 * are checked against the route's declaration before its handler runs, and
 * whatever the handler took (a connection, lists) is given back after.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

static struct api_config config;

void api_init(const struct api_config *cfg)
{
	config = *cfg;
}

void api_shutdown(void)
{
	memset(&config, 0, sizeof(config));
}

int api_db(struct api_ctx *c, struct db **out)
{
	int rc;

	if (!c->db) {
		if (!config.pool)
			return GA_EINTERNAL;
		rc = db_pool_get(config.pool, config.db_wait_ms, &c->db);
		if (rc)
			return rc;
	}
	*out = c->db;
	return GA_OK;
}

void api_reply(struct api_ctx *c, int status, json_t *v)
{
	buf_reset(&c->resp->body);
	c->resp->status = status;
	c->resp->content_type = "application/json";
	if (!v) {
		c->resp->status = 500;
		buf_adds(&c->resp->body, "{\"error\":{\"code\":\"internal\","
					 "\"message\":\"服务器内部错误 "
					 "(internal server error)\"}}");
		return;
	}
	{
		size_t n = json_dumpb(v, NULL, 0, JSON_COMPACT);

		if (!buf_grow(&c->resp->body, n)) {
			json_dumpb(v, c->resp->body.ptr, n, JSON_COMPACT);
			c->resp->body.len = n;
			c->resp->body.ptr[n] = '\0';
		}
	}
	json_decref(v);
}

void api_reply_raw(struct api_ctx *c, int status, const char *content_type,
		   const char *data, size_t len)
{
	buf_reset(&c->resp->body);
	c->resp->status = status;
	c->resp->content_type = content_type;
	buf_add(&c->resp->body, data, len);
}

struct query_check {
	const char *const *allowed;
	struct ga_error *err;
	const char *seen[16];
	int nseen;
};

/* Known names only, each at most once: a repeated one is ambiguous. */
static int check_query_name(const char *key, const char *value, void *data)
{
	struct query_check *q = data;
	const char *const *a;

	(void)value;
	for (a = q->allowed; a && *a; a++)
		if (!strcmp(*a, key))
			break;
	if (!a || !*a)
		return ga_error_set(q->err, GA_EINVAL, "unknown_parameter", "",
				    "不接受的查询参数 (unknown query "
				    "parameter)");
	for (int i = 0; i < q->nseen; i++)
		if (q->seen[i] == *a)
			return ga_error_set(q->err, GA_EINVAL,
					    "duplicate_parameter", *a,
					    "查询参数重复 (query parameter "
					    "given twice)");
	if (q->nseen < 16)
		q->seen[q->nseen++] = *a;
	return GA_OK;
}

static int prepare_input(struct api_ctx *c, const struct api_handler *h)
{
	struct query_check q = {.allowed = h->query, .err = &c->err};
	int rc = http_query_each(c->req, check_query_name, &q);

	if (rc)
		return rc;
	if (h->input_size) {
		c->input = xcalloc(1, h->input_size);
		c->owned[c->nowned++] = c->input;
	}
	if (!(c->req->route->flags & ROUTE_BODY))
		return GA_OK;
	rc = api_decode_json(http_header(c->req, "Content-Type"), c->req->body,
			     c->req->body_len, config.json_depth, &c->body,
			     &c->err);
	if (!rc && h->fields)
		rc = api_bind_fields(c->body, h->fields, c->input, c->owned,
				     &c->nowned,
				     (int)(sizeof(c->owned) / sizeof(c->owned[0])),
				     &c->err);
	return rc;
}

void api_dispatch(struct http_request *req, struct http_response *resp,
		  const struct route *route)
{
	const struct api_handler *h = route->data;
	struct api_ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.req = req;
	c.resp = resp;
	rc = prepare_input(&c, h);
	if (!rc)
		rc = h->fn(&c);
	if (rc) {
		if (api_status_of(rc) >= 500)
			log_error("request %s %s failed: %s", req->request_id,
				  route->pattern, ga_result_name(rc));
		api_reply_error(&c, rc);
	}
	if (c.db)
		db_pool_put(config.pool, c.db);
	json_decref(c.body);
	for (int i = 0; i < c.nowned; i++)
		free(c.owned[i]);
}
