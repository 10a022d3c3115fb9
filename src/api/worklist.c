/*
 * Schedules, worklists, compliance and notifications (#5):
 * GET    /api/v1/worklist?region=&director=   most urgent first
 * GET    /api/v1/compliance?region=&from=&to= figures per director/division
 * GET    /api/v1/schedule                     effective rules for one's scope
 * PUT    /api/v1/schedule                     override one rule (own scope)
 * DELETE /api/v1/schedule?key=                back to the inherited rule
 * GET    /api/v1/notifications                own, unread first
 * POST   /api/v1/notifications/{id}/read      mark one's own read
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "service/child_service.h"
#include "service/schedule_service.h"
#include "service/worklist.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/banned.h"

static int bad_query(struct api_ctx *c, const char *name, const char *zh)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_query", name,
			    "%s无效 (invalid %s)", zh, name);
}

/* ---- worklist ---- */

static json_t *entry_json(const struct worklist_entry *e, struct date today)
{
	char due[11], name[CHILD_NAME_MAX + 1];

	date_format(e->item.due, due);
	worklist_child_name(e->child, name, sizeof(name));
	return json_pack("{s:I, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "child_id", (json_int_t)e->item.child_id, "due_date",
			 due, "overdue", date_cmp(e->item.due, today) < 0,
			 "reason", e->item.reason, "kind", e->item.kind,
			 "urgency", worklist_urgency(e->item.due, today),
			 "source", e->item.source, "child_name", name, "region",
			 e->child->region);
}

/* village names, looked up once each */
static void add_village_names(struct db *db, json_t *items, json_t *names)
{
	size_t i;
	json_t *it;
	struct region r;

	json_array_foreach(items, i, it)
	{
		const char *code =
		    json_string_value(json_object_get(it, "region"));

		if (!code || json_object_get(names, code))
			continue;
		json_object_set_new(
		    names, code,
		    json_string(store_region_get(db, code, &r) ? "" : r.name));
	}
	json_array_foreach(items, i, it)
	{
		const char *code =
		    json_string_value(json_object_get(it, "region"));

		json_object_set(it, "village", json_object_get(names, code));
	}
}

static int worklist_fn(struct api_ctx *c)
{
	const char *region = http_query(c->req, "region");
	const char *dir = http_query(c->req, "director");
	struct date today = children_today();
	struct worklist w = {0};
	int64_t director = 0;
	json_t *items, *names;
	struct db *db;
	int rc = GA_OK;

	if (dir && parse_int64(dir, 1, INT64_MAX, &director))
		rc = bad_query(c, "director", "儿童主任编号");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = worklist_for(db, &c->who, region, director, today, &w,
				  &c->err);
	if (rc) {
		worklist_release(&w);
		return rc;
	}
	items = json_array();
	for (int i = 0; i < w.n; i++)
		json_array_append_new(items, entry_json(&w.entries[i], today));
	names = json_object();
	add_village_names(db, items, names);
	json_decref(names);
	{
		char t[11];

		date_format(today, t);
		api_reply(c, 200,
			  json_pack("{s:o, s:s, s:i, s:b}", "items", items,
				    "today", t, "children", w.nchildren,
				    "truncated", w.truncated));
	}
	worklist_release(&w);
	return GA_OK;
}

/* ---- compliance ---- */

static json_t *row_json(const struct compliance_row *r)
{
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "level", r->level,
	    "region", r->region, "region_name", r->region_name, "children",
	    (json_int_t)r->children, "visits_due", (json_int_t)r->visits_due,
	    "on_time", (json_int_t)r->on_time, "overdue",
	    (json_int_t)r->overdue, "stale", (json_int_t)r->stale);
	json_t *drill = json_pack("{s:s}", "region", r->region);

	if (r->director_id) {
		json_object_set_new(o, "director_id",
				    json_integer(r->director_id));
		json_object_set_new(o, "director_name",
				    json_string(r->director_name));
		json_object_set_new(drill, "director",
				    json_integer(r->director_id));
	}
	json_object_set_new(o, "drill", drill);
	return o;
}

