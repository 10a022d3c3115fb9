/*
 * Unit tests for src/domain/schedule.c: the visit schedule as tables with a
 * fixed `today`: each rule, the boundaries (due today, 7 days ahead,
 * overdue by one day), the holiday window's edges (and one that wraps the
 * year), an override by a county, ageing out, compliance replay, and the
 * day arithmetic it stands on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/child.h"
#include "domain/schedule.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NONE	   D(0, 0, 0)
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

/* the defaults of data/visit_schedule.csv */
static const struct {
	const char *key, *reason;
	int interval;
	const char *kind;
	int ws, we;
} defaults[] = {
    {"key_flag:poor_guardianship", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"key_flag:out_of_school", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"key_flag:no_hukou", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"key_flag:ill", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"key_flag:disabled", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"key_flag:living_alone", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"guardianship_level:none", "visit_key_monthly", 30, "follow_up", 0, 0},
    {"guardianship_level:parent_incapable", "visit_key_monthly", 30,
     "follow_up", 0, 0},
    {"guardianship_level:entrusted_incapable", "visit_key_monthly", 30,
     "follow_up", 0, 0},
    {"category:left_behind", "visit_quarterly", 90, "regular", 0, 0},
    {"category:difficult_poverty", "visit_quarterly", 90, "regular", 0, 0},
    {"category:difficult_disability", "visit_quarterly", 90, "regular", 0, 0},
    {"category:difficult_guardianship", "visit_quarterly", 90, "regular", 0, 0},
    {"category:orphan_dispersed", "visit_quarterly", 90, "regular", 0, 0},
    {"category:de_facto_unsupported", "visit_quarterly", 90, "regular", 0, 0},
    {"category:parent_detained", "visit_quarterly", 90, "regular", 0, 0},
    {"recheck", "recheck_yearly", 365, "verification", 0, 0},
    {"holiday:difficult_poverty", "holiday_visit", 0, "holiday", 110, 228},
    {"holiday:orphan_dispersed", "holiday_visit", 0, "holiday", 110, 228},
    {"case:follow_up", "case_follow_up", 30, "follow_up", 0, 0},
};

static int load_rows(struct schedule_rule *rows, const char *scope)
{
	int n = 0;

	for (size_t i = 0; i < NELEM(defaults); i++, n++) {
		memset(&rows[n], 0, sizeof(rows[n]));
		strcpy(rows[n].key, defaults[i].key);
		strcpy(rows[n].reason, defaults[i].reason);
		strcpy(rows[n].kind, defaults[i].kind);
		rows[n].interval_days = defaults[i].interval;
		rows[n].window_start = defaults[i].ws;
		rows[n].window_end = defaults[i].we;
		strcpy(rows[n].scope, scope);
	}
	return n;
}

static struct schedule_rules rules;

static void default_rules(void)
{
	struct schedule_rule rows[64];
	int n = load_rows(rows, "");

	schedule_effective(rows, n, "500229212201", &rules);
	assert_int_equal(rules.n, (int)NELEM(defaults));
}

/* a left-behind child registered 2025-06-01, updated 2026-01-05 */
static struct schedule_child child(unsigned cats, unsigned flags, int level)
{
	struct schedule_child c = {
	    .categories = cats,
	    .key_flags = flags,
	    .guardianship = level,
	    .birth = D(2015, 5, 20),
	    .registered = D(2025, 6, 1),
	    .updated = D(2026, 1, 5),
	};
	return c;
}

struct visit_case {
	const char *name;
	unsigned cats, flags;
	int level;
	struct date last_visit;
	struct date today;
	bool due;
	struct date want;
	const char *reason;
	const char *urgency; /* overdue, soon, later */
};

