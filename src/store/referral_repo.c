#include "store/referral_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_id, region, COALESCE(case_id, 0), source, "                 \
	"COALESCE(source_id, 0), to_dept, type, note, due_date, status, "      \
	"outcome, reason, created_by, created_at, answered_by, answered_at, "  \
	"escalated_on, version"

#define INSERT_COLS                                                            \
	"child_id, region, case_id, source, source_id, to_dept, type, "        \
	"due_date, status, created_by, created_at, version"

static const char sql_insert[] =
    "INSERT INTO referral (" INSERT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, $8, 'sent', $9, $10, 1) RETURNING id";
static const char sql_insert_auto[] =
    "INSERT INTO referral (" INSERT_COLS ") SELECT CAST($1 AS BIGINT), "
    "CAST($2 AS TEXT), CAST($3 AS BIGINT), CAST($4 AS TEXT), "
    "CAST($5 AS BIGINT), CAST($6 AS TEXT), CAST($7 AS TEXT), "
    "CAST($8 AS TEXT), 'sent', CAST($9 AS BIGINT), CAST($10 AS TEXT), 1 "
    "WHERE NOT EXISTS (SELECT 1 FROM referral "
    "WHERE child_id = $1 AND source = 'auto' AND type = $7) RETURNING id";
static const char sql_seal[] = "UPDATE referral SET note = $2 WHERE id = $1";
static const char sql_get[] = "SELECT " COLS " FROM referral WHERE id = $1 "
			      "AND region >= $2 AND region < $3";
static const char sql_answer[] =
    "UPDATE referral SET status = $4, outcome = $5, reason = $6, "
    "answered_by = $7, answered_at = $8, version = version + 1 WHERE id = $1 "
    "AND region >= $2 AND region < $3 AND status = $9 AND version = $10";
static const char sql_list[] =
    "SELECT " COLS " FROM referral WHERE region >= $1 AND region < $2 "
    "AND (CAST($3 AS TEXT) = '' OR to_dept = $3) "
    "AND (CAST($4 AS TEXT) = '' OR status = $4) "
    "AND (CAST($5 AS TEXT) = '' OR (status IN ('sent', 'accepted') AND "
    "due_date < $5)) "
    "AND (CAST($6 AS BIGINT) = 0 OR child_id = $6) "
    "AND (CAST($7 AS BIGINT) = 0 OR case_id = $7) "
    "AND (CAST($8 AS TEXT) = '' OR source = $8) "
    "AND (CAST($9 AS BIGINT) = 0 OR source_id = $9) "
    "AND (CAST($10 AS BIGINT) = 0 OR id < $10) "
    "ORDER BY id DESC LIMIT $11";
static const char sql_board[] =
    "SELECT to_dept, status, COUNT(*), SUM(CASE WHEN status IN ('sent', "
    "'accepted') AND due_date < $3 THEN 1 ELSE 0 END) FROM referral "
    "WHERE region >= $1 AND region < $2 GROUP BY to_dept, status "
    "ORDER BY to_dept, status";
static const char sql_overdue[] =
    "SELECT " COLS " FROM referral WHERE status IN ('sent', 'accepted') "
    "AND due_date < $1 AND escalated_on = '' AND id > $2 ORDER BY id "
    "LIMIT $3";
static const char sql_escalated[] =
    "UPDATE referral SET escalated_on = $2 WHERE id = $1";
static const char sql_no_hukou[] =
    "SELECT id FROM child WHERE no_hukou = 1 AND archived = 0 AND id > $1 "
    "ORDER BY id LIMIT $2";
static const char sql_missing[] =
    "SELECT c.id, c.region, m.police_accepted FROM child_member m JOIN "
    "child c ON c.id = m.child_id WHERE m.situation = 'missing' AND "
    "m.police_accepted <> '' AND c.archived = 0 ORDER BY c.id";
static const char sql_justice[] =
    "SELECT n.child_id, MIN(n.due_date) FROM notification n JOIN child c "
    "ON c.id = n.child_id WHERE n.kind = 'justice_notice' AND c.region >= "
    "$1 AND c.region < $2 AND c.archived = 0 AND NOT EXISTS (SELECT 1 FROM "
    "visit v WHERE v.child_id = n.child_id AND v.visit_date >= n.due_date) "
    "GROUP BY n.child_id ORDER BY n.child_id";
