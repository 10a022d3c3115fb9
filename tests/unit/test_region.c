/*
 * Unit tests for src/domain/region.h: division codes, levels, padding,
 * parents (with the municipality rule), kind guessing and scopes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/region.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void code_valid_table(void **state)
{
	static const struct {
		const char *code;
		bool want;
	} cases[] = {
	    {"500000000000", true},
	    {"500229212201", true},
	    {"110101001001", true},
	    {"010000000000", true}, /* only "00" is no province */
	    {"000000000000", false},
	    {"001234567890", false},
	    {"00000000001", false},
	    {"50000000000", false},   /* 11 digits */
	    {"5000000000000", false}, /* 13 digits */
	    {"", false},
	    {"50000000000a", false},
	    {"a50000000000", false},
	    {"5000 0000000", false},
	    {"+50000000000", false},
	    {"-50000000000", false},
	    {"５00000000000", false}, /* full-width digit */
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		bool got =
		    region_code_valid(cases[i].code, strlen(cases[i].code));

		if (got != cases[i].want)
			fail_msg("region_code_valid(\"%s\") = %d, want %d",
				 cases[i].code, got, cases[i].want);
	}
}

static void code_valid_uses_len(void **state)
{
	(void)state;
	/* the length decides, not the terminator */
	assert_false(region_code_valid("500000000000", 11));
	assert_false(region_code_valid("500000000000", 0));
	assert_true(region_code_valid("5000000000009", 12));
}

static void code_level_table(void **state)
{
	static const struct {
		const char *code;
		enum region_level want;
	} cases[] = {
	    {"500000000000", REGION_PROVINCE},
	    {"130000000000", REGION_PROVINCE},
	    {"500100000000", REGION_CITY},
	    {"130100000000", REGION_CITY},
	    {"500229000000", REGION_COUNTY},
	    {"500001000000", REGION_COUNTY},
	    {"500229212000", REGION_TOWNSHIP},
	    {"500229100000", REGION_TOWNSHIP},
	    {"500229001000", REGION_TOWNSHIP},
	    {"500229212201", REGION_VILLAGE},
	    {"500229000001", REGION_VILLAGE},
	    {"500229212100", REGION_VILLAGE},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		enum region_level got = region_code_level(cases[i].code);

		if (got != cases[i].want)
			fail_msg("region_code_level(\"%s\") = %d, want %d",
				 cases[i].code, got, cases[i].want);
	}
}

