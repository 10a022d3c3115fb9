/*
 * Placements, the guardianship intervention branch (issue 6) through the
 * API: protection places a child in temporary guardianship with Art. 92
 * reasons; a second active one is 409; bad input (unknown kind, no
 * reason, an Art. 94 reason on a temporary one, end before start, too
 * long text, unknown institution) is 400 with the field named; return
 * home without a qualifying assessment is 409 and with one ends the
 * placement; a stale version is 409; another county's protection sees
 * the child as absent (404); roles without the action get 403; entrusted
 * upbringing, a court application, long-term guardianship, a regional
 * welfare institution's sending and receiving counties, capacity.
 */
#include "intervention.h"

static long long prot_inst, welfare_inst, regional_inst, small_inst;
static long long child_a;

static long long make_inst(const char *what, const char *kind, int capacity)
{
	char name[96];
	struct ga_resp r;
	long long id;

	snprintf(name, sizeof(name), "%s%s", what, iv_tok);
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/institutions",
	     json_pack("{s:s, s:s, s:i}", "name", name, "kind", kind,
		       "capacity", capacity),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	ga_resp_free(&r);
	return id;
}

static void place(int who, long long child, json_t *b, struct ga_resp *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/children/%lld/placements", child);
	jreq(IVS(who), "POST", path, b, r);
}

static json_t *temporary(const char *start)
{
	return json_pack("{s:s, s:[s, s], s:s, s:I, s:s, s:s, s:s}", "kind",
			 "temporary_guardianship", "reasons",
			 "guardian_refuses", "serious_harm", "setting",
			 "institution", "institution_id", (json_int_t)prot_inst,
			 "start_date", start, "carer", "周二姑 13912345678",
			 "note", "夜间由派出所送来");
}

static void end_placement(int who, long long id, json_t *b, struct ga_resp *r)
{
	char path[80];

	snprintf(path, sizeof(path), "/api/v1/placements/%lld/end", id);
	jreq(IVS(who), "POST", path, b, r);
}

static void institutions(void **state)
{
	(void)state;
	prot_inst = make_inst("城口县救助保护中心", "protection", 50);
	welfare_inst = make_inst("城口县儿童福利院", "welfare", 30);
	regional_inst =
	    make_inst("渝东北区域性儿童福利院", "regional_welfare", 200);
	small_inst = make_inst("城口县小型寄养点", "other", 1);
}

static void temporary_then_home(void **state)
{
	char start[11], before[11], today[11], path[80];
	long long pl, bad_assess, good_assess, early_assess;
	struct ga_resp r;

	(void)state;
	child_a = iv_child("甲");
	iv_day(10, start);
	iv_day(12, before);
	iv_day(0, today);
	place(IV_PROT, child_a, temporary(start), &r);
	GA_ASSERT_STATUS(&r, 201);
	pl = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "status"), "active");
	assert_string_equal(id_str(r.json, "kind"), "temporary_guardianship");
	assert_int_equal(json_array_size(json_object_get(r.json, "reasons")),
			 2);
	assert_string_equal(
	    id_str(json_array_get(json_object_get(r.json, "reasons"), 0), "id"),
	    "guardian_refuses");
	assert_true(ga_has_cjk(id_str(
	    json_array_get(json_object_get(r.json, "reasons"), 0), "zh")));
	assert_string_equal(id_str(r.json, "carer"), "周二姑 13912345678");
	assert_true(json_is_null(json_object_get(r.json, "case_id")));
	assert_int_equal(jint(r.json, "version"), 1);
	ga_resp_free(&r);

	/* a second active temporary guardianship: 409 */
	place(IV_CIVIL, child_a, temporary(today), &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_temporary", "kind");
	ga_resp_free(&r);

	/* home without an assessment: 409 */
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:i}", "end_date", today, "reason",
				"returned_home", "version", 1),
		      &r);
	GA_ASSERT_ERROR(&r, 409, "assessment_required", "assessment_id");
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	/* with one that found the guardian failing: 409 */
	iv_assess(IV_PROT, child_a, today, 1, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "outcome"), "failed");
	bad_assess = jint(r.json, "id");
	ga_resp_free(&r);
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:I, s:i}", "end_date", today,
				"reason", "returned_home", "assessment_id",
				(json_int_t)bad_assess, "version", 1),
		      &r);
	GA_ASSERT_ERROR(&r, 409, "assessment_required", "assessment_id");
	ga_resp_free(&r);
	/* a good one dated before the placement began: 409 */
	iv_assess(IV_PROT, child_a, before, 3, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "outcome"), "good");
	early_assess = jint(r.json, "id");
	ga_resp_free(&r);
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:I, s:i}", "end_date", today,
				"reason", "returned_home", "assessment_id",
				(json_int_t)early_assess, "version", 1),
		      &r);
	GA_ASSERT_ERROR(&r, 409, "assessment_required", "assessment_id");
	ga_resp_free(&r);
	/* end before start: 400 */
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:i}", "end_date", before, "reason",
				"transferred", "version", 1),
		      &r);
	GA_ASSERT_ERROR(&r, 400, "end_before_start", "end_date");
	ga_resp_free(&r);
	/* unknown reason: 400 */
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:i}", "end_date", today, "reason",
				"escaped", "version", 1),
		      &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_reason", "reason");
	ga_resp_free(&r);
	/* a good one within the placement, but a stale version: 409 */
	iv_assess(IV_PROT, child_a, today, 3, &r);
	GA_ASSERT_STATUS(&r, 201);
	good_assess = jint(r.json, "id");
	ga_resp_free(&r);
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:I, s:i}", "end_date", today,
				"reason", "returned_home", "assessment_id",
				(json_int_t)good_assess, "version", 7),
		      &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	/* and with the version read: ended */
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:I, s:i}", "end_date", today,
				"reason", "returned_home", "assessment_id",
				(json_int_t)good_assess, "version", 1),
		      &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "ended");
	assert_string_equal(id_str(r.json, "end_reason"), "returned_home");
	assert_int_equal(jint(r.json, "end_assessment_id"), good_assess);
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);
	/* ended already: 409 */
	end_placement(IV_PROT, pl,
		      json_pack("{s:s, s:s, s:i}", "end_date", today, "reason",
				"other", "version", 2),
		      &r);
	GA_ASSERT_ERROR(&r, 409, "already_ended", NULL);
	ga_resp_free(&r);
	/* now a new temporary guardianship is possible again */
	place(IV_PROT, child_a, temporary(today), &r);
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);
	/* the child's list, newest first, read by the case team */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/placements",
		 child_a);
	for (int w = IV_SUP; w <= IV_CIVIL; w++) {
		if (w == IV_PROT2)
			continue;
		id_req(IVS(w), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "items")), 2);
		ga_resp_free(&r);
	}
	snprintf(path, sizeof(path), "/api/v1/placements/%lld", pl);
	id_req(IVS(IV_WELF), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "ended");
	ga_resp_free(&r);
}

