/*
 * Case plans, conferences and closure (issue 6): plan items (the happy
 * path and every refusal: bad kind, bad or past or far due date, missing
 * unit, too long text, stage gate 409, wrong role 403, out of scope 404,
 * stale version 409), conferences whose decisions become plan items,
 * plan_items gating assistance → follow_up, the interim assessment record,
 * closure request → self-approval refused → approval → reopen, decline and
 * withdrawal; sealed texts are not in the database in clear.
 */
#include "ident.h"

#include <time.h>

static const char *const VILLAGE = "500230001001"; /* 丰都县 */

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
	long long id;
};

enum { DIR, POLICE, PROT, COUNTY, COUNTY2, FAR_PROT, FAR_DIR, NWHO };

static struct who who[NWHO] = {
    [DIR] = {"pdir", "director", "500230001001", {{0}}, 0},
    [POLICE] = {"ppolice", "police", "500230000000", {{0}}, 0},
    [PROT] = {"pprot", "protection", "500230000000", {{0}}, 0},
    [COUNTY] = {"pcounty", "county_civil", "500230000000", {{0}}, 0},
    [COUNTY2] = {"pcounty2", "county_civil", "500230000000", {{0}}, 0},
    [FAR_PROT] = {"pfar", "protection", "500242000000", {{0}}, 0},
    [FAR_DIR] = {"pfardir", "director", "500242001001", {{0}}, 0},
};

#define S(i) (&who[i].s)

static char tok[24];
static long long kid, case_id, case2_id, item1, item2, item3, item4;

/* today (Asia/Shanghai) plus days, "YYYY-MM-DD" */
static const char *day(long days)
{
	static char out[4][16];
	static int n;
	time_t t = time(NULL) + ga_clock_offset() + 8 * 3600 + days * 86400;
	struct tm tm;
	char *o = out[n++ % 4];

	gmtime_r(&t, &tm);
	strftime(o, 16, "%Y-%m-%d", &tm);
	return o;
}

static const char *code_of(json_t *o)
{
	const char *s = json_string_value(
	    json_object_get(json_object_get(o, "error"), "code"));

	return s ? s : "";
}

/* any request; returns the status; *out keeps the body when given */
static int call(int w, const char *method, const char *path, json_t *body,
		json_t **out)
{
	struct ga_resp r;
	int st;

	jreq(S(w), method, path, body, &r);
	st = (int)r.status;
	if (out)
		*out = json_incref(r.json);
	ga_resp_free(&r);
	return st;
}

/* call and check the status (and the error code when given) */
static json_t *expect(int w, const char *method, const char *path, json_t *body,
		      int status, const char *code)
{
	json_t *o = NULL;
	int st = call(w, method, path, body, &o);

	if (st != status || (code && strcmp(code_of(o), code)))
		print_error("%s %s: %d %s, wanted %d %s\n", method, path, st,
			    json_dumps(o, 0), status, code ? code : "");
	assert_int_equal(st, status);
	if (code)
		assert_string_equal(code_of(o), code);
	return o;
}

static void check(int w, const char *method, const char *path, json_t *body,
		  int status, const char *code)
{
	json_decref(expect(w, method, path, body, status, code));
}

static const char *cp(long long id, const char *tail)
{
	static char p[4][128];
	static int n;
	char *o = p[n++ % 4];

	snprintf(o, 128, "/api/v1/cases/%lld%s", id, tail);
	return o;
}

static const char *ip(long long id)
{
	static char p[64];

	snprintf(p, sizeof(p), "/api/v1/plan-items/%lld", id);
	return p;
}

static json_t *item(const char *kind, const char *desc, const char *due)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "kind", kind, "description",
			 desc, "unit_role", "education", "due_date", due);
}

static void move(int w, long long id, const char *to, const char *extra,
		 int status, const char *code)
{
	json_t *b = json_pack("{s:s, s:s}", "to", to, "note", "阶段说明");

	if (extra && !strcmp(to, "assessment"))
		json_object_set_new(b, "safety", json_string(extra));
	else if (extra)
		json_object_set_new(b, "reason", json_string(extra));
	check(w, "POST", cp(id, "/transitions"), b, status, code);
}

static json_t *get_case(long long id)
{
	return expect(PROT, "GET", cp(id, ""), NULL, 200, NULL);
}

