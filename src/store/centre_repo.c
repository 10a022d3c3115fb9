#include "store/centre_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define CENTRE_COLS                                                            \
	"id, region, name, address, hours, facilities, manager_name, "         \
	"manager_phone, manager_account, created_by, created_at, updated_by, " \
	"updated_at, version"
#define ACTIVITY_COLS                                                          \
	"id, centre_id, region, activity_date, kind, participants, "           \
	"children_count, note, created_by, created_at, updated_by, "           \
	"updated_at, version"
#define PHOTO_COLS "id, activity_id, region, mime, size, created_by, created_at"

static const char sql_centre_insert[] =
    "INSERT INTO centre (region, name, address, hours, facilities, "
    "manager_name, manager_phone, manager_account, created_by, created_at, "
    "updated_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8, $9, $10, $11, $12, 1) RETURNING id";
static const char sql_centre_update[] =
    "UPDATE centre SET name = $4, address = $5, hours = $6, facilities = $7, "
    "manager_name = $8, manager_phone = $9, manager_account = $10, "
    "updated_by = $11, updated_at = $12, version = version + 1 "
    "WHERE id = $1 AND region >= $2 AND region < $3 AND version = $13";
static const char sql_centre_seal[] =
    "UPDATE centre SET manager_name = $2, manager_phone = $3 WHERE id = $1";
static const char sql_centre_exists[] =
    "SELECT 1 FROM centre WHERE id = $1 AND region >= $2 AND region < $3";
static const char sql_centre_get_region[] =
    "SELECT " CENTRE_COLS " FROM centre WHERE region = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_centre_get[] =
    "SELECT " CENTRE_COLS " FROM centre WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_centre_list[] =
    "SELECT " CENTRE_COLS " FROM centre WHERE region >= $1 AND region < $2 "
    "AND region >= $3 AND region < $4 AND region > $5 ORDER BY region "
    "LIMIT $6";
static const char sql_villages_without[] =
    "SELECT code, name FROM region r WHERE level = 5 AND code >= $1 "
    "AND code < $2 AND abolished_at IS NULL AND NOT EXISTS "
    "(SELECT 1 FROM centre c WHERE c.region = r.code) ORDER BY code LIMIT $3";

static const char sql_activity_insert[] =
    "INSERT INTO centre_activity (centre_id, region, activity_date, kind, "
    "participants, children_count, note, created_by, created_at, "
    "updated_by, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, "
    "$8, $9, $10, $11, 1) RETURNING id";
static const char sql_activity_seal[] =
    "UPDATE centre_activity SET note = $2 WHERE id = $1";
static const char sql_activity_update[] =
    "UPDATE centre_activity SET activity_date = $4, kind = $5, "
    "participants = $6, children_count = $7, note = $8, updated_by = $9, "
    "updated_at = $10, version = version + 1 WHERE id = $1 AND region >= $2 "
    "AND region < $3 AND version = $11";
static const char sql_activity_exists[] =
    "SELECT 1 FROM centre_activity WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_activity_get[] =
    "SELECT " ACTIVITY_COLS " FROM centre_activity WHERE id = $1 "
    "AND region >= $2 AND region < $3";
static const char sql_activity_list[] =
    "SELECT " ACTIVITY_COLS " FROM centre_activity WHERE centre_id = $1 "
    "AND region >= $2 AND region < $3 AND (CAST($4 AS TEXT) = '' OR "
    "activity_date < $4 OR (activity_date = $4 AND id < $5)) "
    "ORDER BY activity_date DESC, id DESC LIMIT $6";

static const char sql_photo_list[] =
    "SELECT " PHOTO_COLS " FROM centre_photo WHERE activity_id = $1 "
    "ORDER BY id";
static const char sql_photo_count[] =
    "SELECT COUNT(*) FROM centre_photo WHERE activity_id = $1";
static const char sql_photo_insert[] =
    "INSERT INTO centre_photo (activity_id, region, mime, size, data, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, '', $5, $6) "
    "RETURNING id";
static const char sql_photo_seal[] =
    "UPDATE centre_photo SET data = $2 WHERE id = $1";
static const char sql_photo_get[] =
    "SELECT " PHOTO_COLS ", data FROM centre_photo WHERE id = $1 "
    "AND activity_id = $2 AND region >= $3 AND region < $4";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(r, f, col)                                                        \
	str_copy((r)->f, sizeof((r)->f), db_column_text(st, col))

