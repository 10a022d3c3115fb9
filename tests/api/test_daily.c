/*
 * guanai daily: time changes categories without anyone editing a dossier.
 * On a private SQLite database (the daily run touches every child, so it
 * must not run on a database other test programs share): demo children,
 * a run for today changes nothing, a run for a day when every child is 18
 * or older archives them all with a history entry each, a second run for
 * that day changes nothing, and the audit chain stays intact.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "store/db.h"

static char db[512];

static long number_before(const char *out, const char *word)
{
	const char *p = strstr(out, word);

	if (!p)
		return -1;
	while (p > out && p[-1] == ' ')
		p--;
	while (p > out && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return strtol(p, NULL, 10);
}

static char *run(const char *const argv[], int want)
{
	char *out = NULL;
	int rc = ga_run(argv, NULL, &out);

	if (rc != want)
		fail_msg("%s %s: exit %d, want %d: %s", argv[1], argv[2], rc,
			 want, out ? out : "");
	return out;
}

/* children marked for the employment referral, read from the database */
static long referrals(const char *url)
{
	struct db *conn = NULL;
	struct db_stmt *st = NULL;
	long n = -1;

	assert_int_equal(db_open(url, &conn, NULL), GA_OK);
	assert_int_equal(db_prepare(conn,
				    "SELECT COUNT(*) FROM child WHERE "
				    "employment_referral = 1 AND archived = 1",
				    &st),
			 GA_OK);
	if (db_step(st) == GA_ROW)
		n = (long)db_column_int64(st, 0);
	db_finalize(st);
	db_close(conn);
	return n;
}

/* a digest of every dossier's updated_at, to see that daily leaves it */
static unsigned long long updated_digest(const char *url)
{
	struct db *conn = NULL;
	struct db_stmt *st = NULL;
	unsigned long long h = 0;

	assert_int_equal(db_open(url, &conn, NULL), GA_OK);
	assert_int_equal(
	    db_prepare(conn, "SELECT updated_at FROM child ORDER BY id", &st),
	    GA_OK);
	while (db_step(st) == GA_ROW)
		for (const char *p = db_column_text(st, 0); p && *p; p++)
			h = h * 31 + (unsigned char)*p;
	db_finalize(st);
	db_close(conn);
	return h;
}

static void daily_archives_at_18(void **state)
{
	const char *tmp =
	    getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp";
	char path[400], keys[400], akey[400];
	char *out;

	(void)state;
	snprintf(path, sizeof(path), "%s/daily-%ld.db", tmp, (long)getpid());
	snprintf(keys, sizeof(keys), "%s/daily-%ld.key", tmp, (long)getpid());
	snprintf(akey, sizeof(akey), "%s/daily-%ld.audit", tmp, (long)getpid());
	unlink(path);
	snprintf(db, sizeof(db), "sqlite:%s", path);
	{
		const char *argv[] = {ga_bin(),	    "init", "--db",	   db,
				      "--key-file", keys,   "--audit-key", akey,
				      NULL};

		free(run(argv, 0));
	}
	{
		const char *argv[] = {ga_bin(),	     "demo", "--db",	   db,
				      "--children",  "2",    "--key-file", keys,
				      "--audit-key", akey,   NULL};

		out = run(argv, 0);
		assert_non_null(strstr(out, "76 added"));
		free(out);
	}
	{
		const char *argv[] = {
		    ga_bin(), "daily",	     "--db", db,  "--key-file",
		    keys,     "--audit-key", akey,   NULL};

		out = run(argv, 0);
		assert_int_equal(number_before(out, "children"), 76);
		assert_int_equal(number_before(out, "changed"), 0);
		free(out);
	}
	{
		/* demo children are at most 16: all are 18 by then; the run
		 * archives them without touching updated_at, which tells when
		 * a person last reviewed a dossier */
		unsigned long long before = updated_digest(db);

		const char *argv[] = {ga_bin(),	    "daily",   "--db",
				      db,	    "--today", "2060-01-01",
				      "--key-file", keys,      "--audit-key",
				      akey,	    NULL};

		out = run(argv, 0);
		assert_int_equal(number_before(out, "changed"), 76);
		assert_int_equal(number_before(out, "aged out"), 76);
		assert_true(updated_digest(db) == before);
		/* the demo's orphans and de facto unsupported children, each
		 * marked for the list the web app shows (?referral=1) */
		assert_true(number_before(out, "for employment referral") > 0);
		assert_int_equal(referrals(db),
				 number_before(out, "for employment referral"));
		free(out);
		/* archived children are not looked at again */
		out = run(argv, 0);
		assert_int_equal(number_before(out, "children"), 0);
		free(out);
	}
	{
		const char *argv[] = {ga_bin(),	    "daily",   "--db",
				      db,	    "--today", "2060-02-30",
				      "--key-file", keys,      "--audit-key",
				      akey,	    NULL};

		free(run(argv, 2));
	}
	{
		const char *argv[] = {ga_bin(), "audit",       "verify", "--db",
				      db,	"--audit-key", akey,	 NULL};

		free(run(argv, 0));
	}
	unlink(path);
	unlink(keys);
	unlink(akey);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(daily_archives_at_18),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
