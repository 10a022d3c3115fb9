/*
 * Unit tests for src/domain/visit.c: the vocabularies (ids, Chinese
 * names, lookups), id sets, the date rule (future, before birth), the harm
 * rule and the 7-day edit rule. Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/visit.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

struct find_case {
	enum visit_vocab v;
	const char *id;
	int want;	/* index, -1 unknown */
	const char *zh; /* its Chinese name when found */
};

static const struct find_case find_cases[] = {
    {VV_KIND, "regular", 0, "定期走访"},
    {VV_KIND, "follow_up", 1, "随访"},
    {VV_KIND, "key_check", 2, "重点核查"},
    {VV_KIND, "verification", 3, "信息核实"},
    {VV_KIND, "holiday", 4, "节假日探访"},
    {VV_KIND, "Regular", -1, NULL},
    {VV_KIND, "", -1, NULL},
    {VV_KIND, NULL, -1, NULL},
    {VV_KIND, "regular ", -1, NULL},
    {VV_VISITOR, "director", 0, "儿童主任"},
    {VV_VISITOR, "supervisor", 1, "儿童督导员"},
    {VV_VISITOR, "social_org", 2, "社会组织工作人员"},
    {VV_VISITOR, "police", -1, NULL},
    {VV_MET, "entrusted_guardian", 2, "受委托监护人"},
    {VV_MET, "teacher", 4, "老师"},
    {VV_AREA, "living", VA_LIVING, "生活状况"},
    {VV_AREA, "emotional", VA_EMOTIONAL, "情绪状态"},
    {VV_AREA, "money", -1, NULL},
    {VV_LEVEL, "good", VL_GOOD, "良好"},
    {VV_LEVEL, "danger", VL_DANGER, "危险"},
    {VV_LEVEL, "bad", -1, NULL},
    {VV_CONTACT, "weekly", 1, "每周"},
    {VV_CONTACT, "never", 4, "从不"},
    {VV_CONTACT, "yearly", -1, NULL},
    {VV_PROBLEM, "suspected_harm", 8, "疑似遭受侵害"},
    {VV_PROBLEM, "dropout_risk", 2, "辍学风险"},
    {VV_PROBLEM, "harm", -1, NULL},
    {VV_ACTION, "report_made", 3, "已强制报告"},
    {VV_ACTION, "guidance", 0, "指导监护"},
    {VV_ACTION, "prayer", -1, NULL},
    {VV_COUNT, "regular", -1, NULL},
};

static void find_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(find_cases); i++) {
		const struct find_case *c = &find_cases[i];
		int got = visit_vocab_find(c->v, c->id);

		if (got != c->want)
			fail_msg("case %zu (%s): got %d, want %d", i,
				 c->id ? c->id : "NULL", got, c->want);
		if (got >= 0) {
			assert_string_equal(visit_vocab_id(c->v, got), c->id);
			assert_string_equal(visit_vocab_zh(c->v, got), c->zh);
		}
	}
}

/* every entry of every vocabulary: an id, a Chinese name, found again */
static void vocabularies_complete(void **state)
{
	static const int sizes[VV_COUNT] = {5, 3, 6, VA_COUNT, 4, 5, 10, 4};

	(void)state;
	for (int v = 0; v < VV_COUNT; v++) {
		assert_int_equal(visit_vocab_size(v), sizes[v]);
		assert_true(visit_vocab_field(v)[0]);
		for (int i = 0; i < sizes[v]; i++) {
			const char *id = visit_vocab_id(v, i);

			assert_true(id[0]);
			assert_true(visit_vocab_zh(v, i)[0]);
			assert_int_equal(visit_vocab_find(v, id), i);
		}
		assert_string_equal(visit_vocab_id(v, sizes[v]), "");
		assert_string_equal(visit_vocab_id(v, -1), "");
	}
	assert_int_equal(visit_vocab_size(VV_COUNT), 0);
	assert_string_equal(visit_vocab_field(VV_KIND), "kind");
	assert_string_equal(visit_vocab_field(VV_PROBLEM), "problems");
}

struct set_case {
	enum visit_vocab v;
	const char *text;
	bool ok;
	uint32_t want;
	const char *again; /* formatted back (ok cases) */
};

static const struct set_case set_cases[] = {
    {VV_MET, "", true, 0, ""},
    {VV_MET, "child", true, 1, "child"},
    {VV_MET, "guardian child", true, 3, "child guardian"},
    {VV_MET, "child other", true, 1 | 32, "child other"},
    {VV_MET, "child child", false, 0, NULL}, /* repeated */
    {VV_MET, "child  guardian", false, 0, NULL},
    {VV_MET, " child", false, 0, NULL},
    {VV_MET, "child ", false, 0, NULL},
    {VV_MET, "uncle", false, 0, NULL},
    {VV_MET, "childguardian", false, 0, NULL},
    {VV_PROBLEM, "suspected_harm other", true, 256 | 512,
     "suspected_harm other"},
    {VV_ACTION, "referral report_made guidance", true, 1 | 4 | 8,
     "guidance referral report_made"},
    {VV_ACTION, "guidance,referral", false, 0, NULL},
};