static void bad_input_is_refused(void **state)
{
	char today[11], future[11], longtext[2100];
	long long child = iv_child("乙");
	struct ga_resp r;
	json_t *b;

	(void)state;
	iv_day(0, today);
	iv_day(-3, future);
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	/* unknown kind */
	b = temporary(today);
	json_object_set_new(b, "kind", json_string("adoption"));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_kind", "kind");
	ga_resp_free(&r);
	/* no Art. 92 reason */
	b = temporary(today);
	json_object_set_new(b, "reasons", json_array());
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_reason", "reasons");
	assert_non_null(strstr(ga_error_message(&r), "第九十二条"));
	ga_resp_free(&r);
	/* an Art. 94 reason on a temporary one */
	b = temporary(today);
	json_object_set_new(b, "reasons", json_pack("[s]", "court_designated"));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_reason", "reasons[0]");
	ga_resp_free(&r);
	/* the same reason twice */
	b = temporary(today);
	json_object_set_new(b, "reasons",
			    json_pack("[s,s]", "other_law", "other_law"));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "duplicate_reason", "reasons[1]");
	ga_resp_free(&r);
	/* no setting */
	b = temporary(today);
	json_object_del(b, "setting");
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "setting");
	ga_resp_free(&r);
	/* in the institution, but which? */
	b = temporary(today);
	json_object_del(b, "institution_id");
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "institution_id");
	ga_resp_free(&r);
	/* an institution that does not exist */
	b = temporary(today);
	json_object_set_new(b, "institution_id", json_integer(99999999));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_institution", "institution_id");
	ga_resp_free(&r);
	/* a start in the future, a malformed one */
	b = temporary(future);
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "future_date", "start_date");
	ga_resp_free(&r);
	b = temporary("2024-02-30");
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_date", "start_date");
	ga_resp_free(&r);
	/* too long text */
	b = temporary(today);
	json_object_set_new(b, "note", json_string(longtext));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "too_long", "note");
	ga_resp_free(&r);
	/* counties only for a regional welfare institution */
	b = temporary(today);
	json_object_set_new(b, "sending_county", json_string(IV_COUNTY));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "not_regional", "sending_county");
	ga_resp_free(&r);
	/* entrusted upbringing needs its agreement */
	b = json_pack("{s:s, s:I, s:s}", "kind", "entrusted_upbringing",
		      "institution_id", (json_int_t)welfare_inst, "start_date",
		      today);
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "agreement_no");
	ga_resp_free(&r);
	/* ... with a welfare institution */
	b = json_pack("{s:s, s:I, s:s, s:s, s:s}", "kind",
		      "entrusted_upbringing", "institution_id",
		      (json_int_t)prot_inst, "start_date", today,
		      "agreement_no", "CK-2026-01", "agreement_start", today);
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "not_welfare", "institution_id");
	ga_resp_free(&r);
	/* a court application needs the court */
	b = json_pack("{s:s, s:s, s:s}", "kind", "court_revocation_support",
		      "court_status", "filed", "start_date", today);
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "court");
	ga_resp_free(&r);
	/* an unknown field */
	b = temporary(today);
	json_object_set_new(b, "priority", json_string("high"));
	place(IV_PROT, child, b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "priority");
	ga_resp_free(&r);
}

