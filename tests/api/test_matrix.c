/*
 * The access-control matrix, generated: every route of `guanai routes`
 * against every role of `guanai permissions`, each role logged in with a
 * scope of its level in 城口县 (500229), and each route with a {code} or an
 * {id} tried on targets in several relations to that scope: the actor's
 * own, one inside it, a sibling and a parent outside it.
 *
 *   role lacks the action      → 403 forbidden, whatever the target
 *   has it, target outside     → 404
 *   has it, target inside      → 2xx, or a documented 4xx business rule
 *
 * The assertion that matters: no 2xx nobody expected. Routes this file
 * does not know yet (new ones) are still checked for 401 without a session
 * and 403 for roles without their action; for roles with it, only that no
 * 5xx comes back. A compact table of outcomes is printed.
 */
#include "ident.h"

#include <ctype.h>

#define MAXR	 160
#define MAXROLES 32

struct route {
	char method[8];
	char pattern[128];
	char action[48];
};

#define MAXACT 48 /* actions one role may have; the test fails past it */

struct actor {
	char role[32];
	char actions[MAXACT][48];
	int nact;
	char user[64];
	char password[64];
	char scope[13];
	char secret[64];
	bool enrolled;
	struct id_sess s;
};

struct target {
	const char *what;
	const char *role, *scope;
	char user[64];
	long long id;
	struct id_sess s;
};

static struct route routes[MAXR];
static int nroutes;
static struct actor actors[MAXROLES];
static int nactors;
static int unexpected_2xx, mismatches, known_bugs, unchecked;

enum { T_VICTIM, T_SESS, T_ADMIN, T_SIB, T_PAR, T_COUNT };
static struct target targets[T_COUNT] = {
    [T_VICTIM] = {"victim", "director", "500229212201", "", 0, {{0}}},
    [T_SESS] = {"sess", "director", "500229212201", "", 0, {{0}}},
    [T_ADMIN] = {"admin", "auditor", "500229000000", "", 0, {{0}}},
    [T_SIB] = {"sib", "director", "500230001001", "", 0, {{0}}},
    [T_PAR] = {"par", "reporter", "500000000000", "", 0, {{0}}},
};

/* ---- the tables from the binary ---- */

static void load_tables(void)
{
	const char *ra[] = {ga_bin(), "routes", NULL};
	const char *pa[] = {ga_bin(), "permissions", NULL};
	char *out = NULL, *line, *save = NULL;

	assert_int_equal(ga_run(ra, NULL, &out), 0);
	for (line = strtok_r(out, "\n", &save); line && nroutes < MAXR;
	     line = strtok_r(NULL, "\n", &save)) {
		struct route *r = &routes[nroutes];

		if (sscanf(line, "%7s %127s %47s", r->method, r->pattern,
			   r->action) == 3)
			nroutes++;
	}
	/* every route is tested: none may fall off the end of the table */
	assert_null(line);
	free(out);
	assert_int_equal(ga_run(pa, NULL, &out), 0);
	save = NULL;
	for (line = strtok_r(out, "\n", &save); line && nactors < MAXROLES;
	     line = strtok_r(NULL, "\n", &save)) {
		struct actor *a = &actors[nactors];
		char *tok, *s2 = NULL;

		tok = strtok_r(line, " ", &s2);
		if (!tok)
			continue;
		snprintf(a->role, sizeof(a->role), "%s", tok);
		while ((tok = strtok_r(NULL, " ", &s2)) && a->nact < MAXACT)
			snprintf(a->actions[a->nact++], 48, "%s", tok);
		/* a role's actions past the table would read as refused */
		assert_null(tok);
		nactors++;
	}
	free(out);
	assert_true(nroutes >= 20);
	assert_true(nactors >= 19);
}

static bool may(const struct actor *a, const char *action)
{
	for (int i = 0; i < a->nact; i++)
		if (!strcmp(a->actions[i], action))
			return true;
	return false;
}

