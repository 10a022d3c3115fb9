/*
 * Schedules, worklists, compliance and notifications (#5) through the API:
 * a director's worklist is ordered most urgent first and holds only their
 * village; a supervisor drills into a director or a village of the
 * township and no further; wrong roles get 403, other areas 404; a
 * county's override of a rule changes due dates in the county, is
 * validated and can be dropped again; compliance rows per director and
 * per township; `guanai daily` writes notifications once, however often
 * it runs (on a private database, as it looks at every child).
 *
 * Visits are written straight into the database from the test (the visit
 * endpoints are built elsewhere): the schedule only reads visit.child_id,
 * visit_date and kind. The test's area is 秀山县 (500241), which no other
 * test program uses, so counts are exact on a shared PostgreSQL too.
 */
#include "domain/idcard.h"
#include "ident.h"
#include "store/db.h"

#include <time.h>

static const char *const VILLAGE_A = "500241001001";
static const char *const VILLAGE_B = "500241001002";
static const char *const VILLAGE_C = "500241001003"; /* no director */
static const char *const TOWNSHIP = "500241001000";
static const char *const COUNTY = "500241000000";

enum { DIR_A, DIR_B, SUP, COUNTY_CIVIL, SYSADMIN, PROTECTION, NWHO };

static struct {
	const char *what, *role, *scope;
	long long id;
	struct id_sess s;
} who[NWHO] = {
    [DIR_A] = {"wdira", "director", "500241001001", 0, {{0}}},
    [DIR_B] = {"wdirb", "director", "500241001002", 0, {{0}}},
    [SUP] = {"wsup", "supervisor", "500241001000", 0, {{0}}},
    [COUNTY_CIVIL] = {"wcounty", "county_civil", "500241000000", 0, {{0}}},
    [SYSADMIN] = {"wsys", "sysadmin", "500000000000", 0, {{0}}},
    [PROTECTION] = {"wprot", "protection", "500241000000", 0, {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;
static char county_secret[64];

/* the children of village A, in the order the worklist must show them */
enum { C_OLDEST, C_OVERDUE, C_TODAY, C_SOON, C_LATER, NKIDS };
static long long kid[NKIDS];

/* ---- helpers ---- */

static struct tm today_tm(long delta_days)
{
	time_t t = ga_now() + 8 * 3600 + delta_days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm;
}

/* today + delta days (Asia/Shanghai) as YYYY-MM-DD */
static void day(long delta, char out[11])
{
	struct tm tm = today_tm(delta);
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, tmp, 11);
}

/* an ID number for birth (YYYY-MM-DD; "" → 1 January ten years ago) */
static void make_child_id(char birth[11], char out[19])
{
	struct tm tm = today_tm(0);
	int seq = (int)((seed / 7 + (unsigned long)serial++ * 2) % 998) | 1;
	char tmp[64];

	if (!birth[0]) {
		snprintf(tmp, sizeof(tmp), "%04d-01-01",
			 tm.tm_year + 1900 - 10);
		memcpy(birth, tmp, 11);
	}
	snprintf(tmp, sizeof(tmp), "5002%02lu%.4s%.2s%.2s%03d", seed % 100,
		 birth, birth + 5, birth + 8, seq);
	memcpy(out, tmp, 17);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

/* a rural left-behind boy: both parents work away, grandparents care */
static long long make_child_born(const struct id_sess *s, const char *village,
				 const char *tag, const char *born)
{
	char birth[11] = "", idn[19], name[80];
	struct ga_resp r;
	long long id;
	json_t *b;

	snprintf(birth, sizeof(birth), "%s", born);
	make_child_id(birth, idn);
	snprintf(name, sizeof(name), "周%s%s", tag, tok);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}], s:{s:s}, "
	    "s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "土家族", "rural_hukou", 1, "region", village,
	    "address", "中和街道一组", "school_status", "primary", "boarding",
	    0, "health", "healthy", "serious_illness", 0, "assistance",
	    "family", "relation", "father", "name", "周大山", "situation",
	    "migrant", "work_place", "浙江省宁波市", "relation", "mother",
	    "name", "李小红", "situation", "migrant", "work_place",
	    "广东省东莞市", "guardian", "type", "grandparents",
	    "guardianship_level", "fair");
	jreq(s, "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	assert_non_null(strstr(r.body, "left_behind"));
	ga_resp_free(&r);
	return id;
}

static long long make_child(const struct id_sess *s, const char *village,
			    const char *tag)
{
	return make_child_born(s, village, tag, "");
}

/* a visit row written straight into the database (url: which one) */
static void insert_visit_on(const char *url, long long child,
			    const char *village, long delta, const char *kind,
			    long long by)
{
	static const char sql[] =
	    "INSERT INTO visit (child_id, region, visit_date, kind, "
	    "visitor_role, created_by, created_at, updated_by, updated_at) "
	    "VALUES ($1, $2, $3, $4, 'director', $5, $6, $5, $6)";
	struct ga_error err = {0};
	struct db *db = NULL;
	struct db_stmt *st = NULL;
	char date[11], at[32];

	day(delta, date);
	snprintf(at, sizeof(at), "%sT00:00:00Z", date);
	assert_int_equal(db_open(url, &db, &err), 0);
	assert_int_equal(db_prepare(db, sql, &st), 0);
	assert_int_equal(db_bind_int64(st, 1, child), 0);
	assert_int_equal(db_bind_text(st, 2, village), 0);
	assert_int_equal(db_bind_text(st, 3, date), 0);
	assert_int_equal(db_bind_text(st, 4, kind), 0);
	assert_int_equal(db_bind_int64(st, 5, by), 0);
	assert_int_equal(db_bind_text(st, 6, at), 0);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
	db_close(db);
}

static void insert_visit(long long child, long delta)
{
	insert_visit_on(ga_db_url(), child, VILLAGE_A, delta, "regular",
			who[DIR_A].id);
}

static void get(const struct id_sess *s, const char *path, long status,
		struct ga_resp *r)
{
	id_req(s, "GET", path, NULL, r);
	GA_ASSERT_STATUS(r, status);
}

/* the worklist's visit items of our children, in the answer's order */
static int visit_order(json_t *items, long long *out, const char **urg)
{
	size_t i;
	json_t *it;
	int n = 0;

	json_array_foreach(items, i, it)
	{
		long long c = jint(it, "child_id");
		const char *reason = id_str(it, "reason");

		if (strncmp(reason, "visit_", 6))
			continue;
		for (int k = 0; k < NKIDS; k++)
			if (c == kid[k]) {
				urg[n] = id_str(it, "urgency");
				out[n++] = c;
			}
	}
	return n;
}

static json_t *item_of(json_t *items, long long child, const char *prefix)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i,
			   it) if (jint(it, "child_id") == child &&
				   !strncmp(id_str(it, "reason"), prefix,
					    strlen(prefix))) return it;
	return NULL;
}

