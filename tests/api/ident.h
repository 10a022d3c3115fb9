/*
 * Helpers shared by the identity tests (test_matrix, test_sessions,
 * test_audit): accounts made with the CLI, logins, requests with a session
 * cookie and CSRF token, TOTP codes computed with liboath.
 *
 * Everything is static inline so each test program takes what it uses.
 * Usernames carry id_prefix() ("x<pid>") so that programs sharing one
 * PostgreSQL database never collide. Logins go out from a source address
 * of this process's own (127.128+n.<pid>), moved on every 25 logins, so
 * the per-address login limit (30 per 5 minutes) of one program never
 * meets another's; id_source_next() moves it by hand.
 *
 * Ownership: a struct ga_resp filled here is the caller's to ga_resp_free.
 */
#ifndef GA_TEST_IDENT_H
#define GA_TEST_IDENT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <liboath/oath.h>

#include "harness.h"

#define ID_PASSWORD "Qz7-harbour-lantern"

struct id_sess {
	char cookie[200]; /* "guanai_session=<token>" */
	char csrf[80];
	char id[24]; /* public id, from GET /api/v1/sessions */
	long long account_id;
	char set_cookie[400]; /* the login's Set-Cookie header */
};

static int id_source_n;
static int id_logins_here;
static bool id_no_rotate;
static bool id_quiet; /* id_user_add_db prints no failure */

static inline const char *id_prefix(void)
{
	static char p[16];

	if (!p[0])
		snprintf(p, sizeof(p), "x%ld", (long)getpid() % 10000000L);
	return p;
}

/* "x<pid>.<name>" in buf */
static inline const char *id_name(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s.%s", id_prefix(), name);
	return buf;
}

static inline void id_source_next(void)
{
	char ip[32];
	long pid = (long)getpid();

	snprintf(ip, sizeof(ip), "127.%d.%ld.%ld", 128 + (id_source_n++ % 120),
		 (pid >> 8) & 255, pid & 255);
	ga_set_source_addr(ip);
	id_logins_here = 0;
}

static inline char *id_json(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);

	json_decref(v);
	return s;
}

/* Any request; s may be NULL (no cookie), json may be NULL (no body). */
static inline int id_req(const struct id_sess *s, const char *method,
			 const char *path, const char *json,
			 struct ga_resp *out)
{
	char cookie[260], csrf[120];
	const char *h[4];
	int n = 0;

	if (s && s->cookie[0]) {
		snprintf(cookie, sizeof(cookie), "Cookie: %s", s->cookie);
		snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", s->csrf);
		h[n++] = cookie;
		h[n++] = csrf;
	}
	if (json)
		h[n++] = "Content-Type: application/json";
	h[n] = NULL;
	return ga_http(method, path, h, json, json ? strlen(json) : 0, out);
}

/* id_req with a JSON value (taken) as the body */
static inline void jreq(const struct id_sess *s, const char *method,
			const char *path, json_t *body, struct ga_resp *r)
{
	char *text = body ? id_json(body) : NULL;

	id_req(s, method, path, text, r);
	free(text);
}

/* an integer member of a JSON object (0 when absent) */
static inline long long jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

static inline const char *id_str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

/* This session's public id, from the list of own sessions. */
static inline void id_fill_session_id(struct id_sess *s)
{
	struct ga_resp r;
	json_t *items, *it;
	size_t i;

	s->id[0] = '\0';
	if (id_req(s, "GET", "/api/v1/sessions", NULL, &r) || r.status != 200) {
		ga_resp_free(&r);
		return;
	}
	items = json_object_get(r.json, "items");
	json_array_foreach(items, i,
			   it) if (json_is_true(json_object_get(it, "current")))
	    snprintf(s->id, sizeof(s->id), "%s", id_str(it, "id"));
	ga_resp_free(&r);
}

/*
 * POST /api/v1/session. Returns the status (0 on a transport error); on
 * 200 fills s (cookie, csrf, account id; the public id too when the
 * session is not restricted). out, when given, keeps the response.
 */
static inline long id_login(const char *user, const char *pass,
			    const char *totp, struct id_sess *s,
			    struct ga_resp *out)
{
	struct ga_resp mine, *r = out ? out : &mine;
	json_t *b = json_pack("{s:s, s:s}", "username", user, "password", pass);
	const char *sc;
	char *body;
	long st;

