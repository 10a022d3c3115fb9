#include "store/case_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_id, region, stage, stage_since, urgency, source, "          \
	"source_id, opened_by, opened_at, police_ack, police_ack_at, "         \
	"protection_ack_at, safety, assessment_id, assessment_outcome, "       \
	"plan_items, closure_requested_by, closure_requested_at, "             \
	"closure_reason, closed_at, updated_at, version"

static const char sql_insert[] =
    "INSERT INTO child_case (child_id, region, stage, stage_since, urgency, "
    "source, source_id, opened_by, opened_at, updated_at, version) VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1) RETURNING id";
static const char sql_get[] = "SELECT " COLS " FROM child_case WHERE id = $1 "
			      "AND region >= $2 AND region < $3";
static const char sql_update[] =
    "UPDATE child_case SET stage = $3, stage_since = $4, police_ack = $5, "
    "police_ack_at = $6, protection_ack_at = $7, safety = $8, "
    "assessment_id = $9, assessment_outcome = $10, plan_items = $11, "
    "closure_requested_by = $12, closure_requested_at = $13, "
    "closure_reason = $14, closed_at = $15, updated_at = $16, "
    "urgency = $17, version = version + 1 WHERE id = $1 AND version = $2";
static const char sql_list[] =
    "SELECT " COLS " FROM child_case WHERE region >= $1 AND region < $2 "
    "AND (($3 = '' AND stage <> 'closed') OR $3 = 'all' OR stage = $3) "
    "AND ($4 = 0 OR child_id = $4) AND ($5 = 0 OR id < $5) "
    "ORDER BY id DESC LIMIT $6";
static const char sql_counts[] =
    "SELECT stage, COUNT(*) FROM child_case WHERE region >= $1 AND "
    "region < $2 GROUP BY stage";
static const char sql_event_insert[] =
    "INSERT INTO case_event (case_id, region, at, actor, actor_role, kind, "
    "from_stage, to_stage, detail, ref_type, ref_id) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11) RETURNING id";
static const char sql_event_seal[] =
    "UPDATE case_event SET note = $2 WHERE id = $1";
static const char sql_events[] =
    "SELECT id, case_id, region, at, actor, actor_role, kind, from_stage, "
    "to_stage, detail, note, ref_type, ref_id FROM case_event WHERE "
    "case_id = $1 ORDER BY id";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define CT(f, c) str_copy(f, sizeof(f), db_column_text(st, (c)))

static void read_case(struct db_stmt *st, struct case_row *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_column_int64(st, 0);
	c->child_id = db_column_int64(st, 1);
	CT(c->region, 2);
	CT(c->stage, 3);
	CT(c->stage_since, 4);
	CT(c->urgency, 5);
	CT(c->source, 6);
	c->source_id = db_column_int64(st, 7);
	c->opened_by = db_column_int64(st, 8);
	CT(c->opened_at, 9);
	CT(c->police_ack, 10);
	CT(c->police_ack_at, 11);
	CT(c->protection_ack_at, 12);
	CT(c->safety, 13);
	c->assessment_id = db_column_int64(st, 14);
	CT(c->assessment_outcome, 15);
	c->plan_items = db_column_int64(st, 16);
	c->closure_requested_by = db_column_int64(st, 17);
	CT(c->closure_requested_at, 18);
	CT(c->closure_reason, 19);
	CT(c->closed_at, 20);
	CT(c->updated_at, 21);
	c->version = db_column_int64(st, 22);
}

int store_case_insert(struct db *db, struct case_row *c)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BI(1, c->child_id);
	BT(2, c->region);
	BT(3, c->stage);
	BT(4, c->stage_since);
	BT(5, c->urgency);
	BT(6, c->source);
	BI(7, c->source_id);
	BI(8, c->opened_by);
	BT(9, c->opened_at);
	rc = db_step_id(st, rc, &c->id);
	c->version = 1;
	db_finalize(st);
	return rc;
}

int store_case_get(struct db *db, int64_t id, const char *scope_prefix,
		   struct case_row *out)
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
		read_case(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_case_update(struct db *db, const struct case_row *c, int64_t version)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	BI(1, c->id);
	BI(2, version);
	BT(3, c->stage);
	BT(4, c->stage_since);
	BT(5, c->police_ack);
	BT(6, c->police_ack_at);
	BT(7, c->protection_ack_at);
	BT(8, c->safety);
	BI(9, c->assessment_id);
	BT(10, c->assessment_outcome);
	BI(11, c->plan_items);
	BI(12, c->closure_requested_by);
	BT(13, c->closure_requested_at);
	BT(14, c->closure_reason);
	BT(15, c->closed_at);
	BT(16, c->updated_at);
	BT(17, c->urgency);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_case_list(struct db *db, const struct case_list_filter *f,
		    int (*fn)(const struct case_row *c, void *ctx), void *ctx)
{
	struct case_row c;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(f->scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, f->stage ? f->stage : "");
	BI(4, f->child_id);
	BI(5, f->after_id);
	BI(6, f->limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_case(st, &c);
		rc = fn(&c, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_case_stage_counts(struct db *db, const char *scope_prefix,
			    int (*fn)(const char *stage, int64_t n, void *ctx),
			    void *ctx)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_counts, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_text(st, 0), db_column_int64(st, 1), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_case_event_insert(struct db *db, struct case_event_row *e)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_event_insert, &st);

	BI(1, e->case_id);
	BT(2, e->region);
	BT(3, e->at);
	BI(4, e->actor);
	BT(5, e->actor_role);
	BT(6, e->kind);
	BT(7, e->from_stage);
	BT(8, e->to_stage);
	BT(9, e->detail);
	BT(10, e->ref_type);
	BI(11, e->ref_id);
	rc = db_step_id(st, rc, &e->id);
	db_finalize(st);
	return rc;
}

int store_case_event_seal(struct db *db, int64_t id, const char *sealed)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_event_seal, &st);

	BI(1, id);
	BT(2, sealed);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_case_events(struct db *db, int64_t case_id,
		      int (*fn)(const struct case_event_row *e, void *ctx),
		      void *ctx)
{
	struct case_event_row e;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_events, &st);

	BI(1, case_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(&e, 0, sizeof(e));
		e.id = db_column_int64(st, 0);
		e.case_id = db_column_int64(st, 1);
		CT(e.region, 2);
		CT(e.at, 3);
		e.actor = db_column_int64(st, 4);
		CT(e.actor_role, 5);
		CT(e.kind, 6);
		CT(e.from_stage, 7);
		CT(e.to_stage, 8);
		CT(e.detail, 9);
		CT(e.note, 10);
		CT(e.ref_type, 11);
		e.ref_id = db_column_int64(st, 12);
		rc = fn(&e, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
