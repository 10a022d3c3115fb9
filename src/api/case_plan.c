/*
 * The assistance plan and conferences of a case (issue 6):
 * POST  /api/v1/cases/{id}/plan          add a measure: kind, description,
 *       unit_role | unit_name, due_date (case.write), 201
 * GET   /api/v1/cases/{id}/plan          the plan, overdue items marked
 *       (case.read)
 * PATCH /api/v1/plan-items/{id}          status done (outcome) | cancelled
 *       (reason), or due_date with a note; version → 409 stale
 *       (case.write)
 * POST  /api/v1/cases/{id}/conferences   held_on, participants [{unit,
 *       name}], minutes, decisions [{kind, description, unit_role |
 *       unit_name, due_date}] each becoming a plan item (case.write), 201
 * GET   /api/v1/cases/{id}/conferences   the conferences (case.read)
 * The plan is changed in the assessment, assistance and follow-up stages
 * only (409 plan_stage otherwise).
 */
#include "api/api.h"

#include <stddef.h>
#include <string.h>

#include "api/handlers.h"
#include "service/case_plan_service.h"
#include "util/banned.h"

static json_t *opt(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *item_json(const struct plan_item_view *v)
{
	const struct case_plan_row *p = &v->row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "case_id", json_integer(p->case_id));
	json_object_set_new(o, "kind", json_string(p->kind));
	json_object_set_new(o, "description", json_string(p->description));
	json_object_set_new(o, "unit_role", opt(p->unit_role));
	json_object_set_new(o, "unit_name", opt(p->unit_name));
	json_object_set_new(o, "due_date", json_string(p->due_date));
	json_object_set_new(o, "status", json_string(p->status));
	json_object_set_new(o, "overdue", json_boolean(v->overdue));
	json_object_set_new(o, "outcome", opt(p->outcome));
	json_object_set_new(o, "done_date", opt(p->done_date));
	json_object_set_new(o, "cancel_reason", opt(p->cancel_reason));
	json_object_set_new(o, "conference_id",
			    p->conference_id ? json_integer(p->conference_id)
					     : json_null());
	json_object_set_new(o, "created_by", json_integer(p->created_by));
	json_object_set_new(o, "created_at", json_string(p->created_at));
	json_object_set_new(o, "updated_at", json_string(p->updated_at));
	json_object_set_new(o, "version", json_integer(p->version));
	return o;
}

struct item_body {
	const char *kind, *description, *unit_role, *unit_name, *due_date;
};

static int add_fn(struct api_ctx *c)
{
	static __thread struct plan_item_view v;
	const struct item_body *b = c->input;
	struct plan_item_input in = {b->kind, b->description, b->unit_role,
				     b->unit_name, b->due_date};
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_plan_add(db, &c->who, &c->meta, id, &in, &v, &c->err);
	if (!rc)
		api_reply(c, 201, item_json(&v));
	explicit_bzero(&v, sizeof(v));
	return rc;
}

static int add_item(const struct plan_item_view *v, void *ctx)
{
	json_array_append_new(ctx, item_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
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
	rc =
	    case_plan_list(db, &c->who, &c->meta, id, add_item, items, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

struct change_body {
	const char *status, *outcome, *reason, *due_date, *note;
	int64_t version;
};

static int patch_fn(struct api_ctx *c)
{
	static __thread struct plan_item_view v;
	const struct change_body *b = c->input;
	struct plan_change_input in = {b->status,   b->outcome, b->reason,
				       b->due_date, b->note,	b->version};
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_plan_change(db, &c->who, &c->meta, id, &in, &v,
				      &c->err);
	if (!rc)
		api_reply(c, 200, item_json(&v));
	explicit_bzero(&v, sizeof(v));
	return rc;
}

/* ---- conferences: the body has lists of objects, read here ---- */

static int bad(struct api_ctx *c, const char *field, const char *what)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_type", field,
			    "%s 格式不对（%s is malformed: %s）", field, field,
			    what);
}

/* the string member key of o (NULL when absent or null); 400 otherwise */
static int str_of(struct api_ctx *c, json_t *o, const char *key,
		  const char *field, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return GA_OK;
	if (!json_is_string(v))
		return bad(c, field, "a string is expected");
	*out = json_string_value(v);
	return GA_OK;
}

static int only_keys(struct api_ctx *c, json_t *o, const char *const *keys,
		     const char *field)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return bad(c, field, "an object is expected");
	json_object_foreach(o, k, v)
	{
		int i = 0;

		while (keys[i] && strcmp(keys[i], k))
			i++;
		if (!keys[i])
			return ga_error_set(&c->err, GA_EINVAL, "unknown_field",
					    k, "不接受的字段 (unknown field)");
	}
	return GA_OK;
}

static const char *const conf_keys[] = {"held_on", "participants", "minutes",
					"decisions", NULL};
static const char *const part_keys[] = {"unit", "name", NULL};
static const char *const dec_keys[] = {"kind",	    "description", "unit_role",
				       "unit_name", "due_date",	   NULL};

static int read_conference(struct api_ctx *c, struct conference_input *in,
			   struct conference_participant *ps,
			   struct plan_item_input *ds)
{
	json_t *b = c->body, *list, *o;
	size_t i;
	int rc = only_keys(c, b, conf_keys, "");

