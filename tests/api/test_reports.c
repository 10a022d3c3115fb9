/*
 * Mandatory reports (强制报告, issue 6): a school reports an unknown child
 * (a dossier is created, a case opened, the county's police and protection
 * institution notified once, without personal data); a director reports a
 * known child (client_uuid replay). Who sees what: the reporter its
 * organisation's reports (status and dates only), another organisation
 * 404, the case team and police the narrative and the reporter (audited),
 * the city neither. The police's acknowledgement changes the reporter's
 * status; attachments by their bytes. The deadlines of the case: overdue
 * with an advanced clock, escalated once by `guanai daily`, on the board.
 * Bad input: unknown situation, future time, no child, out of scope,
 * oversized narrative, wrong role, wrong attachment type.
 */
#include "ident.h"

#include <time.h>

static const char *const VILLAGE = "500230001001";     /* 丰都县 */
static const char *const FAR_VILLAGE = "500242001001"; /* 酉阳县 */
static const char *const ORG = "丰都县第一小学";

struct who {
	const char *what, *role, *scope, *org;
	struct id_sess s;
	long long id;
	bool totp;
};

enum {
	REP,
	REP2,
	REPX,
	DIR,
	FAR_DIR,
	POLICE,
	PROT,
	COUNTY,
	CITY,
	FAR_POLICE,
	NWHO
};

static struct who who[NWHO] = {
    [REP] =
	{"rrep", "reporter", "500230000000", "丰都县第一小学", {{0}}, 0, false},
    [REP2] = {"rrep2",
	      "reporter",
	      "500230000000",
	      "丰都县第一小学",
	      {{0}},
	      0,
	      false},
    [REPX] = {"rrepx",
	      "reporter",
	      "500230000000",
	      "丰都县人民医院",
	      {{0}},
	      0,
	      false},
    [DIR] = {"rdir", "director", "500230001001", NULL, {{0}}, 0, false},
    [FAR_DIR] = {"rfdir", "director", "500242001001", NULL, {{0}}, 0, false},
    [POLICE] = {"rpolice", "police", "500230000000", NULL, {{0}}, 0, false},
    [PROT] = {"rprot", "protection", "500230000000", NULL, {{0}}, 0, false},
    [COUNTY] =
	{"rcounty", "county_civil", "500230000000", NULL, {{0}}, 0, true},
    [CITY] = {"rcity", "city_civil", "500000000000", NULL, {{0}}, 0, true},
    [FAR_POLICE] =
	{"rfpolice", "police", "500242000000", NULL, {{0}}, 0, false},
};

#define S(i) (&who[i].s)

static char tok[24];
static char secret[NWHO][64];
static long long kid, far_kid, rep_id, rep_case, dir_id;
static char when0[32]; /* the discovery time of every report */

static long long user_add(const struct who *w)
{
	char u[64], *out = NULL, *p;
	const char *argv[20] = {ga_bin(),
				"user",
				"add",
				"--db",
				ga_db_url(),
				"--username",
				id_name(u, sizeof(u), w->what),
				"--role",
				w->role,
				"--region",
				w->scope,
				"--password-stdin"};
	long long id = -1;
	int n = 12;

	if (w->org) {
		argv[n++] = "--org";
		argv[n++] = w->org;
	}
	argv[n] = NULL;
	if (ga_run(argv, ID_PASSWORD "\n", &out) == 0 && out &&
	    (p = strstr(out, ", id ")))
		id = strtoll(p + 5, NULL, 10);
	else
		fprintf(stderr, "user add %s: %s\n", w->what, out ? out : "");
	free(out);
	return id;
}

static long long make_child(const struct id_sess *s, const char *region,
			    const char *tag)
{
	char name[64];
	struct ga_resp r;
	long long id;
	json_t *b;

	snprintf(name, sizeof(name), "报告%s%s", tag, tok);
	b = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, "
		      "s:b, s:[], s:{s:s}, s:s, s:b, s:s}",
		      "name", name, "sex", "female", "birth_date", "2016-05-06",
		      "ethnicity", "汉族", "rural_hukou", 1, "region", region,
		      "address", "二组", "school_status", "primary", "boarding",
		      0, "health", "healthy", "serious_illness", 0,
		      "assistance", "guardian", "type", "grandparents",
		      "guardianship_level", "fair", "no_hukou", 1,
		      "no_hukou_reason", "未落户");
	jreq(s, "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	return id;
}

