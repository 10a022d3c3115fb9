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
    /* temporary guardianship needs its placement on record (see below) */
    {STAGE_EMERGENCY, STAGE_ASSESSMENT, ROLE_PROTECTION, true, false, false, 0,
     "temporary_guardianship", 1, 0, MOVE_OUT_OF_ORDER, "placement_missing"},
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
				       r->plan, r->requested, r->requester,
				       false};
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

/* with the temporary guardianship placement on record the move is fine */
static void temporary_guardianship_placed(void **state)
{
	struct case_facts f = {.stage = STAGE_EMERGENCY,
			       .protection_acknowledged = true,
			       .temporary_placement = true};
	struct case_move m = {STAGE_ASSESSMENT, ROLE_PROTECTION, 1,
			      "temporary_guardianship"};
	const char *why, *code;

	(void)state;
	assert_int_equal(case_move_check(&f, &m, &why, &code), MOVE_OK);
	m.safety = "with_relatives"; /* no placement needed */
	f.temporary_placement = false;
	assert_int_equal(case_move_check(&f, &m, &why, &code), MOVE_OK);
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

/* work besides the moves: the plan, closure requests, the assessment */
struct arow {
	enum case_stage stage;
	enum case_action a;
	enum role role;
	bool requested;
	long long actor, requester;
	enum case_move_result want;
	const char *code;
};

static const struct arow arows[] = {
    /* the plan: the case team, from assessment to follow-up */
    {STAGE_ASSESSMENT, CASE_ACT_PLAN, ROLE_PROTECTION, false, 1, 0, MOVE_OK,
     ""},
    {STAGE_ASSISTANCE, CASE_ACT_PLAN, ROLE_POLICE, false, 1, 0, MOVE_OK, ""},
    {STAGE_FOLLOW_UP, CASE_ACT_PLAN, ROLE_COUNTY_CIVIL, false, 1, 0, MOVE_OK,
     ""},
    {STAGE_RECEIVED, CASE_ACT_PLAN, ROLE_PROTECTION, false, 1, 0,
     MOVE_OUT_OF_ORDER, "plan_stage"},
    {STAGE_EMERGENCY, CASE_ACT_PLAN, ROLE_PROTECTION, false, 1, 0,
     MOVE_OUT_OF_ORDER, "plan_stage"},
    {STAGE_CLOSED, CASE_ACT_PLAN, ROLE_PROTECTION, false, 1, 0,
     MOVE_OUT_OF_ORDER, "case_closed"},
    {STAGE_ASSISTANCE, CASE_ACT_PLAN, ROLE_DIRECTOR, false, 1, 0,
     MOVE_WRONG_ROLE, "case_role"},
    {STAGE_ASSISTANCE, CASE_ACT_PLAN, ROLE_CITY_CIVIL, false, 1, 0,
     MOVE_WRONG_ROLE, "case_role"},
    /* closure requests: any open stage, once */
    {STAGE_RECEIVED, CASE_ACT_CLOSURE_REQUEST, ROLE_PROTECTION, false, 1, 0,
     MOVE_OK, ""},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_REQUEST, ROLE_POLICE, false, 1, 0,
     MOVE_OK, ""},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_REQUEST, ROLE_PROTECTION, true, 1, 2,
     MOVE_OUT_OF_ORDER, "closure_requested"},
    {STAGE_CLOSED, CASE_ACT_CLOSURE_REQUEST, ROLE_PROTECTION, false, 1, 0,
     MOVE_OUT_OF_ORDER, "case_closed"},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_REQUEST, ROLE_EDUCATION, false, 1, 0,
     MOVE_WRONG_ROLE, "case_role"},
    /* withdrawn by who asked only */
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_WITHDRAW, ROLE_PROTECTION, true, 3, 3,
     MOVE_OK, ""},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_WITHDRAW, ROLE_PROTECTION, true, 3, 4,
     MOVE_WRONG_ROLE, "closure_not_yours"},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_WITHDRAW, ROLE_PROTECTION, false, 3, 0,
     MOVE_OUT_OF_ORDER, "closure_not_requested"},
    /* declined by the county */
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_DECLINE, ROLE_COUNTY_CIVIL, true, 3, 4,
     MOVE_OK, ""},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_DECLINE, ROLE_PROTECTION, true, 3, 4,
     MOVE_WRONG_ROLE, "case_role"},
    {STAGE_FOLLOW_UP, CASE_ACT_CLOSURE_DECLINE, ROLE_COUNTY_CIVIL, false, 3, 0,
     MOVE_OUT_OF_ORDER, "closure_not_requested"},
};

static void actions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(arows) / sizeof(arows[0]); i++) {
		const struct arow *r = &arows[i];
		struct case_facts f = {r->stage,     true,	   true, 1,
				       r->requested, r->requester, false};
		const char *why, *code;
		enum case_move_result got =
		    case_action_check(&f, r->a, r->role, r->actor, &why, &code);

		if (got != r->want || strcmp(code, r->code))
			fail_msg("action row %zu: got %d %s, want %d %s", i,
				 got, code, r->want, r->code);
		if (got != MOVE_OK)
			assert_true(strlen(why) > 10);
	}
	assert_true(case_assessment_outcome_valid("failed"));
	assert_false(case_assessment_outcome_valid("bad"));
	assert_false(case_assessment_outcome_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(machine),
	    cmocka_unit_test(temporary_guardianship_placed),
	    cmocka_unit_test(names),
	    cmocka_unit_test(actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