static const char sql_source_counts[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status <> 'sent' THEN 1 ELSE 0 "
    "END), 0) FROM referral WHERE source = $1 AND source_id = $2";
static const char sql_move[] =
    "UPDATE referral SET region = $2 WHERE child_id = $1";

#define BT(i, v)     (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v)     (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(f, col) str_copy(r->f, sizeof(r->f), db_column_text(st, col))

static void read_row(struct db_stmt *st, struct referral_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	COPY(region, 2);
	r->case_id = db_column_int64(st, 3);
	COPY(source, 4);
	r->source_id = db_column_int64(st, 5);
	COPY(to_dept, 6);
	COPY(type, 7);
	COPY(note, 8);
	COPY(due_date, 9);
	COPY(status, 10);
	COPY(outcome, 11);
	COPY(reason, 12);
	r->created_by = db_column_int64(st, 13);
	COPY(created_at, 14);
	r->answered_by = db_column_int64(st, 15);
	COPY(answered_at, 16);
	COPY(escalated_on, 17);
	r->version = db_column_int64(st, 18);
}

/* a nullable id: 0 binds NULL */
static int bind_opt(struct db_stmt *st, int i, int64_t v)
{
	return v ? db_bind_int64(st, i, v) : db_bind_null(st, i);
}

static int insert(struct db *db, const char *sql, struct referral_row *r,
		  int *added)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	BI(1, r->child_id);
	BT(2, r->region);
	rc = rc ? rc : bind_opt(st, 3, r->case_id);
	BT(4, r->source);
	rc = rc ? rc : bind_opt(st, 5, r->source_id);
	BT(6, r->to_dept);
	BT(7, r->type);
	BT(8, r->due_date);
	BI(9, r->created_by);
	BT(10, r->created_at);
	*added = 0;
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		r->id = db_column_int64(st, 0);
		str_copy(r->status, sizeof(r->status), "sent");
		r->version = 1;
		*added = 1;
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_OK;
	}
	db_finalize(st);
	return rc;
}

int store_referral_insert(struct db *db, struct referral_row *r)
{
	int added = 0;
	int rc = insert(db, sql_insert, r, &added);

	return !rc && !added ? GA_EDB : rc;
}

int store_referral_insert_auto(struct db *db, struct referral_row *r,
			       int *added)
{
	return insert(db, sql_insert_auto, r, added);
}

int store_referral_seal_note(struct db *db, int64_t id, const char *note)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seal, &st);

	BI(1, id);
	BT(2, note);
	return db_run_change(st, rc);
}

int store_referral_get(struct db *db, const char *scope_prefix, int64_t id,
		       struct referral_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_row(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_referral_answer(struct db *db, const char *scope_prefix,
			  const struct referral_row *r, const char *from)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_answer, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->status);
	BT(5, r->outcome);
	BT(6, r->reason);
	BI(7, r->answered_by);
	BT(8, r->answered_at);
	BT(9, from);
	BI(10, r->version);
	return db_run_change(st, rc);
}

static int each_row(struct db_stmt *st, int rc,
		    int (*fn)(const struct referral_row *r, void *ctx),
		    void *ctx)
{
	static __thread struct referral_row r;

	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_referral_list(struct db *db, const struct referral_filter *f,
			int (*fn)(const struct referral_row *r, void *ctx),
			void *ctx)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(f->scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, f->to_dept ? f->to_dept : "");
	BT(4, f->status ? f->status : "");
	BT(5, f->overdue_on ? f->overdue_on : "");
	BI(6, f->child_id);
	BI(7, f->case_id);
	BT(8, f->source ? f->source : "");
	BI(9, f->source_id);
	BI(10, f->before_id);
	BI(11, f->limit);
	return each_row(st, rc, fn, ctx);
}

int store_referral_board(struct db *db, const char *scope_prefix,
			 const char *today,
			 int (*fn)(const char *dept, const char *status,
				   int64_t count, int64_t overdue, void *ctx),
			 void *ctx)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_board, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, today);
	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_text(st, 0), db_column_text(st, 1),
			db_column_int64(st, 2), db_column_int64(st, 3), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_referral_overdue(struct db *db, const char *today, int64_t after_id,
			   int limit,
			   int (*fn)(const struct referral_row *r, void *ctx),
			   void *ctx)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_overdue, &st);

	BT(1, today);
	BI(2, after_id);
	BI(3, limit);
	return each_row(st, rc, fn, ctx);
}

int store_referral_mark_escalated(struct db *db, int64_t id, const char *day)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_escalated, &st);

	BI(1, id);
	BT(2, day);
	return db_run_change(st, rc);
}

int store_referral_no_hukou_children(struct db *db, int64_t after_id, int limit,
				     int64_t *ids, int *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_no_hukou, &st);

	*n = 0;
	BI(1, after_id);
	BI(2, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW && *n < limit)
		ids[(*n)++] = db_column_int64(st, 0);
	if (rc == GA_DONE || rc == GA_ROW)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_referral_missing_parents(struct db *db,
				   int (*fn)(int64_t child_id,
					     const char *region,
					     const char *police_accepted,
					     void *ctx),
				   void *ctx)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_missing, &st);

	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_int64(st, 0), db_column_text(st, 1),
			db_column_text(st, 2), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_referral_move(struct db *db, int64_t child_id, const char *region)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_move, &st);

	BI(1, child_id);
	BT(2, region);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_referral_justice_unvisited(
    struct db *db, const char *scope_prefix,
    int (*fn)(int64_t child_id, const char *notice_day, void *ctx), void *ctx)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_justice, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_int64(st, 0), db_column_text(st, 1), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_referral_source_counts(struct db *db, const char *source,
				 int64_t source_id, int64_t *total,
				 int64_t *answered)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_source_counts, &st);

	*total = *answered = 0;
	if (!rc)
		rc = db_bind_text(st, 1, source);
	if (!rc)
		rc = db_bind_int64(st, 2, source_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*total = db_column_int64(st, 0);
		*answered = db_column_int64(st, 1);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_OK;
	}
	db_finalize(st);
	return rc;
}
