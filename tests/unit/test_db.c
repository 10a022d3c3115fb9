/*
 * The storage driver contract (db.h), run on every backend: SQLite always,
 * PostgreSQL when GA_TEST_PG_URL is set (skipped otherwise). Each test gets
 * a fresh connection and its own table, named per process and test, which
 * teardown drops, so runs can share one PostgreSQL database.
 *
 * SQL here is formatted with the table name only: test scaffolding, never
 * user text (STYLE.md 12 applies to src/store/).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/db.h"
#include "util/xalloc.h"
#include "util/banned.h"

struct backend {
	const char *name;
	char url[1024]; /* "" when the backend is not available */
};

struct fixture {
	const struct backend *be;
	struct db *db;
	char table[64];
	char sql[1024];
};

static struct backend sqlite_be = {.name = "sqlite"};
static struct backend pg_be = {.name = "postgresql"};
static char sqlite_path[900];

/* mkdir -p */
static int mkdir_p(const char *path)
{
	char tmp[900];
	size_t n = strlen(path);

	if (!n || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

static void remove_sqlite_files(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char path[1024];

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", sqlite_path, suffix[i]);
		unlink(path);
	}
}

static void backends_init(void)
{
	const char *tmp = getenv("GA_TEST_TMP");
	const char *pg = getenv("GA_TEST_PG_URL");

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (mkdir_p(tmp)) {
		fprintf(stderr, "test_db: cannot create %s\n", tmp);
		exit(1);
	}
	snprintf(sqlite_path, sizeof(sqlite_path), "%s/test_db_%ld.db", tmp,
		 (long)getpid());
	remove_sqlite_files();
	snprintf(sqlite_be.url, sizeof(sqlite_be.url), "sqlite:%s",
		 sqlite_path);
	if (pg && *pg)
		snprintf(pg_be.url, sizeof(pg_be.url), "%s", pg);
}

/* The SQL `fmt` with every %s replaced by this test's table name. */
static const char *q(struct fixture *f, const char *fmt)
{
	size_t o = 0;

	for (const char *p = fmt; *p && o + 1 < sizeof(f->sql); p++) {
		if (p[0] == '%' && p[1] == 's') {
			size_t n = strlen(f->table);

			if (o + n + 1 >= sizeof(f->sql))
				break;
			memcpy(f->sql + o, f->table, n);
			o += n;
			p++;
		} else {
			f->sql[o++] = *p;
		}
	}
	f->sql[o] = '\0';
	return f->sql;
}

static int setup(void **state)
{
	static unsigned counter;
	const struct backend *be = *state;
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct ga_error err = {0};

	f->be = be;
	snprintf(f->table, sizeof(f->table), "t_db_%ld_%u", (long)getpid(),
		 ++counter);
	*state = f;
	if (!*be->url)
		return 0; /* the test skips */
	if (db_open(be->url, &f->db, &err)) {
		fprintf(stderr, "test_db: %s: %s (%s)\n", be->name, err.message,
			err.code);
		return -1;
	}
	if (db_exec(f->db, q(f, "CREATE TABLE %s (id BIGINT PRIMARY KEY, "
				"name TEXT UNIQUE, note TEXT, n BIGINT)")))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->db) {
		db_exec(f->db, q(f, "DROP TABLE IF EXISTS %s"));
		db_close(f->db);
	}
	free(f);
	return 0;
}

static struct fixture *begin_test(void **state)
{
	struct fixture *f = *state;

	if (!f->db)
		skip();
	return f;
}

