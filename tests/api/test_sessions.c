/*
 * Identity through the API: logins and their cookie, wrong passwords and
 * the lockout, CSRF, logout, idle and absolute expiry (on the injectable
 * clock), own sessions, password changes and their policy, temporary
 * passwords, TOTP enrolment and replay, the per-address login limit, a
 * session shared by two server instances, Argon2id hashes at rest, and the
 * account administration of sysadmin and secadmin.
 *
 * The tests run in order on one server whose clock only moves forward;
 * each makes its own accounts (named x<pid>.<what>, see ident.h).
 */
#include "ident.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const VILLAGE = "500229212201";
static const char *const TOWNSHIP = "500229212000";
static const char *const COUNTY = "500229000000";
static const char *const OTHER_VILLAGE = "500230001001"; /* 丰都县 */

/* a new director in VILLAGE with ID_PASSWORD; returns its username */
static const char *new_user(char *buf, size_t size, const char *what,
			    const char *role, const char *region,
			    bool temporary)
{
	id_name(buf, size, what);
	assert_true(id_user_add(buf, role, region, ID_PASSWORD, temporary) > 0);
	return buf;
}

static long get_status(const struct id_sess *s, const char *path)
{
	struct ga_resp r;
	long st;

	id_req(s, "GET", path, NULL, &r);
	st = r.status;
	ga_resp_free(&r);
	return st;
}

static void login_sets_strict_cookie(void **state)
{
	char u[64];
	struct id_sess s;
	struct ga_resp r;
	const char *sc;

	(void)state;
	new_user(u, sizeof(u), "cookie", "director", VILLAGE, false);
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &s, &r), 200);
	sc = ga_resp_header(&r, "set-cookie");
	assert_non_null(sc);
	print_message("  Set-Cookie: %.30s… %s\n", sc, strchr(sc, ';'));
	assert_true(!strncmp(sc, "guanai_session=", 15));
	assert_true(strlen(s.cookie) == 15 + 64);
	assert_true(ga_contains_ci(sc, "; HttpOnly"));
	assert_true(ga_contains_ci(sc, "; SameSite=Strict"));
	assert_true(ga_contains_ci(sc, "; Path=/"));
	assert_false(
	    ga_contains_ci(sc, "Secure;") ||
	    (strlen(sc) >= 6 && !strcasecmp(sc + strlen(sc) - 6, "Secure")));
	GA_ASSERT_NO_STORE(&r);
	assert_string_equal(
	    id_str(json_object_get(r.json, "account"), "username"), u);
	assert_true(strlen(s.csrf) >= 32);
	/* the token is not echoed in the body */
	assert_false(ga_memmem(r.body, r.len, s.cookie + 15));
	ga_resp_free(&r);
	assert_int_equal(get_status(&s, "/api/v1/session"), 200);
}

static void wrong_password_and_unknown_user_look_alike(void **state)
{
	char u[64], unknown[64];
	struct id_sess s;
	struct ga_resp a, b;

	(void)state;
	new_user(u, sizeof(u), "wrongpw", "director", VILLAGE, false);
	id_name(unknown, sizeof(unknown), "nobody-here");
	id_login(u, "not-the-password-1", NULL, &s, &a);
	id_login(unknown, "not-the-password-1", NULL, &s, &b);
	GA_ASSERT_ERROR(&a, 401, "invalid_credentials", NULL);
	GA_ASSERT_ERROR(&b, 401, "invalid_credentials", NULL);
	assert_string_equal(ga_error_message(&a), ga_error_message(&b));
	assert_null(ga_resp_header(&a, "set-cookie"));
	ga_resp_free(&a);
	ga_resp_free(&b);
	/* an empty password is refused before any lookup */
	id_login(u, "", NULL, &s, &a);
	assert_int_equal(a.status, 400);
	ga_resp_free(&a);
}

