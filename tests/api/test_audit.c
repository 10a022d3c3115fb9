/*
 * The audit log: what the auditor reads through the API (entries for
 * logins, failures, locks and denials; filters and paging; no secrets),
 * who may read it, and `guanai audit verify` against a log tampered with
 * directly in the database (altered, removed, reordered, cut entries and
 * forged signatures), on private SQLite databases and, when GA_TEST_DB is
 * a PostgreSQL URL, on private PostgreSQL databases of the same server.
 */
#include "ident.h"

#include <sys/stat.h>
#include <time.h>

static const char *const VILLAGE = "500229212201";
static const char *const COUNTY = "500229000000";

static struct id_sess auditor, director;
static long long victim_id, director_id;
static char victim[64], from_ts[24], to_ts[24];
static const char *const WRONG = "Wrong-but-long-secret-1";

static void utc_text(time_t t, char out[24])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static json_t *audit_get(const char *query, struct ga_resp *r)
{
	char path[512];

	snprintf(path, sizeof(path), "/api/v1/audit%s", query);
	id_req(&auditor, "GET", path, NULL, r);
	if (r->status != 200)
		fail_msg("GET %s: %ld %.300s", path, r->status,
			 r->body ? r->body : "");
	return json_object_get(r->json, "items");
}

/* Entries of an account, with an action, an outcome: how many. */
static int count_of(json_t *items, long long account, const char *action,
		    const char *outcome)
{
	json_t *it;
	size_t i;
	int n = 0;

	json_array_foreach(items, i, it)
	{
		json_t *a = json_object_get(it, "account_id");

		if (account &&
		    (!json_is_integer(a) || json_integer_value(a) != account))
			continue;
		if (action && strcmp(id_str(it, "action"), action))
			continue;
		if (outcome &&
		    strncmp(id_str(it, "outcome"), outcome, strlen(outcome)))
			continue;
		n++;
	}
	return n;
}

