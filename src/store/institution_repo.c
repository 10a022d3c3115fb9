#include "store/institution_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"i.id, i.county, i.name, i.kind, i.transformed, i.transformed_on, "    \
	"i.capacity, i.address, i.phone, i.active, "                           \
	"(SELECT COUNT(*) FROM placement p WHERE p.institution_id = i.id "     \
	"AND p.status = 'active'), i.created_by, i.created_at, i.updated_by, " \
	"i.updated_at, i.version"

static const char sql_insert[] =
    "INSERT INTO institution (county, name, kind, transformed, "
    "transformed_on, capacity, address, phone, active, created_by, "
    "created_at, updated_by, updated_at, version) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13, 1) RETURNING id";
static const char sql_update[] =
    "UPDATE institution SET name = $4, kind = $5, transformed = $6, "
    "transformed_on = $7, capacity = $8, address = $9, phone = $10, "
    "active = $11, updated_by = $12, updated_at = $13, "
    "version = version + 1 WHERE id = $1 AND county >= $2 AND county < $3 "
    "AND version = $14";
static const char sql_exists[] =
    "SELECT 1 FROM institution WHERE id = $1 AND county >= $2 "
    "AND county < $3";
static const char sql_name_taken[] =
    "SELECT 1 FROM institution WHERE county = $1 AND name = $2 AND id <> $3";
static const char sql_get[] =
    "SELECT " COLS " FROM institution i WHERE i.id = $1 AND i.county >= $2 "
    "AND i.county < $3";
static const char sql_list[] =
    "SELECT " COLS " FROM institution i WHERE ((i.county >= $1 AND "
    "i.county < $2) OR (CAST($3 AS BIGINT) = 1 AND i.kind = 'regional_welfare' "
    "AND "
    "i.active = 1)) AND (CAST($4 AS TEXT) = '' OR i.kind = $4) "
    "ORDER BY i.county, i.name, i.id LIMIT $5";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define COPY(r, f, col)                                                        \
	str_copy((r)->f, sizeof((r)->f), db_column_text(st, col))

static void read_row(struct db_stmt *st, struct institution_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	COPY(r, county, 1);
	COPY(r, name, 2);
	COPY(r, kind, 3);
	r->transformed = db_column_int64(st, 4) != 0;
	COPY(r, transformed_on, 5);
	r->capacity = db_column_int64(st, 6);
	COPY(r, address, 7);
	COPY(r, phone, 8);
	r->active = db_column_int64(st, 9) != 0;
	r->current_children = db_column_int64(st, 10);
	r->created_by = db_column_int64(st, 11);
	COPY(r, created_at, 12);
	r->updated_by = db_column_int64(st, 13);
	COPY(r, updated_at, 14);
	r->version = db_column_int64(st, 15);
}

static int name_taken(struct db *db, const char *county, const char *name,
		      int64_t id)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_name_taken, &st);

	BT(1, county);
	BT(2, name);
	BI(3, id);
	if (!rc)
		rc = db_step(st);
	rc = rc == GA_ROW ? GA_ECONFLICT : rc == GA_DONE ? GA_OK : rc;
	db_finalize(st);
	return rc;
}

int store_institution_insert(struct db *db, struct institution_row *r)
{
	struct db_stmt *st = NULL;
	int rc = name_taken(db, r->county, r->name, 0);

	if (rc)
		return rc;
	rc = db_prepare(db, sql_insert, &st);
	BT(1, r->county);
	BT(2, r->name);
	BT(3, r->kind);
	BI(4, r->transformed);
	BT(5, r->transformed_on);
	BI(6, r->capacity);
	BT(7, r->address);
	BT(8, r->phone);
	BI(9, r->active);
	BI(10, r->created_by);
	BT(11, r->created_at);
	BI(12, r->updated_by);
	BT(13, r->updated_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		r->id = db_column_int64(st, 0);
		r->version = 1;
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_institution_update(struct db *db, const char *scope_prefix,
			     const struct institution_row *r, int64_t version)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int64_t changed = 0;
	int rc = name_taken(db, r->county, r->name, r->id);

	if (rc)
		return rc;
	scope_range_of(scope_prefix, &sr);
	rc = db_prepare(db, sql_update, &st);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	BT(4, r->name);
	BT(5, r->kind);
	BI(6, r->transformed);
	BT(7, r->transformed_on);
	BI(8, r->capacity);
	BT(9, r->address);
	BT(10, r->phone);
	BI(11, r->active);
	BI(12, r->updated_by);
	BT(13, r->updated_at);
	BI(14, version);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc)
		changed = db_changes(st);
	db_finalize(st);
	if (rc || changed == 1)
		return rc;
	/* nothing changed: absent, or a stale version */
	rc = db_prepare(db, sql_exists, &st);
	BI(1, r->id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	rc = rc == GA_ROW ? GA_ECONFLICT : rc == GA_DONE ? GA_ENOTFOUND : rc;
	db_finalize(st);
	return rc;
}

int store_institution_get(struct db *db, const char *scope_prefix, int64_t id,
			  struct institution_row *out)
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

int store_institution_list(struct db *db, const char *scope_prefix,
			   bool with_regional, const char *kind, int limit,
			   int (*fn)(const struct institution_row *r,
				     void *ctx),
			   void *ctx)
{
	struct institution_row r;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BI(3, with_regional ? 1 : 0);
	BT(4, kind ? kind : "");
	BI(5, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, &r);
		rc = fn(&r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