static long long case_int(long long id, const char *key)
{
	json_t *o = get_case(id);
	long long v = jint(o, key);

	json_decref(o);
	return v;
}

static long long open_case(void)
{
	json_t *o = expect(PROT, "POST", "/api/v1/cases",
			   json_pack("{s:I, s:s}", "child_id", (json_int_t)kid,
				     "urgency", "urgent"),
			   201, NULL);
	long long id = jint(o, "id");

	json_decref(o);
	return id;
}

/* ---- tests ---- */

static void accounts_and_case(void **state)
{
	char u[64], name[64], secret[64];
	struct ga_resp r;
	json_t *o;

	(void)state;
	for (int i = 0; i < NWHO; i++) {
		if (i == COUNTY || i == COUNTY2) {
			assert_int_equal(
			    id_login(id_name(u, sizeof(u), who[i].what),
				     ID_PASSWORD, NULL, S(i), &r),
			    200);
			ga_resp_free(&r);
			id_enrol(S(i), secret, sizeof(secret));
			continue;
		}
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
	}
	snprintf(name, sizeof(name), "计划%s", tok);
	o = expect(DIR, "POST", "/api/v1/children",
		   json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, "
			     "s:s, s:b, s:[], s:{s:s}, s:s, s:b, s:s}",
			     "name", name, "sex", "male", "birth_date",
			     "2015-03-04", "ethnicity", "汉族", "rural_hukou",
			     1, "region", VILLAGE, "address", "三组",
			     "school_status", "primary", "boarding", 0,
			     "health", "healthy", "serious_illness", 0,
			     "assistance", "guardian", "type", "grandparents",
			     "guardianship_level", "fair", "no_hukou", 1,
			     "no_hukou_reason", "未落户"),
		   201, NULL);
	kid = jint(o, "id");
	json_decref(o);
	case_id = open_case();
	case2_id = open_case();
	check(POLICE, "POST", cp(case_id, "/acknowledge"),
	      json_pack("{s:s}", "kind", "accepted"), 200, NULL);
	check(PROT, "POST", cp(case_id, "/acknowledge"), json_pack("{}"), 200,
	      NULL);
	move(PROT, case_id, "emergency", NULL, 200, NULL);
}

static void plan_stage_gate(void **state)
{
	(void)state;
	/* received and emergency have no plan yet */
	check(PROT, "POST", cp(case2_id, "/plan"),
	      item("living", "安排生活照料", day(10)), 409, "plan_stage");
	check(PROT, "POST", cp(case_id, "/plan"),
	      item("living", "安排生活照料", day(10)), 409, "plan_stage");
	move(PROT, case_id, "assessment", "with_relatives", 200, NULL);
}

/* a guardianship assessment (the scored form) for case cid: every item
 * scored `score` (or its maximum when lower) */
static json_t *assessment_for(long long cid, int score)
{
	json_t *form =
	    expect(PROT, "GET", "/api/v1/assessment-form", NULL, 200, NULL);
	json_t *answers = json_object(), *it;
	char today[11];
	size_t i;

	json_array_foreach(json_object_get(form, "items"), i, it)
	{
		long long max = jint(it, "max");

		json_object_set_new(answers, id_str(it, "id"),
				    json_integer(score < max ? score : max));
	}
	json_decref(form);
	snprintf(today, sizeof(today), "%s", day(0));
	return json_pack("{s:s, s:s, s:o, s:I, s:s}", "assessed_on", today,
			 "purpose", "case", "answers", answers, "case_id",
			 (json_int_t)cid, "narrative",
			 "祖父母年迈，监护能力不足");
}

static const char *assess_path(void)
{
	static char p[80];

	snprintf(p, sizeof(p), "/api/v1/children/%lld/assessments", kid);
	return p;
}

/* the case's assessment is the scored form's (the guardianship
 * assessment module), recorded with the case's id */
