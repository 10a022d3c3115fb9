/*
 * The institutions registry (POLICY.md P1.1, P1.2):
 * GET  /api/v1/institutions        within scope (institution.read);
 *      ?kind=… filters, ?include_regional=1 adds the regional welfare
 *      institutions of other counties (a placement may go there)
 * POST /api/v1/institutions        register one (institution.write), 201
 * GET  /api/v1/institutions/{id}   one (institution.read)
 * PUT  /api/v1/institutions/{id}   the whole record again with the
 *      version read (institution.write); 409 when stale
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "service/institution_service.h"
#include "util/banned.h"

static json_t *institution_to_json(const struct institution_view *v)
{
	const struct institution_row *r = &v->row;

	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:I, s:b, s:s, s:s, s:b, "
	    "s:I, s:s, s:s, s:I}",
	    "id", (json_int_t)r->id, "county", r->county, "county_name",
	    v->county_name, "name", r->name, "kind", r->kind, "transformed",
	    r->transformed, "transformed_on", r->transformed_on, "capacity",
	    (json_int_t)r->capacity, "current_children",
	    (json_int_t)r->current_children, "over_capacity",
	    r->capacity > 0 && r->current_children > r->capacity, "address",
	    r->address, "phone", r->phone, "active", r->active, "updated_by",
	    (json_int_t)r->updated_by, "updated_at", r->updated_at,
	    "created_at", r->created_at, "version", (json_int_t)r->version);
}

struct inst_body {
	const char *county, *name, *kind, *transformed_on, *address, *phone;
	bool transformed, active;
	int64_t capacity, version;
};

static void input_of(struct api_ctx *c, struct institution_input *in)
{
	const struct inst_body *b = c->input;

	memset(in, 0, sizeof(*in));
	in->county = b->county;
	in->name = b->name;
	in->kind = b->kind;
	in->transformed = b->transformed;
	in->transformed_on = b->transformed_on;
	in->capacity = b->capacity;
	in->address = b->address;
	in->phone = b->phone;
	in->active = b->active;
	in->has_active = json_is_boolean(json_object_get(c->body, "active"));
	in->version = b->version;
}

static int create_fn(struct api_ctx *c)
{
	static __thread struct institution_view v;
	struct institution_input in;
	struct db *db;
	int rc = api_db(c, &db);

	input_of(c, &in);
	if (!rc)
		rc = institutions_create(db, &c->who, &c->meta, &in, &v,
					 &c->err);
	if (!rc)
		api_reply(c, 201, institution_to_json(&v));
	return rc;
}

static int update_fn(struct api_ctx *c)
{
	static __thread struct institution_view v;
	struct institution_input in;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	input_of(c, &in);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = institutions_update(db, &c->who, &c->meta, id, &in, &v,
					 &c->err);
	if (!rc)
		api_reply(c, 200, institution_to_json(&v));
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct institution_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = institutions_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		api_reply(c, 200, institution_to_json(&v));
	return rc;
}

static int add_item(const struct institution_view *v, void *data)
{
	json_array_append_new(data, institution_to_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	const char *kind = http_query(c->req, "kind");
	const char *reg = http_query(c->req, "include_regional");
	json_t *items;
	struct db *db;
	int rc = GA_OK;

	if (reg && strcmp(reg, "0") && strcmp(reg, "1"))
		rc = ga_error_set(&c->err, GA_EINVAL, "invalid_value",
				  "include_regional",
				  "include_regional 应为 0 或 1 "
				  "(include_regional must be 0 or 1)");
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = institutions_list(db, &c->who, reg && !strcmp(reg, "1"), kind,
			       add_item, items, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"kind", "include_regional", NULL};

#define TEXT(n, req, size)                                                     \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct inst_body, n)                        \
	}
#define FLAG(n)                                                                \
	{                                                                      \
		.name = #n, .type = AF_BOOL,                                   \
		.offset = offsetof(struct inst_body, n)                        \
	}

static const struct api_field create_fields[] = {
    TEXT(county, false, 12),
    TEXT(name, true, INSTITUTION_NAME_MAX),
    TEXT(kind, true, 24),
    FLAG(transformed),
    TEXT(transformed_on, false, 10),
    {.name = "capacity",
     .type = AF_INT,
     .min = 0,
     .max_int = INSTITUTION_CAPACITY_MAX,
     .offset = offsetof(struct inst_body, capacity)},
    TEXT(address, false, INSTITUTION_ADDRESS_MAX),
    TEXT(phone, false, INSTITUTION_PHONE_MAX),
    FLAG(active),
    {0},
};

static const struct api_field update_fields[] = {
    TEXT(county, false, 12),
    TEXT(name, true, INSTITUTION_NAME_MAX),
    TEXT(kind, true, 24),
    FLAG(transformed),
    TEXT(transformed_on, false, 10),
    {.name = "capacity",
     .type = AF_INT,
     .min = 0,
     .max_int = INSTITUTION_CAPACITY_MAX,
     .offset = offsetof(struct inst_body, capacity)},
    TEXT(address, false, INSTITUTION_ADDRESS_MAX),
    TEXT(phone, false, INSTITUTION_PHONE_MAX),
    FLAG(active),
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct inst_body, version)},
    {0},
};

const struct api_handler api_institutions_list = {
    .fn = list_fn, .action = ACT_INSTITUTION_READ, .query = list_query};
const struct api_handler api_institutions_create = {
    .fn = create_fn,
    .action = ACT_INSTITUTION_WRITE,
    .query = no_query,
    .fields = create_fields,
    .input_size = sizeof(struct inst_body)};
const struct api_handler api_institutions_get = {
    .fn = get_fn, .action = ACT_INSTITUTION_READ, .query = no_query};
const struct api_handler api_institutions_put = {
    .fn = update_fn,
    .action = ACT_INSTITUTION_WRITE,
    .query = no_query,
    .fields = update_fields,
    .input_size = sizeof(struct inst_body)};
