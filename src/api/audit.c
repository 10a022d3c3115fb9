/*
 * GET /api/v1/audit          the log, newest first, with filters:
 *                            from, to (UTC times or dates), account, action
 *                            (a trailing '.' matches a prefix), object_type,
 *                            object_id, before (paging), limit
 * GET /api/v1/audit/verify   walk the chain now and say whether it is intact
 * The auditor's duty only (audit.read).
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "audit/audit.h"
#include "service/audit_service.h"
#include "util/strutil.h"
#include "util/banned.h"

static json_t *entry_json(const struct audit_entry *e)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
	    (json_int_t)e->seq, "ts", e->ts, "role", e->role, "scope", e->scope,
	    "addr", e->addr, "request_id", e->request_id, "action", e->action,
	    "object_type", e->object_type, "object_id", e->object_id, "outcome",
	    e->outcome, "hash", e->hash);

	json_object_set_new(o, "account_id",
			    e->account_id ? json_integer(e->account_id)
					  : json_null());
	return o;
}

struct list_ctx {
	json_t *items;
	int64_t last;
	int n;
};

static int add_entry(const struct audit_entry *e, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, entry_json(e));
	l->last = e->seq;
	l->n++;
	return GA_OK;
}

static bool ident_ok(const char *s)
{
	size_t n = strlen(s);

	if (n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		      s[i] == '_' || s[i] == '-' || s[i] == '/' ||
		      s[i] == '{' || s[i] == '}'))
			return false;
	return true;
}

static int bad(struct api_ctx *c, const char *field)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_filter", field,
			    "筛选条件 %s 无效 (invalid filter %s)", field,
			    field);
}

static int list_fn(struct api_ctx *c)
{
	struct audit_filter f = {.limit = 100};
	char to_next[11];
	struct list_ctx l = {NULL, 0, 0};
	const char *s;
	int64_t v;
	json_t *out;
	struct db *db;
	int rc;

	f.from = http_query(c->req, "from");
	f.to = http_query(c->req, "to");
	if (f.from && audit_time_filter(f.from))
		return bad(c, "from");
	if (f.to && audit_time_filter(f.to))
		return bad(c, "to");
	/* a day given as "to" includes that whole day */
	if (f.to && strlen(f.to) == 10) {
		audit_day_after(f.to, to_next);
		f.to = to_next;
	}
	if ((s = http_query(c->req, "account")) &&
	    parse_int64(s, 1, INT64_MAX, &f.account_id))
		return bad(c, "account");
	f.action = http_query(c->req, "action");
	f.object_type = http_query(c->req, "object_type");
	f.object_id = http_query(c->req, "object_id");
	if ((f.action && !ident_ok(f.action)) ||
	    (f.object_type && !ident_ok(f.object_type)) ||
	    (f.object_id && !ident_ok(f.object_id)))
		return bad(c, "action");
	if ((s = http_query(c->req, "before")) &&
	    parse_int64(s, 1, INT64_MAX, &f.before_seq))
		return bad(c, "before");
	if ((s = http_query(c->req, "limit"))) {
		if (parse_int64(s, 1, 500, &v))
			return bad(c, "limit");
		f.limit = (int)v;
	}
	rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = audit_query(db, &c->who, &c->meta, &f, add_entry, &l);
	if (!rc) {
		out = json_pack("{s:O}", "items", l.items);
		json_object_set_new(out, "next",
				    l.n == f.limit ? json_integer(l.last)
						   : json_null());
		api_reply(c, 200, out);
	}
	json_decref(l.items);
	return rc;
}

static int verify_fn(struct api_ctx *c)
{
	struct audit_problem p;
	int64_t count = 0;
	struct db *db;
	int rc = api_db(c, &db);

	if (rc)
		return rc;
	rc = audit_check(db, &c->who, &c->meta, &count, &p);
	if (rc == GA_EINVAL) {
		api_reply(c, 200,
			  json_pack("{s:b, s:I, s:{s:I, s:s, s:s}}", "intact",
				    0, "entries", (json_int_t)count, "problem",
				    "seq", (json_int_t)p.seq, "kind", p.kind,
				    "detail", p.detail));
		return GA_OK;
	}
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:b, s:I}", "intact", 1, "entries",
				    (json_int_t)count));
	return rc;
}

static const char *const list_query[] = {"from",   "to",	  "account",
					 "action", "object_type", "object_id",
					 "before", "limit",	  NULL};
static const char *const no_query[] = {NULL};

const struct api_handler api_audit_list = {
    .fn = list_fn, .action = ACT_AUDIT_READ, .query = list_query};
const struct api_handler api_audit_verify = {
    .fn = verify_fn, .action = ACT_AUDIT_READ, .query = no_query};