	if (!id_no_rotate && (!id_source_n || id_logins_here >= 25))
		id_source_next();
	id_logins_here++;
	if (totp)
		json_object_set_new(b, "totp", json_string(totp));
	body = id_json(b);
	memset(s, 0, sizeof(*s));
	ga_post_json("/api/v1/session", body, r);
	free(body);
	st = r->status;
	if (st == 200 && r->json) {
		sc = ga_resp_header(r, "set-cookie");
		if (sc) {
			size_t n = strcspn(sc, ";");

			snprintf(s->set_cookie, sizeof(s->set_cookie), "%s",
				 sc);
			snprintf(s->cookie, sizeof(s->cookie), "%.*s", (int)n,
				 sc);
		}
		snprintf(s->csrf, sizeof(s->csrf), "%s",
			 id_str(r->json, "csrf_token"));
		s->account_id = (long long)json_integer_value(
		    json_object_get(json_object_get(r->json, "account"), "id"));
		if (!json_is_true(
			json_object_get(r->json, "must_change_password")) &&
		    !json_is_true(
			json_object_get(r->json, "totp_enrollment_required")))
			id_fill_session_id(s);
	}
	if (!out)
		ga_resp_free(&mine);
	return st;
}

/* Log in or fail the test. */
static inline void id_must_login(const char *user, const char *pass,
				 const char *totp, struct id_sess *s)
{
	struct ga_resp r;
	long st = id_login(user, pass, totp, s, &r);

	if (st != 200)
		fail_msg("login %s: status %ld: %.300s", user, st,
			 r.body ? r.body : "");
	ga_resp_free(&r);
}

/*
 * `guanai user add` with the password on stdin, run from the test's working
 * directory (so with the key files the server uses). Returns the new
 * account's id, or -1 (the output is printed).
 */
static inline long long id_user_add_db(const char *db, const char *user,
				       const char *role, const char *region,
				       const char *pass, bool temporary)
{
	const char *argv[16] = {
	    ga_bin(), "user",	"add", "--db",	   db,	   "--username",
	    user,     "--role", role,  "--region", region, "--password-stdin"};
	char input[200], *out = NULL, *p;
	long long id = -1;
	int rc;

	if (temporary)
		argv[12] = "--temporary";
	snprintf(input, sizeof(input), "%s\n", pass);
	rc = ga_run(argv, input, &out);
	p = out ? strstr(out, ", id ") : NULL;
	if (rc == 0 && p)
		id = strtoll(p + 5, NULL, 10);
	else if (!id_quiet)
		fprintf(stderr, "user add %s %s %s: exit %d: %s\n", user, role,
			region, rc, out ? out : "");
	free(out);
	return id;
}

static inline long long id_user_add(const char *user, const char *role,
				    const char *region, const char *pass,
				    bool temporary)
{
	return id_user_add_db(ga_db_url(), user, role, region, pass, temporary);
}

/*
 * A TOTP code for a base32 secret at the server's time, after moving the
 * server's clock on by one 30-second step so that no code is ever a
 * replay of an earlier one.
 */
static inline void id_totp_fresh(const char *secret, char out[7])
{
	char *raw = NULL;
	size_t len = 0;

	oath_init();
	assert_int_equal(ga_clock_advance(30), 0);
	assert_int_equal(oath_base32_decode(secret, strlen(secret), &raw, &len),
			 OATH_OK);
	assert_int_equal(oath_totp_generate(raw, len, ga_now(), 30, 0, 6, out),
			 OATH_OK);
	free(raw);
}

/* The code for the current step, without moving the clock. */
static inline void id_totp_now(const char *secret, char out[7])
{
	char *raw = NULL;
	size_t len = 0;

	oath_init();
	assert_int_equal(oath_base32_decode(secret, strlen(secret), &raw, &len),
			 OATH_OK);
	assert_int_equal(oath_totp_generate(raw, len, ga_now(), 30, 0, 6, out),
			 OATH_OK);
	free(raw);
}

