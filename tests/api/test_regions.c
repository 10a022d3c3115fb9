/*
 * GET /api/v1/regions, /api/v1/regions/{code} and POST /api/v1/regions/lookup
 * happy paths, plus the query-parameter errors of the GET routes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define CQ "500000000000"

static const char *const districts[] = {
    "500101000000", "500102000000", "500103000000", "500104000000",
    "500105000000", "500106000000", "500107000000", "500108000000",
    "500109000000", "500110000000", "500111000000", "500112000000",
    "500113000000", "500114000000", "500115000000", "500116000000",
    "500117000000", "500118000000", "500119000000", "500120000000",
    "500151000000", "500152000000", "500153000000", "500154000000",
    "500155000000", "500156000000",
};

static const char *const counties[] = {
    "500229000000", "500230000000", "500231000000", "500233000000",
    "500235000000", "500236000000", "500237000000", "500238000000",
    "500240000000", "500241000000", "500242000000", "500243000000",
};

static const char *const zone_names[] = {"两江新区", "重庆高新区",
					 "万盛经开区"};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *code, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(code, list[i]) == 0)
			return true;
	return false;
}

static bool is_county_level(const char *code)
{
	return in_list(code, districts, N(districts)) ||
	       in_list(code, counties, N(counties));
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool has_flag(json_t *region, const char *flag)
{
	json_t *flags = json_object_get(region, "flags");
	size_t i;
	json_t *f;

	json_array_foreach(flags, i, f)
	{
		if (json_is_string(f) &&
		    strcmp(json_string_value(f), flag) == 0)
			return true;
	}
	return false;
}

static bool valid_level(const char *level)
{
	static const char *const levels[] = {"province", "city", "county",
					     "township", "village"};

	return level && in_list(level, levels, N(levels));
}

/* The Region shape: code, name, level, parent, kind, flags, has_children. */
static void check_region(json_t *r)
{
	json_t *flags = json_object_get(r, "flags");
	json_t *parent = json_object_get(r, "parent");
	size_t i;
	json_t *f;

	assert_true(json_is_object(r));
	assert_true(ga_is_code(str(r, "code")));
	assert_non_null(str(r, "name"));
	assert_true(strlen(str(r, "name")) > 0);
	if (!valid_level(str(r, "level")))
		fail_msg("region %s: bad level %s", str(r, "code"),
			 str(r, "level") ? str(r, "level") : "(none)");
	assert_true(json_is_null(parent) ||
		    ga_is_code(json_string_value(parent)));
	assert_non_null(str(r, "kind"));
	assert_true(json_is_array(flags));
	json_array_foreach(flags, i, f)
	{
		assert_true(json_is_string(f));
	}
	assert_true(json_is_boolean(json_object_get(r, "has_children")));
}

/* GET path, assert 200 + API headers, return the parsed body (borrowed). */
static json_t *get_ok(const char *path, struct ga_resp *r)
{
	assert_int_equal(ga_get(path, r), 0);
	GA_ASSERT_STATUS(r, 200);
	GA_ASSERT_SECURITY_HEADERS(r);
	GA_ASSERT_NO_STORE(r);
	assert_non_null(r->json);
	return r->json;
}

static json_t *children(const char *parent, struct ga_resp *r)
{
	char path[128];
	json_t *body, *items;

	snprintf(path, sizeof(path), "/api/v1/regions?parent=%s", parent);
	body = get_ok(path, r);
	items = json_object_get(body, "items");
	assert_true(json_is_array(items));
	return items;
}

static void assert_sorted(json_t *items)
{
	const char *prev = "";
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it)
	{
		const char *c = str(it, "code");

		if (!c || strcmp(prev, c) >= 0)
			fail_msg("items not sorted by code at %zu: %s after %s",
				 i, c ? c : "(null)", prev);
		prev = c;
	}
}

static json_t *find_code(json_t *items, const char *code)
{
	size_t i;
	json_t *it;

	json_array_foreach(items, i, it)
	{
		const char *c = str(it, "code");

		if (c && strcmp(c, code) == 0)
			return it;
	}
	return NULL;
}

static void top_level_contains_chongqing(void **state)
{
	struct ga_resp r;
	json_t *items, *cq;
	size_t i;
	json_t *it;

	(void)state;
	items = json_object_get(get_ok("/api/v1/regions", &r), "items");
	assert_true(json_is_array(items));
	cq = find_code(items, CQ);
	assert_non_null(cq);
	assert_string_equal(str(cq, "name"), "重庆市");
	assert_true(json_is_true(json_object_get(cq, "has_children")));
	json_array_foreach(items, i, it)
	{
		check_region(it);
	}
	assert_sorted(items);
	ga_resp_free(&r);
}