static void level_prefix_len_table(void **state)
{
	static const struct {
		enum region_level level;
		size_t want;
	} cases[] = {
	    {REGION_PROVINCE, 2},
	    {REGION_CITY, 4},
	    {REGION_COUNTY, 6},
	    {REGION_TOWNSHIP, 9},
	    {REGION_VILLAGE, 12},
	    /* out of range: the whole code */
	    {(enum region_level)0, 12},
	    {(enum region_level)6, 12},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		assert_int_equal(region_level_prefix_len(cases[i].level),
				 cases[i].want);
}

static void level_name_round_trip(void **state)
{
	static const struct {
		enum region_level level;
		const char *name;
	} cases[] = {
	    {REGION_PROVINCE, "province"}, {REGION_CITY, "city"},
	    {REGION_COUNTY, "county"},	   {REGION_TOWNSHIP, "township"},
	    {REGION_VILLAGE, "village"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		assert_string_equal(region_level_name(cases[i].level),
				    cases[i].name);
		assert_int_equal(region_level_from_name(cases[i].name),
				 cases[i].level);
		assert_int_equal(
		    region_level_from_name(region_level_name(cases[i].level)),
		    cases[i].level);
	}
	assert_null(region_level_name((enum region_level)0));
	assert_null(region_level_name((enum region_level)6));
	assert_null(region_level_name((enum region_level) - 1));
	assert_int_equal(region_level_from_name(""), 0);
	assert_int_equal(region_level_from_name("Province"), 0);
	assert_int_equal(region_level_from_name("village "), 0);
	assert_int_equal(region_level_from_name("street"), 0);
}

static void code_pad_table(void **state)
{
	static const struct {
		const char *in;
		const char *want; /* NULL: refused */
	} cases[] = {
	    {"50", "500000000000"},
	    {"5001", "500100000000"},
	    {"500229", "500229000000"},
	    {"500229212", "500229212000"},
	    {"500229212201", "500229212201"},
	    {"13", "130000000000"},
	    {"00", NULL},
	    {"0000", NULL},
	    {"005001", NULL},
	    {"", NULL},
	    {"5", NULL},
	    {"500", NULL},
	    {"50022", NULL},
	    {"5002291", NULL},
	    {"50022921", NULL},
	    {"5002292122", NULL},
	    {"5002292122011", NULL}, /* 13 */
	    {"5a", NULL},
	    {"50022921220x", NULL},
	    {"50 0", NULL},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char out[13];
		bool ok =
		    region_code_pad(cases[i].in, strlen(cases[i].in), out);

		if (ok != (cases[i].want != NULL))
			fail_msg("region_code_pad(\"%s\") = %d", cases[i].in,
				 ok);
		if (ok)
			assert_string_equal(out, cases[i].want);
	}
}

static void code_pad_uses_len(void **state)
{
	char out[13];

	(void)state;
	/* "500229" read as 4 digits */
	assert_true(region_code_pad("500229", 4, out));
	assert_string_equal(out, "500200000000");
}

static void municipality_table(void **state)
{
	static const struct {
		const char *code;
		bool want;
	} cases[] = {
	    {"110000000000", true},  {"120101000000", true},
	    {"310115000000", true},  {"500229212201", true},
	    {"130102000000", false}, {"510000000000", false},
	    {"100000000000", false}, {"210000000000", false},
	    {"440300000000", false},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (region_is_municipality(cases[i].code) != cases[i].want)
			fail_msg("region_is_municipality(\"%s\") wrong",
				 cases[i].code);
}

static void code_parent_table(void **state)
{
	static const struct {
		const char *code;
		const char *want; /* NULL: no parent */
	} cases[] = {
	    /* village → township */
	    {"500229212201", "500229212000"},
	    {"130102001001", "130102001000"},
	    /* township → county */
	    {"500229212000", "500229000000"},
	    {"130102001000", "130102000000"},
	    /* county → province in the four municipalities */
	    {"110101000000", "110000000000"},
	    {"120101000000", "120000000000"},
	    {"310115000000", "310000000000"},
	    {"500229000000", "500000000000"},
	    {"500101000000", "500000000000"},
	    /* county → city elsewhere */
	    {"130102000000", "130100000000"},
	    {"440305000000", "440300000000"},
	    {"510104000000", "510100000000"},
	    /* city → province */
	    {"130100000000", "130000000000"},
	    {"500100000000", "500000000000"},
	    /* province: none */
	    {"500000000000", NULL},
	    {"130000000000", NULL},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char out[13] = "";
		bool ok = region_code_parent(cases[i].code, out);

		if (ok != (cases[i].want != NULL))
			fail_msg("region_code_parent(\"%s\") = %d",
				 cases[i].code, ok);
		if (ok && strcmp(out, cases[i].want))
			fail_msg("region_code_parent(\"%s\") = \"%s\", want "
				 "\"%s\"",
				 cases[i].code, out, cases[i].want);
	}
}

static void code_parent_chain_reaches_province(void **state)
{
	char code[13] = "130102001001", up[13];
	int steps = 0;

	(void)state;
	while (region_code_parent(code, up)) {
		assert_true(region_code_valid(up, 12));
		assert_true(region_code_level(up) < region_code_level(code));
		memcpy(code, up, sizeof(code));
		steps++;
	}
	assert_string_equal(code, "130000000000");
	assert_int_equal(steps, 4);

	memcpy(code, "500229212201", sizeof(code));
	steps = 0;
	while (region_code_parent(code, up)) {
		memcpy(code, up, sizeof(code));
		steps++;
	}
	/* the municipality skips its placeholder city level */
	assert_string_equal(code, "500000000000");
	assert_int_equal(steps, 3);
}

static void kind_guess_table(void **state)
{
	static const struct {
		const char *code;
		const char *name;
		const char *want;
	} cases[] = {
	    {"500000000000", "重庆市", "province"},
	    {"130100000000", "石家庄市", "city"},
	    {"500103000000", "渝中区", "district"},
	    {"500229000000", "城口县", "county"},
	    {"130181000000", "辛集市", "county_city"},
	    /* township: the 7th digit, then the name */
	    {"500103001000", "解放碑街道", "street"},
	    {"500229001000", "葛城", "street"},
	    {"500229101000", "巴山镇", "town"},
	    {"500229199000", "某", "town"},
	    {"500229212000", "鸡鸣乡", "township"},
	    {"500229300000", "某", "township"},
	    {"500229212000", "某街道", "street"},
	    {"500229212000", "某镇", "town"},
	    {"500229101000", "某乡", "town"},
	    /* village or community, by the name */
	    {"500229212201", "茶坪村村委会", "village"},
	    {"500229212201", "茶坪村", "village"},
	    {"500103001001", "较场口社区居委会", "community"},
	    {"500103001002", "七星岗社区", "community"},
	    {"500103001003", "居委会", "community"},
	    {"500103001004", "社区服务站", "village"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const char *got =
		    region_kind_guess(cases[i].code, cases[i].name);

		assert_non_null(got);
		if (strcmp(got, cases[i].want))
			fail_msg("region_kind_guess(\"%s\", \"%s\") = \"%s\", "
				 "want \"%s\"",
				 cases[i].code, cases[i].name, got,
				 cases[i].want);
	}
}

static void in_scope_table(void **state)
{
	static const struct {
		const char *code;
		const char *scope;
		bool want;
	} cases[] = {
	    {"500229212201", "50", true},
	    {"500229212201", "500229", true},
	    {"500229212201", "500229212", true},
	    {"500229212201", "500229212201", true},
	    {"500229212201", "500230", false},
	    {"500229212201", "500229213", false},
	    {"500229212201", "51", false},
	    {"500229", "500229212", false},
	    {"500229212201", "5002292122011", false},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (region_in_scope(cases[i].code, cases[i].scope) !=
		    cases[i].want)
			fail_msg("region_in_scope(\"%s\", \"%s\") wrong",
				 cases[i].code, cases[i].scope);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(code_valid_table),
	    cmocka_unit_test(code_valid_uses_len),
	    cmocka_unit_test(code_level_table),
	    cmocka_unit_test(level_prefix_len_table),
	    cmocka_unit_test(level_name_round_trip),
	    cmocka_unit_test(code_pad_table),
	    cmocka_unit_test(code_pad_uses_len),
	    cmocka_unit_test(municipality_table),
	    cmocka_unit_test(code_parent_table),
	    cmocka_unit_test(code_parent_chain_reaches_province),
	    cmocka_unit_test(kind_guess_table),
	    cmocka_unit_test(in_scope_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
