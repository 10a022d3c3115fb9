#include "store/placement_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define PCOLS                                                                  \
	"id, child_id, region, case_id, kind, reasons, setting, "              \
	"institution_id, agreement_no, agreement_start, agreement_end, "       \
	"court, court_filed_on, court_status, sending_county, "                \
	"receiving_county, carer, note, start_date, end_date, status, "        \
	"end_reason, end_assessment_id, over_capacity, created_by, "           \
	"created_at, updated_by, updated_at, version"
#define ACOLS                                                                  \
	"id, child_id, region, case_id, assessor, assessed_on, purpose, "      \
	"answers, total, outcome, red_flags, narrative, child_preference, "    \
	"created_at"

static const char sql_p_insert[] =
    "INSERT INTO placement (child_id, region, case_id, kind, reasons, "
    "setting, institution_id, agreement_no, agreement_start, agreement_end, "
    "court, court_filed_on, court_status, sending_county, receiving_county, "
    "carer, note, start_date, status, over_capacity, created_by, "
    "created_at, updated_by, updated_at, version) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, '', '', $16, "
    "'active', $17, $18, $19, $18, $19, 1) RETURNING id";
static const char sql_p_seal[] =
    "UPDATE placement SET carer = $2, note = $3 WHERE id = $1";
static const char sql_p_get[] =
    "SELECT " PCOLS " FROM placement WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_p_end[] =
    "UPDATE placement SET status = 'ended', end_date = $4, end_reason = $5, "
    "end_assessment_id = $6, updated_by = $7, updated_at = $8, "
    "version = version + 1 WHERE id = $1 AND region >= $2 AND region < $3 "
    "AND version = $9 AND status = 'active'";
static const char sql_p_list[] =
    "SELECT " PCOLS " FROM placement WHERE region >= $1 AND region < $2 "
    "AND ((CAST($3 AS BIGINT) > 0 AND child_id = $3) OR "
    "(CAST($4 AS BIGINT) > 0 AND case_id = $4)) "
    "ORDER BY start_date DESC, id DESC LIMIT 500";
static const char sql_p_active_temp[] =
    "SELECT 1 FROM placement WHERE child_id = $1 AND status = 'active' "
    "AND kind = 'temporary_guardianship'";
static const char sql_p_count_at[] =
    "SELECT COUNT(*) FROM placement WHERE institution_id = $1 "
    "AND status = 'active'";

static const char sql_a_insert[] =
    "INSERT INTO guardianship_assessment (child_id, region, case_id, "
    "assessor, assessed_on, purpose, answers, total, outcome, red_flags, "
    "narrative, child_preference, created_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10, '', '', $11) RETURNING id";
static const char sql_a_seal[] =
    "UPDATE guardianship_assessment SET narrative = $2, "
    "child_preference = $3 WHERE id = $1";
static const char sql_a_get[] =
    "SELECT " ACOLS " FROM guardianship_assessment WHERE id = $1 "
    "AND region >= $2 AND region < $3";
static const char sql_a_list[] =
    "SELECT " ACOLS " FROM guardianship_assessment WHERE region >= $1 "
    "AND region < $2 AND ((CAST($3 AS BIGINT) > 0 AND child_id = $3) OR "
    "(CAST($4 AS BIGINT) > 0 AND case_id = $4)) ORDER BY assessed_on DESC, "
    "id DESC "
    "LIMIT 500";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
/* 0 → NULL: an optional reference */
#define BREF(i, v)                                                             \
	(rc = rc    ? rc                                                       \
	      : (v) ? db_bind_int64(st, (i), (v))                              \
		    : db_bind_null(st, (i)))
#define COPY(r, f, col)                                                        \
	str_copy((r)->f, sizeof((r)->f), db_column_text(st, col))

static void read_placement(struct db_stmt *st, struct placement_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	COPY(r, region, 2);
	r->case_id = db_column_int64(st, 3);
	COPY(r, kind, 4);
	COPY(r, reasons, 5);
	COPY(r, setting, 6);
	r->institution_id = db_column_int64(st, 7);
	COPY(r, agreement_no, 8);
	COPY(r, agreement_start, 9);
	COPY(r, agreement_end, 10);
	COPY(r, court, 11);
	COPY(r, court_filed_on, 12);
	COPY(r, court_status, 13);
	COPY(r, sending_county, 14);
	COPY(r, receiving_county, 15);
	COPY(r, carer, 16);
	COPY(r, note, 17);
	COPY(r, start_date, 18);
	COPY(r, end_date, 19);
	COPY(r, status, 20);
	COPY(r, end_reason, 21);
	r->end_assessment_id = db_column_int64(st, 22);
	r->over_capacity = db_column_int64(st, 23) != 0;
	r->created_by = db_column_int64(st, 24);
	COPY(r, created_at, 25);
	r->updated_by = db_column_int64(st, 26);
	COPY(r, updated_at, 27);
	r->version = db_column_int64(st, 28);
}

