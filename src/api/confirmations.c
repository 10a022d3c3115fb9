/*
 * Entrusted-guardianship confirmations (委托监护确认书):
 * POST  /api/v1/children/{id}/confirmations   record one (visit.write), 201
 * GET   /api/v1/children/{id}/confirmations   the child's, with whether it
 *       needs one and its state (child.read)
 * GET   /api/v1/confirmations/{id}            one (child.read)
 * PATCH /api/v1/confirmations/{id}            correct a pending one with
 *       the version read (visit.write): the whole form again
 * GET   /api/v1/confirmations/{id}/form.pdf   the filled form to print and
 *       sign (visit.write: it is printed to be signed, so it carries the
 *       full ID number and phones for a reader with child.unmask, and is
 *       audited as "confirmation.print")
 * POST  /api/v1/confirmations/{id}/scan       the signed scan, raw body
 *       (visit.write); the confirmation becomes signed
 * GET   /api/v1/confirmations/{id}/scan       the scan (visit.photo),
 *       no-store, audited
 *
 * Readers see ID numbers and phones masked unless ?unmask=1 (child.unmask),
 * which is audited as "confirmation.unmask", like the dossier.
 *
 * The form's fitness checks are one required boolean each
 * ("check_<id>", domain/confirmation.h), so an unanswered one is a
 * missing field; promises are a list of ids.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/confirmation_json.h"
#include "api/client_uuid.h"
#include "api/handlers.h"
#include "domain/idcard.h"
#include "io/pdf_confirmation.h"
#include "service/child_service.h"
#include "util/clock.h"
#include "util/banned.h"

#define PDF_BYTES_MAX ((size_t)4 << 20)

struct conf_body {
	const char *period_start, *period_end;
	const char *father_name, *father_phone, *mother_name, *mother_phone;
	const char *guardian_name, *guardian_id_number, *guardian_birth_date;
	const char *guardian_phone, *guardian_relation, *guardian_address;
	bool check[CONF_CHECK_COUNT];
	const char **promises;
	size_t npromises;
	int64_t version;
	const char *client_uuid; /* bound only; see api_client_uuid */
};

static int input_of(struct api_ctx *c, struct confirmation_input *in)
{
	const struct conf_body *b = c->input;

	memset(in, 0, sizeof(*in));
	in->period_start = b->period_start;
	in->period_end = b->period_end;
	in->father_name = b->father_name;
	in->father_phone = b->father_phone;
	in->mother_name = b->mother_name;
	in->mother_phone = b->mother_phone;
	in->guardian_name = b->guardian_name;
	in->guardian_id_number = b->guardian_id_number;
	in->guardian_birth_date = b->guardian_birth_date;
	in->guardian_phone = b->guardian_phone;
	in->guardian_relation = b->guardian_relation;
	in->guardian_address = b->guardian_address;
	in->version = b->version;
	for (int i = 0; i < CONF_CHECK_COUNT; i++)
		in->checks[i] = b->check[i] ? ANSWER_YES : ANSWER_NO;
	for (size_t i = 0; i < b->npromises; i++) {
		const char *p = b->promises[i];
		int k = confirmation_promise_from(p, strlen(p));

		if (k < 0 || in->promises[k])
			return ga_error_set(&c->err, GA_EINVAL,
					    "invalid_promise", "promises",
					    "承诺项无效或重复 (unknown or "
					    "repeated promise)");
		in->promises[k] = true;
	}
	return GA_OK;
}

static int unmask_param(struct api_ctx *c, bool *full)
{
	const char *unmask = http_query(c->req, "unmask");

	*full = false;
	if (!unmask)
		return GA_OK;
	if (strcmp(unmask, "1") && strcmp(unmask, "0"))
		return ga_error_set(
		    &c->err, GA_EINVAL, "invalid_value", "unmask",
		    "unmask 应为 0 或 1 (unmask must be 0 or 1)");
	*full = !strcmp(unmask, "1");
	if (*full && !role_may(c->who.account.role, ACT_CHILD_UNMASK))
		return ga_error_set(&c->err, GA_EFORBIDDEN, "forbidden",
				    "unmask",
				    "无权查看完整身份信息 (you may not see "
				    "full identity numbers)");
	return GA_OK;
}

static int audit_unmask(struct api_ctx *c, struct db *db, const char *type,
			int64_t id)
{
	char idt[24];

	snprintf(idt, sizeof(idt), "%lld", (long long)id);
	return auth_audit(db, &c->who, &c->meta, "confirmation.unmask", type,
			  idt, "ok");
}