static void five_failures_lock_for_fifteen_minutes(void **state)
{
	char u[64];
	struct id_sess s;
	struct ga_resp r;

	(void)state;
	new_user(u, sizeof(u), "locked", "director", VILLAGE, false);
	for (int i = 0; i < 5; i++) {
		id_login(u, "wrong-password-123", NULL, &s, &r);
		GA_ASSERT_ERROR(&r, 401, "invalid_credentials", NULL);
		ga_resp_free(&r);
	}
	id_login(u, ID_PASSWORD, NULL, &s, &r);
	GA_ASSERT_ERROR(&r, 403, "account_locked", NULL);
	ga_resp_free(&r);
	assert_int_equal(ga_clock_advance(14 * 60), 0);
	id_login(u, ID_PASSWORD, NULL, &s, &r);
	GA_ASSERT_ERROR(&r, 403, "account_locked", NULL);
	ga_resp_free(&r);
	assert_int_equal(ga_clock_advance(61), 0);
	id_must_login(u, ID_PASSWORD, NULL, &s);
}

static void csrf_and_logout(void **state)
{
	char u[64];
	struct id_sess s, nocsrf, bad;
	struct ga_resp r;
	static const char *const wrong =
	    "0000000000000000000000000000000000000000000000000000000000000000";

	(void)state;
	new_user(u, sizeof(u), "csrf", "director", VILLAGE, false);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	nocsrf = s;
	nocsrf.csrf[0] = '\0';
	{
		char cookie[260];
		const char *h[] = {cookie, NULL};

		snprintf(cookie, sizeof(cookie), "Cookie: %s", s.cookie);
		ga_http("DELETE", "/api/v1/session", h, NULL, 0, &r);
		GA_ASSERT_ERROR(&r, 403, "csrf_failed", NULL);
		ga_resp_free(&r);
	}
	id_req(&nocsrf, "DELETE", "/api/v1/session", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "csrf_failed", NULL);
	ga_resp_free(&r);
	bad = s;
	snprintf(bad.csrf, sizeof(bad.csrf), "%s", wrong);
	id_req(&bad, "DELETE", "/api/v1/session", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "csrf_failed", NULL);
	ga_resp_free(&r);
	/* still logged in after the refusals */
	assert_int_equal(get_status(&s, "/api/v1/session"), 200);
	id_req(&s, "DELETE", "/api/v1/session", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "set-cookie", "Max-Age=0");
	ga_resp_free(&r);
	id_req(&s, "GET", "/api/v1/session", NULL, &r);
	GA_ASSERT_ERROR(&r, 401, "unauthenticated", NULL);
	ga_resp_free(&r);
	id_req(&s, "DELETE", "/api/v1/session", NULL, &r);
	GA_ASSERT_ERROR(&r, 401, "unauthenticated", NULL);
	ga_resp_free(&r);
}

static void idle_sessions_expire(void **state)
{
	char u[64];
	struct id_sess s;

	(void)state;
	new_user(u, sizeof(u), "idle", "director", VILLAGE, false);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	assert_int_equal(ga_clock_advance(29 * 60), 0);
	assert_int_equal(get_status(&s, "/api/v1/session"), 200);
	assert_int_equal(ga_clock_advance(31 * 60), 0);
	assert_int_equal(get_status(&s, "/api/v1/session"), 401);
}

static void use_keeps_a_session_for_twelve_hours_at_most(void **state)
{
	char u[64];
	struct id_sess s;
	int minutes = 0;

	(void)state;
	new_user(u, sizeof(u), "absolute", "director", VILLAGE, false);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	while (minutes + 20 < 12 * 60) {
		assert_int_equal(ga_clock_advance(20 * 60), 0);
		minutes += 20;
		if (get_status(&s, "/api/v1/sessions") != 200)
			fail_msg("session died after %d minutes of use",
				 minutes);
	}
	assert_int_equal(ga_clock_advance(20 * 60), 0); /* 12 h */
	assert_int_equal(get_status(&s, "/api/v1/session"), 401);
}