static void read_assessment(struct db_stmt *st, struct assessment_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	COPY(r, region, 2);
	r->case_id = db_column_int64(st, 3);
	r->assessor = db_column_int64(st, 4);
	COPY(r, assessed_on, 5);
	COPY(r, purpose, 6);
	COPY(r, answers, 7);
	r->total = db_column_int64(st, 8);
	COPY(r, outcome, 9);
	r->red_flags = db_column_int64(st, 10);
	COPY(r, narrative, 11);
	COPY(r, child_preference, 12);
	COPY(r, created_at, 13);
}

static int run_insert(struct db_stmt *st, int rc, int64_t *id)
{
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*id = db_column_int64(st, 0);
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

static int run_change(struct db_stmt *st, int rc, int64_t *changes)
{
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && changes)
		*changes = db_changes(st);
	db_finalize(st);
	return rc;
}

int store_placement_active_temporary(struct db *db, int64_t child_id, bool *yes)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_p_active_temp, &st);

	*yes = false;
	BI(1, child_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW)
		*yes = true;
	rc = rc == GA_ROW || rc == GA_DONE ? GA_OK : rc;
	db_finalize(st);
	return rc;
}

int store_placement_count_at(struct db *db, int64_t institution_id,
			     int64_t *count)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_p_count_at, &st);

	*count = 0;
	BI(1, institution_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW)
		*count = db_column_int64(st, 0);
	rc = rc == GA_ROW || rc == GA_DONE ? GA_OK : rc;
	db_finalize(st);
	return rc;
}

int store_placement_insert(struct db *db, struct placement_row *r)
{
	struct db_stmt *st = NULL;
	bool dup = false;
	int rc = GA_OK;

	/* the partial unique index is the guard; this makes it a clean 409 */
	if (!strcmp(r->kind, "temporary_guardianship"))
		rc = store_placement_active_temporary(db, r->child_id, &dup);
	if (!rc && dup)
		return GA_ECONFLICT;
	if (!rc)
		rc = db_prepare(db, sql_p_insert, &st);
	BI(1, r->child_id);
	BT(2, r->region);
	BREF(3, r->case_id);
	BT(4, r->kind);
	BT(5, r->reasons);
	BT(6, r->setting);
	BREF(7, r->institution_id);
	BT(8, r->agreement_no);
	BT(9, r->agreement_start);
	BT(10, r->agreement_end);
	BT(11, r->court);
	BT(12, r->court_filed_on);
	BT(13, r->court_status);
	BT(14, r->sending_county);
	BT(15, r->receiving_county);
	BT(16, r->start_date);
	BI(17, r->over_capacity ? 1 : 0);
	BI(18, r->created_by);
	BT(19, r->created_at);
	rc = run_insert(st, rc, &r->id);
	if (!rc) {
		r->version = 1;
		str_copy(r->status, sizeof(r->status), "active");
	}
	return rc;
}

int store_placement_seal(struct db *db, const struct placement_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_p_seal, &st);

	BI(1, r->id);
	BT(2, r->carer);
	BT(3, r->note);
	return run_change(st, rc, NULL);
}

int store_placement_get(struct db *db, const char *scope_prefix, int64_t id,
			struct placement_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_p_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_placement(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_placement_end(struct db *db, const char *scope_prefix,
			const struct placement_row *r, int64_t version)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int64_t changed = 0;
	int rc = db_prepare(db, sql_p_end, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->end_date);
	BT(5, r->end_reason);
	BREF(6, r->end_assessment_id);
	BI(7, r->updated_by);
	BT(8, r->updated_at);
	BI(9, version);
	rc = run_change(st, rc, &changed);
	if (!rc && changed != 1)
		rc = GA_ECONFLICT;
	return rc;
}

int store_placement_list(struct db *db, const char *scope_prefix,
			 int64_t child_id, int64_t case_id,
			 int (*fn)(const struct placement_row *r, void *ctx),
			 void *ctx)
{
	static __thread struct placement_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_p_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BI(3, child_id);
	BI(4, case_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_placement(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_assessment_insert(struct db *db, struct assessment_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_a_insert, &st);

	BI(1, r->child_id);
	BT(2, r->region);
	BREF(3, r->case_id);
	BI(4, r->assessor);
	BT(5, r->assessed_on);
	BT(6, r->purpose);
	BT(7, r->answers);
	BI(8, r->total);
	BT(9, r->outcome);
	BI(10, r->red_flags);
	BT(11, r->created_at);
	return run_insert(st, rc, &r->id);
}

int store_assessment_seal(struct db *db, const struct assessment_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_a_seal, &st);

	BI(1, r->id);
	BT(2, r->narrative);
	BT(3, r->child_preference);
	return run_change(st, rc, NULL);
}

int store_assessment_get(struct db *db, const char *scope_prefix, int64_t id,
			 struct assessment_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_a_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_assessment(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_assessment_list(struct db *db, const char *scope_prefix,
			  int64_t child_id, int64_t case_id,
			  int (*fn)(const struct assessment_row *r, void *ctx),
			  void *ctx)
{
	static __thread struct assessment_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_a_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BI(3, child_id);
	BI(4, case_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_assessment(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}
