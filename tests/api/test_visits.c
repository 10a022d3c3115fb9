/*
 * Home visits (走访, issue 5) through the API: record, list, read; the
 * harm flag and report_suggested; bad input refused with nothing written
 * (future date, before birth, unknown kind, bad UUID, …); idempotent
 * client UUIDs (same body 200 same id, other body 409); edits within 7
 * days, stale versions, and after 7 days only a supervisor's correction
 * with a reason, the earlier record kept; a dossier update in the same
 * transaction (categories derived again; a stale child version writes
 * nothing); photos (image types by their bytes, size and count caps,
 * no-store, visit.photo); scope and roles; no plain text at rest.
 *
 * Accounts come from the CLI (ident.h). Every name carries this run's
 * token so that programs sharing a PostgreSQL database never collide.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201";
static const char *const VILLAGE_B = "500229212202";

enum { DIR_A, DIR_B, SUP, PROT, POLICE, AUDITOR, NWHO };

static struct {
	const char *what, *role, *scope;
	struct id_sess s;
} who[NWHO] = {
    [DIR_A] = {"vdira", "director", "500229212201", {{0}}},
    [DIR_B] = {"vdirb", "director", "500229212202", {{0}}},
    [SUP] = {"vsup", "supervisor", "500229212000", {{0}}},
    [PROT] = {"vprot", "protection", "500229000000", {{0}}},
    [POLICE] = {"vpol", "police", "500229000000", {{0}}},
    [AUDITOR] = {"vaud", "auditor", "500229000000", {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;
static long long child_a; /* a child of village A, shared by the tests */

/* ---- helpers ---- */

static void log_in_all(void)
{
	char u[64];

	for (int i = 0; i < NWHO; i++)
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
}

