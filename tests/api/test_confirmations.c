/*
 * Entrusted-guardianship confirmations (委托监护确认书, issue 5) through a
 * real server: whether a child needs one and its state; recording one
 * (201) and every bad input refused with nothing written (a minor
 * entrusted guardian, an invalid period, an unanswered check…); scope
 * (another village's director gets 404) and roles (403); correcting with
 * the version (409 when stale, and once signed); the printable form (a
 * one-page PDF); the signed scan (type by magic bytes, size cap, refused
 * when the answers bar signing) and reading it back (no-store); masked
 * and full reading; expiring and expired through the injectable clock;
 * no plain guardian name, phone or ID number in the SQLite file.
 *
 * Accounts come from the CLI (ident.h); names carry this run's token so
 * that programs sharing a PostgreSQL database never collide.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201";

enum { DIR_A, DIR_B, SUP, POLICE, EDU, AUDITOR, NWHO };

static struct {
	const char *what, *role, *scope;
	struct id_sess s;
} who[NWHO] = {
    [DIR_A] = {"cdira", "director", "500229212201", {{0}}},
    [DIR_B] = {"cdirb", "director", "500229212202", {{0}}},
    [SUP] = {"csup", "supervisor", "500229212000", {{0}}},
    [POLICE] = {"cpol", "police", "500229000000", {{0}}},
    [EDU] = {"cedu", "education", "500229000000", {{0}}},
    [AUDITOR] = {"caudit", "auditor", "500229000000", {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;
static long long child_migrant; /* both parents away, entrusted guardian */
static long long child_home;	/* father at home */

/* ---- helpers ---- */

/* the server's today plus days, as YYYY-MM-DD */
static void day(int days, char out[11])
{
	time_t t = ga_now() + 8 * 3600 + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* a valid ID number of someone born on birth (YYYYMMDD) */
static void make_id(const char *birth8, char out[19])
{
	char tmp[40];
	int seq = (int)((seed / 7 + (unsigned long)serial++ * 2) % 998) | 1;

	snprintf(tmp, sizeof(tmp), "500229%.8s%03d", birth8, seq);
	memcpy(out, tmp, 17);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void make_phone(int n, char out[16])
{
	snprintf(out, 16, "13%d%08lu", 5 + n % 4,
		 (seed * 7 + (unsigned long)n * 7919) % 100000000UL);
}

static long long make_child(const char *village, const char *father_sit)
{
	char birth[11], idn[19], name[64], b8[9];
	struct ga_resp r;
	long long id;
	json_t *b;

	day(-365 * 9, birth);
	snprintf(b8, sizeof(b8), "%.4s%.2s%.2s", birth, birth + 5, birth + 8);
	make_id(b8, idn);
	snprintf(name, sizeof(name), "陈小%d%s", serial, tok);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}], "
	    "s:{s:s, s:s, s:s, s:s}, s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "汉族", "rural_hukou", 1, "region", village, "address",
	    "鸡鸣乡五组", "school_status", "primary", "boarding", 0, "health",
	    "healthy", "serious_illness", 0, "assistance", "family", "relation",
	    "father", "name", "陈大海", "situation", father_sit, "work_place",
	    "广东省深圳市", "relation", "mother", "name", "刘春花", "situation",
	    "migrant", "work_place", "浙江省杭州市", "guardian", "type",
	    "entrusted", "name", "陈阿婆", "relation", "祖母", "phone",
	    "13900001111", "guardianship_level", "fair");
	jreq(S(DIR_A), "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	return id;
}

static const char *const check_ids[] = {
    "full_capacity", "able_to_care", "child_heard", "sexual_abuse",
    "maltreatment",  "abandonment",  "trafficking", "violence",
    "drugs",	     "alcohol",	     "gambling",    "neglect",
    "other_unfit"};

/* a valid form: an adult guardian, all fine, a year from today */
static json_t *form(const char *guardian, const char *gid, const char *phone)
{
	char start[11], end[11], key[40];
	json_t *b;

	day(0, start);
	day(364, end);
	b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		      "s:[s, s, s, s]}",
		      "period_start", start, "period_end", end, "father_name",
		      "陈大海", "father_phone", "13711112222", "mother_name",
		      "刘春花", "mother_phone", "13833334444", "guardian_name",
		      guardian, "guardian_id_number", gid, "guardian_phone",
		      phone, "guardian_relation", "祖母", "guardian_address",
		      "鸡鸣乡五组12号", "promises", "weekly_contact",
		      "notify_school", "notify_village", "act_on_notice");
	for (size_t i = 0; i < sizeof(check_ids) / sizeof(*check_ids); i++) {
		snprintf(key, sizeof(key), "check_%s", check_ids[i]);
		json_object_set_new(b, key, json_boolean(i < 3));
	}
	return b;
}