static void reply_one(struct api_ctx *c, int status,
		      const struct confirmation *cf, bool full)
{
	api_reply(c, status, confirmation_to_json(cf, full));
}

/* ---- handlers ---- */

/* a form sent again: answer with the confirmation stored the first time */
static int replay_confirmation(struct api_ctx *c, struct db *db, int64_t id,
			       void *ctx)
{
	static __thread struct confirmation out;
	int rc =
	    confirmations_get(db, &c->who, id, children_today(), &out, &c->err);

	(void)ctx;
	if (!rc)
		reply_one(c, 200, &out, false);
	memset(&out, 0, sizeof(out));
	return rc;
}

static int create_fn(struct api_ctx *c)
{
	static __thread struct confirmation out;
	struct confirmation_input in;
	struct idem_key key;
	bool replied = false;
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = input_of(c, &in);
	/* an offline phone sends the same form again until it hears */
	if (!rc)
		rc = api_client_uuid(c, "confirmation.create", child_id, &key);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = api_idem_replay(c, db, &key, replay_confirmation, NULL,
				     &replied);
	if (rc || replied)
		return rc;
	in.idem = key.client_uuid ? &key : NULL;
	rc = confirmations_create(db, &c->who, &c->meta, child_id, &in,
				  children_today(), &out, &c->err);
	if (!rc)
		reply_one(c, 201, &out, false);
	memset(&out, 0, sizeof(out));
	return rc ? api_idem_race(c, db, &key, rc, replay_confirmation, NULL)
		  : rc;
}

struct list_ctx {
	json_t *items;
	bool full;
};

static int add_item(const struct confirmation *cf, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, confirmation_to_json(cf, l->full));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	struct confirmation_standing st;
	struct list_ctx l = {NULL, false};
	char due[11] = "";
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = unmask_param(c, &l.full);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = confirmations_list(db, &c->who, child_id, children_today(), &st,
				add_item, &l, &c->err);
	if (!rc && l.full)
		rc = audit_unmask(c, db, "child", child_id);
	if (!rc) {
		if (date_is_set(st.due))
			date_format(st.due, due);
		api_reply(c, 200,
			  json_pack("{s:b, s:s, s:o, s:O}", "required",
				    st.required, "state",
				    confirmation_state_id(st.state), "due_date",
				    due[0] ? json_string(due) : json_null(),
				    "items", l.items));
	}
	json_decref(l.items);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct confirmation out;
	bool full = false;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = unmask_param(c, &full);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = confirmations_get(db, &c->who, id, children_today(), &out,
				       &c->err);
	if (!rc && full)
		rc = audit_unmask(c, db, "guardianship_confirmation", id);
	if (!rc)
		reply_one(c, 200, &out, full);
	memset(&out, 0, sizeof(out));
	return rc;
}

static int patch_fn(struct api_ctx *c)
{
	static __thread struct confirmation out;
	struct confirmation_input in;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = input_of(c, &in);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = confirmations_update(db, &c->who, &c->meta, id, &in,
					  children_today(), &out, &c->err);
	if (!rc)
		reply_one(c, 200, &out, false);
	memset(&out, 0, sizeof(out));
	return rc;
}

/* now in Beijing (UTC+8, no daylight saving): "YYYY-MM-DD HH:MM" */
static void beijing_now(char out[24])
{
	time_t t = clock_now() + 8 * 3600;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 24, "%Y-%m-%d %H:%M", &tm))
		out[0] = '\0';
}

/* a reader without child.unmask gets the form with masked numbers */
static void mask_parties(struct confirmation_parties *p)
{
	char *phones[] = {p->father_phone, p->mother_phone, p->guardian_phone};
	char id[19];

	for (size_t i = 0; i < sizeof(phones) / sizeof(*phones); i++) {
		size_t n = strlen(phones[i]);

		for (size_t k = 3; n >= 7 && k < n - 4; k++)
			phones[i][k] = '*';
	}
	if (p->guardian_id_number[0]) {
		idcard_mask(p->guardian_id_number, id);
		memcpy(p->guardian_id_number, id, sizeof(id));
	}
	p->guardian_birth_date[0] = '\0';
}

