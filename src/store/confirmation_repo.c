#include "store/confirmation_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_id, region, status, period_start, period_end, parties, "    \
	"checks, promises, scan_mime, scan_size, created_by, created_at, "     \
	"updated_by, updated_at, version"
#define IN_SCOPE "region >= $2 AND region < $3"

static const char sql_insert[] =
    "INSERT INTO guardianship_confirmation (child_id, region, status, "
    "period_start, period_end, checks, promises, created_by, created_at, "
    "updated_by, updated_at, version) VALUES ($1, $2, 'pending', $3, $4, $5, "
    "$6, $7, $8, $7, $8, 1) RETURNING id";
static const char sql_seal[] =
    "UPDATE guardianship_confirmation SET parties = $2 WHERE id = $1";
static const char sql_get[] =
    "SELECT " COLS " FROM guardianship_confirmation WHERE id = $1 "
    "AND " IN_SCOPE;
static const char sql_list[] =
    "SELECT " COLS
    " FROM guardianship_confirmation WHERE child_id = $1 AND " IN_SCOPE
    " ORDER BY period_start DESC, id DESC LIMIT 200";
static const char sql_update[] =
    "UPDATE guardianship_confirmation SET period_start = $4, period_end = $5, "
    "parties = $6, checks = $7, promises = $8, updated_by = $9, "
    "updated_at = $10, version = version + 1 WHERE id = $1 AND " IN_SCOPE
    " AND version = $11 AND status = 'pending'";
static const char sql_sign[] =
    "UPDATE guardianship_confirmation SET status = 'signed', scan = $4, "
    "scan_mime = $5, scan_size = $6, updated_by = $7, updated_at = $8, "
    "version = version + 1 WHERE id = $1 AND " IN_SCOPE
    " AND status = 'pending' AND version = $9";
static const char sql_scan[] =
    "SELECT scan, scan_mime FROM guardianship_confirmation WHERE id = $1 "
    "AND " IN_SCOPE " AND scan_mime <> ''";
/* per child: its parents' situations and its confirmations folded */
static const char sql_due[] =
    "SELECT c.id, c.region, COALESCE(m.relation, ''), "
    "COALESCE(m.situation, ''), COALESCE(g.signed_end, ''), "
    "COALESCE(g.pending_start, ''), COALESCE(g.pending_end, ''), "
    "COALESCE(g.n, 0) FROM child c "
    "LEFT JOIN child_member m ON m.child_id = c.id "
    "AND m.relation IN ('father', 'mother') "
    "LEFT JOIN (SELECT child_id, "
    "MAX(CASE WHEN status = 'signed' THEN period_end END) AS signed_end, "
    "MIN(CASE WHEN status = 'pending' AND period_end >= $3 "
    "THEN period_start END) AS pending_start, "
    "MAX(CASE WHEN status = 'pending' THEN period_end END) AS pending_end, "
    "COUNT(*) AS n FROM guardianship_confirmation "
    "WHERE region >= $1 AND region < $2 GROUP BY child_id) g "
    "ON g.child_id = c.id "
    "WHERE c.region >= $1 AND c.region < $2 AND c.archived = 0 "
    "AND c.guardian_type = 'entrusted' ORDER BY c.id, m.ord";

#define BT(i, v)     (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v)     (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(f, col) str_copy(r->f, sizeof(r->f), db_column_text(st, col))

static void read_row(struct db_stmt *st, struct confirmation_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	COPY(region, 2);
	COPY(status, 3);
	COPY(period_start, 4);
	COPY(period_end, 5);
	COPY(parties, 6);
	COPY(checks, 7);
	COPY(promises, 8);
	COPY(scan_mime, 9);
	r->scan_size = db_column_int64(st, 10);
	r->created_by = db_column_int64(st, 11);
	COPY(created_at, 12);
	r->updated_by = db_column_int64(st, 13);
	COPY(updated_at, 14);
	r->version = db_column_int64(st, 15);
}

static int bind_scope(struct db_stmt *st, int rc, const char *scope_prefix)
{
	struct scope_range sr;

	scope_range_of(scope_prefix, &sr);
	BT(2, sr.lo);
	BT(3, sr.hi);
	return rc;
}

int store_confirmation_insert(struct db *db, struct confirmation_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BI(1, r->child_id);
	BT(2, r->region);
	BT(3, r->period_start);
	BT(4, r->period_end);
	BT(5, r->checks);
	BT(6, r->promises);
	BI(7, r->created_by);
	BT(8, r->created_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		r->id = db_column_int64(st, 0);
		str_copy(r->status, sizeof(r->status), "pending");
		r->version = 1;
		r->updated_by = r->created_by;
		str_copy(r->updated_at, sizeof(r->updated_at), r->created_at);
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_confirmation_seal(struct db *db, int64_t id, const char *parties)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seal, &st);

	BI(1, id);
	BT(2, parties);
	return db_run_change(st, rc);
}

int store_confirmation_get(struct db *db, const char *scope_prefix, int64_t id,
			   struct confirmation_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	BI(1, id);
	rc = bind_scope(st, rc, scope_prefix);
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

int store_confirmation_list(
    struct db *db, const char *scope_prefix, int64_t child_id,
    int (*fn)(const struct confirmation_row *r, void *ctx), void *ctx)
{
	static __thread struct confirmation_row r;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	BI(1, child_id);
	rc = bind_scope(st, rc, scope_prefix);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_confirmation_update(struct db *db, const char *scope_prefix,
			      const struct confirmation_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	BI(1, r->id);
	rc = bind_scope(st, rc, scope_prefix);
	BT(4, r->period_start);
	BT(5, r->period_end);
	BT(6, r->parties);
	BT(7, r->checks);
	BT(8, r->promises);
	BI(9, r->updated_by);
	BT(10, r->updated_at);
	BI(11, r->version);
	return db_run_change(st, rc);
}

int store_confirmation_sign(struct db *db, const char *scope_prefix, int64_t id,
			    int64_t version, const char *scan, const char *mime,
			    int64_t size, int64_t by, const char *at)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_sign, &st);

	BI(1, id);
	rc = bind_scope(st, rc, scope_prefix);
	BT(4, scan);
	BT(5, mime);
	BI(6, size);
	BI(7, by);
	BT(8, at);
	BI(9, version);
	return db_run_change(st, rc);
}

int store_confirmation_scan(struct db *db, const char *scope_prefix, int64_t id,
			    struct buf *out, char mime[32])
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_scan, &st);
	const char *s;
	size_t n = 0;

	BI(1, id);
	rc = bind_scope(st, rc, scope_prefix);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		s = db_column_textn(st, 0, &n);
		rc = buf_add(out, s ? s : "", s ? n : 0);
		str_copy(mime, 32, db_column_text(st, 1));
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_confirmation_due(
    struct db *db, const char *scope_prefix, const char *today,
    int (*fn)(const struct confirmation_due_row *r, void *ctx), void *ctx)
{
	struct confirmation_due_row d, *r = &d;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_due, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, today);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(r, 0, sizeof(*r));
		r->child_id = db_column_int64(st, 0);
		COPY(region, 1);
		COPY(relation, 2);
		COPY(situation, 3);
		COPY(signed_end, 4);
		COPY(pending_start, 5);
		COPY(pending_end, 6);
		r->count = db_column_int64(st, 7);
		rc = fn(r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