	if (!rc)
		rc = str_of(c, b, "held_on", "held_on", &in->held_on);
	if (!rc)
		rc = str_of(c, b, "minutes", "minutes", &in->minutes);
	if (rc)
		return rc;
	list = json_object_get(b, "participants");
	if (!json_is_array(list))
		return bad(c, "participants", "a list is expected");
	if (json_array_size(list) > CONF_PARTICIPANTS_MAX)
		return ga_error_set(
		    &c->err, GA_EINVAL, "bad_participants", "participants",
		    "参会人员最多 %d 人（at most %d "
		    "participants）",
		    CONF_PARTICIPANTS_MAX, CONF_PARTICIPANTS_MAX);
	json_array_foreach(list, i, o)
	{
		rc = only_keys(c, o, part_keys, "participants");
		if (!rc)
			rc = str_of(c, o, "unit", "participants", &ps[i].unit);
		if (!rc)
			rc = str_of(c, o, "name", "participants", &ps[i].name);
		if (rc)
			return rc;
	}
	in->participants = ps;
	in->nparticipants = (int)json_array_size(list);
	list = json_object_get(b, "decisions");
	if (list && !json_is_null(list) && !json_is_array(list))
		return bad(c, "decisions", "a list is expected");
	if (json_array_size(list) > CONF_DECISIONS_MAX)
		return ga_error_set(&c->err, GA_EINVAL, "bad_decisions",
				    "decisions",
				    "决定事项最多 %d 项（at most %d "
				    "decisions）",
				    CONF_DECISIONS_MAX, CONF_DECISIONS_MAX);
	json_array_foreach(list, i, o)
	{
		rc = only_keys(c, o, dec_keys, "decisions");
		if (!rc)
			rc = str_of(c, o, "kind", "decisions", &ds[i].kind);
		if (!rc)
			rc = str_of(c, o, "description", "decisions",
				    &ds[i].description);
		if (!rc)
			rc = str_of(c, o, "unit_role", "decisions",
				    &ds[i].unit_role);
		if (!rc)
			rc = str_of(c, o, "unit_name", "decisions",
				    &ds[i].unit_name);
		if (!rc)
			rc = str_of(c, o, "due_date", "decisions",
				    &ds[i].due_date);
		if (rc)
			return rc;
	}
	in->decisions = ds;
	in->ndecisions = (int)json_array_size(list);
	return GA_OK;
}

static int conf_add_fn(struct api_ctx *c)
{
	struct conference_participant ps[CONF_PARTICIPANTS_MAX];
	struct plan_item_input ds[CONF_DECISIONS_MAX];
	struct conference_input in = {0};
	struct db *db;
	int64_t id, conf_id = 0;
	int rc = api_param_id(c, "id", &id);

	memset(ps, 0, sizeof(ps));
	memset(ds, 0, sizeof(ds));
	if (!rc)
		rc = read_conference(c, &in, ps, ds);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = case_conference_add(db, &c->who, &c->meta, id, &in,
					 &conf_id, &c->err);
	if (!rc)
		api_reply(c, 201,
			  json_pack("{s:I, s:I, s:i}", "id",
				    (json_int_t)conf_id, "case_id",
				    (json_int_t)id, "decisions",
				    in.ndecisions));
	return rc;
}

static int add_conf(const struct conference_view *v, void *ctx)
{
	const struct case_conference_row *r = v->row;
	json_t *o = json_object(), *ps = json_array();

	for (int i = 0; i < v->nparticipants; i++)
		json_array_append_new(ps, json_pack("{s:s, s:s}", "unit",
						    v->units[i], "name",
						    v->names[i]));
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "case_id", json_integer(r->case_id));
	json_object_set_new(o, "held_on", json_string(r->held_on));
	json_object_set_new(o, "participants", ps);
	json_object_set_new(o, "minutes", opt(r->minutes));
	json_object_set_new(o, "decisions", json_integer(r->decisions));
	json_object_set_new(o, "created_by", json_integer(r->created_by));
	json_object_set_new(o, "created_at", json_string(r->created_at));
	json_array_append_new(ctx, o);
	return GA_OK;
}

static int conf_list_fn(struct api_ctx *c)
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
	rc = case_conference_list(db, &c->who, &c->meta, id, add_conf, items,
				  &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

#define TEXT(s, n, req, size)                                                  \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct s, n)                                \
	}

static const struct api_field item_fields[] = {
    TEXT(item_body, kind, true, 32),
    TEXT(item_body, description, true, 8192),
    TEXT(item_body, unit_role, false, 24),
    TEXT(item_body, unit_name, false, 1024),
    TEXT(item_body, due_date, true, 16),
    {0}};
static const struct api_field change_fields[] = {
    TEXT(change_body, status, false, 16),
    TEXT(change_body, outcome, false, 8192),
    TEXT(change_body, reason, false, 8192),
    TEXT(change_body, due_date, false, 16),
    TEXT(change_body, note, false, 8192),
    {.name = "version",
     .type = AF_INT,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct change_body, version)},
    {0}};

static const char *const no_query[] = {NULL};

const struct api_handler api_case_plan_add = {.fn = add_fn,
					      .action = ACT_CASE_WRITE,
					      .query = no_query,
					      .fields = item_fields,
					      .input_size =
						  sizeof(struct item_body)};
const struct api_handler api_case_plan_list = {
    .fn = list_fn, .action = ACT_CASE_READ, .query = no_query};
const struct api_handler api_plan_item_patch = {.fn = patch_fn,
						.action = ACT_CASE_WRITE,
						.query = no_query,
						.fields = change_fields,
						.input_size =
						    sizeof(struct change_body)};
const struct api_handler api_case_conference_add = {
    .fn = conf_add_fn, .action = ACT_CASE_WRITE, .query = no_query};
const struct api_handler api_case_conference_list = {
    .fn = conf_list_fn, .action = ACT_CASE_READ, .query = no_query};
