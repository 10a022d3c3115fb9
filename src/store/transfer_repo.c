#include "store/transfer_repo.h"

#include <string.h>

#include "store/referral_repo.h"
#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_id, from_region, to_region, status, requested_by, "         \
	"requested_at, handled_by, handled_at"

static const char sql_insert[] =
    "INSERT INTO child_transfer (child_id, from_region, to_region, status, "
    "requested_by, requested_at) VALUES ($1, $2, $3, 'pending', $4, $5) "
    "RETURNING id";
static const char sql_pending_of[] =
    "SELECT " COLS " FROM child_transfer WHERE child_id = $1 "
    "AND status = 'pending'";
static const char sql_get[] =
    "SELECT " COLS " FROM child_transfer WHERE id = $1 AND "
    "((to_region >= $2 AND to_region < $3) OR "
    "(from_region >= $2 AND from_region < $3))";
static const char sql_finish[] =
    "UPDATE child_transfer SET status = $2, handled_by = $3, handled_at = $4 "
    "WHERE id = $1 AND status = 'pending'";
static const char sql_incoming[] =
    "SELECT " COLS " FROM child_transfer WHERE to_region >= $1 "
    "AND to_region < $2 AND (CAST($3 AS TEXT) = '' OR status = $3) "
    "ORDER BY id DESC LIMIT 500";
static const char sql_outgoing[] =
    "SELECT " COLS " FROM child_transfer WHERE from_region >= $1 "
    "AND from_region < $2 AND (CAST($3 AS TEXT) = '' OR status = $3) "
    "ORDER BY id DESC LIMIT 500";
static const char sql_move_child[] =
    "UPDATE child SET region = $3, version = version + 1, updated_at = $4, "
    "updated_by = $5 WHERE id = $1 AND version = $2";
static const char sql_move_members[] =
    "UPDATE child_member SET region = $2 WHERE child_id = $1";
static const char sql_move_changes[] =
    "UPDATE child_change SET region = $2 WHERE child_id = $1";
static const char sql_move_confirmations[] =
    "UPDATE guardianship_confirmation SET region = $2 WHERE child_id = $1";
/* visits and their photos follow the child to its new village */
/* the parents' reports applied to the dossier go with it */
static const char sql_move_reports[] =
    "UPDATE parent_report SET region = $2 WHERE child_id = $1";
static const char sql_move_visits[] =
    "UPDATE visit SET region = $2 WHERE child_id = $1";
static const char sql_move_visit_photos[] =
    "UPDATE visit_photo SET region = $2 WHERE visit_id IN "
    "(SELECT id FROM visit WHERE child_id = $1)";
static const char sql_move_cases[] =
    "UPDATE child_case SET region = $2 WHERE child_id = $1";
static const char sql_move_case_events[] =
    "UPDATE case_event SET region = $2 WHERE case_id IN "
    "(SELECT id FROM child_case WHERE child_id = $1)";
static const char sql_move_case_plan[] =
    "UPDATE case_plan_item SET region = $2 WHERE case_id IN "
    "(SELECT id FROM child_case WHERE child_id = $1)";
static const char sql_move_case_conferences[] =
    "UPDATE case_conference SET region = $2 WHERE case_id IN "
    "(SELECT id FROM child_case WHERE child_id = $1)";

/* guardianship intervention: placements and assessments follow the child */
static const char sql_move_placements[] =
    "UPDATE placement SET region = $2 WHERE child_id = $1";
static const char sql_move_assessments[] =
    "UPDATE guardianship_assessment SET region = $2 WHERE child_id = $1";
static const char sql_move_reports_made[] =
    "UPDATE report SET region = $2 WHERE child_id = $1";
static const char sql_move_report_files[] =
    "UPDATE report_attachment SET region = $2 WHERE report_id IN "
    "(SELECT id FROM report WHERE child_id = $1)";
static const char sql_move_calls[] =
    "UPDATE hotline_call SET region = $2 WHERE child_id = $1";

static void read_row(struct db_stmt *st, struct transfer_row *t)
{
	memset(t, 0, sizeof(*t));
	t->id = db_column_int64(st, 0);
	t->child_id = db_column_int64(st, 1);
	str_copy(t->from_region, sizeof(t->from_region), db_column_text(st, 2));
	str_copy(t->to_region, sizeof(t->to_region), db_column_text(st, 3));
	str_copy(t->status, sizeof(t->status), db_column_text(st, 4));
	t->requested_by = db_column_int64(st, 5);
	str_copy(t->requested_at, sizeof(t->requested_at),
		 db_column_text(st, 6));
	t->handled_by = db_column_int64(st, 7);
	str_copy(t->handled_at, sizeof(t->handled_at), db_column_text(st, 8));
}

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))

int store_transfer_insert(struct db *db, struct transfer_row *t)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BI(1, t->child_id);
	BT(2, t->from_region);
	BT(3, t->to_region);
	BI(4, t->requested_by);
	BT(5, t->requested_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		t->id = db_column_int64(st, 0);
		str_copy(t->status, sizeof(t->status), "pending");
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

static int one(struct db_stmt *st, struct transfer_row *out)
{
	int rc = db_step(st);

	if (rc == GA_ROW) {
		read_row(st, out);
		return GA_OK;
	}
	return rc == GA_DONE ? GA_ENOTFOUND : rc;
}

int store_transfer_pending_of(struct db *db, int64_t child_id,
			      struct transfer_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_pending_of, &st);

	BI(1, child_id);
	if (!rc)
		rc = one(st, out);
	db_finalize(st);
	return rc;
}

int store_transfer_get(struct db *db, const char *scope_prefix, int64_t id,
		       struct transfer_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = one(st, out);
	db_finalize(st);
	return rc;
}

int store_transfer_finish(struct db *db, int64_t id, const char *status,
			  int64_t by, const char *at)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_finish, &st);

	BI(1, id);
	BT(2, status);
	BI(3, by);
	BT(4, at);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_transfer_list(struct db *db, const char *scope_prefix, bool incoming,
			const char *status,
			int (*fn)(const struct transfer_row *t, void *ctx),
			void *ctx)
{
	struct transfer_row t;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, incoming ? sql_incoming : sql_outgoing, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, status ? status : "");
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &t);
		rc = fn(&t, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

static int exec_move(struct db *db, const char *sql, int64_t child_id,
		     const char *to)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	BI(1, child_id);
	BT(2, to);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_child_move(struct db *db, int64_t child_id, int64_t version,
		     const char *to_region, int64_t by, const char *now)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_move_child, &st);

	BI(1, child_id);
	BI(2, version);
	BT(3, to_region);
	BT(4, now);
	BI(5, by);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	if (!rc)
		rc = exec_move(db, sql_move_members, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_changes, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_confirmations, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_reports, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_visits, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_visit_photos, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_cases, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_case_events, child_id, to_region);
	if (!rc)
		rc = store_referral_move(db, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_placements, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_assessments, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_case_plan, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_case_conferences, child_id,
			       to_region);
	if (!rc)
		rc = exec_move(db, sql_move_reports_made, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_report_files, child_id, to_region);
	if (!rc)
		rc = exec_move(db, sql_move_calls, child_id, to_region);
	return rc;
}