static json_t *good_form(int n)
{
	char gid[19], phone[16], name[64];

	make_id("19600301", gid);
	make_phone(n, phone);
	snprintf(name, sizeof(name), "陈阿婆%d%s", n, tok);
	return form(name, gid, phone);
}

static void create(const struct id_sess *s, long long child, json_t *b,
		   struct ga_resp *r)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/children/%lld/confirmations",
		 child);
	jreq(s, "POST", path, b, r);
}

static long long create_ok(long long child, json_t *b)
{
	struct ga_resp r;
	long long id;

	create(S(DIR_A), child, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

/* the child's list; *items (optional) gets a copy */
static void list(const struct id_sess *s, long long child, const char *q,
		 struct ga_resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/children/%lld/confirmations%s",
		 child, q ? q : "");
	id_req(s, "GET", path, NULL, r);
}

static void expect_state(long long child, const char *state, size_t n)
{
	struct ga_resp r;

	list(S(DIR_A), child, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	if (strcmp(id_str(r.json, "state"), state))
		fail_msg("state %s, want %s", id_str(r.json, "state"), state);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), n);
	ga_resp_free(&r);
}

static void one(const struct id_sess *s, const char *method, long long id,
		const char *sub, json_t *body, struct ga_resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/confirmations/%lld%s", id,
		 sub ? sub : "");
	jreq(s, method, path, body, r);
}

static void upload(const struct id_sess *s, long long id, const char *type,
		   const void *data, size_t len, struct ga_resp *r)
{
	char path[128], cookie[260], csrf[120], ct[80];
	const char *h[4] = {cookie, csrf, ct, NULL};

	snprintf(path, sizeof(path), "/api/v1/confirmations/%lld/scan", id);
	snprintf(cookie, sizeof(cookie), "Cookie: %s", s->cookie);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", s->csrf);
	snprintf(ct, sizeof(ct), "Content-Type: %s", type);
	ga_http("POST", path, h, data, len, r);
}

static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J',
				     'F',  'I',	 'F',  0,    1, 1,  0};

/* ---- tests ---- */

/* the reason of the child's confirmation item on DIR_A's worklist, or "" */
static char worklist_reason[48];

static const char *confirmation_on_worklist(long long child)
{
	struct ga_resp r;
	size_t i;
	json_t *it;

	worklist_reason[0] = '\0';
	id_req(S(DIR_A), "GET", "/api/v1/worklist", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		const char *why = id_str(it, "reason");

		if (jint(it, "child_id") == child &&
		    !strncmp(why, "confirmation_", 13))
			snprintf(worklist_reason, sizeof(worklist_reason), "%s",
				 why);
	}
	ga_resp_free(&r);
	return worklist_reason;
}

static void accounts_log_in(void **state)
{
	char u[64];

	(void)state;
	for (int i = 0; i < AUDITOR; i++)
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
	child_migrant = make_child(VILLAGE_A, "migrant");
	child_home = make_child(VILLAGE_A, "home");
}

static void required_and_recorded(void **state)
{
	struct ga_resp r;
	json_t *it;
	long long id;

	(void)state;
	list(S(DIR_A), child_migrant, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_true(json_object_get(r.json, "required")));
	assert_string_equal(id_str(r.json, "state"), "missing");
	ga_resp_free(&r);
	list(S(DIR_A), child_home, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_false(json_object_get(r.json, "required")));
	assert_string_equal(id_str(r.json, "state"), "not_required");
	ga_resp_free(&r);
	/* the director's worklist asks for it */
	assert_string_equal(confirmation_on_worklist(child_migrant),
			    "confirmation_missing");
	assert_string_equal(confirmation_on_worklist(child_home), "");

	create(S(DIR_A), child_migrant, good_form(1), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "status"), "pending");
	assert_true(json_is_true(json_object_get(r.json, "signable")));
	assert_int_equal(jint(r.json, "version"), 1);
	assert_string_equal(id_str(r.json, "region"), VILLAGE_A);
	assert_true(json_is_true(json_object_get(
	    json_object_get(r.json, "checks"), "full_capacity")));
	assert_int_equal(json_array_size(json_object_get(r.json, "promises")),
			 4);
	ga_resp_free(&r);
	expect_state(child_migrant, "pending", 1);
	assert_string_equal(confirmation_on_worklist(child_migrant),
			    "confirmation_pending");
	list(S(SUP), child_migrant, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	it = json_array_get(json_object_get(r.json, "items"), 0);
	assert_int_equal(jint(it, "id"), id);
	ga_resp_free(&r);
}