/* ---- scopes ---- */

static size_t prefix_len(const char *code)
{
	if (!strcmp(code + 2, "0000000000"))
		return 2;
	if (!strcmp(code + 4, "00000000"))
		return 4;
	if (!strcmp(code + 6, "000000"))
		return 6;
	if (!strcmp(code + 9, "000"))
		return 9;
	return 12;
}

static bool in_scope(const char *code, const char *scope)
{
	return !strncmp(code, scope, prefix_len(scope));
}

struct rel {
	const char *name;
	const char *code; /* {code} */
	int target;	  /* {id}: index into targets, -1 own */
};

/* {code} relations of a scope in 城口县 */
static int code_rels(const char *scope, struct rel *out)
{
	size_t n = prefix_len(scope);

	out[0] = (struct rel){"own", scope, -1};
	if (n == 12) {
		out[1] = (struct rel){"sib", "500229212202", -1};
		out[2] = (struct rel){"par", "500229212000", -1};
		return 3;
	}
	if (n == 9) {
		out[1] = (struct rel){"in", "500229212201", -1};
		out[2] = (struct rel){"sib", "500229102000", -1};
		out[3] = (struct rel){"par", "500229000000", -1};
		return 4;
	}
	out[1] = (struct rel){"in", "500229212000", -1};
	out[2] = (struct rel){"sib", "500230000000", -1};
	out[3] = (struct rel){"par", "500000000000", -1};
	return 4;
}

/* ---- actors and targets ---- */

static void login_actor(struct actor *a, struct id_sess *s)
{
	struct ga_resp r;
	char code[7];
	long st;

	if (a->enrolled) {
		id_totp_fresh(a->secret, code);
		st = id_login(a->user, a->password, code, s, &r);
	} else {
		st = id_login(a->user, a->password, NULL, s, &r);
	}
	if (st != 200)
		fail_msg("login %s: %ld %s", a->user, st, r.body);
	if (json_is_true(json_object_get(r.json, "totp_enrollment_required"))) {
		id_enrol(s, a->secret, sizeof(a->secret));
		a->enrolled = true;
	}
	ga_resp_free(&r);
}

static void make_actors(void)
{
	static const char *const levels[] = {"500229000000", "500229212000",
					     "500229212201"};
	struct actor *sys = NULL;

	for (int i = 0; i < nactors; i++) {
		struct actor *a = &actors[i];

		if (!strcmp(a->role, "none"))
			continue;
		id_name(a->user, sizeof(a->user), a->role);
		snprintf(a->password, sizeof(a->password), "%s", ID_PASSWORD);
		/* the first level the role accepts: county, township, village
		 */
		id_quiet = true;
		for (size_t k = 0; k < 3 && !a->scope[0]; k++)
			if (id_user_add(a->user, a->role, levels[k],
					ID_PASSWORD, false) > 0)
				snprintf(a->scope, sizeof(a->scope), "%s",
					 levels[k]);
		id_quiet = false;
		if (!a->scope[0])
			fail_msg("no scope in 城口县 fits role %s", a->role);
		login_actor(a, &a->s);
		if (may(a, "account.manage"))
			sys = a;
	}
	/* role "none": only the API makes one (sysadmin, then a new
	 * password) */
	for (int i = 0; i < nactors && sys; i++) {
		struct actor *a = &actors[i];
		struct ga_resp r;
		char body[200];

		if (strcmp(a->role, "none"))
			continue;
		id_name(a->user, sizeof(a->user), "none");
		snprintf(body, sizeof(body),
			 "{\"username\":\"%s\",\"display_name\":\"待分配\"}",
			 a->user);
		id_req(&sys->s, "POST", "/api/v1/accounts", body, &r);
		GA_ASSERT_STATUS(&r, 201);
		snprintf(a->scope, sizeof(a->scope), "%s",
			 id_str(json_object_get(r.json, "account"), "scope"));
		snprintf(a->password, sizeof(a->password), "%s",
			 id_str(r.json, "temporary_password"));
		ga_resp_free(&r);
		login_actor(a, &a->s);
		snprintf(body, sizeof(body),
			 "{\"old_password\":\"%s\",\"new_password\":\"%s\"}",
			 a->password, ID_PASSWORD);
		id_req(&a->s, "POST", "/api/v1/session/password", body, &r);
		GA_ASSERT_STATUS(&r, 200);
		id_take_session(&a->s, &r);
		ga_resp_free(&r);
		snprintf(a->password, sizeof(a->password), "%s", ID_PASSWORD);
		id_fill_session_id(&a->s);
	}
	for (int t = 0; t < T_COUNT; t++) {
		struct target *g = &targets[t];
		char what[32];

		snprintf(what, sizeof(what), "t-%s", g->what);
		id_name(g->user, sizeof(g->user), what);
		g->id =
		    id_user_add(g->user, g->role, g->scope, ID_PASSWORD, false);
		assert_true(g->id > 0);
	}
}