/* Start and confirm TOTP enrolment in session s; the secret goes to out. */
static inline void id_enrol(struct id_sess *s, char *secret, size_t size)
{
	struct ga_resp r;
	char code[7], body[40];

	assert_int_equal(id_req(s, "POST", "/api/v1/session/totp", NULL, &r),
			 0);
	GA_ASSERT_STATUS(&r, 200);
	snprintf(secret, size, "%s", id_str(r.json, "secret"));
	assert_true(secret[0]);
	ga_resp_free(&r);
	id_totp_fresh(secret, code);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
	assert_int_equal(
	    id_req(s, "POST", "/api/v1/session/totp/confirm", body, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	if (!s->id[0])
		id_fill_session_id(s);
}

/*
 * Take the session a response hands out (a password change rotates the
 * token): the Set-Cookie header and the body's csrf_token into s.
 */
static inline void id_take_session(struct id_sess *s, const struct ga_resp *r)
{
	const char *sc = ga_resp_header(r, "set-cookie");

	if (sc) {
		snprintf(s->set_cookie, sizeof(s->set_cookie), "%s", sc);
		snprintf(s->cookie, sizeof(s->cookie), "%.*s",
			 (int)strcspn(sc, ";"), sc);
	}
	if (r->json && json_object_get(r->json, "csrf_token"))
		snprintf(s->csrf, sizeof(s->csrf), "%s",
			 id_str(r->json, "csrf_token"));
}

/* ga_db_url() (a PostgreSQL URL) with its database name replaced by db */
static inline void id_pg_url_with_db(const char *db, char *out, size_t size)
{
	const char *base = ga_db_url();
	const char *slash = strrchr(base, '/');
	const char *q = strchr(slash ? slash : base, '?');

	snprintf(out, size, "%.*s/%s%s", (int)(slash - base), base, db,
		 q ? q : "");
}

/*
 * A database of this program's own (for `guanai daily`, which works on
 * every child of a database): a new PostgreSQL database on the test
 * server, or a SQLite file under GA_TEST_TMP, made with `guanai init`.
 */
struct id_private_db {
	char name[64];
	char path[400]; /* SQLite */
	char url[600];
};

static inline void id_private_db_open(struct id_private_db *p, const char *tag)
{
	const char *tmp =
	    getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp";
	const char *init[] = {ga_bin(), "init", "--db", p->url, NULL};
	char *out = NULL;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s_%ld", tag, (long)getpid());
	if (ga_db_is_pg()) {
		char create[128];
		const char *argv[] = {"psql", ga_db_url(), "-AtXq",
				      "-c",   create,	   NULL};

		snprintf(create, sizeof(create), "CREATE DATABASE %s", p->name);
		assert_int_equal(ga_run(argv, NULL, &out), 0);
		free(out);
		out = NULL;
		id_pg_url_with_db(p->name, p->url, sizeof(p->url));
	} else {
		snprintf(p->path, sizeof(p->path), "%s/%s.db", tmp, p->name);
		unlink(p->path);
		snprintf(p->url, sizeof(p->url), "sqlite:%s", p->path);
	}
	assert_int_equal(ga_run(init, NULL, &out), 0);
	free(out);
}

static inline void id_private_db_drop(const struct id_private_db *p)
{
	if (ga_db_is_pg()) {
		char drop[128];
		const char *argv[] = {"psql", ga_db_url(), "-AtXq",
				      "-c",   drop,	   NULL};
		char *out = NULL;

		snprintf(drop, sizeof(drop), "DROP DATABASE %s", p->name);
		ga_run(argv, NULL, &out);
		free(out);
	} else {
		unlink(p->path);
	}
}

/*
 * Whether the SQLite database files (main, WAL, journal) hold `needle` in
 * clear; *seen_total gets the bytes scanned, so a blind scan (no files)
 * can be told from a clean one. Always false on PostgreSQL.
 */
static inline bool id_db_holds(const char *needle, size_t *seen_total)
{
	static const char *const sfx[] = {"", "-wal", "-journal"};
	char p[600];
	bool found = false;

	*seen_total = 0;
	if (ga_db_is_pg())
		return false;
	for (size_t k = 0; k < 3; k++) {
		size_t len = 0;
		char *dump;

		snprintf(p, sizeof(p), "%s%s", ga_db_url() + strlen("sqlite:"),
			 sfx[k]);
		dump = ga_read_file(p, &len);
		if (!dump)
			continue;
		*seen_total += len;
		found |= ga_memmem(dump, len, needle);
		free(dump);
	}
	return found;
}

#endif
