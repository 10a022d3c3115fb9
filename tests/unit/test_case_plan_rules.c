/* The assistance plan's rules (src/domain/case_plan.c), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/case_plan.h"

static const struct date today = {2026, 3, 10};

static void measures(void **state)
{
	int n = case_measure_count();

	(void)state;
	assert_int_equal(n, 10);
	for (int i = 0; i < n; i++) {
		const char *id = case_measure_id(i);

		assert_true(case_measure_valid(id));
		assert_true(strlen(case_measure_zh(id)) > 0);
		assert_true(strlen(case_measure_en(id)) > 0);
	}
	assert_null(case_measure_id(n));
	assert_string_equal(case_measure_zh("social_assistance"),
			    "社会救助申请");
	assert_false(case_measure_valid("magic"));
	assert_false(case_measure_valid(NULL));
	assert_string_equal(case_measure_zh("magic"), "");
}

static void statuses(void **state)
{
	static const struct {
		enum plan_status from, to;
		bool ok;
	} rows[] = {
	    {PLAN_OPEN, PLAN_DONE, true},
	    {PLAN_OPEN, PLAN_CANCELLED, true},
	    {PLAN_OPEN, PLAN_OPEN, false},
	    {PLAN_DONE, PLAN_CANCELLED, false},
	    {PLAN_DONE, PLAN_OPEN, false},
	    {PLAN_CANCELLED, PLAN_DONE, false},
	    {PLAN_CANCELLED, PLAN_OPEN, false},
	    {PLAN_OPEN, PLAN_STATUS_COUNT, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(
		    plan_status_change_ok(rows[i].from, rows[i].to),
		    rows[i].ok);
	for (int s = 0; s < PLAN_STATUS_COUNT; s++)
		assert_int_equal(plan_status_from_name(plan_status_name(s)), s);
	assert_int_equal(plan_status_from_name("later"), PLAN_STATUS_COUNT);
}

static void overdue(void **state)
{
	struct date due = {2026, 3, 9}, on = {2026, 3, 10}, none = {0, 0, 0};

	(void)state;
	assert_true(plan_item_overdue(PLAN_OPEN, due, today));
	assert_false(plan_item_overdue(PLAN_OPEN, on, today));
	assert_false(plan_item_overdue(PLAN_DONE, due, today));
	assert_false(plan_item_overdue(PLAN_CANCELLED, due, today));
	assert_false(plan_item_overdue(PLAN_OPEN, none, today));
}

static void due_dates(void **state)
{
	static const struct {
		const char *text;
		const char *code; /* NULL: accepted */
	} rows[] = {
	    {"2026-03-10", NULL},	    {"2026-03-11", NULL},
	    {"2028-03-09", NULL},	    {"2026-03-09", "due_date_past"},
	    {"2028-03-10", "due_date_far"}, {"2026-02-30", "bad_due_date"},
	    {"2026-3-11", "bad_due_date"},  {"", "bad_due_date"},
	    {NULL, "bad_due_date"},
	};
	struct date d, held;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *code = NULL, *why = NULL;
		bool ok = plan_due_ok(rows[i].text, today, &d, &code, &why);

		if (ok != (rows[i].code == NULL) ||
		    (!ok && strcmp(code, rows[i].code)))
			fail_msg("due row %zu: %d %s", i, ok, code ? code : "");
		if (!ok)
			assert_true(strlen(why) > 10);
	}
	assert_true(conference_day_ok("2026-03-10", today, &held));
	assert_true(conference_day_ok("2025-12-01", today, &held));
	assert_false(conference_day_ok("2026-03-11", today, &held));
	assert_false(conference_day_ok("yesterday", today, &held));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(measures),
	    cmocka_unit_test(statuses),
	    cmocka_unit_test(overdue),
	    cmocka_unit_test(due_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