/* ---- tests ---- */

static void accounts_log_in(void **state)
{
	char u[64];
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < NWHO; i++) {
		if (i == COUNTY_CIVIL)
			continue;
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
	}
	/* the county bureau enrols TOTP at its first login */
	assert_int_equal(id_login(id_name(u, sizeof(u), who[COUNTY_CIVIL].what),
				  ID_PASSWORD, NULL, S(COUNTY_CIVIL), &r),
			 200);
	assert_true(
	    json_is_true(json_object_get(r.json, "totp_enrollment_required")));
	ga_resp_free(&r);
	id_enrol(S(COUNTY_CIVIL), county_secret, sizeof(county_secret));
}

static void worklist_ordered_by_urgency(void **state)
{
	static const char *const tags[NKIDS] = {"甲", "乙", "丙", "丁", "戊"};
	long long order[16];
	const char *urg[16];
	struct ga_resp r;
	json_t *it;
	char today[11];

	(void)state;
	for (int k = 0; k < NKIDS; k++)
		kid[k] = make_child(S(DIR_A), VILLAGE_A, tags[k]);
	/* quarterly: 200 days ago → 110 overdue; 100 → 10 overdue; never
	 * visited → due today (registration); 85 → in 5 days; 10 → in 80 */
	insert_visit(kid[C_OLDEST], -200);
	insert_visit(kid[C_OVERDUE], -100);
	insert_visit(kid[C_SOON], -85);
	insert_visit(kid[C_LATER], -10);
	make_child(S(DIR_B), VILLAGE_B, "己");

	get(S(DIR_A), "/api/v1/worklist", 200, &r);
	assert_int_equal(
	    visit_order(json_object_get(r.json, "items"), order, urg), NKIDS);
	for (int k = 0; k < NKIDS; k++)
		assert_int_equal(order[k], kid[k]);
	assert_string_equal(urg[0], "overdue");
	assert_string_equal(urg[1], "overdue");
	assert_string_equal(urg[2], "soon");
	assert_string_equal(urg[3], "soon");
	assert_string_equal(urg[4], "later");
	it = item_of(json_object_get(r.json, "items"), kid[C_TODAY], "visit_");
	day(0, today);
	assert_string_equal(id_str(it, "due_date"), today);
	assert_false(json_is_true(json_object_get(it, "overdue")));
	assert_string_equal(id_str(it, "reason"), "visit_quarterly");
	assert_string_equal(id_str(it, "region"), VILLAGE_A);
	assert_non_null(strstr(id_str(it, "child_name"), tok));
	it = item_of(json_object_get(r.json, "items"), kid[C_OLDEST], "visit_");
	assert_true(json_is_true(json_object_get(it, "overdue")));
	/* only village A: not the child of village B */
	assert_null(strstr(r.body, "己"));
	ga_resp_free(&r);

	/* director B sees none of them */
	get(S(DIR_B), "/api/v1/worklist", 200, &r);
	assert_int_equal(
	    visit_order(json_object_get(r.json, "items"), order, urg), 0);
	assert_non_null(strstr(r.body, "己"));
	ga_resp_free(&r);
}

