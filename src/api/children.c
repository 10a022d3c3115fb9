/*
 * POST  /api/v1/children                 register a child (child.write)
 * GET   /api/v1/children                 list within scope (child.read)
 * GET   /api/v1/children/{id}            the dossier (?unmask=1: child.unmask,
 * audited) PATCH /api/v1/children/{id}            update with the current
 * version (child.write) GET   /api/v1/children/{id}/history    who changed
 * what, field by field
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "api/child_json.h"
#include "api/client_uuid.h"
#include "api/handlers.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "service/idempotency.h"
#include "util/strutil.h"
#include "util/banned.h"

#define PAGE_MAX 200

static int create_fn(struct api_ctx *c)
{
	static __thread struct child_record in;
	static __thread struct child_view out;
	struct date today = children_today();
	struct db *db;
	int rc;

	memset(&in, 0, sizeof(in));
	in.guardianship = GL_FAIR;
	rc = child_from_json(c->body, true, &in, &c->err);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_create(db, &c->who, &c->meta, &in, today, &out,
				     &c->err);
	if (!rc)
		api_reply(c, 201, child_to_json(&out, today, true));
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct child_view v;
	const char *unmask = http_query(c->req, "unmask");
	struct date today = children_today();
	bool full = false;
	char idt[24];
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc && unmask) {
		if (strcmp(unmask, "1") && strcmp(unmask, "0"))
			return ga_error_set(&c->err, GA_EINVAL, "invalid_value",
					    "unmask",
					    "unmask 应为 0 或 1 "
					    "(unmask must be 0 or 1)");
		full = !strcmp(unmask, "1");
		if (full && !role_may(c->who.account.role, ACT_CHILD_UNMASK))
			return ga_error_set(
			    &c->err, GA_EFORBIDDEN, "forbidden", "unmask",
			    "无权查看完整身份信息 (you may not see "
			    "full identity numbers)");
	}
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_get(db, &c->who, id, today, &v, &c->err);
	if (rc)
		return rc;
	if (full) {
		/* every read of unmasked data is audited */
		snprintf(idt, sizeof(idt), "%lld", (long long)id);
		rc = auth_audit(db, &c->who, &c->meta, "child.unmask", "child",
				idt, "ok");
		if (rc)
			return rc;
	}
	api_reply(c, 200, child_to_json(&v, today, full));
	return GA_OK;
}

/*
 * An offline client's client_uuid (optional): taken out of the body, which
 * is then hashed in canonical form (sorted keys) to recognise a replay.
 */

/* a dossier update sent again: answer with the dossier as it stands */
static int replay_child(struct api_ctx *c, struct db *db, int64_t version,
			void *ctx)
{
	static __thread struct child_view now;
	const int64_t *id = ctx;
	struct date today = children_today();
	int rc;

	(void)version;
	rc = children_get(db, &c->who, *id, today, &now, &c->err);
	if (!rc)
		api_reply(c, 200, child_to_json(&now, today, true));
	return rc;
}

static int patch_fn(struct api_ctx *c)
{
	static __thread struct child_view cur, out;
	struct date today = children_today();
	struct idem_key key;
	bool replied = false;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_client_uuid(c, "child.update", id, &key);
	if (!rc)
		rc = api_db(c, &db);
	/* out of scope is 404 before anything is said about the UUID */
	if (!rc)
		rc = children_get(db, &c->who, id, today, &cur, &c->err);
	if (!rc)
		rc = api_idem_replay(c, db, &key, replay_child, &id, &replied);
	if (rc || replied)
		return rc;
	rc = child_from_json(c->body, false, &cur.rec, &c->err);
	if (!rc)
		rc = children_update_once(db, &c->who, &c->meta, &cur.rec,
					  today, key.client_uuid ? &key : NULL,
					  &out, &c->err);
	if (rc)
		return api_idem_race(c, db, &key, rc, replay_child, &id);
	api_reply(c, 200, child_to_json(&out, today, true));
	return GA_OK;
}

struct list_ctx {
	json_t *items;
	struct date today;
};

static int add_row(const struct child_record *r, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, child_row_json(r, l->today));
	return GA_OK;
}

static int bad(struct api_ctx *c, const char *field)
{
	return ga_error_set(&c->err, GA_EINVAL, "invalid_filter", field,
			    "筛选条件 %s 无效 (invalid filter %s)", field,
			    field);
}

/* birth dates that make the age lie in [min, max] on today */
static void age_bounds(struct date today, int64_t min, int64_t max,
		       char from[11], char to[11])
{
	struct date hi = date_add_years(today, -(int)min);
	struct date lo = date_add_years(today, -(int)max - 1);

	lo.d += 0;
	date_format(hi, to);
	/* born after lo: one more day than a year past the max age */
	lo = date_add_months(lo, 0);
	date_format(lo, from);
	/* a child exactly max+1 years old today is excluded */
	if (from[0]) {
		struct date f;

		date_parse(from, 10, &f);
		f.d++;
		if (!date_valid(f)) {
			f = date_add_months((struct date){f.y, f.m, 1}, 1);
		}
		date_format(f, from);
	}
}

