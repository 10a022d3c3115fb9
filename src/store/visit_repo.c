#include "store/visit_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, child_id, region, visit_date, kind, visitor_role, met, contact, " \
	"problems, actions, levels, harm_found, report_requested, "            \
	"COALESCE(client_uuid, ''), body_hash, created_by, created_at, "       \
	"updated_by, updated_at, version, "                                    \
	"(SELECT COUNT(*) FROM visit_photo p WHERE p.visit_id = visit.id)"

static const char sql_insert[] =
    "INSERT INTO visit (child_id, region, visit_date, kind, visitor_role, "
    "met, contact, problems, actions, levels, harm_found, report_requested, "
    "client_uuid, body_hash, created_by, created_at, updated_by, updated_at, "
    "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
    "$13, $14, $15, $16, $15, $16, 1) RETURNING id";
static const char sql_seal[] = "UPDATE visit SET details = $2 WHERE id = $1";
static const char sql_get[] = "SELECT " COLS ", details FROM visit "
			      "WHERE id = $1 AND region >= $2 AND region < $3";
static const char sql_by_uuid[] =
    "SELECT " COLS ", details FROM visit WHERE client_uuid = $1";
static const char sql_update[] =
    "UPDATE visit SET visit_date = $4, kind = $5, visitor_role = $6, "
    "met = $7, contact = $8, problems = $9, actions = $10, levels = $11, "
    "harm_found = $12, report_requested = $13, details = $14, "
    "updated_by = $15, updated_at = $16, version = version + 1 "
    "WHERE id = $1 AND region >= $2 AND region < $3 AND version = $17";
static const char sql_exists[] =
    "SELECT version FROM visit WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_list[] =
    "SELECT " COLS " FROM visit WHERE child_id = $1 AND region >= $2 "
    "AND region < $3 ORDER BY visit_date DESC, id DESC LIMIT 500";
static const char sql_rev_insert[] =
    "INSERT INTO visit_revision (visit_id, version, changed_by, changed_at, "
    "reason, previous) VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_revs[] =
    "SELECT visit_id, version, changed_by, changed_at, reason, previous "
    "FROM visit_revision WHERE visit_id = $1 ORDER BY version";
static const char sql_photo_insert[] =
    "INSERT INTO visit_photo (visit_id, region, mime, size, data, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, '', $5, $6) "
    "RETURNING id";
static const char sql_photo_seal[] =
    "UPDATE visit_photo SET data = $2 WHERE id = $1";
static const char sql_photo_count[] =
    "SELECT COUNT(*) FROM visit_photo WHERE visit_id = $1";
static const char sql_photos[] =
    "SELECT id, visit_id, region, mime, size, created_by, created_at "
    "FROM visit_photo WHERE visit_id = $1 ORDER BY id";
static const char sql_photo_get[] =
    "SELECT id, visit_id, region, mime, size, created_by, created_at, data "
    "FROM visit_photo WHERE id = $1 AND visit_id = $2 AND region >= $3 "
    "AND region < $4";

#define BT(i, v)     (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v)     (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(f, col) str_copy(r->f, sizeof(r->f), db_column_text(st, col))

static void read_row(struct db_stmt *st, struct visit_row *r, bool details)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->child_id = db_column_int64(st, 1);
	COPY(region, 2);
	COPY(visit_date, 3);
	COPY(kind, 4);
	COPY(visitor_role, 5);
	COPY(met, 6);
	COPY(contact, 7);
	COPY(problems, 8);
	COPY(actions, 9);
	COPY(levels, 10);
	r->harm_found = db_column_int64(st, 11) != 0;
	r->report_requested = db_column_int64(st, 12) != 0;
	COPY(client_uuid, 13);
	COPY(body_hash, 14);
	r->created_by = db_column_int64(st, 15);
	COPY(created_at, 16);
	r->updated_by = db_column_int64(st, 17);
	COPY(updated_at, 18);
	r->version = db_column_int64(st, 19);
	r->nphotos = (int)db_column_int64(st, 20);
	if (details)
		COPY(details, 21);
}

/* a statement that returns one id; GA_EDB when it returns none */
static int run_returning(struct db_stmt *st, int rc, int64_t *id)
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

int store_visit_insert(struct db *db, struct visit_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BI(1, r->child_id);
	BT(2, r->region);
	BT(3, r->visit_date);
	BT(4, r->kind);
	BT(5, r->visitor_role);
	BT(6, r->met);
	BT(7, r->contact);
	BT(8, r->problems);
	BT(9, r->actions);
	BT(10, r->levels);
	BI(11, r->harm_found);
	BI(12, r->report_requested);
	if (!rc)
		rc = r->client_uuid[0] ? db_bind_text(st, 13, r->client_uuid)
				       : db_bind_null(st, 13);
	BT(14, r->body_hash);
	BI(15, r->created_by);
	BT(16, r->created_at);
	rc = run_returning(st, rc, &r->id);
	if (!rc)
		r->version = 1;
	return rc;
}

