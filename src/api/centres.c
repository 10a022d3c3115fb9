/*
 * Village children's centres (儿童之家):
 * GET   /api/v1/centres?region=&after=&limit=        centres of an area
 *       (centre.read); a township or county also lists villages_without
 * GET   /api/v1/villages/{code}/centre                one village's centre
 * PUT   /api/v1/villages/{code}/centre                create (201) or
 *       replace (200, version) (centre.write)
 * Activities and photos: centre_activities.c.
 */
#include "api/api.h"

#include <string.h>

#include "api/centres_internal.h"
#include "api/handlers.h"
#include "service/centre_service.h"
#include "util/strutil.h"
#include "util/banned.h"

#define PAGE_DEFAULT 50

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

static int bad_query(struct api_ctx *c, const char *name)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_parameter", name,
			    "查询参数 %s 无效 (invalid parameter %s)", name,
			    name);
}

int centres_page_limit(struct api_ctx *c, int *limit)
{
	const char *s = http_query(c->req, "limit");
	int64_t v;

	*limit = PAGE_DEFAULT;
	if (!s)
		return GA_OK;
	if (parse_int64(s, 1, CENTRE_PAGE_MAX, &v))
		return bad_query(c, "limit");
	*limit = (int)v;
	return GA_OK;
}

/* ---- JSON of a centre ---- */

static json_t *words_json(const char *list)
{
	json_t *a = json_array();
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(a, json_stringn(p, n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return a;
}

static json_t *centre_json(const struct centre_view *v)
{
	const struct centre_row *r = &v->row;
	json_t *hours = json_loads(r->hours, 0, NULL);

	if (!json_is_array(hours)) {
		json_decref(hours);
		hours = json_array();
	}
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:I, s:s, "
	    "s:I, s:s, s:I}",
	    "id", (json_int_t)r->id, "region", r->region, "region_name",
	    v->region_name, "name", r->name, "address", r->address,
	    "opening_hours", hours, "facilities", words_json(r->facilities),
	    "manager_name", r->manager_name, "manager_phone", r->manager_phone,
	    "manager_account",
	    r->manager_account ? json_integer(r->manager_account) : json_null(),
	    "created_by", (json_int_t)r->created_by, "created_at",
	    r->created_at, "updated_by", (json_int_t)r->updated_by,
	    "updated_at", r->updated_at, "version", (json_int_t)r->version);
}

/* ---- the centre as PUT sends it ---- */

static int text_of(json_t *v, const char *field, const char **out,
		   struct ga_error *err)
{
	if (json_is_null(v)) {
		*out = NULL;
		return GA_OK;
	}
	if (!json_is_string(v) ||
	    memchr(json_string_value(v), '\0', json_string_length(v)))
		return bad(err, field, "invalid_type",
			   "应为字符串 (must be a string)");
	*out = json_string_value(v);
	return GA_OK;
}

static int hours_from(json_t *v, struct centre_input *in, struct ga_error *err)
{
	char field[48];
	json_t *o, *d;
	size_t i, j;

	if (!json_is_array(v))
		return bad(err, "opening_hours", "invalid_type",
			   "开放时间应为列表 (opening_hours must be a list)");
	if (json_array_size(v) > CENTRE_HOURS_MAX)
		return bad(err, "opening_hours", "too_many",
			   "开放时间最多 7 段 (at most 7 opening-hour "
			   "entries)");
	json_array_foreach(v, i, o)
	{
		struct centre_hours *h = &in->hours[i];
		const char *key;
		json_t *x;

		snprintf(field, sizeof(field), "opening_hours[%zu]", i);
		if (!json_is_object(o))
			return bad(err, field, "invalid_type",
				   "应为 {days, from, to} (must be an object "
				   "{days, from, to})");
		json_object_foreach(o, key, x)
		{
			if (strcmp(key, "days") && strcmp(key, "from") &&
			    strcmp(key, "to"))
				return bad(err, field, "unknown_field",
					   "不接受的字段 (unknown field)");
		}
		memset(h, 0, sizeof(*h));
		x = json_object_get(o, "days");
		if (!json_is_array(x))
			return bad(err, field, "invalid_days",
				   "请选择开放的星期（1 周一 … 7 周日） "
				   "(days must be a list of weekdays 1 to 7)");
		json_array_foreach(x, j, d)
		{
			json_int_t w = json_integer_value(d);

			if (!json_is_integer(d) || w < 1 || w > 7)
				return bad(err, field, "invalid_days",
					   "星期应为 1（周一）到 7（周日） "
					   "(weekdays are 1 to 7)");
			h->days |= 1u << (w - 1);
		}
		if (!json_is_string(json_object_get(o, "from")) ||
		    !json_is_string(json_object_get(o, "to")) ||
		    json_string_length(json_object_get(o, "from")) > 5 ||
		    json_string_length(json_object_get(o, "to")) > 5)
			return bad(err, field, "invalid_time",
				   "时间格式应为 HH:MM，如 16:00 (times must "
				   "be HH:MM)");
		str_copy(h->from, sizeof(h->from),
			 json_string_value(json_object_get(o, "from")));
		str_copy(h->to, sizeof(h->to),
			 json_string_value(json_object_get(o, "to")));
	}
	in->nhours = (int)json_array_size(v);
	return GA_OK;
}

static int facilities_from(json_t *v, struct centre_input *in, const char **ids,
			   struct ga_error *err)
{
	json_t *x;
	size_t i;

	if (!json_is_array(v))
		return bad(err, "facilities", "invalid_type",
			   "设施应为列表 (facilities must be a list)");
	if (json_array_size(v) > CENTRE_FACILITIES_MAX)
		return bad(err, "facilities", "too_many",
			   "设施过多 (too many facilities)");
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x)) {
			char field[48];

			snprintf(field, sizeof(field), "facilities[%zu]", i);
			return bad(err, field, "invalid_type",
				   "应为字符串 (must be a string)");
		}
		ids[i] = json_string_value(x);
	}
	in->facilities = ids;
	in->nfacilities = json_array_size(v);
	return GA_OK;
}

