/* The case stage machine (src/domain/case.c), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/case.h"

struct row {
	enum case_stage from;
	enum case_stage to;
	enum role role;
	bool acked, assessed, requested;
	int plan;
	const char *safety;
	long long actor, requester;
	enum case_move_result want;
	const char *code;
};

static const struct row rows[] = {
    /* received → emergency: protection or police, after the acknowledgement */
    {STAGE_RECEIVED, STAGE_EMERGENCY, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_OK, ""},
    {STAGE_RECEIVED, STAGE_EMERGENCY, ROLE_POLICE, true, false, false, 0, NULL,
     1, 0, MOVE_OK, ""},
    {STAGE_RECEIVED, STAGE_EMERGENCY, ROLE_PROTECTION, false, false, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "not_acknowledged"},
    {STAGE_RECEIVED, STAGE_EMERGENCY, ROLE_COUNTY_CIVIL, true, false, false, 0,
     NULL, 1, 0, MOVE_WRONG_ROLE, "stage_role"},
    {STAGE_RECEIVED, STAGE_EMERGENCY, ROLE_DIRECTOR, true, false, false, 0,
     NULL, 1, 0, MOVE_WRONG_ROLE, "stage_role"},
    /* no skipping, no going back */
    {STAGE_RECEIVED, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "stage_order"},
    {STAGE_ASSESSMENT, STAGE_EMERGENCY, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "stage_order"},
    {STAGE_ASSESSMENT, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "stage_order"},
    /* leaving emergency says how the child is safe */
    {STAGE_EMERGENCY, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_BAD_INPUT, "safety_required"},
    {STAGE_EMERGENCY, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     "at_home", 1, 0, MOVE_BAD_INPUT, "safety_required"},
    {STAGE_EMERGENCY, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     "temporary_guardianship", 1, 0, MOVE_OK, ""},
    {STAGE_EMERGENCY, STAGE_ASSESSMENT, ROLE_POLICE, true, false, false, 0,
     "with_guardian", 1, 0, MOVE_WRONG_ROLE, "stage_role"},
    /* the assessment before the plan, a measure before follow-up */
    {STAGE_ASSESSMENT, STAGE_ASSISTANCE, ROLE_PROTECTION, true, false, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "assessment_missing"},
    {STAGE_ASSESSMENT, STAGE_ASSISTANCE, ROLE_PROTECTION, true, true, false, 0,
     NULL, 1, 0, MOVE_OK, ""},
    {STAGE_ASSISTANCE, STAGE_FOLLOW_UP, ROLE_COUNTY_CIVIL, true, true, false, 0,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "plan_empty"},
    {STAGE_ASSISTANCE, STAGE_FOLLOW_UP, ROLE_COUNTY_CIVIL, true, true, false, 2,
     NULL, 1, 0, MOVE_OK, ""},
    /* closing: requested, then approved by someone else in the county */
    {STAGE_FOLLOW_UP, STAGE_CLOSED, ROLE_COUNTY_CIVIL, true, true, false, 2,
     NULL, 1, 0, MOVE_OUT_OF_ORDER, "closure_not_requested"},
    {STAGE_FOLLOW_UP, STAGE_CLOSED, ROLE_PROTECTION, true, true, true, 2, NULL,
     1, 2, MOVE_WRONG_ROLE, "stage_role"},
    {STAGE_FOLLOW_UP, STAGE_CLOSED, ROLE_COUNTY_CIVIL, true, true, true, 2,
     NULL, 7, 7, MOVE_WRONG_ROLE, "closure_self_approval"},
    {STAGE_FOLLOW_UP, STAGE_CLOSED, ROLE_COUNTY_CIVIL, true, true, true, 2,
     NULL, 1, 2, MOVE_OK, ""},
    {STAGE_RECEIVED, STAGE_CLOSED, ROLE_COUNTY_CIVIL, false, false, true, 0,
     NULL, 1, 2, MOVE_OK, ""},
    {STAGE_FOLLOW_UP, STAGE_FOLLOW_UP + 1, ROLE_PROTECTION, true, true, true, 2,
     NULL, 1, 2, MOVE_WRONG_ROLE, "stage_role"},
    /* reopening goes back to assessment only */
    {STAGE_CLOSED, STAGE_ASSESSMENT, ROLE_PROTECTION, true, true, false, 2,
     NULL, 1, 0, MOVE_OK, ""},
    {STAGE_CLOSED, STAGE_RECEIVED, ROLE_PROTECTION, true, true, false, 2, NULL,
     1, 0, MOVE_OUT_OF_ORDER, "stage_order"},
    {STAGE_CLOSED, STAGE_ASSESSMENT, ROLE_POLICE, true, true, false, 2, NULL, 1,
     0, MOVE_WRONG_ROLE, "stage_role"},
};

static void machine(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct case_facts f = {r->from, r->acked,     r->assessed,
				       r->plan, r->requested, r->requester};
		struct case_move m = {r->to, r->role, r->actor, r->safety};
		const char *why, *code;
		enum case_move_result got =
		    case_move_check(&f, &m, &why, &code);

		if (got != r->want || strcmp(code, r->code))
			fail_msg("row %zu: got %d %s, want %d %s", i, got, code,
				 r->want, r->code);
		if (got != MOVE_OK)
			assert_true(strlen(why) > 10);
	}
}

static void names(void **state)
{
	(void)state;
	for (int s = 0; s < CASE_STAGE_COUNT; s++)
		assert_int_equal(case_stage_from_name(case_stage_name(s)), s);
	assert_int_equal(case_stage_from_name("later"), CASE_STAGE_COUNT);
	assert_int_equal(case_stage_from_name(NULL), CASE_STAGE_COUNT);
	assert_true(case_urgency_valid("immediate"));
	assert_false(case_urgency_valid("soon"));
	assert_true(case_closure_reason_valid("unfounded"));
	assert_false(case_closure_reason_valid(""));
	assert_true(case_police_ack_valid("filed"));
	assert_false(case_police_ack_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(machine),
	    cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
