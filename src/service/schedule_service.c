#include "service/schedule_service.h"

#include <stdlib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define RULE_ROWS_MAX 4096

/* ---- defaults from the CSV ---- */

static int bad_csv(struct ga_error *err, const char *path, long line)
{
	return ga_error_set(err, GA_EINVAL, "invalid_schedule_file", "",
			    "走访频次表 %s 第 %ld 行有误 (bad rule at line "
			    "%ld of %s)",
			    path, line, line, path);
}

/* one CSV record into r; false when it is not a valid rule */
static bool csv_rule(const struct csv *c, const int col[6],
		     struct schedule_rule *r)
{
	enum schedule_type t;
	int64_t interval = 0;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 6; i++)
		if (col[i] < 0 || col[i] >= c->nfields)
			return false;
	str_copy(r->key, sizeof(r->key), c->field[col[0]]);
	str_copy(r->reason, sizeof(r->reason), c->field[col[1]]);
	str_copy(r->kind, sizeof(r->kind), c->field[col[3]]);
	if (!schedule_key_valid(r->key, &t) || !r->reason[0] || !r->kind[0] ||
	    parse_int64(c->field[col[2]], 0, SCHEDULE_INTERVAL_MAX, &interval))
		return false;
	r->interval_days = (int)interval;
	if (t == SCHED_HOLIDAY)
		return schedule_mmdd_parse(c->field[col[4]],
					   &r->window_start) &&
		       schedule_mmdd_parse(c->field[col[5]], &r->window_end);
	return interval >= SCHEDULE_INTERVAL_MIN;
}

static int read_defaults(const char *path, struct schedule_rules *out,
			 struct ga_error *err)
{
	static const char *const names[6] = {"key",	      "reason",
					     "interval_days", "kind",
					     "window_start",  "window_end"};
	int col[6] = {-1, -1, -1, -1, -1, -1};
	bool header = false;
	struct csv c;
	FILE *f = fopen(path, "r");
	int rc;

	out->n = 0;
	if (!f)
		return ga_error_set(err, GA_EIO, "no_schedule_file", "",
				    "找不到走访频次表 %s (cannot open %s)",
				    path, path);
	csv_init(&c, f);
	while ((rc = csv_next(&c)) == GA_ROW) {
		if (!c.nfields || c.field[0][0] == '#' ||
		    (c.nfields == 1 && !c.field[0][0]))
			continue;
		if (!header) {
			for (int i = 0; i < 6; i++)
				col[i] = csv_find(&c, names[i]);
			header = true;
			continue;
		}
		if (out->n == SCHEDULE_RULES_MAX ||
		    !csv_rule(&c, col, &out->rule[out->n])) {
			rc = bad_csv(err, path, c.line);
			break;
		}
		out->n++;
	}
	if (rc == GA_DONE)
		rc = out->n ? GA_OK : bad_csv(err, path, c.line);
	else if (rc != GA_EINVAL || !err->message[0])
		rc = bad_csv(err, path, c.line);
	csv_release(&c);
	fclose(f);
	return rc;
}

int schedule_load_defaults(struct db *db, const char *data_dir, int *loaded,
			   struct ga_error *err)
{
	static struct schedule_rules rules;
	char path[4200], now[24];
	int64_t have = 0;
	int rc = store_schedule_default_count(db, &have);

	*loaded = 0;
	if (rc || have)
		return rc;
	snprintf(path, sizeof(path), "%s/visit_schedule.csv", data_dir);
	rc = read_defaults(path, &rules, err);
	clock_now_text(now);
	if (!rc)
		rc = db_begin(db);
	for (int i = 0; !rc && i < rules.n; i++)
		rc = store_schedule_put(db, &rules.rule[i], 0, now);
	/* reference data, like the divisions: init has no audit key yet */
	if (!rc)
		rc = db_commit(db);
	if (rc && rc != GA_EIO && rc != GA_EINVAL)
		db_rollback(db);
	if (!rc)
		*loaded = rules.n;
	return rc;
}

/* ---- effective rules ---- */

static int load_rows(struct db *db, const char *region,
		     struct schedule_rule **rows, int *n)
{
	*rows = xcalloc(RULE_ROWS_MAX, sizeof(**rows));
	return store_schedule_rules(db, region, *rows, RULE_ROWS_MAX, n);
}

int schedule_rules_for(struct db *db, const char *region,
		       struct schedule_rules *out)
{
	struct schedule_rule *rows;
	int n = 0;
	int rc = load_rows(db, region, &rows, &n);

	if (!rc)
		schedule_effective(rows, n, region, out);
	free(rows);
	return rc;
}

/* the parent prefix of one's own scope: what applies without an override */
static void fallback_rules(const struct schedule_rule *rows, int n,
			   const char *own, struct schedule_rules *out)
{
	struct schedule_rule *copy = xcalloc((size_t)n + 1, sizeof(*copy));
	int m = 0;

	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].scope, own))
			copy[m++] = rows[i];
	schedule_effective(copy, m, own, out);
	free(copy);
}

int schedule_rules_view(struct db *db, const struct principal *by,
			struct schedule_view *out, int *n)
{
	static __thread struct schedule_rules eff, fb;
	const char *own = by->scope_prefix;
	struct schedule_rule *rows;
	int nrows = 0;
	int rc = load_rows(db, own, &rows, &nrows);

