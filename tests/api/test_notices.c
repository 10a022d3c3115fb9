/*
 * Notices from other departments (issue 6) through the API: the police
 * register a parent missing (the dossier records it through the child
 * service, with history; bad input, wrong role, another county); the
 * justice bureau records a parent imprisoned with minor children, whose
 * dossiers are found (by ID number, or by name, birth date and village) or
 * created in the right village, with the village's directors notified
 * (bad input, wrong role, a village outside the county); and, on a private
 * database, the 6-month rule: `guanai daily` re-derives the child (de facto
 * unsupported) and notifies county_civil once, strictly after 6 months.
 */
#include "domain/idcard.h"
#include "ident.h"
#include "store/db.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */
static const char *const COUNTY = "500229000000";    /* 城口县 */

enum { DIR_A, DIR_B, POLICE, POLICE_FAR, JUSTICE, NWHO };

static struct {
	const char *what, *role, *scope;
	struct id_sess s;
} who[NWHO] = {
    [DIR_A] = {"ndira", "director", "500229212201", {{0}}},
    [DIR_B] = {"ndirb", "director", "500229212202", {{0}}},
    [POLICE] = {"npolice", "police", "500229000000", {{0}}},
    [POLICE_FAR] = {"npolicefar", "police", "500101000000", {{0}}},
    [JUSTICE] = {"njustice", "justice", "500229000000", {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;

/* the server's today plus delta days, and months (Asia/Shanghai) */
static void day(int delta, char out[11])
{
	time_t t = ga_now() + 8 * 3600 + (time_t)delta * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void make_child_id(char birth[11], char out[19])
{
	time_t t = ga_now() + 8 * 3600;
	struct tm tm;
	int seq = (int)((seed / 7 + (unsigned long)serial++ * 2) % 998) | 1;
	char tmp[64];

	gmtime_r(&t, &tm);
	snprintf(tmp, sizeof(tmp), "%04d-01-01", tm.tm_year + 1900 - 10);
	memcpy(birth, tmp, 11);
	snprintf(tmp, sizeof(tmp), "5002%02lu%.4s0101%03d", seed % 100, birth,
		 seq);
	memcpy(out, tmp, 17);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

/* a boy of village; the father's situation as given (since 2 years) */
static long long make_child(const struct id_sess *s, const char *village,
			    const char *name, const char *father, char idn[19])
{
	char birth[11], since[11], until[11];
	struct ga_resp r;
	long long id;
	json_t *b;

	make_child_id(birth, idn);
	day(-730, since);
	day(730, until);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s}], s:{s:s}, "
	    "s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "土家族", "rural_hukou", 1, "region", village,
	    "address", "鸡鸣乡三组", "school_status", "primary", "boarding", 0,
	    "health", "healthy", "serious_illness", 0, "assistance", "family",
	    "relation", "father", "name", "王大山", "situation", father,
	    "since", since, "until", until, "relation", "mother", "name",
	    "李小红", "situation", "home", "guardian", "type", "relative",
	    "guardianship_level", "fair");
	if (strcmp(father, "prison")) {
		json_t *f = json_array_get(json_object_get(b, "family"), 0);

		json_object_del(f, "since");
		json_object_del(f, "until");
	}
	jreq(s, "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

static void missing(const struct id_sess *s, long long child, json_t *b,
		    struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path),
		 "/api/v1/children/%lld/notices/missing-parent", child);
	jreq(s, "POST", path, b, r);
}

static json_t *missing_body(const char *rel, const char *accepted)
{
	return json_pack("{s:s, s:s}", "relation", rel, "police_accepted",
			 accepted);
}

/* the family member of relation in the dossier (a copy, caller frees) */
static json_t *member(const struct id_sess *s, long long child, const char *rel)
{
	char path[64];
	struct ga_resp r;
	json_t *it, *out = NULL;
	size_t i;

	snprintf(path, sizeof(path), "/api/v1/children/%lld", child);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "family"), i, it)
	{
		if (!strcmp(id_str(it, "relation"), rel))
			out = json_deep_copy(it);
	}
	ga_resp_free(&r);
	assert_non_null(out);
	return out;
}

static void accounts_log_in(void **state)
{
	char u[64];

	(void)state;
	for (int i = 0; i < NWHO; i++)
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
}