static void read_centre(struct db_stmt *st, struct centre_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	COPY(r, region, 1);
	COPY(r, name, 2);
	COPY(r, address, 3);
	COPY(r, hours, 4);
	COPY(r, facilities, 5);
	COPY(r, manager_name, 6);
	COPY(r, manager_phone, 7);
	r->manager_account = db_column_int64(st, 8);
	r->created_by = db_column_int64(st, 9);
	COPY(r, created_at, 10);
	r->updated_by = db_column_int64(st, 11);
	COPY(r, updated_at, 12);
	r->version = db_column_int64(st, 13);
}

static void read_activity(struct db_stmt *st, struct centre_activity_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	r->centre_id = db_column_int64(st, 1);
	COPY(r, region, 2);
	COPY(r, activity_date, 3);
	COPY(r, kind, 4);
	r->participants = db_column_int64(st, 5);
	r->children_count = db_column_int64(st, 6);
	COPY(r, note, 7);
	r->created_by = db_column_int64(st, 8);
	COPY(r, created_at, 9);
	r->updated_by = db_column_int64(st, 10);
	COPY(r, updated_at, 11);
	r->version = db_column_int64(st, 12);
}

static void read_photo(struct db_stmt *st, struct centre_photo_row *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_column_int64(st, 0);
	p->activity_id = db_column_int64(st, 1);
	COPY(p, region, 2);
	COPY(p, mime, 3);
	p->size = db_column_int64(st, 4);
	p->created_by = db_column_int64(st, 5);
	COPY(p, created_at, 6);
}

/* an INSERT … RETURNING id */
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

/* a statement with no rows; *changes gets how many it changed */
static int run_change(struct db_stmt *st, int rc, int64_t *changes)
{
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc)
		*changes = db_changes(st);
	db_finalize(st);
	return rc;
}

/* whether a row (id within scope) exists: tells stale from absent */
static int exists(struct db *db, const char *sql, int64_t id,
		  const struct scope_range *sr)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	BI(1, id);
	BT(2, sr->lo);
	BT(3, sr->hi);
	if (!rc)
		rc = db_step(st);
	rc = rc == GA_ROW ? GA_OK : rc == GA_DONE ? GA_ENOTFOUND : rc;
	db_finalize(st);
	return rc;
}

int store_centre_insert(struct db *db, struct centre_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_centre_insert, &st);

	BT(1, r->region);
	BT(2, r->name);
	BT(3, r->address);
	BT(4, r->hours);
	BT(5, r->facilities);
	BT(6, r->manager_name);
	BT(7, r->manager_phone);
	BI(8, r->manager_account);
	BI(9, r->created_by);
	BT(10, r->created_at);
	BI(11, r->updated_by);
	BT(12, r->updated_at);
	rc = run_insert(st, rc, &r->id);
	if (!rc)
		r->version = 1;
	return rc;
}

int store_centre_update(struct db *db, const char *scope_prefix,
			const struct centre_row *r, int64_t version)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc = db_prepare(db, sql_centre_update, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->name);
	BT(5, r->address);
	BT(6, r->hours);
	BT(7, r->facilities);
	BT(8, r->manager_name);
	BT(9, r->manager_phone);
	BI(10, r->manager_account);
	BI(11, r->updated_by);
	BT(12, r->updated_at);
	BI(13, version);
	rc = run_change(st, rc, &n);
	if (!rc && n != 1)
		rc = exists(db, sql_centre_exists, r->id, &sr);
	if (!rc && n != 1)
		rc = GA_ECONFLICT;
	return rc;
}

int store_centre_seal(struct db *db, const struct centre_row *r)
{
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc = db_prepare(db, sql_centre_seal, &st);

	BI(1, r->id);
	BT(2, r->manager_name);
	BT(3, r->manager_phone);
	rc = run_change(st, rc, &n);
	return !rc && n != 1 ? GA_ENOTFOUND : rc;
}

