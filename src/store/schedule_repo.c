#include "store/schedule_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char sql_rules[] =
    "SELECT scope, rule_key, reason, interval_days, kind, window_start, "
    "window_end FROM schedule_rule WHERE scope = '' OR "
    "substr($1, 1, length(scope)) = scope OR (scope >= $2 AND scope < $3) "
    "ORDER BY length(scope), scope, rule_key";
static const char sql_default_count[] =
    "SELECT COUNT(*) FROM schedule_rule WHERE scope = ''";
static const char sql_put[] =
    "INSERT INTO schedule_rule (scope, rule_key, reason, interval_days, "
    "kind, window_start, window_end, updated_by, updated_at) VALUES ($1, "
    "$2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (scope, rule_key) DO "
    "UPDATE SET interval_days = excluded.interval_days, window_start = "
    "excluded.window_start, window_end = excluded.window_end, updated_by = "
    "excluded.updated_by, updated_at = excluded.updated_at";
static const char sql_delete[] =
    "DELETE FROM schedule_rule WHERE scope = $1 AND rule_key = $2";

#define CHILD_COLS                                                             \
	"c.id, c.region, c.name, c.birth_date, c.categories, c.key_flags, "    \
	"c.guardianship_level, c.created_at, c.updated_at"
static const char sql_children[] =
    "SELECT " CHILD_COLS ", (SELECT MAX(v.visit_date) FROM visit v WHERE "
    "v.child_id = c.id), (SELECT MAX(v.visit_date) FROM visit v WHERE "
    "v.child_id = c.id AND v.kind = 'holiday') FROM child c WHERE "
    "c.region >= $1 AND c.region < $2 AND c.archived = 0 ORDER BY c.region, "
    "c.id";
static const char sql_visits[] =
    "SELECT " CHILD_COLS ", v.visit_date FROM child c LEFT JOIN visit v ON "
    "v.child_id = c.id WHERE c.region >= $1 AND c.region < $2 AND "
    "c.archived = 0 ORDER BY c.id, v.visit_date";
static const char sql_villages[] =
    "SELECT DISTINCT region FROM child WHERE archived = 0 AND region > $1 "
    "ORDER BY region LIMIT $2";

static const char sql_note_add[] =
    "INSERT INTO notification (account_id, kind, child_id, region, "
    "due_date, item_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
    "ON CONFLICT DO NOTHING";
static const char sql_note_list[] =
    "SELECT id, account_id, kind, COALESCE(child_id, 0), region, due_date, "
    "item_count, created_at, read_at FROM notification WHERE account_id = "
    "$1 ORDER BY CASE WHEN read_at = '' THEN 0 ELSE 1 END, id DESC LIMIT $2";
static const char sql_note_unread[] =
    "SELECT COUNT(*) FROM notification WHERE account_id = $1 AND read_at = "
    "''";
static const char sql_note_read[] =
    "UPDATE notification SET read_at = CASE WHEN read_at = '' THEN $3 ELSE "
    "read_at END WHERE id = $2 AND account_id = $1";
static const char sql_accounts_at[] =
    "SELECT id FROM account WHERE role = $1 AND scope = $2 AND disabled = 0 "
    "ORDER BY id";

#define BT(i, v)       (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v)       (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(dst, col) str_copy(dst, sizeof(dst), db_column_text(st, col))

static int run_done(struct db_stmt *st, int rc, int64_t *changes)
{
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && changes)
		*changes = db_changes(st);
	db_finalize(st);
	return rc;
}

static int count_one(struct db_stmt *st, int rc, int64_t *n)
{
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*n = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

static int mmdd_of(const char *s)
{
	int v = 0;

	return schedule_mmdd_parse(s, &v) ? v : 0;
}

int store_schedule_rules(struct db *db, const char *region,
			 struct schedule_rule *out, int max, int *n)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rules, &st);

	*n = 0;
	scope_range_of(region, &sr);
	BT(1, region);
	BT(2, sr.lo);
	BT(3, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		struct schedule_rule *r = &out[*n];

		if (*n == max) {
			rc = GA_ETOOBIG;
			break;
		}
		memset(r, 0, sizeof(*r));
		COPY(r->scope, 0);
		COPY(r->key, 1);
		COPY(r->reason, 2);
		r->interval_days = (int)db_column_int64(st, 3);
		COPY(r->kind, 4);
		r->window_start = mmdd_of(db_column_text(st, 5));
		r->window_end = mmdd_of(db_column_text(st, 6));
		(*n)++;
		rc = GA_OK;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_schedule_default_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_default_count, &st);

	return count_one(st, rc, n);
}

