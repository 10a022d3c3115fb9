/*
 * The dossier's history and state as time passes: change records, the
 * derived categories the daily run writes, and the lock of a blind-index
 * bucket that serialises duplicate checks.
 */
#include "store/child_repo.h"

#include <stdio.h>
#include <string.h>

#include "store/child_codes.h"
#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char sql_change_insert[] =
    "INSERT INTO child_change (child_id, version, region, changed_at, "
    "changed_by, changes) VALUES ($1, $2, $3, $4, $5, $6)";
static const char sql_changes[] =
    "SELECT c.version, c.changed_at, c.changed_by, c.changes "
    "FROM child_change c JOIN child ch ON ch.id = c.child_id "
    "WHERE c.child_id = $1 AND ch.region >= $2 AND ch.region < $3 "
    "ORDER BY c.version";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))

int store_child_change_insert(struct db *db, int64_t child_id, int64_t version,
			      const char *region, const char *at, int64_t by,
			      const char *changes)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_change_insert, &st);

	BI(1, child_id);
	BI(2, version);
	BT(3, region);
	BT(4, at);
	BI(5, by);
	BT(6, changes);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_child_changes(struct db *db, const char *scope_prefix,
			int64_t child_id,
			int (*fn)(const struct child_change_row *c, void *ctx),
			void *ctx)
{
	struct child_change_row c;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_changes, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, child_id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(&c, 0, sizeof(c));
		c.version = db_column_int64(st, 0);
		str_copy(c.changed_at, sizeof(c.changed_at),
			 db_column_text(st, 1));
		c.changed_by = db_column_int64(st, 2);
		c.changes = db_column_text(st, 3);
		rc = fn(&c, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

static const char sql_lock_bucket[] =
    "INSERT INTO child_index_lock (bucket) VALUES ($1) "
    "ON CONFLICT (bucket) DO UPDATE SET bucket = excluded.bucket";
static const char sql_set_derived[] =
    "UPDATE child SET categories = $3, key_flags = $4, archived = $5, "
    "archive_reason = $6, updated_at = $7, version = version + 1 "
    "WHERE id = $1 AND version = $2";
static const char sql_ids[] =
    "SELECT id FROM child WHERE archived = 0 AND id > $1 ORDER BY id "
    "LIMIT $2";

int store_child_set_derived(struct db *db, int64_t id, int64_t version,
			    unsigned categories, unsigned key_flags,
			    bool archived, const char *archive_reason,
			    const char *now)
{
	char cats[200], flags[200];
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_set_derived, &st);

	store_ids_text(categories, false, cats, sizeof(cats));
	store_ids_text(key_flags, true, flags, sizeof(flags));
	BI(1, id);
	BI(2, version);
	BT(3, cats);
	BT(4, flags);
	BI(5, archived);
	BT(6, archive_reason);
	BT(7, now);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_child_ids(struct db *db, int64_t after_id, int limit, int64_t *ids,
		    int *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_ids, &st);

	*n = 0;
	BI(1, after_id);
	BI(2, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		ids[(*n)++] = db_column_int64(st, 0);
		rc = GA_OK;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_child_lock_bucket(struct db *db, const char *bucket)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_lock_bucket, &st);

	BT(1, bucket);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

static const char sql_set_referral[] =
    "UPDATE child SET employment_referral = 1 WHERE id = $1";

int store_child_set_referral(struct db *db, int64_t id)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_set_referral, &st);

	BI(1, id);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}