static void scope_and_roles(void **state)
{
	char today[11], path[80];
	struct ga_resp r;

	(void)state;
	iv_day(0, today);
	/* another county's protection institution: the child is absent */
	place(IV_PROT2, child_a, temporary(today), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/placements",
		 child_a);
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	place(IV_PROT, 99999999, temporary(today), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* roles that may not place or read */
	place(IV_WELF, child_a, temporary(today), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	place(IV_DIR, child_a, temporary(today), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_DIR), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_POLICE), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
}

/* a transferred child's placements and assessments follow it */
static void follow_a_transfer(void **state)
{
	char path[96];
	struct ga_resp r;
	long long tid;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", child_a);
	jreq(IVS(IV_DIR), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", "500230001001", "version", 1),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	tid = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	jreq(IVS(IV_DIR2), "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/placements",
		 child_a);
	id_req(IVS(IV_PROT), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_string_equal(
	    id_str(json_array_get(json_object_get(r.json, "items"), 0),
		   "region"),
	    "500230001001");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments",
		 child_a);
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 3);
	ga_resp_free(&r);
}

/* a case's emergency ends in temporary guardianship only once the
 * placement (with its Art. 92 reasons) is on record */
static void case_needs_the_placement(void **state)
{
	char today[11], path[96];
	long long child = iv_child("临监个案"), case_id;
	struct ga_resp r;
	json_t *b;

	(void)state;
	iv_day(0, today);
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/cases",
	     json_pack("{s:I, s:s}", "child_id", (json_int_t)child, "urgency",
		       "immediate"),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	case_id = jint(r.json, "id");
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/acknowledge", case_id);
	jreq(IVS(IV_PROT), "POST", path, json_pack("{}"), &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/cases/%lld/transitions", case_id);
	jreq(IVS(IV_PROT), "POST", path,
	     json_pack("{s:s, s:s}", "to", "emergency", "note", "夜间送来"),
	     &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	b = json_pack("{s:s, s:s, s:s}", "to", "assessment", "note", "临时监护",
		      "safety", "temporary_guardianship");
	jreq(IVS(IV_PROT), "POST", path, json_incref(b), &r);
	GA_ASSERT_ERROR(&r, 409, "placement_missing", NULL);
	ga_resp_free(&r);
	/* the placement, for the case */
	{
		json_t *p = temporary(today);

		json_object_set_new(p, "case_id", json_integer(case_id));
		place(IV_PROT, child, p, &r);
		GA_ASSERT_STATUS(&r, 201);
		ga_resp_free(&r);
	}
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "safety"), "temporary_guardianship");
	ga_resp_free(&r);
}

