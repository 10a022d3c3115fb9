/*
 * Children's centres (儿童之家, POLICY.md A2.5, A3.6) through the API: a
 * director sets up their own village's centre and no other; a supervisor
 * any of their township's, and sees which villages have none; the county
 * reads; other roles are refused as the matrix says. Versions (409), bad
 * input (400, field named), the activity log newest first with keyset
 * paging, photos (real PNG bytes accepted; text 415; oversize 413; at most
 * six), and no manager name, phone or note in the SQLite file.
 *
 * Accounts come from the CLI (ident.h); names carry the run's prefix.
 */
#include "ident.h"

#include <time.h>

static const char *const V1 = "500229212201"; /* 茶坪村 */
static const char *const V4 = "500229212204";
static const char *const V5 = "500229212205";
static const char *const TOWNSHIP = "500229212000"; /* 鸡鸣乡 */
static const char *const COUNTY = "500229000000";   /* 城口县 */

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
	char secret[64];
};

enum { DIR1, DIR5, SUP, CIVIL, POLICE, SYSADM, AUDITOR, NWHO };

static struct who who[NWHO] = {
    [DIR1] = {"dir1", "director", "500229212201", {{0}}, ""},
    [DIR5] = {"dir5", "director", "500229212205", {{0}}, ""},
    [SUP] = {"sup", "supervisor", "500229212000", {{0}}, ""},
    [CIVIL] = {"civil", "county_civil", "500229000000", {{0}}, ""},
    [POLICE] = {"police", "police", "500229000000", {{0}}, ""},
    [SYSADM] = {"sysadm", "sysadmin", "500229000000", {{0}}, ""},
    [AUDITOR] = {"auditor", "auditor", "500229000000", {{0}}, ""},
};

#define S(i) (&who[i].s)

/* a 1×1 PNG, the smallest real picture */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static const char MANAGER[] = "覃桂英管理员";
static const char PHONE[] = "13987654321";
static const char NOTE[] = "留守儿童读书分享会，讲了安全知识";

static long long centre5, act_today, photo1;

/* ---- helpers ---- */

/* the server's today, minus `back` days, as YYYY-MM-DD */
static void day(int back, char out[11])
{
	time_t t = ga_now() + 8 * 3600 - (time_t)back * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static json_t *centre_body(const char *name)
{
	return json_pack(
	    "{s:s, s:s, s:[{s:[i,i,i,i,i], s:s, s:s}, {s:[i], s:s, s:s}], "
	    "s:[s,s,s], s:s, s:s}",
	    "name", name, "address", "村委会二楼", "opening_hours", "days", 1,
	    2, 3, 4, 5, "from", "16:00", "to", "18:00", "days", 6, "from",
	    "09:00", "to", "11:30", "facilities", "reading_corner",
	    "activity_room", "first_aid", "manager_name", MANAGER,
	    "manager_phone", PHONE);
}

static void put_centre(const struct id_sess *s, const char *village,
		       json_t *body, struct ga_resp *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/villages/%s/centre", village);
	jreq(s, "PUT", path, body, r);
}

static void get_centre(const struct id_sess *s, const char *village,
		       struct ga_resp *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/villages/%s/centre", village);
	id_req(s, "GET", path, NULL, r);
}

static json_t *activity_body(const char *date, const char *kind, int n)
{
	return json_pack("{s:s, s:s, s:i, s:i, s:s}", "activity_date", date,
			 "kind", kind, "participants", n, "children_count",
			 n > 2 ? n - 2 : n, "note", NOTE);
}

static void post_activity(const struct id_sess *s, long long centre,
			  json_t *body, struct ga_resp *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/centres/%lld/activities", centre);
	jreq(s, "POST", path, body, r);
}

static void upload(const struct id_sess *s, long long act, const char *ct,
		   const void *data, size_t len, struct ga_resp *r)
{
	char path[96], cookie[260], csrf[120], type[80];
	const char *h[4] = {cookie, csrf, type, NULL};

	snprintf(path, sizeof(path), "/api/v1/centre-activities/%lld/photos",
		 act);
	snprintf(cookie, sizeof(cookie), "Cookie: %s", s->cookie);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", s->csrf);
	snprintf(type, sizeof(type), "Content-Type: %s", ct);
	assert_int_equal(ga_http("POST", path, h, data, len, r), 0);
}

static bool has_code(json_t *list, const char *code)
{
	json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
	{
		const char *c = json_string_value(json_object_get(v, "code"));

		if (!c)
			c = json_string_value(json_object_get(v, "region"));
		if (c && !strcmp(c, code))
			return true;
	}
	return false;
}

/* ---- accounts ---- */

static void log_in(struct who *w)
{
	char u[64];
	struct ga_resp r;

	id_name(u, sizeof(u), w->what);
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &w->s, &r), 200);
	if (json_is_true(json_object_get(r.json, "totp_enrollment_required")))
		id_enrol(&w->s, w->secret, sizeof(w->secret));
	ga_resp_free(&r);
}

