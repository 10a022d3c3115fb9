/*
 * The parents' own reports (外出务工父母报备):
 * POST /api/v1/villages/{code}/parent-reports   public: a parent's report
 * GET  /api/v1/villages/{code}/report-qr.svg    public: the form's QR code
 * GET  /api/v1/parent-reports?status=…          the inbox (child.read)
 * POST /api/v1/parent-reports/{id}/confirm      apply to a dossier
 * POST /api/v1/parent-reports/{id}/reject       refuse (child.write)
 *
 * The QR code holds the absolute URL of the web page /report/{code}, made
 * from the request's Host header (and https when the request came over
 * TLS or says X-Forwarded-Proto: https): printed from the address the
 * director uses, it points parents at that same address.
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "service/parent_report_service.h"
#include "util/strutil.h"
#include "util/banned.h"

/* "138****8000": a reader without child.unmask sees the ends only */
static json_t *phone_json(const char *p, bool unmasked)
{
	char out[32];
	size_t n = strlen(p);

	if (unmasked || n < 7)
		return json_string(unmasked ? p : "");
	snprintf(out, sizeof(out), "%.3s****%s", p, p + n - 4);
	return json_string(out);
}

static json_t *report_json(const struct parent_report_row *r, bool unmasked)
{
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s, "
	    "s:I, s:s, s:s}",
	    "id", (json_int_t)r->id, "region", r->region, "status", r->status,
	    "relation", r->relation, "child_name", r->child_name, "parent_name",
	    r->parent_name, "phone", phone_json(r->phone, unmasked),
	    "work_place", r->work_place, "carer_name", r->carer_name,
	    "carer_relation", r->carer_relation, "carer_phone",
	    phone_json(r->carer_phone, unmasked), "note", r->note, "created_at",
	    r->created_at, "handled_by", (json_int_t)r->handled_by,
	    "handled_at", r->handled_at, "reason", r->reason);

	if (o)
		json_object_set_new(o, "child_id",
				    r->child_id ? json_integer(r->child_id)
						: json_null());
	return o;
}

static bool unmasked_for(const struct api_ctx *c)
{
	return role_may(c->who.account.role, ACT_CHILD_UNMASK);
}

/* ---- public ---- */

static int submit_fn(struct api_ctx *c)
{
	const struct parent_report_input *in = c->input;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = parent_reports_submit(db, http_param(c->req, "code"), in,
					   &c->meta, &c->err);
	/* the same answer whether or not the child is known */
	if (!rc)
		api_reply(c, 202, json_pack("{s:b}", "received", 1));
	return rc;
}

/* letters, digits and . - : [ ] only: a host name, an address, a port */
static bool host_ok(const char *h)
{
	size_t n = h ? strlen(h) : 0;

	if (!n || n > 255)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = h[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || strchr(".-:[]", ch)))
			return false;
	}
	return true;
}

static int qr_fn(struct api_ctx *c)
{
	const char *host = http_header(c->req, "Host");
	const char *proto = http_header(c->req, "X-Forwarded-Proto");
	bool https = c->req->tls || (proto && !strcmp(proto, "https"));
	char url[400];
	struct buf svg;
	struct db *db;
	int rc = GA_OK;

	buf_init(&svg, 256 * 1024);
	if (!host_ok(host))
		rc = ga_error_set(&c->err, GA_EINVAL, "invalid_host", "",
				  "请求缺少有效的 Host (missing or invalid "
				  "Host header)");
	if (!rc)
		rc = api_db(c, &db);
	snprintf(url, sizeof(url), "%s://%s/report/%s",
		 https ? "https" : "http", host ? host : "",
		 http_param(c->req, "code"));
	if (!rc)
		rc = parent_reports_qr(db, http_param(c->req, "code"), url,
				       &svg, &c->err);
	if (!rc)
		api_reply_raw(c, 200, "image/svg+xml", svg.ptr, svg.len);
	buf_release(&svg);
	return rc;
}

/* ---- the inbox ---- */

struct list_ctx {
	json_t *items;
	bool unmasked;
};

static int add_report(const struct parent_report_row *r, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, report_json(r, l->unmasked));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	const char *status = http_query(c->req, "status");
	struct list_ctx l = {NULL, unmasked_for(c)};
	struct db *db;
	int rc = GA_OK;

	if (status && strcmp(status, "pending") &&
	    strcmp(status, "confirmed") && strcmp(status, "rejected"))
		rc =
		    ga_error_set(&c->err, GA_EINVAL, "invalid_filter", "status",
				 "报备状态应为 pending、confirmed 或 rejected "
				 "(status must be pending, confirmed or "
				 "rejected)");
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = parent_reports_list(db, &c->who, status, add_report, &l);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", l.items));
	json_decref(l.items);
	return rc;
}

struct confirm_input {
	int64_t child_id;
};

static int confirm_fn(struct api_ctx *c)
{
	static __thread struct parent_report_row r;
	const struct confirm_input *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = parent_reports_confirm(db, &c->who, &c->meta, id,
					    in->child_id, &r, &c->err);
	if (!rc)
		api_reply(c, 200, report_json(&r, unmasked_for(c)));
	memset(&r, 0, sizeof(r));
	return rc;
}

struct reject_input {
	const char *reason;
};

static int reject_fn(struct api_ctx *c)
{
	static __thread struct parent_report_row r;
	const struct reject_input *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = parent_reports_reject(db, &c->who, &c->meta, id,
					   in->reason, &r, &c->err);
	if (!rc)
		api_reply(c, 200, report_json(&r, unmasked_for(c)));
	memset(&r, 0, sizeof(r));
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"status", NULL};

#define TEXT(n, req, size)                                                     \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct parent_report_input, n)              \
	}

static const struct api_field submit_fields[] = {
    TEXT(child_name, true, PARENT_REPORT_NAME_MAX),
    TEXT(parent_name, true, PARENT_REPORT_NAME_MAX),
    TEXT(relation, true, 8),
    TEXT(phone, true, PARENT_REPORT_PHONE_MAX),
    TEXT(work_place, true, PARENT_REPORT_PLACE_MAX),
    TEXT(carer_name, true, PARENT_REPORT_NAME_MAX),
    TEXT(carer_relation, true, PARENT_REPORT_SHORT_MAX),
    TEXT(carer_phone, false, PARENT_REPORT_PHONE_MAX),
    TEXT(note, false, PARENT_REPORT_NOTE_MAX),
    {0},
};

static const struct api_field confirm_fields[] = {
    {.name = "child_id",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct confirm_input, child_id)},
    {0},
};

static const struct api_field reject_fields[] = {
    {.name = "reason",
     .type = AF_STRING,
     .max = PARENT_REPORT_REASON_MAX,
     .offset = offsetof(struct reject_input, reason)},
    {0},
};

const struct api_handler api_parent_report_submit = {
    .fn = submit_fn,
    .query = no_query,
    .fields = submit_fields,
    .input_size = sizeof(struct parent_report_input)};
const struct api_handler api_parent_report_qr = {.fn = qr_fn,
						 .query = no_query};
const struct api_handler api_parent_reports_list = {
    .fn = list_fn, .action = ACT_CHILD_READ, .query = list_query};
const struct api_handler api_parent_report_confirm = {
    .fn = confirm_fn,
    .action = ACT_CHILD_WRITE,
    .query = no_query,
    .fields = confirm_fields,
    .input_size = sizeof(struct confirm_input)};
const struct api_handler api_parent_report_reject = {
    .fn = reject_fn,
    .action = ACT_CHILD_WRITE,
    .query = no_query,
    .fields = reject_fields,
    .input_size = sizeof(struct reject_input)};