static int date_query(struct api_ctx *c, const char *name, struct date *out)
{
	const char *s = http_query(c->req, name);

	*out = (struct date){0, 0, 0};
	if (s && !date_parse(s, strlen(s), out))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_date", name,
				    "日期应为 YYYY-MM-DD (%s must be a date "
				    "YYYY-MM-DD)",
				    name);
	return GA_OK;
}

static int compliance_fn(struct api_ctx *c)
{
	struct date from, to, today = children_today();
	struct compliance out;
	char f[11], t[11];
	json_t *rows;
	struct db *db;
	int rc = date_query(c, "from", &from);

	if (!rc)
		rc = date_query(c, "to", &to);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = compliance_for(db, &c->who, http_query(c->req, "region"),
				    from, to, today, &out, &c->err);
	if (rc)
		return rc;
	rows = json_array();
	for (int i = 0; i < out.n; i++)
		json_array_append_new(rows, row_json(&out.rows[i]));
	date_format(out.from, f);
	date_format(out.to, t);
	str_copy(out.total.level, sizeof(out.total.level), out.level);
	str_copy(out.total.region, sizeof(out.total.region), out.region);
	api_reply(c, 200,
		  json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "region",
			    out.region, "level", out.level, "from", f, "to", t,
			    "rows", rows, "total", row_json(&out.total)));
	compliance_release(&out);
	return GA_OK;
}

/* ---- schedule ---- */

static json_t *rule_json(const struct schedule_rule *r)
{
	char ws[6] = "", we[6] = "";

	if (r->window_start)
		schedule_mmdd_format(r->window_start, ws);
	if (r->window_end)
		schedule_mmdd_format(r->window_end, we);
	return json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s}", "key", r->key,
			 "reason", r->reason, "kind", r->kind, "interval_days",
			 r->interval_days, "window_start", ws, "window_end", we,
			 "scope", r->scope);
}

static int reply_schedule(struct api_ctx *c, struct db *db)
{
	static __thread struct schedule_view v[SCHEDULE_RULES_MAX];
	json_t *rules;
	int n = 0;
	int rc = schedule_rules_view(db, &c->who, v, &n);

	if (rc)
		return rc;
	rules = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = rule_json(&v[i].rule);
		enum schedule_type t;

		schedule_key_valid(v[i].rule.key, &t);
		json_object_set_new(o, "type",
				    json_string(t == SCHED_HOLIDAY   ? "holiday"
						: t == SCHED_RECHECK ? "recheck"
						: t == SCHED_CASE    ? "case"
								  : "visit"));
		json_object_set_new(o, "own", json_boolean(v[i].own));
		json_object_set_new(o, "inherited", rule_json(&v[i].fallback));
		json_array_append_new(rules, o);
	}
	api_reply(c, 200,
		  json_pack("{s:s, s:b, s:o}", "scope", c->who.scope_prefix,
			    "may_manage",
			    role_may(c->who.account.role, ACT_SCHEDULE_MANAGE),
			    "rules", rules));
	return GA_OK;
}

static int schedule_get_fn(struct api_ctx *c)
{
	struct db *db;
	int rc = api_db(c, &db);

	return rc ? rc : reply_schedule(c, db);
}

static int schedule_put_fn(struct api_ctx *c)
{
	const struct schedule_override *in = c->input;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = schedule_override_set(db, &c->who, &c->meta, in, &c->err);
	return rc ? rc : reply_schedule(c, db);
}

static int schedule_delete_fn(struct api_ctx *c)
{
	const char *key = http_query(c->req, "key");
	struct db *db;
	int rc = GA_OK;

	if (!key || !key[0] || strlen(key) > SCHEDULE_KEY_MAX)
		rc = bad_query(c, "key", "规则");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = schedule_override_delete(db, &c->who, &c->meta, key,
					      &c->err);
	return rc ? rc : reply_schedule(c, db);
}

