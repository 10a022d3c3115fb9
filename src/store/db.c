/*
 * Backend dispatch by URL, thin wrappers over `struct db_ops`, and the
 * connection pool. Nothing here knows SQL.
 */
#include "store/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

int db_open(const char *url, struct db **out, struct ga_error *err)
{
	const struct db_ops *ops;

	*out = NULL;
	if (str_starts_with(url, "sqlite:"))
		ops = &db_sqlite_ops;
	else if (str_starts_with(url, "postgresql://") ||
		 str_starts_with(url, "postgres://"))
		ops = &db_pg_ops;
	else
		return ga_error_set(
		    err, GA_EINVAL, "invalid_db_url", "db",
		    "数据库地址应为 sqlite:路径 或 postgresql://… "
		    "(database URL must be sqlite:PATH or "
		    "postgresql://…)");
	return ops->open(url, out, err);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

const char *db_backend_name(const struct db *db)
{
	return db->ops->name;
}

enum db_dialect db_dialect(const struct db *db)
{
	return db->ops->dialect;
}

int db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	*out = NULL;
	return db->ops->prepare(db, sql, out);
}

int db_bind_text(struct db_stmt *st, int idx, const char *s)
{
	if (!s)
		return st->db->ops->bind_null(st, idx);
	return st->db->ops->bind_text(st, idx, s, strlen(s));
}

int db_bind_textn(struct db_stmt *st, int idx, const char *s, size_t len)
{
	return st->db->ops->bind_text(st, idx, s, len);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return st->db->ops->bind_int64(st, idx, v);
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return st->db->ops->bind_null(st, idx);
}

int db_step(struct db_stmt *st)
{
	return st->db->ops->step(st);
}

int db_reset(struct db_stmt *st)
{
	return st->db->ops->reset(st);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		st->db->ops->finalize(st);
}

int db_column_count(struct db_stmt *st)
{
	return st->db->ops->column_count(st);
}

bool db_column_is_null(struct db_stmt *st, int col)
{
	return st->db->ops->column_is_null(st, col);
}

const char *db_column_textn(struct db_stmt *st, int col, size_t *len)
{
	size_t n = 0;
	const char *s = st->db->ops->column_text(st, col, &n);

	if (!s) {
		s = "";
		n = 0;
	}
	if (len)
		*len = n;
	return s;
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return db_column_textn(st, col, NULL);
}

int64_t db_column_int64(struct db_stmt *st, int col)
{
	return st->db->ops->column_int64(st, col);
}

int64_t db_changes(struct db_stmt *st)
{
	return st->db->ops->changes(st);
}

int db_step_id(struct db_stmt *st, int rc, int64_t *id)
{
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*id = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (!rc || rc == GA_DONE) {
		rc = GA_EDB;
	}
	return rc;
}

int db_step_done(struct db_stmt *st, int rc)
{
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	return rc;
}

int db_run_change(struct db_stmt *st, int rc)
{
	rc = db_step_done(st, rc);
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int db_begin(struct db *db)
{
	return db->ops->begin(db);
}

int db_commit(struct db *db)
{
	return db->ops->commit(db);
}

int db_rollback(struct db *db)
{
	return db->ops->rollback(db);
}

const char *db_errmsg(struct db *db)
{
	return db->ops->errmsg(db);
}

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned size;
	unsigned nfree;
	struct db **all;
	struct db **free;
};

int db_pool_open(const char *url, unsigned size, struct db_pool **out,
		 struct ga_error *err)
{
	struct db_pool *p = xcalloc(1, sizeof(*p));
	int rc = GA_OK;

	*out = NULL;
	if (!size)
		size = 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->all = xcalloc(size, sizeof(*p->all));
	p->free = xcalloc(size, sizeof(*p->free));
	for (unsigned i = 0; i < size; i++) {
		rc = db_open(url, &p->all[i], err);
		if (rc)
			goto out;
		p->size++;
		p->free[p->nfree++] = p->all[i];
	}
out:
	if (rc) {
		db_pool_close(p);
		return rc;
	}
	*out = p;
	return GA_OK;
}

int db_pool_get(struct db_pool *pool, unsigned wait_ms, struct db **out)
{
	struct timespec until;
	int rc = GA_OK;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	*out = NULL;
	pthread_mutex_lock(&pool->lock);
	while (!pool->nfree) {
		if (pthread_cond_timedwait(&pool->cond, &pool->lock, &until) ==
		    ETIMEDOUT) {
			rc = GA_EBUSY;
			goto out;
		}
	}
	*out = pool->free[--pool->nfree];
out:
	pthread_mutex_unlock(&pool->lock);
	return rc;
}

void db_pool_put(struct db_pool *pool, struct db *db)
{
	pthread_mutex_lock(&pool->lock);
	if (pool->nfree >= pool->size)
		BUG("db_pool_put: more connections returned than taken");
	pool->free[pool->nfree++] = db;
	pthread_cond_signal(&pool->cond);
	pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
	if (!pool)
		return;
	for (unsigned i = 0; i < pool->size; i++)
		db_close(pool->all[i]);
	free(pool->all);
	free(pool->free);
	pthread_cond_destroy(&pool->cond);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
}
