/*
 * confirmations_due() on a real database: children seeded with plain SQL
 * (the store's tables as migrated), then the children of a scope that
 * need attention, with their state and due date, on a fixed today. Runs
 * on a fresh SQLite file, and on PostgreSQL too when GA_TEST_PG_URL is
 * set (rows there use this process's own village codes and ids).
 */
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

#include "service/confirmation_service.h"
#include "store/db.h"
#include "store/migrate.h"

static const struct date TODAY = {2026, 6, 15};

struct seed {
	const char *guardian;
	const char *father, *mother; /* situations; NULL: not on record */
	int archived;
	int other_village;
	const char *conf[2][3]; /* status, start, end; status NULL: none */
	const char *want_state; /* NULL: not listed */
	const char *want_due;
};

static const struct seed seeds[] = {
    {"entrusted", "migrant", "migrant", 0, 0, {{0}}, "missing", "2026-06-15"},
    {"entrusted",
     "migrant",
     "dead",
     0,
     0,
     {{"signed", "2025-07-01", "2026-07-01"}},
     "expiring",
     "2026-07-01"},
    {"entrusted",
     "migrant",
     "migrant",
     0,
     0,
     {{"signed", "2026-01-01", "2027-01-01"}},
     NULL,
     NULL},
    {"entrusted", "home", "migrant", 0, 0, {{0}}, NULL, NULL},
    {"entrusted",
     "migrant",
     "prison",
     0,
     0,
     {{"pending", "2026-06-10", "2027-06-09"}},
     "pending",
     "2026-06-10"},
    {"entrusted",
     "migrant",
     "migrant",
     0,
     0,
     {{"signed", "2025-05-01", "2026-05-01"},
      {"pending", "2025-01-01", "2025-12-31"}},
     "expired",
     "2026-05-01"},
    {"entrusted", "migrant", "migrant", 1, 0, {{0}}, NULL, NULL},
    {"grandparents", "migrant", "migrant", 0, 0, {{0}}, NULL, NULL},
    {"entrusted", "migrant", "migrant", 0, 1, {{0}}, NULL, NULL},
    {"entrusted", NULL, "migrant", 0, 0, {{0}}, "missing", "2026-06-15"},
};

#define NSEEDS (sizeof(seeds) / sizeof(seeds[0]))

static char village[24], other[24], scope[16];
static int64_t base_id;

static void run(struct db *db, const char *sql)
{
	if (db_exec(db, sql))
		fail_msg("SQL failed: %s", sql);
}

static void member(struct db *db, int64_t id, int ord, const char *region,
		   const char *rel, const char *sit)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO child_member (child_id, ord, region, relation, "
		 "situation) VALUES (%lld, %d, '%s', '%s', '%s')",
		 (long long)id, ord, region, rel, sit);
	run(db, sql);
}

static void seed_all(struct db *db)
{
	char sql[1024];

	for (size_t i = 0; i < NSEEDS; i++) {
		const struct seed *s = &seeds[i];
		const char *region = s->other_village ? other : village;
		int64_t id = base_id + (int64_t)i;
		int ord = 0;

		snprintf(sql, sizeof(sql),
			 "INSERT INTO child (id, region, archived, name, sex, "
			 "birth_date, school_status, health, guardian_type, "
			 "guardianship_level, created_at, created_by, "
			 "updated_at, updated_by) VALUES (%lld, '%s', %d, 'x', "
			 "'male', '2016-01-01', 'primary', 'healthy', '%s', "
			 "'fair', '2026-01-01T00:00:00Z', 1, "
			 "'2026-01-01T00:00:00Z', 1)",
			 (long long)id, region, s->archived, s->guardian);
		run(db, sql);
		if (s->father)
			member(db, id, ord++, region, "father", s->father);
		if (s->mother)
			member(db, id, ord++, region, "mother", s->mother);
		member(db, id, ord++, region, "grandmother", "home");
		for (int k = 0; k < 2 && s->conf[k][0]; k++) {
			snprintf(sql, sizeof(sql),
				 "INSERT INTO guardianship_confirmation "
				 "(child_id, region, status, period_start, "
				 "period_end, created_by, created_at, "
				 "updated_by, updated_at) VALUES (%lld, '%s', "
				 "'%s', '%s', '%s', 1, '2026-01-01T00:00:00Z', "
				 "1, '2026-01-01T00:00:00Z')",
				 (long long)id, region, s->conf[k][0],
				 s->conf[k][1], s->conf[k][2]);
			run(db, sql);
		}
	}
}

struct got {
	int n;
	int64_t ids[NSEEDS];
	char state[NSEEDS][16];
	char due[NSEEDS][11];
};

static int collect(const struct confirmation_due *d, void *ctx)
{
	struct got *g = ctx;

	if (g->n == (int)NSEEDS)
		return GA_EINTERNAL;
	assert_string_equal(d->region, village);
	g->ids[g->n] = d->child_id;
	snprintf(g->state[g->n], 16, "%s", confirmation_state_id(d->state));
	date_format(d->due, g->due[g->n]);
	g->n++;
	return GA_OK;
}

static int stop_at_first(const struct confirmation_due *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return GA_ECONFLICT;
}

static void due_on(const char *url)
{
	struct ga_error err = {0};
	struct db *db = NULL;
	struct got g;
	int i = 0, calls = 0;

	if (db_open(url, &db, &err))
		fail_msg("open %s: %s", url, err.message);
	assert_int_equal(migrate_up(db), GA_OK);
	seed_all(db);
	memset(&g, 0, sizeof(g));
	assert_int_equal(confirmations_due(db, scope, TODAY, collect, &g),
			 GA_OK);
	for (size_t k = 0; k < NSEEDS; k++) {
		if (!seeds[k].want_state)
			continue;
		if (i >= g.n)
			fail_msg("seed %zu missing from the list", k);
		assert_int_equal(g.ids[i], base_id + (int64_t)k);
		assert_string_equal(g.state[i], seeds[k].want_state);
		assert_string_equal(g.due[i], seeds[k].want_due);
		i++;
	}
	assert_int_equal(i, g.n);
	/* fn's answer stops the walk and is returned */
	assert_int_equal(
	    confirmations_due(db, scope, TODAY, stop_at_first, &calls),
	    GA_ECONFLICT);
	assert_int_equal(calls, 1);
	db_close(db);
}

static void due_sqlite(void **state)
{
	const char *tmp = getenv("GA_TEST_TMP");
	char path[600], url[700], more[700];

	(void)state;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/test_db_confirmation_due_%ld.db", tmp,
		 (long)getpid());
	unlink(path);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	due_on(url);
	unlink(path);
	snprintf(more, sizeof(more), "%s-wal", path);
	unlink(more);
	snprintf(more, sizeof(more), "%s-shm", path);
	unlink(more);
}

static void due_pg(void **state)
{
	const char *pg = getenv("GA_TEST_PG_URL");

	(void)state;
	if (!pg || !*pg)
		skip();
	base_id += 100;
	due_on(pg);
}

int main(void)
{
	long pid = (long)getpid() % 100000L;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(due_sqlite),
	    cmocka_unit_test(due_pg),
	};

	/* a county "99" no real code uses, one township per process */
	snprintf(scope, sizeof(scope), "99%05ld01", pid);
	snprintf(village, sizeof(village), "%s201", scope);
	snprintf(other, sizeof(other), "99%05ld02201", pid);
	base_id = 900000000LL + (int64_t)pid * 1000;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