static void actions_leave_entries(void **state)
{
	char u[64], secret[64];
	struct id_sess s;
	struct ga_resp r;

	(void)state;
	/* a day later, the actions to look for: a window of their own */
	assert_int_equal(ga_clock_advance(86400), 0);
	id_must_login(id_name(u, sizeof(u), "auditor"), ID_PASSWORD, NULL,
		      &auditor);
	id_enrol(&auditor, secret, sizeof(secret));
	utc_text(ga_now() - 1, from_ts);
	victim_id = id_user_add(id_name(victim, sizeof(victim), "victim"),
				"director", VILLAGE, ID_PASSWORD, false);
	assert_true(victim_id > 0);
	id_must_login(victim, ID_PASSWORD, NULL, &s);
	for (int i = 0; i < 5; i++)
		assert_int_equal(id_login(victim, WRONG, NULL, &s, NULL), 401);
	assert_int_equal(id_login(victim, ID_PASSWORD, NULL, &s, NULL), 403);
	id_must_login(id_name(u, sizeof(u), "director"), ID_PASSWORD, NULL,
		      &director);
	director_id = director.account_id;
	id_req(&director, "GET", "/api/v1/accounts", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(&director, "GET", "/api/v1/audit", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(&director, "GET", "/api/v1/audit/verify", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* twenty minutes on (the auditor's session stays in use) */
	assert_int_equal(ga_clock_advance(1200), 0);
	id_req(&auditor, "GET", "/api/v1/session", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	utc_text(ga_now(), to_ts);
	assert_int_equal(ga_clock_advance(1200), 0);
	id_req(&auditor, "GET", "/api/v1/session", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void auditor_sees_them(void **state)
{
	char q[200];
	struct ga_resp r;
	json_t *items, *it;
	size_t i;

	(void)state;
	snprintf(q, sizeof(q), "?account=%lld&limit=500", victim_id);
	items = audit_get(q, &r);
	assert_int_equal(count_of(items, victim_id, "session.create", "ok"), 1);
	assert_int_equal(
	    count_of(items, victim_id, "session.create", "failed:bad_password"),
	    5);
	assert_int_equal(count_of(items, victim_id, "account.lock", "ok"), 1);
	assert_int_equal(
	    count_of(items, victim_id, "session.create", "denied:locked"), 1);
	json_array_foreach(items, i, it)
	{
		assert_int_equal(
		    json_integer_value(json_object_get(it, "account_id")),
		    victim_id);
		assert_string_equal(id_str(it, "role"), "director");
		assert_string_equal(id_str(it, "scope"), VILLAGE);
		assert_int_equal(strlen(id_str(it, "hash")), 64);
		assert_true(id_str(it, "request_id")[0]);
		assert_true(id_str(it, "addr")[0]);
	}
	ga_resp_free(&r);
	/* the denials of the director name the route */
	snprintf(q, sizeof(q), "?account=%lld", director_id);
	items = audit_get(q, &r);
	assert_true(count_of(items, director_id, NULL, "denied:permission") >=
		    3);
	ga_resp_free(&r);
	/* an unknown user's failure has no account */
	items = audit_get("?action=session.create&limit=500", &r);
	json_array_foreach(items, i, it)
	{
		if (!strcmp(id_str(it, "outcome"), "failed:unknown_account"))
			assert_true(
			    json_is_null(json_object_get(it, "account_id")));
		assert_string_equal(id_str(it, "action"), "session.create");
	}
	ga_resp_free(&r);
	/* reading the log is itself audited */
	snprintf(q, sizeof(q), "?action=audit.read&account=%lld",
		 auditor.account_id);
	items = audit_get(q, &r);
	assert_true(json_array_size(items) >= 3);
	ga_resp_free(&r);
}

static void filters_and_paging(void **state)
{
	char q[300];
	struct ga_resp r, r2;
	json_t *items, *it;
	size_t i;
	long long next, last = 0;

	(void)state;
	snprintf(q, sizeof(q), "?action=session.&account=%lld", victim_id);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 7);
	json_array_foreach(items, i, it)
	    assert_true(!strncmp(id_str(it, "action"), "session.", 8));
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "?action=account.lock&account=%lld", victim_id);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(id_str(json_array_get(items, 0), "outcome"),
			    "ok:too_many_failures");
	ga_resp_free(&r);
	/* "session" without the dot is an exact action: none */
	snprintf(q, sizeof(q), "?action=session&account=%lld", victim_id);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 0);
	ga_resp_free(&r);
	/* time window: all of them inside, none after it */
	snprintf(q, sizeof(q), "?account=%lld&from=%s&to=%s", victim_id,
		 from_ts, to_ts);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 8);
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "?account=%lld&from=%s", victim_id, to_ts);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 0);
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "?account=%lld&to=%s", victim_id, from_ts);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 0);
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "?account=%lld&from=%.10s", victim_id, from_ts);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 8);
	ga_resp_free(&r);
	/* pages of 4, newest first, each before the last */
	snprintf(q, sizeof(q), "?account=%lld&limit=4", victim_id);
	items = audit_get(q, &r);
	assert_int_equal(json_array_size(items), 4);
	next = (long long)json_integer_value(json_object_get(r.json, "next"));
	assert_true(next > 0);
	json_array_foreach(items, i, it)
	{
		long long seq =
		    (long long)json_integer_value(json_object_get(it, "seq"));

		assert_true(!last || seq < last);
		last = seq;
	}
	assert_int_equal(last, next);
	snprintf(q, sizeof(q), "?account=%lld&limit=4&before=%lld", victim_id,
		 next);
	items = audit_get(q, &r2);
	assert_int_equal(json_array_size(items), 4);
	json_array_foreach(items, i, it)
	    assert_true(json_integer_value(json_object_get(it, "seq")) < next);
	next = (long long)json_integer_value(json_object_get(r2.json, "next"));
	ga_resp_free(&r2);
	snprintf(q, sizeof(q), "?account=%lld&limit=4&before=%lld", victim_id,
		 next);
	items = audit_get(q, &r2);
	assert_int_equal(json_array_size(items), 0);
	assert_true(json_is_null(json_object_get(r2.json, "next")));
	ga_resp_free(&r2);
	ga_resp_free(&r);
}