static int list_fn(struct api_ctx *c)
{
	struct child_query q = {.filter = {.archived = 0, .limit = 50}};
	struct list_ctx l = {NULL, children_today()};
	char from[11] = "", to[11] = "", region_prefix[13];
	const char *s;
	int64_t v, next = 0, amin = -1, amax = -1;
	json_t *out;
	struct db *db;
	int rc;

	if ((s = http_query(c->req, "region"))) {
		size_t n = strlen(s);

		if (!region_code_valid(s, n))
			return bad(c, "region");
		/* the division's own digits: its whole subtree */
		n = region_level_prefix_len(region_code_level(s));
		memcpy(region_prefix, s, n);
		region_prefix[n] = '\0';
		q.filter.region = region_prefix;
	}
	if ((s = http_query(c->req, "category"))) {
		bool ok = false;

		for (unsigned b = 1; b <= CAT_PARENT_DETAINED; b <<= 1)
			ok |= !strcmp(s, category_id(b));
		if (!ok)
			return bad(c, "category");
		q.filter.category = s;
	}
	if ((s = http_query(c->req, "key_flag"))) {
		bool ok = false;

		for (unsigned b = 1; b <= KEY_LIVING_ALONE; b <<= 1)
			ok |= !strcmp(s, key_flag_id(b));
		if (!ok)
			return bad(c, "key_flag");
		q.filter.key_flag = s;
	}
	if ((s = http_query(c->req, "school_status"))) {
		if (school_status_from(s) < 0)
			return bad(c, "school_status");
		q.filter.school_status = s;
	}
	if ((s = http_query(c->req, "guardianship_level"))) {
		if (guardianship_level_from(s) < 0)
			return bad(c, "guardianship_level");
		q.filter.guardianship_level = s;
	}
	if ((s = http_query(c->req, "age_min")) && parse_int64(s, 0, 18, &amin))
		return bad(c, "age_min");
	if ((s = http_query(c->req, "age_max")) && parse_int64(s, 0, 18, &amax))
		return bad(c, "age_max");
	if (amin >= 0 || amax >= 0) {
		age_bounds(l.today, amin < 0 ? 0 : amin, amax < 0 ? 18 : amax,
			   from, to);
		q.filter.birth_from = from;
		q.filter.birth_to = to;
	}
	if ((s = http_query(c->req, "name"))) {
		if (!*s || strlen(s) > CHILD_NAME_MAX)
			return bad(c, "name");
		q.name = s;
	}
	if ((s = http_query(c->req, "id_number"))) {
		if (strlen(s) != 18)
			return bad(c, "id_number");
		q.id_number = s;
	}
	if ((s = http_query(c->req, "archived"))) {
		if (!strcmp(s, "1"))
			q.filter.archived = 1;
		else if (!strcmp(s, "all"))
			q.filter.archived = -1;
		else if (strcmp(s, "0"))
			return bad(c, "archived");
	}
	if ((s = http_query(c->req, "referral"))) {
		if (strcmp(s, "1"))
			return bad(c, "referral");
		/* the aged-out list: archived at 18, to refer for jobs */
		q.filter.referral = true;
		q.filter.archived = -1;
	}
	if ((s = http_query(c->req, "after")) &&
	    parse_int64(s, 0, INT64_MAX, &q.filter.after_id))
		return bad(c, "after");
	if ((s = http_query(c->req, "limit"))) {
		if (parse_int64(s, 1, PAGE_MAX, &v))
			return bad(c, "limit");
		q.filter.limit = (int)v;
	}
	rc = api_db(c, &db);
	if (rc)
		return rc;
	l.items = json_array();
	rc = children_list(db, &c->who, &q, &next, add_row, &l, &c->err);
	if (!rc) {
		out = json_pack("{s:O}", "items", l.items);
		json_object_set_new(out, "next",
				    next ? json_integer(next) : json_null());
		api_reply(c, 200, out);
	}
	json_decref(l.items);
	return rc;
}

struct hist_ctx {
	json_t *items;
	bool unmasked;
};

/* identity numbers and phones in history are masked like everywhere */
static json_t *history_value(const char *field, const char *v, size_t n,
			     bool unmasked)
{
	char plain[256], masked[32];
	size_t k = n < sizeof(plain) - 1 ? n : sizeof(plain) - 1;
	size_t flen = strlen(field);

	memcpy(plain, v, k);
	plain[k] = '\0';
	if (unmasked || !plain[0])
		return json_string(plain);
	if (flen >= 9 && !strcmp(field + flen - 9, "id_number")) {
		char id[19];

		idcard_mask(plain, id);
		return json_string(id);
	}
	if (flen >= 5 && !strcmp(field + flen - 5, "phone")) {
		size_t len = strlen(plain);

		str_copy(masked, sizeof(masked), plain);
		for (size_t i = 3; len >= 7 && i < len - 4; i++)
			masked[i] = '*';
		return json_string(masked);
	}
	return json_string(plain);
}

