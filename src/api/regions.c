/*
 * GET  /api/v1/regions?parent=CODE   children of a division (top without)
 * GET  /api/v1/regions/{code}        one division and its ancestors
 * POST /api/v1/regions/lookup        several divisions by code
 * Public reference data: no session needed. Lists are cached (cache.h).
 */
#include "api/api.h"

#include <string.h>

#include "api/cache.h"
#include "api/handlers.h"
#include "domain/region.h"
#include "service/region_service.h"
#include "util/strutil.h"
#include "util/banned.h"

#define LOOKUP_MAX 500

static json_t *region_json(const struct region *r)
{
	json_t *flags = json_array();
	json_t *o;

	if (r->deep_poverty)
		json_array_append_new(flags, json_string("deep_poverty"));
	if (r->deep_poverty && !r->deep_poverty_confirmed)
		json_array_append_new(flags, json_string("unconfirmed"));
	if (r->zone)
		json_array_append_new(flags, json_string("management_zone"));
	if (r->abolished)
		json_array_append_new(flags, json_string("abolished"));
	o = json_pack(
	    "{s:s, s:s, s:s, s:o, s:s, s:o, s:b}", "code", r->code, "name",
	    r->name, "level",
	    region_level_name(r->level) ? region_level_name(r->level)
					: "unknown",
	    "parent", r->parent[0] ? json_string(r->parent) : json_null(),
	    "kind", r->kind, "flags", flags, "has_children", r->has_children);
	if (o && r->zone) {
		json_t *ov = json_array();
		const char *p = r->overlaps;

		while (*p) {
			size_t n = strcspn(p, " ");

			if (n)
				json_array_append_new(ov, json_stringn(p, n));
			p += n;
			while (*p == ' ')
				p++;
		}
		json_object_set_new(o, "overlaps", ov);
	}
	return o;
}

static int regions_list_fn(struct api_ctx *c)
{
	const char *parent = http_query(c->req, "parent");
	struct region_list list;
	struct region pr;
	struct db *db;
	char key[32];
	int status;
	json_t *items, *out;
	int rc;

	if (parent && strlen(parent) > 12)
		return ga_error_set(&c->err, GA_EINVAL, "invalid_code",
				    "parent",
				    "行政区划代码应为12位数字 (code must be 12 "
				    "digits)");
	snprintf(key, sizeof(key), "rl:%s", parent ? parent : "-");
	if (!answer_cache_get(key, &status, &c->resp->body)) {
		c->resp->status = status;
		return GA_OK;
	}
	rc = api_db(c, &db);
	if (rc)
		return rc;
	region_list_init(&list);
	rc = regions_list(db, parent, &pr, &list, &c->err);
	if (rc)
		goto out;
	items = json_array();
	for (size_t i = 0; i < list.n; i++)
		json_array_append_new(items, region_json(&list.items[i]));
	out = json_pack("{s:o}", "items", items);
	if (parent)
		json_object_set_new(out, "parent", region_json(&pr));
	api_reply(c, 200, out);
	if (c->resp->status == 200)
		answer_cache_put(key, 200, c->resp->body.ptr,
				 c->resp->body.len);
out:
	region_list_release(&list);
	return rc;
}

static int regions_get_fn(struct api_ctx *c)
{
	const char *code = http_param(c->req, "code");
	struct region_list path;
	struct region r;
	struct db *db;
	json_t *o, *arr;
	int rc = api_db(c, &db);

	if (rc)
		return rc;
	region_list_init(&path);
	rc = regions_get(db, code, &r, &path, &c->err);
	if (rc)
		goto out;
	o = region_json(&r);
	arr = json_array();
	for (size_t i = 0; i < path.n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:s}", "code", path.items[i].code,
			      "name", path.items[i].name, "level",
			      region_level_name(path.items[i].level)));
	json_object_set_new(o, "path", arr);
	api_reply(c, 200, o);
out:
	region_list_release(&path);
	return rc;
}

struct lookup_input {
	const char **codes;
	size_t ncodes;
};

static int regions_lookup_fn(struct api_ctx *c)
{
	const struct lookup_input *in = c->input;
	json_t *items = NULL, *missing = NULL;
	struct db *db;
	int rc = api_db(c, &db);

	if (rc)
		return rc;
	items = json_array();
	missing = json_array();
	for (size_t i = 0; !rc && i < in->ncodes; i++) {
		struct region r;
		bool seen = false;

		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(in->codes[k], in->codes[i]);
		if (seen)
			continue;
		rc = store_region_get(db, in->codes[i], &r);
		if (rc == GA_ENOTFOUND) {
			json_array_append_new(missing,
					      json_string(in->codes[i]));
			rc = GA_OK;
		} else if (!rc) {
			json_array_append_new(items, region_json(&r));
		}
	}
	if (!rc) {
		api_reply(c, 200,
			  json_pack("{s:O, s:O}", "items", items, "missing",
				    missing));
	}
	json_decref(items);
	json_decref(missing);
	return rc;
}

static bool code_ok(const char *s, size_t len)
{
	return region_code_valid(s, len);
}

static const char *const list_query[] = {"parent", NULL};
static const char *const no_query[] = {NULL};

static const struct api_field lookup_fields[] = {
    {.name = "codes",
     .type = AF_STRING_LIST,
     .required = true,
     .max = LOOKUP_MAX,
     .item_max = 12,
     .check = code_ok,
     .check_code = "invalid_code",
     .check_msg = "行政区划代码应为12位数字 (code must be 12 digits)",
     .offset = offsetof(struct lookup_input, codes),
     .count_offset = offsetof(struct lookup_input, ncodes)},
    {0},
};

const struct api_handler api_regions_list = {.fn = regions_list_fn,
					     .query = list_query};
const struct api_handler api_regions_get = {.fn = regions_get_fn,
					    .query = no_query};
const struct api_handler api_regions_lookup = {.fn = regions_lookup_fn,
					       .query = no_query,
					       .fields = lookup_fields,
					       .input_size =
						   sizeof(struct lookup_input)};