	*n = 0;
	if (!rc) {
		schedule_effective(rows, nrows, own, &eff);
		fallback_rules(rows, nrows, own, &fb);
		for (int i = 0; i < eff.n; i++) {
			out[i].rule = eff.rule[i];
			out[i].fallback = fb.rule[i];
			out[i].own = own[0] && !strcmp(eff.rule[i].scope, own);
		}
		*n = eff.n;
	}
	free(rows);
	return rc;
}

/* ---- overrides ---- */

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

static int check_scope(const struct principal *by, struct ga_error *err)
{
	if (!by->scope_prefix[0])
		return ga_error_set(err, GA_EFORBIDDEN, "forbidden", "",
				    "全国范围的默认频次只能由数据文件修改 (the "
				    "default schedule is changed in the data "
				    "file)");
	return GA_OK;
}

/* the default row of key: what an override is checked against */
static int default_of(struct db *db, const char *key, struct schedule_rule *out,
		      struct ga_error *err)
{
	static __thread struct schedule_rules defaults;
	int rc = schedule_rules_for(db, "", &defaults);

	for (int i = 0; !rc && i < defaults.n; i++)
		if (!strcmp(defaults.rule[i].key, key)) {
			*out = defaults.rule[i];
			return GA_OK;
		}
	if (!rc)
		rc = bad(err, "key", "invalid_key",
			 "没有这条走访规则 (no such schedule rule)");
	return rc;
}

static int check_override(const struct schedule_override *o,
			  struct schedule_rule *r, struct ga_error *err)
{
	enum schedule_type t;

	schedule_key_valid(r->key, &t);
	if (t == SCHED_HOLIDAY) {
		if (o->interval_days)
			return bad(err, "interval_days", "invalid_interval",
				   "节假日探访规则只设置时间段 (a holiday rule "
				   "takes a window, not an interval)");
		if (!schedule_mmdd_parse(o->window_start, &r->window_start))
			return bad(err, "window_start", "invalid_window",
				   "开始日期应为 MM-DD，如 01-10 (window_start "
				   "must be MM-DD, e.g. 01-10)");
		if (!schedule_mmdd_parse(o->window_end, &r->window_end))
			return bad(err, "window_end", "invalid_window",
				   "结束日期应为 MM-DD，如 02-28 (window_end "
				   "must be MM-DD, e.g. 02-28)");
		return GA_OK;
	}
	if (o->window_start || o->window_end)
		return bad(err, o->window_start ? "window_start" : "window_end",
			   "invalid_window",
			   "只有节假日探访规则有时间段 (only holiday rules "
			   "take a window)");
	if (o->interval_days < SCHEDULE_INTERVAL_MIN ||
	    o->interval_days > SCHEDULE_INTERVAL_MAX)
		return bad(err, "interval_days", "invalid_interval",
			   "间隔天数应在 7 到 400 之间 (interval_days must be "
			   "between 7 and 400)");
	r->interval_days = (int)o->interval_days;
	return GA_OK;
}

static void audit_id(const char *scope, const char *key, char out[64])
{
	snprintf(out, 64, "%s:%s", scope, key);
}

int schedule_override_set(struct db *db, const struct principal *by,
			  const struct request_meta *m,
			  const struct schedule_override *o,
			  struct ga_error *err)
{
	struct schedule_rule r;
	char now[24], oid[64];
	int rc = check_scope(by, err);

	if (!rc)
		rc = default_of(db, o->key, &r, err);
	if (!rc)
		rc = check_override(o, &r, err);
	if (rc)
		return rc;
	str_copy(r.scope, sizeof(r.scope), by->scope_prefix);
	clock_now_text(now);
	audit_id(r.scope, r.key, oid);
	rc = db_begin(db);
	if (!rc)
		rc = store_schedule_put(db, &r, by->account.id, now);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "schedule.override",
				      "schedule_rule", oid, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int schedule_override_delete(struct db *db, const struct principal *by,
			     const struct request_meta *m, const char *key,
			     struct ga_error *err)
{
	char oid[64];
	int rc = check_scope(by, err);

	if (rc)
		return rc;
	audit_id(by->scope_prefix, key, oid);
	rc = db_begin(db);
	if (!rc)
		rc = store_schedule_delete(db, by->scope_prefix, key);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "key",
			     "本辖区没有这条规则的调整 (no override of that "
			     "rule in your area)");
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "schedule.inherit",
				      "schedule_rule", oid, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

/* ---- notifications ---- */

int notifications_list(struct db *db, const struct principal *by,
		       int (*fn)(const struct notification_row *n, void *ctx),
		       void *ctx, int64_t *unread)
{
	int rc = store_notification_unread(db, by->account.id, unread);

	if (!rc)
		rc = store_notification_list(db, by->account.id,
					     NOTIFICATIONS_LIST_MAX, fn, ctx);
	return rc;
}

int notifications_read(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       struct ga_error *err)
{
	char now[24], idt[24];
	int rc = db_begin(db);

	clock_now_text(now);
	snprintf(idt, sizeof(idt), "%" PRId64, id);
	if (!rc)
		rc = store_notification_read(db, by->account.id, id, now);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "未找到该提醒 (no such notification)");
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "notification.read",
				      "notification", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}
