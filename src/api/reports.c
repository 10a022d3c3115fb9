/*
 * Mandatory reports (强制报告, issue 6):
 * POST /api/v1/reports                      make a report (report.create):
 *      child_id or child {name|description, sex, birth_date, region},
 *      situation, discovered_at, place, narrative, urgency, visit_id?,
 *      client_uuid?; 201 {id, case_id, status}
 * GET  /api/v1/reports                      own organisation's reports, or
 *      the county's for the case team (?before, ?limit) (report.read)
 * GET  /api/v1/reports/{id}                 one report as the caller may
 *      see it; the case team's read of the narrative is audited
 * POST /api/v1/reports/{id}/feedback        police: feedback given to the
 *      reporting unit (case.write)
 * POST /api/v1/reports/{id}/attachments     an image or PDF, raw body
 *      (report.create; the author, within 24 h)
 * GET  /api/v1/reports/{id}/attachments     the list (case team)
 * GET  /api/v1/reports/{id}/attachments/{att} the file (case team,
 *      audited)
 */
#include "api/api.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/client_uuid.h"
#include "api/handlers.h"
#include "api/report_json.h"
#include "service/report_service.h"
#include "util/strutil.h"
#include "util/banned.h"

#define TEXT(s, n, size)                                                       \
	{                                                                      \
		.name = #n, .type = AF_STRING, .max = size,                    \
		.offset = offsetof(struct s, n)                                \
	}
#define ID(s, n)                                                               \
	{                                                                      \
		.name = #n, .type = AF_INT, .min = 1, .max_int = INT64_MAX,    \
		.offset = offsetof(struct s, n)                                \
	}

/* sizes here are generous; the service gives the precise 413/400 */
static const struct api_field report_fields[] = {
    ID(report_input, child_id),
    TEXT(report_input, situation, 64),
    TEXT(report_input, discovered_at, 40),
    TEXT(report_input, place, 4096),
    TEXT(report_input, narrative, 65536),
    TEXT(report_input, urgency, 16),
    ID(report_input, visit_id),
    {0}};
static const struct api_field child_fields[] = {
    TEXT(report_child_input, name, 256),
    TEXT(report_child_input, description, 4096),
    TEXT(report_child_input, sex, 16),
    TEXT(report_child_input, birth_date, 16),
    TEXT(report_child_input, region, 16),
    {0}};

int api_report_body(struct api_ctx *c, struct report_input *in,
		    struct report_child_input *child)
{
	json_t *body = c->body, *kid = json_object_get(body, "child");
	json_t *rest;
	int rc;

	memset(in, 0, sizeof(*in));
	memset(child, 0, sizeof(*child));
	if (!json_is_object(body))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_type", "",
				    "请求体应为 JSON 对象 (the body must be a "
				    "JSON object)");
	if (kid && !json_is_null(kid) && !json_is_object(kid))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_type", "child",
				    "child 应为对象（child must be an "
				    "object）");
	/* the flat fields first, the child object on its own */
	rest = json_copy(body);
	json_object_del(rest, "child");
	rc = api_bind_fields(rest, report_fields, in, c->owned, &c->nowned, 8,
			     &c->err);
	json_decref(rest);
	if (!rc && kid && json_is_object(kid)) {
		rc = api_bind_fields(kid, child_fields, child, c->owned,
				     &c->nowned, 8, &c->err);
		if (rc == GA_EINVAL && c->err.field[0]) {
			char f[GA_ERROR_FIELD_MAX - 6];

			str_copy(f, sizeof(f), c->err.field);
			snprintf(c->err.field, sizeof(c->err.field), "child.%s",
				 f);
		}
		in->child = child;
	}
	return rc;
}

static json_t *created_json(const struct report_row *r, const char *status)
{
	return json_pack("{s:I, s:I, s:I, s:s}", "id", (json_int_t)r->id,
			 "case_id", (json_int_t)r->case_id, "child_id",
			 (json_int_t)r->child_id, "status", status);
}