static void bad_input_writes_nothing(void **state)
{
	char gid[19], start[11], end[11];
	struct ga_resp r;
	json_t *b;

	(void)state;
	/* an entrusted guardian of 16 */
	{
		char b8[9], born[11];

		day(-365 * 16, born);
		snprintf(b8, sizeof(b8), "%.4s%.2s%.2s", born, born + 5,
			 born + 8);
		make_id(b8, gid);
	}
	create(S(DIR_A), child_migrant, form("少年甲", gid, "13500000000"), &r);
	GA_ASSERT_ERROR(&r, 400, "guardian_minor", "guardian_id_number");
	assert_non_null(strstr(ga_error_message(&r), "成年"));
	ga_resp_free(&r);
	/* the same by birth date alone */
	b = good_form(2);
	json_object_del(b, "guardian_id_number");
	day(-365 * 10, start);
	json_object_set_new(b, "guardian_birth_date", json_string(start));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "guardian_minor", NULL);
	ga_resp_free(&r);
	/* the period the wrong way round, and too long */
	b = good_form(2);
	day(10, start);
	day(5, end);
	json_object_set_new(b, "period_start", json_string(start));
	json_object_set_new(b, "period_end", json_string(end));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_period", "period_end");
	ga_resp_free(&r);
	b = good_form(2);
	day(365 * 3 + 2, end);
	json_object_set_new(b, "period_end", json_string(end));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "period_too_long", "period_end");
	ga_resp_free(&r);
	b = good_form(2);
	json_object_set_new(b, "period_start", json_string("2026-02-30"));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "period_start");
	ga_resp_free(&r);
	/* a check unanswered, an unknown promise, a bad ID, no guardian */
	b = good_form(2);
	json_object_del(b, "check_drugs");
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "check_drugs");
	ga_resp_free(&r);
	b = good_form(2);
	json_object_set_new(b, "promises", json_pack("[s]", "call_monthly"));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_promise", NULL);
	ga_resp_free(&r);
	b = good_form(2);
	make_id("19600301", gid);
	gid[17] = gid[17] == '1' ? '2' : '1';
	json_object_set_new(b, "guardian_id_number", json_string(gid));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_id_number", "guardian_id_number");
	ga_resp_free(&r);
	b = good_form(2);
	json_object_set_new(b, "guardian_phone", json_string("call me"));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_phone", "guardian_phone");
	ga_resp_free(&r);
	b = good_form(2);
	json_object_set_new(b, "colour", json_string("red"));
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "colour");
	ga_resp_free(&r);
	b = good_form(2);
	json_object_del(b, "father_name");
	json_object_del(b, "mother_name");
	create(S(DIR_A), child_migrant, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "father_name");
	ga_resp_free(&r);
	/* nothing was written */
	expect_state(child_migrant, "pending", 1);
}