/* A live session of target t (logged in again when it was ended). */
static struct id_sess *target_session(int t)
{
	struct target *g = &targets[t];
	struct ga_resp r;

	if (g->s.cookie[0]) {
		id_req(&g->s, "GET", "/api/v1/session", NULL, &r);
		ga_resp_free(&r);
		if (r.status == 200)
			return &g->s;
	}
	if (t == T_ADMIN) {
		/* an admin target needs TOTP enrolment first */
		char secret[64];

		id_must_login(g->user, ID_PASSWORD, NULL, &g->s);
		id_enrol(&g->s, secret, sizeof(secret));
		return &g->s;
	}
	id_must_login(g->user, ID_PASSWORD, NULL, &g->s);
	return &g->s;
}

/* ---- expectations ---- */

struct want {
	long status[3];	     /* any of these; 0 ends */
	const char *code[3]; /* the matching error code, or NULL */
	bool unchecked;	     /* a route this file does not know */
	bool bug;	     /* a known server bug (see below) */
};

static struct want W(long s, const char *c) {
	struct want w = {{s, 0, 0}, {c, NULL, NULL}, false, false};

	return w;
}

static const char *
target_scope(const struct actor *a, int t)
{
	return t < 0 ? a->scope : targets[t].scope;
}

static struct want expect(const struct actor *a, const struct route *r,
			  const struct rel *rel)
{
	char key[200];
	bool inside;
	int t = rel->target;

	if (!may(a, r->action))
		return W(403, "forbidden");
	snprintf(key, sizeof(key), "%s %s", r->method, r->pattern);
	inside = rel->code ? in_scope(rel->code, a->scope)
			   : in_scope(target_scope(a, t), a->scope);
	if (!strcmp(key, "GET /api/v1/session") ||
	    !strcmp(key, "DELETE /api/v1/session") ||
	    !strcmp(key, "GET /api/v1/sessions") ||
	    !strcmp(key, "GET /api/v1/accounts") ||
	    !strcmp(key, "GET /api/v1/audit") ||
	    !strcmp(key, "GET /api/v1/audit/verify"))
		return W(200, NULL);
	if (!strcmp(key, "POST /api/v1/accounts"))
		return W(201, NULL);
	if (!strcmp(key, "POST /api/v1/session/password"))
		return W(400, "wrong_password");
	if (!strcmp(key, "POST /api/v1/session/totp"))
		return a->enrolled ? W(409, "totp_enrolled") : W(200, NULL);
	if (!strcmp(key, "POST /api/v1/session/totp/confirm")) {
		struct want w = {{400, 409, 200},
				 {"invalid_totp", "totp_not_started", NULL},
				 false,
				 false};

		return w;
	}
	if (!strcmp(key, "GET /api/v1/places/{code}"))
		return inside ? W(200, NULL) : W(404, "not_found");
	if (!strcmp(key, "DELETE /api/v1/sessions/{id}")) {
		if (t < 0)
			return W(200, NULL);
		if (!may(a, "account.manage"))
			return W(404, "not_found");
		/* a sysadmin ends sessions of the non-admin accounts in its
		 * scope; outside it, 404 as for an absent session */
		if (!inside)
			return W(404, "not_found");
		if (t == T_ADMIN)
			return W(403, "admin_account");
		return W(200, NULL);
	}
	if (!strncmp(key, "GET /api/v1/accounts/{id}", 25))
		return inside ? W(200, NULL) : W(404, "not_found");
	if (!strncmp(key, "POST /api/v1/accounts/{id}/", 27)) {
		if (!inside)
			return W(404, "not_found");
		if (t < 0)
			return W(403, "own_account");
		if (t == T_ADMIN)
			return W(403, "admin_account");
		return W(200, NULL);
	}
	if (!strcmp(key, "PUT /api/v1/accounts/{id}/role")) {
		if (!inside)
			return W(404, "not_found");
		if (t < 0)
			return W(403, "own_account");
		if (t == T_ADMIN)
			return W(403, "admin_account");
		return W(200, NULL);
	}
	{
		struct want w = {{0}, {0}, true, false};

		return w;
	}
}