static void drill_down_and_scope(void **state)
{
	long long order[16];
	const char *urg[16];
	char path[160];
	struct ga_resp r;

	(void)state;
	/* the supervisor drills into director A and into village A */
	snprintf(path, sizeof(path), "/api/v1/worklist?director=%lld",
		 who[DIR_A].id);
	get(S(SUP), path, 200, &r);
	assert_int_equal(
	    visit_order(json_object_get(r.json, "items"), order, urg), NKIDS);
	assert_null(strstr(r.body, "己"));
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/worklist?region=%s", VILLAGE_A);
	get(S(SUP), path, 200, &r);
	assert_int_equal(
	    visit_order(json_object_get(r.json, "items"), order, urg), NKIDS);
	ga_resp_free(&r);
	/* the whole township holds both villages */
	get(S(SUP), "/api/v1/worklist", 200, &r);
	assert_non_null(strstr(r.body, "己"));
	ga_resp_free(&r);
	/* the county drills into the township */
	snprintf(path, sizeof(path), "/api/v1/worklist?region=%s", TOWNSHIP);
	get(S(COUNTY_CIVIL), path, 200, &r);
	assert_int_equal(
	    visit_order(json_object_get(r.json, "items"), order, urg), NKIDS);
	ga_resp_free(&r);

	/* outside scope: 404 like an absent one */
	get(S(SUP), "/api/v1/worklist?region=500229212201", 404, &r);
	ga_resp_free(&r);
	get(S(SUP), "/api/v1/worklist?region=500241000000", 404, &r);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/worklist?director=%lld",
		 who[DIR_A].id);
	get(S(DIR_B), path, 404, &r); /* director of another village */
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/worklist?director=%lld",
		 who[COUNTY_CIVIL].id); /* not a director */
	get(S(SUP), path, 404, &r);
	ga_resp_free(&r);
	get(S(SUP), "/api/v1/worklist?director=999999999", 404, &r);
	ga_resp_free(&r);
	/* malformed */
	id_req(S(SUP), "GET", "/api/v1/worklist?director=abc", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_query", "director");
	ga_resp_free(&r);
	get(S(SUP), "/api/v1/worklist?region=12", 404, &r);
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/worklist?colour=red", NULL, &r);
	assert_int_equal(r.status, 400);
	ga_resp_free(&r);
	/* wrong roles */
	get(S(SYSADMIN), "/api/v1/worklist", 403, &r);
	ga_resp_free(&r);
	get(S(PROTECTION), "/api/v1/worklist", 403, &r);
	ga_resp_free(&r);
	get(S(PROTECTION), "/api/v1/compliance", 403, &r);
	ga_resp_free(&r);
	get(NULL, "/api/v1/worklist", 401, &r);
	ga_resp_free(&r);
}

