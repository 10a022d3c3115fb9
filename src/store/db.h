/*
 * The storage driver interface: one small set of operations, two backends
 * (db_sqlite.c, db_pg.c), chosen by the URL scheme. Modelled on git's ref
 * backends: `struct db_ops` is a table of function pointers with one
 * designated-initializer instance per backend. Repositories (the src/store
 * repositories) sit above it and never know which backend runs.
 *
 * SQL dialect: one text for both backends. Parameters are written `$1`, `$2`, …
 * (PostgreSQL's native form; the SQLite driver binds them by name). All values
 * are bound; no SQL is ever built from user text.
 *
 * Threads: a `struct db` is one connection and is used by one thread at a
 * time. `struct db_pool` hands connections to server worker threads.
 *
 * Ownership: db_open() returns a connection the caller closes with
 * db_close(). db_prepare() returns a statement the caller frees with
 * db_finalize() before closing its connection. Text returned by
 * db_column_text() is borrowed: valid until the next db_step(), db_reset() or
 * db_finalize() on that statement.
 */
#ifndef GA_DB_H
#define GA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/result.h"

struct db;
struct db_stmt;

enum db_dialect {
	DB_SQLITE = 1,
	DB_POSTGRES = 2,
};

struct db_ops {
	const char *name;
	enum db_dialect dialect;
	/* url without the scheme handling: the driver gets the whole URL */
	int (*open)(const char *url, struct db **out, struct ga_error *err);
	void (*close)(struct db *db);
	/* run one or more statements without parameters (DDL, migrations) */
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	int (*bind_text)(struct db_stmt *st, int idx, const char *s,
			 size_t len);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_null)(struct db_stmt *st, int idx);
	/* GA_ROW when a row is ready, GA_DONE at the end, else an error */
	int (*step)(struct db_stmt *st);
	/* make the statement ready to bind and run again */
	int (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	bool (*column_is_null)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col, size_t *len);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	/* rows changed by the last completed statement */
	int64_t (*changes)(struct db_stmt *st);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	/* the last driver error, for the log only (never for users) */
	const char *(*errmsg)(struct db *db);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Every connection begins with these fields; drivers embed it first. */
struct db {
	const struct db_ops *ops;
};

struct db_stmt {
	struct db *db;
};

/* Pick a backend by URL ("sqlite:PATH", "postgresql://…", "postgres://…"). */
int db_open(const char *url, struct db **out, struct ga_error *err);
void db_close(struct db *db);
const char *db_backend_name(const struct db *db);
enum db_dialect db_dialect(const struct db *db);

int db_exec(struct db *db, const char *sql);
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
int db_bind_text(struct db_stmt *st, int idx, const char *s);
int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len);
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_null(struct db_stmt *st, int idx);
int db_step(struct db_stmt *st);
int db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);
int db_column_count(struct db_stmt *st);
bool db_column_is_null(struct db_stmt *st, int col);
/* never NULL: a NULL column reads as "" */
const char *db_column_text(struct db_stmt *st, int col);
const char *db_column_textn(struct db_stmt *st, int col, size_t *len);
int64_t db_column_int64(struct db_stmt *st, int col);
int64_t db_changes(struct db_stmt *st);
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);
const char *db_errmsg(struct db *db);

/*
 * Running a prepared statement whose binds have set rc (0, or the first
 * bind error, which is passed on): the patterns every repository shares.
 * db_step_id: an INSERT … RETURNING id, *id from its row (GA_EDB when it
 * returns none). db_step_done: a statement that returns no row. Neither
 * finalizes. db_run_change: a write that must change exactly one row
 * (GA_ECONFLICT otherwise, e.g. a stale version); it finalizes st.
 */
int db_step_id(struct db_stmt *st, int rc, int64_t *id);
int db_step_done(struct db_stmt *st, int rc);
int db_run_change(struct db_stmt *st, int rc);

/*
 * A fixed-size pool of open connections, shared by server threads.
 * db_pool_get() blocks until one is free (or `wait_ms` passes: GA_EBUSY).
 */
struct db_pool;
int db_pool_open(const char *url, unsigned size, struct db_pool **out,
		 struct ga_error *err);
int db_pool_get(struct db_pool *pool, unsigned wait_ms, struct db **out);
void db_pool_put(struct db_pool *pool, struct db *db);
void db_pool_close(struct db_pool *pool);

#endif
