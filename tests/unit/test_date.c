/*
 * Unit tests for src/domain/date.c: parsing, validity, formatting, age
 * (29 Feb birthdays) and month arithmetic. Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/date.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

struct parse_case {
	const char *in;
	bool ok;
	struct date want;
};

static const struct parse_case parse_cases[] = {
    {"2024-02-01", true, D(2024, 2, 1)},
    {"2024-02-29", true, D(2024, 2, 29)}, /* leap year */
    {"2000-02-29", true, D(2000, 2, 29)}, /* divisible by 400 */
    {"1900-02-28", true, D(1900, 2, 28)},
    {"0001-01-01", true, D(1, 1, 1)},
    {"9999-12-31", true, D(9999, 12, 31)},
    {"2023-12-31", true, D(2023, 12, 31)},
    {"2023-02-29", false, D(0, 0, 0)}, /* common year */
    {"1900-02-29", false, D(0, 0, 0)}, /* century, not leap */
    {"2024-02-30", false, D(0, 0, 0)},
    {"2024-04-31", false, D(0, 0, 0)},
    {"2024-13-01", false, D(0, 0, 0)},
    {"2024-00-10", false, D(0, 0, 0)},
    {"2024-01-00", false, D(0, 0, 0)},
    {"0000-01-01", false, D(0, 0, 0)},
    {"2024-2-1", false, D(0, 0, 0)},
    {"2024-02-1", false, D(0, 0, 0)},
    {"2024-02-01x", false, D(0, 0, 0)}, /* trailing junk */
    {"2024-02-01 ", false, D(0, 0, 0)},
    {" 2024-02-01", false, D(0, 0, 0)},
    {"2024/02/01", false, D(0, 0, 0)},
    {"20240201", false, D(0, 0, 0)},
    {"2O24-02-01", false, D(0, 0, 0)}, /* letter O */
    {"2024-0a-01", false, D(0, 0, 0)},
    {"+024-02-01", false, D(0, 0, 0)},
    {"2024--2-01", false, D(0, 0, 0)},
    {"-024-02-01", false, D(0, 0, 0)},
    {"", false, D(0, 0, 0)},
};

static void parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct date out = D(7, 7, 7);
		bool ok = date_parse(c->in, strlen(c->in), &out);

		if (ok != c->ok)
			fail_msg("parse \"%s\": got %d", c->in, ok);
		if (ok) {
			assert_int_equal(date_cmp(out, c->want), 0);
		} else {
			/* untouched on failure */
			assert_int_equal(date_cmp(out, D(7, 7, 7)), 0);
		}
	}
}

static void parse_respects_len(void **state)
{
	struct date out = D(0, 0, 0);

	(void)state;
	/* the bytes after len are not read */
	assert_true(date_parse("2024-02-01junk", 10, &out));
	assert_int_equal(date_cmp(out, D(2024, 2, 1)), 0);
	assert_false(date_parse("2024-02-01", 9, &out));
	assert_false(date_parse(NULL, 10, &out));
}

static void valid_and_set(void **state)
{
	(void)state;
	assert_false(date_is_set(D(0, 0, 0)));
	assert_true(date_is_set(D(2024, 0, 0)));
	assert_false(date_valid(D(0, 0, 0)));
	assert_true(date_valid(D(2024, 2, 29)));
	assert_false(date_valid(D(2100, 2, 29)));
	assert_false(date_valid(D(2024, 6, 31)));
	assert_false(date_valid(D(10000, 1, 1)));
	assert_false(date_valid(D(-1, 1, 1)));
}

static void format_round_trip(void **state)
{
	static const char *const texts[] = {"2024-02-29", "0001-01-01",
					    "9999-12-31", "1949-10-01"};
	char out[11];

	(void)state;
	for (size_t i = 0; i < NELEM(texts); i++) {
		struct date d;

		assert_true(date_parse(texts[i], 10, &d));
		date_format(d, out);
		assert_string_equal(out, texts[i]);
	}
	date_format(D(0, 0, 0), out);
	assert_string_equal(out, "");
	date_format(D(2023, 2, 29), out);
	assert_string_equal(out, "");
}

static void cmp_orders(void **state)
{
	(void)state;
	assert_true(date_cmp(D(2024, 1, 31), D(2024, 2, 1)) < 0);
	assert_true(date_cmp(D(2024, 12, 1), D(2023, 12, 31)) > 0);
	assert_true(date_cmp(D(2024, 3, 2), D(2024, 3, 1)) > 0);
	assert_int_equal(date_cmp(D(2024, 3, 1), D(2024, 3, 1)), 0);
}