static void scope_and_roles(void **state)
{
	struct ga_resp r;
	long long id;

	(void)state;
	id = create_ok(child_migrant, good_form(3));
	create(S(DIR_B), child_migrant, good_form(3), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	list(S(DIR_B), child_migrant, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	one(S(DIR_B), "GET", id, NULL, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	one(S(DIR_B), "GET", id, "/form.pdf", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	upload(S(DIR_B), id, "image/jpeg", jpeg, sizeof(jpeg), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	one(S(DIR_A), "GET", 999999999, NULL, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* police read (child.read) but neither record nor print */
	one(S(POLICE), "GET", id, NULL, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	create(S(POLICE), child_migrant, good_form(3), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	one(S(POLICE), "GET", id, "/form.pdf", NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	list(S(EDU), child_migrant, NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	id_req(NULL, "GET", "/api/v1/confirmations/1", NULL, &r);
	GA_ASSERT_STATUS(&r, 401);
	ga_resp_free(&r);
}

static void correct_with_version(void **state)
{
	struct ga_resp r;
	long long id;
	json_t *b;

	(void)state;
	id = create_ok(child_migrant, good_form(4));
	b = good_form(4);
	json_object_set_new(b, "version", json_integer(7));
	one(S(DIR_A), "PATCH", id, NULL, b, &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	assert_non_null(strstr(ga_error_message(&r), "1"));
	ga_resp_free(&r);
	b = good_form(4);
	json_object_set_new(b, "guardian_relation", json_string("外祖母"));
	json_object_set_new(b, "version", json_integer(1));
	one(S(DIR_A), "PATCH", id, NULL, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(
	    id_str(json_object_get(r.json, "parties"), "guardian_relation"),
	    "外祖母");
	ga_resp_free(&r);
	/* a minor in a correction is refused too, and nothing changes */
	{
		char gid[19];

		make_id("20150101", gid);
		b = form("少年乙", gid, "13500000001");
		json_object_set_new(b, "version", json_integer(2));
		one(S(DIR_A), "PATCH", id, NULL, b, &r);
		GA_ASSERT_ERROR(&r, 400, "guardian_minor", NULL);
		ga_resp_free(&r);
	}
	one(S(DIR_A), "GET", id, NULL, NULL, &r);
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);
	b = good_form(4);
	json_object_set_new(b, "version", json_integer(2));
	one(S(POLICE), "PATCH", id, NULL, b, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
}

static void printable_form(void **state)
{
	struct ga_resp r;
	long long id;

	(void)state;
	id = create_ok(child_migrant, good_form(5));
	one(S(DIR_A), "GET", id, "/form.pdf", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "application/pdf");
	GA_ASSERT_NO_STORE(&r);
	assert_true(r.len > 1000);
	assert_memory_equal(r.body, "%PDF-", 5);
	/* one page: the page tree counts one */
	assert_true(ga_memmem(r.body, r.len, "/Count 1"));
	assert_false(ga_memmem(r.body, r.len, "/Count 2"));
	ga_resp_free(&r);
}

static void signed_scan(void **state)
{
	static unsigned char big[(5 << 20) + 1];
	struct ga_resp r;
	long long id;
	json_t *b;

	(void)state;
	id = create_ok(child_migrant, good_form(6));
	upload(S(DIR_A), id, "text/plain", "hello", 5, &r);
	GA_ASSERT_ERROR(&r, 415, "unsupported_media_type", NULL);
	ga_resp_free(&r);
	upload(S(DIR_A), id, "image/png", "GIF89a....", 10, &r);
	GA_ASSERT_ERROR(&r, 415, "unsupported_media_type", NULL);
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	upload(S(DIR_A), id, "image/jpeg", "", 0, &r);
	GA_ASSERT_ERROR(&r, 400, "empty_scan", NULL);
	ga_resp_free(&r);
	memcpy(big, jpeg, sizeof(jpeg));
	upload(S(DIR_A), id, "image/jpeg", big, sizeof(big), &r);
	GA_ASSERT_ERROR(&r, 413, "too_large", NULL);
	ga_resp_free(&r);
	one(S(DIR_A), "GET", id, "/scan", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* police may not upload */
	upload(S(POLICE), id, "image/jpeg", jpeg, sizeof(jpeg), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);

	upload(S(DIR_A), id, "image/jpeg", jpeg, sizeof(jpeg), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "signed");
	assert_string_equal(id_str(json_object_get(r.json, "scan"), "mime"),
			    "image/jpeg");
	ga_resp_free(&r);
	expect_state(child_migrant, "signed", 5);
	/* signed for a year: off the worklist */
	assert_string_equal(confirmation_on_worklist(child_migrant), "");
	/* signed: no second scan, no correction */
	upload(S(DIR_A), id, "image/jpeg", jpeg, sizeof(jpeg), &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	b = good_form(6);
	json_object_set_new(b, "version", json_integer(2));
	one(S(DIR_A), "PATCH", id, NULL, b, &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	/* the scan back, as stored, never cached */
	one(S(DIR_A), "GET", id, "/scan", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "image/jpeg");
	GA_ASSERT_HEADER_CONTAINS(&r, "Cache-Control", "no-store");
	assert_int_equal(r.len, sizeof(jpeg));
	assert_memory_equal(r.body, jpeg, sizeof(jpeg));
	ga_resp_free(&r);
	one(S(SUP), "GET", id, "/scan", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	one(S(POLICE), "GET", id, "/scan", NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	one(S(DIR_B), "GET", id, "/scan", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void unfit_guardian_cannot_sign(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
	struct ga_resp r;
	long long child, id;
	json_t *b;

	(void)state;
	child = make_child(VILLAGE_A, "dead");
	b = good_form(7);
	json_object_set_new(b, "check_drugs", json_true());
	create(S(DIR_A), child, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(json_is_false(json_object_get(r.json, "signable")));
	assert_string_equal(id_str(json_object_get(r.json, "unfit"), "field"),
			    "drugs");
	ga_resp_free(&r);
	upload(S(DIR_A), id, "application/pdf", pdf, sizeof(pdf) - 1, &r);
	GA_ASSERT_ERROR(&r, 409, "guardian_unfit", "drugs");
	ga_resp_free(&r);
	expect_state(child, "pending", 1);
	/* corrected, it may be signed, and a PDF scan is fine */
	b = good_form(7);
	json_object_set_new(b, "version", json_integer(1));
	one(S(DIR_A), "PATCH", id, NULL, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	upload(S(DIR_A), id, "application/octet-stream", pdf, sizeof(pdf) - 1,
	       &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(json_object_get(r.json, "scan"), "mime"),
			    "application/pdf");
	ga_resp_free(&r);
	expect_state(child, "signed", 1);
}

static void masked_and_full(void **state)
{
	char gid[19], phone[16], name[64];
	struct ga_resp r;
	json_t *p;
	long long id;

	(void)state;
	make_id("19650505", gid);
	make_phone(8, phone);
	snprintf(name, sizeof(name), "陈阿公%s", tok);
	id = create_ok(child_home, form(name, gid, phone));
	one(S(DIR_A), "GET", id, NULL, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	p = json_object_get(r.json, "parties");
	assert_string_equal(id_str(p, "guardian_name"), name);
	assert_non_null(strchr(id_str(p, "guardian_id_number"), '*'));
	assert_non_null(strchr(id_str(p, "guardian_phone"), '*'));
	assert_null(strstr(r.body, gid));
	assert_null(strstr(r.body, phone));
	ga_resp_free(&r);
	one(S(DIR_A), "GET", id, "?unmask=1", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	p = json_object_get(r.json, "parties");
	assert_string_equal(id_str(p, "guardian_id_number"), gid);
	assert_string_equal(id_str(p, "guardian_phone"), phone);
	assert_string_equal(id_str(p, "guardian_birth_date"), "1965-05-05");
	ga_resp_free(&r);
	list(S(DIR_A), child_home, "?unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_non_null(strstr(r.body, gid));
	ga_resp_free(&r);
	one(S(DIR_A), "GET", id, "?unmask=2", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "unmask");
	ga_resp_free(&r);
	/* not required for this child, whatever is recorded */
	list(S(DIR_A), child_home, NULL, &r);
	assert_string_equal(id_str(r.json, "state"), "not_required");
	ga_resp_free(&r);
}

static void no_plaintext_at_rest(void **state)
{
	char gid[19], phone[16], name[64];
	const char *needles[3];
	size_t total = 0;

	(void)state;
	if (ga_db_is_pg())
		skip(); /* the registry test reads pg_dump; SQLite here */
	make_id("19580808", gid);
	make_phone(9, phone);
	snprintf(name, sizeof(name), "陈秘密%s", tok);
	create_ok(child_migrant, form(name, gid, phone));
	needles[0] = gid;
	needles[1] = phone;
	needles[2] = name;
	for (int i = 0; i < 3; i++)
		if (id_db_holds(needles[i], &total))
			fail_msg("the database holds \"%s\"", needles[i]);
	assert_true(total > 0);
}

/* an accepted transfer moves the child's confirmations into the new
 * village's scope */
static void follows_a_transfer(void **state)
{
	char path[96];
	struct ga_resp r;
	long long child, id, tid;

	(void)state;
	child = make_child(VILLAGE_A, "migrant");
	id = create_ok(child, good_form(11));
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", child);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", "500229212202", "version", 1),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	tid = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	jreq(S(DIR_B), "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	one(S(DIR_B), "GET", id, NULL, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "region"), "500229212202");
	ga_resp_free(&r);
	one(S(DIR_A), "GET", id, NULL, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

/* entries of action by DIR_A (the auditor needs TOTP: enrolled here) */
static int audit_count(const char *action, const char *outcome)
{
	static char secret[64];
	char path[256], u[64];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	if (!S(AUDITOR)->cookie[0]) {
		id_login(id_name(u, sizeof(u), who[AUDITOR].what), ID_PASSWORD,
			 NULL, S(AUDITOR), &r);
		if (json_is_true(
			json_object_get(r.json, "totp_enrollment_required")))
			id_enrol(S(AUDITOR), secret, sizeof(secret));
		ga_resp_free(&r);
	}
	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=%s&account=%lld&limit=500", action,
		 S(DIR_A)->account_id);
	id_req(S(AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		if (!strcmp(id_str(it, "outcome"), outcome))
			n++;
	}
	ga_resp_free(&r);
	return n;
}

/* every write and every read of full numbers or the scan left an entry */
/* an offline phone sends the same form again until it hears: stored once */
static void sent_twice_is_stored_once(void **state)
{
	char uuid[40];
	struct ga_resp r;
	long long child, id;
	json_t *b;

	(void)state;
	child = make_child(VILLAGE_A, "migrant");
	/* unique to this run: programs share one PostgreSQL database */
	snprintf(uuid, sizeof(uuid), "6a1f0e2d-3c4b-4a59-8e7f-%012llx",
		 (unsigned long long)getpid() * 1000003ULL +
		     (unsigned long long)time(NULL) % 1000003ULL);
	b = good_form(40);
	json_object_set_new(b, "client_uuid", json_string(uuid));
	create(S(DIR_A), child, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	create(S(DIR_A), child, json_deep_copy(b), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "id"), id);
	ga_resp_free(&r);
	expect_state(child, "pending", 1);
	/* the same UUID with another form is another write: refused */
	json_object_set_new(b, "guardian_relation", json_string("外婆"));
	create(S(DIR_A), child, b, &r);
	GA_ASSERT_ERROR(&r, 409, "uuid_reused", "client_uuid");
	ga_resp_free(&r);
	b = good_form(41);
	json_object_set_new(b, "client_uuid", json_string("nope"));
	create(S(DIR_A), child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "client_uuid");
	ga_resp_free(&r);
	expect_state(child, "pending", 1);
}

static void audited(void **state)
{
	(void)state;
	assert_true(audit_count("confirmation.create", "ok") >= 5);
	assert_true(audit_count("confirmation.update", "ok") >= 2);
	assert_true(audit_count("confirmation.sign", "ok") >= 2);
	assert_true(audit_count("confirmation.print", "ok:unmasked") >= 1);
	assert_true(audit_count("confirmation.scan", "ok") >= 1);
	assert_true(audit_count("confirmation.unmask", "ok") >= 2);
}

/* the clock moved past the sessions' lifetime: log in again */
static void relog(void)
{
	char u[64];

	id_must_login(id_name(u, sizeof(u), who[DIR_A].what), ID_PASSWORD, NULL,
		      S(DIR_A));
}

/* last: moves the server's clock */
static void expiring_then_expired(void **state)
{
	char start[11], end[11];
	struct ga_resp r;
	long long child, id;
	json_t *b;

	(void)state;
	child = make_child(VILLAGE_A, "prison");
	b = good_form(10);
	day(0, start);
	day(40, end);
	json_object_set_new(b, "period_start", json_string(start));
	json_object_set_new(b, "period_end", json_string(end));
	id = create_ok(child, b);
	upload(S(DIR_A), id, "image/jpeg", jpeg, sizeof(jpeg), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	expect_state(child, "signed", 1);
	assert_int_equal(ga_clock_advance(15 * 86400), 0);
	relog();
	expect_state(child, "expiring", 1);
	list(S(DIR_A), child, NULL, &r);
	assert_string_equal(id_str(r.json, "due_date"), end);
	ga_resp_free(&r);
	assert_int_equal(ga_clock_advance(30 * 86400), 0);
	relog();
	expect_state(child, "expired", 1);
	one(S(DIR_A), "GET", id, NULL, NULL, &r);
	assert_string_equal(id_str(r.json, "status"), "expired");
	ga_resp_free(&r);
	/* a pending one that ran out cannot be signed any more */
	list(S(DIR_A), child_migrant, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(required_and_recorded),
	    cmocka_unit_test(bad_input_writes_nothing),
	    cmocka_unit_test(scope_and_roles),
	    cmocka_unit_test(correct_with_version),
	    cmocka_unit_test(printable_form),
	    cmocka_unit_test(signed_scan),
	    cmocka_unit_test(unfit_guardian_cannot_sign),
	    cmocka_unit_test(masked_and_full),
	    cmocka_unit_test(no_plaintext_at_rest),
	    cmocka_unit_test(follows_a_transfer),
	    cmocka_unit_test(sent_twice_is_stored_once),
	    cmocka_unit_test(audited),
	    cmocka_unit_test(expiring_then_expired),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