static const struct visit_case visit_cases[] = {
    {"quarterly, later", CAT_LEFT_BEHIND, 0, GL_FAIR, D(2026, 3, 1),
     D(2026, 3, 15), true, D(2026, 5, 30), "visit_quarterly", "later"},
    {"quarterly, due today", CAT_LEFT_BEHIND, 0, GL_FAIR, D(2025, 12, 15),
     D(2026, 3, 15), true, D(2026, 3, 15), "visit_quarterly", "soon"},
    {"quarterly, overdue by one day", CAT_LEFT_BEHIND, 0, GL_FAIR,
     D(2025, 12, 14), D(2026, 3, 15), true, D(2026, 3, 14), "visit_quarterly",
     "overdue"},
    {"quarterly, exactly 7 days ahead", CAT_LEFT_BEHIND, 0, GL_FAIR,
     D(2025, 12, 22), D(2026, 3, 15), true, D(2026, 3, 22), "visit_quarterly",
     "soon"},
    {"quarterly, 8 days ahead", CAT_LEFT_BEHIND, 0, GL_FAIR, D(2025, 12, 23),
     D(2026, 3, 15), true, D(2026, 3, 23), "visit_quarterly", "later"},
    {"key child monthly wins over quarterly", CAT_LEFT_BEHIND, KEY_ILL, GL_FAIR,
     D(2026, 3, 1), D(2026, 3, 15), true, D(2026, 3, 31), "visit_key_monthly",
     "later"},
    {"no guardian: monthly", CAT_DIFFICULT_GUARDIANSHIP, 0, GL_NONE,
     D(2026, 2, 1), D(2026, 3, 15), true, D(2026, 3, 3), "visit_key_monthly",
     "overdue"},
    {"entrusted guardian incapable: monthly", CAT_LEFT_BEHIND, 0,
     GL_ENTRUSTED_INCAPABLE, D(2026, 2, 20), D(2026, 3, 15), true,
     D(2026, 3, 22), "visit_key_monthly", "soon"},
    {"orphan quarterly", CAT_ORPHAN_DISPERSED, 0, GL_GOOD, D(2026, 1, 1),
     D(2026, 3, 15), true, D(2026, 4, 1), "visit_quarterly", "later"},
    {"detained parent quarterly", CAT_PARENT_DETAINED, 0, GL_GOOD,
     D(2026, 1, 1), D(2026, 3, 15), true, D(2026, 4, 1), "visit_quarterly",
     "later"},
    {"never visited: due on registration", CAT_LEFT_BEHIND, 0, GL_FAIR, NONE,
     D(2026, 3, 15), true, D(2025, 6, 1), "visit_quarterly", "overdue"},
    {"no category, no flag: no visit", 0, 0, GL_GOOD, NONE, D(2026, 3, 15),
     false, NONE, NULL, NULL},
};

static void visit_table(void **state)
{
	(void)state;
	default_rules();
	for (size_t i = 0; i < NELEM(visit_cases); i++) {
		const struct visit_case *t = &visit_cases[i];
		struct schedule_child c = child(t->cats, t->flags, t->level);
		struct schedule_item it;
		bool due;

		c.last_visit = t->last_visit;
		due = schedule_visit_due(&rules, &c, t->today, &it);
		if (due != t->due)
			fail_msg("%s: due %d", t->name, due);
		if (!due)
			continue;
		if (date_cmp(it.due, t->want))
			fail_msg("%s: due %d-%d-%d", t->name, it.due.y,
				 it.due.m, it.due.d);
		assert_string_equal(it.reason, t->reason);
		if (!strcmp(t->urgency, "overdue"))
			assert_true(date_cmp(it.due, t->today) < 0);
		else if (!strcmp(t->urgency, "soon"))
			assert_true(date_cmp(it.due, t->today) >= 0 &&
				    date_days_between(t->today, it.due) <=
					SCHEDULE_SOON_DAYS);
		else
			assert_true(date_days_between(t->today, it.due) >
				    SCHEDULE_SOON_DAYS);
	}
}

struct holiday_case {
	const char *name;
	unsigned cats;
	struct date last_holiday;
	struct date today;
	bool due;
	struct date want;
};

static const struct holiday_case holiday_cases[] = {
    {"first day of the window", CAT_DIFFICULT_POVERTY, NONE, D(2026, 1, 10),
     true, D(2026, 2, 28)},
    {"last day of the window", CAT_DIFFICULT_POVERTY, NONE, D(2026, 2, 28),
     true, D(2026, 2, 28)},
    {"the day after the window", CAT_DIFFICULT_POVERTY, NONE, D(2026, 3, 1),
     false, NONE},
    {"30 days before the window", CAT_ORPHAN_DISPERSED, NONE, D(2025, 12, 11),
     true, D(2026, 2, 28)},
    {"31 days before the window", CAT_ORPHAN_DISPERSED, NONE, D(2025, 12, 10),
     false, NONE},
    {"done inside the window", CAT_DIFFICULT_POVERTY, D(2026, 1, 10),
     D(2026, 2, 1), false, NONE},
    {"last year's visit does not count", CAT_DIFFICULT_POVERTY, D(2025, 2, 1),
     D(2026, 2, 1), true, D(2026, 2, 28)},
    {"a visit before the window does not count", CAT_DIFFICULT_POVERTY,
     D(2026, 1, 9), D(2026, 1, 20), true, D(2026, 2, 28)},
    {"left-behind only: no holiday visit", CAT_LEFT_BEHIND, NONE,
     D(2026, 1, 20), false, NONE},
};