static void reload_returns_the_same_csrf_token(void **state)
{
	char u[64];
	struct id_sess s;
	struct ga_resp r;

	(void)state;
	new_user(u, sizeof(u), "reload", "director", VILLAGE, false);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	for (int i = 0; i < 2; i++) {
		id_req(&s, "GET", "/api/v1/session", NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_string_equal(id_str(r.json, "csrf_token"), s.csrf);
		assert_string_equal(id_str(r.json, "scope_prefix"),
				    "500229212201");
		ga_resp_free(&r);
	}
}

static void own_sessions_listed_and_revoked(void **state)
{
	char u[64], other[64], path[96];
	struct id_sess a, b, c;
	struct ga_resp r;
	json_t *it;
	size_t i;
	int current = 0, seen_b = 0;

	(void)state;
	new_user(u, sizeof(u), "twice", "director", VILLAGE, false);
	new_user(other, sizeof(other), "twice-other", "director", VILLAGE,
		 false);
	id_must_login(u, ID_PASSWORD, NULL, &a);
	id_must_login(u, ID_PASSWORD, NULL, &b);
	id_must_login(other, ID_PASSWORD, NULL, &c);
	assert_true(a.id[0] && b.id[0] && c.id[0]);
	id_req(&a, "GET", "/api/v1/sessions", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		current += json_is_true(json_object_get(it, "current"));
		seen_b += !strcmp(id_str(it, "id"), b.id);
		assert_false(ga_contains_ci(id_str(it, "id"), a.cookie + 15));
	}
	assert_int_equal(current, 1);
	assert_int_equal(seen_b, 1);
	ga_resp_free(&r);
	/* someone else's session is not ours to end: 404, and it lives */
	snprintf(path, sizeof(path), "/api/v1/sessions/%s", c.id);
	id_req(&a, "DELETE", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	assert_int_equal(get_status(&c, "/api/v1/session"), 200);
	id_req(&a, "DELETE", "/api/v1/sessions/0123456789abcdef", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/sessions/%s", b.id);
	id_req(&a, "DELETE", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	assert_int_equal(get_status(&b, "/api/v1/session"), 401);
	assert_int_equal(get_status(&a, "/api/v1/session"), 200);
	id_req(&a, "DELETE", path, NULL, &r); /* again: gone */
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void password_change_policy(void **state)
{
	char u[64], body[300];
	struct id_sess a, b, x, old;
	struct ga_resp r;
	const char *const NEWPW = "Orchard-kettle-2931";
	struct {
		const char *old, *new_pw, *code;
	} bad[] = {
	    {"not-my-password-9", NEWPW, "wrong_password"},
	    {ID_PASSWORD, "short9!", "weak_password"},
	    {ID_PASSWORD, "1234567890", "weak_password"},
	    {ID_PASSWORD, "password123", "weak_password"},
	    {ID_PASSWORD, NULL, "weak_password"}, /* the username */
	    {ID_PASSWORD, ID_PASSWORD, "weak_password"},
	};

	(void)state;
	new_user(u, sizeof(u), "pwchange", "director", VILLAGE, false);
	assert_true(strlen(u) >= 10);
	id_must_login(u, ID_PASSWORD, NULL, &a);
	id_must_login(u, ID_PASSWORD, NULL, &b);
	for (size_t i = 0; i < N(bad); i++) {
		char *j = id_json(json_pack("{s:s, s:s}", "old_password",
					    bad[i].old, "new_password",
					    bad[i].new_pw ? bad[i].new_pw : u));

		print_message("  %s → %s\n", bad[i].new_pw ? bad[i].new_pw : u,
			      bad[i].code);
		id_req(&a, "POST", "/api/v1/session/password", j, &r);
		free(j);
		GA_ASSERT_ERROR(&r, 400, bad[i].code, NULL);
		ga_resp_free(&r);
	}
	snprintf(body, sizeof(body),
		 "{\"old_password\":\"%s\",\"new_password\":\"%s\"}",
		 ID_PASSWORD, NEWPW);
	old = a;
	id_req(&a, "POST", "/api/v1/session/password", body, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_false(
	    json_is_true(json_object_get(r.json, "must_change_password")));
	/* the token is rotated: the old one is dead, the new one works */
	assert_non_null(ga_resp_header(&r, "set-cookie"));
	id_take_session(&a, &r);
	ga_resp_free(&r);
	assert_string_not_equal(old.cookie, a.cookie);
	assert_string_not_equal(old.csrf, a.csrf);
	assert_int_equal(get_status(&old, "/api/v1/session"), 401);
	assert_int_equal(get_status(&a, "/api/v1/sessions"), 200);
	assert_int_equal(get_status(&b, "/api/v1/session"), 401);
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &x, NULL), 401);
	id_must_login(u, NEWPW, NULL, &x);
}

static void temporary_password_must_be_changed(void **state)
{
	char u[64], body[300];
	struct id_sess s;
	struct ga_resp r;

	(void)state;
	new_user(u, sizeof(u), "temp", "director", VILLAGE, true);
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &s, &r), 200);
	assert_true(
	    json_is_true(json_object_get(r.json, "must_change_password")));
	ga_resp_free(&r);
	id_req(&s, "GET", "/api/v1/sessions", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "password_change_required", NULL);
	ga_resp_free(&r);
	id_req(&s, "GET", "/api/v1/places/500229212201", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "password_change_required", NULL);
	ga_resp_free(&r);
	assert_int_equal(get_status(&s, "/api/v1/session"), 200);
	snprintf(body, sizeof(body),
		 "{\"old_password\":\"%s\",\"new_password\":\"%s\"}",
		 ID_PASSWORD, "Tangerine-moss-5512");
	id_req(&s, "POST", "/api/v1/session/password", body, &r);
	GA_ASSERT_STATUS(&r, 200);
	id_take_session(&s, &r);
	ga_resp_free(&r);
	assert_int_equal(get_status(&s, "/api/v1/sessions"), 200);
	assert_int_equal(get_status(&s, "/api/v1/places/500229212201"), 200);
}

static void totp_enrolment_and_replay(void **state)
{
	char u[64], secret[64], code[7], wrong[16], body[64];
	struct id_sess s, t;
	struct ga_resp r;

	(void)state;
	new_user(u, sizeof(u), "totp", "county_civil", COUNTY, false);
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &s, &r), 200);
	assert_true(
	    json_is_true(json_object_get(r.json, "totp_enrollment_required")));
	ga_resp_free(&r);
	id_req(&s, "GET", "/api/v1/sessions", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "totp_enrollment_required", NULL);
	ga_resp_free(&r);
	id_req(&s, "GET", "/api/v1/places/500229000000", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "totp_enrollment_required", NULL);
	ga_resp_free(&r);
	id_req(&s, "POST", "/api/v1/session/totp/confirm",
	       "{\"code\":\"123456\"}", &r);
	GA_ASSERT_ERROR(&r, 409, "totp_not_started", NULL);
	ga_resp_free(&r);
	id_enrol(&s, secret, sizeof(secret));
	assert_int_equal(get_status(&s, "/api/v1/sessions"), 200);
	id_req(&s, "POST", "/api/v1/session/totp", NULL, &r);
	GA_ASSERT_ERROR(&r, 409, "totp_enrolled", NULL);
	ga_resp_free(&r);

	id_login(u, ID_PASSWORD, NULL, &t, &r);
	GA_ASSERT_ERROR(&r, 401, "totp_required", "totp");
	ga_resp_free(&r);
	id_totp_fresh(secret, code);
	snprintf(wrong, sizeof(wrong), "%06d",
		 (int)((strtol(code, NULL, 10) + 500000) % 1000000));
	id_login(u, ID_PASSWORD, wrong, &t, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_totp", "totp");
	ga_resp_free(&r);
	/* a wrong password with the right code: still a wrong password */
	id_login(u, "wrong-password-77", code, &t, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_credentials", NULL);
	ga_resp_free(&r);
	id_login(u, ID_PASSWORD, code, &t, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_false(
	    json_is_true(json_object_get(r.json, "totp_enrollment_required")));
	ga_resp_free(&r);
	assert_int_equal(get_status(&t, "/api/v1/sessions"), 200);
	/* the same code in the same step: a replay */
	id_login(u, ID_PASSWORD, code, &t, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_totp", "totp");
	ga_resp_free(&r);
	/* and the code of the enrolment's step, older still */
	id_totp_now(secret, code);
	assert_int_equal(ga_clock_advance(-30), 0);
	id_totp_now(secret, body);
	assert_int_equal(ga_clock_advance(30), 0);
	id_login(u, ID_PASSWORD, body, &t, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_totp", "totp");
	ga_resp_free(&r);
	/* the next step's code works again */
	id_totp_fresh(secret, code);
	id_must_login(u, ID_PASSWORD, code, &t);
}

static void login_attempts_are_rate_limited_per_address(void **state)
{
	char unknown[64];
	struct id_sess s;
	struct ga_resp r;
	int i;

	(void)state;
	/* a window of our own: the next 5-minute boundary, a new address */
	assert_int_equal(ga_clock_advance(300 - ga_now() % 300 + 1), 0);
	id_no_rotate = true;
	id_source_next();
	id_name(unknown, sizeof(unknown), "rate-nobody");
	for (i = 1; i <= 30; i++) {
		id_login(unknown, "whatever-password", NULL, &s, &r);
		if (r.status != 401)
			fail_msg("attempt %d: status %ld", i, r.status);
		ga_resp_free(&r);
	}
	id_login(unknown, "whatever-password", NULL, &s, &r);
	GA_ASSERT_STATUS(&r, 429);
	GA_ASSERT_ERROR(&r, 429, "rate_limited", NULL);
	ga_resp_free(&r);
	/* another address is not limited by this one */
	id_source_next();
	id_login(unknown, "whatever-password", NULL, &s, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_credentials", NULL);
	ga_resp_free(&r);
	/* and the next window opens again */
	id_source_n--;
	id_source_n--;
	id_source_next();
	id_login(unknown, "whatever-password", NULL, &s, &r);
	GA_ASSERT_STATUS(&r, 429);
	ga_resp_free(&r);
	assert_int_equal(ga_clock_advance(300), 0);
	id_login(unknown, "whatever-password", NULL, &s, &r);
	GA_ASSERT_ERROR(&r, 401, "invalid_credentials", NULL);
	ga_resp_free(&r);
	id_no_rotate = false;
	id_source_n += 2;
	id_source_next();
}

static void two_instances_share_sessions(void **state)
{
	char u[64];
	struct id_sess s, t;
	struct ga_resp r;
	int port = 0, pid = -1;

	(void)state;
	new_user(u, sizeof(u), "twoserv", "director", VILLAGE, false);
	assert_int_equal(ga_extra_server_start(NULL, &port, &pid), 0);
	id_must_login(u, ID_PASSWORD, NULL, &s);
	ga_use_port(port);
	assert_int_equal(get_status(&s, "/api/v1/session"), 200);
	id_must_login(u, ID_PASSWORD, NULL, &t);
	id_req(&s, "DELETE", "/api/v1/session", NULL, &r); /* CSRF too */
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	ga_use_port(0);
	assert_int_equal(get_status(&s, "/api/v1/session"), 401);
	assert_int_equal(get_status(&t, "/api/v1/session"), 200);
	id_req(&t, "DELETE", "/api/v1/session", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	ga_use_port(port);
	assert_int_equal(get_status(&t, "/api/v1/session"), 401);
	ga_use_port(0);
	assert_int_equal(ga_extra_server_stop(pid), 0);
}

static void password_hashes_are_argon2id(void **state)
{
	char u[64], sql[200], *out = NULL;
	const char *url = ga_db_url();
	int rc;

	(void)state;
	new_user(u, sizeof(u), "hash", "director", VILLAGE, false);
	snprintf(sql, sizeof(sql),
		 "SELECT password_hash FROM account WHERE username = '%s'", u);
	if (ga_db_is_pg()) {
		const char *argv[] = {"psql", url, "-AtX", "-c", sql, NULL};

		rc = ga_run(argv, NULL, &out);
	} else {
		const char *argv[] = {"sqlite3", url + 7, sql, NULL};

		rc = ga_run(argv, NULL, &out);
	}
	assert_int_equal(rc, 0);
	print_message("  %.40s…\n", out);
	assert_true(!strncmp(out, "$argon2id$", 10));
	assert_false(strstr(out, ID_PASSWORD));
	free(out);
}

/* ---- account administration ---- */

static struct id_sess sysadm, secadm;
static long long sysadm_id, secadm_id, in_id, out_id;

static void admin_login(const char *what, const char *role, struct id_sess *s,
			long long *id)
{
	char u[64], secret[64];

	new_user(u, sizeof(u), what, role, COUNTY, false);
	id_must_login(u, ID_PASSWORD, NULL, s);
	id_enrol(s, secret, sizeof(secret));
	*id = s->account_id;
}

static void sysadmin_lists_accounts_within_scope(void **state)
{
	char u[64], path[160];
	struct ga_resp r;
	json_t *it;
	size_t i;
	bool saw_in = false, saw_out = false;
	int pages = 0;
	long long after = 0;

	(void)state;
	admin_login("sys", "sysadmin", &sysadm, &sysadm_id);
	admin_login("sec", "secadmin", &secadm, &secadm_id);
	in_id = id_user_add(id_name(u, sizeof(u), "acct-in"), "director",
			    VILLAGE, ID_PASSWORD, false);
	out_id = id_user_add(id_name(u, sizeof(u), "acct-out"), "director",
			     OTHER_VILLAGE, ID_PASSWORD, false);
	assert_true(in_id > 0 && out_id > 0);
	do {
		snprintf(path, sizeof(path),
			 "/api/v1/accounts?q=%s&limit=3%s%lld", id_prefix(),
			 after ? "&after=" : "", after);
		if (!after)
			path[strlen(path) - 1] = '\0'; /* drop the "0" */
		id_req(&sysadm, "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		json_array_foreach(json_object_get(r.json, "items"), i, it)
		{
			long long id = (long long)json_integer_value(
			    json_object_get(it, "id"));

			if (strncmp(id_str(it, "scope"), "500229", 6))
				fail_msg("account %lld outside the scope: %s",
					 id, id_str(it, "scope"));
			assert_null(json_object_get(it, "password_hash"));
			saw_in |= id == in_id;
			saw_out |= id == out_id;
		}
		after = json_is_integer(json_object_get(r.json, "next"))
			    ? (long long)json_integer_value(
				  json_object_get(r.json, "next"))
			    : 0;
		ga_resp_free(&r);
	} while (after && ++pages < 100);
	assert_true(pages > 1);
	assert_true(saw_in);
	assert_false(saw_out);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld", out_id);
	id_req(&sysadm, "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(&sysadm, "GET", "/api/v1/accounts?limit=0", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_limit", "limit");
	ga_resp_free(&r);
	id_req(&sysadm, "GET", "/api/v1/accounts?role=king", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_role", "role");
	ga_resp_free(&r);
}

static void sysadmin_creates_accounts(void **state)
{
	char u[64], body[200];
	struct ga_resp r;
	json_t *a;
	struct id_sess s;

	(void)state;
	id_name(u, sizeof(u), "created");
	snprintf(body, sizeof(body),
		 "{\"username\":\"%s\",\"display_name\":\"新建账号\","
		 "\"phone\":\"13800000000\"}",
		 u);
	id_req(&sysadm, "POST", "/api/v1/accounts", body, &r);
	GA_ASSERT_STATUS(&r, 201);
	a = json_object_get(r.json, "account");
	assert_string_equal(id_str(a, "username"), u);
	assert_string_equal(id_str(a, "role"), "none");
	assert_string_equal(id_str(a, "scope"), COUNTY);
	assert_true(json_is_true(json_object_get(a, "must_change_password")));
	assert_true(strlen(id_str(r.json, "temporary_password")) >= 10);
	{
		char pw[64];

		snprintf(pw, sizeof(pw), "%s",
			 id_str(r.json, "temporary_password"));
		ga_resp_free(&r);
		assert_int_equal(id_login(u, pw, NULL, &s, &r), 200);
		assert_true(json_is_true(
		    json_object_get(r.json, "must_change_password")));
		ga_resp_free(&r);
	}
	id_req(&sysadm, "POST", "/api/v1/accounts", body, &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_username", "username");
	ga_resp_free(&r);
	id_req(&sysadm, "POST", "/api/v1/accounts",
	       "{\"username\":\"Bad Name\",\"display_name\":\"x\"}", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_username", "username");
	ga_resp_free(&r);
	snprintf(body, sizeof(body),
		 "{\"username\":\"%s.r\",\"display_name\":\"x\","
		 "\"role\":\"sysadmin\"}",
		 u);
	id_req(&sysadm, "POST", "/api/v1/accounts", body, &r);
	assert_int_equal(r.status, 400); /* roles come from secadmin */
	ga_resp_free(&r);
	id_req(&secadm, "POST", "/api/v1/accounts", "{\"username\":\"abc\"}",
	       &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
}

static void sysadmin_cannot_disable_itself_or_admins(void **state)
{
	char path[96];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/disable",
		 sysadm_id);
	id_req(&sysadm, "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "own_account", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/disable",
		 secadm_id);
	id_req(&sysadm, "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "admin_account", NULL);
	ga_resp_free(&r);
	assert_int_equal(get_status(&secadm, "/api/v1/session"), 200);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/disable", out_id);
	id_req(&sysadm, "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/disable", in_id);
	id_req(&sysadm, "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(json_object_get(r.json, "account"), "state"),
			    "disabled");
	ga_resp_free(&r);
	{
		char u[64];
		struct id_sess s;
		struct ga_resp lr;

		id_login(id_name(u, sizeof(u), "acct-in"), ID_PASSWORD, NULL,
			 &s, &lr);
		GA_ASSERT_ERROR(&lr, 403, "account_disabled", NULL);
		ga_resp_free(&lr);
	}
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/enable", in_id);
	id_req(&sysadm, "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void secadmin_assigns_roles_within_rules(void **state)
{
	char path[96], body[200];
	struct ga_resp r;
	long long version;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/role", in_id);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"director\",\"scope\":\"500229212000\"}", &r);
	GA_ASSERT_ERROR(&r, 400, "scope_level", "scope");
	ga_resp_free(&r);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"director\",\"scope\":\"500230001001\"}", &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_scope", "scope");
	ga_resp_free(&r);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"king\",\"scope\":\"500229212201\"}", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_role", "role");
	ga_resp_free(&r);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"supervisor\",\"scope\":\"5002292\"}", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_code", "scope");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld", in_id);
	id_req(&secadm, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	version =
	    (long long)json_integer_value(json_object_get(r.json, "version"));
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/role", in_id);
	snprintf(body, sizeof(body),
		 "{\"role\":\"supervisor\",\"scope\":\"%s\",\"version\":%lld}",
		 TOWNSHIP, version);
	id_req(&secadm, "PUT", path, body, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "role"), "supervisor");
	assert_string_equal(id_str(r.json, "scope"), TOWNSHIP);
	ga_resp_free(&r);
	id_req(&secadm, "PUT", path, body, &r); /* the same version again */
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/role", out_id);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"director\",\"scope\":\"500229212201\"}", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/role", secadm_id);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"director\",\"scope\":\"500229212201\"}", &r);
	GA_ASSERT_ERROR(&r, 403, "own_account", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/accounts/%lld/role", in_id);
	id_req(&secadm, "PUT", path,
	       "{\"role\":\"secadmin\",\"scope\":\"500229000000\"}", &r);
	GA_ASSERT_ERROR(&r, 403, "admin_role", "role");
	ga_resp_free(&r);
}

static int setup(void **state)
{
	ga_use_clock();
	return ga_group_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(login_sets_strict_cookie),
	    cmocka_unit_test(wrong_password_and_unknown_user_look_alike),
	    cmocka_unit_test(five_failures_lock_for_fifteen_minutes),
	    cmocka_unit_test(csrf_and_logout),
	    cmocka_unit_test(idle_sessions_expire),
	    cmocka_unit_test(use_keeps_a_session_for_twelve_hours_at_most),
	    cmocka_unit_test(reload_returns_the_same_csrf_token),
	    cmocka_unit_test(own_sessions_listed_and_revoked),
	    cmocka_unit_test(password_change_policy),
	    cmocka_unit_test(temporary_password_must_be_changed),
	    cmocka_unit_test(totp_enrolment_and_replay),
	    cmocka_unit_test(login_attempts_are_rate_limited_per_address),
	    cmocka_unit_test(two_instances_share_sessions),
	    cmocka_unit_test(password_hashes_are_argon2id),
	    cmocka_unit_test(sysadmin_lists_accounts_within_scope),
	    cmocka_unit_test(sysadmin_creates_accounts),
	    cmocka_unit_test(sysadmin_cannot_disable_itself_or_admins),
	    cmocka_unit_test(secadmin_assigns_roles_within_rules),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