/* ---- running one cell ---- */

static char role_body[200];

static const char *body_for(const struct route *r, const struct rel *rel)
{
	static int n;
	static char buf[200];
	char u[64];

	if (!strcmp(r->method, "GET") || !strcmp(r->method, "DELETE") ||
	    !strcmp(r->method, "HEAD"))
		return NULL;
	if (!strcmp(r->pattern, "/api/v1/session/password"))
		return "{\"old_password\":\"not-the-password-0\","
		       "\"new_password\":\"Another-pass-9876\"}";
	if (!strcmp(r->pattern, "/api/v1/session/totp/confirm"))
		return "{\"code\":\"000000\"}";
	if (!strcmp(r->pattern, "/api/v1/accounts")) {
		char what[32];

		snprintf(what, sizeof(what), "m%d", ++n);
		snprintf(buf, sizeof(buf),
			 "{\"username\":\"%s\",\"display_name\":\"矩阵\"}",
			 id_name(u, sizeof(u), what));
		return buf;
	}
	if (!strcmp(r->pattern, "/api/v1/accounts/{id}/role")) {
		const struct target *g =
		    rel->target >= 0 ? &targets[rel->target] : NULL;

		/* the role and scope it has: nothing changes but the version */
		snprintf(role_body, sizeof(role_body),
			 "{\"role\":\"%s\",\"scope\":\"%s\"}",
			 g ? g->role : "director",
			 g ? g->scope : "500229212201");
		return role_body;
	}
	if (strcmp(r->method, "GET") && strcmp(r->method, "DELETE") &&
	    strcmp(r->method, "HEAD"))
		return "{}";
	return NULL;
}

static void fill_path(const char *pattern, const char *code, const char *id,
		      char *out, size_t size)
{
	size_t o = 0;

	for (const char *p = pattern; *p && o + 1 < size;) {
		const char *v = NULL;

		if (!strncmp(p, "{code}", 6))
			v = code, p += 6;
		else if (!strncmp(p, "{id}", 4))
			v = id, p += 4;
		else if (*p == '{') {
			const char *e = strchr(p, '}');

			v = code;
			p = e ? e + 1 : p + 1;
		}
		if (v)
			o += (size_t)snprintf(out + o, size - o, "%s", v);
		else
			out[o++] = *p++;
	}
	out[o < size ? o : size - 1] = '\0';
}

static bool matches(const struct want *w, const struct ga_resp *r)
{
	const char *code = ga_error_code(r);

	for (int i = 0; i < 3 && w->status[i]; i++)
		if (r->status == w->status[i] &&
		    (!w->code[i] || (code && !strcmp(code, w->code[i]))))
			return true;
	return false;
}