static void bad_filters_are_400(void **state)
{
	static const struct {
		const char *q, *code, *field;
	} cases[] = {
	    {"?from=2024-13", "invalid_filter", "from"},
	    {"?from=yesterday", "invalid_filter", "from"},
	    {"?to=2024-01-01T00:00:00", "invalid_filter", "to"},
	    {"?to=2024-01-01%2000:00:00Z", "invalid_filter", "to"},
	    {"?account=abc", "invalid_filter", "account"},
	    {"?account=0", "invalid_filter", "account"},
	    {"?account=-1", "invalid_filter", "account"},
	    {"?limit=0", "invalid_filter", "limit"},
	    {"?limit=501", "invalid_filter", "limit"},
	    {"?limit=x", "invalid_filter", "limit"},
	    {"?before=0", "invalid_filter", "before"},
	    {"?before=1e3", "invalid_filter", "before"},
	    {"?action=Session.create", "invalid_filter", NULL},
	    {"?action=session.%25", "invalid_filter", NULL},
	    {"?action=a'b", "invalid_filter", NULL},
	    {"?object_id=%20", "invalid_filter", NULL},
	    {"?actor=1", "unknown_parameter", NULL},
	    {"?limit=1&limit=2", "duplicate_parameter", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[200];
		struct ga_resp r;

		snprintf(path, sizeof(path), "/api/v1/audit%s", cases[i].q);
		print_message("  %s\n", cases[i].q);
		id_req(&auditor, "GET", path, NULL, &r);
		GA_ASSERT_ERROR(&r, 400, cases[i].code, cases[i].field);
		ga_resp_free(&r);
	}
}

static void entries_hold_no_secrets(void **state)
{
	struct ga_resp r;
	const char *const secrets[] = {
	    ID_PASSWORD,	  WRONG,	auditor.cookie + 15,
	    director.cookie + 15, auditor.csrf, director.csrf};

	(void)state;
	audit_get("?limit=500", &r);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (ga_memmem(r.body, r.len, secrets[i]))
			fail_msg("the audit log holds secret %zu", i);
	ga_resp_free(&r);
}

static void api_verify_says_intact(void **state)
{
	struct ga_resp r;

	(void)state;
	if (ga_db_is_pg()) {
		/* other programs append to the shared log meanwhile; the
		 * private databases below cover PostgreSQL */
		skip();
	}
	id_req(&auditor, "GET", "/api/v1/audit/verify", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_true(json_object_get(r.json, "intact")));
	assert_true(json_integer_value(json_object_get(r.json, "entries")) >
		    20);
	ga_resp_free(&r);
}

/* ---- tampering with private databases ---- */

struct privdb {
	bool pg;
	char url[600];	/* the intact original */
	char name[64];	/* PG database name, or the SQLite path's base */
	char path[512]; /* SQLite file */
	int copies;
};

static struct privdb priv_sqlite, priv_pg;

static int run_sql_on(const struct privdb *p, const char *url, const char *sql,
		      char **out)
{
	if (p->pg) {
		const char *argv[] = {
		    "psql", url, "-AtXq", "-v", "ON_ERROR_STOP=1",
		    "-c",   sql, NULL};

		return ga_run(argv, NULL, out);
	}
	{
		const char *argv[] = {"sqlite3", url + 7, sql, NULL};

		return ga_run(argv, NULL, out);
	}
}

static void must_sql(const struct privdb *p, const char *url, const char *sql)
{
	char *out = NULL;
	int rc = run_sql_on(p, url, sql, &out);

	if (rc != 0)
		fail_msg("SQL on %s failed (%d): %s\n%s", url, rc, sql,
			 out ? out : "");
	free(out);
}

static int verify_cli(const char *url, char **out)
{
	const char *argv[] = {ga_bin(), "audit", "verify", "--db", url, NULL};

	return ga_run(argv, NULL, out);
}

/* init, one director, its login and 125 denied requests: 127 entries */
static void fill(struct privdb *p)
{
	const char *argv[] = {ga_bin(), "init", "--db", p->url, NULL};
	char u[64], *out = NULL;
	struct id_sess s;
	int port, pid, rc;

	rc = ga_run(argv, NULL, &out);
	if (rc != 0)
		fail_msg("init %s: %d %s", p->url, rc, out);
	free(out);
	id_name(u, sizeof(u), p->pg ? "pg-filler" : "sq-filler");
	assert_true(id_user_add_db(p->url, u, "director", VILLAGE, ID_PASSWORD,
				   false) > 0);
	assert_int_equal(ga_extra_server_start(p->url, &port, &pid), 0);
	ga_use_port(port);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	for (int i = 0; i < 125; i++) {
		struct ga_resp r;

		id_req(&s, "GET", "/api/v1/accounts", NULL, &r);
		assert_int_equal(r.status, 403);
		ga_resp_free(&r);
	}
	ga_use_port(0);
	assert_int_equal(ga_extra_server_stop(pid), 0);
	rc = verify_cli(p->url, &out);
	print_message("  %s", out);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "127 entries"));
	free(out);
}