int store_visit_seal(struct db *db, int64_t id, const char *details)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seal, &st);

	BI(1, id);
	BT(2, details);
	return db_run_change(st, rc);
}

static int get_one(struct db_stmt *st, int rc, struct visit_row *out)
{
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_row(st, out, true);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_visit_get(struct db *db, const char *scope_prefix, int64_t id,
		    struct visit_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	return get_one(st, rc, out);
}

int store_visit_by_uuid(struct db *db, const char *uuid, struct visit_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_by_uuid, &st);

	BT(1, uuid);
	return get_one(st, rc, out);
}

/* why an update changed nothing: absent (or out of scope), or stale */
static int why_unchanged(struct db *db, const struct scope_range *sr,
			 int64_t id)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_exists, &st);

	BI(1, id);
	BT(2, sr->lo);
	BT(3, sr->hi);
	if (!rc)
		rc = db_step(st);
	rc = rc == GA_ROW ? GA_ECONFLICT : rc == GA_DONE ? GA_ENOTFOUND : rc;
	db_finalize(st);
	return rc;
}

int store_visit_update(struct db *db, const char *scope_prefix,
		       struct visit_row *r)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->visit_date);
	BT(5, r->kind);
	BT(6, r->visitor_role);
	BT(7, r->met);
	BT(8, r->contact);
	BT(9, r->problems);
	BT(10, r->actions);
	BT(11, r->levels);
	BI(12, r->harm_found);
	BI(13, r->report_requested);
	BT(14, r->details);
	BI(15, r->updated_by);
	BT(16, r->updated_at);
	BI(17, r->version);
	rc = db_run_change(st, rc);
	if (rc == GA_ECONFLICT)
		rc = why_unchanged(db, &sr, r->id);
	if (!rc)
		r->version++;
	return rc;
}

int store_visit_list(struct db *db, const char *scope_prefix, int64_t child_id,
		     int (*fn)(const struct visit_row *r, void *ctx), void *ctx)
{
	static __thread struct visit_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, child_id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &r, false);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_visit_revision_insert(struct db *db,
				const struct visit_revision_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rev_insert, &st);

	BI(1, r->visit_id);
	BI(2, r->version);
	BI(3, r->changed_by);
	BT(4, r->changed_at);
	BT(5, r->reason);
	BT(6, r->previous);
	return db_run_change(st, rc);
}

#undef COPY
#define COPY(f, col) str_copy(rv->f, sizeof(rv->f), db_column_text(st, col))

int store_visit_revisions(struct db *db, int64_t visit_id,
			  int (*fn)(const struct visit_revision_row *r,
				    void *ctx),
			  void *ctx)
{
	static __thread struct visit_revision_row r;
	struct visit_revision_row *rv = &r;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_revs, &st);

	BI(1, visit_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(rv, 0, sizeof(*rv));
		rv->visit_id = db_column_int64(st, 0);
		rv->version = db_column_int64(st, 1);
		rv->changed_by = db_column_int64(st, 2);
		COPY(changed_at, 3);
		COPY(reason, 4);
		COPY(previous, 5);
		rc = fn(rv, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

#undef COPY
#define COPY(f, col) str_copy(p->f, sizeof(p->f), db_column_text(st, col))

static void read_photo(struct db_stmt *st, struct visit_photo_row *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_column_int64(st, 0);
	p->visit_id = db_column_int64(st, 1);
	COPY(region, 2);
	COPY(mime, 3);
	p->size = db_column_int64(st, 4);
	p->created_by = db_column_int64(st, 5);
	COPY(created_at, 6);
}

int store_visit_photo_insert(struct db *db, struct visit_photo_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_insert, &st);

	BI(1, r->visit_id);
	BT(2, r->region);
	BT(3, r->mime);
	BI(4, r->size);
	BI(5, r->created_by);
	BT(6, r->created_at);
	return run_returning(st, rc, &r->id);
}

int store_visit_photo_seal(struct db *db, int64_t id, const char *data)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_seal, &st);

	BI(1, id);
	BT(2, data);
	return db_run_change(st, rc);
}

int store_visit_photo_count(struct db *db, int64_t visit_id, int64_t *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_count, &st);

	BI(1, visit_id);
	return run_returning(st, rc, out);
}

int store_visit_photos(struct db *db, int64_t visit_id,
		       int (*fn)(const struct visit_photo_row *r, void *ctx),
		       void *ctx)
{
	struct visit_photo_row p;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photos, &st);

	BI(1, visit_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_photo(st, &p);
		rc = fn(&p, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_visit_photo_get(struct db *db, const char *scope_prefix,
			  int64_t visit_id, int64_t id,
			  struct visit_photo_row *out, char **data)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_get, &st);

	*data = NULL;
	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BI(2, visit_id);
	BT(3, sr.lo);
	BT(4, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_photo(st, out);
		*data = xstrdup(db_column_text(st, 7));
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}
