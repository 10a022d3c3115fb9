/*
 * Referrals between departments (服务转介, issue 6) through the API: a
 * director refers a child to education, which answers in its inbox
 * (accepted, then done with an outcome) and the director reads the answer;
 * every bad input on create (department, type, date, note, source, child
 * absent or out of scope, wrong role) and on answer (wrong department 403,
 * another county 404, out of order 409, stale version 409, missing reason);
 * who reads what (a department sees its inbox only, with the child's name
 * masked); the county board; the automatic police referral of a child
 * without household registration, once; and, on a private database, the
 * escalation of an overdue referral by `guanai daily` with a fixed day,
 * once, and the backfill of the automatic referral.
 *
 * Accounts come from the CLI (ident.h). Names carry this run's token so
 * that programs sharing a PostgreSQL database never collide.
 */
#include "domain/idcard.h"
#include "ident.h"
#include "store/db.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */
static const char *const COUNTY = "500229000000";    /* 城口县 */

enum { DIR_A, DIR_B, CIVIL, EDU, EDU_FAR, POLICE, HOTLINE, NWHO };

static struct {
	const char *what, *role, *scope;
	struct id_sess s;
	char secret[64];
} who[NWHO] = {
    [DIR_A] = {"rdira", "director", "500229212201", {{0}}, ""},
    [DIR_B] = {"rdirb", "director", "500229212202", {{0}}, ""},
    [CIVIL] = {"rcivil", "county_civil", "500229000000", {{0}}, ""},
    [EDU] = {"redu", "education", "500229000000", {{0}}, ""},
    [EDU_FAR] = {"redufar", "education", "500101000000", {{0}}, ""},
    [POLICE] = {"rpolice", "police", "500229000000", {{0}}, ""},
    [HOTLINE] = {"rhotline", "hotline", "500000000000", {{0}}, ""},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int serial;
static long long child_a, child_b, ref1;

/* ---- helpers ---- */

/* the server's today plus delta days (Asia/Shanghai) */
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

/* a rural boy of village: father at home, mother working away; no_hukou
 * makes him one without household registration */
static long long make_child(const struct id_sess *s, const char *village,
			    const char *name, bool no_hukou)
{
	char birth[11], idn[19];
	struct ga_resp r;
	long long id;
	json_t *b;

	make_child_id(birth, idn);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}], s:{s:s}, s:s}",
	    "name", name, "sex", "male", "birth_date", birth, "ethnicity",
	    "土家族", "rural_hukou", 1, "region", village, "address",
	    "鸡鸣乡三组", "school_status", "primary", "boarding", 0, "health",
	    "healthy", "serious_illness", 0, "assistance", "family", "relation",
	    "father", "name", "王大山", "situation", "home", "relation",
	    "mother", "name", "李小红", "situation", "migrant", "work_place",
	    "浙江省宁波市", "guardian", "type", "parents", "guardianship_level",
	    "fair");
	if (no_hukou) {
		json_object_set_new(b, "no_hukou", json_true());
		json_object_set_new(b, "no_hukou_reason",
				    json_string("超生未落户"));
	} else {
		json_object_set_new(b, "id_number", json_string(idn));
	}
	jreq(s, "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

static json_t *ref_body(long long child, const char *to, const char *type,
			const char *note)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "child_id", (json_int_t)child,
			 "to", to, "type", type, "note", note);
}

static void refer(const struct id_sess *s, json_t *body, struct ga_resp *r)
{
	jreq(s, "POST", "/api/v1/referrals", body, r);
}