static void fill_doc(struct confirmation *cf, const struct child_view *v,
		     bool full, struct pdf_confirmation_doc *d)
{
	struct confirmation_parties *p = &cf->parties;

	memset(d, 0, sizeof(*d));
	if (!full)
		mask_parties(p);
	d->id = cf->row.id;
	d->child_name = v->rec.name;
	d->child_birth_date = v->rec.birth_date;
	d->child_address = v->rec.address;
	d->father_name = p->father_name;
	d->father_phone = p->father_phone;
	d->mother_name = p->mother_name;
	d->mother_phone = p->mother_phone;
	d->guardian_name = p->guardian_name;
	d->guardian_id_number = p->guardian_id_number;
	d->guardian_birth_date = p->guardian_birth_date;
	d->guardian_phone = p->guardian_phone;
	d->guardian_relation = p->guardian_relation;
	d->guardian_address = p->guardian_address;
	d->period_start = cf->row.period_start;
	d->period_end = cf->row.period_end;
	memcpy(d->checks, cf->facts.checks, sizeof(d->checks));
	memcpy(d->promises, cf->facts.promises, sizeof(d->promises));
}

static int form_fn(struct api_ctx *c)
{
	static __thread struct confirmation cf;
	static __thread struct child_view v;
	const struct account *a = &c->who.account;
	struct date today = children_today();
	struct pdf_confirmation_doc d;
	char idt[24], at[24], disp[80];
	bool full;
	struct buf pdf;
	struct db *db;
	int64_t id;
	int rc;

	buf_init(&pdf, PDF_BYTES_MAX);
	rc = api_param_id(c, "id", &id);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = confirmations_get(db, &c->who, id, today, &cf, &c->err);
	if (!rc)
		rc = children_get(db, &c->who, cf.row.child_id, today, &v,
				  &c->err);
	if (rc)
		goto out;
	full = role_may(a->role, ACT_CHILD_UNMASK);
	fill_doc(&cf, &v, full, &d);
	beijing_now(at);
	rc =
	    pdf_confirmation(&d, api_pdf_font(),
			     a->display_name[0] ? a->display_name : a->username,
			     at, &pdf, &c->err);
	snprintf(idt, sizeof(idt), "%lld", (long long)id);
	/* no entry, no PDF */
	if (!rc)
		rc = auth_audit(db, &c->who, &c->meta, "confirmation.print",
				"guardianship_confirmation", idt,
				full ? "ok:unmasked" : "ok");
	if (rc)
		goto out;
	buf_release(&c->resp->body);
	c->resp->body = pdf;
	buf_init(&pdf, 0);
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	snprintf(disp, sizeof(disp),
		 "inline; filename=\"confirmation-%lld.pdf\"", (long long)id);
	http_set_header(c->resp, "Content-Disposition", disp);
	http_set_header(c->resp, "Cache-Control", "no-store");
out:
	memset(&cf, 0, sizeof(cf));
	memset(&v, 0, sizeof(v));
	buf_release(&pdf);
	return rc;
}

/* the declared type: one of the accepted ones, or octet-stream */
static bool type_accepted(const char *ct)
{
	static const char *const ok[] = {"image/jpeg", "image/png",
					 "application/pdf",
					 "application/octet-stream"};
	size_t n;

	if (!ct)
		return true; /* the bytes tell */
	while (*ct == ' ')
		ct++;
	n = strcspn(ct, "; ");
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (strlen(ok[i]) == n && !strncmp(ct, ok[i], n))
			return true;
	return false;
}

static int scan_put_fn(struct api_ctx *c)
{
	static __thread struct confirmation out;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc && !type_accepted(http_header(c->req, "Content-Type")))
		rc = ga_error_set(&c->err, GA_EUNSUPPORTED,
				  "unsupported_media_type", "",
				  "扫描件应为 JPEG、PNG 图片或 PDF 文件 (the "
				  "scan must be a JPEG, PNG or PDF file)");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = confirmations_sign(db, &c->who, &c->meta, id, c->req->body,
					c->req->body_len, children_today(),
					&out, &c->err);
	if (!rc)
		reply_one(c, 200, &out, false);
	memset(&out, 0, sizeof(out));
	return rc;
}

static int scan_get_fn(struct api_ctx *c)
{
	static __thread char mime[32];
	struct buf scan;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	buf_init(&scan, CONFIRMATION_SCAN_MAX + 1);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = confirmations_scan(db, &c->who, &c->meta, id, &scan, mime,
					&c->err);
	if (!rc) {
		buf_release(&c->resp->body);
		c->resp->body = scan;
		buf_init(&scan, 0);
		c->resp->status = 200;
		c->resp->content_type = mime;
		http_set_header(c->resp, "Cache-Control", "no-store");
		http_set_header(c->resp, "Content-Disposition", "inline");
	}
	buf_wipe(&scan);
	return rc;
}