static int add_change(const struct child_change *ch, void *data)
{
	struct hist_ctx *h = data;
	json_t *fields = json_array();
	const char *p = ch->changes;

	/* "field\x1fold\x1fnew\x1e…" */
	while (*p) {
		const char *f = p, *o, *n, *end;

		o = strchr(f, '\x1f');
		n = o ? strchr(o + 1, '\x1f') : NULL;
		end = n ? strchr(n + 1, '\x1e') : NULL;
		if (!end)
			break;
		{
			char field[64];
			size_t fl = (size_t)(o - f) < sizeof(field) - 1
					? (size_t)(o - f)
					: sizeof(field) - 1;

			memcpy(field, f, fl);
			field[fl] = '\0';
			json_array_append_new(
			    fields,
			    json_pack("{s:s, s:o, s:o}", "field", field, "old",
				      history_value(field, o + 1,
						    (size_t)(n - o - 1),
						    h->unmasked),
				      "new",
				      history_value(field, n + 1,
						    (size_t)(end - n - 1),
						    h->unmasked)));
		}
		p = end + 1;
	}
	json_array_append_new(h->items,
			      json_pack("{s:I, s:s, s:I, s:o}", "version",
					(json_int_t)ch->version, "changed_at",
					ch->at, "changed_by",
					(json_int_t)ch->by, "changes", fields));
	return GA_OK;
}

static int history_fn(struct api_ctx *c)
{
	struct hist_ctx h = {NULL, false};
	const char *unmask = http_query(c->req, "unmask");
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc && unmask) {
		if (strcmp(unmask, "1") && strcmp(unmask, "0"))
			return ga_error_set(
			    &c->err, GA_EINVAL, "invalid_value", "unmask",
			    "unmask 应为 0 或 1 (unmask must be 0 "
			    "or 1)");
		h.unmasked = !strcmp(unmask, "1");
		if (h.unmasked &&
		    !role_may(c->who.account.role, ACT_CHILD_UNMASK))
			return ga_error_set(
			    &c->err, GA_EFORBIDDEN, "forbidden", "unmask",
			    "无权查看完整身份信息 (you may not see "
			    "full identity numbers)");
	}
	h.items = json_array();
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_history(db, &c->who, id, &c->meta, add_change, &h,
				      &c->err);
	if (!rc && h.unmasked) {
		char idt[24];

		snprintf(idt, sizeof(idt), "%lld", (long long)id);
		rc = auth_audit(db, &c->who, &c->meta, "child.unmask", "child",
				idt, "ok:history");
	}
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", h.items));
	json_decref(h.items);
	return rc;
}

struct archive_input {
	const char *reason;
	int64_t version;
};

static int archive_fn(struct api_ctx *c)
{
	const struct archive_input *in = c->input;
	static __thread struct child_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_archive(db, &c->who, &c->meta, id, in->version,
				      in->reason, &c->err);
	if (!rc)
		rc = children_get(db, &c->who, id, children_today(), &v,
				  &c->err);
	if (!rc)
		api_reply(c, 200, child_to_json(&v, children_today(), false));
	return rc;
}

static int restore_fn(struct api_ctx *c)
{
	struct archive_input *in = c->input;

	in->reason = NULL;
	return archive_fn(c);
}

static bool reason_ok(const char *s, size_t len)
{
	(void)len;
	return children_archive_reason_ok(s);
}

static const struct api_field archive_fields[] = {
    {.name = "reason",
     .type = AF_STRING,
     .required = true,
     .max = 16,
     .check = reason_ok,
     .check_code = "invalid_value",
     .check_msg = "归档原因应为 aged_out、moved_away、died 或 other (reason "
		  "must be aged_out, moved_away, died or other)",
     .offset = offsetof(struct archive_input, reason)},
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct archive_input, version)},
    {0},
};

static const struct api_field restore_fields[] = {
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct archive_input, version)},
    {0},
};

static const char *const no_query[] = {NULL};
static const char *const get_query[] = {"unmask", NULL};
static const char *const list_query[] = {"region",
					 "category",
					 "key_flag",
					 "school_status",
					 "guardianship_level",
					 "age_min",
					 "age_max",
					 "name",
					 "id_number",
					 "archived",
					 "referral",
					 "after",
					 "limit",
					 NULL};

const struct api_handler api_children_create = {
    .fn = create_fn, .action = ACT_CHILD_WRITE, .query = no_query};
const struct api_handler api_children_list = {
    .fn = list_fn, .action = ACT_CHILD_READ, .query = list_query};
const struct api_handler api_children_get = {
    .fn = get_fn, .action = ACT_CHILD_READ, .query = get_query};
const struct api_handler api_children_patch = {
    .fn = patch_fn, .action = ACT_CHILD_WRITE, .query = no_query};
const struct api_handler api_children_history = {
    .fn = history_fn, .action = ACT_CHILD_READ, .query = no_query};
const struct api_handler api_children_archive = {
    .fn = archive_fn,
    .action = ACT_CHILD_WRITE,
    .query = no_query,
    .fields = archive_fields,
    .input_size = sizeof(struct archive_input)};
const struct api_handler api_children_restore = {
    .fn = restore_fn,
    .action = ACT_CHILD_WRITE,
    .query = no_query,
    .fields = restore_fields,
    .input_size = sizeof(struct archive_input)};