static void holiday_table(void **state)
{
	(void)state;
	default_rules();
	for (size_t i = 0; i < NELEM(holiday_cases); i++) {
		const struct holiday_case *t = &holiday_cases[i];
		struct schedule_child c = child(t->cats, 0, GL_GOOD);
		struct schedule_item it;
		bool due;

		c.last_holiday = t->last_holiday;
		due = schedule_holiday_due(&rules, &c, t->today, &it);
		if (due != t->due)
			fail_msg("%s: due %d", t->name, due);
		if (due) {
			assert_int_equal(date_cmp(it.due, t->want), 0);
			assert_string_equal(it.reason, "holiday_visit");
			assert_string_equal(it.kind, "holiday");
		}
	}
}

/* a county moves the window over the new year: 12-20 to 02-20 */
static void holiday_wraps_year(void **state)
{
	struct schedule_rule rows[64];
	int n = load_rows(rows, "");
	struct schedule_child c = child(CAT_DIFFICULT_POVERTY, 0, GL_GOOD);
	struct schedule_item it;

	(void)state;
	rows[n] = rows[17];
	strcpy(rows[n].scope, "500229");
	rows[n].window_start = 1220;
	rows[n].window_end = 220;
	n++;
	schedule_effective(rows, n, "500229212201", &rules);
	assert_true(schedule_holiday_due(&rules, &c, D(2025, 12, 20), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 2, 20)), 0);
	assert_true(schedule_holiday_due(&rules, &c, D(2026, 2, 20), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 2, 20)), 0);
	assert_false(schedule_holiday_due(&rules, &c, D(2026, 2, 21), &it));
	/* 15 days before the county's window; the default one is 36 days
	 * away: another county keeps it */
	assert_true(schedule_holiday_due(&rules, &c, D(2025, 12, 5), &it));
	schedule_effective(rows, n, "500230100001", &rules);
	assert_false(schedule_holiday_due(&rules, &c, D(2025, 12, 5), &it));
}

/* an override by the county changes due dates in that county only; the
 * county's rule beats the city's */
static void override_by_scope(void **state)
{
	struct schedule_rule rows[64];
	int n = load_rows(rows, "");
	struct schedule_child c = child(CAT_LEFT_BEHIND, 0, GL_FAIR);
	struct schedule_item it;

	(void)state;
	c.last_visit = D(2026, 3, 1);
	rows[n] = rows[9]; /* category:left_behind */
	strcpy(rows[n].scope, "50");
	rows[n++].interval_days = 60;
	rows[n] = rows[9];
	strcpy(rows[n].scope, "500229");
	rows[n++].interval_days = 45;

	schedule_effective(rows, n, "500229212201", &rules);
	assert_true(schedule_visit_due(&rules, &c, D(2026, 3, 15), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 4, 15)), 0);
	assert_string_equal(it.reason, "visit_quarterly");

	schedule_effective(rows, n, "500230100001", &rules);
	assert_true(schedule_visit_due(&rules, &c, D(2026, 3, 15), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 4, 30)), 0);

	schedule_effective(rows, n - 2, "500229212201", &rules);
	assert_true(schedule_visit_due(&rules, &c, D(2026, 3, 15), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 5, 30)), 0);
}

static void recheck_yearly(void **state)
{
	struct schedule_child c = child(CAT_LEFT_BEHIND, 0, GL_FAIR);
	struct schedule_item it;

	(void)state;
	default_rules();
	c.updated = D(2025, 3, 15);
	/* due 2026-03-15: exactly today */
	assert_true(schedule_recheck_due(&rules, &c, D(2026, 3, 15), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 3, 15)), 0);
	assert_string_equal(it.reason, "recheck_yearly");
	/* 30 days ahead shows, 31 does not */
	assert_true(schedule_recheck_due(&rules, &c, D(2026, 2, 13), &it));
	assert_false(schedule_recheck_due(&rules, &c, D(2026, 2, 12), &it));
	/* overdue by a day */
	assert_true(schedule_recheck_due(&rules, &c, D(2026, 3, 16), &it));
	assert_true(date_cmp(it.due, D(2026, 3, 16)) < 0);
}