static int replay_report(struct api_ctx *c, struct db *db, int64_t id,
			 void *ctx)
{
	static __thread struct report_view v;
	int rc = report_get(db, &c->who, &c->meta, id, &v, &c->err);

	(void)ctx;
	if (!rc)
		api_reply(c, 200,
			  created_json(&v.row, report_status_name(v.status)));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int create_fn(struct api_ctx *c)
{
	static __thread struct report_row out;
	struct report_child_input child;
	struct report_input in;
	struct idem_key key;
	bool replied = false;
	struct db *db;
	int rc = api_client_uuid(c, "report.create", 0, &key);

	if (!rc)
		rc = api_report_body(c, &in, &child);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc =
		    api_idem_replay(c, db, &key, replay_report, NULL, &replied);
	if (rc || replied)
		return rc;
	in.idem = key.client_uuid ? &key : NULL;
	rc = report_create(db, &c->who, &c->meta, &in, &out, &c->err);
	if (!rc)
		api_reply(c, 201, created_json(&out, "submitted"));
	memset(&out, 0, sizeof(out));
	return rc ? api_idem_race(c, db, &key, rc, replay_report, NULL) : rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct report_view v;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = report_get(db, &c->who, &c->meta, id, &v, &c->err);
	if (!rc) {
		api_reply(c, 200, report_view_json(&v));
		http_set_header(c->resp, "Cache-Control", "no-store");
	}
	memset(&v, 0, sizeof(v));
	return rc;
}

struct list_ctx {
	json_t *items;
	int64_t last;
};

static int add_report(const struct report_view *v, void *p)
{
	struct list_ctx *l = p;

	json_array_append_new(l->items, report_view_json(v));
	l->last = v->row.id;
	return GA_OK;
}

static int int_query(struct api_ctx *c, const char *name, int64_t *out)
{
	const char *v = http_query(c->req, name);

	*out = 0;
	if (v && parse_int64(v, 1, INT64_MAX, out))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_filter", name,
				    "%s 应为正整数 (%s must be a positive "
				    "integer)",
				    name, name);
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	struct list_ctx l = {NULL, 0};
	int64_t before = 0, limit = 0;
	struct db *db;
	int rc = int_query(c, "before", &before);

	if (!rc)
		rc = int_query(c, "limit", &limit);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	if (limit <= 0 || limit > REPORT_PAGE_MAX)
		limit = REPORT_PAGE_MAX;
	l.items = json_array();
	rc = report_list(db, &c->who, before, (int)limit, add_report, &l,
			 &c->err);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:O, s:o}", "items", l.items, "next",
				    json_array_size(l.items) == (size_t)limit
					? json_integer(l.last)
					: json_null()));
	json_decref(l.items);
	return rc;
}

static int feedback_fn(struct api_ctx *c)
{
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = report_feedback(db, &c->who, &c->meta, id, &c->err);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:I, s:b}", "id", (json_int_t)id,
				    "feedback", 1));
	return rc;
}

static json_t *att_json(const struct report_attachment_row *a)
{
	return json_pack("{s:I, s:s, s:I, s:s}", "id", (json_int_t)a->id,
			 "mime", a->mime, "size", (json_int_t)a->size,
			 "created_at", a->created_at);
}

static int attach_fn(struct api_ctx *c)
{
	struct report_attachment_row a;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = report_attach(db, &c->who, &c->meta, id, c->req->body,
				   c->req->body_len, &a, &c->err);
	if (!rc)
		api_reply(c, 201, att_json(&a));
	return rc;
}

static int add_att(const struct report_attachment_row *a, void *items)
{
	json_array_append_new(items, att_json(a));
	return GA_OK;
}

static int attachments_fn(struct api_ctx *c)
{
	struct db *db;
	json_t *items;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = report_attachments(db, &c->who, id, add_att, items, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static int attachment_get_fn(struct api_ctx *c)
{
	const char *mime = NULL;
	struct buf bytes;
	int64_t id, att;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_param_id(c, "att", &att);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	buf_init(&bytes, REPORT_ATTACH_MAX + 1);
	rc = report_attachment_read(db, &c->who, &c->meta, id, att, &bytes,
				    &mime, &c->err);
	if (!rc) {
		api_reply_raw(c, 200, mime ? mime : "application/octet-stream",
			      bytes.ptr, bytes.len);
		http_set_header(c->resp, "Cache-Control", "no-store");
	}
	buf_wipe(&bytes);
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"before", "limit", NULL};

const struct api_handler api_reports_create = {
    .fn = create_fn, .action = ACT_REPORT_CREATE, .query = no_query};
const struct api_handler api_reports_list = {
    .fn = list_fn, .action = ACT_REPORT_READ, .query = list_query};
const struct api_handler api_reports_get = {
    .fn = get_fn, .action = ACT_REPORT_READ, .query = no_query};
const struct api_handler api_reports_feedback = {
    .fn = feedback_fn, .action = ACT_CASE_WRITE, .query = no_query};
const struct api_handler api_reports_attach = {
    .fn = attach_fn, .action = ACT_REPORT_CREATE, .query = no_query};
const struct api_handler api_reports_attachments = {
    .fn = attachments_fn, .action = ACT_REPORT_READ, .query = no_query};
const struct api_handler api_reports_attachment_get = {
    .fn = attachment_get_fn, .action = ACT_REPORT_READ, .query = no_query};