static const char *code_of(json_t *o)
{
	return json_string_value(
	    json_object_get(json_object_get(o, "error"), "code"));
}

static void now_text(long delta, char out[32])
{
	time_t t = ga_now() + delta;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* a report body about child_id (0: the unknown child body) */
static json_t *report_body(long long child_id, const char *situation)
{
	json_t *b;

	b = json_pack("{s:s, s:s, s:s, s:s, s:s}", "situation", situation,
		      "discovered_at", when0, "place", "学校门口小卖部旁",
		      "narrative", "孩子手臂多处淤青，说是家里人打的",
		      "urgency", "urgent");
	if (child_id)
		json_object_set_new(b, "child_id", json_integer(child_id));
	else
		json_object_set_new(
		    b, "child",
		    json_pack("{s:s, s:s, s:s, s:s}", "description",
			      "约八岁男孩，穿蓝色校服", "sex", "male",
			      "birth_date", "2018-01-01", "region", VILLAGE));
	return b;
}

static int post_report(int w, json_t *body, json_t **out)
{
	struct ga_resp r;
	int st;

	jreq(S(w), "POST", "/api/v1/reports", body, &r);
	st = (int)r.status;
	if (out)
		*out = json_incref(r.json);
	ga_resp_free(&r);
	return st;
}

static json_t *get(int w, const char *path, int expect)
{
	struct ga_resp r;
	json_t *o;

	id_req(S(w), "GET", path, NULL, &r);
	if (r.status != expect)
		print_error("GET %s: %ld, wanted %d: %s\n", path, r.status,
			    expect, r.body ? r.body : "");
	assert_int_equal(r.status, expect);
	o = json_incref(r.json);
	ga_resp_free(&r);
	return o;
}

static json_t *get_report(int w, long long id, int expect)
{
	char p[64];

	snprintf(p, sizeof(p), "/api/v1/reports/%lld", id);
	return get(w, p, expect);
}

/* notifications of kind for child, of account w */
static int notes_of(int w, const char *kind, long long child)
{
	json_t *o = get(w, "/api/v1/notifications", 200), *it;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(o, "items"), i, it)
	{
		if (!strcmp(id_str(it, "kind"), kind) &&
		    jint(it, "child_id") == child)
			n++;
	}
	json_decref(o);
	return n;
}

/* after the clock moved on by days: every session has expired */
static void log_in_again(void)
{
	char u[64], code[7];

	for (int i = 0; i < NWHO; i++) {
		const char *totp = NULL;

		if (who[i].totp) {
			id_totp_fresh(secret[i], code);
			totp = code;
		}
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      totp, S(i));
	}
}

/* ---- tests ---- */

static void accounts_log_in(void **state)
{
	char u[64];
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < NWHO; i++) {
		if (!who[i].totp) {
			id_must_login(id_name(u, sizeof(u), who[i].what),
				      ID_PASSWORD, NULL, S(i));
			continue;
		}
		assert_int_equal(id_login(id_name(u, sizeof(u), who[i].what),
					  ID_PASSWORD, NULL, S(i), &r),
				 200);
		ga_resp_free(&r);
		id_enrol(S(i), secret[i], sizeof(secret[i]));
	}
	now_text(-3600, when0);
	kid = make_child(S(DIR), VILLAGE, "甲");
	far_kid = make_child(S(FAR_DIR), FAR_VILLAGE, "乙");
}

static void reporter_reports_unknown_child(void **state)
{
	json_t *o = NULL, *c;
	char p[64];

	(void)state;
	assert_int_equal(
	    post_report(REP, report_body(0, "injury_violence"), &o), 201);
	rep_id = jint(o, "id");
	rep_case = jint(o, "case_id");
	assert_true(rep_id > 0 && rep_case > 0);
	assert_string_equal(id_str(o, "status"), "submitted");
	json_decref(o);
	/* the case team sees the case, opened by the report */
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", rep_case);
	c = get(PROT, p, 200);
	assert_string_equal(id_str(c, "source"), "report");
	assert_int_equal(jint(c, "source_id"), rep_id);
	assert_string_equal(id_str(c, "stage"), "received");
	assert_true(json_array_size(json_object_get(c, "deadlines")) >= 2);
	json_decref(c);
	/* the reporter never opens the case */
	c = get(REP, p, 403);
	json_decref(c);
}

/* an unknown child who matches a dossier (name, birth date, village) is
 * created and flagged by the registry's duplicate check */