static void check_zone(json_t *z)
{
	json_t *ov = json_object_get(z, "overlaps");
	size_t i;
	json_t *c;

	assert_string_equal(str(z, "kind"), "zone");
	assert_true(has_flag(z, "management_zone"));
	assert_true(json_is_array(ov));
	assert_true(json_array_size(ov) > 0);
	json_array_foreach(ov, i, c)
	{
		if (!is_county_level(json_string_value(c)))
			fail_msg("zone %s overlaps %s, not a district/county",
				 str(z, "name"),
				 json_string_value(c) ? json_string_value(c)
						      : "(non-string)");
	}
}

static void chongqing_has_41_children(void **state)
{
	struct ga_resp r;
	json_t *items, *parent, *it;
	size_t i, nzones = 0, ndist = 0, ncounty = 0;
	bool seen_zone[N(zone_names)] = {false};

	(void)state;
	items = children(CQ, &r);
	parent = json_object_get(r.json, "parent");
	assert_true(json_is_object(parent));
	assert_string_equal(str(parent, "code"), CQ);
	assert_string_equal(str(parent, "name"), "重庆市");
	assert_int_equal(json_array_size(items), 41);
	assert_sorted(items);
	json_array_foreach(items, i, it)
	{
		const char *code = str(it, "code");

		check_region(it);
		assert_string_equal(str(it, "parent"), CQ);
		if (strcmp(str(it, "kind"), "zone") == 0) {
			check_zone(it);
			for (size_t k = 0; k < N(zone_names); k++)
				if (strcmp(str(it, "name"), zone_names[k]) == 0)
					seen_zone[k] = true;
			nzones++;
			continue;
		}
		if (in_list(code, districts, N(districts)))
			ndist++;
		else if (in_list(code, counties, N(counties)))
			ncounty++;
		else
			fail_msg("unexpected child of 重庆市: %s %s", code,
				 str(it, "name"));
		/* districts and counties are county-level divisions */
		assert_string_equal(str(it, "level"), "county");
		assert_false(has_flag(it, "management_zone"));
		assert_null(json_object_get(it, "overlaps"));
		assert_true(json_is_true(json_object_get(it, "has_children")));
	}
	assert_int_equal(ndist, 26);
	assert_int_equal(ncounty, 12);
	assert_int_equal(nzones, 3);
	for (size_t k = 0; k < N(zone_names); k++)
		if (!seen_zone[k])
			fail_msg("zone %s missing", zone_names[k]);
	assert_string_equal(str(find_code(items, "500229000000"), "name"),
			    "城口县");
	assert_string_equal(str(find_code(items, "500101000000"), "name"),
			    "万州区");
	ga_resp_free(&r);
}

static void chengkou_townships_and_deep_poverty(void **state)
{
	struct ga_resp r;
	json_t *items, *it;
	size_t i;

	(void)state;
	items = children("500229000000", &r);
	assert_string_equal(str(json_object_get(r.json, "parent"), "name"),
			    "城口县");
	assert_true(json_array_size(items) > 10);
	assert_sorted(items);
	json_array_foreach(items, i, it)
	{
		check_region(it);
		assert_string_equal(str(it, "level"), "township");
		assert_string_equal(str(it, "parent"), "500229000000");
		assert_memory_equal(str(it, "code"), "500229", 6);
		assert_memory_equal(str(it, "code") + 9, "000", 3);
	}
	it = find_code(items, "500229212000");
	assert_non_null(it);
	assert_string_equal(str(it, "name"), "鸡鸣乡");
	assert_true(has_flag(it, "deep_poverty"));
	assert_false(has_flag(it, "unconfirmed"));
	it = find_code(items, "500229208000");
	assert_non_null(it);
	assert_string_equal(str(it, "name"), "沿河乡");
	assert_true(has_flag(it, "deep_poverty"));
	ga_resp_free(&r);
}

static void hongchiba_is_unconfirmed(void **state)
{
	struct ga_resp r;
	json_t *body;

	(void)state;
	body = get_ok("/api/v1/regions/500238118000", &r);
	check_region(body);
	assert_string_equal(str(body, "name"), "红池坝镇");
	assert_string_equal(str(body, "level"), "township");
	assert_true(has_flag(body, "deep_poverty"));
	assert_true(has_flag(body, "unconfirmed"));
	ga_resp_free(&r);
}

static void check_path(json_t *path, const char *const *codes, size_t n)
{
	json_t *p;
	size_t i;

	assert_true(json_is_array(path));
	if (json_array_size(path) != n)
		fail_msg("path has %zu entries, want %zu",
			 json_array_size(path), n);
	json_array_foreach(path, i, p)
	{
		assert_string_equal(str(p, "code"), codes[i]);
		assert_non_null(str(p, "name"));
		assert_true(valid_level(str(p, "level")));
	}
}