static void assessment_outcome(void **state)
{
	json_t *o;
	char outcome[24];
	long long aid;

	(void)state;
	move(PROT, case_id, "assistance", NULL, 409, "assessment_missing");
	check(POLICE, "POST", assess_path(), assessment_for(case_id, 2), 403,
	      "forbidden");
	o = expect(PROT, "POST", assess_path(), assessment_for(case_id, 2), 201,
		   NULL);
	aid = jint(o, "id");
	snprintf(outcome, sizeof(outcome), "%s", id_str(o, "outcome"));
	json_decref(o);
	assert_int_equal(case_int(case_id, "assessment_id"), aid);
	o = expect(PROT, "GET", cp(case_id, ""), NULL, 200, NULL);
	assert_string_equal(id_str(o, "assessment_outcome"), outcome);
	json_decref(o);
}

static void plan_items(void **state)
{
	char big[2100];
	json_t *o, *items;

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* refusals, nothing written */
	check(PROT, "POST", cp(case_id, "/plan"), item("magic", "x", day(5)),
	      400, "bad_kind");
	check(PROT, "POST", cp(case_id, "/plan"), item("living", "x", "soon"),
	      400, "bad_due_date");
	check(PROT, "POST", cp(case_id, "/plan"),
	      item("living", "x", "2025-02-30"), 400, "bad_due_date");
	check(PROT, "POST", cp(case_id, "/plan"), item("living", "x", day(-1)),
	      400, "due_date_past");
	check(PROT, "POST", cp(case_id, "/plan"), item("living", "x", day(800)),
	      400, "due_date_far");
	check(PROT, "POST", cp(case_id, "/plan"), item("living", big, day(5)),
	      413, "too_long");
	check(PROT, "POST", cp(case_id, "/plan"),
	      json_pack("{s:s, s:s, s:s}", "kind", "living", "description", "x",
			"due_date", day(5)),
	      400, "unit_required");
	check(PROT, "POST", cp(case_id, "/plan"),
	      json_pack("{s:s, s:s, s:s, s:s}", "kind", "living", "description",
			"x", "unit_role", "wizard", "due_date", day(5)),
	      400, "bad_unit_role");
	check(PROT, "POST", cp(case_id, "/plan"),
	      json_pack("{s:s, s:s, s:s, s:s, s:b}", "kind", "living",
			"description", "x", "unit_role", "police", "due_date",
			day(5), "urgent", 1),
	      400, "unknown_field");
	check(DIR, "POST", cp(case_id, "/plan"), item("living", "x", day(5)),
	      403, NULL);
	check(FAR_PROT, "POST", cp(case_id, "/plan"),
	      item("living", "x", day(5)), 404, NULL);
	check(FAR_PROT, "GET", cp(case_id, "/plan"), NULL, 404, NULL);
	assert_int_equal(case_int(case_id, "plan_items"), 0);
	/* three measures; the due date may be today */
	o = expect(PROT, "POST", cp(case_id, "/plan"),
		   item("schooling", "联系学校安排复学辅导", day(0)), 201,
		   NULL);
	item1 = jint(o, "id");
	assert_string_equal(id_str(o, "status"), "open");
	assert_false(json_is_true(json_object_get(o, "overdue")));
	json_decref(o);
	o = expect(POLICE, "POST", cp(case_id, "/plan"),
		   json_pack("{s:s, s:s, s:s, s:s}", "kind", "legal_aid",
			     "description", "申请法律援助", "unit_name",
			     "县法律援助中心", "due_date", day(20)),
		   201, NULL);
	item2 = jint(o, "id");
	assert_string_equal(id_str(o, "unit_name"), "县法律援助中心");
	json_decref(o);
	o = expect(COUNTY, "POST", cp(case_id, "/plan"),
		   item("social_assistance", "申请临时救助", day(30)), 201,
		   NULL);
	item3 = jint(o, "id");
	json_decref(o);
	assert_int_equal(case_int(case_id, "plan_items"), 3);
	o = expect(COUNTY, "GET", cp(case_id, "/plan"), NULL, 200, NULL);
	items = json_object_get(o, "items");
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(id_str(json_array_get(items, 0), "description"),
			    "联系学校安排复学辅导");
	json_decref(o);
	/* the timeline has one event per item */
	o = get_case(case_id);
	{
		json_t *tl = json_object_get(o, "timeline");
		json_t *last = json_array_get(tl, json_array_size(tl) - 1);

		assert_string_equal(id_str(last, "kind"), "plan_item");
		assert_string_equal(id_str(last, "detail"),
				    "social_assistance");
	}
	json_decref(o);
}

