#include "store/duplicate_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_a, child_b, region, status, found_at, kept, handled_by, "   \
	"handled_at"

static const char sql_add[] =
    "INSERT INTO child_duplicate (child_a, child_b, region, status, "
    "found_at) VALUES ($1, $2, $3, 'open', $4) "
    "ON CONFLICT (child_a, child_b) DO NOTHING";
static const char sql_get[] =
    "SELECT " COLS " FROM child_duplicate WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_list[] =
    "SELECT " COLS " FROM child_duplicate WHERE region >= $1 AND region < $2 "
    "AND (CAST($3 AS TEXT) = '' OR status = $3) "
    "AND (CAST($4 AS BIGINT) = 0 OR child_a = $4 OR child_b = $4) "
    "ORDER BY id DESC LIMIT 500";
static const char sql_close[] =
    "UPDATE child_duplicate SET status = $2, kept = $3, handled_by = $4, "
    "handled_at = $5, note = $6 WHERE id = $1 AND status = 'open'";
static const char sql_supersede[] =
    "UPDATE child_duplicate SET status = 'superseded', handled_by = $2, "
    "handled_at = $3 WHERE (child_a = $1 OR child_b = $1) "
    "AND status = 'open'";
static const char sql_repoint_visits[] =
    "UPDATE visit SET child_id = $2, region = $3 WHERE child_id = $1";
static const char sql_repoint_reports[] =
    "UPDATE parent_report SET child_id = $2 WHERE child_id = $1";
static const char sql_cancel_transfers[] =
    "UPDATE child_transfer SET status = 'cancelled', handled_by = $2, "
    "handled_at = $3 WHERE child_id = $1 AND status = 'pending'";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))

static void read_row(struct db_stmt *st, struct duplicate_row *d)
{
	memset(d, 0, sizeof(*d));
	d->id = db_column_int64(st, 0);
	d->child_a = db_column_int64(st, 1);
	d->child_b = db_column_int64(st, 2);
	str_copy(d->region, sizeof(d->region), db_column_text(st, 3));
	str_copy(d->status, sizeof(d->status), db_column_text(st, 4));
	str_copy(d->found_at, sizeof(d->found_at), db_column_text(st, 5));
	d->kept = db_column_int64(st, 6);
	d->handled_by = db_column_int64(st, 7);
	str_copy(d->handled_at, sizeof(d->handled_at), db_column_text(st, 8));
}

static int step_done(struct db_stmt *st)
{
	return db_step(st) == GA_DONE ? GA_OK : GA_EDB;
}

int store_duplicate_add(struct db *db, int64_t x, int64_t y, const char *region,
			const char *now, int *added)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_add, &st);

	BI(1, x < y ? x : y);
	BI(2, x < y ? y : x);
	BT(3, region);
	BT(4, now);
	if (!rc)
		rc = step_done(st);
	*added = !rc && db_changes(st) == 1;
	db_finalize(st);
	return rc;
}

int store_duplicate_get(struct db *db, const char *scope_prefix, int64_t id,
			struct duplicate_row *out)
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

int store_duplicate_list(struct db *db, const char *scope_prefix,
			 const char *status, int64_t child_id,
			 int (*fn)(const struct duplicate_row *d, void *ctx),
			 void *ctx)
{
	struct duplicate_row d;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, status ? status : "");
	BI(4, child_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &d);
		rc = fn(&d, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_duplicate_close(struct db *db, int64_t id, const char *status,
			  int64_t kept, int64_t by, const char *at,
			  const char *note)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_close, &st);

	BI(1, id);
	BT(2, status);
	BI(3, kept);
	BI(4, by);
	BT(5, at);
	BT(6, note);
	if (!rc)
		rc = step_done(st);
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_duplicate_supersede(struct db *db, int64_t child_id, int64_t by,
			      const char *at)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_supersede, &st);

	BI(1, child_id);
	BI(2, by);
	BT(3, at);
	if (!rc)
		rc = step_done(st);
	db_finalize(st);
	return rc;
}

int store_child_repoint(struct db *db, int64_t from, int64_t to,
			const char *to_region, int64_t by, const char *at)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_repoint_visits, &st);

	BI(1, from);
	BI(2, to);
	BT(3, to_region);
	if (!rc)
		rc = step_done(st);
	db_finalize(st);
	st = NULL;
	if (!rc)
		rc = db_prepare(db, sql_repoint_reports, &st);
	BI(1, from);
	BI(2, to);
	if (!rc)
		rc = step_done(st);
	db_finalize(st);
	st = NULL;
	if (!rc)
		rc = db_prepare(db, sql_cancel_transfers, &st);
	BI(1, from);
	BI(2, by);
	BT(3, at);
	if (!rc)
		rc = step_done(st);
	db_finalize(st);
	return rc;
}