/* A fresh copy of the intact private database; its URL goes to url. */
static void copy_of(struct privdb *p, char *url, size_t size)
{
	char sql[300];

	p->copies++;
	if (p->pg) {
		char db[96];

		snprintf(db, sizeof(db), "%s_%d", p->name, p->copies);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s", db,
			 p->name);
		must_sql(p, ga_db_url(), sql);
		id_pg_url_with_db(db, url, size);
		return;
	}
	snprintf(url, size, "sqlite:%s-%d", p->path, p->copies);
	unlink(url + 7);
	snprintf(sql, sizeof(sql), ".backup '%s'", url + 7);
	must_sql(p, p->url, sql);
}

static void drop_keep_trigger(const struct privdb *p, const char *url)
{
	must_sql(p, url,
		 p->pg ? "DROP TRIGGER audit_keep ON audit_log"
		       : "DROP TRIGGER audit_keep");
}

/* After sql on a copy, verify exits 1 and names "entry N kind". */
static void expect_broken(struct privdb *p, const char *what, bool drop,
			  const char *sql, const char *want)
{
	char url[600], *out = NULL;
	int rc;

	copy_of(p, url, sizeof(url));
	if (drop)
		drop_keep_trigger(p, url);
	must_sql(p, url, sql);
	rc = verify_cli(url, &out);
	print_message("  %-10s %s: exit %d: %s",
		      p->pg ? "postgresql" : "sqlite", what, rc, out);
	if (rc != 1 || !strstr(out, want))
		fail_msg("%s: want exit 1 naming \"%s\"", what, want);
	free(out);
}

static const char FLIP_SIG[] =
    "signature = CASE WHEN substr(signature, 1, 1) = '0' THEN '1' ELSE "
    "'0' END || substr(signature, 2)";

static void tamper_suite(struct privdb *p)
{
	char sql[600];

	fill(p);
	/* the trigger stands in the way of a plain delete */
	{
		char *out = NULL;

		assert_int_not_equal(
		    run_sql_on(p, p->url, "DELETE FROM audit_log WHERE seq = 3",
			       &out),
		    0);
		free(out);
	}
	expect_broken(p, "altered", false,
		      "UPDATE audit_log SET outcome = 'ok' WHERE seq = 50",
		      "entry 50 altered");
	expect_broken(p, "addr", false,
		      "UPDATE audit_log SET addr = '10.0.0.1' WHERE seq = 127",
		      "entry 127 altered");
	expect_broken(p, "removed", true,
		      "DELETE FROM audit_log WHERE seq = 50",
		      "entry 50 removed");
	expect_broken(p, "reordered", false,
		      "UPDATE audit_log SET seq = -50 WHERE seq = 50; "
		      "UPDATE audit_log SET seq = 50 WHERE seq = 60; "
		      "UPDATE audit_log SET seq = 60 WHERE seq = -50",
		      "entry 50 reordered");
	expect_broken(p, "cut", true, "DELETE FROM audit_log WHERE seq > 124",
		      "entry 125 cut");
	expect_broken(p, "cut-deep", true,
		      "DELETE FROM audit_log WHERE seq > 90", "cut");
	snprintf(sql, sizeof(sql),
		 "UPDATE audit_checkpoint SET %s WHERE seq = 100", FLIP_SIG);
	expect_broken(p, "checkpoint", false, sql, "entry 100 signature");
	snprintf(sql, sizeof(sql), "UPDATE audit_head SET %s", FLIP_SIG);
	expect_broken(p, "head", false, sql, "entry 127 signature");
	/* the chain recomputed after an edit still disagrees with the
	 * signed checkpoint */
	expect_broken(
	    p, "rehash", false,
	    "UPDATE audit_checkpoint SET hash = "
	    "'1111111111111111111111111111111111111111111111111111111111111111'"
	    " WHERE seq = 100",
	    "entry 100 signature");
	expect_broken(
	    p, "rollback", true,
	    "DELETE FROM audit_log WHERE seq > 100; "
	    "UPDATE audit_head SET seq = 100, "
	    "hash = (SELECT hash FROM audit_checkpoint WHERE seq = 100), "
	    "signature = (SELECT signature FROM audit_checkpoint "
	    "WHERE seq = 100) WHERE id = 1",
	    "signature");
}

