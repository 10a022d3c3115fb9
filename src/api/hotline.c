/*
 * The protection hotline (未成年人保护专线, issue 6), role hotline:
 * POST /api/v1/hotline/calls                log a call: caller_type, class,
 *      matter, callback?, child_id?, emergency?, received_at?; 201
 * GET  /api/v1/hotline/calls                calls within scope, newest
 *      first (?before, ?limit), without the sealed fields
 * GET  /api/v1/hotline/calls/{id}           one call (audited)
 * POST /api/v1/hotline/calls/{id}/report    open a report and its case
 *      from the call (the report's body; narrative defaults to the
 *      matter, discovered_at to the call's time); 201 {id, case_id}
 * POST /api/v1/hotline/calls/{id}/callback  the call-back to the caller
 *      (note)
 * POST /api/v1/hotline/calls/{id}/referrals refer the call's child to
 *      several departments at once: {referrals: [{to, type, due_date?,
 *      note?}, …]} (1 … 8); the call is dispatched until each answers
 * POST /api/v1/hotline/calls/{id}/close     close the call
 */
#include "api/api.h"

#include <stddef.h>
#include <string.h>

#include "api/handlers.h"
#include "api/report_json.h"
#include "service/hotline_service.h"
#include "util/strutil.h"
#include "util/banned.h"

static void reply_view(struct api_ctx *c, int status,
		       const struct hotline_view *v)
{
	api_reply(c, status, hotline_view_json(v, 1));
	http_set_header(c->resp, "Cache-Control", "no-store");
}

struct call_body {
	const char *received_at, *caller_type, *callback, *matter, *class_;
	int64_t child_id;
	bool emergency;
};

static int create_fn(struct api_ctx *c)
{
	static __thread struct hotline_view v;
	const struct call_body *b = c->input;
	struct hotline_input in = {b->received_at, b->caller_type, b->callback,
				   b->matter,	   b->child_id,	   b->class_,
				   b->emergency};
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = hotline_create(db, &c->who, &c->meta, &in, &v, &c->err);
	if (!rc)
		reply_view(c, 201, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct hotline_view v;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = hotline_get(db, &c->who, &c->meta, id, &v, &c->err);
	if (!rc)
		reply_view(c, 200, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

struct list_ctx {
	json_t *items;
	int64_t last;
};

static int add_call(const struct hotline_view *v, void *p)
{
	struct list_ctx *l = p;

	json_array_append_new(l->items, hotline_view_json(v, 0));
	l->last = v->row.id;
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
	struct list_ctx l = {NULL, 0};
	int64_t before = 0, limit = 0;
	struct db *db;
	int rc = int_query(c, "before", &before);

	if (!rc)
		rc = int_query(c, "limit", &limit);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	if (limit <= 0 || limit > HOTLINE_PAGE_MAX)
		limit = HOTLINE_PAGE_MAX;
	l.items = json_array();
	rc = hotline_list(db, &c->who, before, (int)limit, add_call, &l);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:O, s:o}", "items", l.items, "next",
				    json_array_size(l.items) == (size_t)limit
					? json_integer(l.last)
					: json_null()));
	json_decref(l.items);
	return rc;
}

static int report_fn(struct api_ctx *c)
{
	static __thread struct report_row out;
	struct report_child_input child;
	struct report_input in;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_report_body(c, &in, &child);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = hotline_report(db, &c->who, &c->meta, id, &in, &out,
				    &c->err);
	if (!rc)
		api_reply(c, 201,
			  json_pack("{s:I, s:I, s:I, s:I, s:s}", "id",
				    (json_int_t)out.id, "case_id",
				    (json_int_t)out.case_id, "child_id",
				    (json_int_t)out.child_id, "call_id",
				    (json_int_t)id, "status", "submitted"));
	memset(&out, 0, sizeof(out));
	return rc;
}

struct dispatch_item {
	const char *to, *type, *due_date, *note;
};

static const struct api_field dispatch_fields[] = {
    {.name = "to",
     .type = AF_STRING,
     .required = true,
     .max = 32,
     .offset = offsetof(struct dispatch_item, to)},
    {.name = "type",
     .type = AF_STRING,
     .required = true,
     .max = 48,
     .offset = offsetof(struct dispatch_item, type)},
    {.name = "due_date",
     .type = AF_STRING,
     .max = 10,
     .offset = offsetof(struct dispatch_item, due_date)},
    {.name = "note",
     .type = AF_STRING,
     .max = 8192,
     .offset = offsetof(struct dispatch_item, note)},
    {0}};