/* ---- declarations ---- */

static bool promise_ok(const char *s, size_t len)
{
	return confirmation_promise_from(s, len) >= 0;
}

#define TEXT(n, req, size)                                                     \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct conf_body, n)                        \
	}
#define CHECK(id, i)                                                           \
	{                                                                      \
		.name = "check_" id, .type = AF_BOOL, .required = true,        \
		.offset = offsetof(struct conf_body, check[i])                 \
	}

#define FORM_FIELDS                                                            \
	TEXT(period_start, true, 10), TEXT(period_end, true, 10),              \
	    TEXT(father_name, false, CONFIRMATION_NAME_MAX),                   \
	    TEXT(father_phone, false, CONFIRMATION_PHONE_MAX),                 \
	    TEXT(mother_name, false, CONFIRMATION_NAME_MAX),                   \
	    TEXT(mother_phone, false, CONFIRMATION_PHONE_MAX),                 \
	    TEXT(guardian_name, true, CONFIRMATION_NAME_MAX),                  \
	    TEXT(guardian_id_number, false, 18),                               \
	    TEXT(guardian_birth_date, false, 10),                              \
	    TEXT(guardian_phone, true, CONFIRMATION_PHONE_MAX),                \
	    TEXT(guardian_relation, true, CONFIRMATION_SHORT_MAX),             \
	    TEXT(guardian_address, false, CONFIRMATION_ADDRESS_MAX),           \
	    CHECK("full_capacity", CHECK_FULL_CAPACITY),                       \
	    CHECK("able_to_care", CHECK_ABLE_TO_CARE),                         \
	    CHECK("child_heard", CHECK_CHILD_HEARD),                           \
	    CHECK("sexual_abuse", CHECK_SEXUAL_ABUSE),                         \
	    CHECK("maltreatment", CHECK_MALTREATMENT),                         \
	    CHECK("abandonment", CHECK_ABANDONMENT),                           \
	    CHECK("trafficking", CHECK_TRAFFICKING),                           \
	    CHECK("violence", CHECK_VIOLENCE), CHECK("drugs", CHECK_DRUGS),    \
	    CHECK("alcohol", CHECK_ALCOHOL),                                   \
	    CHECK("gambling", CHECK_GAMBLING),                                 \
	    CHECK("neglect", CHECK_NEGLECT),                                   \
	    CHECK("other_unfit", CHECK_OTHER_UNFIT),                           \
	{                                                                      \
		.name = "promises", .type = AF_STRING_LIST,                    \
		.max = CONF_PROMISE_COUNT, .item_max = 32,                     \
		.check = promise_ok, .check_code = "invalid_promise",          \
		.check_msg = "承诺项无效 (unknown promise)",                   \
		.offset = offsetof(struct conf_body, promises),                \
		.count_offset = offsetof(struct conf_body, npromises)          \
	}

static const struct api_field create_fields[] = {
    FORM_FIELDS, TEXT(client_uuid, false, 36), {0}};
static const struct api_field patch_fields[] = {
    FORM_FIELDS,
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct conf_body, version)},
    {0},
};

static const char *const no_query[] = {NULL};
static const char *const read_query[] = {"unmask", NULL};

const struct api_handler api_confirmations_create = {
    .fn = create_fn,
    .action = ACT_VISIT_WRITE,
    .query = no_query,
    .fields = create_fields,
    .input_size = sizeof(struct conf_body)};
const struct api_handler api_confirmations_list = {
    .fn = list_fn, .action = ACT_CHILD_READ, .query = read_query};
const struct api_handler api_confirmations_get = {
    .fn = get_fn, .action = ACT_CHILD_READ, .query = read_query};
const struct api_handler api_confirmations_patch = {
    .fn = patch_fn,
    .action = ACT_VISIT_WRITE,
    .query = no_query,
    .fields = patch_fields,
    .input_size = sizeof(struct conf_body)};
const struct api_handler api_confirmations_form = {
    .fn = form_fn, .action = ACT_VISIT_WRITE, .query = no_query};
const struct api_handler api_confirmations_scan_put = {
    .fn = scan_put_fn, .action = ACT_VISIT_WRITE, .query = no_query};
const struct api_handler api_confirmations_scan_get = {
    .fn = scan_get_fn, .action = ACT_VISIT_PHOTO, .query = no_query};
