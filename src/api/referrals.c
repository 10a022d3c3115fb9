/*
 * Referrals between departments (服务转介, issue 6):
 * POST /api/v1/referrals                refer a child (referral.create)
 * GET  /api/v1/referrals?inbox=1|…      the inbox, or a child's, a case's,
 *                                       a source's referrals (referral.read)
 * GET  /api/v1/referrals/types          departments, types, default days
 * GET  /api/v1/referrals/board          counts by department and status
 * GET  /api/v1/referrals/{id}           one referral
 * POST /api/v1/referrals/{id}/answer    accepted | done | declined
 * Who reads what is the service's rule (service/referral_service.h).
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "domain/referral.h"
#include "service/child_service.h"
#include "service/referral_service.h"
#include "util/strutil.h"
#include "util/banned.h"

static json_t *opt_id(int64_t v)
{
	return v ? json_integer(v) : json_null();
}

static json_t *referral_json(const struct referral_view *v)
{
	const struct referral_row *r = &v->row;
	const struct referral_type *t = referral_type_of(r->to_dept, r->type);
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, "
	    "s:I, s:s, s:I, s:s}",
	    "id", (json_int_t)r->id, "child_id", (json_int_t)r->child_id,
	    "child_name", v->child_name, "region", r->region, "source",
	    r->source, "to", r->to_dept, "type", r->type, "type_zh",
	    t ? t->zh : "", "note", r->note, "due_date", r->due_date, "overdue",
	    v->overdue, "status", r->status, "outcome", r->outcome,
	    "created_by", (json_int_t)r->created_by, "created_at",
	    r->created_at, "answered_by", (json_int_t)r->answered_by,
	    "answered_at", r->answered_at);

	if (!o)
		return NULL;
	json_object_set_new(o, "reason", json_string(r->reason));
	json_object_set_new(o, "case_id", opt_id(r->case_id));
	json_object_set_new(o, "source_id", opt_id(r->source_id));
	json_object_set_new(o, "version", json_integer(r->version));
	return o;
}

/* ---- create ---- */

static int create_fn(struct api_ctx *c)
{
	const struct referral_input *in = c->input;
	int64_t id = 0;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = referral_service_create(db, &c->who, &c->meta, in, &id,
					     &c->err);
	if (!rc)
		api_reply(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
	return rc;
}

/* ---- list ---- */

static int bad(struct api_ctx *c, const char *field)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_filter", field,
			    "筛选条件 %s 无效 (invalid filter %s)", field,
			    field);
}

static int flag(struct api_ctx *c, const char *name, bool *out)
{
	const char *s = http_query(c->req, name);

	if (!s)
		return GA_OK;
	if (strcmp(s, "1") && strcmp(s, "0"))
		return bad(c, name);
	*out = !strcmp(s, "1");
	return GA_OK;
}

static int number(struct api_ctx *c, const char *name, int64_t min, int64_t max,
		  int64_t *out)
{
	const char *s = http_query(c->req, name);

	if (s && parse_int64(s, min, max, out))
		return bad(c, name);
	return GA_OK;
}

struct list_ctx {
	json_t *items;
	int64_t last;
	int n;
};

static int add_one(const struct referral_view *v, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, referral_json(v));
	l->last = v->row.id;
	l->n++;
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	struct referral_query q = {.limit = 50};
	struct list_ctx l = {NULL, 0, 0};
	int64_t limit = 50;
	json_t *out;
	struct db *db;
	int rc = flag(c, "inbox", &q.inbox);

	if (!rc)
		rc = flag(c, "overdue", &q.overdue);
	if (!rc)
		rc = number(c, "child_id", 1, INT64_MAX, &q.child_id);
	if (!rc)
		rc = number(c, "case_id", 1, INT64_MAX, &q.case_id);
	if (!rc)
		rc = number(c, "source_id", 1, INT64_MAX, &q.source_id);
	if (!rc)
		rc = number(c, "before", 1, INT64_MAX, &q.before_id);
	if (!rc)
		rc = number(c, "limit", 1, REFERRAL_PAGE_MAX, &limit);
	q.limit = (int)limit;
	q.status = http_query(c->req, "status");
	q.source = http_query(c->req, "source");
	if (!rc && q.source && !referral_source_ok(q.source))
		rc = bad(c, "source");
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = referral_service_list(db, &c->who, &q, children_today(), add_one,
				   &l, &c->err);
	if (!rc) {
		out = json_pack("{s:O}", "items", l.items);
		json_object_set_new(out, "next",
				    l.n == q.limit ? json_integer(l.last)
						   : json_null());
		api_reply(c, 200, out);
	}
	json_decref(l.items);
	return rc;
}

/* ---- one, and the answer ---- */