static int dispatch_fn(struct api_ctx *c)
{
	static __thread struct hotline_view v;
	struct referral_input in[HOTLINE_DISPATCH_MAX];
	json_t *list = json_is_object(c->body)
			   ? json_object_get(c->body, "referrals")
			   : NULL;
	size_t n = json_array_size(list);
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc && (!json_is_array(list) || n < 1 || n > HOTLINE_DISPATCH_MAX))
		rc = ga_error_set(
		    &c->err, GA_EINVAL, "bad_referrals", "referrals",
		    "referrals 应为 1 至 %d 项的数组（referrals must "
		    "be an array of 1 to %d）",
		    HOTLINE_DISPATCH_MAX, HOTLINE_DISPATCH_MAX);
	memset(in, 0, sizeof(in));
	for (size_t i = 0; !rc && i < n; i++) {
		struct dispatch_item it = {0};
		json_t *o = json_array_get(list, i);

		rc = json_is_object(o)
			 ? api_bind_fields(o, dispatch_fields, &it, c->owned,
					   &c->nowned, 8, &c->err)
			 : ga_error_set(&c->err, GA_EINVAL, "invalid_type", "",
					"每项转介应为对象（each referral must "
					"be an object）");
		if (rc) { /* name the item: referrals[i].field */
			char f[GA_ERROR_FIELD_MAX - 24];

			str_copy(f, sizeof(f), c->err.field);
			snprintf(c->err.field, sizeof(c->err.field),
				 "referrals[%d]%s%s", (int)i, f[0] ? "." : "",
				 f);
		}
		in[i].to = it.to;
		in[i].type = it.type;
		in[i].due_date = it.due_date;
		in[i].note = it.note;
	}
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = hotline_dispatch(db, &c->who, &c->meta, id, in, (int)n, &v,
				      &c->err);
	if (!rc)
		reply_view(c, 201, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

struct note_body {
	const char *note;
};

static int callback_fn(struct api_ctx *c)
{
	static __thread struct hotline_view v;
	const struct note_body *b = c->input;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = hotline_callback(db, &c->who, &c->meta, id, b->note, &v,
				      &c->err);
	if (!rc)
		reply_view(c, 200, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

static int close_fn(struct api_ctx *c)
{
	static __thread struct hotline_view v;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = hotline_close(db, &c->who, &c->meta, id, &v, &c->err);
	if (!rc)
		reply_view(c, 200, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

#define TEXT(s, n, name_, req, size)                                           \
	{                                                                      \
		.name = name_, .type = AF_STRING, .required = req,             \
		.max = size, .offset = offsetof(struct s, n)                   \
	}

static const struct api_field call_fields[] = {
    TEXT(call_body, received_at, "received_at", false, 40),
    TEXT(call_body, caller_type, "caller_type", true, 16),
    TEXT(call_body, callback, "callback", false, 256),
    TEXT(call_body, matter, "matter", true, 65536),
    TEXT(call_body, class_, "class", true, 32),
    {.name = "child_id",
     .type = AF_INT,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct call_body, child_id)},
    {.name = "emergency",
     .type = AF_BOOL,
     .offset = offsetof(struct call_body, emergency)},
    {0}};
static const struct api_field note_fields[] = {
    TEXT(note_body, note, "note", true, 65536), {0}};

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"before", "limit", NULL};

const struct api_handler api_hotline_create = {.fn = create_fn,
					       .action = ACT_HOTLINE,
					       .query = no_query,
					       .fields = call_fields,
					       .input_size =
						   sizeof(struct call_body)};
const struct api_handler api_hotline_list = {
    .fn = list_fn, .action = ACT_HOTLINE, .query = list_query};
const struct api_handler api_hotline_get = {
    .fn = get_fn, .action = ACT_HOTLINE, .query = no_query};
const struct api_handler api_hotline_report = {
    .fn = report_fn, .action = ACT_HOTLINE, .query = no_query};
const struct api_handler api_hotline_callback = {.fn = callback_fn,
						 .action = ACT_HOTLINE,
						 .query = no_query,
						 .fields = note_fields,
						 .input_size =
						     sizeof(struct note_body)};
const struct api_handler api_hotline_dispatch = {
    .fn = dispatch_fn, .action = ACT_HOTLINE, .query = no_query};
const struct api_handler api_hotline_close = {
    .fn = close_fn, .action = ACT_HOTLINE, .query = no_query};