static void single_region_with_path(void **state)
{
	struct ga_resp r;
	json_t *body, *path;
	static const char *const cq_path[] = {CQ, "500229000000"};

	(void)state;
	body = get_ok("/api/v1/regions/500229212000", &r);
	check_region(body);
	assert_string_equal(str(body, "code"), "500229212000");
	assert_string_equal(str(body, "name"), "鸡鸣乡");
	assert_string_equal(str(body, "parent"), "500229000000");
	assert_true(json_is_true(json_object_get(body, "has_children")));
	path = json_object_get(body, "path");
	check_path(path, cq_path, 2);
	assert_string_equal(str(json_array_get(path, 0), "name"), "重庆市");
	assert_string_equal(str(json_array_get(path, 1), "name"), "城口县");
	assert_string_equal(str(json_array_get(path, 1), "level"), "county");
	ga_resp_free(&r);

	body = get_ok("/api/v1/regions/" CQ, &r);
	check_region(body);
	assert_string_equal(str(body, "name"), "重庆市");
	check_path(json_object_get(body, "path"), NULL, 0);
	ga_resp_free(&r);
}

static void village_children_and_path(void **state)
{
	struct ga_resp r;
	json_t *items, *it, *body;
	size_t i;
	char village[16], path[64];
	static const char *const want_path[] = {CQ, "500229000000",
						"500229212000"};

	(void)state;
	items = children("500229212000", &r);
	assert_true(json_array_size(items) > 0);
	assert_sorted(items);
	json_array_foreach(items, i, it)
	{
		check_region(it);
		assert_string_equal(str(it, "level"), "village");
		assert_string_equal(str(it, "parent"), "500229212000");
		assert_memory_equal(str(it, "code"), "500229212", 9);
	}
	snprintf(village, sizeof(village), "%s",
		 str(json_array_get(items, 0), "code"));
	ga_resp_free(&r);

	snprintf(path, sizeof(path), "/api/v1/regions/%s", village);
	body = get_ok(path, &r);
	check_region(body);
	assert_string_equal(str(body, "level"), "village");
	assert_false(json_is_true(json_object_get(body, "has_children")));
	check_path(json_object_get(body, "path"), want_path, 3);
	ga_resp_free(&r);

	/* a village has no children: an empty list, not an error */
	snprintf(path, sizeof(path), "/api/v1/regions?parent=%s", village);
	items = json_object_get(get_ok(path, &r), "items");
	assert_true(json_is_array(items));
	assert_int_equal(json_array_size(items), 0);
	ga_resp_free(&r);
}

/*
 * Walk every district and county: 1,031 townships, 11,270 villages, every
 * village code under its township's 9-digit prefix.
 */
static void totals_match_census(void **state)
{
	const char *const *lists[] = {districts, counties};
	size_t sizes[] = {N(districts), N(counties)};
	size_t ntown = 0, nvillage = 0;

	(void)state;
	for (size_t l = 0; l < 2; l++)
		for (size_t k = 0; k < sizes[l]; k++) {
			struct ga_resp r;
			json_t *towns = children(lists[l][k], &r), *t;
			size_t i;

			json_array_foreach(towns, i, t)
			{
				struct ga_resp rv;
				json_t *vs, *v;
				size_t j;
				const char *tc = str(t, "code");

				assert_string_equal(str(t, "level"),
						    "township");
				assert_memory_equal(tc, lists[l][k], 6);
				vs = children(tc, &rv);
				json_array_foreach(vs, j, v)
				{
					const char *vc = str(v, "code");

					assert_true(ga_is_code(vc));
					assert_memory_equal(vc, tc, 9);
				}
				nvillage += json_array_size(vs);
				ga_resp_free(&rv);
			}
			ntown += json_array_size(towns);
			ga_resp_free(&r);
		}
	assert_int_equal(ntown, 1031);
	assert_int_equal(nvillage, 11270);
}

static void bad_codes_are_400(void **state)
{
	static const struct {
		const char *path;
		const char *field;
	} cases[] = {
	    {"/api/v1/regions?parent=abc", "parent"},
	    {"/api/v1/regions?parent=5001", "parent"},
	    {"/api/v1/regions?parent=5001010000001", "parent"},
	    {"/api/v1/regions?parent=", "parent"},
	    {"/api/v1/regions?parent=-50010100000", "parent"},
	    {"/api/v1/regions?parent=%2050010100000", "parent"},
	    {"/api/v1/regions?parent=50010100000%00", "parent"},
	    {"/api/v1/regions?parent=%EF%BC%95%EF%BC%90%EF%BC%90", "parent"},
	    {"/api/v1/regions/50010100000X", "code"},
	    {"/api/v1/regions/5001", "code"},
	    {"/api/v1/regions/5001010000001", "code"},
	    {"/api/v1/regions/%35%30%30%31", "code"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ga_resp r;

		print_message("  %s\n", cases[i].path);
		assert_int_equal(ga_get(cases[i].path, &r), 0);
		GA_ASSERT_ERROR(&r, 400, "invalid_code", cases[i].field);
		GA_ASSERT_SECURITY_HEADERS(&r);
		GA_ASSERT_NO_STORE(&r);
		ga_resp_free(&r);
	}
}

static void unknown_codes_are_404(void **state)
{
	static const char *const paths[] = {
	    "/api/v1/regions/990000000000",
	    "/api/v1/regions/500229999000",
	    "/api/v1/regions?parent=990000000000",
	};

	(void)state;
	for (size_t i = 0; i < N(paths); i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_get(paths[i], &r), 0);
		GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
		ga_resp_free(&r);
	}
}

