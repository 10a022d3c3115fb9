/*
 * Unit tests for src/domain/assessment.c (监护评估) and the placement rules
 * of src/domain/placement.c: the items table, scoring and outcomes with
 * red flags, the thresholds matching data/assessment_thresholds.csv, the
 * Art. 92 / 94 reason tables and the return-home rule (Art. 93).
 * Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/assessment.h"
#include "domain/placement.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

static void items_are_well_formed(void **state)
{
	size_t n;
	const struct assess_item *it = assess_items(&n);
	int groups[AG_COUNT] = {0}, reds = 0;

	(void)state;
	assert_int_equal(n, 14);
	for (size_t i = 0; i < n; i++) {
		assert_true(it[i].max == 1 || it[i].max == 2 || it[i].max == 3);
		assert_true(strlen(it[i].id) <= ASSESS_ITEM_ID_MAX);
		assert_int_equal(assess_item_index(it[i].id), (int)i);
		assert_true(it[i].zh[0] && it[i].en[0] && it[i].low_zh[0] &&
			    it[i].high_zh[0]);
		groups[it[i].group]++;
		reds += it[i].red_flag;
	}
	for (int g = 0; g < AG_COUNT; g++)
		assert_true(groups[g] >= 2);
	assert_int_equal(reds, 3);
	assert_int_equal(assess_max_total(), 31);
	assert_int_equal(assess_item_index("nope"), -1);
	assert_int_equal(assess_item_index(NULL), -1);
}

struct score_case {
	const char *name;
	int fill;	  /* every item this (capped at its max) */
	const char *zero; /* then this item 0 (NULL: none) */
	const char *bump; /* then this item at its max (NULL: none) */
	bool ok;
	int total;
	enum assess_outcome outcome;
	int red_flags;
};

static const struct score_case score_cases[] = {
    {"all best", 3, NULL, NULL, true, 31, AO_GOOD, 0},
    {"all 2", 2, NULL, NULL, true, 28, AO_GOOD, 0},
    {"all 1", 1, NULL, NULL, true, 14, AO_FAILED, 0},
    {"all 0", 0, NULL, NULL, true, 0, AO_FAILED, 3},
    {"good but abuse", 3, "no_neglect_abuse", NULL, true, 28, AO_FAILED, 1},
    {"good but refuses", 3, "attitude", NULL, true, 28, AO_FAILED, 1},
    {"good but no capacity", 3, "guardian_capacity", NULL, true, 29, AO_FAILED,
     1},
    {"good, poor housing", 3, "housing", NULL, true, 29, AO_GOOD, 0},
    {"all 2 but child unwilling", 2, "child_wishes", NULL, true, 26, AO_GOOD,
     0},
    {"all 1, understood", 1, NULL, "understands_needs", true, 16,
     AO_INSUFFICIENT, 0},
};

static void fill_scores(const struct score_case *c, int *s, size_t n)
{
	const struct assess_item *it = assess_items(&n);

	for (size_t i = 0; i < n; i++)
		s[i] = c->fill < it[i].max ? c->fill : it[i].max;
	if (c->zero)
		s[assess_item_index(c->zero)] = 0;
	if (c->bump)
		s[assess_item_index(c->bump)] =
		    it[assess_item_index(c->bump)].max;
}

static void scoring(void **state)
{
	(void)state;
	for (size_t k = 0; k < NELEM(score_cases); k++) {
		const struct score_case *c = &score_cases[k];
		struct assess_result res;
		int s[32];
		size_t n, bad = 99;

		assess_items(&n);
		fill_scores(c, s, n);
		print_message("%s\n", c->name);
		assert_int_equal(assess_score(s, n, &res, &bad), c->ok);
		assert_int_equal(res.total, c->total);
		assert_int_equal(res.outcome, c->outcome);
		assert_int_equal(res.red_flags, c->red_flags);
	}
}

static void bad_scores(void **state)
{
	struct assess_result res;
	int s[32] = {0};
	size_t n, bad = 99;

	(void)state;
	assess_items(&n);
	s[5] = 3; /* income is 0 … 2 */
	assert_false(assess_score(s, n, &res, &bad));
	assert_int_equal(bad, 5);
	s[5] = -1;
	assert_false(assess_score(s, n, &res, &bad));
	s[5] = 0;
	assert_false(assess_score(s, n - 1, &res, &bad));
	assert_true(assess_score(s, n, &res, &bad));
}

