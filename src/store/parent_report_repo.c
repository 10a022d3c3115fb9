#include "store/parent_report_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, region, status, relation, child_name, parent_name, phone, "       \
	"work_place, carer_name, carer_relation, carer_phone, note, "          \
	"created_at, handled_by, handled_at, COALESCE(child_id, 0), reason"

static const char sql_insert[] =
    "INSERT INTO parent_report (region, status, relation, work_place, "
    "carer_relation, created_at) VALUES ($1, 'pending', $2, $3, $4, $5) "
    "RETURNING id";
static const char sql_seal[] =
    "UPDATE parent_report SET child_name = $2, parent_name = $3, phone = $4, "
    "carer_name = $5, carer_phone = $6, note = $7 WHERE id = $1";
static const char sql_get[] =
    "SELECT " COLS " FROM parent_report WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_finish[] =
    "UPDATE parent_report SET status = $4, handled_by = $5, handled_at = $6, "
    "child_id = $7, reason = $8 WHERE id = $1 AND region >= $2 "
    "AND region < $3 AND status = 'pending'";
static const char sql_reopen[] =
    "UPDATE parent_report SET status = 'pending', handled_by = 0, "
    "handled_at = '', child_id = NULL WHERE id = $1 AND status = 'confirmed'";
static const char sql_list[] =
    "SELECT " COLS " FROM parent_report WHERE region >= $1 AND region < $2 "
    "AND (CAST($3 AS TEXT) = '' OR status = $3) ORDER BY id DESC LIMIT 500";

#define BT(i, v)     (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v)     (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(f, col) str_copy(r->f, sizeof(r->f), db_column_text(st, col))

static void read_row(struct db_stmt *st, struct parent_report_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	COPY(region, 1);
	COPY(status, 2);
	COPY(relation, 3);
	COPY(child_name, 4);
	COPY(parent_name, 5);
	COPY(phone, 6);
	COPY(work_place, 7);
	COPY(carer_name, 8);
	COPY(carer_relation, 9);
	COPY(carer_phone, 10);
	COPY(note, 11);
	COPY(created_at, 12);
	r->handled_by = db_column_int64(st, 13);
	COPY(handled_at, 14);
	r->child_id = db_column_int64(st, 15);
	COPY(reason, 16);
}

int store_parent_report_insert(struct db *db, struct parent_report_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BT(1, r->region);
	BT(2, r->relation);
	BT(3, r->work_place);
	BT(4, r->carer_relation);
	BT(5, r->created_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		r->id = db_column_int64(st, 0);
		str_copy(r->status, sizeof(r->status), "pending");
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_parent_report_seal(struct db *db, const struct parent_report_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seal, &st);

	BI(1, r->id);
	BT(2, r->child_name);
	BT(3, r->parent_name);
	BT(4, r->phone);
	BT(5, r->carer_name);
	BT(6, r->carer_phone);
	BT(7, r->note);
	return db_run_change(st, rc);
}

int store_parent_report_get(struct db *db, const char *scope_prefix, int64_t id,
			    struct parent_report_row *out)
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

int store_parent_report_finish(struct db *db, const char *scope_prefix,
			       int64_t id, const char *status, int64_t by,
			       const char *at, int64_t child_id,
			       const char *reason)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_finish, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, status);
	BI(5, by);
	BT(6, at);
	if (!rc)
		rc = child_id ? db_bind_int64(st, 7, child_id)
			      : db_bind_null(st, 7);
	BT(8, reason ? reason : "");
	return db_run_change(st, rc);
}

int store_parent_report_reopen(struct db *db, int64_t id)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_reopen, &st);

	BI(1, id);
	return db_run_change(st, rc);
}

int store_parent_report_list(
    struct db *db, const char *scope_prefix, const char *status,
    int (*fn)(const struct parent_report_row *r, void *ctx), void *ctx)
{
	static __thread struct parent_report_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, status ? status : "");
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