/* the server's date (Asia/Shanghai) plus days, as YYYY-MM-DD */
static void day_text(int days, char out[11])
{
	time_t t = ga_now() + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
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

/* a valid visit body of today; notes carry the run's token and tag */
static json_t *visit_body(const char *tag)
{
	char today[11], note[120];

	day_text(0, today);
	snprintf(note, sizeof(note), "灶台旁堆放杂物%s%s", tag, tok);
	return json_pack(
	    "{s:s, s:s, s:[s, s], s:s, s:{s:{s:s, s:s}, s:{s:s, s:s}}, "
	    "s:[s], s:s, s:[s], s:s}",
	    "date", today, "kind", "regular", "met", "child", "guardian",
	    "contact", "weekly", "findings", "living", "level", "fair", "note",
	    note, "schooling", "level", "good", "note", "按时上学", "problems",
	    "living_hardship", "problem_text", "冬季取暖困难", "actions",
	    "guidance", "next_steps", "下月随访");
}

static void post_visit(const struct id_sess *s, long long child, json_t *b,
		       struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", child);
	jreq(s, "POST", path, b, r);
}

static long long visit_ok(const struct id_sess *s, long long child, json_t *b)
{
	struct ga_resp r;
	long long id;

	post_visit(s, child, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

static void get_visit(const struct id_sess *s, long long id, const char *sfx,
		      struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/visits/%lld%s", id, sfx);
	id_req(s, "GET", path, NULL, r);
}

static void patch_visit(const struct id_sess *s, long long id, json_t *b,
			struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/visits/%lld", id);
	jreq(s, "PATCH", path, b, r);
}

/* how many visits s sees for child */
static size_t count_visits(const struct id_sess *s, long long child)
{
	char path[96];
	struct ga_resp r;
	size_t n;

	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", child);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	n = json_array_size(json_object_get(r.json, "items"));
	ga_resp_free(&r);
	return n;
}

static void upload(const struct id_sess *s, long long visit, const void *data,
		   size_t len, const char *type, struct ga_resp *r)
{
	char path[96], cookie[260], csrf[120], ct[80];
	const char *h[4] = {cookie, csrf, ct, NULL};

	snprintf(path, sizeof(path), "/api/v1/visits/%lld/photos", visit);
	snprintf(cookie, sizeof(cookie), "Cookie: %s", s->cookie);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", s->csrf);
	snprintf(ct, sizeof(ct), "Content-Type: %s", type);
	ga_http("POST", path, h, data, len, r);
}

/* ---- tests ---- */

static void record_and_read(void **state)
{
	char path[96], tag[40];
	struct ga_resp r;
	json_t *f, *items;
	long long id;

	(void)state;
	child_a = make_child(S(DIR_A), VILLAGE_A, "走访甲");
	post_visit(S(DIR_A), child_a, visit_body("甲"), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	assert_int_equal(jint(r.json, "child_id"), child_a);
	assert_string_equal(id_str(r.json, "kind"), "regular");
	assert_string_equal(id_str(r.json, "kind_name"), "定期走访");
	assert_string_equal(id_str(r.json, "visitor_role"), "director");
	assert_string_equal(id_str(r.json, "region"), VILLAGE_A);
	assert_true(json_is_false(json_object_get(r.json, "harm_found")));
	assert_true(json_is_false(json_object_get(r.json, "report_suggested")));
	assert_int_equal(jint(r.json, "version"), 1);
	ga_resp_free(&r);

	/* read back whole, by the director and the township's supervisor */
	for (int k = 0; k < 2; k++) {
		get_visit(S(k ? SUP : DIR_A), id, "", &r);
		GA_ASSERT_STATUS(&r, 200);
		f = json_object_get(r.json, "findings");
		snprintf(tag, sizeof(tag), "甲%s", tok);
		assert_non_null(
		    strstr(id_str(json_object_get(f, "living"), "note"), tag));
		assert_string_equal(
		    id_str(json_object_get(f, "living"), "level"), "fair");
		assert_true(json_is_null(
		    json_object_get(json_object_get(f, "safety"), "level")));
		assert_string_equal(id_str(r.json, "contact"), "weekly");
		assert_string_equal(id_str(r.json, "problem_text"),
				    "冬季取暖困难");
		assert_string_equal(id_str(r.json, "next_steps"), "下月随访");
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "met")), 2);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "photos")), 0);
		ga_resp_free(&r);
	}
	/* the list, newest first: an older visit goes after it */
	{
		json_t *b = visit_body("甲旧");
		char old[11];

		day_text(-30, old);
		json_object_set_new(b, "date", json_string(old));
		json_object_set_new(b, "kind", json_string("holiday"));
		visit_ok(S(DIR_A), child_a, b);
	}
	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", child_a);
	id_req(S(SUP), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(jint(json_array_get(items, 0), "id"), id);
	assert_string_equal(id_str(json_array_get(items, 1), "kind"),
			    "holiday");
	/* rows carry no notes, and name the visitor (the account's username
	 * when it has no display name) */
	assert_null(json_object_get(json_array_get(items, 0), "findings"));
	{
		char u[64];

		assert_string_equal(
		    id_str(json_array_get(items, 0), "created_by_name"),
		    id_name(u, sizeof(u), who[DIR_A].what));
	}
	ga_resp_free(&r);
	/* protection (county) reads visits too */
	assert_int_equal(count_visits(S(PROT), child_a), 2);
}