struct ageing_case {
	const char *name;
	unsigned cats;
	struct date birth, today;
	bool due;
	struct date want;
};

static const struct ageing_case ageing_cases[] = {
    {"left-behind turning 16 in a month", CAT_LEFT_BEHIND, D(2010, 4, 15),
     D(2026, 3, 15), true, D(2026, 4, 15)},
    {"left-behind turning 16 in a month and a day", CAT_LEFT_BEHIND,
     D(2010, 4, 16), D(2026, 3, 15), false, NONE},
    {"turning 16 today: no longer ahead", CAT_LEFT_BEHIND, D(2010, 3, 15),
     D(2026, 3, 15), false, NONE},
    {"orphan turning 16: not an ageing out", CAT_ORPHAN_DISPERSED,
     D(2010, 4, 1), D(2026, 3, 15), false, NONE},
    {"orphan turning 18 next month", CAT_ORPHAN_DISPERSED, D(2008, 4, 1),
     D(2026, 3, 15), true, D(2026, 4, 1)},
};

static void ageing_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(ageing_cases); i++) {
		const struct ageing_case *t = &ageing_cases[i];
		struct schedule_child c = child(t->cats, 0, GL_GOOD);
		struct schedule_item it;
		bool due;

		c.birth = t->birth;
		due = schedule_ageing_due(&c, t->today, &it);
		if (due != t->due)
			fail_msg("%s: due %d", t->name, due);
		if (due) {
			assert_int_equal(date_cmp(it.due, t->want), 0);
			assert_string_equal(it.reason, "ageing_out");
		}
	}
}

static void all_items(void **state)
{
	struct schedule_child c = child(CAT_DIFFICULT_POVERTY, 0, GL_GOOD);
	struct schedule_item it[SCHEDULE_ITEMS_MAX];

	(void)state;
	default_rules();
	c.birth = D(2008, 2, 10);
	c.updated = D(2025, 1, 20);
	c.last_visit = D(2025, 12, 1);
	assert_int_equal(schedule_due_items(&rules, &c, D(2026, 1, 20), it), 4);
	assert_string_equal(it[0].reason, "visit_quarterly");
	assert_string_equal(it[1].reason, "recheck_yearly");
	assert_string_equal(it[2].reason, "holiday_visit");
	assert_string_equal(it[3].reason, "ageing_out");
}

/* compliance: registered 2025-06-01, quarterly (90 days) */
static void replay(void **state)
{
	struct schedule_child c = child(CAT_LEFT_BEHIND, 0, GL_FAIR);
	/* due 06-01 (visit 06-01: on time), due 08-30 (visit 09-05: late),
	 * due 12-04 (visit 11-30: on time), due 2026-02-28 (open) */
	struct date v[] = {D(2025, 6, 1), D(2025, 9, 5), D(2025, 11, 30)};
	struct schedule_tally t;

	(void)state;
	default_rules();
	schedule_replay(&rules, &c, v, 3, D(2025, 1, 1), D(2026, 3, 15),
			D(2026, 3, 15), &t);
	assert_int_equal(t.due, 4);
	assert_int_equal(t.on_time, 2);
	assert_true(t.overdue);
	assert_false(t.stale);
	/* only the period 2025-08-01..2025-12-31 */
	schedule_replay(&rules, &c, v, 3, D(2025, 8, 1), D(2025, 12, 31),
			D(2026, 3, 15), &t);
	assert_int_equal(t.due, 2);
	assert_int_equal(t.on_time, 1);
	/* an open occurrence not yet late does not count */
	schedule_replay(&rules, &c, v, 3, D(2026, 1, 1), D(2026, 2, 28),
			D(2026, 2, 28), &t);
	assert_int_equal(t.due, 0);
	assert_false(t.overdue);
	/* stale: not updated for more than a year */
	c.updated = D(2025, 3, 1);
	schedule_replay(&rules, &c, v, 3, D(2026, 1, 1), D(2026, 3, 15),
			D(2026, 3, 15), &t);
	assert_true(t.stale);
}

