/*
 * Unit tests for src/domain/referral.c: the departments and their types as
 * a table, the compiled deadlines against data/referral_deadlines.csv, the
 * states an answer may move between, and overdue on a fixed `today`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/referral.h"
#include "io/csv.h"
#include "util/result.h"
#include "util/strutil.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

static void types_belong_to_their_department(void **state)
{
	static const struct {
		const char *dept, *type;
		bool ok;
	} cases[] = {
	    {"education", "dropout_return", true},
	    {"education", "home_teaching", true},
	    {"education", "education_aid", true},
	    {"education", "priority_boarding", true},
	    {"education", "psychological", true},
	    {"police", "household_registration", true},
	    {"police", "trace_missing_parent", true},
	    {"police", "investigate", true},
	    {"justice", "legal_aid", true},
	    {"justice", "prisoner_children", true},
	    {"hrss", "parent_jobs_training", true},
	    {"hrss", "orphan_employment", true},
	    {"disability", "rehabilitation", true},
	    {"disability", "special_schooling", true},
	    {"women_fed", "family_education", true},
	    {"social_org", "service", true},
	    {"education", "legal_aid", false},
	    {"police", "dropout_return", false},
	    {"director", "service", false},
	    {"education", "", false},
	    {"", "service", false},
	    {NULL, "service", false},
	    {"education", NULL, false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		assert_int_equal(
		    referral_type_of(cases[i].dept, cases[i].type) != NULL,
		    cases[i].ok);
	assert_true(referral_dept_ok("women_fed"));
	assert_false(referral_dept_ok("county_civil"));
	assert_false(referral_dept_ok(NULL));
}

static void vocabularies(void **state)
{
	(void)state;
	assert_true(referral_source_ok("hotline"));
	assert_true(referral_source_ok("auto"));
	assert_false(referral_source_ok("email"));
	assert_true(referral_status_ok("declined"));
	assert_false(referral_status_ok("closed"));
	assert_true(referral_answer_ok("done"));
	assert_false(referral_answer_ok("sent"));
}

static void answers_in_order(void **state)
{
	static const struct {
		const char *from, *to;
		bool ok;
	} cases[] = {
	    {"sent", "accepted", true},	     {"sent", "declined", true},
	    {"sent", "done", false},	     {"sent", "sent", false},
	    {"accepted", "done", true},	     {"accepted", "declined", true},
	    {"accepted", "accepted", false}, {"done", "accepted", false},
	    {"done", "declined", false},     {"declined", "accepted", false},
	    {"declined", "done", false},     {NULL, "done", false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		assert_int_equal(referral_step_ok(cases[i].from, cases[i].to),
				 cases[i].ok);
}

static void overdue_on_a_fixed_day(void **state)
{
	static const struct {
		const char *status;
		struct date due, today;
		bool overdue;
	} cases[] = {
	    {"sent", {2026, 3, 10}, {2026, 3, 10}, false}, /* the due day */
	    {"sent", {2026, 3, 10}, {2026, 3, 11}, true},
	    {"accepted", {2026, 3, 10}, {2027, 1, 1}, true},
	    {"done", {2026, 3, 10}, {2027, 1, 1}, false},
	    {"declined", {2026, 3, 10}, {2027, 1, 1}, false},
	    {"sent", {0, 0, 0}, {2027, 1, 1}, false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		assert_int_equal(referral_overdue(cases[i].status, cases[i].due,
						  cases[i].today),
				 cases[i].overdue);
}

static void default_due_dates(void **state)
{
	const struct referral_type *t =
	    referral_type_of("education", "dropout_return");
	struct date d = referral_default_due(t, D(2026, 12, 20));

	(void)state;
	assert_int_equal(d.y, 2027);
	assert_int_equal(d.m, 1);
	assert_int_equal(d.d, 4);
	t = referral_type_of("police", "household_registration");
	d = referral_default_due(t, D(2026, 2, 1));
	assert_int_equal(d.m, 3);
	assert_int_equal(d.d, 3);
}

static int atoi_checked(const char *s)
{
	int64_t v = -1;

	assert_int_equal(parse_int64(s, 1, 366, &v), 0);
	return (int)v;
}

/* the compiled table is exactly data/referral_deadlines.csv */
static void table_matches_the_csv(void **state)
{
	FILE *f = fopen(GA_SOURCE_DIR "/data/referral_deadlines.csv", "r");
	struct csv c;
	int rows = 0, n = 0, dept = -1, type = -1, days = -1, source = -1;

	(void)state;
	assert_non_null(f);
	csv_init(&c, f);
	while (csv_next(&c) == GA_ROW) {
		const struct referral_type *t;

		if (!c.nfields || c.field[0][0] == '#')
			continue;
		if (dept < 0) {
			dept = csv_find(&c, "department");
			type = csv_find(&c, "type");
			days = csv_find(&c, "days");
			source = csv_find(&c, "source");
			assert_true(dept >= 0 && type >= 0 && days >= 0 &&
				    source >= 0);
			continue;
		}
		t = referral_type_of(c.field[dept], c.field[type]);
		assert_non_null(t);
		assert_int_equal(t->days, atoi_checked(c.field[days]));
		assert_true(strlen(c.field[source]) > 0);
		rows++;
	}
	csv_release(&c);
	fclose(f);
	for (n = 0; referral_types[n].dept; n++)
		;
	assert_int_equal(rows, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(types_belong_to_their_department),
	    cmocka_unit_test(vocabularies),
	    cmocka_unit_test(answers_in_order),
	    cmocka_unit_test(overdue_on_a_fixed_day),
	    cmocka_unit_test(default_due_dates),
	    cmocka_unit_test(table_matches_the_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