struct age_case {
	const char *name;
	struct date birth, on;
	int want;
};

static const struct age_case age_cases[] = {
    {"day before 16th", D(2008, 6, 15), D(2024, 6, 14), 15},
    {"16th birthday", D(2008, 6, 15), D(2024, 6, 15), 16},
    {"day after", D(2008, 6, 15), D(2024, 6, 16), 16},
    {"earlier month", D(2008, 6, 15), D(2024, 5, 30), 15},
    {"birth day itself", D(2020, 1, 1), D(2020, 1, 1), 0},
    {"new year's eve", D(2006, 1, 1), D(2023, 12, 31), 17},
    {"new year's day", D(2006, 1, 1), D(2024, 1, 1), 18},
    {"29 Feb, common 28 Feb", D(2008, 2, 29), D(2026, 2, 28), 17},
    {"29 Feb, common 1 Mar", D(2008, 2, 29), D(2026, 3, 1), 18},
    {"29 Feb, leap 28 Feb", D(2008, 2, 29), D(2024, 2, 28), 15},
    {"29 Feb, leap 29 Feb", D(2008, 2, 29), D(2024, 2, 29), 16},
    {"before birth", D(2020, 5, 1), D(2020, 4, 30), -1},
    {"invalid birth", D(2023, 2, 29), D(2024, 1, 1), -1},
    {"unset birth", D(0, 0, 0), D(2024, 1, 1), -1},
    {"invalid on", D(2020, 1, 1), D(2024, 13, 1), -1},
};

static void age_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(age_cases); i++) {
		const struct age_case *c = &age_cases[i];
		int got = date_age(c->birth, c->on);

		if (got != c->want)
			fail_msg("age %s: got %d, want %d", c->name, got,
				 c->want);
	}
}

struct months_case {
	struct date in;
	int n;
	struct date want;
};

static const struct months_case months_cases[] = {
    {D(2024, 1, 15), 6, D(2024, 7, 15)},
    {D(2024, 8, 31), 6, D(2025, 2, 28)}, /* clamped, common */
    {D(2023, 8, 31), 6, D(2024, 2, 29)}, /* clamped, leap */
    {D(2024, 3, 31), 1, D(2024, 4, 30)},
    {D(2024, 12, 1), 1, D(2025, 1, 1)},
    {D(2024, 1, 31), -1, D(2023, 12, 31)},
    {D(2024, 3, 31), -1, D(2024, 2, 29)},
    {D(2024, 5, 20), 0, D(2024, 5, 20)},
    {D(2024, 5, 20), -24, D(2022, 5, 20)},
    {D(2024, 2, 29), 12, D(2025, 2, 28)},
    {D(2024, 2, 29), 48, D(2028, 2, 29)},
    {D(9999, 12, 1), 1, D(0, 0, 0)}, /* out of range */
    {D(1, 1, 1), -1, D(0, 0, 0)},
    {D(2023, 2, 29), 1, D(0, 0, 0)}, /* invalid input */
    {D(2024, 1, 1), 2000000000, D(0, 0, 0)},
    {D(2024, 1, 1), -2000000000, D(0, 0, 0)},
};

static void add_months_table(void **state)
{
	char a[11], b[11];

	(void)state;
	for (size_t i = 0; i < NELEM(months_cases); i++) {
		const struct months_case *c = &months_cases[i];
		struct date got = date_add_months(c->in, c->n);

		if (date_cmp(got, c->want)) {
			date_format(c->in, a);
			date_format(got, b);
			fail_msg("%s + %d months: got %s (%d-%d-%d)", a, c->n,
				 b, got.y, got.m, got.d);
		}
	}
}

static void add_years(void **state)
{
	(void)state;
	assert_int_equal(
	    date_cmp(date_add_years(D(2008, 2, 29), 18), D(2026, 2, 28)), 0);
	assert_int_equal(
	    date_cmp(date_add_years(D(2008, 2, 29), 16), D(2024, 2, 29)), 0);
	assert_int_equal(
	    date_cmp(date_add_years(D(2010, 7, 1), -3), D(2007, 7, 1)), 0);
	assert_false(date_is_set(date_add_years(D(2010, 7, 1), 1000000000)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(parse_table),
	    cmocka_unit_test(parse_respects_len),
	    cmocka_unit_test(valid_and_set),
	    cmocka_unit_test(format_round_trip),
	    cmocka_unit_test(cmp_orders),
	    cmocka_unit_test(age_table),
	    cmocka_unit_test(add_months_table),
	    cmocka_unit_test(add_years),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