static void plan_changes(void **state)
{
	json_t *o;

	(void)state;
	/* stale version, nothing to change, both at once, missing texts */
	check(PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s, s:I}", "status", "done", "outcome",
			"已复学", "version", (json_int_t)7),
	      409, "stale_version");
	check(PROT, "PATCH", ip(item1), json_pack("{}"), 400,
	      "nothing_to_change");
	check(PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s, s:s}", "status", "done", "outcome", "x",
			"due_date", day(3)),
	      400, "one_change");
	check(PROT, "PATCH", ip(item1), json_pack("{s:s}", "status", "done"),
	      400, "missing_field");
	check(PROT, "PATCH", ip(item1), json_pack("{s:s}", "status", "open"),
	      400, "bad_status");
	check(PROT, "PATCH", ip(item1), json_pack("{s:s}", "due_date", day(3)),
	      400, "missing_field");
	check(PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s}", "due_date", day(-3), "note", "x"), 400,
	      "due_date_past");
	check(FAR_PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s}", "status", "done", "outcome", "x"), 404,
	      NULL);
	check(DIR, "PATCH", ip(item1),
	      json_pack("{s:s, s:s}", "status", "done", "outcome", "x"), 403,
	      NULL);
	/* done with its outcome; then it no longer changes */
	o = expect(PROT, "PATCH", ip(item1),
		   json_pack("{s:s, s:s, s:I}", "status", "done", "outcome",
			     "已返校就读", "version", (json_int_t)1),
		   200, NULL);
	assert_string_equal(id_str(o, "status"), "done");
	assert_string_equal(id_str(o, "outcome"), "已返校就读");
	assert_string_equal(id_str(o, "done_date"), day(0));
	assert_int_equal(jint(o, "version"), 2);
	json_decref(o);
	check(PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s}", "status", "cancelled", "reason", "x"),
	      409, "item_closed");
	/* the due date moves with a note */
	o = expect(
	    COUNTY, "PATCH", ip(item2),
	    json_pack("{s:s, s:s}", "due_date", day(40), "note", "等待材料"),
	    200, NULL);
	assert_string_equal(id_str(o, "due_date"), day(40));
	json_decref(o);
}