static void police_missing_parent(void **state)
{
	char name[64], idn[19], accepted[11], future[11], path[96];
	struct ga_resp r;
	long long child;
	json_t *m;

	(void)state;
	snprintf(name, sizeof(name), "失联%s", tok);
	child = make_child(S(DIR_A), VILLAGE_A, name, "home", idn);
	day(-10, accepted);
	missing(S(POLICE), child, missing_body("mother", accepted), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_true(json_is_array(json_object_get(r.json, "categories")));
	ga_resp_free(&r);
	m = member(S(DIR_A), child, "mother");
	assert_string_equal(id_str(m, "situation"), "missing");
	assert_string_equal(id_str(m, "police_accepted"), accepted);
	json_decref(m);
	/* the history names the change */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/history", child);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_non_null(strstr(r.body, "police_accepted"));
	ga_resp_free(&r);

	/* bad input: nothing changes */
	missing(S(POLICE), child, missing_body("uncle", accepted), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_relation", "relation");
	ga_resp_free(&r);
	missing(S(POLICE), child, missing_body("father", "2025-13-01"), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "police_accepted");
	ga_resp_free(&r);
	day(5, future);
	missing(S(POLICE), child, missing_body("father", future), &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	missing(S(POLICE), child, json_pack("{s:s}", "relation", "father"), &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	/* wrong role, another county, absent */
	missing(S(DIR_A), child, missing_body("father", accepted), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	missing(S(JUSTICE), child, missing_body("father", accepted), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	missing(S(POLICE_FAR), child, missing_body("father", accepted), &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	missing(S(POLICE), 999999999, missing_body("father", accepted), &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	m = member(S(DIR_A), child, "father");
	assert_string_equal(id_str(m, "situation"), "home");
	json_decref(m);
}

static json_t *justice_body(json_t *children)
{
	char since[11], until[11];

	day(-20, since);
	day(700, until);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "parent_name",
			 "赵服刑", "relation", "father", "situation", "prison",
			 "since", since, "until", until, "children", children);
}

static json_t *kid(const char *name, const char *idn, const char *birth,
		   const char *village)
{
	json_t *k = json_pack("{s:s, s:s, s:s}", "name", name, "birth_date",
			      birth, "village", village);

	if (idn)
		json_object_set_new(k, "id_number", json_string(idn));
	return k;
}

static void justice(json_t *body, int want, struct ga_resp *r)
{
	jreq(S(JUSTICE), "POST", "/api/v1/notices/justice", body, r);
	GA_ASSERT_STATUS(r, want);
}

static bool notified(const struct id_sess *s, const char *kind, long long child)
{
	struct ga_resp r;
	json_t *it;
	size_t i;
	bool seen = false;

	id_req(s, "GET", "/api/v1/notifications", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it) seen =
	    seen || (!strcmp(id_str(it, "kind"), kind) &&
		     jint(it, "child_id") == child);
	ga_resp_free(&r);
	return seen;
}

static bool on_worklist(const struct id_sess *s, long long child)
{
	struct ga_resp r;
	json_t *it;
	size_t i;
	bool seen = false;

	id_req(s, "GET", "/api/v1/worklist", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it) seen =
	    seen || (!strcmp(id_str(it, "reason"), "justice_notice_visit") &&
		     jint(it, "child_id") == child);
	ga_resp_free(&r);
	return seen;
}

static void justice_finds_or_creates(void **state)
{
	char name_a[64], name_b[64], name_c[64], idn_a[19], idn_b[19],
	    idn_c[19];
	char birth[11];
	struct ga_resp r;
	long long known, named, made;
	json_t *res, *m;

	(void)state;
	snprintf(name_a, sizeof(name_a), "赵甲%s", tok);
	snprintf(name_b, sizeof(name_b), "赵乙%s", tok);
	snprintf(name_c, sizeof(name_c), "赵丙%s", tok);
	known = make_child(S(DIR_A), VILLAGE_A, name_a, "home", idn_a);
	named = make_child(S(DIR_A), VILLAGE_A, name_c, "home", idn_c);
	make_child_id(birth, idn_b);

	/* by ID number, by name and birth date, and a new one in B */
	justice(justice_body(json_pack("[o, o, o]",
				       kid(name_a, idn_a, birth, VILLAGE_A),
				       kid(name_c, NULL, birth, VILLAGE_A),
				       kid(name_b, idn_b, birth, VILLAGE_B))),
		200, &r);
	res = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(res), 3);
	assert_int_equal(jint(json_array_get(res, 0), "child_id"), known);
	assert_string_equal(id_str(json_array_get(res, 0), "result"), "found");
	assert_int_equal(jint(json_array_get(res, 1), "child_id"), named);
	assert_string_equal(id_str(json_array_get(res, 1), "result"), "found");
	assert_string_equal(id_str(json_array_get(res, 2), "result"),
			    "created");
	made = jint(json_array_get(res, 2), "child_id");
	assert_true(made > 0);
	ga_resp_free(&r);

	m = member(S(DIR_A), known, "father");
	assert_string_equal(id_str(m, "situation"), "prison");
	json_decref(m);
	m = member(S(DIR_B), made, "father");
	assert_string_equal(id_str(m, "situation"), "prison");
	assert_string_equal(id_str(m, "name"), "赵服刑");
	json_decref(m);
	/* the directors get a visit to make; another village's do not */
	assert_true(notified(S(DIR_A), "justice_notice", known));
	assert_true(notified(S(DIR_B), "justice_notice", made));
	assert_false(notified(S(DIR_B), "justice_notice", known));
	/* and the visit waits on their worklist */
	assert_true(on_worklist(S(DIR_B), made));
	assert_true(on_worklist(S(DIR_A), known));
	assert_false(on_worklist(S(DIR_A), made));
	/* a visit on or after the notice's day takes it off */
	{
		char path[64], today[11];
		struct ga_resp v;

		day(0, today);
		snprintf(path, sizeof(path), "/api/v1/children/%lld/visits",
			 made);
		jreq(S(DIR_B), "POST", path,
		     json_pack("{s:s, s:s, s:[s], s:s, s:{s:{s:s}}}", "date",
			       today, "kind", "follow_up", "met", "child",
			       "contact", "rarely", "findings", "guardianship",
			       "level", "fair"),
		     &v);
		GA_ASSERT_STATUS(&v, 201);
		ga_resp_free(&v);
		assert_false(on_worklist(S(DIR_B), made));
	}
	{
		char path[64];

		snprintf(path, sizeof(path), "/api/v1/children/%lld", made);
		id_req(S(DIR_A), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 404);
		ga_resp_free(&r);
	}

	/* the same notice again: all found, none made twice */
	justice(justice_body(
		    json_pack("[o]", kid(name_b, idn_b, birth, VILLAGE_B))),
		200, &r);
	res = json_object_get(r.json, "children");
	assert_int_equal(jint(json_array_get(res, 0), "child_id"), made);
	assert_string_equal(id_str(json_array_get(res, 0), "result"), "found");
	ga_resp_free(&r);
}

static void justice_bad_input(void **state)
{
	char birth[11], idn[19], name[64];
	struct ga_resp r;
	json_t *b;

	(void)state;
	make_child_id(birth, idn);
	snprintf(name, sizeof(name), "无号%s", tok);
	/* unknown and without an ID number: nothing can be made */
	justice(
	    justice_body(json_pack("[o]", kid(name, NULL, birth, VILLAGE_A))),
	    400, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "children[0].id_number");
	ga_resp_free(&r);
	justice(justice_body(
		    json_pack("[o]", kid(name, idn, birth, "500101001001"))),
		400, &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_scope", "children[0].village");
	ga_resp_free(&r);
	justice(
	    justice_body(json_pack("[o]", kid(name, "123", birth, VILLAGE_A))),
	    400, &r);
	ga_resp_free(&r);
	justice(justice_body(
		    json_pack("[o]", kid(name, idn, "2020-02-30", VILLAGE_A))),
		400, &r);
	ga_resp_free(&r);
	justice(justice_body(json_array()), 400, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_children", "children");
	ga_resp_free(&r);
	b = justice_body(json_pack("[o]", kid(name, idn, birth, VILLAGE_A)));
	json_object_set_new(b, "situation", json_string("holiday"));
	justice(b, 400, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_situation", "situation");
	ga_resp_free(&r);
	b = justice_body(json_pack("[o]", kid(name, idn, birth, VILLAGE_A)));
	json_object_set_new(b, "colour", json_string("red"));
	justice(b, 400, &r);
	ga_resp_free(&r);
	b = json_array();
	for (int i = 0; i < 11; i++)
		json_array_append_new(b, kid(name, idn, birth, VILLAGE_A));
	justice(justice_body(b), 400, &r);
	ga_resp_free(&r);
	/* the second child fails: the first is not written either */
	{
		char idn2[19], b2[11];

		make_child_id(b2, idn2);
		justice(justice_body(json_pack(
			    "[o, o]", kid(name, idn2, birth, VILLAGE_A),
			    kid(name, NULL, "2019-05-05", VILLAGE_A))),
			400, &r);
		ga_resp_free(&r);
		id_req(S(DIR_A), "GET", "/api/v1/children?limit=200", NULL, &r);
		assert_null(strstr(r.body, name));
		ga_resp_free(&r);
	}
	/* wrong roles */
	jreq(S(DIR_A), "POST", "/api/v1/notices/justice",
	     justice_body(json_pack("[o]", kid(name, idn, birth, VILLAGE_A))),
	     &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	jreq(S(POLICE), "POST", "/api/v1/notices/justice",
	     justice_body(json_pack("[o]", kid(name, idn, birth, VILLAGE_A))),
	     &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
}

/* ---- the 6-month rule with guanai daily, on a private database ---- */

static long daily_missing(const char *url, const char *today)
{
	const char *argv[] = {ga_bin(),	 "daily", "--db", url,
			      "--today", today,	  NULL};
	char *out = NULL;
	const char *p;
	long n;

	assert_int_equal(ga_run(argv, NULL, &out), 0);
	p = out ? strstr(out, " missing parents") : NULL;
	assert_non_null(p);
	while (p[-1] >= '0' && p[-1] <= '9')
		p--;
	n = strtol(p, NULL, 10);
	free(out);
	return n;
}

static long long count_sql(const char *url, const char *sql, long long arg)
{
	struct db *conn = NULL;
	struct db_stmt *st = NULL;
	long long n = -1;

	assert_int_equal(db_open(url, &conn, NULL), GA_OK);
	assert_int_equal(db_prepare(conn, sql, &st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, arg), GA_OK);
	if (db_step(st) == GA_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	db_close(conn);
	return n;
}

/* the day `months` months after accepted, plus `days` days */
static void after(const char *accepted, int months, int days, char out[11])
{
	struct tm tm = {0};

	sscanf(accepted, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon += months - 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	{
		time_t t = timegm(&tm);

		gmtime_r(&t, &tm);
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void missing_six_months(void **state)
{
	static struct id_private_db pdb;
	const char *url = pdb.url;
	char u[64], idn[19], accepted[11], when[11];
	struct id_sess dir, pol;
	long long civil, child;
	struct ga_resp r;
	int port, pid;
	static const char unsupported[] =
	    "SELECT COUNT(*) FROM child WHERE id = $1 AND categories LIKE "
	    "'%de_facto_unsupported%'";
	static const char notes[] =
	    "SELECT COUNT(*) FROM notification WHERE account_id = $1 AND kind "
	    "= 'missing_parent_6m'";

	(void)state;
	id_private_db_open(&pdb, "notice_daily");
	assert_true(id_user_add_db(url, id_name(u, sizeof(u), "mdir"),
				   "director", VILLAGE_A, ID_PASSWORD,
				   false) > 0);
	assert_true(id_user_add_db(url, id_name(u, sizeof(u), "mpol"), "police",
				   COUNTY, ID_PASSWORD, false) > 0);
	civil = id_user_add_db(url, id_name(u, sizeof(u), "mcivil"),
			       "county_civil", COUNTY, ID_PASSWORD, false);
	assert_true(civil > 0);
	assert_int_equal(ga_extra_server_start(url, &port, &pid), 0);
	ga_use_port(port);
	id_must_login(id_name(u, sizeof(u), "mdir"), ID_PASSWORD, NULL, &dir);
	id_must_login(id_name(u, sizeof(u), "mpol"), ID_PASSWORD, NULL, &pol);
	/* the father in prison for two years already; the mother goes
	 * missing: de facto unsupported once she has been for 6 months */
	child = make_child(&dir, VILLAGE_A, "六个月", "prison", idn);
	/* the 15th: "6 months later" is the same day, with no clamping */
	day(-150, accepted);
	accepted[8] = '1';
	accepted[9] = '5';
	missing(&pol, child, missing_body("mother", accepted), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	assert_int_equal(count_sql(url, unsupported, child), 0);

	day(0, when);
	assert_int_equal(daily_missing(url, when), 0);
	after(accepted, 6, 0, when); /* exactly 6 months: not yet */
	assert_int_equal(daily_missing(url, when), 0);
	assert_int_equal(count_sql(url, unsupported, child), 0);
	after(accepted, 6, 1, when);
	assert_int_equal(daily_missing(url, when), 1);
	assert_int_equal(count_sql(url, unsupported, child), 1);
	assert_int_equal(count_sql(url, notes, civil), 1);
	after(accepted, 6, 2, when);
	assert_int_equal(daily_missing(url, when), 0);
	assert_int_equal(count_sql(url, notes, civil), 1);

	ga_use_port(0);
	assert_int_equal(ga_extra_server_stop(pid), 0);
	id_private_db_drop(&pdb);
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "N%lu", seed % 100000000UL);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++)
		if (id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false) <= 0)
			return -1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(police_missing_parent),
	    cmocka_unit_test(justice_finds_or_creates),
	    cmocka_unit_test(justice_bad_input),
	    cmocka_unit_test(missing_six_months),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
