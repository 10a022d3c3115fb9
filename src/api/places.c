/*
 * GET /api/v1/places/{code}   a division's page within the caller's scope:
 * the division, its ancestors and the staff who work in it. A division
 * outside the scope answers 404, exactly as an absent one.
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "domain/region.h"
#include "service/place_service.h"
#include "util/banned.h"

struct staff_ctx {
	json_t *items;
};

static int add_staff(const struct account *a, void *data)
{
	struct staff_ctx *s = data;

	json_array_append_new(
	    s->items,
	    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id,
		      "display_name", a->display_name, "role",
		      role_name(a->role), "role_title", role_title_zh(a->role),
		      "org", a->org, "scope", a->scope));
	return GA_OK;
}

static int place_fn(struct api_ctx *c)
{
	const char *code = http_param(c->req, "code");
	struct staff_ctx s = {NULL};
	struct region_list path;
	struct region r;
	json_t *o, *arr;
	struct db *db;
	int rc = api_db(c, &db);

	if (rc)
		return rc;
	region_list_init(&path);
	s.items = json_array();
	rc = places_get(db, &c->who, code, &r, &path, add_staff, &s, &c->err);
	if (rc)
		goto out;
	arr = json_array();
	for (size_t i = 0; i < path.n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "code",
						     path.items[i].code, "name",
						     path.items[i].name));
	o = json_pack("{s:s, s:s, s:s, s:o, s:O}", "code", r.code, "name",
		      r.name, "level", region_level_name(r.level), "path", arr,
		      "staff", s.items);
	api_reply(c, 200, o);
out:
	json_decref(s.items);
	region_list_release(&path);
	return rc;
}

static const char *const no_query[] = {NULL};

const struct api_handler api_places_get = {
    .fn = place_fn, .action = ACT_PLACE_READ, .query = no_query};
