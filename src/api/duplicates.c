/*
 * GET  /api/v1/duplicates               probable duplicates (child.read)
 * GET  /api/v1/duplicates/{id}          one pair (child.read)
 * POST /api/v1/duplicates/{id}/merge    keep one, archive the other
 *                                       (child.merge: the supervisor)
 * POST /api/v1/duplicates/{id}/dismiss  not the same child (child.merge)
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/child.h"
#include "service/child_duplicates.h"
#include "util/strutil.h"
#include "util/banned.h"

static json_t *bits_json(unsigned bits, bool flags)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1)
		if (bits & bit)
			json_array_append_new(
			    a, json_string(flags ? key_flag_id(bit)
						 : category_id(bit)));
	return a;
}

static json_t *side_json(const struct duplicate_side *s)
{
	if (!s->visible)
		return json_pack("{s:I, s:b}", "id", (json_int_t)s->id,
				 "visible", 0);
	return json_pack(
	    "{s:I, s:b, s:b, s:I, s:s, s:s, s:s, s:s, s:s*, s:s, s:o, s:o}",
	    "id", (json_int_t)s->id, "visible", 1, "archived", s->archived,
	    "version", (json_int_t)s->version, "name", s->name, "sex", s->sex,
	    "birth_date", s->birth_date, "region", s->region, "id_number",
	    s->has_id_number ? s->id_masked : NULL, "created_at", s->created_at,
	    "categories", bits_json(s->categories, false), "key_flags",
	    bits_json(s->key_flags, true));
}

static json_t *view_json(const struct duplicate_view *v)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
			 (json_int_t)v->d.id, "status", v->d.status, "region",
			 v->d.region, "found_at", v->d.found_at, "kept",
			 (json_int_t)v->d.kept, "handled_at", v->d.handled_at,
			 "a", side_json(&v->a), "b", side_json(&v->b));
}

static int add_view(const struct duplicate_view *v, void *ctx)
{
	json_array_append_new(ctx, view_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	const char *status = http_query(c->req, "status");
	const char *child = http_query(c->req, "child");
	int64_t child_id = 0;
	json_t *items;
	struct db *db;
	int rc;

	if (status && strcmp(status, "open") && strcmp(status, "merged") &&
	    strcmp(status, "dismissed") && strcmp(status, "superseded"))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_filter",
				    "status",
				    "状态应为 open、merged、dismissed 或 "
				    "superseded (status must be open, merged, "
				    "dismissed or superseded)");
	if (child && parse_int64(child, 1, INT64_MAX, &child_id))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_filter",
				    "child",
				    "档案编号应为正整数 (child must be a "
				    "positive integer)");
	rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = duplicates_list(db, &c->who, status ? status : "open", child_id,
			     add_view, items, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct duplicate_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = duplicates_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		api_reply(c, 200, view_json(&v));
	return rc;
}

struct merge_input {
	int64_t keep;
};

static int merge_fn(struct api_ctx *c)
{
	static __thread struct duplicate_view v;
	const struct merge_input *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = duplicates_merge(db, &c->who, &c->meta, id, in->keep, &v,
				      &c->err);
	if (!rc)
		api_reply(c, 200, view_json(&v));
	return rc;
}

struct dismiss_input {
	const char *note;
};

static int dismiss_fn(struct api_ctx *c)
{
	static __thread struct duplicate_view v;
	const struct dismiss_input *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = duplicates_dismiss(db, &c->who, &c->meta, id, in->note, &v,
					&c->err);
	if (!rc)
		api_reply(c, 200, view_json(&v));
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"status", "child", NULL};

static const struct api_field merge_fields[] = {
    {.name = "keep",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct merge_input, keep)},
    {0},
};

static const struct api_field dismiss_fields[] = {
    {.name = "note",
     .type = AF_STRING,
     .max = 1500,
     .offset = offsetof(struct dismiss_input, note)},
    {0},
};

const struct api_handler api_duplicates_list = {
    .fn = list_fn, .action = ACT_CHILD_READ, .query = list_query};
const struct api_handler api_duplicates_get = {
    .fn = get_fn, .action = ACT_CHILD_READ, .query = no_query};
const struct api_handler api_duplicates_merge = {
    .fn = merge_fn,
    .action = ACT_CHILD_MERGE,
    .query = no_query,
    .fields = merge_fields,
    .input_size = sizeof(struct merge_input)};
const struct api_handler api_duplicates_dismiss = {
    .fn = dismiss_fn,
    .action = ACT_CHILD_MERGE,
    .query = no_query,
    .fields = dismiss_fields,
    .input_size = sizeof(struct dismiss_input)};