static int get_fn(struct api_ctx *c)
{
	static __thread struct referral_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = referral_service_get(db, &c->who, id, children_today(), &v,
					  &c->err);
	if (!rc)
		api_reply(c, 200, referral_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

struct answer_input {
	const char *answer;
	const char *outcome;
	const char *reason;
	int64_t version;
};

static int answer_fn(struct api_ctx *c)
{
	static __thread struct referral_view v;
	const struct answer_input *in = c->input;
	const char *text = in->outcome ? in->outcome : in->reason;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc && in->outcome && in->reason)
		rc = ga_error_set(&c->err, GA_EINVAL, "conflict", "reason",
				  "办结结果与退回原因只能填一项 (give either "
				  "outcome or reason)");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = referral_service_answer(db, &c->who, &c->meta, id,
					     in->answer, text, in->version,
					     children_today(), &v, &c->err);
	if (!rc)
		api_reply(c, 200, referral_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

/* ---- reference and board ---- */

static int types_fn(struct api_ctx *c)
{
	json_t *items = json_array();

	for (int i = 0; referral_types[i].dept; i++)
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:i, s:s}", "to",
						referral_types[i].dept, "type",
						referral_types[i].type, "days",
						referral_types[i].days, "zh",
						referral_types[i].zh));
	api_reply(c, 200, json_pack("{s:o}", "items", items));
	return GA_OK;
}

static int board_row(const char *dept, const char *status, int64_t count,
		     int64_t overdue, void *data)
{
	json_t *depts = data, *d = json_object_get(depts, dept);

	if (!d) {
		d = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I}", "to", dept,
			      "sent", (json_int_t)0, "accepted", (json_int_t)0,
			      "done", (json_int_t)0, "declined", (json_int_t)0,
			      "overdue", (json_int_t)0);
		json_object_set_new(depts, dept, d);
	}
	json_object_set_new(d, status, json_integer(count));
	json_object_set_new(
	    d, "overdue",
	    json_integer(json_integer_value(json_object_get(d, "overdue")) +
			 overdue));
	return GA_OK;
}

static int board_fn(struct api_ctx *c)
{
	struct date today = children_today();
	json_t *depts = json_object(), *items = json_array(), *v;
	const char *key;
	int64_t overdue = 0;
	char day[11];
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = referral_service_board(db, &c->who, today, board_row,
					    depts);
	json_object_foreach(depts, key, v)
	{
		overdue += json_integer_value(json_object_get(v, "overdue"));
		json_array_append(items, v);
	}
	date_format(today, day);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:s, s:s, s:O, s:I}", "today", day,
				    "scope", c->who.account.scope, "items",
				    items, "overdue", (json_int_t)overdue));
	json_decref(items);
	json_decref(depts);
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {
    "inbox",  "status",	   "overdue", "child_id", "case_id",
    "source", "source_id", "before",  "limit",	  NULL};

static const struct api_field create_fields[] = {
    {.name = "child_id",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct referral_input, child_id)},
    {.name = "case_id",
     .type = AF_INT,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct referral_input, case_id)},
    {.name = "to",
     .type = AF_STRING,
     .required = true,
     .max = 16,
     .offset = offsetof(struct referral_input, to)},
    {.name = "type",
     .type = AF_STRING,
     .required = true,
     .max = 32,
     .offset = offsetof(struct referral_input, type)},
    {.name = "due_date",
     .type = AF_STRING,
     .max = 10,
     .offset = offsetof(struct referral_input, due_date)},
    {.name = "note",
     .type = AF_STRING,
     .required = true,
     .max = REFERRAL_NOTE_MAX,
     .offset = offsetof(struct referral_input, note)},
    {.name = "source",
     .type = AF_STRING,
     .max = 12,
     .offset = offsetof(struct referral_input, source)},
    {.name = "source_id",
     .type = AF_INT,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct referral_input, source_id)},
    {0},
};

static const struct api_field answer_fields[] = {
    {.name = "answer",
     .type = AF_STRING,
     .required = true,
     .max = 16,
     .offset = offsetof(struct answer_input, answer)},
    {.name = "outcome",
     .type = AF_STRING,
     .max = REFERRAL_OUTCOME_MAX,
     .offset = offsetof(struct answer_input, outcome)},
    {.name = "reason",
     .type = AF_STRING,
     .max = REFERRAL_REASON_MAX,
     .offset = offsetof(struct answer_input, reason)},
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct answer_input, version)},
    {0},
};

const struct api_handler api_referrals_create = {
    .fn = create_fn,
    .action = ACT_REFERRAL_CREATE,
    .query = no_query,
    .fields = create_fields,
    .input_size = sizeof(struct referral_input)};
const struct api_handler api_referrals_list = {
    .fn = list_fn, .action = ACT_REFERRAL_READ, .query = list_query};
const struct api_handler api_referrals_types = {
    .fn = types_fn, .action = ACT_REFERRAL_READ, .query = no_query};
const struct api_handler api_referrals_board = {
    .fn = board_fn, .action = ACT_REFERRAL_BOARD, .query = no_query};
const struct api_handler api_referrals_get = {
    .fn = get_fn, .action = ACT_REFERRAL_READ, .query = no_query};
const struct api_handler api_referrals_answer = {
    .fn = answer_fn,
    .action = ACT_REFERRAL_ANSWER,
    .query = no_query,
    .fields = answer_fields,
    .input_size = sizeof(struct answer_input)};