static void accounts_log_in(void **state)
{
	(void)state;
	for (int i = 0; i < NWHO; i++) {
		log_in(&who[i]);
		assert_true(who[i].s.account_id > 0);
	}
}

/* ---- the centre ---- */

static void director_sets_up_own_centre(void **state)
{
	struct ga_resp r;
	json_t *b;

	(void)state;
	get_centre(S(DIR5), V5, &r);
	GA_ASSERT_ERROR(&r, 404, "no_centre", NULL);
	ga_resp_free(&r);

	put_centre(S(DIR5), V5, centre_body("鸡鸣乡儿童之家"), &r);
	GA_ASSERT_STATUS(&r, 201);
	centre5 = jint(r.json, "id");
	assert_true(centre5 > 0);
	assert_int_equal(jint(r.json, "version"), 1);
	assert_string_equal(id_str(r.json, "manager_name"), MANAGER);
	assert_string_equal(id_str(r.json, "manager_phone"), PHONE);
	assert_int_equal(
	    json_array_size(json_object_get(r.json, "opening_hours")), 2);
	assert_int_equal(json_array_size(json_object_get(r.json, "facilities")),
			 3);
	ga_resp_free(&r);

	get_centre(S(DIR5), V5, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "id"), centre5);
	assert_string_equal(
	    id_str(json_array_get(json_object_get(r.json, "opening_hours"), 0),
		   "from"),
	    "16:00");
	ga_resp_free(&r);

	/* an update names the version it read */
	b = centre_body("鸡鸣乡幸福儿童之家");
	json_object_set_new(b, "version", json_integer(1));
	put_centre(S(DIR5), V5, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);

	/* stale or missing versions: 409, nothing changes */
	b = centre_body("旧的名字");
	json_object_set_new(b, "version", json_integer(1));
	put_centre(S(DIR5), V5, b, &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	assert_non_null(strstr(ga_error_message(&r), "2"));
	ga_resp_free(&r);
	put_centre(S(DIR5), V5, centre_body("旧的名字"), &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	get_centre(S(DIR5), V5, &r);
	assert_string_equal(id_str(r.json, "name"), "鸡鸣乡幸福儿童之家");
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);
}