/* the thresholds compiled in are the ones data/ documents */
static void thresholds_match_data(void **state)
{
	char path[1024], line[512];
	const char *src = __FILE__;
	const char *cut = strstr(src, "tests/unit/");
	int good = -1, insufficient = -1;
	FILE *f;

	(void)state;
	assert_non_null(cut);
	snprintf(path, sizeof(path), "%.*sdata/assessment_thresholds.csv",
		 (int)(cut - src), src);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "good_min_total,", 15))
			good = (int)strtol(line + 15, NULL, 10);
		else if (!strncmp(line, "insufficient_min_total,", 23))
			insufficient = (int)strtol(line + 23, NULL, 10);
		if (strncmp(line, "#", 1) && strncmp(line, "key,", 4) &&
		    line[0] != '\n')
			assert_non_null(strstr(line, "local default"));
	}
	fclose(f);
	assert_int_equal(good, ASSESS_GOOD_MIN);
	assert_int_equal(insufficient, ASSESS_INSUFFICIENT_MIN);
	assert_true(ASSESS_INSUFFICIENT_MIN < ASSESS_GOOD_MIN);
	assert_true(ASSESS_GOOD_MIN <= assess_max_total());
}

static void outcome_names(void **state)
{
	(void)state;
	for (int o = 0; o < AO_COUNT; o++)
		assert_int_equal(assess_outcome_from(
				     assess_outcome_id((enum assess_outcome)o)),
				 o);
	assert_int_equal(assess_outcome_from("fine"), AO_COUNT);
	assert_string_equal(assess_outcome_zh(AO_FAILED), "监护缺失或侵害");
}

static void reasons(void **state)
{
	size_t n;
	const struct placement_code *t;

	(void)state;
	t = placement_reasons(PK_TEMPORARY, &n);
	assert_int_equal(n, 7); /* Art. 92 has seven */
	assert_int_equal(placement_code_index(t, n, "serious_harm"), 5);
	assert_non_null(strstr(t[0].zh, "流浪乞讨"));
	t = placement_reasons(PK_LONG_TERM, &n);
	assert_int_equal(n, 5); /* Art. 94 has five */
	assert_int_equal(placement_code_index(t, n, "serious_harm"), -1);
	assert_null(placement_reasons(PK_ENTRUSTED, &n));
	assert_int_equal(n, 0);
	assert_true(placement_kind_has_reasons(PK_TEMPORARY));
	assert_true(placement_kind_has_reasons(PK_LONG_TERM));
	assert_false(placement_kind_has_reasons(PK_COURT));
	t = placement_kinds(&n);
	assert_int_equal(placement_code_index(t, n, "long_term_guardianship"),
			 PK_LONG_TERM);
}

struct return_case {
	const char *name;
	enum assess_outcome o;
	struct date on, start, end;
	bool ok;
};

static const struct return_case return_cases[] = {
    {"good within", AO_GOOD, D(2026, 5, 10), D(2026, 5, 1), D(2026, 6, 1),
     true},
    {"good on the start day", AO_GOOD, D(2026, 5, 1), D(2026, 5, 1),
     D(2026, 6, 1), true},
    {"good on the end day", AO_GOOD, D(2026, 6, 1), D(2026, 5, 1),
     D(2026, 6, 1), true},
    {"good before the start", AO_GOOD, D(2026, 4, 30), D(2026, 5, 1),
     D(2026, 6, 1), false},
    {"good after the end", AO_GOOD, D(2026, 6, 2), D(2026, 5, 1), D(2026, 6, 1),
     false},
    {"insufficient", AO_INSUFFICIENT, D(2026, 5, 10), D(2026, 5, 1),
     D(2026, 6, 1), false},
    {"failed", AO_FAILED, D(2026, 5, 10), D(2026, 5, 1), D(2026, 6, 1), false},
    {"no date", AO_GOOD, D(0, 0, 0), D(2026, 5, 1), D(2026, 6, 1), false},
};

static void return_home(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(return_cases); i++) {
		const struct return_case *c = &return_cases[i];

		print_message("%s\n", c->name);
		assert_int_equal(
		    placement_return_ok(c->o, c->on, c->start, c->end), c->ok);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(items_are_well_formed),
	    cmocka_unit_test(scoring),
	    cmocka_unit_test(bad_scores),
	    cmocka_unit_test(thresholds_match_data),
	    cmocka_unit_test(outcome_names),
	    cmocka_unit_test(reasons),
	    cmocka_unit_test(return_home),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