static void insert(struct fixture *f, int64_t id, const char *name,
		   const char *note)
{
	struct db_stmt *st;

	assert_int_equal(db_prepare(f->db,
				    q(f, "INSERT INTO %s (id, name, note) "
					 "VALUES ($1, $2, $3)"),
				    &st),
			 GA_OK);
	assert_int_equal(db_bind_int64(st, 1, id), GA_OK);
	assert_int_equal(db_bind_text(st, 2, name), GA_OK);
	assert_int_equal(db_bind_text(st, 3, note), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static int64_t count_rows(struct fixture *f)
{
	struct db_stmt *st;
	int64_t n;

	assert_int_equal(
	    db_prepare(f->db, q(f, "SELECT count(*) FROM %s"), &st), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	n = db_column_int64(st, 0);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
	return n;
}

static void test_insert_select(void **state)
{
	struct fixture *f = begin_test(state);
	char *big = xmalloc(10 * 1024 + 1);
	struct {
		int64_t id;
		const char *name;
		const char *note;
	} rows[] = {
	    {1, "张三", "托育中心 · 小班"},
	    {2, "O'Brien", "it's \"quoted\"; DROP TABLE x; --"},
	    {3, "big", big},
	    {4, "", "empty name"},
	};
	struct db_stmt *st;
	size_t i, len;

	for (i = 0; i < 10 * 1024; i++)
		big[i] = (char)('a' + i % 26);
	big[10 * 1024] = '\0';
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		insert(f, rows[i].id, rows[i].name, rows[i].note);

	assert_int_equal(db_prepare(f->db,
				    q(f, "SELECT id, name, note FROM %s "
					 "ORDER BY id"),
				    &st),
			 GA_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(db_step(st), GA_ROW);
		assert_int_equal(db_column_count(st), 3);
		assert_int_equal(db_column_int64(st, 0), rows[i].id);
		assert_string_equal(db_column_text(st, 1), rows[i].name);
		assert_string_equal(db_column_textn(st, 2, &len), rows[i].note);
		assert_int_equal(len, strlen(rows[i].note));
		assert_false(db_column_is_null(st, 1));
	}
	assert_int_equal(db_step(st), GA_DONE);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
	free(big);
}

static void test_null_columns(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;
	size_t len = 99;

	insert(f, 1, NULL, "x"); /* db_bind_text(NULL) binds NULL */
	assert_int_equal(db_prepare(f->db,
				    q(f, "INSERT INTO %s (id, name, note) "
					 "VALUES ($1, $2, $3)"),
				    &st),
			 GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 2), GA_OK);
	assert_int_equal(db_bind_null(st, 2), GA_OK);
	/* $3 left unbound: NULL on both backends */
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);

	assert_int_equal(db_prepare(f->db,
				    q(f, "SELECT name, note, n FROM %s "
					 "ORDER BY id"),
				    &st),
			 GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_true(db_column_is_null(st, 0));
	assert_string_equal(db_column_text(st, 0), "");
	assert_string_equal(db_column_textn(st, 0, &len), "");
	assert_int_equal(len, 0);
	assert_false(db_column_is_null(st, 1));
	assert_string_equal(db_column_text(st, 1), "x");
	assert_true(db_column_is_null(st, 2));
	assert_int_equal(db_column_int64(st, 2), 0);
	assert_int_equal(db_step(st), GA_ROW);
	assert_true(db_column_is_null(st, 0));
	assert_true(db_column_is_null(st, 1));
	assert_string_equal(db_column_text(st, 1), "");
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static void test_int64_roundtrip(void **state)
{
	static const int64_t values[] = {
	    0, 1, -1, 42, -123456789012345, INT64_MAX, INT64_MIN,
	};
	struct fixture *f = begin_test(state);
	struct db_stmt *st;
	size_t i;
	char text[32];

	assert_int_equal(db_prepare(f->db,
				    q(f, "INSERT INTO %s (id, n) "
					 "VALUES ($1, $2)"),
				    &st),
			 GA_OK);
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_int_equal(db_bind_int64(st, 1, (int64_t)i), GA_OK);
		assert_int_equal(db_bind_int64(st, 2, values[i]), GA_OK);
		assert_int_equal(db_step(st), GA_DONE);
		assert_int_equal(db_changes(st), 1);
		assert_int_equal(db_reset(st), GA_OK);
	}
	db_finalize(st);

	assert_int_equal(
	    db_prepare(f->db, q(f, "SELECT n FROM %s ORDER BY id"), &st),
	    GA_OK);
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		assert_int_equal(db_step(st), GA_ROW);
		assert_true(db_column_int64(st, 0) == values[i]);
		snprintf(text, sizeof(text), "%" PRId64, values[i]);
		assert_string_equal(db_column_text(st, 0), text);
	}
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

/* Comparisons are booleans on PostgreSQL and integers on SQLite: both 1/0. */
static void test_boolean_as_int64(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;

	insert(f, 7, "b", "n");
	assert_int_equal(
	    db_prepare(f->db, q(f, "SELECT id = $1, id <> $1 FROM %s"), &st),
	    GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 7), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_int_equal(db_column_int64(st, 0), 1);
	assert_int_equal(db_column_int64(st, 1), 0);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static void test_unique_violation(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;

	insert(f, 1, "dup", "first");
	assert_int_equal(db_prepare(f->db,
				    q(f, "INSERT INTO %s (id, name) "
					 "VALUES ($1, $2)"),
				    &st),
			 GA_OK);
	/* the same name under another id: UNIQUE column */
	assert_int_equal(db_bind_int64(st, 1, 2), GA_OK);
	assert_int_equal(db_bind_text(st, 2, "dup"), GA_OK);
	assert_int_equal(db_step(st), GA_ECONFLICT);
	/* the same primary key */
	assert_int_equal(db_reset(st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 1), GA_OK);
	assert_int_equal(db_bind_text(st, 2, "other"), GA_OK);
	assert_int_equal(db_step(st), GA_ECONFLICT);
	db_finalize(st);
	assert_int_equal(count_rows(f), 1);
	assert_true(*db_errmsg(f->db));
}

static void test_transactions(void **state)
{
	struct fixture *f = begin_test(state);

	assert_int_equal(db_begin(f->db), GA_OK);
	insert(f, 1, "a", "rolled back");
	insert(f, 2, "b", "rolled back");
	assert_int_equal(db_rollback(f->db), GA_OK);
	assert_int_equal(count_rows(f), 0);

	assert_int_equal(db_begin(f->db), GA_OK);
	insert(f, 3, "c", "committed");
	assert_int_equal(db_commit(f->db), GA_OK);
	assert_int_equal(count_rows(f), 1);
}

static void test_reset_rerun(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;

	assert_int_equal(
	    db_prepare(f->db, q(f, "SELECT name FROM %s WHERE id = $1"), &st),
	    GA_OK);
	insert(f, 1, "one", "");
	insert(f, 2, "two", "");
	assert_int_equal(db_bind_int64(st, 1, 1), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_string_equal(db_column_text(st, 0), "one");
	assert_int_equal(db_step(st), GA_DONE);
	/* reset clears bindings: bind again, a different value */
	assert_int_equal(db_reset(st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 2), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_string_equal(db_column_text(st, 0), "two");
	assert_int_equal(db_step(st), GA_DONE);
	/* reset in the middle of the rows */
	assert_int_equal(db_reset(st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 1), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_int_equal(db_reset(st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 3), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static void test_changes(void **state)
{
	struct fixture *f = begin_test(state);
	static const char *const names[] = {"a", NULL, "c", NULL, "e"};
	struct db_stmt *st;

	/* two NULL names: UNIQUE allows several NULLs on both backends */
	for (int i = 0; i < 5; i++)
		insert(f, i + 1, names[i], "n");
	assert_int_equal(db_prepare(f->db,
				    q(f, "UPDATE %s SET note = $1 "
					 "WHERE id <= $2"),
				    &st),
			 GA_OK);
	assert_int_equal(db_bind_text(st, 1, "changed"), GA_OK);
	assert_int_equal(db_bind_int64(st, 2, 3), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	assert_int_equal(db_changes(st), 3);
	assert_int_equal(db_reset(st), GA_OK);
	assert_int_equal(db_bind_text(st, 1, "none"), GA_OK);
	assert_int_equal(db_bind_int64(st, 2, 0), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	assert_int_equal(db_changes(st), 0);
	db_finalize(st);

	assert_int_equal(db_prepare(f->db, q(f, "DELETE FROM %s"), &st), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	assert_int_equal(db_changes(st), 5);
	db_finalize(st);
}

static void test_param_reuse_and_order(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;

	/* $2 before $1, and $1 twice */
	assert_int_equal(db_prepare(f->db,
				    q(f, "INSERT INTO %s (id, name, note) "
					 "VALUES ($2, $1, $1)"),
				    &st),
			 GA_OK);
	assert_int_equal(db_bind_text(st, 1, "同名"), GA_OK);
	assert_int_equal(db_bind_int64(st, 2, 10), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);

	assert_int_equal(db_prepare(f->db,
				    q(f, "SELECT id, note FROM %s "
					 "WHERE note = $2 AND name = $2 "
					 "AND id = $1"),
				    &st),
			 GA_OK);
	assert_int_equal(db_bind_int64(st, 1, 10), GA_OK);
	assert_int_equal(db_bind_text(st, 2, "同名"), GA_OK);
	assert_int_equal(db_step(st), GA_ROW);
	assert_int_equal(db_column_int64(st, 0), 10);
	assert_string_equal(db_column_text(st, 1), "同名");
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static void test_bind_out_of_range(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_stmt *st;

	assert_int_equal(
	    db_prepare(f->db, q(f, "SELECT id FROM %s WHERE id = $1"), &st),
	    GA_OK);
	assert_int_equal(db_bind_int64(st, 0, 1), GA_EINVAL);
	assert_int_equal(db_bind_int64(st, 2, 1), GA_EINVAL);
	assert_int_equal(db_bind_text(st, 65, "x"), GA_EINVAL);
	assert_int_equal(db_bind_null(st, -1), GA_EINVAL);
	assert_int_equal(db_bind_int64(st, 1, 1), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
}

static void test_exec_many(void **state)
{
	struct fixture *f = begin_test(state);

	assert_int_equal(
	    db_exec(f->db, q(f, "INSERT INTO %s (id) VALUES (1);"
				"INSERT INTO %s (id) VALUES (2);")),
	    GA_OK);
	assert_int_equal(count_rows(f), 2);
	assert_int_not_equal(db_exec(f->db, "SELECT FROM nowhere_at_all"),
			     GA_OK);
}

#define POOL_THREADS 4
#define POOL_INSERTS 25

struct worker {
	struct db_pool *pool;
	const char *table;
	int n;
	int failures;
};

static void *pool_worker(void *arg)
{
	struct worker *w = arg;
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO %s (id, name, note) VALUES ($1, $2, 'pool')",
		 w->table);
	for (int i = 0; i < POOL_INSERTS; i++) {
		struct db *db;
		struct db_stmt *st;
		char name[32];
		int64_t id = (int64_t)w->n * 1000 + i;

		if (db_pool_get(w->pool, 30000, &db)) {
			w->failures++;
			continue;
		}
		snprintf(name, sizeof(name), "w%d-%d", w->n, i);
		if (db_prepare(db, sql, &st)) {
			w->failures++;
		} else {
			if (db_bind_int64(st, 1, id) ||
			    db_bind_text(st, 2, name) ||
			    db_step(st) != GA_DONE || db_changes(st) != 1)
				w->failures++;
			db_finalize(st);
		}
		db_pool_put(w->pool, db);
	}
	return NULL;
}

static void test_pool_threads(void **state)
{
	struct fixture *f = begin_test(state);
	struct db_pool *pool;
	struct ga_error err = {0};
	struct worker w[POOL_THREADS];
	pthread_t th[POOL_THREADS];
	struct db *a, *b, *c;

	assert_int_equal(db_pool_open(f->be->url, 2, &pool, &err), GA_OK);
	/* a pool of two hands out two, then times out */
	assert_int_equal(db_pool_get(pool, 1000, &a), GA_OK);
	assert_int_equal(db_pool_get(pool, 1000, &b), GA_OK);
	assert_ptr_not_equal(a, b);
	assert_int_equal(db_pool_get(pool, 50, &c), GA_EBUSY);
	assert_null(c);
	db_pool_put(pool, a);
	db_pool_put(pool, b);

	for (int i = 0; i < POOL_THREADS; i++) {
		w[i] = (struct worker){.pool = pool, .table = f->table, .n = i};
		assert_int_equal(
		    pthread_create(&th[i], NULL, pool_worker, &w[i]), 0);
	}
	for (int i = 0; i < POOL_THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	db_pool_close(pool);
	assert_int_equal(count_rows(f), POOL_THREADS * POOL_INSERTS);
}

static void test_open_failure(void **state)
{
	struct fixture *f = begin_test(state);
	struct ga_error err = {0};
	struct db *db = (struct db *)f; /* must be overwritten */
	const char *bad = f->be == &pg_be
			      ? "postgresql://nobody@127.0.0.1:1/none"
				"?connect_timeout=2"
			      : "sqlite:/nonexistent-dir/x/y.db";

	assert_int_equal(db_open(bad, &db, &err), GA_EDB);
	assert_null(db);
	assert_string_equal(err.code, "db_unavailable");
	/* Chinese first; no driver detail leaks to the user */
	assert_true((unsigned char)err.message[0] >= 0x80);
	assert_null(strstr(err.message, "127.0.0.1"));
}

#define DB_TESTS(be)                                                           \
	{                                                                      \
		cmocka_unit_test_prestate_setup_teardown(                      \
		    test_insert_select, setup, teardown, &be),                 \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_null_columns, setup, teardown, &be),              \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_int64_roundtrip, setup, teardown, &be),           \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_boolean_as_int64, setup, teardown, &be),          \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_unique_violation, setup, teardown, &be),          \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_transactions, setup, teardown, &be),              \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_reset_rerun, setup, teardown, &be),               \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_changes, setup, teardown, &be),                   \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_param_reuse_and_order, setup, teardown, &be),     \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_bind_out_of_range, setup, teardown, &be),         \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_exec_many, setup, teardown, &be),                 \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_pool_threads, setup, teardown, &be),              \
		    cmocka_unit_test_prestate_setup_teardown(                  \
			test_open_failure, setup, teardown, &be),              \
	}

int main(void)
{
	static const struct CMUnitTest sqlite_tests[] = DB_TESTS(sqlite_be);
	static const struct CMUnitTest pg_tests[] = DB_TESTS(pg_be);
	int failed = 0;

	backends_init();
	failed +=
	    cmocka_run_group_tests_name("sqlite", sqlite_tests, NULL, NULL);
	failed +=
	    cmocka_run_group_tests_name("postgresql", pg_tests, NULL, NULL);
	remove_sqlite_files();
	return failed ? 1 : 0;
}
