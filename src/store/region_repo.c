#include "store/region_repo.h"

#include <stdlib.h>
#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define REGION_COLUMNS                                                         \
	"r.code, r.name, r.level, COALESCE(r.parent, ''), r.kind, r.zone, "    \
	"r.overlap_codes, r.deep_poverty, r.deep_poverty_confirmed, "          \
	"CASE WHEN r.abolished_at IS NULL THEN 0 ELSE 1 END, "                 \
	"CASE WHEN EXISTS (SELECT 1 FROM region c WHERE c.parent = r.code) "   \
	"THEN 1 ELSE 0 END"

static const char sql_get[] =
    "SELECT " REGION_COLUMNS " FROM region r WHERE r.code = $1";
static const char sql_children[] =
    "SELECT " REGION_COLUMNS " FROM region r WHERE r.parent = $1 "
    "ORDER BY r.code";
static const char sql_top[] =
    "SELECT " REGION_COLUMNS " FROM region r WHERE r.parent IS NULL "
    "ORDER BY r.code";
static const char sql_upsert[] =
    "INSERT INTO region (code, name, level, parent, kind, zone, overlap_codes, "
    "  source, batch, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
    "  level = excluded.level, parent = excluded.parent, "
    "  kind = excluded.kind, zone = excluded.zone, "
    "  overlap_codes = excluded.overlap_codes, source = excluded.source, "
    "  batch = excluded.batch, abolished_at = NULL, "
    "  updated_at = excluded.updated_at";
static const char sql_abolish[] =
    "UPDATE region SET abolished_at = $1, updated_at = $1 "
    "WHERE level = $2 AND code >= $3 AND code < $4 AND batch <> $5 "
    "AND zone = 0 AND abolished_at IS NULL";
static const char sql_deep_poverty[] =
    "UPDATE region SET deep_poverty = 1, deep_poverty_confirmed = $2, "
    "updated_at = $3 WHERE code = $1";
static const char sql_count[] =
    "SELECT COUNT(*) FROM region WHERE level = $1 AND code >= $2 "
    "AND code < $3 AND abolished_at IS NULL";
static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = $1";
static const char sql_meta_set[] =
    "INSERT INTO meta (key, value) VALUES ($1, $2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

void region_list_init(struct region_list *l)
{
	memset(l, 0, sizeof(*l));
}

void region_list_release(struct region_list *l)
{
	free(l->items);
	region_list_init(l);
}

struct region *region_list_push(struct region_list *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->items =
		    xrealloc(l->items, st_mult(l->alloc, sizeof(*l->items)));
	}
	memset(&l->items[l->n], 0, sizeof(l->items[0]));
	return &l->items[l->n++];
}

static void read_row(struct db_stmt *st, struct region *r)
{
	str_copy(r->code, sizeof(r->code), db_column_text(st, 0));
	str_copy(r->name, sizeof(r->name), db_column_text(st, 1));
	r->level = (enum region_level)db_column_int64(st, 2);
	str_copy(r->parent, sizeof(r->parent), db_column_text(st, 3));
	str_copy(r->kind, sizeof(r->kind), db_column_text(st, 4));
	r->zone = db_column_int64(st, 5) != 0;
	str_copy(r->overlaps, sizeof(r->overlaps), db_column_text(st, 6));
	r->deep_poverty = db_column_int64(st, 7) != 0;
	r->deep_poverty_confirmed = db_column_int64(st, 8) != 0;
	r->abolished = db_column_int64(st, 9) != 0;
	r->has_children = db_column_int64(st, 10) != 0;
}

int store_region_get(struct db *db, const char *code, struct region *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	if (!rc)
		rc = db_bind_text(st, 1, code);
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

int store_region_children(struct db *db, const char *parent,
			  struct region_list *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, parent ? sql_children : sql_top, &st);

	if (!rc && parent)
		rc = db_bind_text(st, 1, parent);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_row(st, region_list_push(out));
		rc = GA_OK;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_region_upsert(struct db *db, const struct region *r,
			const char *source, const char *batch, const char *now)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_upsert, &st);

	if (!rc)
		rc = db_bind_text(st, 1, r->code);
	if (!rc)
		rc = db_bind_text(st, 2, r->name);
	if (!rc)
		rc = db_bind_int64(st, 3, r->level);
	if (!rc)
		rc = db_bind_text(st, 4, r->parent[0] ? r->parent : NULL);
	if (!rc)
		rc = db_bind_text(st, 5, r->kind);
	if (!rc)
		rc = db_bind_int64(st, 6, r->zone);
	if (!rc)
		rc = db_bind_text(st, 7, r->overlaps);
	if (!rc)
		rc = db_bind_text(st, 8, source);
	if (!rc)
		rc = db_bind_text(st, 9, batch);
	if (!rc)
		rc = db_bind_text(st, 10, now);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_region_abolish_unlisted(struct db *db, enum region_level level,
				  const char *prefix, const char *batch,
				  const char *now, long *count)
{
	struct db_stmt *st = NULL;
	struct scope_range sr;
	int rc = db_prepare(db, sql_abolish, &st);

	scope_range_of(prefix, &sr);
	if (!rc)
		rc = db_bind_text(st, 1, now);
	if (!rc)
		rc = db_bind_int64(st, 2, level);
	if (!rc)
		rc = db_bind_text(st, 3, sr.lo);
	if (!rc)
		rc = db_bind_text(st, 4, sr.hi);
	if (!rc)
		rc = db_bind_text(st, 5, batch);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && count)
		*count = (long)db_changes(st);
	db_finalize(st);
	return rc;
}

int store_region_set_deep_poverty(struct db *db, const char *code,
				  bool confirmed, const char *now)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_deep_poverty, &st);

	if (!rc)
		rc = db_bind_text(st, 1, code);
	if (!rc)
		rc = db_bind_int64(st, 2, confirmed);
	if (!rc)
		rc = db_bind_text(st, 3, now);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) == 0)
		rc = GA_ENOTFOUND;
	db_finalize(st);
	return rc;
}

int store_region_count(struct db *db, enum region_level level,
		       const char *prefix, long *count)
{
	struct db_stmt *st = NULL;
	struct scope_range sr;
	int rc = db_prepare(db, sql_count, &st);

	scope_range_of(prefix, &sr);
	if (!rc)
		rc = db_bind_int64(st, 1, level);
	if (!rc)
		rc = db_bind_text(st, 2, sr.lo);
	if (!rc)
		rc = db_bind_text(st, 3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*count = (long)db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_meta_get(struct db *db, const char *key, struct buf *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_meta_get, &st);

	if (!rc)
		rc = db_bind_text(st, 1, key);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW)
		rc = buf_adds(out, db_column_text(st, 0));
	else if (rc == GA_DONE)
		rc = GA_ENOTFOUND;
	db_finalize(st);
	return rc;
}

int store_meta_set(struct db *db, const char *key, const char *value)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_meta_set, &st);

	if (!rc)
		rc = db_bind_text(st, 1, key);
	if (!rc)
		rc = db_bind_text(st, 2, value);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}
