#include "store/report_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define COLS                                                                   \
	"r.id, r.child_id, r.region, r.case_id, r.situation, "                 \
	"r.discovered_at, r.place, r.narrative, r.urgency, r.source, "         \
	"r.reporter_id, r.reporter_role, r.reporter_org, r.visit_id, "         \
	"r.call_id, r.feedback_at, r.created_at, COALESCE(c.stage, ''), "      \
	"COALESCE(c.police_ack, ''), COALESCE(c.police_ack_at, ''), "          \
	"COALESCE(c.protection_ack_at, ''), COALESCE(c.stage_since, ''), "     \
	"COALESCE(c.closed_at, '')"
#define FROM " FROM report r LEFT JOIN child_case c ON c.id = r.case_id "
#define FILTER                                                                 \
	"r.region >= $2 AND r.region < $3 AND ($4 = '' OR (r.reporter_org = "  \
	"$4 AND r.reporter_role = 'reporter')) AND ($5 = 0 OR "                \
	"r.reporter_id = $5)"

static const char sql_insert[] =
    "INSERT INTO report (child_id, region, case_id, situation, "
    "discovered_at, urgency, source, reporter_id, reporter_role, "
    "reporter_org, visit_id, call_id, created_at) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
static const char sql_seal[] =
    "UPDATE report SET place = $2, narrative = $3 WHERE id = $1";
static const char sql_set_case[] =
    "UPDATE report SET case_id = $2 WHERE id = $1";
static const char sql_feedback[] =
    "UPDATE report SET feedback_at = $2 WHERE id = $1";
static const char sql_get[] = "SELECT " COLS FROM "WHERE r.id = $1 AND " FILTER;
static const char sql_of_case[] =
    "SELECT " COLS FROM "WHERE r.case_id = $1 ORDER BY r.id LIMIT 1";
static const char sql_list[] =
    "SELECT " COLS FROM "WHERE ($1 = 0 OR r.id < $1) "
    "AND " FILTER " ORDER BY r.id DESC LIMIT $6";
static const char sql_att_insert[] =
    "INSERT INTO report_attachment (report_id, region, mime, size, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char sql_att_seal[] =
    "UPDATE report_attachment SET data = $2 WHERE id = $1";
static const char sql_att_count[] =
    "SELECT COUNT(*) FROM report_attachment WHERE report_id = $1";
static const char sql_atts[] =
    "SELECT id, report_id, region, mime, size, created_by, created_at FROM "
    "report_attachment WHERE report_id = $1 ORDER BY id";
static const char sql_att_get[] =
    "SELECT id, report_id, region, mime, size, created_by, created_at, data "
    "FROM report_attachment WHERE report_id = $1 AND id = $2";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define CT(f, c) str_copy(f, sizeof(f), db_column_text(st, (c)))

static void read_report(struct db_stmt *st, struct report_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	CT(r->region, 2);
	r->case_id = db_column_int64(st, 3);
	CT(r->situation, 4);
	CT(r->discovered_at, 5);
	CT(r->place, 6);
	CT(r->narrative, 7);
	CT(r->urgency, 8);
	CT(r->source, 9);
	r->reporter_id = db_column_int64(st, 10);
	CT(r->reporter_role, 11);
	CT(r->reporter_org, 12);
	r->visit_id = db_column_int64(st, 13);
	r->call_id = db_column_int64(st, 14);
	CT(r->feedback_at, 15);
	CT(r->created_at, 16);
	CT(r->case_stage, 17);
	CT(r->police_ack, 18);
	CT(r->police_ack_at, 19);
	CT(r->protection_ack_at, 20);
	CT(r->stage_since, 21);
	CT(r->closed_at, 22);
}

