/*
 * Every API route goes through api_dispatch(): query parameters and body
 * are checked against the route's declaration before its handler runs, and
 * whatever the handler took (a connection, lists) is given back after.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/secret.h"
#include "io/pdf_dossier.h"
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

const char *api_pdf_font(void)
{
	return config.pdf_font ? config.pdf_font : PDF_DOSSIER_FONT_DEFAULT;
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

static bool is_safe_method(const char *m)
{
	return !strcmp(m, "GET") || !strcmp(m, "HEAD");
}

static int deny(struct api_ctx *c, const char *code, const char *outcome,
		const char *msg)
{
	struct db *db;

	if (!api_db(c, &db))
		auth_audit(db, c->who.authenticated ? &c->who : NULL, &c->meta,
			   "access.deny", "route", c->req->route->pattern,
			   outcome);
	return ga_error_set(&c->err, GA_EFORBIDDEN, code, "", "%s", msg);
}

/*
 * Who is asking, and may they: session cookie → principal, CSRF token on
 * every state change, restricted sessions, then the permission matrix.
 * Public routes skip all of it; a route that names no action is refused.
 */
static int authorize(struct api_ctx *c, const struct api_handler *h)
{
	const char *token, *csrf;
	char want[65];
	struct db *db;
	int rc;

	if (c->req->route->flags & ROUTE_PUBLIC)
		return GA_OK;
	if (h->action == ACT_NONE)
		return deny(c, "forbidden", "denied:no_permission_entry",
			    "无权访问 (forbidden)");
	token = http_cookie(c->req, api_cookie_name(c));
	if (!token || !*token)
		return ga_error_set(&c->err, GA_EUNAUTH, "unauthenticated", "",
				    "请先登录 (please log in)");
	rc = api_db(c, &db);
	if (!rc)
		rc = auth_resolve(db, token, &c->who);
	if (rc == GA_EUNAUTH)
		return ga_error_set(&c->err, GA_EUNAUTH, "unauthenticated", "",
				    "登录已过期，请重新登录 (session expired; "
				    "please log in again)");
	if (rc)
		return rc;
	if (!is_safe_method(c->req->method)) {
		csrf = http_header(c->req, "X-CSRF-Token");
		auth_csrf_of(token, want);
		if (!csrf || !secret_equal(csrf, want))
			return deny(
			    c, "csrf_failed", "denied:csrf",
			    "请求缺少有效的 CSRF 令牌，请刷新页面 (missing "
			    "or wrong CSRF token; reload the page)");
	}
	if (c->who.restricted && !h->restricted_ok)
		return deny(c,
			    c->who.account.must_change_password
				? "password_change_required"
				: "totp_enrollment_required",
			    "denied:restricted_session",
			    c->who.account.must_change_password
				? "请先修改初始密码 (change your password "
				  "first)"
				: "请先绑定动态口令 (enrol a second factor "
				  "first)");
	if (!role_may(c->who.account.role, h->action))
		return deny(c, "forbidden", "denied:permission",
			    "无权访问 (forbidden)");
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
	/* ROUTE_RAW_BODY: the handler reads c->req->body as sent */
	if (!(c->req->route->flags & ROUTE_BODY))
		return GA_OK;
	rc = api_decode_json(http_header(c->req, "Content-Type"), c->req->body,
			     c->req->body_len, config.json_depth, &c->body,
			     &c->err);
	if (!rc && h->fields)
		rc = api_bind_fields(
		    c->body, h->fields, c->input, c->owned, &c->nowned,
		    (int)(sizeof(c->owned) / sizeof(c->owned[0])), &c->err);
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
	c.meta.addr = req->remote_addr;
	c.meta.request_id = req->request_id;
	c.meta.user_agent = http_header(req, "User-Agent");
	rc = authorize(&c, h);
	if (!rc)
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