static int get_centre(struct db *db, const char *sql, const char *scope_prefix,
		      const char *region, int64_t id, struct centre_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	scope_range_of(scope_prefix, &sr);
	if (region)
		BT(1, region);
	else
		BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_centre(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_centre_get_region(struct db *db, const char *scope_prefix,
			    const char *region, struct centre_row *out)
{
	return get_centre(db, sql_centre_get_region, scope_prefix, region, 0,
			  out);
}

int store_centre_get(struct db *db, const char *scope_prefix, int64_t id,
		     struct centre_row *out)
{
	return get_centre(db, sql_centre_get, scope_prefix, NULL, id, out);
}

int store_centre_list(struct db *db, const char *scope_prefix,
		      const char *prefix, const char *after, int limit,
		      int (*fn)(const struct centre_row *r, void *ctx),
		      void *ctx)
{
	static __thread struct centre_row r;
	struct scope_range sr, pr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_centre_list, &st);

	scope_range_of(scope_prefix, &sr);
	scope_range_of(prefix, &pr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, pr.lo);
	BT(4, pr.hi);
	BT(5, after ? after : "");
	BI(6, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_centre(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_centre_villages_without(struct db *db, const char *prefix, int limit,
				  int (*fn)(const char *code, const char *name,
					    void *ctx),
				  void *ctx)
{
	struct scope_range pr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_villages_without, &st);

	scope_range_of(prefix, &pr);
	BT(1, pr.lo);
	BT(2, pr.hi);
	BI(3, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW)
		rc = fn(db_column_text(st, 0), db_column_text(st, 1), ctx);
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_centre_activity_insert(struct db *db, struct centre_activity_row *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_activity_insert, &st);

	BI(1, r->centre_id);
	BT(2, r->region);
	BT(3, r->activity_date);
	BT(4, r->kind);
	BI(5, r->participants);
	BI(6, r->children_count);
	BT(7, r->note);
	BI(8, r->created_by);
	BT(9, r->created_at);
	BI(10, r->updated_by);
	BT(11, r->updated_at);
	rc = run_insert(st, rc, &r->id);
	if (!rc)
		r->version = 1;
	return rc;
}

int store_centre_activity_seal(struct db *db, int64_t id, const char *note)
{
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc = db_prepare(db, sql_activity_seal, &st);

	BI(1, id);
	BT(2, note);
	rc = run_change(st, rc, &n);
	return !rc && n != 1 ? GA_ENOTFOUND : rc;
}

int store_centre_activity_update(struct db *db, const char *scope_prefix,
				 const struct centre_activity_row *r,
				 int64_t version)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc = db_prepare(db, sql_activity_update, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->activity_date);
	BT(5, r->kind);
	BI(6, r->participants);
	BI(7, r->children_count);
	BT(8, r->note);
	BI(9, r->updated_by);
	BT(10, r->updated_at);
	BI(11, version);
	rc = run_change(st, rc, &n);
	if (!rc && n != 1)
		rc = exists(db, sql_activity_exists, r->id, &sr);
	if (!rc && n != 1)
		rc = GA_ECONFLICT;
	return rc;
}

int store_centre_activity_get(struct db *db, const char *scope_prefix,
			      int64_t id, struct centre_activity_row *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_activity_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_activity(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_centre_activity_list(
    struct db *db, const char *scope_prefix, int64_t centre_id,
    const char *after_date, int64_t after_id, int limit,
    int (*fn)(const struct centre_activity_row *r, void *ctx), void *ctx)
{
	static __thread struct centre_activity_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_activity_list, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, centre_id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, after_date ? after_date : "");
	BI(5, after_id);
	BI(6, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_activity(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&r, 0, sizeof(r));
	return rc;
}

int store_centre_photo_list(struct db *db, int64_t activity_id,
			    int (*fn)(const struct centre_photo_row *p,
				      void *ctx),
			    void *ctx)
{
	struct centre_photo_row p;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_list, &st);

	BI(1, activity_id);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_photo(st, &p);
		rc = fn(&p, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_centre_photo_count(struct db *db, int64_t activity_id, int64_t *count)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_count, &st);

	BI(1, activity_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*count = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_centre_photo_insert(struct db *db, struct centre_photo_row *p)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_insert, &st);

	BI(1, p->activity_id);
	BT(2, p->region);
	BT(3, p->mime);
	BI(4, p->size);
	BI(5, p->created_by);
	BT(6, p->created_at);
	return run_insert(st, rc, &p->id);
}

int store_centre_photo_seal(struct db *db, int64_t id, const char *data)
{
	struct db_stmt *st = NULL;
	int64_t n = 0;
	int rc = db_prepare(db, sql_photo_seal, &st);

	BI(1, id);
	BT(2, data);
	rc = run_change(st, rc, &n);
	return !rc && n != 1 ? GA_ENOTFOUND : rc;
}

int store_centre_photo_get(struct db *db, const char *scope_prefix,
			   int64_t activity_id, int64_t id,
			   struct centre_photo_row *out, struct buf *data)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_photo_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BI(2, activity_id);
	BT(3, sr.lo);
	BT(4, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		size_t len = 0;
		const char *d = db_column_textn(st, 7, &len);

		read_photo(st, out);
		rc = buf_add(data, d ? d : "", len);
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}