/* one request; the character for the table */
static char run_cell(struct actor *a, const struct route *r,
		     const struct rel *rel)
{
	char path[256], id[32] = "1";
	struct id_sess spare, *s = &a->s;
	const char *kind = strstr(r->pattern, "{id}");
	struct want w = expect(a, r, rel);
	struct ga_resp resp;
	bool ok;
	char c;

	if (kind && !strncmp(r->pattern, "/api/v1/sessions/", 17)) {
		if (rel->target < 0) { /* another session of the actor */
			login_actor(a, &spare);
			id_fill_session_id(&spare);
			snprintf(id, sizeof(id), "%s", spare.id);
		} else {
			snprintf(id, sizeof(id), "%s",
				 target_session(rel->target)->id);
		}
	} else if (kind) {
		snprintf(id, sizeof(id), "%lld",
			 rel->target < 0 ? a->s.account_id
					 : targets[rel->target].id);
	}
	if (!strcmp(r->method, "DELETE") &&
	    !strcmp(r->pattern, "/api/v1/session")) {
		login_actor(a, &spare); /* log out a spare, not the actor */
		s = &spare;
	}
	fill_path(r->pattern, rel->code ? rel->code : a->scope, id, path,
		  sizeof(path));
	id_req(s, r->method, path, body_for(r, rel), &resp);
	if (w.unchecked) {
		ok = resp.status > 0 && resp.status < 500;
		c = ok ? '?' : '!';
		unchecked++;
	} else {
		ok = matches(&w, &resp);
		if (ok)
			c = resp.status < 300 ? 'k'
			    : resp.status == 403 && w.code[0] &&
				    !strcmp(w.code[0], "forbidden")
				? '.'
			    : resp.status == 404 ? 'n'
						 : 'b';
		else
			c = w.bug ? 'B' : '!';
	}
	if (!ok && w.bug) {
		known_bugs++;
		print_message("  KNOWN BUG: %s as %s (%s): %ld %.200s\n", path,
			      a->role, rel->name, resp.status, resp.body);
		mismatches++;
		if (resp.status >= 200 && resp.status < 300)
			unexpected_2xx++;
	} else if (!ok) {
		mismatches++;
		if (resp.status >= 200 && resp.status < 300)
			unexpected_2xx++;
		print_error("  UNEXPECTED: %s %s as %s (%s): got %ld %.200s; "
			    "want %ld %s\n",
			    r->method, path, a->role, rel->name, resp.status,
			    resp.body ? resp.body : "", w.status[0],
			    w.code[0] ? w.code[0] : "");
	}
	/* put a disabled victim back */
	if (resp.status == 200 && strstr(r->pattern, "/disable") &&
	    rel->target >= 0) {
		char p2[96];
		struct ga_resp e;

		snprintf(p2, sizeof(p2), "/api/v1/accounts/%s/enable", id);
		id_req(&a->s, "POST", p2, NULL, &e);
		ga_resp_free(&e);
	}
	ga_resp_free(&resp);
	return c;
}

static int rels_for(const struct actor *a, const struct route *r,
		    struct rel *out)
{
	if (strstr(r->pattern, "{code}"))
		return code_rels(a->scope, out);
	if (!strncmp(r->pattern, "/api/v1/sessions/{id}", 21)) {
		out[0] = (struct rel){"own", NULL, -1};
		out[1] = (struct rel){"in", NULL, T_SESS};
		out[2] = (struct rel){"sib", NULL, T_SIB};
		out[3] = (struct rel){"par", NULL, T_PAR};
		return 4;
	}
	if (!strncmp(r->pattern, "/api/v1/accounts/{id}", 21)) {
		out[0] = (struct rel){"own", NULL, -1};
		out[1] = (struct rel){"in", NULL, T_VICTIM};
		out[2] = (struct rel){"admin", NULL, T_ADMIN};
		out[3] = (struct rel){"sib", NULL, T_SIB};
		out[4] = (struct rel){"par", NULL, T_PAR};
		return 5;
	}
	out[0] = (struct rel){"-", NULL, -1};
	return 1;
}