static void other_kinds(void **state)
{
	char today[11];
	long long child = iv_child("丙");
	struct ga_resp r;

	long long case_id, placement;
	char path[64];

	(void)state;
	iv_day(0, today);
	/* the child's case, opened by the county */
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/cases",
	     json_pack("{s:I, s:s}", "child_id", (json_int_t)child, "urgency",
		       "normal"),
	     &r);
	GA_ASSERT_STATUS(&r, 201);
	case_id = jint(r.json, "id");
	ga_resp_free(&r);
	/* a case that is not there */
	place(IV_CIVIL, child,
	      json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:i}", "kind",
			"entrusted_upbringing", "institution_id",
			(json_int_t)welfare_inst, "start_date", today,
			"agreement_no", "CK-WT-2026-007", "agreement_start",
			today, "agreement_end", "2030-12-31", "case_id",
			987654321),
	      &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	/* entrusted upbringing under an agreement, for the case */
	place(IV_CIVIL, child,
	      json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:I}", "kind",
			"entrusted_upbringing", "institution_id",
			(json_int_t)welfare_inst, "start_date", today,
			"agreement_no", "CK-WT-2026-007", "agreement_start",
			today, "agreement_end", "2030-12-31", "case_id",
			(json_int_t)case_id),
	      &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "agreement_no"), "CK-WT-2026-007");
	assert_int_equal(jint(r.json, "case_id"), case_id);
	placement = jint(r.json, "id");
	assert_true(ga_has_cjk(id_str(r.json, "institution_name")));
	ga_resp_free(&r);
	/* the case's timeline records it */
	snprintf(path, sizeof(path), "/api/v1/cases/%lld", case_id);
	id_req(IVS(IV_CIVIL), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	{
		json_t *tl = json_object_get(r.json, "timeline");
		json_t *last = json_array_get(tl, json_array_size(tl) - 1);

		assert_string_equal(id_str(last, "kind"), "placement");
		assert_string_equal(id_str(last, "detail"),
				    "entrusted_upbringing");
		assert_int_equal(jint(last, "ref_id"), placement);
	}
	ga_resp_free(&r);
	/* support for a court application */
	place(IV_PROT, child,
	      json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind",
			"court_revocation_support", "court", "城口县人民法院",
			"court_status", "filed", "court_filed_on", today,
			"start_date", today),
	      &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "court_status"), "filed");
	ga_resp_free(&r);
	/* long-term guardianship with an Art. 94 reason, in the regional
	 * welfare institution: the counties default */
	place(IV_CIVIL, child,
	      json_pack("{s:s, s:[s], s:s, s:I, s:s}", "kind",
			"long_term_guardianship", "reasons", "court_designated",
			"setting", "institution", "institution_id",
			(json_int_t)regional_inst, "start_date", today),
	      &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_string_equal(id_str(r.json, "sending_county"), IV_COUNTY);
	assert_string_equal(id_str(r.json, "receiving_county"), IV_COUNTY);
	ga_resp_free(&r);
	/* another county sees the regional institution when it asks */
	id_req(IVS(IV_PROT2), "GET", "/api/v1/institutions?include_regional=1",
	       NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	{
		json_t *items = json_object_get(r.json, "items"), *v;
		bool regional = false, own = false;
		size_t i;

		json_array_foreach(items, i, v)
		{
			regional |= jint(v, "id") == regional_inst;
			own |= jint(v, "id") == prot_inst;
		}
		assert_true(regional);
		assert_false(own);
	}
	ga_resp_free(&r);
	/* long-term without a reason */
	place(IV_CIVIL, child,
	      json_pack("{s:s, s:s}", "kind", "long_term_guardianship",
			"start_date", today),
	      &r);
	GA_ASSERT_ERROR(&r, 400, "missing_reason", "reasons");
	assert_non_null(strstr(ga_error_message(&r), "第九十四条"));
	ga_resp_free(&r);
	/* explicit counties must be counties */
	place(IV_CIVIL, child,
	      json_pack("{s:s, s:[s], s:I, s:s, s:s}", "kind",
			"long_term_guardianship", "reasons", "guardian_dead",
			"institution_id", (json_int_t)regional_inst,
			"start_date", today, "sending_county", "500229212201"),
	      &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_county", "sending_county");
	ga_resp_free(&r);
}

static void capacity(void **state)
{
	char today[11];
	long long c1 = iv_child("丁"), c2 = iv_child("戊");
	struct ga_resp r;
	json_t *b;

	(void)state;
	iv_day(0, today);
	b = temporary(today);
	json_object_set_new(b, "institution_id", json_integer(small_inst));
	place(IV_PROT, c1, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_false(json_is_true(json_object_get(r.json, "over_capacity")));
	ga_resp_free(&r);
	b = temporary(today);
	json_object_set_new(b, "institution_id", json_integer(small_inst));
	place(IV_PROT, c2, b, &r);
	GA_ASSERT_ERROR(&r, 409, "institution_full", "institution_id");
	ga_resp_free(&r);
	/* an emergency may go over, and it is recorded */
	b = temporary(today);
	json_object_set_new(b, "institution_id", json_integer(small_inst));
	json_object_set_new(b, "accept_over_capacity", json_true());
	place(IV_PROT, c2, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	assert_true(json_is_true(json_object_get(r.json, "over_capacity")));
	ga_resp_free(&r);
}

/* the carer and the note are sealed: not in the SQLite file */
static void no_plaintext_at_rest(void **state)
{
	size_t seen = 0;

	(void)state;
	if (ga_db_is_pg())
		skip();
	assert_false(id_db_holds("13912345678", &seen));
	assert_false(id_db_holds("夜间由派出所送来", &seen));
	assert_true(seen > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(iv_log_in_all),
	    cmocka_unit_test(institutions),
	    cmocka_unit_test(temporary_then_home),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(scope_and_roles),
	    cmocka_unit_test(case_needs_the_placement),
	    cmocka_unit_test(other_kinds),
	    cmocka_unit_test(follow_a_transfer),
	    cmocka_unit_test(capacity),
	    cmocka_unit_test(no_plaintext_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, iv_setup, ga_group_teardown));
}