static void unknown_child_flagged(void **state)
{
	char name[64], p[96];
	json_t *b, *o = NULL;

	(void)state;
	snprintf(name, sizeof(name), "报告甲%s", tok);
	b = report_body(0, "abandoned");
	json_object_set_new(b, "child",
			    json_pack("{s:s, s:s, s:s, s:s}", "name", name,
				      "sex", "female", "birth_date",
				      "2016-05-06", "region", VILLAGE));
	assert_int_equal(post_report(REP, b, &o), 201);
	json_decref(o);
	snprintf(p, sizeof(p), "/api/v1/duplicates?child=%lld", kid);
	o = get(DIR, p, 200);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
}

static void bad_reports(void **state)
{
	json_t *b, *o = NULL;
	char when[32];
	char big[5000];

	(void)state;
	assert_int_equal(post_report(REP, report_body(0, "bad_luck"), &o), 400);
	assert_string_equal(code_of(o), "bad_situation");
	json_decref(o);
	b = report_body(0, "abandoned");
	now_text(86400, when);
	json_object_set_new(b, "discovered_at", json_string(when));
	assert_int_equal(post_report(REP, b, &o), 400);
	assert_string_equal(code_of(o), "future_time");
	json_decref(o);
	b = report_body(0, "abandoned");
	json_object_del(b, "child");
	assert_int_equal(post_report(REP, b, &o), 400);
	assert_string_equal(code_of(o), "child_required");
	json_decref(o);
	/* an unknown child needs a name or a description */
	b = report_body(0, "abandoned");
	json_object_del(json_object_get(b, "child"), "description");
	assert_int_equal(post_report(REP, b, &o), 400);
	json_decref(o);
	/* a village outside the reporter's county */
	b = report_body(0, "abandoned");
	json_object_set_new(json_object_get(b, "child"), "region",
			    json_string(FAR_VILLAGE));
	assert_int_equal(post_report(REP, b, NULL), 400);
	/* reporters never name a dossier: a child_id is absent to them */
	assert_int_equal(post_report(REP, report_body(kid, "abandoned"), &o),
			 404);
	assert_string_equal(code_of(o), "child_not_found");
	json_decref(o);
	/* a director's child outside the village */
	assert_int_equal(
	    post_report(DIR, report_body(far_kid, "abandoned"), NULL), 404);
	assert_int_equal(
	    post_report(DIR, report_body(999999999, "abandoned"), NULL), 404);
	/* oversized narrative */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	b = report_body(kid, "abandoned");
	json_object_set_new(b, "narrative", json_string(big));
	assert_int_equal(post_report(DIR, b, NULL), 413);
	/* wrong role, unknown field */
	assert_int_equal(post_report(PROT, report_body(kid, "abandoned"), NULL),
			 403);
	b = report_body(kid, "abandoned");
	json_object_set_new(b, "colour", json_string("red"));
	assert_int_equal(post_report(DIR, b, NULL), 400);
	/* nothing of these was written: the police were notified once */
	assert_int_equal(notes_of(POLICE, "report_received", kid), 0);
}

static void who_sees_what(void **state)
{
	json_t *o, *items;
	size_t i;
	json_t *it;
	bool found = false;

	(void)state;
	/* the reporter: status and dates, nothing else */
	o = get_report(REP, rep_id, 200);
	assert_string_equal(id_str(o, "status"), "submitted");
	assert_string_equal(id_str(o, "situation"), "injury_violence");
	assert_null(json_object_get(o, "narrative"));
	assert_null(json_object_get(o, "place"));
	assert_null(json_object_get(o, "reporter"));
	assert_null(json_object_get(o, "case_id"));
	assert_null(json_object_get(o, "child_id"));
	json_decref(o);
	/* a colleague of the same school, not another organisation */
	o = get_report(REP2, rep_id, 200);
	json_decref(o);
	o = get_report(REPX, rep_id, 404);
	json_decref(o);
	o = get(REPX, "/api/v1/reports", 200);
	json_array_foreach(json_object_get(o, "items"), i, it)
	    assert_int_not_equal(jint(it, "id"), rep_id);
	json_decref(o);
	o = get(REP2, "/api/v1/reports", 200);
	items = json_object_get(o, "items");
	json_array_foreach(items, i, it) if (jint(it, "id") == rep_id) found =
	    true;
	assert_true(found);
	json_decref(o);
	/* the police and the case team: narrative, place, the reporter */
	o = get_report(POLICE, rep_id, 200);
	assert_string_equal(id_str(o, "narrative"),
			    "孩子手臂多处淤青，说是家里人打的");
	assert_string_equal(id_str(o, "place"), "学校门口小卖部旁");
	assert_string_equal(id_str(json_object_get(o, "reporter"), "org"), ORG);
	assert_int_equal(jint(o, "case_id"), rep_case);
	json_decref(o);
	o = get_report(COUNTY, rep_id, 200);
	assert_string_equal(id_str(o, "narrative"),
			    "孩子手臂多处淤青，说是家里人打的");
	json_decref(o);
	/* the city oversees: no narrative, no reporter */
	o = get_report(CITY, rep_id, 200);
	assert_null(json_object_get(o, "narrative"));
	assert_null(json_object_get(o, "reporter"));
	json_decref(o);
	/* another county's police: absent */
	o = get_report(FAR_POLICE, rep_id, 404);
	json_decref(o);
}