static void keys_and_days(void **state)
{
	enum schedule_type t;
	int v = 0;
	char out[6];

	(void)state;
	assert_true(schedule_key_valid("category:left_behind", &t));
	assert_int_equal(t, SCHED_VISIT);
	assert_true(schedule_key_valid("key_flag:living_alone", &t));
	assert_true(schedule_key_valid("guardianship_level:none", &t));
	assert_true(schedule_key_valid("recheck", &t));
	assert_int_equal(t, SCHED_RECHECK);
	assert_true(schedule_key_valid("holiday:orphan_dispersed", &t));
	assert_int_equal(t, SCHED_HOLIDAY);
	assert_false(schedule_key_valid("category:rich", &t));
	assert_false(schedule_key_valid("key_flag:", &t));
	assert_false(schedule_key_valid("holiday:ill", &t));
	assert_false(schedule_key_valid("", &t));
	assert_true(schedule_key_valid("case:follow_up", &t));
	assert_int_equal(t, SCHED_CASE);
	assert_false(schedule_key_valid("case:assistance", &t));
	assert_true(schedule_mmdd_parse("02-29", &v));
	assert_int_equal(v, 229);
	assert_false(schedule_mmdd_parse("02-30", &v));
	assert_false(schedule_mmdd_parse("2-28", &v));
	assert_false(schedule_mmdd_parse("13-01", &v));
	schedule_mmdd_format(110, out);
	assert_string_equal(out, "01-10");

	assert_int_equal(
	    date_cmp(date_add_days(D(2024, 2, 28), 1), D(2024, 2, 29)), 0);
	assert_int_equal(
	    date_cmp(date_add_days(D(2025, 12, 31), 1), D(2026, 1, 1)), 0);
	assert_int_equal(
	    date_cmp(date_add_days(D(2026, 3, 1), -1), D(2026, 2, 28)), 0);
	assert_int_equal(date_days_between(D(2025, 1, 1), D(2026, 1, 1)), 365);
	assert_int_equal(date_days_between(D(2024, 1, 1), D(2025, 1, 1)), 366);
	assert_int_equal(date_days_between(D(2026, 3, 15), D(2026, 3, 8)), -7);
}

/* a child whose case is in follow-up: 30 days after the later of the
 * stage's start and the last visit; the built-in 30 without the rule */
static void case_follow_up(void **state)
{
	struct schedule_child c = child(0, 0, -1);
	struct schedule_rules none = {.n = 0};
	struct schedule_item it;

	(void)state;
	default_rules();
	/* the case rule is no visit rule: a child of no category has none */
	assert_false(schedule_visit_due(&rules, &c, D(2026, 3, 1), &it));
	assert_true(
	    schedule_case_follow_up_due(&rules, &c, D(2026, 3, 1), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 3, 31)), 0);
	assert_string_equal(it.reason, "case_follow_up");
	assert_string_equal(it.kind, "follow_up");
	c.last_visit = D(2026, 2, 1); /* before follow-up: does not count */
	assert_true(
	    schedule_case_follow_up_due(&rules, &c, D(2026, 3, 1), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 3, 31)), 0);
	c.last_visit = D(2026, 3, 20);
	assert_true(
	    schedule_case_follow_up_due(&rules, &c, D(2026, 3, 1), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 4, 19)), 0);
	/* an override of the interval applies */
	for (int i = 0; i < rules.n; i++)
		if (!strcmp(rules.rule[i].key, "case:follow_up"))
			rules.rule[i].interval_days = 14;
	assert_true(
	    schedule_case_follow_up_due(&rules, &c, D(2026, 3, 1), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 4, 3)), 0);
	/* without the rule: the built-in interval */
	assert_true(schedule_case_follow_up_due(&none, &c, D(2026, 3, 1), &it));
	assert_int_equal(date_cmp(it.due, D(2026, 4, 19)), 0);
	assert_false(schedule_case_follow_up_due(&rules, &c, NONE, &it));
	default_rules();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(visit_table),
	    cmocka_unit_test(holiday_table),
	    cmocka_unit_test(holiday_wraps_year),
	    cmocka_unit_test(override_by_scope),
	    cmocka_unit_test(recheck_yearly),
	    cmocka_unit_test(ageing_table),
	    cmocka_unit_test(all_items),
	    cmocka_unit_test(replay),
	    cmocka_unit_test(keys_and_days),
	    cmocka_unit_test(case_follow_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
