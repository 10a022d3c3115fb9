/*
 * The parents' own reports (外出务工父母报备, POLICY.md P3.1) through the
 * API: a public submission lands in the inbox of its village's director
 * only; bad input and unknown villages are refused with nothing stored;
 * submissions are limited per address; confirming applies the report to a
 * dossier through the normal update (categories, history), once; a child
 * of another village is refused; rejecting; the QR code; no plaintext
 * phone or name in the database files.
 *
 * Accounts come from the CLI (ident.h). Every name carries this run's
 * token so that programs sharing a PostgreSQL database never collide.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */
static const char *const TOWNSHIP = "500229212000";  /* 鸡鸣乡 */

enum { DIR_A, DIR_B, SUP, NWHO };

static struct {
	const char *what, *role, *scope;
	struct id_sess s;
} who[NWHO] = {
    [DIR_A] = {"dira", "director", "500229212201", {{0}}},
    [DIR_B] = {"dirb", "director", "500229212202", {{0}}},
    [SUP] = {"sup", "supervisor", "500229212000", {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;

/* ---- helpers ---- */

static void log_in_all(void)
{
	char u[64];

	for (int i = 0; i < NWHO; i++)
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
}

/* a valid ID number of a boy born on 1 January ten years ago */
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

static void make_phone(int n, char out[16])
{
	snprintf(out, 16, "13%d%08lu", 5 + n % 4,
		 (seed * 7 + (unsigned long)n * 7919) % 100000000UL);
}

/* a rural boy in village: father at home, mother working away */
static long long make_child(const struct id_sess *s, const char *village,
			    const char *name)
{
	char birth[11], idn[19];
	struct ga_resp r;
	long long id;
	json_t *b;

	make_child_id(birth, idn);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}], s:{s:s}, s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "土家族", "rural_hukou", 1, "region", village,
	    "address", "鸡鸣乡三组", "school_status", "primary", "boarding", 0,
	    "health", "healthy", "serious_illness", 0, "assistance", "family",
	    "relation", "father", "name", "王大山", "situation", "home",
	    "relation", "mother", "name", "李小红", "situation", "migrant",
	    "work_place", "浙江省宁波市", "guardian", "type", "parents",
	    "guardianship_level", "fair");
	jreq(s, "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

/* a valid report; child_name carries the run's token and `tag` */
static json_t *report_body(const char *tag, const char *phone)
{
	char name[80];

	snprintf(name, sizeof(name), "王小%s%s", tag, tok);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "child_name", name, "parent_name", "王大山",
			 "relation", "father", "phone", phone, "work_place",
			 "广东省东莞市", "carer_name", "王奶奶",
			 "carer_relation", "祖母", "note", "过年回来");
}

static void submit(const char *village, json_t *body, struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/villages/%s/parent-reports",
		 village);
	jreq(NULL, "POST", path, body, r);
}

static void submit_ok(const char *village, json_t *body)
{
	struct ga_resp r;

	submit(village, body, &r);
	GA_ASSERT_STATUS(&r, 202);
	assert_true(json_is_true(json_object_get(r.json, "received")));
	assert_int_equal(json_object_size(r.json), 1);
	ga_resp_free(&r);
}

/* the report in s's inbox whose child_name holds needle, or 0 */
static long long find_report(const struct id_sess *s, const char *status,
			     const char *needle, json_t **copy)
{
	char path[96];
	struct ga_resp r;
	long long id = 0;
	json_t *it;
	size_t i;

	snprintf(path, sizeof(path), "/api/v1/parent-reports%s%s",
		 status ? "?status=" : "", status ? status : "");
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		if (strstr(id_str(it, "child_name"), needle)) {
			id = jint(it, "id");
			if (copy)
				*copy = json_deep_copy(it);
			break;
		}
	}
	ga_resp_free(&r);
	return id;
}

static void act(const struct id_sess *s, long long id, const char *what,
		json_t *body, struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/parent-reports/%lld/%s", id,
		 what);
	jreq(s, "POST", path, body ? body : json_object(), r);
}

static void confirm(const struct id_sess *s, long long id, long long child,
		    struct ga_resp *r)
{
	act(s, id, "confirm", json_pack("{s:I}", "child_id", (json_int_t)child),
	    r);
}

/* ---- tests ---- */