static int centre_from_json(json_t *body, struct centre_input *in,
			    const char **ids, struct ga_error *err)
{
	const char *key;
	json_t *v;
	int rc = GA_OK;

	memset(in, 0, sizeof(*in));
	if (!json_is_object(body))
		return bad(err, "", "invalid_body",
			   "请求体应为 JSON 对象 (body must be an object)");
	json_object_foreach(body, key, v)
	{
		if (rc)
			break;
		if (!strcmp(key, "name"))
			rc = text_of(v, key, &in->name, err);
		else if (!strcmp(key, "address"))
			rc = text_of(v, key, &in->address, err);
		else if (!strcmp(key, "manager_name"))
			rc = text_of(v, key, &in->manager_name, err);
		else if (!strcmp(key, "manager_phone"))
			rc = text_of(v, key, &in->manager_phone, err);
		else if (!strcmp(key, "manager_account")) {
			if (json_is_null(v))
				in->manager_account = 0;
			else if (!json_is_integer(v) ||
				 json_integer_value(v) < 1)
				rc = bad(err, key, "invalid_type",
					 "应为账号编号 (must be an account "
					 "id)");
			else
				in->manager_account = json_integer_value(v);
		} else if (!strcmp(key, "opening_hours"))
			rc = hours_from(v, in, err);
		else if (!strcmp(key, "facilities"))
			rc = facilities_from(v, in, ids, err);
		else if (!strcmp(key, "version")) {
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				rc = bad(err, key, "invalid_type",
					 "版本应为正整数 (version must be a "
					 "positive integer)");
			else
				in->version = json_integer_value(v);
		} else
			rc = bad(err, key, "unknown_field",
				 "不接受的字段 (unknown field)");
	}
	return rc;
}

/* ---- handlers: centres ---- */

struct list_ctx {
	json_t *items;
	json_t *without;
};

static int add_centre(const struct centre_view *v, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, centre_json(v));
	return GA_OK;
}

static int add_without(const char *code, const char *name, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(
	    l->without, json_pack("{s:s, s:s}", "code", code, "name", name));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	struct centre_list_query q = {
	    .region = http_query(c->req, "region"),
	    .after = http_query(c->req, "after"),
	};
	struct list_ctx l;
	char next[13];
	bool listed = false;
	struct db *db;
	json_t *out;
	int rc = centres_page_limit(c, &q.limit);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	l.without = json_array();
	rc = centres_list(db, &c->who, &q, add_centre, add_without, &l, next,
			  &listed, &c->err);
	if (!rc) {
		out = json_pack("{s:O}", "items", l.items);
		json_object_set_new(out, "villages_without",
				    listed ? json_incref(l.without)
					   : json_null());
		json_object_set_new(out, "next",
				    next[0] ? json_string(next) : json_null());
		api_reply(c, 200, out);
	}
	json_decref(l.items);
	json_decref(l.without);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct centre_view v;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = centres_get_village(
		    db, &c->who, http_param(c->req, "code"), &v, &c->err);
	if (!rc)
		api_reply(c, 200, centre_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int put_fn(struct api_ctx *c)
{
	static __thread struct centre_view v;
	static __thread struct centre_input in;
	const char *ids[CENTRE_FACILITIES_MAX + 1];
	bool created = false;
	struct db *db;
	int rc = centre_from_json(c->body, &in, ids, &c->err);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = centres_put(db, &c->who, &c->meta,
				 http_param(c->req, "code"), &in, &v, &created,
				 &c->err);
	if (!rc)
		api_reply(c, created ? 201 : 200, centre_json(&v));
	memset(&v, 0, sizeof(v));
	memset(&in, 0, sizeof(in));
	return rc;
}

/* ---- tables ---- */

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"region", "after", "limit", NULL};

const struct api_handler api_centres_list = {
    .fn = list_fn, .action = ACT_CENTRE_READ, .query = list_query};
const struct api_handler api_centre_get = {
    .fn = get_fn, .action = ACT_CENTRE_READ, .query = no_query};
const struct api_handler api_centre_put = {
    .fn = put_fn, .action = ACT_CENTRE_WRITE, .query = no_query};
