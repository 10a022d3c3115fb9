/*
 * Cases (个案, issue 6):
 * GET  /api/v1/cases                       cases within scope, newest first
 *      (?stage=<stage>|all, ?child_id=, ?before=<id> paging) (case.read)
 * POST /api/v1/cases                       open a case from a dossier
 *      (child_id, urgency, note) (case.write), 201
 * GET  /api/v1/cases/{id}                  one case with its timeline and
 *      deadlines; the read is audited (case.read)
 * POST /api/v1/cases/{id}/acknowledge      police: kind accepted | filed |
 *      transferred; protection: no kind (case.write)
 * POST /api/v1/cases/{id}/transitions      to, note, safety?, reason?,
 *      version? (case.write): 409 out of order, 403 wrong role
 * POST /api/v1/cases/{id}/notes            a note on the timeline
 *      (case.write)
 * GET  /api/v1/cases/board                  the county's case board: open
 *      cases per stage, how many have an overdue deadline, and the
 *      overdue deadlines (case.read)
 */
#include "api/api.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "api/case_json.h"
#include "api/handlers.h"
#include "service/case_service.h"
#include "service/child_service.h"
#include "service/deadline_service.h"
#include "service/report_service.h"
#include "domain/report.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static int add_event(const struct case_event_row *e, void *ctx)
{
	json_array_append_new(ctx, case_event_json(e));
	return GA_OK;
}

/* the child's name for the case team (all of whom may read dossiers) */
static void child_name(struct db *db, struct api_ctx *c, int64_t child_id,
		       char *out, size_t size)
{
	static __thread struct child_view v;
	struct ga_error ignored = {0};

	out[0] = '\0';
	if (!children_get(db, &c->who, child_id, children_today(), &v,
			  &ignored))
		str_copy(out, size, v.rec.name);
	memset(&v, 0, sizeof(v));
}

static json_t *time_json(int64_t t)
{
	char text[24];

	if (!t)
		return json_null();
	report_utc_format(t, text);
	return json_string(text);
}

/* the case's deadlines now (service/deadline_service.h) */
static json_t *deadlines_json(struct db *db, const struct case_row *row)
{
	struct deadline d[CASE_DEADLINES_MAX];
	json_t *a = json_array();
	int n = 0;

	if (case_deadlines(db, row, (int64_t)clock_now(), d, CASE_DEADLINES_MAX,
			   &n))
		return a;
	for (int i = 0; i < n; i++)
		json_array_append_new(
		    a, json_pack("{s:s, s:o, s:o, s:b, s:s, s:i, s:b}", "key",
				 d[i].rule->key, "due_at", time_json(d[i].due),
				 "done_at", time_json(d[i].done), "overdue",
				 d[i].overdue, "who", d[i].rule->who, "hours",
				 d[i].rule->hours, "confirmed",
				 d[i].rule->confirmed));
	return a;
}

static int board_fn(struct api_ctx *c)
{
	static __thread struct case_board b;
	json_t *stages, *items;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = case_board_get(db, &c->who, (int64_t)clock_now(), &b);
	if (rc)
		return rc;
	stages = json_array();
	for (int s = 0; s < CASE_STAGE_COUNT; s++)
		json_array_append_new(
		    stages, json_pack("{s:s, s:I, s:I}", "stage",
				      case_stage_name((enum case_stage)s),
				      "count", (json_int_t)b.count[s],
				      "overdue", (json_int_t)b.overdue[s]));
	items = json_array();
	for (int i = 0; i < b.nitems; i++) {
		const struct board_item *it = &b.items[i];
		char name[128];
		json_t *o =
		    json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "case_id",
			      (json_int_t)it->case_id, "child_id",
			      (json_int_t)it->child_id, "region", it->region,
			      "stage", it->stage, "urgency", it->urgency, "key",
			      it->key, "due_at", time_json(it->due));

		child_name(db, c, it->child_id, name, sizeof(name));
		json_object_set_new(o, "child_name", json_string(name));
		json_array_append_new(items, o);
	}
	api_reply(c, 200,
		  json_pack("{s:o, s:o, s:b}", "stages", stages, "overdue",
			    items, "truncated", b.nitems == BOARD_OVERDUE_MAX));
	return GA_OK;
}

int api_case_reply(struct api_ctx *c, struct db *db, int status,
		   const struct case_row *row)
{
	char name[128];
	json_t *o = case_json(row), *events = json_array();
	int rc = case_timeline(db, &c->who, &c->meta, row, add_event, events);

	if (rc) {
		json_decref(o);
		json_decref(events);
		return rc;
	}
	child_name(db, c, row->child_id, name, sizeof(name));
	json_object_set_new(o, "child_name", json_string(name));
	json_object_set_new(o, "timeline", events);
	json_object_set_new(o, "deadlines", deadlines_json(db, row));
	/* the report behind the case: the police's feedback to its unit */
	{
		static __thread struct report_row rep;

		if (!report_of_case(db, row->id, &rep)) {
			json_object_set_new(o, "report_id",
					    json_integer(rep.id));
			json_object_set_new(o, "report_feedback_at",
					    rep.feedback_at[0]
						? json_string(rep.feedback_at)
						: json_null());
		}
		memset(&rep, 0, sizeof(rep));
	}
	api_reply(c, status, o);
	return GA_OK;
}

static int get_fn(struct api_ctx *c)
{
	struct case_row row;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_get(db, &c->who, id, &row, &c->err);
	if (!rc)
		rc = api_case_reply(c, db, 200, &row);
	return rc;
}