static long long refer_ok(const struct id_sess *s, json_t *body)
{
	struct ga_resp r;
	long long id;

	refer(s, body, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

static void answer(const struct id_sess *s, long long id, const char *what,
		   const char *key, const char *text, long long version,
		   struct ga_resp *r)
{
	char path[96];
	json_t *b = json_pack("{s:s, s:I}", "answer", what, "version",
			      (json_int_t)version);

	if (key)
		json_object_set_new(b, key, json_string(text));
	snprintf(path, sizeof(path), "/api/v1/referrals/%lld/answer", id);
	jreq(s, "POST", path, b, r);
}

static void get(const struct id_sess *s, const char *path, int want,
		struct ga_resp *r)
{
	id_req(s, "GET", path, NULL, r);
	GA_ASSERT_STATUS(r, want);
}

/* the item with id in a list answer, or NULL (borrowed from r) */
static json_t *item_of(struct ga_resp *r, long long id)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(r->json, "items"), i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

/* ---- tests ---- */

static void accounts_log_in(void **state)
{
	char u[64];
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < NWHO; i++) {
		id_name(u, sizeof(u), who[i].what);
		assert_int_equal(id_login(u, ID_PASSWORD, NULL, S(i), &r), 200);
		if (json_is_true(
			json_object_get(r.json, "totp_enrollment_required")))
			id_enrol(S(i), who[i].secret, sizeof(who[i].secret));
		ga_resp_free(&r);
	}
}

static void refer_and_answer(void **state)
{
	char name[64], path[96], due[11];
	struct ga_resp r;
	json_t *it;

	(void)state;
	snprintf(name, sizeof(name), "陈转介%s", tok);
	child_a = make_child(S(DIR_A), VILLAGE_A, name, false);
	ref1 = refer_ok(S(DIR_A), ref_body(child_a, "education",
					   "dropout_return", "已辍学两个月"));

	/* the sender's view: the child's referrals, default due date */
	snprintf(path, sizeof(path), "/api/v1/referrals?child_id=%lld",
		 child_a);
	get(S(DIR_A), path, 200, &r);
	it = item_of(&r, ref1);
	assert_non_null(it);
	assert_string_equal(id_str(it, "status"), "sent");
	assert_string_equal(id_str(it, "note"), "已辍学两个月");
	assert_string_equal(id_str(it, "child_name"), name);
	assert_string_equal(id_str(it, "source"), "dossier");
	day(15, due);
	assert_string_equal(id_str(it, "due_date"), due);
	assert_true(json_is_false(json_object_get(it, "overdue")));
	assert_true(json_is_null(json_object_get(it, "case_id")));
	ga_resp_free(&r);

	/* education's inbox: the referral, the name masked */
	get(S(EDU), "/api/v1/referrals?inbox=1&status=sent", 200, &r);
	it = item_of(&r, ref1);
	assert_non_null(it);
	assert_string_not_equal(id_str(it, "child_name"), name);
	assert_true(strncmp(id_str(it, "child_name"), "陈", 3) == 0);
	assert_non_null(strchr(id_str(it, "child_name"), '*'));
	ga_resp_free(&r);

	answer(S(EDU), ref1, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "accepted");
	assert_int_equal(jint(r.json, "version"), 2);
	assert_int_equal(jint(r.json, "answered_by"), S(EDU)->account_id);
	ga_resp_free(&r);
	answer(S(EDU), ref1, "done", "outcome", "已劝返入学，就读三年级", 2,
	       &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "done");
	ga_resp_free(&r);

	/* the director reads the answer */
	snprintf(path, sizeof(path), "/api/v1/referrals/%lld", ref1);
	get(S(DIR_A), path, 200, &r);
	assert_string_equal(id_str(r.json, "status"), "done");
	assert_string_equal(id_str(r.json, "outcome"),
			    "已劝返入学，就读三年级");
	assert_int_equal(jint(r.json, "version"), 3);
	ga_resp_free(&r);

	/* a case and a hotline call: stored and filtered on */
	{
		json_t *b = ref_body(child_a, "women_fed", "family_education",
				     "家庭教育指导");
		long long id, case_id;
		char cq[96];

		/* a real case of child_a, opened by the county */
		jreq(S(CIVIL), "POST", "/api/v1/cases",
		     json_pack("{s:I, s:s}", "child_id", (json_int_t)child_a,
			       "urgency", "normal"),
		     &r);
		GA_ASSERT_STATUS(&r, 201);
		case_id = jint(r.json, "id");
		ga_resp_free(&r);
		/* no such case: 404; another child's case: 400 */
		{
			json_t *x = ref_body(child_a, "women_fed",
					     "family_education", "x");

			json_object_set_new(x, "case_id",
					    json_integer(987654321));
			jreq(S(DIR_A), "POST", "/api/v1/referrals", x, &r);
			GA_ASSERT_STATUS(&r, 404);
			ga_resp_free(&r);
		}
		snprintf(cq, sizeof(cq), "/api/v1/referrals?case_id=%lld",
			 case_id);
		json_object_set_new(b, "case_id", json_integer(case_id));
		json_object_set_new(b, "source", json_string("hotline"));
		json_object_set_new(b, "source_id", json_integer(4242));
		id = refer_ok(S(HOTLINE), b);
		get(S(DIR_A), cq, 200, &r);
		assert_non_null(item_of(&r, id));
		assert_null(item_of(&r, ref1));
		ga_resp_free(&r);
		get(S(DIR_A), "/api/v1/referrals?source=hotline&source_id=4242",
		    200, &r);
		it = item_of(&r, id);
		assert_non_null(it);
		assert_int_equal(jint(it, "case_id"), case_id);
		assert_int_equal(jint(it, "source_id"), 4242);
		ga_resp_free(&r);
		/* the case's timeline records the referral */
		snprintf(cq, sizeof(cq), "/api/v1/cases/%lld", case_id);
		get(S(CIVIL), cq, 200, &r);
		{
			json_t *tl = json_object_get(r.json, "timeline");
			json_t *last =
			    json_array_get(tl, json_array_size(tl) - 1);

			assert_string_equal(id_str(last, "kind"), "referral");
			assert_string_equal(id_str(last, "detail"),
					    "women_fed:family_education");
			assert_int_equal(jint(last, "ref_id"), id);
		}
		ga_resp_free(&r);
		/* the hotline reads its own door's referrals only, masked */
		get(S(HOTLINE), "/api/v1/referrals", 200, &r);
		it = item_of(&r, id);
		assert_non_null(it);
		assert_string_not_equal(id_str(it, "child_name"), name);
		assert_null(item_of(&r, ref1));
		ga_resp_free(&r);
		snprintf(path, sizeof(path), "/api/v1/referrals/%lld", ref1);
		get(S(HOTLINE), path, 404, &r);
		ga_resp_free(&r);
		get(S(HOTLINE), "/api/v1/referrals?source=dossier", 400, &r);
		ga_resp_free(&r);
	}
}

static void create_bad_input(void **state)
{
	char name[64], due[11], longnote[1100];
	struct ga_resp r;
	json_t *b;

	(void)state;
	snprintf(name, sizeof(name), "刘外村%s", tok);
	child_b = make_child(S(DIR_B), VILLAGE_B, name, false);

	refer(S(DIR_A), ref_body(child_a, "education", "legal_aid", "x"), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", "type");
	ga_resp_free(&r);
	refer(S(DIR_A), ref_body(child_a, "army", "service", "x"), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_department", "to");
	ga_resp_free(&r);
	refer(S(DIR_A), ref_body(child_a, "director", "service", "x"), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_department", "to");
	ga_resp_free(&r);

	b = ref_body(child_a, "police", "investigate", "x");
	json_object_set_new(b, "due_date", json_string("2025-02-30"));
	refer(S(DIR_A), b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "due_date");
	ga_resp_free(&r);
	b = ref_body(child_a, "police", "investigate", "x");
	day(-1, due);
	json_object_set_new(b, "due_date", json_string(due));
	refer(S(DIR_A), b, &r);
	GA_ASSERT_ERROR(&r, 400, "past_date", "due_date");
	ga_resp_free(&r);
	b = ref_body(child_a, "police", "investigate", "x");
	json_object_set_new(b, "source", json_string("auto"));
	refer(S(DIR_A), b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_source", "source");
	ga_resp_free(&r);
	b = ref_body(child_a, "police", "investigate", "x");
	json_object_set_new(b, "case_id", json_integer(0));
	refer(S(DIR_A), b, &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);

	memset(longnote, 'a', 1001);
	longnote[1001] = '\0';
	refer(S(DIR_A), ref_body(child_a, "police", "investigate", longnote),
	      &r);
	GA_ASSERT_STATUS(&r, 400);
	assert_string_equal(ga_error_field(&r), "note");
	ga_resp_free(&r);
	refer(S(DIR_A), ref_body(child_a, "police", "investigate", "  "), &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "note");
	ga_resp_free(&r);
	refer(S(DIR_A),
	      json_pack("{s:I, s:s, s:s}", "child_id", (json_int_t)child_a,
			"to", "police", "type", "investigate"),
	      &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	b = ref_body(child_a, "police", "investigate", "x");
	json_object_set_new(b, "colour", json_string("red"));
	refer(S(DIR_A), b, &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);

	/* absent, and outside the caller's village: the same 404 */
	refer(S(DIR_A), ref_body(999999999, "police", "investigate", "x"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	refer(S(DIR_A), ref_body(child_b, "police", "investigate", "x"), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);

	/* departments and the police do not send through this door */
	refer(S(EDU), ref_body(child_a, "police", "investigate", "x"), &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	refer(S(POLICE), ref_body(child_a, "education", "education_aid", "x"),
	      &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);

	/* nothing of the above was stored */
	{
		char path[96];

		snprintf(path, sizeof(path), "/api/v1/referrals?child_id=%lld",
			 child_a);
		get(S(DIR_A), path, 200, &r);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "items")), 2);
		ga_resp_free(&r);
	}
}

static void answer_bad_input(void **state)
{
	char path[96];
	struct ga_resp r;
	long long id;

	(void)state;
	id = refer_ok(S(DIR_A), ref_body(child_a, "education", "home_teaching",
					 "送教上门"));
	/* another department, another county, a sender */
	answer(S(POLICE), id, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_ERROR(&r, 403, "wrong_department", NULL);
	ga_resp_free(&r);
	answer(S(EDU_FAR), id, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	answer(S(DIR_A), id, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	answer(S(EDU), 999999999, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);

	answer(S(EDU), id, "maybe", NULL, NULL, 1, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_answer", "answer");
	ga_resp_free(&r);
	answer(S(EDU), id, "done", "outcome", "跳过接收", 1, &r);
	GA_ASSERT_ERROR(&r, 409, "out_of_order", "answer");
	ga_resp_free(&r);
	answer(S(EDU), id, "declined", NULL, NULL, 1, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "reason");
	ga_resp_free(&r);
	answer(S(EDU), id, "accepted", NULL, NULL, 7, &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);

	answer(S(EDU), id, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	answer(S(EDU), id, "accepted", NULL, NULL, 2, &r);
	GA_ASSERT_ERROR(&r, 409, "out_of_order", "answer");
	ga_resp_free(&r);
	answer(S(EDU), id, "accepted", NULL, NULL, 1, &r);
	GA_ASSERT_STATUS(&r, 409);
	ga_resp_free(&r);
	answer(S(EDU), id, "declined", "reason", "本县无送教教师", 2, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "declined");
	assert_string_equal(id_str(r.json, "reason"), "本县无送教教师");
	ga_resp_free(&r);
	answer(S(EDU), id, "done", "outcome", "x", 3, &r);
	GA_ASSERT_ERROR(&r, 409, "out_of_order", "answer");
	ga_resp_free(&r);
	/* done → accepted is refused too */
	answer(S(EDU), ref1, "accepted", NULL, NULL, 3, &r);
	GA_ASSERT_ERROR(&r, 409, "out_of_order", "answer");
	ga_resp_free(&r);

	snprintf(path, sizeof(path), "/api/v1/referrals/%lld", id);
	get(S(DIR_A), path, 200, &r);
	assert_string_equal(id_str(r.json, "status"), "declined");
	assert_int_equal(jint(r.json, "version"), 3);
	ga_resp_free(&r);
}

static void who_reads_what(void **state)
{
	char path[96];
	struct ga_resp r;
	json_t *it;
	size_t i;

	(void)state;
	/* a department's list is always its own inbox */
	get(S(EDU), "/api/v1/referrals", 200, &r);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	    assert_string_equal(id_str(it, "to"), "education");
	ga_resp_free(&r);
	get(S(POLICE), "/api/v1/referrals?inbox=1", 200, &r);
	assert_null(item_of(&r, ref1));
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/referrals/%lld", ref1);
	get(S(POLICE), path, 404, &r);
	ga_resp_free(&r);
	get(S(EDU_FAR), path, 404, &r);
	ga_resp_free(&r);
	get(S(EDU_FAR), "/api/v1/referrals?inbox=1", 200, &r);
	assert_null(item_of(&r, ref1));
	ga_resp_free(&r);
	/* another village's director: 404 like an absent one */
	get(S(DIR_B), path, 404, &r);
	ga_resp_free(&r);
	/* a sender has no inbox */
	get(S(DIR_A), "/api/v1/referrals?inbox=1", 403, &r);
	ga_resp_free(&r);
	/* bad filters */
	get(S(DIR_A), "/api/v1/referrals?status=lost", 400, &r);
	ga_resp_free(&r);
	get(S(DIR_A), "/api/v1/referrals?overdue=yes", 400, &r);
	ga_resp_free(&r);
	get(S(DIR_A), "/api/v1/referrals?limit=0", 400, &r);
	ga_resp_free(&r);
	get(S(DIR_A), "/api/v1/referrals?colour=red", 400, &r);
	ga_resp_free(&r);
	get(S(DIR_A), "/api/v1/referrals?overdue=1", 200, &r);
	assert_null(item_of(&r, ref1));
	ga_resp_free(&r);
	/* paging */
	snprintf(path, sizeof(path), "/api/v1/referrals?child_id=%lld&limit=1",
		 child_a);
	get(S(DIR_A), path, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(jint(r.json, "next") > 0);
	ga_resp_free(&r);
	get(S(EDU), "/api/v1/referrals/types", 200, &r);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 16);
	ga_resp_free(&r);
}

static void county_board(void **state)
{
	struct ga_resp r;
	json_t *it;
	size_t i;
	bool seen = false;

	(void)state;
	get(S(CIVIL), "/api/v1/referrals/board", 200, &r);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		if (!strcmp(id_str(it, "to"), "education")) {
			seen = true;
			assert_true(jint(it, "done") >= 1);
			assert_true(jint(it, "declined") >= 1);
		}
	}
	assert_true(seen);
	assert_true(json_is_integer(json_object_get(r.json, "overdue")));
	ga_resp_free(&r);
	get(S(DIR_A), "/api/v1/referrals/board", 403, &r);
	ga_resp_free(&r);
	get(S(EDU), "/api/v1/referrals/board", 403, &r);
	ga_resp_free(&r);
}

static int auto_referrals(long long child)
{
	char path[96];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	snprintf(path, sizeof(path), "/api/v1/referrals?child_id=%lld", child);
	get(S(DIR_A), path, 200, &r);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		if (!strcmp(id_str(it, "source"), "auto")) {
			assert_string_equal(id_str(it, "to"), "police");
			assert_string_equal(id_str(it, "type"),
					    "household_registration");
			n++;
		}
	}
	ga_resp_free(&r);
	return n;
}

static void no_hukou_referred_once(void **state)
{
	char name[64], path[96];
	struct ga_resp r;
	long long child;

	(void)state;
	snprintf(name, sizeof(name), "黑户%s", tok);
	child = make_child(S(DIR_A), VILLAGE_A, name, true);
	assert_int_equal(auto_referrals(child), 1);
	snprintf(path, sizeof(path), "/api/v1/children/%lld", child);
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 1, "grade", "三年级"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	assert_int_equal(auto_referrals(child), 1);
	/* a child with an ID number gets none */
	assert_int_equal(auto_referrals(child_a), 0);
	/* the police see it in their inbox */
	get(S(POLICE), "/api/v1/referrals?inbox=1&status=sent", 200, &r);
	{
		json_t *it;
		size_t i;
		bool seen = false;

		json_array_foreach(json_object_get(r.json, "items"), i, it)
		    seen = seen || jint(it, "child_id") == child;
		assert_true(seen);
	}
	ga_resp_free(&r);
}

/* a transfer takes the child's referrals to the new village */
static void referrals_follow_a_transfer(void **state)
{
	char name[64], path[96];
	struct ga_resp r;
	long long child, id, tid;

	(void)state;
	snprintf(name, sizeof(name), "搬家%s", tok);
	child = make_child(S(DIR_A), VILLAGE_A, name, false);
	id = refer_ok(S(DIR_A), ref_body(child, "hrss", "parent_jobs_training",
					 "父亲求职"));
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
	snprintf(path, sizeof(path), "/api/v1/referrals/%lld", id);
	get(S(DIR_B), path, 200, &r);
	assert_string_equal(id_str(r.json, "region"), VILLAGE_B);
	ga_resp_free(&r);
	get(S(DIR_A), path, 404, &r);
	ga_resp_free(&r);
}

/* ---- guanai daily, on a private database ---- */

/* the figure before `word` in daily's referral line */
static long daily(const char *url, const char *today, const char *word)
{
	const char *argv[] = {ga_bin(),	 "daily", "--db", url,
			      "--today", today,	  NULL};
	char *out = NULL;
	const char *p;
	long n = -1;

	assert_int_equal(ga_run(argv, NULL, &out), 0);
	p = out ? strstr(out, "转介 (referrals)") : NULL;
	assert_non_null(p);
	p = strstr(p, word);
	assert_non_null(p);
	while (p[-1] == ' ')
		p--;
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
	if (arg)
		assert_int_equal(db_bind_int64(st, 1, arg), GA_OK);
	if (db_step(st) == GA_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	db_close(conn);
	return n;
}

static void exec_sql(const char *url, const char *sql, long long arg)
{
	struct db *conn = NULL;
	struct db_stmt *st = NULL;

	assert_int_equal(db_open(url, &conn, NULL), GA_OK);
	assert_int_equal(db_prepare(conn, sql, &st), GA_OK);
	assert_int_equal(db_bind_int64(st, 1, arg), GA_OK);
	assert_int_equal(db_step(st), GA_DONE);
	db_finalize(st);
	db_close(conn);
}

static const char notes_of[] =
    "SELECT COUNT(*) FROM notification WHERE account_id = $1 AND kind = "
    "'referral_overdue'";

static void daily_escalates_once(void **state)
{
	static struct id_private_db pdb;
	const char *url = pdb.url;
	char u[64], when[11], due[11];
	long long dir, civil, edu, police, child, hukou, id;
	struct id_sess s;
	int port, pid;
	json_t *b;

	(void)state;
	id_private_db_open(&pdb, "ref_daily");
	dir = id_user_add_db(url, id_name(u, sizeof(u), "ddir"), "director",
			     VILLAGE_A, ID_PASSWORD, false);
	civil = id_user_add_db(url, id_name(u, sizeof(u), "dcivil"),
			       "county_civil", COUNTY, ID_PASSWORD, false);
	edu = id_user_add_db(url, id_name(u, sizeof(u), "dedu"), "education",
			     COUNTY, ID_PASSWORD, false);
	police = id_user_add_db(url, id_name(u, sizeof(u), "dpolice"), "police",
				COUNTY, ID_PASSWORD, false);
	assert_true(dir > 0 && civil > 0 && edu > 0 && police > 0);
	assert_int_equal(ga_extra_server_start(url, &port, &pid), 0);
	ga_use_port(port);
	id_must_login(id_name(u, sizeof(u), "ddir"), ID_PASSWORD, NULL, &s);
	child = make_child(&s, VILLAGE_A, "逾期", false);
	hukou = make_child(&s, VILLAGE_A, "补登", true);
	b = ref_body(child, "education", "psychological", "心理辅导");
	day(3, due);
	json_object_set_new(b, "due_date", json_string(due));
	id = refer_ok(&s, b);
	assert_true(id > 0);

	/* the backfill: an automatic referral lost is made again, once */
	exec_sql(url, "DELETE FROM referral WHERE child_id = $1", hukou);
	day(0, when);
	assert_int_equal(daily(url, when, "auto hukou"), 1);
	assert_int_equal(daily(url, when, "auto hukou"), 0);
	assert_int_equal(daily(url, when, "overdue escalated"), 0);

	/* due in 3 days: on the due day nothing, the day after once */
	day(3, when);
	assert_int_equal(daily(url, when, "overdue escalated"), 0);
	day(4, when);
	assert_int_equal(daily(url, when, "overdue escalated"), 1);
	assert_int_equal(count_sql(url, notes_of, edu), 1);
	assert_int_equal(count_sql(url, notes_of, civil), 1);
	assert_int_equal(count_sql(url, notes_of, police), 0);
	assert_int_equal(count_sql(url, notes_of, dir), 0);
	day(5, when);
	assert_int_equal(daily(url, when, "overdue escalated"), 0);
	assert_int_equal(count_sql(url, notes_of, edu), 1);
	/* the automatic referral (30 days) escalates to the police */
	day(31, when);
	assert_int_equal(daily(url, when, "overdue escalated"), 1);
	assert_int_equal(count_sql(url, notes_of, police), 1);
	assert_int_equal(count_sql(url, notes_of, civil), 2);
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
	snprintf(tok, sizeof(tok), "R%lu", seed % 100000000UL);
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
	    cmocka_unit_test(refer_and_answer),
	    cmocka_unit_test(create_bad_input),
	    cmocka_unit_test(answer_bad_input),
	    cmocka_unit_test(who_reads_what),
	    cmocka_unit_test(county_board),
	    cmocka_unit_test(no_hukou_referred_once),
	    cmocka_unit_test(referrals_follow_a_transfer),
	    cmocka_unit_test(daily_escalates_once),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
