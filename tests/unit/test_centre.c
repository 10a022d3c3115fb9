/*
 * Unit tests for src/domain/centre.c: the facility and activity words,
 * opening hours (times, ranges, days, overlaps), facility lists, activity
 * dates and participant counts. Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/centre.h"
#include "io/centre_hours.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

static void words(void **state)
{
	static const struct {
		const char *id;
		bool facility, kind;
	} cases[] = {
	    {"reading_corner", true, false},
	    {"activity_room", true, false},
	    {"counselling_room", true, false},
	    {"sports", true, false},
	    {"computers", true, false},
	    {"first_aid", true, false},
	    {"other", true, true},
	    {"reading", false, true},
	    {"homework", false, true},
	    {"games", false, true},
	    {"festival", false, true},
	    {"safety_education", false, true},
	    {"mental_health", false, true},
	    {"parent_class", false, true},
	    {"", false, false},
	    {"Reading", false, false},
	    {"reading ", false, false},
	    {"阅读", false, false},
	    {NULL, false, false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		assert_int_equal(centre_facility_valid(cases[i].id),
				 cases[i].facility);
		assert_int_equal(centre_activity_kind_valid(cases[i].id),
				 cases[i].kind);
	}
}

static void times(void **state)
{
	static const struct {
		const char *in;
		bool ok;
	} cases[] = {
	    {"00:00", true},  {"23:59", true},	{"16:00", true},
	    {"09:30", true},  {"24:00", false}, {"12:60", false},
	    {"9:30", false},  {"09:3", false},	{"09-30", false},
	    {"0930", false},  {"", false},	{"09:30 ", false},
	    {"ab:cd", false}, {"-1:00", false}, {NULL, false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		assert_int_equal(centre_time_valid(cases[i].in), cases[i].ok);
}

static void hours(void **state)
{
	static const struct {
		struct centre_hours h;
		const char *want;
	} cases[] = {
	    {{0x1f, "16:00", "18:00"}, NULL}, /* 周一至周五 16:00-18:00 */
	    {{0x60, "09:00", "11:30"}, NULL}, /* 周六周日 */
	    {{0x7f, "00:00", "23:59"}, NULL},
	    {{0x01, "08:00", "08:01"}, NULL},
	    {{0, "16:00", "18:00"}, "invalid_days"},
	    {{0x80, "16:00", "18:00"}, "invalid_days"},
	    {{0x1f, "18:00", "16:00"}, "invalid_range"},
	    {{0x1f, "16:00", "16:00"}, "invalid_range"},
	    {{0x1f, "16:00", "25:00"}, "invalid_time"},
	    {{0x1f, "", "18:00"}, "invalid_time"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *got = centre_hours_check(&cases[i].h);

		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
}

static void overlaps(void **state)
{
	static const struct {
		struct centre_hours a, b;
		bool overlap;
	} cases[] = {
	    {{0x1f, "16:00", "18:00"}, {0x60, "16:00", "18:00"}, false},
	    {{0x1f, "16:00", "18:00"}, {0x10, "17:00", "19:00"}, true},
	    {{0x1f, "16:00", "18:00"}, {0x1f, "18:00", "19:00"}, false},
	    {{0x1f, "08:00", "11:00"}, {0x1f, "14:00", "17:00"}, false},
	    {{0x01, "08:00", "20:00"}, {0x01, "09:00", "10:00"}, true},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		assert_int_equal(centre_hours_overlap(&cases[i].a, &cases[i].b),
				 cases[i].overlap);
		assert_int_equal(centre_hours_overlap(&cases[i].b, &cases[i].a),
				 cases[i].overlap);
	}
}

static void facilities(void **state)
{
	static const char *const ok[] = {"reading_corner", "sports", "other"};
	static const char *const unknown[] = {"sports", "pool"};
	static const char *const twice[] = {"sports", "first_aid", "sports"};
	const char *many[CENTRE_FACILITIES_MAX + 1];
	int bad = 99;

	(void)state;
	assert_null(centre_facilities_check(ok, 3, &bad));
	assert_int_equal(bad, -1);
	assert_null(centre_facilities_check(NULL, 0, &bad));
	assert_string_equal(centre_facilities_check(unknown, 2, &bad),
			    "invalid_facility");
	assert_int_equal(bad, 1);
	assert_string_equal(centre_facilities_check(twice, 3, &bad),
			    "duplicate_facility");
	assert_int_equal(bad, 2);
	for (size_t i = 0; i < NELEM(many); i++)
		many[i] = "other";
	assert_string_equal(centre_facilities_check(many, NELEM(many), &bad),
			    "too_many");
}

static void activity_dates(void **state)
{
	static const struct {
		struct date d;
		const char *want;
	} cases[] = {
	    {D(2026, 11, 29), NULL}, /* today */
	    {D(2026, 11, 28), NULL},
	    {D(2025, 11, 29), NULL}, /* a year back */
	    {D(2026, 11, 30), "future_date"},
	    {D(2027, 1, 1), "future_date"},
	    {D(2025, 11, 28), "too_old"},
	    {D(2026, 2, 30), "invalid_date"},
	    {D(0, 0, 0), "invalid_date"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *got =
		    centre_activity_date_check(cases[i].d, D(2026, 11, 29));

		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
}

static void participants(void **state)
{
	static const struct {
		long long p, c;
		const char *want;
	} cases[] = {
	    {0, 0, NULL},
	    {12, 10, NULL},
	    {1000, 1000, NULL},
	    {1001, 0, "invalid_participants"},
	    {-1, 0, "invalid_participants"},
	    {10, 11, "invalid_children_count"},
	    {10, -1, "invalid_children_count"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *got =
		    centre_participants_check(cases[i].p, cases[i].c);

		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
}

/* the stored text of the hours (src/io/centre_hours.c) reads back */
static void hours_text(void **state)
{
	static const struct centre_hours h[] = {
	    {0x1f, "16:00", "18:00"},
	    {0x60, "09:00", "11:30"},
	};
	static const char *const bad[] = {
	    "{}",
	    "[{\"days\":[0],\"from\":\"09:00\",\"to\":\"10:00\"}]",
	    "[{\"days\":[1],\"from\":9,\"to\":\"10:00\"}]",
	    "[1,2]",
	    "not json",
	};
	struct centre_hours back[CENTRE_HOURS_MAX];
	struct buf b;
	int n = -1;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(centre_hours_to_text(h, 2, &b), 0);
	assert_string_equal(b.ptr, "[{\"days\":[1,2,3,4,5],\"from\":\"16:00\","
				   "\"to\":\"18:00\"},{\"days\":[6,7],"
				   "\"from\":\"09:00\",\"to\":\"11:30\"}]");
	assert_int_equal(centre_hours_from_text(b.ptr, back, &n), 0);
	assert_int_equal(n, 2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(back[i].days, h[i].days);
		assert_string_equal(back[i].from, h[i].from);
		assert_string_equal(back[i].to, h[i].to);
	}
	buf_release(&b);
	assert_int_equal(centre_hours_from_text("", back, &n), 0);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_not_equal(centre_hours_from_text(bad[i], back, &n),
				     0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(words),	    cmocka_unit_test(times),
	    cmocka_unit_test(hours),	    cmocka_unit_test(overlaps),
	    cmocka_unit_test(facilities),   cmocka_unit_test(activity_dates),
	    cmocka_unit_test(participants), cmocka_unit_test(hours_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