static void gating_and_conferences(void **state)
{
	json_t *o, *b;

	(void)state;
	move(PROT, case_id, "assistance", NULL, 200, NULL);
	/* cancel the open items: the plan counts only the done one */
	check(PROT, "PATCH", ip(item2),
	      json_pack("{s:s, s:s}", "status", "cancelled", "reason",
			"已另行处理"),
	      200, NULL);
	check(PROT, "PATCH", ip(item3),
	      json_pack("{s:s, s:s}", "status", "cancelled", "reason",
			"不符合条件"),
	      200, NULL);
	assert_int_equal(case_int(case_id, "plan_items"), 1);
	check(PROT, "PATCH", ip(item1),
	      json_pack("{s:s, s:s}", "status", "cancelled", "reason", "x"),
	      409, "item_closed");
	/* a case whose plan holds only cancelled items cannot move on: use
	 * the second case for that once it reaches assistance (below); here
	 * the conferences */
	check(PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[{s:s, s:s}]}", "held_on", day(1),
			"participants", "unit", "protection", "name", "张三"),
	      400, "bad_held_on");
	check(PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[]}", "held_on", day(0), "participants"), 400,
	      "bad_participants");
	check(PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:s}", "held_on", day(0), "participants", "x"),
	      400, "invalid_type");
	check(PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[{s:s, s:s}], s:s}", "held_on", day(0),
			"participants", "unit", "protection", "name", "张三",
			"agenda", "x"),
	      400, "unknown_field");
	/* a bad decision writes nothing, not even the conference */
	check(PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[{s:s, s:s}], s:[{s:s, s:s, s:s, s:s}]}",
			"held_on", day(0), "participants", "unit", "protection",
			"name", "张三", "decisions", "kind", "magic",
			"description", "x", "unit_role", "education",
			"due_date", day(3)),
	      400, "bad_kind");
	o = expect(PROT, "GET", cp(case_id, "/conferences"), NULL, 200, NULL);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 0);
	json_decref(o);
	check(DIR, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[{s:s, s:s}]}", "held_on", day(0),
			"participants", "unit", "protection", "name", "张三"),
	      403, NULL);
	check(FAR_PROT, "POST", cp(case_id, "/conferences"),
	      json_pack("{s:s, s:[{s:s, s:s}]}", "held_on", day(0),
			"participants", "unit", "protection", "name", "张三"),
	      404, NULL);
	b = json_pack(
	    "{s:s, s:[{s:s, s:s}, {s:s, s:s}], s:s, "
	    "s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]}",
	    "held_on", day(0), "participants", "unit", "protection", "name",
	    "会商人李四", "unit", "乡镇学校", "name", "会商人王五", "minutes",
	    "会商纪要：孩子需要心理疏导", "decisions", "kind", "psychological",
	    "description", "每周一次心理辅导", "unit_role", "education",
	    "due_date", day(14), "kind", "guardianship_guidance", "description",
	    "监护指导", "unit_name", "县未保中心", "due_date", day(21));
	o = expect(COUNTY, "POST", cp(case_id, "/conferences"), b, 201, NULL);
	assert_int_equal(jint(o, "decisions"), 2);
	json_decref(o);
	assert_int_equal(case_int(case_id, "plan_items"), 3);
	o = expect(POLICE, "GET", cp(case_id, "/conferences"), NULL, 200, NULL);
	{
		json_t *c = json_array_get(json_object_get(o, "items"), 0);
		json_t *p = json_object_get(c, "participants");

		assert_int_equal(json_array_size(p), 2);
		assert_string_equal(id_str(json_array_get(p, 1), "name"),
				    "会商人王五");
		assert_string_equal(id_str(json_array_get(p, 1), "unit"),
				    "乡镇学校");
		assert_string_equal(id_str(c, "minutes"),
				    "会商纪要：孩子需要心理疏导");
	}
	json_decref(o);
	o = expect(POLICE, "GET", cp(case_id, "/plan"), NULL, 200, NULL);
	{
		json_t *items = json_object_get(o, "items");
		json_t *last = json_array_get(items, 4);

		assert_int_equal(json_array_size(items), 5);
		assert_string_equal(id_str(last, "kind"),
				    "guardianship_guidance");
		assert_true(jint(last, "conference_id") > 0);
	}
	json_decref(o);
	move(COUNTY, case_id, "follow_up", NULL, 200, NULL);
	/* the village director's worklist has the case's follow-up visit */
	o = expect(DIR, "GET", "/api/v1/worklist", NULL, 200, NULL);
	{
		json_t *it;
		size_t i;
		int found = 0;

		json_array_foreach(json_object_get(o, "items"), i, it)
		{
			if (jint(it, "child_id") == kid &&
			    !strcmp(id_str(it, "reason"), "case_follow_up")) {
				found++;
				assert_string_equal(id_str(it, "due_date"),
						    day(30));
			}
		}
		assert_int_equal(found, 1);
	}
	json_decref(o);
}

static void empty_plan_blocks_follow_up(void **state)
{
	json_t *o;
	long long only;

	(void)state;
	check(PROT, "POST", cp(case2_id, "/acknowledge"), json_pack("{}"), 200,
	      NULL);
	move(PROT, case2_id, "emergency", NULL, 200, NULL);
	move(PROT, case2_id, "assessment", "with_guardian", 200, NULL);
	check(PROT, "POST", assess_path(), assessment_for(case2_id, 3), 201,
	      NULL);
	move(PROT, case2_id, "assistance", NULL, 200, NULL);
	move(PROT, case2_id, "follow_up", NULL, 409, "plan_empty");
	o = expect(PROT, "POST", cp(case2_id, "/plan"),
		   item("other", "定期电话回访", day(7)), 201, NULL);
	only = jint(o, "id");
	json_decref(o);
	check(PROT, "PATCH", ip(only),
	      json_pack("{s:s, s:s}", "status", "cancelled", "reason", "重复"),
	      200, NULL);
	assert_int_equal(case_int(case2_id, "plan_items"), 0);
	move(PROT, case2_id, "follow_up", NULL, 409, "plan_empty");
	o = expect(PROT, "POST", cp(case2_id, "/plan"),
		   item("medical", "带孩子复诊", day(0)), 201, NULL);
	item4 = jint(o, "id");
	json_decref(o);
}

