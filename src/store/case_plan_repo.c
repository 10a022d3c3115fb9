#include "store/case_plan_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define PCOLS                                                                  \
	"id, case_id, region, kind, description, unit_role, unit_name, "       \
	"due_date, status, outcome, done_date, cancel_reason, conference_id, " \
	"created_by, created_at, updated_at, version"

static const char sql_plan_insert[] =
    "INSERT INTO case_plan_item (case_id, region, kind, unit_role, "
    "unit_name, due_date, status, conference_id, created_by, created_at, "
    "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$10, 1) RETURNING id";
static const char sql_plan_seal_description[] =
    "UPDATE case_plan_item SET description = $2 WHERE id = $1";
static const char sql_plan_seal_outcome[] =
    "UPDATE case_plan_item SET outcome = $2 WHERE id = $1";
static const char sql_plan_seal_reason[] =
    "UPDATE case_plan_item SET cancel_reason = $2 WHERE id = $1";
static const char sql_plan_update[] =
    "UPDATE case_plan_item SET due_date = $3, status = $4, outcome = $5, "
    "done_date = $6, cancel_reason = $7, updated_at = $8, "
    "version = version + 1 WHERE id = $1 AND version = $2";
static const char sql_plan_get[] =
    "SELECT " PCOLS " FROM case_plan_item WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_plan_list[] =
    "SELECT " PCOLS " FROM case_plan_item WHERE case_id = $1 ORDER BY id";
static const char sql_plan_live[] =
    "SELECT COUNT(*) FROM case_plan_item WHERE case_id = $1 AND "
    "status <> 'cancelled'";
static const char sql_conf_insert[] =
    "INSERT INTO case_conference (case_id, region, held_on, decisions, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char sql_conf_seal[] =
    "UPDATE case_conference SET participants = $2, minutes = $3 WHERE "
    "id = $1";
static const char sql_conf_list[] =
    "SELECT id, case_id, region, held_on, participants, minutes, "
    "decisions, created_by, created_at FROM case_conference WHERE "
    "case_id = $1 ORDER BY id";
static const char sql_in_stage[] =
    "SELECT id, child_id, stage_since FROM child_case WHERE region >= $1 "
    "AND region < $2 AND stage = $3 ORDER BY child_id, id";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define CT(f, c) str_copy(f, sizeof(f), db_column_text(st, (c)))

static void read_plan(struct db_stmt *st, struct case_plan_row *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_column_int64(st, 0);
	p->case_id = db_column_int64(st, 1);
	CT(p->region, 2);
	CT(p->kind, 3);
	CT(p->description, 4);
	CT(p->unit_role, 5);
	CT(p->unit_name, 6);
	CT(p->due_date, 7);
	CT(p->status, 8);
	CT(p->outcome, 9);
	CT(p->done_date, 10);
	CT(p->cancel_reason, 11);
	p->conference_id = db_column_int64(st, 12);
	p->created_by = db_column_int64(st, 13);
	CT(p->created_at, 14);
	CT(p->updated_at, 15);
	p->version = db_column_int64(st, 16);
}

int store_plan_insert(struct db *db, struct case_plan_row *p)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_plan_insert, &st);

	BI(1, p->case_id);
	BT(2, p->region);
	BT(3, p->kind);
	BT(4, p->unit_role);
	BT(5, p->unit_name);
	BT(6, p->due_date);
	BT(7, p->status);
	BI(8, p->conference_id);
	BI(9, p->created_by);
	BT(10, p->created_at);
	rc = db_step_id(st, rc, &p->id);
	p->version = 1;
	db_finalize(st);
	return rc;
}

int store_plan_seal(struct db *db, int64_t id, const char *column,
		    const char *sealed)
{
	const char *sql =
	    !strcmp(column, "description")     ? sql_plan_seal_description
	    : !strcmp(column, "outcome")       ? sql_plan_seal_outcome
	    : !strcmp(column, "cancel_reason") ? sql_plan_seal_reason
					       : NULL;
	struct db_stmt *st = NULL;
	int rc;

	if (!sql)
		return GA_EINTERNAL;
	rc = db_prepare(db, sql, &st);
	BI(1, id);
	BT(2, sealed);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

int store_plan_update(struct db *db, const struct case_plan_row *p,
		      int64_t version)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_plan_update, &st);

	BI(1, p->id);
	BI(2, version);
	BT(3, p->due_date);
	BT(4, p->status);
	BT(5, p->outcome);
	BT(6, p->done_date);
	BT(7, p->cancel_reason);
	BT(8, p->updated_at);
	rc = db_step_done(st, rc);
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_plan_get(struct db *db, int64_t id, const char *scope_prefix,
		   struct case_plan_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_plan_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_plan(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_plan_list(struct db *db, int64_t case_id,
		    int (*fn)(const struct case_plan_row *p, void *ctx),
		    void *ctx)
{
	static __thread struct case_plan_row p;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_plan_list, &st);

	BI(1, case_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_plan(st, &p);
		rc = fn(&p, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_plan_live_count(struct db *db, int64_t case_id, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_plan_live, &st);

	*n = 0;
	BI(1, case_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*n = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (!rc || rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_conference_insert(struct db *db, struct case_conference_row *c)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_conf_insert, &st);

	BI(1, c->case_id);
	BT(2, c->region);
	BT(3, c->held_on);
	BI(4, c->decisions);
	BI(5, c->created_by);
	BT(6, c->created_at);
	rc = db_step_id(st, rc, &c->id);
	db_finalize(st);
	return rc;
}

int store_conference_seal(struct db *db, int64_t id, const char *participants,
			  const char *minutes)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_conf_seal, &st);

	BI(1, id);
	BT(2, participants);
	BT(3, minutes);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

int store_conference_list(struct db *db, int64_t case_id,
			  int (*fn)(const struct case_conference_row *c,
				    void *ctx),
			  void *ctx)
{
	static __thread struct case_conference_row c;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_conf_list, &st);

	BI(1, case_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(&c, 0, sizeof(c));
		c.id = db_column_int64(st, 0);
		c.case_id = db_column_int64(st, 1);
		CT(c.region, 2);
		CT(c.held_on, 3);
		CT(c.participants, 4);
		CT(c.minutes, 5);
		c.decisions = db_column_int64(st, 6);
		c.created_by = db_column_int64(st, 7);
		CT(c.created_at, 8);
		rc = fn(&c, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_cases_in_stage(struct db *db, const char *scope_prefix,
			 const char *stage,
			 int (*fn)(int64_t case_id, int64_t child_id,
				   const char *since, void *ctx),
			 void *ctx)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_in_stage, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, stage);
	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_int64(st, 0), db_column_int64(st, 1),
			db_column_text(st, 2), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