int store_schedule_put(struct db *db, const struct schedule_rule *r, int64_t by,
		       const char *at)
{
	struct db_stmt *st = NULL;
	char ws[6] = "", we[6] = "";
	int rc = db_prepare(db, sql_put, &st);

	if (r->window_start)
		schedule_mmdd_format(r->window_start, ws);
	if (r->window_end)
		schedule_mmdd_format(r->window_end, we);
	BT(1, r->scope);
	BT(2, r->key);
	BT(3, r->reason);
	BI(4, r->interval_days);
	BT(5, r->kind);
	BT(6, ws);
	BT(7, we);
	BI(8, by);
	BT(9, at);
	return run_done(st, rc, NULL);
}

int store_schedule_delete(struct db *db, const char *scope, const char *key)
{
	struct db_stmt *st = NULL;
	int64_t changed = 0;
	int rc = db_prepare(db, sql_delete, &st);

	BT(1, scope);
	BT(2, key);
	rc = run_done(st, rc, &changed);
	return !rc && !changed ? GA_ENOTFOUND : rc;
}

static void read_child(struct db_stmt *st, struct schedule_child_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	COPY(r->region, 1);
	COPY(r->name, 2);
	COPY(r->birth_date, 3);
	COPY(r->categories, 4);
	COPY(r->key_flags, 5);
	COPY(r->guardianship_level, 6);
	COPY(r->created_at, 7);
	COPY(r->updated_at, 8);
}

int store_schedule_children(struct db *db, const char *prefix,
			    int (*fn)(const struct schedule_child_row *r,
				      void *ctx),
			    void *ctx)
{
	static __thread struct schedule_child_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_children, &st);

	scope_range_of(prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_child(st, &r);
		COPY(r.last_visit, 9);
		COPY(r.last_holiday, 10);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_schedule_visits(struct db *db, const char *prefix,
			  int (*fn)(const struct schedule_child_row *r,
				    const char *visit_date, void *ctx),
			  void *ctx)
{
	static __thread struct schedule_child_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_visits, &st);

	scope_range_of(prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_child(st, &r);
		rc = fn(&r, db_column_text(st, 9), ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_schedule_villages(struct db *db, const char *after, int limit,
			    char (*out)[13], int *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_villages, &st);

	*n = 0;
	BT(1, after);
	BI(2, limit);
	while (!rc && *n < limit && (rc = db_step(st)) == GA_ROW) {
		str_copy(out[(*n)++], 13, db_column_text(st, 0));
		rc = GA_OK;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_notification_add(struct db *db, const struct notification_row *n,
			   int *added)
{
	struct db_stmt *st = NULL;
	int64_t changed = 0;
	int rc = db_prepare(db, sql_note_add, &st);

	BI(1, n->account_id);
	BT(2, n->kind);
	if (!rc)
		rc = n->child_id ? db_bind_int64(st, 3, n->child_id)
				 : db_bind_null(st, 3);
	BT(4, n->region);
	BT(5, n->due_date);
	BI(6, n->count);
	BT(7, n->created_at);
	rc = run_done(st, rc, &changed);
	*added = !rc && changed == 1;
	return rc;
}

int store_notification_list(struct db *db, int64_t account_id, int limit,
			    int (*fn)(const struct notification_row *n,
				      void *ctx),
			    void *ctx)
{
	struct notification_row r;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_note_list, &st);

	BI(1, account_id);
	BI(2, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(&r, 0, sizeof(r));
		r.id = db_column_int64(st, 0);
		r.account_id = db_column_int64(st, 1);
		COPY(r.kind, 2);
		r.child_id = db_column_int64(st, 3);
		COPY(r.region, 4);
		COPY(r.due_date, 5);
		r.count = db_column_int64(st, 6);
		COPY(r.created_at, 7);
		COPY(r.read_at, 8);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_notification_unread(struct db *db, int64_t account_id, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_note_unread, &st);

	BI(1, account_id);
	return count_one(st, rc, n);
}

int store_notification_read(struct db *db, int64_t account_id, int64_t id,
			    const char *at)
{
	struct db_stmt *st = NULL;
	int64_t changed = 0;
	int rc = db_prepare(db, sql_note_read, &st);

	BI(1, account_id);
	BI(2, id);
	BT(3, at);
	rc = run_done(st, rc, &changed);
	return !rc && !changed ? GA_ENOTFOUND : rc;
}

int store_accounts_at(struct db *db, const char *role, const char *scope,
		      int64_t *ids, int max, int *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_accounts_at, &st);

	*n = 0;
	BT(1, role);
	BT(2, scope);
	while (!rc && *n < max && (rc = db_step(st)) == GA_ROW) {
		ids[(*n)++] = db_column_int64(st, 0);
		rc = GA_OK;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