static void tampering_is_found_sqlite(void **state)
{
	const char *tmp =
	    getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp";

	(void)state;
	priv_sqlite.pg = false;
	snprintf(priv_sqlite.path, sizeof(priv_sqlite.path),
		 "%s/audit-priv-%ld.db", tmp, (long)getpid());
	unlink(priv_sqlite.path);
	snprintf(priv_sqlite.url, sizeof(priv_sqlite.url), "sqlite:%s",
		 priv_sqlite.path);
	tamper_suite(&priv_sqlite);
}

static void tampering_is_found_postgresql(void **state)
{
	char sql[200];

	(void)state;
	if (!ga_db_is_pg())
		skip();
	priv_pg.pg = true;
	snprintf(priv_pg.name, sizeof(priv_pg.name), "t_audit_%ld",
		 (long)getpid());
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", priv_pg.name);
	must_sql(&priv_pg, ga_db_url(), sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", priv_pg.name);
	must_sql(&priv_pg, ga_db_url(), sql);
	id_pg_url_with_db(priv_pg.name, priv_pg.url, sizeof(priv_pg.url));
	tamper_suite(&priv_pg);
}

static int teardown(void **state)
{
	char sql[200], p[600];

	if (priv_pg.name[0]) {
		for (int i = priv_pg.copies; i >= 0; i--) {
			char *out = NULL;

			if (i)
				snprintf(sql, sizeof(sql),
					 "DROP DATABASE IF EXISTS %s_%d",
					 priv_pg.name, i);
			else
				snprintf(sql, sizeof(sql),
					 "DROP DATABASE IF EXISTS %s",
					 priv_pg.name);
			run_sql_on(&priv_pg, ga_db_url(), sql, &out);
			free(out);
		}
	}
	if (priv_sqlite.path[0] && !getenv("GA_TEST_KEEP")) {
		for (int i = 0; i <= priv_sqlite.copies; i++) {
			static const char *const sfx[] = {"", "-wal", "-shm"};

			for (int k = 0; k < 3; k++) {
				if (i)
					snprintf(p, sizeof(p), "%s-%d%s",
						 priv_sqlite.path, i, sfx[k]);
				else
					snprintf(p, sizeof(p), "%s%s",
						 priv_sqlite.path, sfx[k]);
				unlink(p);
			}
		}
	}
	return ga_group_teardown(state);
}

static int setup(void **state)
{
	char u[64];

	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	return id_user_add(id_name(u, sizeof(u), "auditor"), "auditor", COUNTY,
			   ID_PASSWORD, false) > 0 &&
		       id_user_add(id_name(u, sizeof(u), "director"),
				   "director", VILLAGE, ID_PASSWORD, false) > 0
		   ? 0
		   : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(actions_leave_entries),
	    cmocka_unit_test(auditor_sees_them),
	    cmocka_unit_test(filters_and_paging),
	    cmocka_unit_test(bad_filters_are_400),
	    cmocka_unit_test(entries_hold_no_secrets),
	    cmocka_unit_test(api_verify_says_intact),
	    cmocka_unit_test(tampering_is_found_sqlite),
	    cmocka_unit_test(tampering_is_found_postgresql),
	};

	return ga_finish(cmocka_run_group_tests(tests, setup, teardown));
}
