/*
 * SQLite backend of db.h. One connection per `struct db`, opened with
 * NOMUTEX because a connection is used by one thread at a time (the pool
 * guarantees it). WAL journal, synchronous=FULL, foreign keys on, and a busy
 * timeout so that several connections of one process (or the CLI beside a
 * running server) wait for each other instead of failing.
 *
 * Parameters: the shared SQL dialect writes them `$1`, `$2`, …; SQLite treats
 * those as named parameters, so binding index N looks up the name "$N".
 */
#include "store/db.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

struct sq_db {
	struct db base;
	sqlite3 *h;
};

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *h;
	int64_t changes;
	bool done;
};

static sqlite3 *sq(struct db *db)
{
	return ((struct sq_db *)db)->h;
}

static int sq_result(sqlite3 *h, int rc)
{
	switch (rc) {
	case SQLITE_OK: return GA_OK;
	case SQLITE_ROW: return GA_ROW;
	case SQLITE_DONE: return GA_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return GA_EBUSY;
	case SQLITE_TOOBIG: return GA_ETOOBIG;
	}
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return GA_ECONFLICT;
		return GA_EINVAL;
	}
	log_error("db_sqlite: %s (%d)", h ? sqlite3_errmsg(h) : "", rc);
	return GA_EDB;
}

/*
 * SQLite keeps global memory statistics behind one mutex that every
 * allocation takes; under concurrent requests that lock dominated (see
 * bench/README.md). guanai does not read them.
 */
static void sq_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int sq_open(const char *url, struct db **out, struct ga_error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	static const char pragmas[] = "PRAGMA journal_mode=WAL;"
				      "PRAGMA synchronous=FULL;"
				      "PRAGMA foreign_keys=ON;";
	const char *path = url + strlen("sqlite:");
	struct sq_db *d;
	int rc;

	*out = NULL;
	pthread_once(&once, sq_global_init);
	if (!*path)
		return ga_error_set(
		    err, GA_EINVAL, "invalid_db_url", "db",
		    "SQLite 数据库路径为空 (empty SQLite path)");
	d = xcalloc(1, sizeof(*d));
	d->base.ops = &db_sqlite_ops;
	rc = sqlite3_open_v2(path, &d->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				 SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(d->h, 10000);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(d->h, pragmas, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		log_error("db_sqlite: cannot open %s: %s", path,
			  d->h ? sqlite3_errmsg(d->h) : "out of memory");
		sqlite3_close(d->h);
		free(d);
		return ga_error_set(
		    err, GA_EDB, "db_unavailable", "db",
		    "无法打开数据库 (cannot open the database)");
	}
	*out = &d->base;
	return GA_OK;
}

static void sq_close(struct db *db)
{
	sqlite3_close(sq(db));
	free(db);
}

static int sq_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(sq(db), sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_error("db_sqlite: exec: %s", msg ? msg : "");
		sqlite3_free(msg);
	}
	return sq_result(sq(db), rc);
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct sq_stmt *st;
	sqlite3_stmt *h = NULL;
	int rc = sqlite3_prepare_v2(sq(db), sql, -1, &h, NULL);

	if (rc != SQLITE_OK)
		return sq_result(sq(db), rc);
	st = xcalloc(1, sizeof(*st));
	st->base.db = db;
	st->h = h;
	*out = &st->base;
	return GA_OK;
}

static int param_index(struct sq_stmt *st, int idx)
{
	char name[16];

	snprintf(name, sizeof(name), "$%d", idx);
	return sqlite3_bind_parameter_index(st->h, name);
}

static int sq_bind_text(struct db_stmt *s, int idx, const char *v, size_t len)
{
	struct sq_stmt *st = (struct sq_stmt *)s;
	int i = param_index(st, idx);

	if (!i || len > (size_t)0x7fffffff)
		return GA_EINVAL;
	return sq_result(sq(s->db), sqlite3_bind_text(st->h, i, v, (int)len,
						      SQLITE_TRANSIENT));
}

static int sq_bind_int64(struct db_stmt *s, int idx, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)s;
	int i = param_index(st, idx);

	if (!i)
		return GA_EINVAL;
	return sq_result(sq(s->db), sqlite3_bind_int64(st->h, i, v));
}

static int sq_bind_null(struct db_stmt *s, int idx)
{
	struct sq_stmt *st = (struct sq_stmt *)s;
	int i = param_index(st, idx);

	if (!i)
		return GA_EINVAL;
	return sq_result(sq(s->db), sqlite3_bind_null(st->h, i));
}

static int sq_step(struct db_stmt *s)
{
	struct sq_stmt *st = (struct sq_stmt *)s;
	int rc;

	if (st->done)
		return GA_DONE;
	rc = sqlite3_step(st->h);
	if (rc == SQLITE_DONE) {
		st->done = true;
		st->changes = sqlite3_changes64(sq(s->db));
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		rc = sqlite3_extended_errcode(sq(s->db));
	return sq_result(sq(s->db), rc);
}

static int sq_reset(struct db_stmt *s)
{
	struct sq_stmt *st = (struct sq_stmt *)s;

	st->done = false;
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
	return GA_OK;
}

static void sq_finalize(struct db_stmt *s)
{
	struct sq_stmt *st = (struct sq_stmt *)s;

	sqlite3_finalize(st->h);
	free(st);
}

static int sq_column_count(struct db_stmt *s)
{
	return sqlite3_column_count(((struct sq_stmt *)s)->h);
}

static bool sq_column_is_null(struct db_stmt *s, int col)
{
	return sqlite3_column_type(((struct sq_stmt *)s)->h, col) ==
	       SQLITE_NULL;
}

static const char *sq_column_text(struct db_stmt *s, int col, size_t *len)
{
	sqlite3_stmt *h = ((struct sq_stmt *)s)->h;
	const char *t = (const char *)sqlite3_column_text(h, col);

	*len = t ? (size_t)sqlite3_column_bytes(h, col) : 0;
	return t;
}

static int64_t sq_column_int64(struct db_stmt *s, int col)
{
	return sqlite3_column_int64(((struct sq_stmt *)s)->h, col);
}

static int64_t sq_changes(struct db_stmt *s)
{
	return ((struct sq_stmt *)s)->changes;
}

static int sq_begin(struct db *db)
{
	/* IMMEDIATE takes the write lock up front: no upgrade deadlocks */
	return sq_exec(db, "BEGIN IMMEDIATE");
}

static int sq_commit(struct db *db)
{
	return sq_exec(db, "COMMIT");
}

static int sq_rollback(struct db *db)
{
	return sq_exec(db, "ROLLBACK");
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(sq(db));
}

const struct db_ops db_sqlite_ops = {
    .name = "sqlite",
    .dialect = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .changes = sq_changes,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .errmsg = sq_errmsg,
};