static void closure(void **state)
{
	json_t *o;

	(void)state;
	/* refusals */
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "bored", "note", "x"), 400,
	      "bad_reason");
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s}", "reason", "resolved"), 400, "missing_field");
	check(DIR, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "resolved", "note", "x"), 403,
	      NULL);
	check(FAR_PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "resolved", "note", "x"), 404,
	      NULL);
	check(COUNTY, "POST", cp(case_id, "/closure-decline"),
	      json_pack("{s:s}", "note", "x"), 409, "closure_not_requested");
	/* the county asks, so another county account approves */
	o = expect(COUNTY, "POST", cp(case_id, "/closure-request"),
		   json_pack("{s:s, s:s}", "reason", "resolved", "note",
			     "帮扶目标已达成"),
		   200, NULL);
	assert_string_equal(id_str(o, "closure_reason"), "resolved");
	assert_true(id_str(o, "closure_requested_at")[0]);
	json_decref(o);
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "resolved", "note", "x"), 409,
	      "closure_requested");
	move(COUNTY, case_id, "closed", NULL, 403, "closure_self_approval");
	move(PROT, case_id, "closed", NULL, 403, "stage_role");
	move(COUNTY2, case_id, "closed", NULL, 200, NULL);
	o = get_case(case_id);
	assert_string_equal(id_str(o, "stage"), "closed");
	assert_true(id_str(o, "closed_at")[0]);
	json_decref(o);
	/* a closed case has no plan work and no closure requests */
	check(PROT, "POST", cp(case_id, "/plan"), item("living", "x", day(3)),
	      409, "case_closed");
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "resolved", "note", "x"), 409,
	      "case_closed");
	/* reopened into assessment */
	move(PROT, case_id, "assessment", NULL, 200, NULL);
	o = get_case(case_id);
	assert_string_equal(id_str(o, "stage"), "assessment");
	assert_true(json_is_null(json_object_get(o, "closure_requested_at")));
	json_decref(o);
	/* decline: only the county, with a reason */
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "moved", "note", "已迁出本县"),
	      200, NULL);
	check(POLICE, "POST", cp(case_id, "/closure-request/withdraw"),
	      json_pack("{}"), 403, "closure_not_yours");
	check(PROT, "POST", cp(case_id, "/closure-decline"),
	      json_pack("{s:s}", "note", "x"), 403, "case_role");
	check(COUNTY, "POST", cp(case_id, "/closure-decline"), json_pack("{}"),
	      400, "missing_field");
	o = expect(COUNTY, "POST", cp(case_id, "/closure-decline"),
		   json_pack("{s:s}", "note", "尚需核实迁移情况"), 200, NULL);
	assert_true(json_is_null(json_object_get(o, "closure_requested_at")));
	assert_true(json_is_null(json_object_get(o, "closure_reason")));
	json_decref(o);
	/* withdraw one's own request; a stale version changes nothing */
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s, s:I}", "reason", "moved", "note", "x",
			"version", (json_int_t)1),
	      409, "stale_version");
	check(PROT, "POST", cp(case_id, "/closure-request"),
	      json_pack("{s:s, s:s}", "reason", "moved", "note", "再次申请"),
	      200, NULL);
	check(PROT, "POST", cp(case_id, "/closure-request/withdraw"),
	      json_pack("{s:s}", "note", "撤回"), 200, NULL);
	o = get_case(case_id);
	{
		json_t *tl = json_object_get(o, "timeline");
		const char *kinds[] = {"closure_requested", "transition",
				       "reopened",	    "closure_requested",
				       "closure_declined",  "closure_requested",
				       "closure_withdrawn"};
		size_t n = json_array_size(tl), k = 7;

		for (size_t i = 0; i < k; i++)
			assert_string_equal(
			    id_str(json_array_get(tl, n - k + i), "kind"),
			    kinds[i]);
	}
	json_decref(o);
}