static void out_of_scope_is_not_found(void **state)
{
	char path[96];
	struct ga_resp r;
	long long id;

	(void)state;
	id = visit_ok(S(DIR_A), child_a, visit_body("乙"));
	/* another village's director: as if neither existed */
	post_visit(S(DIR_B), child_a, visit_body("乙"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", child_a);
	id_req(S(DIR_B), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	get_visit(S(DIR_B), id, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	get_visit(S(DIR_B), id, "/revisions", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	patch_visit(S(DIR_B), id, json_pack("{s:I}", "version", 1), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	upload(S(DIR_B), id, "\xff\xd8\xff\xe0", 4, "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* and the other way round: village B's child for A's director */
	post_visit(S(DIR_A), make_child(S(DIR_B), VILLAGE_B, "走访乙"),
		   visit_body("乙"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* an absent child and visit look the same */
	post_visit(S(DIR_A), 999999999, visit_body("乙"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	get_visit(S(DIR_A), 999999999, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void wrong_role_is_refused(void **state)
{
	char path[96];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", child_a);
	/* police read dossiers but not visits */
	id_req(S(POLICE), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	post_visit(S(POLICE), child_a, visit_body("丙"), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* protection reads them but does not record them */
	post_visit(S(PROT), child_a, visit_body("丙"), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* no session */
	id_req(NULL, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 401);
	ga_resp_free(&r);
}

static void harm_is_flagged(void **state)
{
	struct ga_resp r;
	json_t *b;
	long long id;

	(void)state;
	b = visit_body("丁");
	json_object_set_new(json_object_get(b, "findings"), "safety",
			    json_pack("{s:s, s:s}", "level", "danger", "note",
				      "身上有多处淤青"));
	json_object_set_new(b, "report_requested", json_true());
	post_visit(S(DIR_A), child_a, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_true(json_is_true(json_object_get(r.json, "harm_found")));
	assert_true(json_is_true(json_object_get(r.json, "report_suggested")));
	assert_true(json_is_true(json_object_get(r.json, "report_requested")));
	ga_resp_free(&r);
	/* suspected_harm alone is harm too */
	b = visit_body("丁二");
	json_object_set_new(b, "problems", json_pack("[s]", "suspected_harm"));
	post_visit(S(DIR_A), child_a, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_true(json_is_true(json_object_get(r.json, "report_suggested")));
	assert_true(json_is_false(json_object_get(r.json, "report_requested")));
	id = jint(r.json, "id");
	ga_resp_free(&r);
	/* an edit that removes it clears the flag */
	patch_visit(S(DIR_A), id,
		    json_pack("{s:I, s:[]}", "version", 1, "problems"), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_false(json_object_get(r.json, "harm_found")));
	ga_resp_free(&r);
}

static void bad_input_is_refused(void **state)
{
	static const struct {
		const char *key;
		const char *json; /* the value as JSON; NULL: remove */
		const char *code, *field;
	} bad[] = {
	    {"date", NULL, "missing_field", "date"},
	    {"kind", NULL, "missing_field", "kind"},
	    {"kind", "\"visit\"", "invalid_value", "kind"},
	    {"kind", "3", "invalid_value", "kind"},
	    {"date", "\"2024-02-30\"", "invalid_date", "date"},
	    {"date", "\"29/11/2026\"", "invalid_date", "date"},
	    {"met", "[\"uncle\"]", "invalid_value", "met"},
	    {"met", "\"child\"", "invalid_type", "met"},
	    {"contact", "\"yearly\"", "invalid_value", "contact"},
	    {"problems", "[\"bad_luck\"]", "invalid_value", "problems"},
	    {"actions", "[\"prayer\"]", "invalid_value", "actions"},
	    {"visitor_role", "\"police\"", "invalid_value", "visitor_role"},
	    {"findings", "{\"money\":{\"level\":\"good\"}}", "unknown_field",
	     "findings.money"},
	    {"findings", "{\"living\":{\"level\":\"awful\"}}", "invalid_value",
	     "findings.living.level"},
	    {"findings", "{\"living\":{\"mood\":\"ok\"}}", "unknown_field",
	     "findings.living.mood"},
	    {"findings", "[]", "invalid_type", "findings"},
	    {"next_steps", "\"a\\u0001b\"", "invalid_text", "next_steps"},
	    {"client_uuid", "\"not-a-uuid\"", "invalid_uuid", "client_uuid"},
	    {"client_uuid", "\"3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f6\"",
	     "invalid_uuid", "client_uuid"},
	    {"version", "1", "unknown_field", "version"},
	    {"colour", "\"red\"", "unknown_field", "colour"},
	    {"report_requested", "\"yes\"", "invalid_type", "report_requested"},
	    {"dossier", "{\"name\":\"x\",\"version\":1}", "unknown_field",
	     "dossier"},
	    {"dossier", "{\"school_status\":\"dropout\"}", "missing_field",
	     "dossier.version"},
	};
	char future[11], before[11], big[2100];
	size_t n0 = count_visits(S(DIR_A), child_a);
	struct ga_resp r;
	json_t *b;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		b = visit_body("戊");
		if (bad[i].json)
			json_object_set_new(
			    b, bad[i].key,
			    json_loads(bad[i].json, JSON_DECODE_ANY, NULL));
		else
			json_object_del(b, bad[i].key);
		post_visit(S(DIR_A), child_a, b, &r);
		if (r.status != 400)
			fail_msg("case %zu (%s): %ld %s", i, bad[i].key,
				 r.status, r.body);
		GA_ASSERT_ERROR(&r, 400, bad[i].code, bad[i].field);
		ga_resp_free(&r);
	}
	/* tomorrow */
	day_text(1, future);
	b = visit_body("戊");
	json_object_set_new(b, "date", json_string(future));
	post_visit(S(DIR_A), child_a, b, &r);
	GA_ASSERT_ERROR(&r, 400, "future_date", "date");
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	/* before the child was born (1 January ten years ago) */
	day_text(-11 * 366, before);
	b = visit_body("戊");
	json_object_set_new(b, "date", json_string(before));
	post_visit(S(DIR_A), child_a, b, &r);
	GA_ASSERT_ERROR(&r, 400, "before_birth", "date");
	ga_resp_free(&r);
	/* a note too long */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	b = visit_body("戊");
	json_object_set_new(b, "findings",
			    json_pack("{s:{s:s}}", "health", "note", big));
	post_visit(S(DIR_A), child_a, b, &r);
	GA_ASSERT_ERROR(&r, 400, "too_long", "findings.health.note");
	ga_resp_free(&r);
	/* nothing was written */
	assert_int_equal(count_visits(S(DIR_A), child_a), n0);
}

static void replayed_uuid(void **state)
{
	static const char uuid[] = "3F2B8C1E-0D4A-4E6B-9A7C-1B2C3D4E5F60";
	char u[40], tag[40];
	size_t n0 = count_visits(S(DIR_A), child_a);
	struct ga_resp r;
	json_t *b;
	long long id;

	(void)state;
	/* one UUID per run: programs may share a PostgreSQL database */
	snprintf(u, sizeof(u), "%.24s%012lu", uuid, seed % 1000000000000UL);
	snprintf(tag, sizeof(tag), "己");
	b = visit_body(tag);
	json_object_set_new(b, "client_uuid", json_string(u));
	post_visit(S(DIR_A), child_a, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	/* the same body again: 200, the same id */
	post_visit(S(DIR_A), child_a, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	ga_resp_free(&r);
	/* the UUID in lower case is the same UUID */
	for (char *p = u; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	json_object_set_new(b, "client_uuid", json_string(u));
	post_visit(S(DIR_A), child_a, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	ga_resp_free(&r);
	/* a different body: 409, nothing written */
	json_object_set_new(b, "kind", json_string("follow_up"));
	post_visit(S(DIR_A), child_a, json_deep_copy(b), &r);
	GA_ASSERT_ERROR(&r, 409, "client_uuid_reused", "client_uuid");
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	/* the same UUID for another child: 409 too */
	post_visit(S(DIR_A), make_child(S(DIR_A), VILLAGE_A, "走访己"),
		   json_deep_copy(b), &r);
	GA_ASSERT_ERROR(&r, 409, "client_uuid_reused", "client_uuid");
	ga_resp_free(&r);
	json_decref(b);
	assert_int_equal(count_visits(S(DIR_A), child_a), n0 + 1);
}

static void edit_within_seven_days(void **state)
{
	struct ga_resp r;
	json_t *items, *prev;
	long long id;

	(void)state;
	id = visit_ok(S(DIR_A), child_a, visit_body("庚"));
	patch_visit(S(DIR_A), id,
		    json_pack("{s:I, s:s, s:s}", "version", 1, "next_steps",
			      "两周后再访", "kind", "follow_up"),
		    &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(id_str(r.json, "next_steps"), "两周后再访");
	assert_string_equal(id_str(r.json, "kind"), "follow_up");
	/* the rest is kept */
	assert_string_equal(id_str(r.json, "problem_text"), "冬季取暖困难");
	ga_resp_free(&r);
	/* stale */
	patch_visit(S(DIR_A), id,
		    json_pack("{s:I, s:s}", "version", 1, "next_steps", "x"),
		    &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	/* no version, a field a patch does not take, a future date */
	patch_visit(S(DIR_A), id, json_pack("{s:s}", "next_steps", "x"), &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "version");
	ga_resp_free(&r);
	patch_visit(S(DIR_A), id,
		    json_pack("{s:I, s:s}", "version", 2, "client_uuid",
			      "3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60"),
		    &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "client_uuid");
	ga_resp_free(&r);
	{
		char future[11];

		day_text(2, future);
		patch_visit(
		    S(DIR_A), id,
		    json_pack("{s:I, s:s}", "version", 2, "date", future), &r);
		GA_ASSERT_ERROR(&r, 400, "future_date", "date");
		ga_resp_free(&r);
	}
	/* the record it replaced */
	get_visit(S(SUP), id, "/revisions", &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_int_equal(jint(json_array_get(items, 0), "version"), 1);
	prev = json_object_get(json_array_get(items, 0), "previous");
	assert_string_equal(id_str(prev, "next_steps"), "下月随访");
	assert_string_equal(id_str(prev, "kind"), "regular");
	ga_resp_free(&r);
}

static void dossier_in_same_transaction(void **state)
{
	char path[96];
	struct ga_resp r;
	long long child;
	json_t *b, *flags;
	size_t n0;

	(void)state;
	child = make_child(S(DIR_A), VILLAGE_A, "走访辛");
	/* a stale dossier version: neither the visit nor the dossier */
	b = visit_body("辛");
	json_object_set_new(
	    b, "dossier",
	    json_pack("{s:I, s:s}", "version", 7, "school_status", "dropout"));
	post_visit(S(DIR_A), child, b, &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", NULL);
	ga_resp_free(&r);
	assert_int_equal(count_visits(S(DIR_A), child), 0);
	/* a bad dossier value names its field */
	b = visit_body("辛");
	json_object_set_new(
	    b, "dossier",
	    json_pack("{s:I, s:s}", "version", 1, "school_status", "gone"));
	post_visit(S(DIR_A), child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "dossier.school_status");
	ga_resp_free(&r);
	n0 = count_visits(S(DIR_A), child);
	assert_int_equal(n0, 0);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", child);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 1);
	assert_string_equal(id_str(r.json, "school_status"), "primary");
	ga_resp_free(&r);
	/* the visit finds the boy has left school: both written, at once */
	b = visit_body("辛");
	json_object_set_new(
	    b, "dossier",
	    json_pack("{s:I, s:s, s:s}", "version", 1, "school_status",
		      "dropout", "guardianship_level", "entrusted_incapable"));
	post_visit(S(DIR_A), child, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(id_str(r.json, "school_status"), "dropout");
	flags = json_object_get(r.json, "key_flags");
	{
		bool out = false, poor = false;
		size_t i;
		json_t *it;

		json_array_foreach(flags, i, it)
		{
			out |= !strcmp(json_string_value(it), "out_of_school");
			poor |=
			    !strcmp(json_string_value(it), "poor_guardianship");
		}
		if (!out || !poor)
			fail_msg("key flags not derived again: %s", r.body);
	}
	ga_resp_free(&r);
	assert_int_equal(count_visits(S(DIR_A), child), 1);
}

/* a minimal JPEG head; the server checks the signature, not the rest */
static const unsigned char jpeg[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F',  'I',  'F',	0x00,
    0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9};

static void photos(void **state)
{
	char path[96];
	struct ga_resp r;
	long long id, photo;
	unsigned char *big;
	size_t bigsz = ((size_t)3 << 20) + 1;

	(void)state;
	id = visit_ok(S(DIR_A), child_a, visit_body("壬"));
	upload(S(DIR_A), id, jpeg, sizeof(jpeg), "image/jpeg", &r);
	GA_ASSERT_STATUS(&r, 201);
	photo = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "mime"), "image/jpeg");
	assert_int_equal(jint(r.json, "size"), sizeof(jpeg));
	ga_resp_free(&r);
	/* a text file named and typed as a JPEG */
	upload(S(DIR_A), id, "just some text, not a photo", 27, "image/jpeg",
	       &r);
	GA_ASSERT_ERROR(&r, 415, "not_an_image", NULL);
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	upload(S(DIR_A), id, "", 0, "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 400, "empty_body", NULL);
	ga_resp_free(&r);
	/* over 3 MiB, even with a JPEG head */
	big = calloc(1, bigsz);
	memcpy(big, jpeg, sizeof(jpeg));
	upload(S(DIR_A), id, big, bigsz, "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 413, "too_large", NULL);
	ga_resp_free(&r);
	free(big);
	/* read back: same bytes, never cached */
	for (int k = 0; k < 3; k++) {
		int s = k == 0 ? DIR_A : k == 1 ? SUP : PROT;

		snprintf(path, sizeof(path), "/api/v1/visits/%lld/photos/%lld",
			 id, photo);
		id_req(S(s), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "image/jpeg");
		GA_ASSERT_HEADER_CONTAINS(&r, "Cache-Control", "no-store");
		assert_int_equal(r.len, sizeof(jpeg));
		assert_memory_equal(r.body, jpeg, sizeof(jpeg));
		ga_resp_free(&r);
	}
	/* the visit lists it */
	get_visit(S(DIR_A), id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "photos")), 1);
	assert_int_equal(jint(r.json, "photo_count"), 1);
	ga_resp_free(&r);
	/* another village: 404; police: 403; a photo of another visit: 404 */
	id_req(S(DIR_B), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(S(POLICE), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/visits/%lld/photos/%lld", id + 1,
		 photo);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* PNG and WebP too, up to six in all */
	upload(S(DIR_A), id, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "image/png",
	       &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "mime"), "image/png");
	ga_resp_free(&r);
	upload(S(DIR_A), id, "RIFF\x24\0\0\0WEBPVP8 ", 16,
	       "application/octet-stream", &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "mime"), "image/webp");
	ga_resp_free(&r);
	for (int i = 0; i < 3; i++) {
		upload(S(DIR_A), id, jpeg, sizeof(jpeg), "image/jpeg", &r);
		GA_ASSERT_STATUS(&r, 201);
		ga_resp_free(&r);
	}
	upload(S(DIR_A), id, jpeg, sizeof(jpeg), "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 409, "too_many_photos", NULL);
	ga_resp_free(&r);
	/* protection may see photos but not add them */
	upload(S(PROT), id, jpeg, sizeof(jpeg), "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
}

static void no_plaintext_at_rest(void **state)
{
	char tag[40];
	const char *needles[3];
	size_t total = 0;
	long long id;

	(void)state;
	if (ga_db_is_pg())
		skip();
	id = visit_ok(S(DIR_A), child_a, visit_body("癸"));
	assert_true(id > 0);
	snprintf(tag, sizeof(tag), "癸%s", tok);
	needles[0] = tag;
	needles[1] = "冬季取暖困难";
	needles[2] = "下月随访";
	for (int i = 0; i < 3; i++)
		if (id_db_holds(needles[i], &total))
			fail_msg("the database holds \"%s\"", needles[i]);
	assert_true(total > 0);
	if (!id_db_holds("living_hardship", &total))
		fail_msg(
		    "the plain problem ids are missing: the scan is blind");
}

/* a transferred child's visits and photos move with it */
static void visits_follow_a_transfer(void **state)
{
	char path[96];
	struct ga_resp r;
	long long child, id, photo, tid;

	(void)state;
	child = make_child(S(DIR_A), VILLAGE_A, "走访迁");
	id = visit_ok(S(DIR_A), child, visit_body("迁"));
	upload(S(DIR_A), id, jpeg, sizeof(jpeg), "image/jpeg", &r);
	GA_ASSERT_STATUS(&r, 201);
	photo = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", child);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_B, "version", 1), &r);
	GA_ASSERT_STATUS(&r, 201);
	tid = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	jreq(S(DIR_B), "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	/* the receiving director has them now, the sender no longer */
	assert_int_equal(count_visits(S(DIR_B), child), 1);
	get_visit(S(DIR_B), id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "region"), VILLAGE_B);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/visits/%lld/photos/%lld", id,
		 photo);
	id_req(S(DIR_B), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	get_visit(S(DIR_A), id, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

/* last: moves the server's clock on by 8 days */
static void correct_after_seven_days(void **state)
{
	struct ga_resp r;
	json_t *items, *it;
	long long id, photo_visit;

	(void)state;
	id = visit_ok(S(DIR_A), child_a, visit_body("子"));
	photo_visit = visit_ok(S(DIR_A), child_a, visit_body("子照"));
	assert_int_equal(ga_clock_advance(8 * 86400), 0);
	log_in_all();
	/* the director may no longer edit it */
	patch_visit(S(DIR_A), id,
		    json_pack("{s:I, s:s}", "version", 1, "next_steps", "改"),
		    &r);
	GA_ASSERT_ERROR(&r, 403, "edit_window_closed", NULL);
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	upload(S(DIR_A), photo_visit, jpeg, sizeof(jpeg), "image/jpeg", &r);
	GA_ASSERT_ERROR(&r, 403, "edit_window_closed", NULL);
	ga_resp_free(&r);
	/* the supervisor needs a reason */
	patch_visit(S(SUP), id,
		    json_pack("{s:I, s:s}", "version", 1, "next_steps", "改"),
		    &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "reason");
	ga_resp_free(&r);
	patch_visit(S(SUP), id,
		    json_pack("{s:I, s:s, s:s}", "version", 1, "next_steps",
			      "转介乡卫生院", "reason", "核实后补充转介"),
		    &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(id_str(r.json, "next_steps"), "转介乡卫生院");
	ga_resp_free(&r);
	/* the original is kept, with the reason */
	get_visit(S(DIR_A), id, "/revisions", &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	it = json_array_get(items, 0);
	assert_string_equal(id_str(it, "reason"), "核实后补充转介");
	assert_string_equal(
	    id_str(json_object_get(it, "previous"), "next_steps"), "下月随访");
	ga_resp_free(&r);
}

/* the audit log holds action by account `by` (a prefix of actions) */
static bool audited(int by, const char *action)
{
	char q[200];
	struct ga_resp r;
	json_t *it;
	size_t i;
	bool found = false;

	snprintf(q, sizeof(q), "/api/v1/audit?action=%s&account=%lld&limit=500",
		 action, S(by)->account_id);
	id_req(S(AUDITOR), "GET", q, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		found |= !strcmp(id_str(it, "action"), action) &&
			 !strncmp(id_str(it, "outcome"), "ok", 2);
	}
	ga_resp_free(&r);
	return found;
}

static void writes_and_photo_reads_are_audited(void **state)
{
	static const struct {
		int by;
		const char *action;
	} want[] = {
	    {DIR_A, "visit.create"},	{DIR_A, "visit.update"},
	    {DIR_A, "visit.photo.add"}, {DIR_A, "visit.photo.read"},
	    {SUP, "visit.photo.read"},	{PROT, "visit.photo.read"},
	    {SUP, "visit.correct"},	{DIR_A, "child.update"},
	};
	char secret[64];

	(void)state;
	id_enrol(S(AUDITOR), secret, sizeof(secret));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!audited(want[i].by, want[i].action))
			fail_msg("no audit entry %s", want[i].action);
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
	    cmocka_unit_test(record_and_read),
	    cmocka_unit_test(out_of_scope_is_not_found),
	    cmocka_unit_test(wrong_role_is_refused),
	    cmocka_unit_test(harm_is_flagged),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(replayed_uuid),
	    cmocka_unit_test(edit_within_seven_days),
	    cmocka_unit_test(dossier_in_same_transaction),
	    cmocka_unit_test(photos),
	    cmocka_unit_test(no_plaintext_at_rest),
	    cmocka_unit_test(visits_follow_a_transfer),
	    cmocka_unit_test(correct_after_seven_days),
	    cmocka_unit_test(writes_and_photo_reads_are_audited),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