/* ---- notifications ---- */

static int add_note(const struct notification_row *n, void *data)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:b}", "id",
			      (json_int_t)n->id, "kind", n->kind, "region",
			      n->region, "due_date", n->due_date, "count",
			      (json_int_t)n->count, "created_at", n->created_at,
			      "read", n->read_at[0] != '\0');

	json_object_set_new(o, "child_id",
			    n->child_id ? json_integer(n->child_id)
					: json_null());
	json_object_set_new(o, "read_at",
			    n->read_at[0] ? json_string(n->read_at)
					  : json_null());
	json_array_append_new(data, o);
	return GA_OK;
}

static int notes_fn(struct api_ctx *c)
{
	json_t *items;
	int64_t unread = 0;
	struct db *db;
	int rc = api_db(c, &db);

	if (rc)
		return rc;
	items = json_array();
	rc = notifications_list(db, &c->who, add_note, items, &unread);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:O, s:I}", "items", items, "unread",
				    (json_int_t)unread));
	json_decref(items);
	return rc;
}

static int note_read_fn(struct api_ctx *c)
{
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = notifications_read(db, &c->who, &c->meta, id, &c->err);
	if (!rc)
		api_reply(
		    c, 200,
		    json_pack("{s:I, s:b}", "id", (json_int_t)id, "read", 1));
	return rc;
}

static const char *const no_query[] = {NULL};
static const char *const worklist_query[] = {"region", "director", NULL};
static const char *const compliance_query[] = {"region", "from", "to", NULL};
static const char *const key_query[] = {"key", NULL};

static bool mmdd_ok(const char *s, size_t len)
{
	int v;

	return len == 5 && schedule_mmdd_parse(s, &v);
}

static const struct api_field override_fields[] = {
    {.name = "key",
     .type = AF_STRING,
     .required = true,
     .max = SCHEDULE_KEY_MAX,
     .offset = offsetof(struct schedule_override, key)},
    {.name = "interval_days",
     .type = AF_INT,
     .min = 0,
     .max_int = 100000,
     .offset = offsetof(struct schedule_override, interval_days)},
    {.name = "window_start",
     .type = AF_STRING,
     .max = 5,
     .check = mmdd_ok,
     .check_code = "invalid_window",
     .check_msg = "日期应为 MM-DD，如 01-10 (must be MM-DD, e.g. 01-10)",
     .offset = offsetof(struct schedule_override, window_start)},
    {.name = "window_end",
     .type = AF_STRING,
     .max = 5,
     .check = mmdd_ok,
     .check_code = "invalid_window",
     .check_msg = "日期应为 MM-DD，如 02-28 (must be MM-DD, e.g. 02-28)",
     .offset = offsetof(struct schedule_override, window_end)},
    {0},
};

const struct api_handler api_worklist = {
    .fn = worklist_fn, .action = ACT_WORKLIST_READ, .query = worklist_query};
const struct api_handler api_compliance = {.fn = compliance_fn,
					   .action = ACT_WORKLIST_READ,
					   .query = compliance_query};
const struct api_handler api_schedule_get = {
    .fn = schedule_get_fn, .action = ACT_WORKLIST_READ, .query = no_query};
const struct api_handler api_schedule_put = {
    .fn = schedule_put_fn,
    .action = ACT_SCHEDULE_MANAGE,
    .query = no_query,
    .fields = override_fields,
    .input_size = sizeof(struct schedule_override)};
const struct api_handler api_schedule_delete = {.fn = schedule_delete_fn,
						.action = ACT_SCHEDULE_MANAGE,
						.query = key_query};
/* one's own notifications: every account (the departments get referral
 * and notice reminders, issue 6), filtered by account id in SQL */
const struct api_handler api_notifications = {
    .fn = notes_fn, .action = ACT_NOTIFICATION_READ, .query = no_query};
const struct api_handler api_notification_read = {
    .fn = note_read_fn, .action = ACT_NOTIFICATION_READ, .query = no_query};