static void set_table(void **state)
{
	char out[256];

	(void)state;
	for (size_t i = 0; i < NELEM(set_cases); i++) {
		const struct set_case *c = &set_cases[i];
		uint32_t got = 99;
		bool ok = visit_set_parse(c->v, c->text, &got);

		if (ok != c->ok || (ok && got != c->want))
			fail_msg("case %zu \"%s\": ok %d set %u", i, c->text,
				 ok, got);
		if (ok) {
			visit_set_format(c->v, got, out, sizeof(out));
			assert_string_equal(out, c->again);
		}
	}
	/* truncation keeps whole ids */
	visit_set_format(VV_MET, 3, out, 10);
	assert_string_equal(out, "child");
}

struct date_case {
	struct date visit, birth, today;
	enum visit_date_check want;
};

static const struct date_case date_cases[] = {
    {D(2026, 11, 29), D(2016, 1, 1), D(2026, 11, 29), VISIT_DATE_OK},
    {D(2026, 11, 30), D(2016, 1, 1), D(2026, 11, 29), VISIT_DATE_FUTURE},
    {D(2027, 1, 1), D(2016, 1, 1), D(2026, 12, 31), VISIT_DATE_FUTURE},
    {D(2016, 1, 1), D(2016, 1, 1), D(2026, 11, 29), VISIT_DATE_OK},
    {D(2015, 12, 31), D(2016, 1, 1), D(2026, 11, 29), VISIT_DATE_BEFORE_BIRTH},
    {D(2020, 5, 5), D(0, 0, 0), D(2026, 11, 29), VISIT_DATE_OK},
    {D(2030, 5, 5), D(2016, 1, 1), D(0, 0, 0), VISIT_DATE_OK},
};

static void date_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(date_cases); i++) {
		const struct date_case *c = &date_cases[i];

		if (visit_date_check(c->visit, c->birth, c->today) != c->want)
			fail_msg("date case %zu", i);
	}
}

struct harm_case {
	int levels[VA_COUNT];
	const char *problems;
	bool want;
};

static const struct harm_case harm_cases[] = {
    {{-1, -1, -1, -1, -1, -1}, "", false},
    {{VL_GOOD, VL_FAIR, VL_POOR, VL_POOR, VL_GOOD, VL_FAIR},
     "dropout_risk other",
     false},
    {{-1, -1, -1, -1, VL_DANGER, -1}, "", true},
    {{VL_DANGER, -1, -1, -1, -1, -1}, "", true},
    {{-1, -1, -1, -1, -1, VL_DANGER}, "", true},
    {{-1, -1, -1, -1, -1, -1}, "suspected_harm", true},
    {{VL_GOOD, -1, -1, -1, -1, -1}, "living_hardship suspected_harm", true},
};

static void harm_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(harm_cases); i++) {
		const struct harm_case *c = &harm_cases[i];
		uint32_t p;

		assert_true(visit_set_parse(VV_PROBLEM, c->problems, &p));
		if (visit_harm_found(c->levels, p) != c->want)
			fail_msg("harm case %zu", i);
	}
}

struct edit_case {
	int64_t created, now;
	enum visit_edit want;
};

#define DAY 86400
static const struct edit_case edit_cases[] = {
    {1000000, 1000000, VISIT_EDIT_OPEN},
    {1000000, 1000000 + 6 * DAY, VISIT_EDIT_OPEN},
    {1000000, 1000000 + 7 * DAY, VISIT_EDIT_OPEN},
    {1000000, 1000000 + 7 * DAY + 1, VISIT_EDIT_CORRECTION},
    {1000000, 1000000 + 30 * DAY, VISIT_EDIT_CORRECTION},
    {1000000, 999000, VISIT_EDIT_OPEN}, /* a clock behind: still open */
};

static void edit_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(edit_cases); i++) {
		const struct edit_case *c = &edit_cases[i];

		if (visit_edit_rule(c->created, c->now) != c->want)
			fail_msg("edit case %zu", i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(find_table),
	    cmocka_unit_test(vocabularies_complete),
	    cmocka_unit_test(set_table),
	    cmocka_unit_test(date_table),
	    cmocka_unit_test(harm_table),
	    cmocka_unit_test(edit_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