static json_t *row_for(json_t *rows, const char *key, const char *value,
		       long long id)
{
	size_t i;
	json_t *it;

	json_array_foreach(rows, i, it)
	{
		if (id && jint(it, "director_id") == id)
			return it;
		if (!id && !strcmp(id_str(it, key), value))
			return it;
	}
	return NULL;
}

static void compliance_rows(void **state)
{
	char path[160];
	struct ga_resp r;
	json_t *rows, *a, *c;

	(void)state;
	get(S(SUP), "/api/v1/compliance", 200, &r);
	assert_string_equal(id_str(r.json, "level"), "township");
	rows = json_object_get(r.json, "rows");
	a = row_for(rows, NULL, NULL, who[DIR_A].id);
	assert_non_null(a);
	assert_string_equal(id_str(a, "level"), "director");
	assert_int_equal(jint(a, "children"), NKIDS);
	assert_int_equal(jint(a, "overdue"), 2);
	/* registered today, after the visits written into the past: the
	 * first occurrence (registration day) is on time for all four
	 * visited; the 10-days-late one is due and late; the 110-days-late
	 * one lies before the 90 days; the never-visited one is not late */
	assert_int_equal(jint(a, "visits_due"), 5);
	assert_int_equal(jint(a, "on_time"), 4);
	assert_int_equal(jint(a, "stale"), 0);
	assert_int_equal(jint(json_object_get(a, "drill"), "director"),
			 who[DIR_A].id);
	assert_non_null(row_for(rows, NULL, NULL, who[DIR_B].id));
	c = row_for(rows, "region", VILLAGE_C, 0);
	assert_non_null(c);
	assert_string_equal(id_str(c, "level"), "village");
	assert_int_equal(jint(c, "children"), 0);
	ga_resp_free(&r);

	/* the county: one row per township, drilling into ours */
	get(S(COUNTY_CIVIL), "/api/v1/compliance", 200, &r);
	assert_string_equal(id_str(r.json, "level"), "county");
	a = row_for(json_object_get(r.json, "rows"), "region", TOWNSHIP, 0);
	assert_non_null(a);
	assert_string_equal(id_str(a, "level"), "township");
	assert_int_equal(jint(a, "children"), NKIDS + 1);
	assert_int_equal(jint(a, "overdue"), 2);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/compliance?region=%s", TOWNSHIP);
	get(S(COUNTY_CIVIL), path, 200, &r);
	assert_non_null(row_for(json_object_get(r.json, "rows"), NULL, NULL,
				who[DIR_A].id));
	ga_resp_free(&r);

	/* a longer period reaches the 110-days-late one */
	{
		char from[11];

		day(-400, from);
		snprintf(path, sizeof(path), "/api/v1/compliance?from=%s",
			 from);
	}
	get(S(SUP), path, 200, &r);
	a = row_for(json_object_get(r.json, "rows"), NULL, NULL, who[DIR_A].id);
	/* now the 110-days-late occurrence counts too */
	assert_int_equal(jint(a, "visits_due"), 6);
	assert_int_equal(jint(a, "on_time"), 4);
	ga_resp_free(&r);

	/* out of scope, bad period, wrong role */
	snprintf(path, sizeof(path), "/api/v1/compliance?region=%s", COUNTY);
	get(S(SUP), path, 404, &r);
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/compliance?from=2026-02-30", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "from");
	ga_resp_free(&r);
	id_req(S(SUP), "GET",
	       "/api/v1/compliance?from=2020-01-01&to=2019-01-01", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_period", "from");
	ga_resp_free(&r);
	get(S(SYSADMIN), "/api/v1/compliance", 403, &r);
	ga_resp_free(&r);
}

static void put_rule(const struct id_sess *s, json_t *body, long status,
		     const char *code, const char *field)
{
	struct ga_resp r;

	jreq(s, "PUT", "/api/v1/schedule", body, &r);
	if (code)
		GA_ASSERT_ERROR(&r, status, code, field);
	else
		GA_ASSERT_STATUS(&r, status);
	ga_resp_free(&r);
}

static const char *urgency_of(const struct id_sess *s, long long child)
{
	static char out[16];
	struct ga_resp r;

	get(s, "/api/v1/worklist", 200, &r);
	snprintf(
	    out, sizeof(out), "%s",
	    id_str(item_of(json_object_get(r.json, "items"), child, "visit_"),
		   "urgency"));
	ga_resp_free(&r);
	return out;
}

static void county_override(void **state)
{
	struct ga_resp r;
	json_t *rules, *it;
	size_t i;
	bool seen = false;

	(void)state;
	get(S(COUNTY_CIVIL), "/api/v1/schedule", 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "may_manage")));
	rules = json_object_get(r.json, "rules");
	assert_true(json_array_size(rules) >= 20);
	json_array_foreach(rules, i, it) if (!strcmp(id_str(it, "key"),
						     "category:left_behind"))
	{
		assert_int_equal(jint(it, "interval_days"), 90);
		assert_false(json_is_true(json_object_get(it, "own")));
		seen = true;
	}
	assert_true(seen);
	ga_resp_free(&r);
	assert_string_equal(urgency_of(S(DIR_A), kid[C_SOON]), "soon");

	/* monthly for left-behind children in the county: the one visited
	 * 85 days ago is now 55 days late, the one of 10 days ago soon-ish */
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i}", "key", "category:left_behind",
			   "interval_days", 30),
		 200, NULL, NULL);
	assert_string_equal(urgency_of(S(DIR_A), kid[C_SOON]), "overdue");
	assert_string_equal(urgency_of(S(DIR_A), kid[C_LATER]), "later");
	get(S(DIR_A), "/api/v1/schedule", 200, &r);
	assert_false(json_is_true(json_object_get(r.json, "may_manage")));
	json_array_foreach(json_object_get(r.json, "rules"), i, it)
	{
		if (strcmp(id_str(it, "key"), "category:left_behind"))
			continue;
		/* the director sees the county's rule, inherited */
		assert_int_equal(jint(it, "interval_days"), 30);
		assert_string_equal(id_str(it, "scope"), "500241");
		assert_false(json_is_true(json_object_get(it, "own")));
	}
	ga_resp_free(&r);
	get(S(COUNTY_CIVIL), "/api/v1/schedule", 200, &r);
	json_array_foreach(json_object_get(r.json, "rules"), i, it)
	{
		if (strcmp(id_str(it, "key"), "category:left_behind"))
			continue;
		assert_true(json_is_true(json_object_get(it, "own")));
		assert_int_equal(
		    jint(json_object_get(it, "inherited"), "interval_days"),
		    90);
	}
	ga_resp_free(&r);
	/* the holiday window moves */
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:s, s:s}", "key",
			   "holiday:difficult_poverty", "window_start", "12-20",
			   "window_end", "02-20"),
		 200, NULL, NULL);

	/* invalid overrides: nothing written */
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i}", "key", "category:left_behind",
			   "interval_days", 6),
		 400, "invalid_interval", "interval_days");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i}", "key", "category:left_behind",
			   "interval_days", 401),
		 400, "invalid_interval", "interval_days");
	put_rule(S(COUNTY_CIVIL), json_pack("{s:s}", "key", "recheck"), 400,
		 "invalid_interval", "interval_days");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i}", "key", "category:rich",
			   "interval_days", 30),
		 400, "invalid_key", "key");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i, s:s, s:s}", "key",
			   "holiday:orphan_dispersed", "interval_days", 30,
			   "window_start", "01-10", "window_end", "02-28"),
		 400, "invalid_interval", "interval_days");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:s, s:s}", "key", "holiday:orphan_dispersed",
			   "window_start", "13-01", "window_end", "02-28"),
		 400, "invalid_window", "window_start");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:s}", "key", "holiday:orphan_dispersed",
			   "window_start", "01-10"),
		 400, "invalid_window", "window_end");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i, s:s}", "key", "key_flag:ill",
			   "interval_days", 14, "window_start", "01-10"),
		 400, "invalid_window", "window_start");
	put_rule(S(COUNTY_CIVIL),
		 json_pack("{s:s, s:i, s:s}", "key", "key_flag:ill",
			   "interval_days", 14, "colour", "red"),
		 400, NULL, NULL);
	assert_string_equal(urgency_of(S(DIR_A), kid[C_SOON]), "overdue");
	/* wrong roles */
	put_rule(S(SUP),
		 json_pack("{s:s, s:i}", "key", "category:left_behind",
			   "interval_days", 60),
		 403, NULL, NULL);
	put_rule(S(DIR_A),
		 json_pack("{s:s, s:i}", "key", "category:left_behind",
			   "interval_days", 60),
		 403, NULL, NULL);

	/* drop the override: back to the inherited quarterly rule */
	id_req(S(COUNTY_CIVIL), "DELETE",
	       "/api/v1/schedule?key=category:left_behind", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	assert_string_equal(urgency_of(S(DIR_A), kid[C_SOON]), "soon");
	id_req(S(COUNTY_CIVIL), "DELETE",
	       "/api/v1/schedule?key=category:left_behind", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", "key");
	ga_resp_free(&r);
	id_req(S(COUNTY_CIVIL), "DELETE",
	       "/api/v1/schedule?key=holiday:difficult_poverty", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	id_req(S(COUNTY_CIVIL), "DELETE", "/api/v1/schedule", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_query", "key");
	ga_resp_free(&r);
}

static int run_cmd(const char *const argv[], char **out)
{
	int rc = ga_run(argv, NULL, out);

	if (rc)
		print_message("%s %s: %d %s\n", argv[0], argv[1], rc,
			      *out ? *out : "");
	return rc;
}

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

static long daily(const char *url, const char *today)
{
	const char *argv[] = {ga_bin(),	 "daily", "--db", url,
			      "--today", today,	  NULL};
	char *out = NULL;
	long added;

	assert_int_equal(run_cmd(argv, &out), 0);
	added = number_before(strstr(out, "notifications"), "added");
	free(out);
	return added;
}

static void notifications_once(void **state)
{
	const char *tmp =
	    getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp";
	char url[600], name[64], path[400], u[64], when[11];
	struct id_sess dir, sup, other;
	long long dir_id, child, ageing, note_id = 0;
	struct ga_resp r;
	json_t *items, *it;
	size_t i;
	int port, pid;

	(void)state;
	snprintf(name, sizeof(name), "wl_notes_%ld", (long)getpid());
	if (ga_db_is_pg()) {
		char create[128];
		const char *argv[] = {"psql", ga_db_url(), "-AtXq",
				      "-c",   create,	   NULL};
		char *out = NULL;

		snprintf(create, sizeof(create), "CREATE DATABASE %s", name);
		assert_int_equal(run_cmd(argv, &out), 0);
		free(out);
		id_pg_url_with_db(name, url, sizeof(url));
	} else {
		snprintf(path, sizeof(path), "%s/%s.db", tmp, name);
		unlink(path);
		snprintf(url, sizeof(url), "sqlite:%s", path);
	}
	{
		const char *argv[] = {ga_bin(), "init", "--db", url, NULL};
		char *out = NULL;

		assert_int_equal(run_cmd(argv, &out), 0);
		free(out);
	}
	dir_id = id_user_add_db(url, id_name(u, sizeof(u), "ndir"), "director",
				VILLAGE_A, ID_PASSWORD, false);
	assert_true(dir_id > 0);
	assert_true(id_user_add_db(url, id_name(u, sizeof(u), "nsup"),
				   "supervisor", TOWNSHIP, ID_PASSWORD,
				   false) > 0);
	assert_true(id_user_add_db(url, id_name(u, sizeof(u), "nother"),
				   "director", VILLAGE_B, ID_PASSWORD,
				   false) > 0);
	assert_int_equal(ga_extra_server_start(url, &port, &pid), 0);
	ga_use_port(port);
	id_must_login(id_name(u, sizeof(u), "ndir"), ID_PASSWORD, NULL, &dir);
	id_must_login(id_name(u, sizeof(u), "nsup"), ID_PASSWORD, NULL, &sup);
	id_must_login(id_name(u, sizeof(u), "nother"), ID_PASSWORD, NULL,
		      &other);
	child = make_child(&dir, VILLAGE_A, "庚");
	insert_visit_on(url, child, VILLAGE_A, -100, "regular", dir_id);
	/* a left-behind child turning 16 in 20 days, visited yesterday */
	{
		struct tm tm = today_tm(20);
		char born[11], bt[32];

		snprintf(bt, sizeof(bt), "%04d-%02d-%02d",
			 tm.tm_year + 1900 - 16, tm.tm_mon + 1, tm.tm_mday);
		memcpy(born, bt, 11);
		ageing = make_child_born(&dir, VILLAGE_A, "辛", born);
		insert_visit_on(url, ageing, VILLAGE_A, -1, "regular", dir_id);
	}

	/* twice the same day, then once more: one notification each */
	day(0, when);
	/* director: overdue visit and ageing out; supervisor: summary */
	assert_int_equal(daily(url, when), 3);
	assert_int_equal(daily(url, when), 0);
	day(1, when);
	/* the same overdue visit: nothing new for the director; a new
	 * daily summary for the supervisor */
	assert_int_equal(daily(url, when), 1);

	get(&dir, "/api/v1/notifications", 200, &r);
	assert_int_equal(jint(r.json, "unread"), 2);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	json_array_foreach(items, i, it)
	{
		if (!strcmp(id_str(it, "kind"), "visit_overdue")) {
			assert_int_equal(jint(it, "child_id"), child);
			note_id = jint(it, "id");
		} else {
			assert_string_equal(id_str(it, "kind"), "ageing_out");
			assert_int_equal(jint(it, "child_id"), ageing);
		}
	}
	assert_true(note_id > 0);
	/* no personal data in it */
	assert_null(strstr(r.body, tok));
	ga_resp_free(&r);

	get(&sup, "/api/v1/notifications", 200, &r);
	assert_int_equal(jint(r.json, "unread"), 2);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		assert_string_equal(id_str(it, "kind"),
				    "visits_overdue_summary");
		assert_int_equal(jint(it, "count"), 1);
		assert_true(json_is_null(json_object_get(it, "child_id")));
	}
	ga_resp_free(&r);
	get(&other, "/api/v1/notifications", 200, &r);
	assert_int_equal(jint(r.json, "unread"), 0);
	ga_resp_free(&r);

	/* read: own only */
	snprintf(path, sizeof(path), "/api/v1/notifications/%lld/read",
		 note_id);
	id_req(&other, "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(&dir, "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	id_req(&dir, "POST", "/api/v1/notifications/99999999/read", NULL, &r);
	assert_int_equal(r.status, 404);
	ga_resp_free(&r);
	get(&dir, "/api/v1/notifications", 200, &r);
	assert_int_equal(jint(r.json, "unread"), 1);
	/* unread first: the one just read comes last */
	it = json_array_get(json_object_get(r.json, "items"), 1);
	assert_int_equal(jint(it, "id"), note_id);
	assert_true(json_is_true(json_object_get(it, "read")));
	ga_resp_free(&r);

	ga_use_port(0);
	assert_int_equal(ga_extra_server_stop(pid), 0);
	if (ga_db_is_pg()) {
		char drop[128];
		const char *argv[] = {"psql", ga_db_url(), "-AtXq",
				      "-c",   drop,	   NULL};
		char *out = NULL;

		snprintf(drop, sizeof(drop), "DROP DATABASE %s", name);
		run_cmd(argv, &out);
		free(out);
	} else {
		unlink(path);
	}
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "W%lu", seed % 100000000UL);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++) {
		who[i].id =
		    id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false);
		if (who[i].id <= 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(worklist_ordered_by_urgency),
	    cmocka_unit_test(drill_down_and_scope),
	    cmocka_unit_test(compliance_rows),
	    cmocka_unit_test(county_override),
	    cmocka_unit_test(notifications_once),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