static void unknown_parameters_are_400(void **state)
{
	static const char *const paths[] = {
	    "/api/v1/regions?foo=1",
	    "/api/v1/regions?parent=500000000000&foo=1",
	    "/api/v1/regions/500229000000?foo=1",
	    "/api/v1/regions?parent=500000000000&parent=500229000000",
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_get(paths[i], &r), 0);
		GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
		ga_resp_free(&r);
	}
	{
		/* a repeated parameter is ambiguous: refuse it, any 400 */
		struct ga_resp r;

		assert_int_equal(ga_get(paths[3], &r), 0);
		GA_ASSERT_STATUS(&r, 400);
		assert_non_null(ga_error_code(&r));
		ga_resp_free(&r);
	}
}

static void lookup_orders_collapses_and_reports_missing(void **state)
{
	struct ga_resp r;
	json_t *items, *missing;

	(void)state;
	assert_int_equal(
	    ga_post_json("/api/v1/regions/lookup",
			 "{\"codes\":[\"500229212000\",\"990000000000\","
			 "\"500229212000\",\"500000000000\","
			 "\"990000000000\",\"500238118000\"]}",
			 &r),
	    0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_NO_STORE(&r);
	items = json_object_get(r.json, "items");
	missing = json_object_get(r.json, "missing");
	assert_true(json_is_array(items));
	assert_true(json_is_array(missing));
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(str(json_array_get(items, 0), "code"),
			    "500229212000");
	assert_string_equal(str(json_array_get(items, 1), "code"), CQ);
	assert_string_equal(str(json_array_get(items, 2), "code"),
			    "500238118000");
	check_region(json_array_get(items, 0));
	assert_string_equal(str(json_array_get(items, 0), "name"), "鸡鸣乡");
	assert_true(has_flag(json_array_get(items, 2), "unconfirmed"));
	assert_int_equal(json_array_size(missing), 1);
	assert_string_equal(json_string_value(json_array_get(missing, 0)),
			    "990000000000");
	ga_resp_free(&r);
}

static void lookup_empty_and_charset(void **state)
{
	static const char *const h[] = {
	    "Content-Type: application/json; charset=utf-8", NULL};
	static const char body[] = "{\"codes\":[]}";
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_post_json("/api/v1/regions/lookup", body, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "missing")),
			 0);
	ga_resp_free(&r);

	assert_int_equal(ga_http("POST", "/api/v1/regions/lookup", h, body,
				 strlen(body), &r),
			 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_array(json_object_get(r.json, "items")));
	ga_resp_free(&r);
}

static void lookup_accepts_exactly_500(void **state)
{
	char *body = malloc(500 * 16 + 64);
	size_t n = 0;
	struct ga_resp r;

	(void)state;
	n += (size_t)snprintf(body + n, 32, "{\"codes\":[");
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(body + n, 32, "%s\"99%010d\"",
				      i ? "," : "", i);
	n += (size_t)snprintf(body + n, 8, "]}");
	assert_int_equal(ga_post_jsonn("/api/v1/regions/lookup", body, n, &r),
			 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "missing")),
			 500);
	ga_resp_free(&r);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(top_level_contains_chongqing),
	    cmocka_unit_test(chongqing_has_41_children),
	    cmocka_unit_test(chengkou_townships_and_deep_poverty),
	    cmocka_unit_test(hongchiba_is_unconfirmed),
	    cmocka_unit_test(single_region_with_path),
	    cmocka_unit_test(village_children_and_path),
	    cmocka_unit_test(totals_match_census),
	    cmocka_unit_test(bad_codes_are_400),
	    cmocka_unit_test(unknown_codes_are_404),
	    cmocka_unit_test(unknown_parameters_are_400),
	    cmocka_unit_test(lookup_orders_collapses_and_reports_missing),
	    cmocka_unit_test(lookup_empty_and_charset),
	    cmocka_unit_test(lookup_accepts_exactly_500),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, ga_group_setup, ga_group_teardown));
}
