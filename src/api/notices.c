/*
 * Notices from other departments (issue 6):
 * POST /api/v1/children/{id}/notices/missing-parent   police: a parent
 *      missing, with the day the police accepted the report (notice.police)
 * POST /api/v1/notices/justice   justice: a parent imprisoned or in
 *      compulsory drug rehabilitation, with their minor children
 *      (notice.justice); answers which dossiers were found and which made
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "service/notice_service.h"
#include "util/strutil.h"
#include "util/banned.h"

static json_t *categories_json(unsigned bits)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1)
		if (bits & bit)
			json_array_append_new(
			    a, json_string(category_id((enum category)bit)));
	return a;
}

static int missing_fn(struct api_ctx *c)
{
	static __thread struct child_view v;
	const struct missing_parent_notice *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = notice_missing_parent(db, &c->who, &c->meta, id, in, &v,
					   &c->err);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:I, s:I, s:o}", "child_id",
				    (json_int_t)v.rec.id, "version",
				    (json_int_t)v.rec.version, "categories",
				    categories_json(v.derived.categories)));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* a string member (or absent/null when optional) */
static int text_of(json_t *o, const char *key, const char *field,
		   const char **out, struct ga_error *err)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return GA_OK;
	if (!json_is_string(v))
		return bad(err, field, "invalid_type",
			   "应为文字 (must be a string)");
	if (json_string_length(v) > 64)
		return bad(err, field, "too_long", "过长 (too long)");
	*out = json_string_value(v);
	return GA_OK;
}

static int only_keys(json_t *o, const char *const *keys, const char *where,
		     struct ga_error *err)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known = known || !strcmp(keys[i], key);
		if (!known)
			return ga_error_set(
			    err, GA_EINVAL, "unknown_field", key,
			    "%s不接受字段 %s (unknown field %s)", where, key,
			    key);
	}
	return GA_OK;
}

static int child_of(json_t *o, int i, struct justice_child *k,
		    struct ga_error *err)
{
	static const char *const keys[] = {"name", "id_number", "birth_date",
					   "village", NULL};
	char f[4][40];
	int rc;

	if (!json_is_object(o))
		return bad(err, "children", "invalid_type",
			   "每名子女应为对象 (each child must be an object)");
	rc = only_keys(o, keys, "子女", err);
	snprintf(f[0], 40, "children[%d].name", i);
	snprintf(f[1], 40, "children[%d].id_number", i);
	snprintf(f[2], 40, "children[%d].birth_date", i);
	snprintf(f[3], 40, "children[%d].village", i);
	if (!rc)
		rc = text_of(o, "name", f[0], &k->name, err);
	if (!rc)
		rc = text_of(o, "id_number", f[1], &k->id_number, err);
	if (!rc)
		rc = text_of(o, "birth_date", f[2], &k->birth_date, err);
	if (!rc)
		rc = text_of(o, "village", f[3], &k->village, err);
	return rc;
}

static int notice_of(json_t *body, struct justice_notice *in,
		     struct ga_error *err)
{
	static const char *const keys[] = {
	    "parent_name", "relation", "situation", "since",
	    "until",	   "children", NULL};
	json_t *kids = json_object_get(body, "children"), *k;
	size_t i;
	int rc;

	memset(in, 0, sizeof(*in));
	if (!json_is_object(body))
		return bad(err, "", "invalid_body",
			   "请求体应为 JSON 对象 (body must be an object)");
	rc = only_keys(body, keys, "", err);
	if (!rc)
		rc = text_of(body, "parent_name", "parent_name",
			     &in->parent_name, err);
	if (!rc)
		rc = text_of(body, "relation", "relation", &in->relation, err);
	if (!rc)
		rc = text_of(body, "situation", "situation", &in->situation,
			     err);
	if (!rc)
		rc = text_of(body, "since", "since", &in->since, err);
	if (!rc)
		rc = text_of(body, "until", "until", &in->until, err);
	if (!rc && (!json_is_array(kids) || !json_array_size(kids) ||
		    json_array_size(kids) > NOTICE_CHILDREN_MAX))
		rc = bad(err, "children", "invalid_children",
			 "请列出1至10名未成年子女 (list 1 to 10 children)");
	json_array_foreach(kids, i, k)
	{
		if (rc)
			break;
		rc = child_of(k, (int)i, &in->children[i], err);
		in->nchildren = (int)i + 1;
	}
	return rc;
}

static int justice_fn(struct api_ctx *c)
{
	static __thread struct justice_notice in;
	struct justice_result out[NOTICE_CHILDREN_MAX];
	json_t *items;
	struct db *db;
	int rc = notice_of(c->body, &in, &c->err);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = notice_justice(db, &c->who, &c->meta, &in, out, &c->err);
	if (!rc) {
		items = json_array();
		for (int i = 0; i < in.nchildren; i++)
			json_array_append_new(
			    items,
			    json_pack("{s:I, s:s, s:I}", "child_id",
				      (json_int_t)out[i].child_id, "result",
				      out[i].created ? "created" : "found",
				      "version", (json_int_t)out[i].version));
		api_reply(c, 200, json_pack("{s:o}", "children", items));
	}
	memset(&in, 0, sizeof(in));
	return rc;
}

static const char *const no_query[] = {NULL};

static const struct api_field missing_fields[] = {
    {.name = "relation",
     .type = AF_STRING,
     .required = true,
     .max = 8,
     .offset = offsetof(struct missing_parent_notice, relation)},
    {.name = "parent_name",
     .type = AF_STRING,
     .max = 64,
     .offset = offsetof(struct missing_parent_notice, parent_name)},
    {.name = "police_accepted",
     .type = AF_STRING,
     .required = true,
     .max = 10,
     .offset = offsetof(struct missing_parent_notice, police_accepted)},
    {0},
};

const struct api_handler api_notice_missing_parent = {
    .fn = missing_fn,
    .action = ACT_NOTICE_POLICE,
    .query = no_query,
    .fields = missing_fields,
    .input_size = sizeof(struct missing_parent_notice)};
const struct api_handler api_notice_justice = {
    .fn = justice_fn, .action = ACT_NOTICE_JUSTICE, .query = no_query};