static void submit_lands_in_own_inbox(void **state)
{
	char phone[16], tag[40];
	struct ga_resp r;
	json_t *rep = NULL;
	long long id;

	(void)state;
	id_source_next();
	make_phone(1, phone);
	submit_ok(VILLAGE_A, report_body("甲", phone));
	snprintf(tag, sizeof(tag), "甲%s", tok);
	id = find_report(S(DIR_A), "pending", tag, &rep);
	assert_true(id > 0);
	assert_string_equal(id_str(rep, "status"), "pending");
	assert_string_equal(id_str(rep, "region"), VILLAGE_A);
	assert_string_equal(id_str(rep, "phone"), phone);
	assert_string_equal(id_str(rep, "parent_name"), "王大山");
	assert_string_equal(id_str(rep, "work_place"), "广东省东莞市");
	assert_string_equal(id_str(rep, "carer_name"), "王奶奶");
	assert_true(json_is_null(json_object_get(rep, "child_id")));
	json_decref(rep);
	/* the township's supervisor sees it; the other village does not */
	assert_int_equal(find_report(S(SUP), NULL, tag, NULL), id);
	assert_int_equal(find_report(S(DIR_B), NULL, tag, NULL), 0);
	act(S(DIR_B), id, "reject", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	confirm(S(DIR_B), id, 1, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* no session: the inbox is closed */
	id_req(NULL, "GET", "/api/v1/parent-reports", NULL, &r);
	GA_ASSERT_STATUS(&r, 401);
	ga_resp_free(&r);
	id_req(S(DIR_A), "GET", "/api/v1/parent-reports?status=x", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "status");
	ga_resp_free(&r);
}

static void bad_input_is_refused(void **state)
{
	static const struct {
		const char *key;
		const char *value; /* NULL: remove the key */
		const char *code;
	} bad[] = {
	    {"child_name", NULL, "missing_field"},
	    {"phone", NULL, "missing_field"},
	    {"carer_name", NULL, "missing_field"},
	    {"child_name", "   ", "missing_field"},
	    {"relation", "uncle", "invalid_relation"},
	    {"phone", "call me", "invalid_phone"},
	    {"phone", "123", "invalid_phone"},
	    {"carer_phone", "12ab5678", "invalid_phone"},
	    {"work_place", "广东\n东莞", "invalid_text"},
	    {"id_number", "500229201001011234", "unknown_field"},
	};
	char phone[16], big[700], tag[40];
	struct ga_resp r;
	json_t *b;

	(void)state;
	id_source_next();
	make_phone(2, phone);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = report_body("乙", phone);
		if (bad[i].value)
			json_object_set_new(b, bad[i].key,
					    json_string(bad[i].value));
		else
			json_object_del(b, bad[i].key);
		submit(VILLAGE_A, b, &r);
		GA_ASSERT_ERROR(&r, 400, bad[i].code, bad[i].key);
		ga_resp_free(&r);
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	b = report_body("乙", phone);
	json_object_set_new(b, "note", json_string(big));
	submit(VILLAGE_A, b, &r);
	GA_ASSERT_ERROR(&r, 400, "too_long", "note");
	ga_resp_free(&r);
	b = report_body("乙", phone);
	json_object_set_new(b, "child_name", json_integer(5));
	submit(VILLAGE_A, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", "child_name");
	ga_resp_free(&r);
	/* not a village: unknown, a township, not a code */
	submit("500229212299", report_body("乙", phone), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	submit(TOWNSHIP, report_body("乙", phone), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	submit("5002", report_body("乙", phone), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* nothing was stored */
	snprintf(tag, sizeof(tag), "乙%s", tok);
	assert_int_equal(find_report(S(DIR_A), NULL, tag, NULL), 0);
	assert_int_equal(find_report(S(SUP), NULL, tag, NULL), 0);
}

static bool has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i,
			   v) if (!strcmp(json_string_value(v), s)) return true;
	return false;
}

static json_t *father_of(json_t *child)
{
	size_t i;
	json_t *m;

	json_array_foreach(
	    json_object_get(child, "family"), i,
	    m) if (!strcmp(id_str(m, "relation"), "father")) return m;
	return NULL;
}

static bool history_has(const struct id_sess *s, long long child,
			const char *field, const char *new_value)
{
	char path[96];
	struct ga_resp r;
	json_t *it, *ch;
	size_t i, k;
	bool found = false;

	snprintf(path, sizeof(path), "/api/v1/children/%lld/history", child);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	    json_array_foreach(json_object_get(it, "changes"), k,
			       ch) if (!strcmp(id_str(ch, "field"), field) &&
				       !strcmp(id_str(ch, "new"), new_value))
		found = true;
	ga_resp_free(&r);
	return found;
}

static void confirm_applies_to_dossier(void **state)
{
	char phone[16], tag[40], name[80], path[96];
	long long child, other, id;
	struct ga_resp r;
	json_t *f;

	(void)state;
	snprintf(name, sizeof(name), "王小丙%s", tok);
	child = make_child(S(DIR_A), VILLAGE_A, name);
	snprintf(name, sizeof(name), "赵小丙%s", tok);
	other = make_child(S(DIR_B), VILLAGE_B, name);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", child);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_false(
	    has_string(json_object_get(r.json, "categories"), "left_behind"));
	ga_resp_free(&r);

	id_source_next();
	make_phone(3, phone);
	submit_ok(VILLAGE_A, report_body("丙", phone));
	snprintf(tag, sizeof(tag), "丙%s", tok);
	id = find_report(S(DIR_A), "pending", tag, NULL);
	assert_true(id > 0);
	/* a child of another village: out of scope, or in scope elsewhere */
	confirm(S(DIR_A), id, other, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	confirm(S(SUP), id, other, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", "child_id");
	ga_resp_free(&r);
	confirm(S(DIR_A), id, 999999999, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	act(S(DIR_A), id, "confirm",
	    json_pack("{s:I, s:s}", "child_id", (json_int_t)child, "x", "y"),
	    &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "x");
	ga_resp_free(&r);
	/* the report is still pending, the dossier untouched */
	assert_int_equal(find_report(S(DIR_A), "pending", tag, NULL), id);

	confirm(S(DIR_A), id, child, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "confirmed");
	assert_int_equal(jint(r.json, "child_id"), child);
	ga_resp_free(&r);
	confirm(S(DIR_A), id, child, &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	act(S(DIR_A), id, "reject", NULL, &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	assert_int_equal(find_report(S(DIR_A), "pending", tag, NULL), 0);
	assert_int_equal(find_report(S(DIR_A), "confirmed", tag, NULL), id);

	snprintf(path, sizeof(path), "/api/v1/children/%lld?unmask=1", child);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	f = father_of(r.json);
	assert_non_null(f);
	assert_string_equal(id_str(f, "situation"), "migrant");
	assert_string_equal(id_str(f, "work_place"), "广东省东莞市");
	assert_string_equal(id_str(f, "phone"), phone);
	assert_int_equal(jint(r.json, "version"), 2);
	/* both parents away now: a left-behind child */
	assert_true(
	    has_string(json_object_get(r.json, "categories"), "left_behind"));
	assert_string_equal(id_str(json_object_get(r.json, "guardian"), "name"),
			    "王奶奶");
	ga_resp_free(&r);
	assert_true(
	    history_has(S(DIR_A), child, "family[0].situation", "migrant"));
}

static void reject_report(void **state)
{
	char phone[16], tag[40];
	struct ga_resp r;
	json_t *rep = NULL;
	long long id;

	(void)state;
	id_source_next();
	make_phone(4, phone);
	submit_ok(VILLAGE_B, report_body("丁", phone));
	snprintf(tag, sizeof(tag), "丁%s", tok);
	id = find_report(S(DIR_B), "pending", tag, NULL);
	assert_true(id > 0);
	act(S(DIR_B), id, "reject", json_pack("{s:s}", "reason", "查无此人"),
	    &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "rejected");
	ga_resp_free(&r);
	act(S(DIR_B), id, "reject", NULL, &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	assert_int_equal(find_report(S(DIR_B), "rejected", tag, &rep), id);
	assert_string_equal(id_str(rep, "reason"), "查无此人");
	json_decref(rep);
	assert_int_equal(find_report(S(DIR_B), "pending", tag, NULL), 0);
}

static void qr_code(void **state)
{
	struct ga_resp r;
	char path[96];

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/villages/%s/report-qr.svg",
		 VILLAGE_A);
	assert_int_equal(ga_get(path, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "image/svg+xml");
	assert_non_null(strstr(r.body, "<svg"));
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/villages/%s/report-qr.svg",
		 TOWNSHIP);
	assert_int_equal(ga_get(path, &r), 0);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void no_plaintext_at_rest(void **state)
{
	char phone[16], carer[16];
	const char *needles[3];
	size_t total = 0;
	json_t *b;

	(void)state;
	if (ga_db_is_pg())
		skip(); /* the registry test reads pg_dump; SQLite here */
	id_source_next();
	make_phone(5, phone);
	make_phone(6, carer);
	b = report_body("戊", phone);
	json_object_set_new(b, "carer_phone", json_string(carer));
	json_object_set_new(b, "work_place", json_string("广东省戊市"));
	submit_ok(VILLAGE_A, b);
	needles[0] = phone;
	needles[1] = carer;
	needles[2] = "王奶奶";
	for (int i = 0; i < 3; i++)
		if (id_db_holds(needles[i], &total))
			fail_msg("the database holds \"%s\"", needles[i]);
	assert_true(total > 0);
	if (!id_db_holds("广东省戊市", &total))
		fail_msg("the plain work place is missing: the scan is blind");
}

static void rate_limited_per_address(void **state)
{
	char phone[16];
	struct ga_resp r;

	(void)state;
	id_source_next();
	make_phone(7, phone);
	for (int i = 0; i < 5; i++)
		submit_ok(VILLAGE_A, report_body("己", phone));
	submit(VILLAGE_A, report_body("己", phone), &r);
	GA_ASSERT_ERROR(&r, 429, "rate_limited", NULL);
	ga_resp_free(&r);
	/* another address is not held back */
	id_source_next();
	submit_ok(VILLAGE_A, report_body("己", phone));
	/* and an hour later the first one may send again */
	assert_int_equal(ga_clock_advance(3600), 0);
	id_source_n -= 2;
	id_source_next(); /* the first address again */
	submit_ok(VILLAGE_A, report_body("己", phone));
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "T%lu", seed % 100000000UL);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++)
		if (id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false) <= 0)
			return -1;
	return 0;
}

static void accounts_log_in(void **state)
{
	(void)state;
	log_in_all();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(submit_lands_in_own_inbox),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(confirm_applies_to_dossier),
	    cmocka_unit_test(reject_report),
	    cmocka_unit_test(qr_code),
	    cmocka_unit_test(no_plaintext_at_rest),
	    cmocka_unit_test(rate_limited_per_address),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