static void notified_once(void **state)
{
	struct ga_resp r;
	json_t *o, *c;
	char p[64];
	long long child;

	(void)state;
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", rep_case);
	c = get(PROT, p, 200);
	child = jint(c, "child_id");
	json_decref(c);
	assert_int_equal(notes_of(POLICE, "report_received", child), 1);
	assert_int_equal(notes_of(PROT, "report_received", child), 1);
	assert_int_equal(notes_of(FAR_POLICE, "report_received", child), 0);
	/* no personal data in a notification */
	id_req(S(POLICE), "GET", "/api/v1/notifications", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_null(strstr(r.body, "淤青"));
	assert_null(strstr(r.body, "蓝色校服"));
	assert_null(strstr(r.body, "小卖部"));
	ga_resp_free(&r);
	/* the reporter's bell works too (no worklist) */
	o = get(REP, "/api/v1/notifications", 200);
	json_decref(o);
}

static void acknowledged_status(void **state)
{
	struct ga_resp r;
	json_t *o;
	char p[96];

	(void)state;
	snprintf(p, sizeof(p), "/api/v1/cases/%lld/acknowledge", rep_case);
	jreq(S(PROT), "POST", p, json_pack("{}"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	o = get_report(REP, rep_id, 200);
	assert_string_equal(id_str(o, "status"), "received");
	assert_true(id_str(o, "received_at")[0]);
	json_decref(o);
	/* feedback only after 受案/立案, by the police */
	snprintf(p, sizeof(p), "/api/v1/reports/%lld/feedback", rep_id);
	id_req(S(POLICE), "POST", p, NULL, &r);
	GA_ASSERT_STATUS(&r, 409);
	ga_resp_free(&r);
	snprintf(p, sizeof(p), "/api/v1/cases/%lld/acknowledge", rep_case);
	jreq(S(POLICE), "POST", p, json_pack("{s:s}", "kind", "filed"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	o = get_report(REP, rep_id, 200);
	assert_string_equal(id_str(o, "status"), "police_filed");
	json_decref(o);
	snprintf(p, sizeof(p), "/api/v1/reports/%lld/feedback", rep_id);
	id_req(S(PROT), "POST", p, NULL, &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	id_req(S(POLICE), "POST", p, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	o = get_report(REP, rep_id, 200);
	assert_true(id_str(o, "feedback_at")[0]);
	json_decref(o);
}

static void director_replay(void **state)
{
	const char *uuid = "6f1c2b1e-8a55-4a8e-9a31-2f7e0c9d5b11";
	json_t *b, *o = NULL;
	long long first;

	(void)state;
	b = report_body(kid, "living_alone");
	json_object_set_new(b, "client_uuid", json_string(uuid));
	assert_int_equal(post_report(DIR, b, &o), 201);
	first = jint(o, "id");
	dir_id = first;
	json_decref(o);
	b = report_body(kid, "living_alone");
	json_object_set_new(b, "client_uuid", json_string(uuid));
	assert_int_equal(post_report(DIR, b, &o), 200);
	assert_int_equal(jint(o, "id"), first);
	json_decref(o);
	/* the same UUID with another body */
	b = report_body(kid, "guardian_failing");
	json_object_set_new(b, "client_uuid", json_string(uuid));
	assert_int_equal(post_report(DIR, b, &o), 409);
	json_decref(o);
	/* the director sees its own report, status only */
	o = get_report(DIR, first, 200);
	assert_null(json_object_get(o, "narrative"));
	json_decref(o);
	o = get_report(DIR, rep_id, 404);
	json_decref(o);
}

/* a visit of kid by the director, with report_requested as given */
static long long visit(bool requested)
{
	char today[11], path[96];
	time_t t = ga_now() + 8 * 3600;
	struct tm tm;
	struct ga_resp r;
	long long id;
	json_t *b;

	gmtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	b = json_pack("{s:s, s:s, s:[s], s:s, s:{s:{s:s, s:s}}, s:[s], s:s}",
		      "date", today, "kind", "regular", "met", "child",
		      "contact", "weekly", "findings", "safety", "level",
		      "danger", "note", "身上有伤", "actions", "guidance",
		      "next_steps", "报告");
	json_object_set_new(b, "report_requested", json_boolean(requested));
	snprintf(path, sizeof(path), "/api/v1/children/%lld/visits", kid);
	jreq(S(DIR), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	return id;
}

static void from_a_visit(void **state)
{
	long long asked = visit(true), not_asked = visit(false), id;
	json_t *b, *o = NULL;

	(void)state;
	b = report_body(kid, "injury_violence");
	json_object_set_new(b, "visit_id", json_integer(not_asked));
	assert_int_equal(post_report(DIR, b, &o), 409);
	assert_string_equal(code_of(o), "visit_no_report");
	json_decref(o);
	b = report_body(far_kid, "injury_violence");
	json_object_set_new(b, "visit_id", json_integer(asked));
	assert_int_equal(post_report(DIR, b, NULL), 404);
	b = report_body(kid, "injury_violence");
	json_object_set_new(b, "visit_id", json_integer(asked));
	assert_int_equal(post_report(DIR, b, &o), 201);
	id = jint(o, "id");
	json_decref(o);
	o = get_report(POLICE, id, 200);
	assert_string_equal(id_str(o, "source"), "visit");
	assert_int_equal(jint(o, "visit_id"), asked);
	json_decref(o);
}

static void upload(int w, long long id, const void *data, size_t len,
		   struct ga_resp *r)
{
	char path[96], cookie[260], csrf[120];
	const char *h[4] = {cookie, csrf,
			    "Content-Type: application/octet-stream", NULL};

	snprintf(path, sizeof(path), "/api/v1/reports/%lld/attachments", id);
	snprintf(cookie, sizeof(cookie), "Cookie: %s", S(w)->cookie);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", S(w)->csrf);
	ga_http("POST", path, h, data, len, r);
}

static void attachments(void **state)
{
	static const char pdf[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n";
	struct ga_resp r;
	json_t *o;
	char p[96];
	long long att;

	(void)state;
	upload(REP, rep_id, pdf, sizeof(pdf) - 1, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "mime"), "application/pdf");
	att = jint(r.json, "id");
	ga_resp_free(&r);
	upload(REP, rep_id, "just some words", 15, &r);
	GA_ASSERT_STATUS(&r, 415);
	ga_resp_free(&r);
	/* a colleague is not the author; another organisation neither */
	upload(REP2, rep_id, pdf, sizeof(pdf) - 1, &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	upload(REPX, rep_id, pdf, sizeof(pdf) - 1, &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	/* the case team reads it; the reporter and the city do not */
	snprintf(p, sizeof(p), "/api/v1/reports/%lld/attachments", rep_id);
	o = get(PROT, p, 200);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	o = get(REP, p, 404);
	json_decref(o);
	o = get(CITY, p, 404);
	json_decref(o);
	snprintf(p, sizeof(p), "/api/v1/reports/%lld/attachments/%lld", rep_id,
		 att);
	id_req(S(POLICE), "GET", p, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(r.len, sizeof(pdf) - 1);
	assert_int_equal(memcmp(r.body, pdf, sizeof(pdf) - 1), 0);
	ga_resp_free(&r);
}

static long daily_run(void)
{
	const char *argv[] = {ga_bin(),
			      "daily",
			      "--db",
			      ga_db_url(),
			      "--clock-offset-file",
			      ga_clock_file(),
			      NULL};
	char *out = NULL, *p;
	long n = -1;

	assert_int_equal(ga_run(argv, NULL, &out), 0);
	/* the case deadlines' line (the referrals' line escalates too) */
	p = out ? strstr(out, "case deadlines") : NULL;
	p = p ? strstr(p, "escalated") : NULL;
	if (p) {
		while (p > out && (p[-1] == ' '))
			p--;
		while (p > out && p[-1] >= '0' && p[-1] <= '9')
			p--;
		n = strtol(p, NULL, 10);
	}
	free(out);
	return n;
}

static int escalations(json_t *c, const char *key)
{
	json_t *it;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(c, "timeline"), i, it)
	{
		if (!strcmp(id_str(it, "kind"), "escalated") &&
		    !strcmp(id_str(it, "detail"), key))
			n++;
	}
	return n;
}

static void deadlines_escalate_once(void **state)
{
	json_t *c, *d, *it, *board;
	char p[64];
	size_t i;
	long long dcase;
	bool on_board = false;

	(void)state;
	/* the director's report: nobody acknowledged it yet */
	c = get_report(COUNTY, dir_id, 200);
	dcase = jint(c, "case_id");
	json_decref(c);
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", dcase);
	c = get(COUNTY, p, 200);
	json_array_foreach(json_object_get(c, "deadlines"), i, d)
	    assert_false(json_is_true(json_object_get(d, "overdue")));
	json_decref(c);
	/* two days later the acknowledgements are overdue */
	assert_int_equal(ga_clock_advance(2 * 86400), 0);
	log_in_again();
	c = get(COUNTY, p, 200);
	{
		bool prot = false;

		json_array_foreach(json_object_get(c, "deadlines"), i, d)
		{
			if (!strcmp(id_str(d, "key"), "protection_ack")) {
				prot = true;
				assert_true(json_is_true(
				    json_object_get(d, "overdue")));
				assert_true(json_is_null(
				    json_object_get(d, "done_at")));
			}
		}
		assert_true(prot);
	}
	json_decref(c);
	/* the board shows it in red */
	board = get(COUNTY, "/api/v1/cases/board", 200);
	json_array_foreach(json_object_get(board, "overdue"), i, it)
	{
		if (jint(it, "case_id") == dcase &&
		    !strcmp(id_str(it, "key"), "protection_ack"))
			on_board = true;
	}
	assert_true(on_board);
	assert_true(json_array_size(json_object_get(board, "stages")) == 6);
	json_decref(board);
	it = get(REP, "/api/v1/cases/board", 403);
	json_decref(it);
	/* escalated once, however often daily runs */
	assert_true(daily_run() >= 2);
	assert_int_equal(daily_run(), 0);
	c = get(COUNTY, p, 200);
	assert_int_equal(escalations(c, "protection_ack"), 1);
	assert_int_equal(escalations(c, "police_ack"), 1);
	json_decref(c);
	/* the rep case was acknowledged by both: only police feedback left,
	 * given, so nothing escalates there */
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", rep_case);
	c = get(COUNTY, p, 200);
	assert_int_equal(escalations(c, "protection_ack"), 0);
	json_decref(c);
	assert_true(notes_of(COUNTY, "case_overdue", kid) >= 1);
}

static void attach_window_closes(void **state)
{
	struct ga_resp r;

	(void)state;
	/* the clock is now two days on: the author's 24 h are over */
	upload(REP, rep_id, "%PDF-1.4\n", 9, &r);
	GA_ASSERT_STATUS(&r, 409);
	ga_resp_free(&r);
}

static void sealed_at_rest(void **state)
{
	size_t seen = 0;

	(void)state;
	if (ga_db_is_pg())
		skip();
	assert_false(id_db_holds("孩子手臂多处淤青", &seen));
	assert_false(id_db_holds("学校门口小卖部旁", &seen));
	assert_false(id_db_holds("蓝色校服", &seen));
	assert_true(id_db_holds("injury_violence", &seen));
	/* every read of a narrative and of an attachment is in the audit log */
	assert_true(id_db_holds("report.read_narrative", &seen));
	assert_true(id_db_holds("report.read_attachment", &seen));
}

static int setup(void **state)
{
	snprintf(tok, sizeof(tok), "R%ld%ld", (long)getpid() % 100000,
		 (long)time(NULL) % 1000);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++) {
		who[i].id = user_add(&who[i]);
		if (who[i].id <= 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(reporter_reports_unknown_child),
	    cmocka_unit_test(unknown_child_flagged),
	    cmocka_unit_test(bad_reports),
	    cmocka_unit_test(who_sees_what),
	    cmocka_unit_test(notified_once),
	    cmocka_unit_test(acknowledged_status),
	    cmocka_unit_test(director_replay),
	    cmocka_unit_test(from_a_visit),
	    cmocka_unit_test(attachments),
	    cmocka_unit_test(deadlines_escalate_once),
	    cmocka_unit_test(attach_window_closes),
	    cmocka_unit_test(sealed_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