/* ---- the tests ---- */

static void tables_are_consistent(void **state)
{
	(void)state;
	load_tables();
	for (int i = 0; i < nroutes; i++) {
		bool known = !strcmp(routes[i].action, "public");

		if (!strcmp(routes[i].action, "none"))
			fail_msg("%s %s names no action (would be refused "
				 "for everyone)",
				 routes[i].method, routes[i].pattern);
		for (int k = 0; k < nactors && !known; k++)
			known = may(&actors[k], routes[i].action);
		if (!known)
			print_message("  note: no role may %s (%s %s)\n",
				      routes[i].action, routes[i].method,
				      routes[i].pattern);
	}
	assert_string_equal(actors[0].role, "none");
}

static void unauthenticated_is_401(void **state)
{
	int n = 0;

	(void)state;
	for (int i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];
		struct ga_resp resp;
		char path[256];
		static const struct rel rel = {"-", NULL, -1};

		if (!strcmp(r->action, "public"))
			continue;
		fill_path(r->pattern, "500229212201", "1", path, sizeof(path));
		id_req(NULL, r->method, path, body_for(r, &rel), &resp);
		if (resp.status != 401 ||
		    strcmp(ga_error_code(&resp) ? ga_error_code(&resp) : "",
			   "unauthenticated"))
			fail_msg("%s %s without a session: %ld %s", r->method,
				 path, resp.status, resp.body);
		ga_resp_free(&resp);
		n++;
	}
	print_message("  %d non-public routes answer 401 without a session\n",
		      n);
	assert_true(n >= 15);
}

static void every_role_on_every_route(void **state)
{
	static char table[MAXR][MAXROLES][8];

	(void)state;
	make_actors();
	for (int i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];

		if (!strcmp(r->action, "public"))
			continue;
		for (int k = 0; k < nactors; k++) {
			struct actor *a = &actors[k];
			struct rel rels[6];
			int n;

			if (!a->scope[0])
				continue;
			n = rels_for(a, r, rels);
			for (int j = 0; j < n && j < 7; j++)
				table[i][k][j] = run_cell(a, r, &rels[j]);
			/* keep every session in use on the moving clock */
		}
	}
	print_message("\nlegend: k 2xx as expected, . 403 (no permission), n "
		      "404 (out of scope), b documented 4xx, ? unchecked "
		      "(route unknown to this test), B known bug, ! "
		      "UNEXPECTED\ncells: one character per target relation "
		      "(own,in,sib,par for {code}; own,in,admin,sib,par for "
		      "accounts/{id}; own,in,sib,par for sessions/{id})\n\n");
	print_message("%-44s", "route \\ role");
	for (int k = 0; k < nactors; k++)
		print_message(" %.5s", actors[k].role);
	print_message("\n");
	for (int i = 0; i < nroutes; i++) {
		char head[64];

		if (!strcmp(routes[i].action, "public"))
			continue;
		snprintf(
		    head, sizeof(head), "%s %s", routes[i].method,
		    routes[i].pattern +
			(strncmp(routes[i].pattern, "/api/v1", 7) ? 0 : 7));
		print_message("%-44s", head);
		for (int k = 0; k < nactors; k++)
			print_message(" %-5s", table[i][k]);
		print_message("\n");
	}
	print_message("\nunexpected 2xx: %d, other mismatches: %d, known bugs: "
		      "%d, unchecked cells: %d\n",
		      unexpected_2xx, mismatches - unexpected_2xx, known_bugs,
		      unchecked);
	assert_int_equal(unexpected_2xx, 0);
	assert_int_equal(mismatches, 0);
}

static int setup(void **state)
{
	ga_use_clock();
	return ga_group_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(tables_are_consistent),
	    cmocka_unit_test(unauthenticated_is_401),
	    cmocka_unit_test(every_role_on_every_route),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
