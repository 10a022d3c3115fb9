/*
 * Guardianship assessments (监护评估) through the API: the form's items
 * for the web; protection and county civil affairs record assessments of
 * a child of their county, with the total and outcome computed (a red
 * flag fails whatever the total); the case team reads; bad input (a
 * missing or unknown item, a score out of range, a bad purpose or date,
 * too long text) is 400 with the field named; another county's child is
 * absent (404); roles without the action get 403; the narrative is
 * sealed at rest.
 */
#include "intervention.h"

static long long child;

static void form_lists_items(void **state)
{
	struct ga_resp r;
	json_t *items;

	(void)state;
	id_req(IVS(IV_PROT), "GET", "/api/v1/assessment-form", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 14);
	assert_int_equal(json_array_size(json_object_get(r.json, "groups")), 5);
	assert_int_equal(jint(r.json, "max_total"), 31);
	assert_int_equal(
	    jint(json_object_get(r.json, "thresholds"), "good_min"), 24);
	assert_true(ga_has_cjk(id_str(json_array_get(items, 0), "zh")));
	ga_resp_free(&r);
	id_req(IVS(IV_DIR), "GET", "/api/v1/assessment-form", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
}

static void record_and_read(void **state)
{
	static const struct {
		int score;
		const char *outcome;
		long long total;
	} cases[] = {
	    {3, "good", 31},
	    {1, "failed", 14},
	};
	char today[11], path[200];
	long long id = 0;
	struct ga_resp r;

	(void)state;
	child = iv_child("评估");
	iv_day(0, today);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		iv_assess(i ? IV_CIVIL : IV_PROT, child, today, cases[i].score,
			  &r);
		GA_ASSERT_STATUS(&r, 201);
		assert_string_equal(id_str(r.json, "outcome"),
				    cases[i].outcome);
		assert_int_equal(jint(r.json, "total"), cases[i].total);
		assert_int_equal(jint(r.json, "max_total"), 31);
		assert_true(ga_has_cjk(id_str(r.json, "outcome_zh")));
		assert_string_equal(id_str(r.json, "narrative"),
				    "祖母身体好转，愿意照料");
		if (!i)
			id = jint(r.json, "id");
		ga_resp_free(&r);
	}
	/* the scores middle, one red flag: failed whatever the total */
	{
		json_t *a = iv_answers(2), *b;

		json_object_set_new(a, "no_neglect_abuse", json_integer(0));
		b = json_pack("{s:s, s:s, s:o}", "assessed_on", today,
			      "purpose", "case", "answers", a);
		snprintf(path, sizeof(path),
			 "/api/v1/children/%lld/assessments", child);
		jreq(IVS(IV_PROT), "POST", path, b, &r);
		GA_ASSERT_STATUS(&r, 201);
		assert_string_equal(id_str(r.json, "outcome"), "failed");
		assert_int_equal(jint(r.json, "red_flags"), 1);
		assert_true(jint(r.json, "total") >= 24);
		ga_resp_free(&r);
	}
	/* and the middle without red flags: insufficient */
	{
		json_t *a = iv_answers(1), *b;

		json_object_set_new(a, "understands_needs", json_integer(3));
		json_object_set_new(a, "attitude", json_integer(3));
		json_object_set_new(a, "no_neglect_abuse", json_integer(3));
		b = json_pack("{s:s, s:s, s:o}", "assessed_on", today,
			      "purpose", "periodic", "answers", a);
		jreq(IVS(IV_PROT), "POST", path, b, &r);
		GA_ASSERT_STATUS(&r, 201);
		assert_string_equal(id_str(r.json, "outcome"), "insufficient");
		ga_resp_free(&r);
	}
	/* the case team reads, newest first */
	for (int w = IV_SUP; w <= IV_CIVIL; w++) {
		if (w == IV_PROT2)
			continue;
		id_req(IVS(w), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "items")), 4);
		ga_resp_free(&r);
	}
	snprintf(path, sizeof(path), "/api/v1/assessments/%lld", id);
	id_req(IVS(IV_WELF), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(
	    jint(json_object_get(r.json, "answers"), "understands_needs"), 3);
	assert_string_equal(id_str(r.json, "child_preference"),
			    "想回家和奶奶住");
	ga_resp_free(&r);
	/* another county: absent */
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* the welfare institution's read is in the audit log */
	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=assessment.read&object_type="
		 "guardianship_assessment&object_id=%lld",
		 id);
	id_req(IVS(IV_AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(
	    jint(json_array_get(json_object_get(r.json, "items"), 0),
		 "account_id"),
	    IVS(IV_WELF)->account_id);
	ga_resp_free(&r);
}

static void bad_input_is_refused(void **state)
{
	char today[11], future[11], path[80], longtext[4100];
	struct ga_resp r;
	json_t *b, *a;

	(void)state;
	iv_day(0, today);
	iv_day(-2, future);
	memset(longtext, 'y', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments",
		 child);
	/* a missing item */
	a = iv_answers(2);
	json_object_del(a, "housing");
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "case", "answers", a);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_answer", "answers.housing");
	ga_resp_free(&r);
	/* an unknown item */
	a = iv_answers(2);
	json_object_set_new(a, "horoscope", json_integer(1));
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "case", "answers", a);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_item", "answers.horoscope");
	ga_resp_free(&r);
	/* a score over the item's maximum */
	a = iv_answers(2);
	json_object_set_new(a, "housing", json_integer(3));
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "case", "answers", a);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_range", "answers.housing");
	ga_resp_free(&r);
	/* a text score */
	a = iv_answers(2);
	json_object_set_new(a, "housing", json_string("2"));
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "case", "answers", a);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_range", "answers.housing");
	ga_resp_free(&r);
	/* purpose, date, text, unknown field */
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "curiosity", "answers", iv_answers(2));
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_purpose", "purpose");
	ga_resp_free(&r);
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", future, "purpose",
		      "case", "answers", iv_answers(2));
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "future_date", "assessed_on");
	ga_resp_free(&r);
	b = json_pack("{s:s, s:s, s:o, s:s}", "assessed_on", today, "purpose",
		      "case", "answers", iv_answers(2), "narrative", longtext);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "too_long", "narrative");
	ga_resp_free(&r);
	b = json_pack("{s:s, s:s, s:o, s:s}", "assessed_on", today, "purpose",
		      "case", "answers", iv_answers(2), "score", "high");
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "score");
	ga_resp_free(&r);
	b = json_pack("{s:s, s:s, s:o}", "assessed_on", today, "purpose",
		      "case", "answers", json_pack("[i]", 1));
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", "answers");
	ga_resp_free(&r);
}