static void out_of_scope_and_wrong_roles(void **state)
{
	struct ga_resp r;

	(void)state;
	/* another village is absent for a director, read or write */
	get_centre(S(DIR1), V5, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	put_centre(S(DIR5), V4, centre_body("不是我的村"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(S(DIR1), "GET", "/api/v1/centres?region=500229212000", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", "region");
	ga_resp_free(&r);
	/* not a village, or no such code */
	put_centre(S(SUP), TOWNSHIP, centre_body("乡里的"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	put_centre(S(SUP), "5002292122xx", centre_body("乡里的"), &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	/* county civil affairs reads, never writes */
	put_centre(S(CIVIL), V1, centre_body("县里的"), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	get_centre(S(CIVIL), V5, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	/* police and the system administrator have no centre.read */
	id_req(S(POLICE), "GET", "/api/v1/centres", NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	get_centre(S(POLICE), V5, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	id_req(S(SYSADM), "GET", "/api/v1/centres", NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	put_centre(S(SYSADM), V1, centre_body("管理员的"), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	/* no session at all */
	id_req(NULL, "GET", "/api/v1/centres", NULL, &r);
	GA_ASSERT_STATUS(&r, 401);
	ga_resp_free(&r);
}

static void bad_centres_are_refused(void **state)
{
	static const struct {
		const char *json, *code, *field;
	} cases[] = {
	    {"{\"address\":\"x\"}", "missing_field", "name"},
	    {"{\"name\":\"  \"}", "missing_field", "name"},
	    {"{\"name\":\"a\",\"colour\":\"red\"}", "unknown_field", "colour"},
	    {"{\"name\":\"a\",\"facilities\":[\"sports\",\"pool\"]}",
	     "invalid_facility", "facilities[1]"},
	    {"{\"name\":\"a\",\"facilities\":[\"sports\",\"sports\"]}",
	     "duplicate_facility", "facilities[1]"},
	    {"{\"name\":\"a\",\"facilities\":\"sports\"}", "invalid_type",
	     "facilities"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[1],\"from\":"
	     "\"18:00\",\"to\":\"16:00\"}]}",
	     "invalid_range", "opening_hours[0]"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[8],\"from\":"
	     "\"16:00\",\"to\":\"18:00\"}]}",
	     "invalid_days", "opening_hours[0]"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[],\"from\":"
	     "\"16:00\",\"to\":\"18:00\"}]}",
	     "invalid_days", "opening_hours[0]"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[1],\"from\":"
	     "\"4pm\",\"to\":\"18:00\"}]}",
	     "invalid_time", "opening_hours[0]"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[1,2],\"from\":"
	     "\"16:00\",\"to\":\"18:00\"},{\"days\":[2],\"from\":\"17:00\","
	     "\"to\":\"19:00\"}]}",
	     "overlapping_hours", "opening_hours[1]"},
	    {"{\"name\":\"a\",\"opening_hours\":[{\"days\":[1],\"from\":"
	     "\"16:00\",\"to\":\"18:00\",\"x\":1}]}",
	     "unknown_field", "opening_hours[0]"},
	    {"{\"name\":\"a\",\"manager_phone\":\"call me\"}", "invalid_phone",
	     "manager_phone"},
	    {"{\"name\":\"a\",\"manager_account\":99999999}", "unknown_account",
	     "manager_account"},
	    {"{\"name\":\"a\",\"version\":\"1\"}", "invalid_type", "version"},
	};
	struct ga_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		id_req(S(SUP), "PUT", "/api/v1/villages/500229212204/centre",
		       cases[i].json, &r);
		GA_ASSERT_ERROR(&r, 400, cases[i].code, cases[i].field);
		ga_resp_free(&r);
	}
	/* nothing was written */
	get_centre(S(SUP), V4, &r);
	GA_ASSERT_ERROR(&r, 404, "no_centre", NULL);
	ga_resp_free(&r);
}

static void township_sees_villages_without(void **state)
{
	struct ga_resp r;
	json_t *b;

	(void)state;
	/* the supervisor keeps V4's centre, the manager account set */
	b = centre_body("灯梁村儿童之家");
	json_object_set_new(b, "manager_account",
			    json_integer(S(DIR5)->account_id));
	put_centre(S(SUP), V4, b, &r);
	/* DIR5's account is outside V4 but inside the township: allowed */
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);

	id_req(S(SUP), "GET", "/api/v1/centres", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(has_code(json_object_get(r.json, "items"), V4));
	assert_true(has_code(json_object_get(r.json, "items"), V5));
	assert_true(has_code(json_object_get(r.json, "villages_without"), V1));
	assert_false(has_code(json_object_get(r.json, "villages_without"), V5));
	assert_true(json_is_null(json_object_get(r.json, "next")));
	ga_resp_free(&r);

	/* paging by village code */
	id_req(S(SUP), "GET", "/api/v1/centres?limit=1", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_string_equal(id_str(r.json, "next"), V4);
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/centres?limit=1&after=500229212204",
	       NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(has_code(json_object_get(r.json, "items"), V5));
	ga_resp_free(&r);

	/* the county, for the township */
	id_req(S(CIVIL), "GET", "/api/v1/centres?region=500229212000", NULL,
	       &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(has_code(json_object_get(r.json, "items"), V5));
	assert_true(has_code(json_object_get(r.json, "villages_without"), V1));
	ga_resp_free(&r);

	/* a director sees their own centre and no overview */
	id_req(S(DIR5), "GET", "/api/v1/centres", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_is_null(json_object_get(r.json, "villages_without")));
	ga_resp_free(&r);

	id_req(S(SUP), "GET", "/api/v1/centres?limit=0", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_parameter", "limit");
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/centres?after=x", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_cursor", "after");
	ga_resp_free(&r);
	(void)COUNTY;
}

/* ---- activities ---- */

static void activities_log_and_page(void **state)
{
	char d0[11], d1[11], d2[11], future[11], path[128];
	struct ga_resp r;
	const char *next;
	long long first;

	(void)state;
	day(0, d0);
	day(1, d1);
	day(2, d2);
	day(-1, future);
	post_activity(S(DIR5), centre5, activity_body(d2, "reading", 12), &r);
	GA_ASSERT_STATUS(&r, 201);
	first = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "note"), NOTE);
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, activity_body(d0, "festival", 30), &r);
	GA_ASSERT_STATUS(&r, 201);
	act_today = jint(r.json, "id");
	ga_resp_free(&r);
	post_activity(S(SUP), centre5, activity_body(d1, "homework", 8), &r);
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);

	/* newest first, two a page */
	snprintf(path, sizeof(path), "/api/v1/centres/%lld/activities?limit=2",
		 centre5);
	id_req(S(DIR5), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_int_equal(
	    jint(json_array_get(json_object_get(r.json, "items"), 0), "id"),
	    act_today);
	assert_string_equal(
	    id_str(json_array_get(json_object_get(r.json, "items"), 1),
		   "activity_date"),
	    d1);
	next = id_str(r.json, "next");
	assert_true(next[0]);
	snprintf(path, sizeof(path),
		 "/api/v1/centres/%lld/activities?limit=2&after=%s", centre5,
		 next);
	ga_resp_free(&r);
	id_req(S(DIR5), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(
	    jint(json_array_get(json_object_get(r.json, "items"), 0), "id"),
	    first);
	assert_true(json_is_null(json_object_get(r.json, "next")));
	ga_resp_free(&r);

	/* the county reads the log; another director cannot */
	snprintf(path, sizeof(path), "/api/v1/centres/%lld/activities",
		 centre5);
	id_req(S(CIVIL), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	id_req(S(DIR1), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	post_activity(S(DIR1), centre5, activity_body(d0, "games", 3), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(S(DIR5), "GET", "/api/v1/centres/1/activities?after=bad", NULL,
	       &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
}

static void bad_activities_are_refused(void **state)
{
	char d0[11], future[11], old[11], path[96];
	struct ga_resp r;
	json_t *b;

	(void)state;
	day(0, d0);
	day(-1, future);
	day(400, old);
	post_activity(S(DIR5), centre5, activity_body(future, "games", 3), &r);
	GA_ASSERT_ERROR(&r, 400, "future_date", "activity_date");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, activity_body(old, "games", 3), &r);
	GA_ASSERT_ERROR(&r, 400, "too_old", "activity_date");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, activity_body("2026-02-30", "games", 3),
		      &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "activity_date");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, activity_body(d0, "dancing", 3), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_kind", "kind");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, activity_body(d0, "games", 1001), &r);
	GA_ASSERT_STATUS(&r, 400);
	assert_string_equal(ga_error_field(&r), "participants");
	ga_resp_free(&r);
	b = activity_body(d0, "games", 5);
	json_object_set_new(b, "children_count", json_integer(6));
	post_activity(S(DIR5), centre5, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_children_count", "children_count");
	ga_resp_free(&r);
	b = activity_body(d0, "games", 5);
	json_object_del(b, "participants");
	post_activity(S(DIR5), centre5, b, &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	/* the log still holds three */
	snprintf(path, sizeof(path), "/api/v1/centres/%lld/activities",
		 centre5);
	id_req(S(DIR5), "GET", path, NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	ga_resp_free(&r);
}

static void activity_patch_versions(void **state)
{
	char path[96];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/centre-activities/%lld",
		 act_today);
	id_req(S(DIR5), "PATCH", path,
	       "{\"participants\":35,\"children_count\":30,\"version\":1}", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_int_equal(jint(r.json, "participants"), 35);
	assert_string_equal(id_str(r.json, "note"), NOTE);
	ga_resp_free(&r);
	id_req(S(DIR5), "PATCH", path, "{\"participants\":1,\"version\":1}",
	       &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	id_req(S(DIR5), "PATCH", path, "{\"participants\":40}", &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	/* fewer participants than children: refused on the merged values */
	id_req(S(DIR5), "PATCH", path, "{\"participants\":10,\"version\":2}",
	       &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_children_count", "children_count");
	ga_resp_free(&r);
	id_req(S(DIR1), "PATCH", path, "{\"participants\":10,\"version\":2}",
	       &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	id_req(S(CIVIL), "PATCH", path, "{\"participants\":10,\"version\":2}",
	       &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
}

/* an offline phone's activity: sent again until it hears, stored once */
static void activity_sent_twice_is_stored_once(void **state)
{
	char when[11], uuid[40];
	struct ga_resp r;
	long long id;
	json_t *b;

	(void)state;
	/* unique to this run: programs share one PostgreSQL database */
	snprintf(uuid, sizeof(uuid), "0b4e7c1a-5f3d-4c2e-9a8b-%012llx",
		 (unsigned long long)getpid() * 1000003ULL +
		     (unsigned long long)time(NULL) % 1000003ULL);
	day(1, when);
	b = activity_body(when, "reading", 9);
	json_object_set_new(b, "client_uuid", json_string(uuid));
	post_activity(S(DIR5), centre5, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	ga_resp_free(&r);
	/* the same UUID with another body is another write: refused */
	json_object_set_new(b, "participants", json_integer(10));
	post_activity(S(DIR5), centre5, b, &r);
	GA_ASSERT_ERROR(&r, 409, "uuid_reused", "client_uuid");
	ga_resp_free(&r);
	post_activity(S(DIR5), centre5,
		      json_pack("{s:s, s:s, s:i, s:s}", "activity_date", when,
				"kind", "reading", "participants", 3,
				"client_uuid", "not-a-uuid"),
		      &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "client_uuid");
	ga_resp_free(&r);
}

/* ---- photos ---- */

static void photos(void **state)
{
	static const char text[] = "这不是图片 this is not a picture";
	size_t big = ((size_t)3 << 20) + 1;
	unsigned char *huge = calloc(1, big);
	char path[128];
	struct ga_resp r;
	long long photo;

	(void)state;
	assert_non_null(huge);
	upload(S(DIR5), act_today, "image/png", png, sizeof(png), &r);
	GA_ASSERT_STATUS(&r, 201);
	photo = photo1 = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "mime"), "image/png");
	assert_int_equal(jint(r.json, "size"), (long long)sizeof(png));
	ga_resp_free(&r);

	snprintf(path, sizeof(path),
		 "/api/v1/centre-activities/%lld/photos/%lld", act_today,
		 photo);
	id_req(S(SUP), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_NO_STORE(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-type", "image/png");
	assert_int_equal(r.len, sizeof(png));
	assert_memory_equal(r.body, png, sizeof(png));
	ga_resp_free(&r);
	id_req(S(DIR1), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	id_req(S(POLICE), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);

	/* the activity lists it */
	snprintf(path, sizeof(path), "/api/v1/centres/%lld/activities?limit=1",
		 centre5);
	id_req(S(DIR5), "GET", path, NULL, &r);
	assert_int_equal(
	    json_array_size(json_object_get(
		json_array_get(json_object_get(r.json, "items"), 0), "photos")),
	    1);
	ga_resp_free(&r);

	/* a text file, whatever it claims: 415 */
	upload(S(DIR5), act_today, "image/jpeg", text, sizeof(text) - 1, &r);
	GA_ASSERT_ERROR(&r, 415, "unsupported_media_type", NULL);
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	upload(S(DIR5), act_today, "text/plain", text, sizeof(text) - 1, &r);
	GA_ASSERT_STATUS(&r, 415);
	ga_resp_free(&r);
	/* a JPEG past 3 MiB: 413 */
	memcpy(huge, "\xff\xd8\xff\xe0", 4);
	upload(S(DIR5), act_today, "image/jpeg", huge, big, &r);
	GA_ASSERT_ERROR(&r, 413, "too_large", NULL);
	ga_resp_free(&r);
	free(huge);
	/* out of scope: 404; wrong role: 403 */
	upload(S(DIR1), act_today, "image/png", png, sizeof(png), &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	upload(S(CIVIL), act_today, "image/png", png, sizeof(png), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	/* six per activity */
	for (int i = 1; i < 6; i++) {
		upload(S(DIR5), act_today, "image/png", png, sizeof(png), &r);
		GA_ASSERT_STATUS(&r, 201);
		ga_resp_free(&r);
	}
	upload(S(DIR5), act_today, "image/png", png, sizeof(png), &r);
	GA_ASSERT_ERROR(&r, 409, "too_many_photos", NULL);
	ga_resp_free(&r);
}

/* audit entries of an action on one object by one account, outcome ok */
static int audit_count(const char *action, const char *type, long long account,
		       long long object)
{
	char path[256];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=%s&account=%lld&object_id=%lld"
		 "&limit=500",
		 action, account, object);
	id_req(S(AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		assert_string_equal(id_str(it, "object_type"), type);
		if (!strcmp(id_str(it, "outcome"), "ok"))
			n++;
	}
	ga_resp_free(&r);
	return n;
}

static void writes_and_photo_views_are_audited(void **state)
{
	long long d5 = S(DIR5)->account_id;

	(void)state;
	assert_int_equal(audit_count("centre.create", "centre", d5, centre5),
			 1);
	assert_int_equal(audit_count("centre.update", "centre", d5, centre5),
			 1);
	assert_int_equal(audit_count("centre.activity.create",
				     "centre_activity", d5, act_today),
			 1);
	assert_int_equal(audit_count("centre.activity.update",
				     "centre_activity", d5, act_today),
			 1);
	assert_int_equal(
	    audit_count("centre.photo.create", "centre_photo", d5, photo1), 1);
	assert_int_equal(audit_count("centre.photo.read", "centre_photo",
				     S(SUP)->account_id, photo1),
			 1);
}

static void no_plaintext_at_rest(void **state)
{
	const char *needles[] = {MANAGER, PHONE, NOTE};
	size_t total = 0;

	(void)state;
	if (ga_db_is_pg())
		skip(); /* the SQLite file is what is read here */
	for (int i = 0; i < 3; i++)
		if (id_db_holds(needles[i], &total))
			fail_msg("the database holds \"%s\"", needles[i]);
	assert_true(total > 0);
	if (!id_db_holds("村委会二楼", &total))
		fail_msg("the plain address is missing: the scan is blind");
}

static int setup(void **state)
{
	char u[64];

	ga_use_clock(); /* TOTP enrolment moves the server's clock */
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
	    cmocka_unit_test(director_sets_up_own_centre),
	    cmocka_unit_test(out_of_scope_and_wrong_roles),
	    cmocka_unit_test(bad_centres_are_refused),
	    cmocka_unit_test(township_sees_villages_without),
	    cmocka_unit_test(activities_log_and_page),
	    cmocka_unit_test(bad_activities_are_refused),
	    cmocka_unit_test(activity_patch_versions),
	    cmocka_unit_test(activity_sent_twice_is_stored_once),
	    cmocka_unit_test(photos),
	    cmocka_unit_test(writes_and_photo_views_are_audited),
	    cmocka_unit_test(no_plaintext_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