int store_report_insert(struct db *db, struct report_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BI(1, r->child_id);
	BT(2, r->region);
	BI(3, r->case_id);
	BT(4, r->situation);
	BT(5, r->discovered_at);
	BT(6, r->urgency);
	BT(7, r->source);
	BI(8, r->reporter_id);
	BT(9, r->reporter_role);
	BT(10, r->reporter_org);
	BI(11, r->visit_id);
	BI(12, r->call_id);
	BT(13, r->created_at);
	rc = db_step_id(st, rc, &r->id);
	db_finalize(st);
	return rc;
}

int store_report_seal(struct db *db, int64_t id, const char *place,
		      const char *narrative)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seal, &st);

	BI(1, id);
	BT(2, place);
	BT(3, narrative);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

int store_report_set_case(struct db *db, int64_t id, int64_t case_id)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_set_case, &st);

	BI(1, id);
	BI(2, case_id);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

int store_report_set_feedback(struct db *db, int64_t id, const char *at)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_feedback, &st);

	BI(1, id);
	BT(2, at);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

static void bind_filter(struct db_stmt *st, int *rcp,
			const struct report_filter *f, struct scope_range *sr)
{
	int rc = *rcp;

	scope_range_of(f->scope_prefix ? f->scope_prefix : "", sr);
	BT(2, sr->lo);
	BT(3, sr->hi);
	BT(4, f->org ? f->org : "");
	BI(5, f->reporter_id);
	*rcp = rc;
}

static int one_row(struct db_stmt *st, int rc, struct report_row *out)
{
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_report(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_report_get(struct db *db, int64_t id, const struct report_filter *f,
		     struct report_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	BI(1, id);
	bind_filter(st, &rc, f, &sr);
	return one_row(st, rc, out);
}

int store_report_of_case(struct db *db, int64_t case_id, struct report_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_of_case, &st);

	BI(1, case_id);
	return one_row(st, rc, out);
}

int store_report_list(struct db *db, const struct report_filter *f,
		      int64_t before_id, int limit,
		      int (*fn)(const struct report_row *r, void *ctx),
		      void *ctx)
{
	static __thread struct report_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	BI(1, before_id);
	bind_filter(st, &rc, f, &sr);
	BI(6, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_report(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_report_attachment_insert(struct db *db,
				   struct report_attachment_row *a)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_att_insert, &st);

	BI(1, a->report_id);
	BT(2, a->region);
	BT(3, a->mime);
	BI(4, a->size);
	BI(5, a->created_by);
	BT(6, a->created_at);
	rc = db_step_id(st, rc, &a->id);
	db_finalize(st);
	return rc;
}

int store_report_attachment_seal(struct db *db, int64_t id, const char *data)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_att_seal, &st);

	BI(1, id);
	BT(2, data);
	rc = db_step_done(st, rc);
	db_finalize(st);
	return rc;
}

int store_report_attachment_count(struct db *db, int64_t report_id, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_att_count, &st);

	*n = 0;
	BI(1, report_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*n = db_column_int64(st, 0);
		rc = GA_OK;
	}
	db_finalize(st);
	return rc;
}

static void read_att(struct db_stmt *st, struct report_attachment_row *a)
{
	memset(a, 0, sizeof(*a));
	a->id = db_column_int64(st, 0);
	a->report_id = db_column_int64(st, 1);
	CT(a->region, 2);
	CT(a->mime, 3);
	a->size = db_column_int64(st, 4);
	a->created_by = db_column_int64(st, 5);
	CT(a->created_at, 6);
}

int store_report_attachments(struct db *db, int64_t report_id,
			     int (*fn)(const struct report_attachment_row *a,
				       void *ctx),
			     void *ctx)
{
	struct report_attachment_row a;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_atts, &st);

	BI(1, report_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_att(st, &a);
		rc = fn(&a, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_report_attachment_get(struct db *db, int64_t report_id, int64_t id,
				struct report_attachment_row *out, char **data)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_att_get, &st);

	*data = NULL;
	BI(1, report_id);
	BI(2, id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_att(st, out);
		*data = xstrdup(db_column_text(st, 7));
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}