struct list_ctx {
	struct api_ctx *c;
	struct db *db;
	json_t *items;
	int64_t last;
};

static int add_case(const struct case_row *row, void *p)
{
	struct list_ctx *l = p;
	char name[128];
	json_t *o = case_json(row);

	child_name(l->db, l->c, row->child_id, name, sizeof(name));
	json_object_set_new(o, "child_name", json_string(name));
	json_array_append_new(l->items, o);
	l->last = row->id;
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
	struct case_list_filter f = {0};
	struct list_ctx l = {c, NULL, NULL, 0};
	int64_t limit = 0;
	int rc;

	f.stage = http_query(c->req, "stage");
	rc = int_query(c, "child_id", &f.child_id);
	if (!rc)
		rc = int_query(c, "before", &f.after_id);
	if (!rc)
		rc = int_query(c, "limit", &limit);
	f.limit =
	    limit > 0 && limit <= CASE_PAGE_MAX ? (int)limit : CASE_PAGE_MAX;
	if (!rc)
		rc = api_db(c, &l.db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = case_list(l.db, &c->who, &f, add_case, &l, &c->err);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:O, s:o}", "items", l.items, "next",
				    json_array_size(l.items) == (size_t)f.limit
					? json_integer(l.last)
					: json_null()));
	json_decref(l.items);
	return rc;
}

struct open_body {
	int64_t child_id;
	const char *urgency, *note;
};

static int open_fn(struct api_ctx *c)
{
	const struct open_body *b = c->input;
	struct case_open_input in = {b->child_id, "dossier", 0, b->urgency,
				     b->note};
	struct case_row row;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = case_open(db, &c->who, &c->meta, &in, &row, &c->err);
	if (!rc)
		rc = api_case_reply(c, db, 201, &row);
	return rc;
}

struct ack_body {
	const char *kind, *note;
	int64_t version;
};

static int ack_fn(struct api_ctx *c)
{
	const struct ack_body *b = c->input;
	struct case_row row;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_acknowledge(db, &c->who, &c->meta, id, b->kind,
				      b->note, b->version, &row, &c->err);
	if (!rc)
		rc = api_case_reply(c, db, 200, &row);
	return rc;
}

struct move_body {
	const char *to, *note, *safety, *reason;
	int64_t version;
};

static int move_fn(struct api_ctx *c)
{
	const struct move_body *b = c->input;
	struct case_transition_input in = {b->to, b->note, b->safety, b->reason,
					   b->version};
	struct case_row row;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_transition(db, &c->who, &c->meta, id, &in, &row,
				     &c->err);
	if (!rc)
		rc = api_case_reply(c, db, 200, &row);
	return rc;
}

struct note_body {
	const char *note;
};

static int note_fn(struct api_ctx *c)
{
	const struct note_body *b = c->input;
	struct case_row row;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_note(db, &c->who, &c->meta, id, b->note, &row,
			       &c->err);
	if (!rc)
		rc = api_case_reply(c, db, 201, &row);
	return rc;
}

#define TEXT(s, n, req, size)                                                  \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct s, n)                                \
	}
#define VERSION(s)                                                             \
	{                                                                      \
		.name = "version", .type = AF_INT, .min = 1,                   \
		.max_int = INT64_MAX, .offset = offsetof(struct s, version)    \
	}

static const struct api_field open_fields[] = {
    {.name = "child_id",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct open_body, child_id)},
    TEXT(open_body, urgency, true, 16),
    TEXT(open_body, note, false, 8192),
    {0}};
static const struct api_field ack_fields[] = {TEXT(ack_body, kind, false, 16),
					      TEXT(ack_body, note, false, 8192),
					      VERSION(ack_body),
					      {0}};
static const struct api_field move_fields[] = {
    TEXT(move_body, to, true, 16),
    TEXT(move_body, note, true, 8192),
    TEXT(move_body, safety, false, 32),
    TEXT(move_body, reason, false, 32),
    VERSION(move_body),
    {0}};
static const struct api_field note_fields[] = {
    TEXT(note_body, note, true, 8192), {0}};

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"stage", "child_id", "before", "limit",
					 NULL};

const struct api_handler api_cases_list = {
    .fn = list_fn, .action = ACT_CASE_READ, .query = list_query};
const struct api_handler api_cases_open = {.fn = open_fn,
					   .action = ACT_CASE_WRITE,
					   .query = no_query,
					   .fields = open_fields,
					   .input_size =
					       sizeof(struct open_body)};
const struct api_handler api_cases_get = {
    .fn = get_fn, .action = ACT_CASE_READ, .query = no_query};
const struct api_handler api_cases_acknowledge = {.fn = ack_fn,
						  .action = ACT_CASE_WRITE,
						  .query = no_query,
						  .fields = ack_fields,
						  .input_size =
						      sizeof(struct ack_body)};
const struct api_handler api_cases_transition = {.fn = move_fn,
						 .action = ACT_CASE_WRITE,
						 .query = no_query,
						 .fields = move_fields,
						 .input_size =
						     sizeof(struct move_body)};
const struct api_handler api_cases_board = {
    .fn = board_fn, .action = ACT_CASE_READ, .query = no_query};
const struct api_handler api_cases_note = {.fn = note_fn,
					   .action = ACT_CASE_WRITE,
					   .query = no_query,
					   .fields = note_fields,
					   .input_size =
					       sizeof(struct note_body)};