/* the plan and conferences follow the child to another county */
static void follow_a_transfer(void **state)
{
	char path[96];
	json_t *o;
	long long tid, version;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/children/%lld", kid);
	o = expect(DIR, "GET", path, NULL, 200, NULL);
	version = jint(o, "version");
	json_decref(o);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", kid);
	o = expect(DIR, "POST", path,
		   json_pack("{s:s, s:I}", "to_region", "500242001001",
			     "version", (json_int_t)version),
		   201, NULL);
	tid = jint(o, "id");
	json_decref(o);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	check(FAR_DIR, "POST", path, NULL, 200, NULL);
	o = expect(FAR_PROT, "GET", cp(case2_id, "/plan"), NULL, 200, NULL);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
	json_decref(o);
	o = expect(FAR_PROT, "GET", cp(case_id, "/conferences"), NULL, 200,
		   NULL);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 1);
	json_decref(o);
	check(PROT, "GET", cp(case2_id, "/plan"), NULL, 404, NULL);
	check(PROT, "PATCH", ip(item4),
	      json_pack("{s:s, s:s}", "status", "done", "outcome", "x"), 404,
	      NULL);
	/* and back, for the tests after this one */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", kid);
	o = expect(FAR_DIR, "GET", path, NULL, 200, NULL);
	version = jint(o, "version");
	json_decref(o);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", kid);
	o = expect(FAR_DIR, "POST", path,
		   json_pack("{s:s, s:I}", "to_region", VILLAGE, "version",
			     (json_int_t)version),
		   201, NULL);
	tid = jint(o, "id");
	json_decref(o);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	check(DIR, "POST", path, NULL, 200, NULL);
	check(PROT, "GET", cp(case2_id, "/plan"), NULL, 200, NULL);
}

/* overdue: open past its due date (the clock moves 2 days on; the
 * sessions expire with it) */
static void overdue(void **state)
{
	char u[64];
	json_t *o, *items;

	(void)state;
	o = expect(PROT, "GET", cp(case2_id, "/plan"), NULL, 200, NULL);
	items = json_object_get(o, "items");
	assert_false(
	    json_is_true(json_object_get(json_array_get(items, 1), "overdue")));
	json_decref(o);
	assert_int_equal(ga_clock_advance(2 * 86400), 0);
	id_must_login(id_name(u, sizeof(u), who[PROT].what), ID_PASSWORD, NULL,
		      S(PROT));
	o = expect(PROT, "GET", cp(case2_id, "/plan"), NULL, 200, NULL);
	items = json_object_get(o, "items");
	assert_int_equal(jint(json_array_get(items, 1), "id"), item4);
	assert_true(
	    json_is_true(json_object_get(json_array_get(items, 1), "overdue")));
	/* cancelled: never overdue */
	assert_false(
	    json_is_true(json_object_get(json_array_get(items, 0), "overdue")));
	json_decref(o);
	o = expect(PROT, "GET", cp(case_id, "/plan"), NULL, 200, NULL);
	items = json_object_get(o, "items");
	/* done on time, then its day passed: not overdue */
	assert_false(
	    json_is_true(json_object_get(json_array_get(items, 0), "overdue")));
	json_decref(o);
}

static void sealed_at_rest(void **state)
{
	size_t seen = 0;

	(void)state;
	if (ga_db_is_pg())
		skip();
	assert_false(id_db_holds("联系学校安排复学辅导", &seen));
	assert_false(id_db_holds("已返校就读", &seen));
	assert_false(id_db_holds("不符合条件", &seen));
	assert_false(id_db_holds("会商人王五", &seen));
	assert_false(id_db_holds("会商纪要", &seen));
	assert_false(id_db_holds("尚需核实迁移情况", &seen));
	assert_true(id_db_holds("guardianship_guidance", &seen));
	assert_true(seen > 0);
}

static int setup(void **state)
{
	char u[64];

	snprintf(tok, sizeof(tok), "P%ld%ld", (long)getpid() % 100000,
		 (long)time(NULL) % 1000);
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
	    cmocka_unit_test(accounts_and_case),
	    cmocka_unit_test(plan_stage_gate),
	    cmocka_unit_test(assessment_outcome),
	    cmocka_unit_test(plan_items),
	    cmocka_unit_test(plan_changes),
	    cmocka_unit_test(gating_and_conferences),
	    cmocka_unit_test(empty_plan_blocks_follow_up),
	    cmocka_unit_test(closure),
	    cmocka_unit_test(follow_a_transfer),
	    cmocka_unit_test(overdue),
	    cmocka_unit_test(sealed_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