static void scope_and_roles(void **state)
{
	char today[11], path[80];
	struct ga_resp r;

	(void)state;
	iv_day(0, today);
	iv_assess(IV_PROT2, child, today, 2, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	iv_assess(IV_WELF, child, today, 2, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	iv_assess(IV_SUP, child, today, 2, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments",
		 child);
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_POLICE), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_PROT), "GET", "/api/v1/assessments/99999999", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

/* a case's assessment: recorded with case_id, it lets the case leave its
 * assessment stage; another child's case or an unknown one is refused */
static void for_a_case(void **state)
{
	long long kid = iv_child("个案评估"), other = iv_child("他人"), case_id;
	char today[11], path[96], cpath[96];
	struct ga_resp r;
	json_t *b;

	(void)state;
	iv_day(0, today);
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/cases",
	     json_pack("{s:I, s:s}", "child_id", (json_int_t)kid, "urgency",
		       "urgent"),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	case_id = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(cpath, sizeof(cpath), "/api/v1/cases/%lld/acknowledge",
		 case_id);
	jreq(IVS(IV_PROT), "POST", cpath, json_pack("{}"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	snprintf(cpath, sizeof(cpath), "/api/v1/cases/%lld/transitions",
		 case_id);
	jreq(IVS(IV_PROT), "POST", cpath,
	     json_pack("{s:s, s:s}", "to", "emergency", "note", "已接回"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	jreq(IVS(IV_PROT), "POST", cpath,
	     json_pack("{s:s, s:s, s:s}", "to", "assessment", "note", "安全",
		       "safety", "with_relatives"),
	     &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	jreq(IVS(IV_PROT), "POST", cpath,
	     json_pack("{s:s, s:s}", "to", "assistance", "note", "计划"), &r);
	GA_ASSERT_STATUS(&r, 409);
	ga_resp_free(&r);
	/* the case of another child, and no such case */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments",
		 other);
	b = json_pack("{s:s, s:s, s:o, s:I}", "assessed_on", today, "purpose",
		      "case", "answers", iv_answers(2), "case_id",
		      (json_int_t)case_id);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments", kid);
	b = json_pack("{s:s, s:s, s:o, s:I}", "assessed_on", today, "purpose",
		      "case", "answers", iv_answers(2), "case_id",
		      (json_int_t)987654321);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	/* the case's own */
	b = json_pack("{s:s, s:s, s:o, s:I}", "assessed_on", today, "purpose",
		      "case", "answers", iv_answers(2), "case_id",
		      (json_int_t)case_id);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	{
		long long aid = jint(r.json, "id");
		char outcome[24];

		snprintf(outcome, sizeof(outcome), "%s",
			 id_str(r.json, "outcome"));
		ga_resp_free(&r);
		snprintf(path, sizeof(path), "/api/v1/cases/%lld", case_id);
		id_req(IVS(IV_CIVIL), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_int_equal(jint(r.json, "assessment_id"), aid);
		assert_string_equal(id_str(r.json, "assessment_outcome"),
				    outcome);
		ga_resp_free(&r);
	}
	jreq(IVS(IV_PROT), "POST", cpath,
	     json_pack("{s:s, s:s}", "to", "assistance", "note", "计划"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void no_plaintext_at_rest(void **state)
{
	size_t seen = 0;

	(void)state;
	if (ga_db_is_pg())
		skip();
	assert_false(id_db_holds("祖母身体好转", &seen));
	assert_false(id_db_holds("想回家和奶奶住", &seen));
	assert_true(seen > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(iv_log_in_all),
	    cmocka_unit_test(form_lists_items),
	    cmocka_unit_test(record_and_read),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(scope_and_roles),
	    cmocka_unit_test(for_a_case),
	    cmocka_unit_test(no_plaintext_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, iv_setup, ga_group_teardown));
}
