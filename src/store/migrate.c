#include "store/migrate.h"

#include <stdbool.h>
#include <time.h>

#include "store/migrations.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/banned.h"

static const char sql_create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "  version INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  applied_at TEXT NOT NULL)";
static const char sql_current[] =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char sql_applied[] =
    "SELECT COUNT(*) FROM schema_migrations WHERE version = $1";
static const char sql_record[] =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES ($1, $2, $3)";
/* PostgreSQL: one migrator at a time, released at commit */
static const char sql_pg_lock[] = "SELECT pg_advisory_xact_lock(4826637)";

int migrate_latest(void)
{
	return migrations[migrations_count - 1].version;
}

static int query_current(struct db *db, int *version)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_current, &st);

	if (rc)
		goto out;
	rc = db_step(st);
	if (rc == GA_ROW) {
		*version = (int)db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
out:
	db_finalize(st);
	return rc;
}

/* whether migration `version` has been applied */
static int applied(struct db *db, int version, bool *yes)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_applied, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, version);
	if (!rc)
		rc = db_step(st) == GA_ROW ? GA_OK : GA_EDB;
	if (!rc)
		*yes = db_column_int64(st, 0) > 0;
	db_finalize(st);
	return rc;
}

int migrate_current(struct db *db, int *version)
{
	int rc = db_exec(db, sql_create_table);

	if (rc)
		return rc;
	return query_current(db, version);
}

static int apply(struct db *db, const struct migration *m)
{
	struct db_stmt *st = NULL;
	char now[32];
	const char *sql = m->sql;
	int rc;

	if (db_dialect(db) == DB_POSTGRES && m->sql_pg)
		sql = m->sql_pg;
	time_format_utc(time(NULL), now, sizeof(now));
	rc = db_exec(db, sql);
	if (!rc)
		rc = db_prepare(db, sql_record, &st);
	if (!rc)
		rc = db_bind_int64(st, 1, m->version);
	if (!rc)
		rc = db_bind_text(st, 2, m->name);
	if (!rc)
		rc = db_bind_text(st, 3, now);
	if (!rc && db_step(st) != GA_DONE)
		rc = GA_EDB;
	db_finalize(st);
	return rc;
}

static int lock(struct db *db)
{
	struct db_stmt *st = NULL;
	int rc;

	if (db_dialect(db) != DB_POSTGRES)
		return GA_OK; /* BEGIN IMMEDIATE already holds the write lock */
	rc = db_prepare(db, sql_pg_lock, &st);
	if (!rc && db_step(st) != GA_ROW)
		rc = GA_EDB;
	db_finalize(st);
	return rc;
}

int migrate_up(struct db *db)
{
	int rc = db_begin(db);

	/* one transaction, create-table included, so concurrent callers wait */
	if (!rc)
		rc = lock(db);
	if (!rc)
		rc = db_exec(db, sql_create_table);
	/*
	 * Every migration not applied yet, in order: not only those above
	 * the highest applied, so that a migration numbered below one that
	 * landed first (work merged from parallel branches) still runs.
	 */
	for (int i = 0; !rc && i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		bool done = false;

		rc = applied(db, m->version, &done);
		if (rc || done)
			continue;
		rc = apply(db, m);
		if (rc)
			log_error("migration %d (%s) failed: %s", m->version,
				  m->name, ga_result_name(rc));
		else
			log_info("migrated to %d (%s)", m->version, m->name);
	}
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return GA_EDB;
	}
	return GA_OK;
}
