/*
 * The institutions registry (POLICY.md P1.1, P1.2) through the API:
 * county civil affairs registers and keeps its county's institutions;
 * protection and welfare read within their county and may not write;
 * other roles are refused; another county's institution is absent (404);
 * bad input is 400 with the field named; a duplicate name and a stale
 * version are 409; current_children counts active placements.
 */
#include "intervention.h"

static long long prot_inst;

static json_t *inst_body(const char *name, const char *kind)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:i, s:s, s:s}", "name", name,
			 "kind", kind, "transformed", 1, "transformed_on",
			 "2020-12-01", "capacity", 20, "address",
			 "城口县葛城街道南大街8号", "phone", "023-59221234");
}

static void civil_registers_and_updates(void **state)
{
	char name[96], path[64];
	struct ga_resp r;
	json_t *b;

	(void)state;
	snprintf(name, sizeof(name), "城口县未成年人救助保护中心%s", iv_tok);
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/institutions",
	     inst_body(name, "protection"), &r);
	GA_ASSERT_STATUS(&r, 201);
	prot_inst = jint(r.json, "id");
	assert_string_equal(id_str(r.json, "county"), IV_COUNTY);
	assert_string_equal(id_str(r.json, "county_name"), "城口县");
	assert_true(json_is_true(json_object_get(r.json, "transformed")));
	assert_int_equal(jint(r.json, "capacity"), 20);
	assert_int_equal(jint(r.json, "current_children"), 0);
	assert_int_equal(jint(r.json, "version"), 1);
	ga_resp_free(&r);

	/* the same name in the county: 409 */
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/institutions",
	     inst_body(name, "protection"), &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_name", "name");
	ga_resp_free(&r);

	/* the whole record again with the version read */
	snprintf(path, sizeof(path), "/api/v1/institutions/%lld", prot_inst);
	b = inst_body(name, "protection");
	json_object_set_new(b, "capacity", json_integer(30));
	json_object_set_new(b, "version", json_integer(1));
	jreq(IVS(IV_CIVIL), "PUT", path, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_int_equal(jint(r.json, "capacity"), 30);
	ga_resp_free(&r);
	/* the same version again: stale */
	b = inst_body(name, "protection");
	json_object_set_new(b, "version", json_integer(1));
	jreq(IVS(IV_CIVIL), "PUT", path, b, &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	assert_non_null(strstr(ga_error_message(&r), "2"));
	ga_resp_free(&r);
	/* the county cannot change */
	b = inst_body(name, "protection");
	json_object_set_new(b, "version", json_integer(2));
	json_object_set_new(b, "county", json_string(IV_COUNTY2));
	jreq(IVS(IV_CIVIL), "PUT", path, b, &r);
	GA_ASSERT_ERROR(&r, 400, "county_fixed", "county");
	ga_resp_free(&r);
}

static void bad_input_is_refused(void **state)
{
	static const struct {
		const char *field;
		json_t *value;
		const char *code;
	} cases[] = {
	    {"kind", NULL, "invalid_kind"},
	    {"transformed_on", NULL, "invalid_date"},
	    {"phone", NULL, "invalid_phone"},
	    {"county", NULL, "out_of_scope"},
	    {"capacity", NULL, "out_of_range"},
	    {"name", NULL, "too_long"},
	    {"colour", NULL, "unknown_field"},
	};
	char longname[400], name[96];
	struct ga_resp r;

	(void)state;
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 130; i++)
		longname[i] = 'x';
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *b, *v;

		snprintf(name, sizeof(name), "坏机构%zu%s", i, iv_tok);
		b = inst_body(name, "welfare");
		json_object_set_new(b, "transformed", json_false());
		json_object_del(b, "transformed_on");
		switch (i) {
		case 0: v = json_string("orphanage"); break;
		case 1: v = json_string("2020-13-01"); break;
		case 2: v = json_string("call me"); break;
		case 3: v = json_string(IV_COUNTY2); break;
		case 4: v = json_integer(-1); break;
		case 5: v = json_string(longname); break;
		default: v = json_string("red"); break;
		}
		json_object_set_new(b, cases[i].field, v);
		jreq(IVS(IV_CIVIL), "POST", "/api/v1/institutions", b, &r);
		GA_ASSERT_ERROR(&r, 400, cases[i].code, cases[i].field);
		assert_true(ga_has_cjk(ga_error_message(&r)));
		ga_resp_free(&r);
	}
	/* a welfare institution is not "transformed" */
	snprintf(name, sizeof(name), "福利院%s", iv_tok);
	jreq(IVS(IV_CIVIL), "POST", "/api/v1/institutions",
	     inst_body(name, "welfare"), &r);
	GA_ASSERT_ERROR(&r, 400, "not_protection", "transformed");
	ga_resp_free(&r);
}

static void who_may_read_and_write(void **state)
{
	char name[96], path[64];
	struct ga_resp r;

	(void)state;
	snprintf(name, sizeof(name), "擅自登记%s", iv_tok);
	jreq(IVS(IV_PROT), "POST", "/api/v1/institutions",
	     inst_body(name, "protection"), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/institutions/%lld", prot_inst);
	for (int w = IV_PROT; w <= IV_CIVIL; w++) {
		if (w == IV_PROT2)
			continue;
		id_req(IVS(w), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		ga_resp_free(&r);
		id_req(IVS(w), "GET", "/api/v1/institutions", NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_true(json_array_size(json_object_get(r.json, "items")) >=
			    1);
		ga_resp_free(&r);
	}
	/* another county's protection institution: absent */
	id_req(IVS(IV_PROT2), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_PROT2), "GET", "/api/v1/institutions", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	for (size_t i = 0;
	     i < json_array_size(json_object_get(r.json, "items")); i++)
		assert_int_not_equal(
		    jint(json_array_get(json_object_get(r.json, "items"), i),
			 "id"),
		    prot_inst);
	ga_resp_free(&r);
	/* roles without the action */
	id_req(IVS(IV_DIR), "GET", "/api/v1/institutions", NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	id_req(IVS(IV_POLICE), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* filters */
	id_req(IVS(IV_CIVIL), "GET", "/api/v1/institutions?kind=zoo", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "kind");
	ga_resp_free(&r);
	id_req(IVS(IV_CIVIL), "GET", "/api/v1/institutions?include_regional=2",
	       NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "include_regional");
	ga_resp_free(&r);
	id_req(IVS(IV_CIVIL), "GET", "/api/v1/institutions/99999999", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void current_children_counts_placements(void **state)
{
	char path[80], today[11];
	long long child = iv_child("机构");
	struct ga_resp r;
	json_t *b;

	(void)state;
	iv_day(0, today);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/placements", child);
	b = json_pack("{s:s, s:[s], s:s, s:I, s:s}", "kind",
		      "temporary_guardianship", "reasons", "guardian_missing",
		      "setting", "institution", "institution_id",
		      (json_int_t)prot_inst, "start_date", today);
	jreq(IVS(IV_PROT), "POST", path, b, &r);
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/institutions/%lld", prot_inst);
	id_req(IVS(IV_WELF), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "current_children"), 1);
	ga_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(iv_log_in_all),
	    cmocka_unit_test(civil_registers_and_updates),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(who_may_read_and_write),
	    cmocka_unit_test(current_children_counts_placements),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, iv_setup, ga_group_teardown));
}
