/*
 * Unit tests for src/domain/confirmation.c (委托监护确认书): when a child
 * needs a confirmation, what a valid one is, when it may be signed, and
 * the state of a child's confirmations on a fixed `today`. Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/confirmation.h"
#include "domain/idcard.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

static const struct date TODAY = {2026, 6, 15};

/* ---- required ---- */

struct req_case {
	const char *name;
	enum guardian_type guardian;
	int n;
	enum relation rel[3];
	enum situation sit[3];
	bool want;
};

static const struct req_case req_cases[] = {
    {"both migrant, entrusted",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_MIGRANT, SIT_MIGRANT},
     true},
    {"father migrant, mother dead",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_MIGRANT, SIT_DEAD},
     true},
    {"mother migrant, father in prison",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_PRISON, SIT_MIGRANT},
     true},
    {"mother migrant, father severely ill",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_SEVERE_ILLNESS, SIT_MIGRANT},
     true},
    {"mother migrant, father missing",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_MISSING, SIT_MIGRANT},
     true},
    {"only the mother on record, migrant",
     GUARDIAN_ENTRUSTED,
     1,
     {REL_MOTHER},
     {SIT_MIGRANT},
     true},
    {"grandmother listed too",
     GUARDIAN_ENTRUSTED,
     3,
     {REL_FATHER, REL_MOTHER, REL_GRANDMOTHER},
     {SIT_MIGRANT, SIT_MIGRANT, SIT_HOME},
     true},
    {"father at home",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_HOME, SIT_MIGRANT},
     false},
    {"both migrant, grandparents guardians",
     GUARDIAN_GRANDPARENTS,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_MIGRANT, SIT_MIGRANT},
     false},
    {"both migrant, one parent guardian",
     GUARDIAN_ONE_PARENT,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_MIGRANT, SIT_MIGRANT},
     false},
    {"orphan with entrusted carer",
     GUARDIAN_ENTRUSTED,
     2,
     {REL_FATHER, REL_MOTHER},
     {SIT_DEAD, SIT_DEAD},
     false},
    {"no parent on record", GUARDIAN_ENTRUSTED, 0, {0}, {0}, false},
};

static void required_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(req_cases); i++) {
		const struct req_case *c = &req_cases[i];
		struct child_facts f;

		memset(&f, 0, sizeof(f));
		f.guardian = c->guardian;
		f.nfamily = c->n;
		for (int k = 0; k < c->n; k++) {
			f.family[k].relation = c->rel[k];
			f.family[k].situation = c->sit[k];
		}
		if (confirmation_required(&f) != c->want)
			fail_msg("%s: want %d", c->name, c->want);
	}
}

/* ---- guardian birth ---- */

static void make_id(const char *birth8, char out[19])
{
	snprintf(out, 19, "500229%s123", birth8);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void guardian_birth_table(void **state)
{
	char id[19], bad[19];
	struct conf_problem p;
	struct date b;

	(void)state;
	make_id("19600301", id);
	memcpy(bad, id, sizeof(bad));
	bad[17] = bad[17] == '1' ? '2' : '1';
	assert_true(confirmation_guardian_birth(id, NULL, &b, &p));
	assert_int_equal(date_cmp(b, D(1960, 3, 1)), 0);
	assert_true(confirmation_guardian_birth(id, "1960-03-01", &b, &p));
	assert_true(confirmation_guardian_birth("", "1970-05-06", &b, &p));
	assert_int_equal(date_cmp(b, D(1970, 5, 6)), 0);
	assert_false(confirmation_guardian_birth(id, "1960-03-02", &b, &p));
	assert_string_equal(p.code, "birth_mismatch");
	assert_false(confirmation_guardian_birth(bad, NULL, &b, &p));
	assert_string_equal(p.code, "invalid_id_number");
	assert_string_equal(p.field, "guardian_id_number");
	assert_false(confirmation_guardian_birth(NULL, "1970-02-30", &b, &p));
	assert_string_equal(p.code, "invalid_date");
	assert_false(confirmation_guardian_birth(NULL, "", &b, &p));
	assert_string_equal(p.code, "missing_field");
}

/* ---- valid and signable ---- */

static void fit(struct confirmation_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->start = D(2026, 6, 1);
	f->end = D(2027, 5, 31);
	f->guardian_birth = D(1960, 3, 1);
	for (int i = 0; i < CONF_CHECK_COUNT; i++)
		f->checks[i] = confirmation_check_info(i)->disqualifying
				   ? ANSWER_NO
				   : ANSWER_YES;
	for (int i = 0; i < CONF_PROMISE_COUNT; i++)
		f->promises[i] = true;
}

enum change {
	NONE,
	END_BEFORE_START,
	THREE_YEARS,
	THREE_YEARS_AND_A_DAY,
	OVER,
	ENDS_TODAY,
	MINOR,
	EIGHTEEN_ON_START,
	EIGHTEEN_DAY_AFTER,
	NO_BIRTH,
	BAD_START,
	UNANSWERED,
	DRUGS_YES,
	NOT_CAPABLE,
	NO_PROMISE,
};

struct valid_case {
	const char *name;
	enum change change;
	const char *valid; /* NULL: valid, else the code */
	const char *sign;  /* NULL: signable, else the code (when valid) */
};

static const struct valid_case valid_cases[] = {
    {"all fine", NONE, NULL, NULL},
    {"end before start", END_BEFORE_START, "invalid_period", NULL},
    {"exactly three years", THREE_YEARS, NULL, NULL},
    {"three years and a day", THREE_YEARS_AND_A_DAY, "period_too_long", NULL},
    {"already over", OVER, "period_over", NULL},
    {"ends today", ENDS_TODAY, NULL, NULL},
    {"minor guardian", MINOR, "guardian_minor", NULL},
    {"eighteen on the start date", EIGHTEEN_ON_START, NULL, NULL},
    {"eighteen the day after", EIGHTEEN_DAY_AFTER, "guardian_minor", NULL},
    {"no birth date", NO_BIRTH, "missing_field", NULL},
    {"impossible start", BAD_START, "invalid_date", NULL},
    {"a check unanswered", UNANSWERED, "check_unanswered", NULL},
    {"drug use: recorded, not signable", DRUGS_YES, NULL, "guardian_unfit"},
    {"cannot care", NOT_CAPABLE, NULL, "guardian_unfit"},
    {"a promise missing", NO_PROMISE, NULL, "promise_missing"},
};

static void apply(struct confirmation_facts *f, enum change c)
{
	switch (c) {
	case NONE: break;
	case END_BEFORE_START: f->end = D(2026, 5, 31); break;
	case THREE_YEARS: f->end = D(2029, 6, 1); break;
	case THREE_YEARS_AND_A_DAY: f->end = D(2029, 6, 2); break;
	case OVER:
		f->start = D(2025, 1, 1);
		f->end = D(2026, 6, 14);
		break;
	case ENDS_TODAY: f->end = TODAY; break;
	case MINOR: f->guardian_birth = D(2010, 1, 1); break;
	case EIGHTEEN_ON_START: f->guardian_birth = D(2008, 6, 1); break;
	case EIGHTEEN_DAY_AFTER: f->guardian_birth = D(2008, 6, 2); break;
	case NO_BIRTH: f->guardian_birth = D(0, 0, 0); break;
	case BAD_START: f->start = D(2026, 2, 30); break;
	case UNANSWERED: f->checks[CHECK_GAMBLING] = ANSWER_NONE; break;
	case DRUGS_YES: f->checks[CHECK_DRUGS] = ANSWER_YES; break;
	case NOT_CAPABLE: f->checks[CHECK_ABLE_TO_CARE] = ANSWER_NO; break;
	case NO_PROMISE: f->promises[PROMISE_NOTIFY_SCHOOL] = false; break;
	}
}

static void valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(valid_cases); i++) {
		const struct valid_case *c = &valid_cases[i];
		struct confirmation_facts f;
		struct conf_problem p = {0};
		bool ok;

		fit(&f);
		apply(&f, c->change);
		ok = confirmation_valid(&f, TODAY, &p);
		if (ok != !c->valid)
			fail_msg("%s: valid %d (%s)", c->name, ok,
				 p.code ? p.code : "");
		if (!ok) {
			if (strcmp(p.code, c->valid))
				fail_msg("%s: code %s", c->name, p.code);
			assert_non_null(p.field);
			assert_true((unsigned char)p.text[0] >= 0x80);
			continue;
		}
		ok = confirmation_signable(&f, &p);
		if (ok != !c->sign)
			fail_msg("%s: signable %d", c->name, ok);
		if (!ok && strcmp(p.code, c->sign))
			fail_msg("%s: code %s", c->name, p.code);
	}
}

static void ids_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < CONF_CHECK_COUNT; i++) {
		const char *id = confirmation_check_info(i)->id;

		assert_int_equal(confirmation_check_from(id, strlen(id)), i);
	}
	for (int i = 0; i < CONF_PROMISE_COUNT; i++) {
		const char *id = confirmation_promise_info(i)->id;

		assert_int_equal(confirmation_promise_from(id, strlen(id)), i);
	}
	assert_int_equal(confirmation_check_from("drug", 4), -1);
	assert_int_equal(confirmation_promise_from("weekly", 6), -1);
	assert_null(confirmation_check_info(CONF_CHECK_COUNT));
}

/* ---- state ---- */

struct conf {
	bool is_signed;
	struct date start, end;
};

struct state_case {
	const char *name;
	bool required;
	int n;
	struct conf c[3];
	enum conf_state want;
	struct date due;
};

static const struct state_case state_cases[] = {
    {"not required", false, 0, {{0}}, CONF_NOT_REQUIRED, {0, 0, 0}},
    {"not required, old one",
     false,
     1,
     {{true, {2024, 1, 1}, {2025, 1, 1}}},
     CONF_NOT_REQUIRED,
     {0, 0, 0}},
    {"missing", true, 0, {{0}}, CONF_MISSING, {2026, 6, 15}},
    {"pending",
     true,
     1,
     {{false, {2026, 6, 1}, {2027, 5, 31}}},
     CONF_PENDING,
     {2026, 6, 1}},
    {"signed",
     true,
     1,
     {{true, {2026, 6, 1}, {2027, 5, 31}}},
     CONF_SIGNED,
     {2027, 5, 31}},
    {"signed, 31 days left",
     true,
     1,
     {{true, {2025, 7, 16}, {2026, 7, 16}}},
     CONF_SIGNED,
     {2026, 7, 16}},
    {"signed, 30 days left",
     true,
     1,
     {{true, {2025, 7, 15}, {2026, 7, 15}}},
     CONF_EXPIRING,
     {2026, 7, 15}},
    {"signed, ends today",
     true,
     1,
     {{true, {2025, 6, 15}, {2026, 6, 15}}},
     CONF_EXPIRING,
     {2026, 6, 15}},
    {"expiring while a renewal waits",
     true,
     2,
     {{true, {2025, 6, 20}, {2026, 6, 20}},
      {false, {2026, 6, 21}, {2027, 6, 20}}},
     CONF_EXPIRING,
     {2026, 6, 20}},
    {"signed ended yesterday",
     true,
     1,
     {{true, {2025, 6, 14}, {2026, 6, 14}}},
     CONF_EXPIRED,
     {2026, 6, 14}},
    {"expired, renewal pending",
     true,
     2,
     {{true, {2025, 6, 14}, {2026, 6, 14}},
      {false, {2026, 6, 15}, {2027, 6, 14}}},
     CONF_PENDING,
     {2026, 6, 15}},
    {"renewed and signed",
     true,
     2,
     {{true, {2025, 6, 14}, {2026, 6, 14}},
      {true, {2026, 6, 15}, {2027, 6, 14}}},
     CONF_SIGNED,
     {2027, 6, 14}},
    {"pending over",
     true,
     1,
     {{false, {2025, 1, 1}, {2026, 1, 1}}},
     CONF_EXPIRED,
     {2026, 1, 1}},
};

static void state_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(state_cases); i++) {
		const struct state_case *c = &state_cases[i];
		struct conf_summary s;
		enum conf_state got;
		struct date due;

		memset(&s, 0, sizeof(s));
		for (int k = 0; k < c->n; k++)
			confirmation_summary_add(&s, c->c[k].is_signed,
						 c->c[k].start, c->c[k].end,
						 TODAY);
		got = confirmation_state(c->required, &s, TODAY, &due);
		if (got != c->want)
			fail_msg("%s: state %s, want %s", c->name,
				 confirmation_state_id(got),
				 confirmation_state_id(c->want));
		if (date_cmp(due, c->due))
			fail_msg("%s: due %d-%d-%d", c->name, due.y, due.m,
				 due.d);
	}
}

static void status_shown(void **state)
{
	(void)state;
	assert_string_equal(
	    confirmation_status_shown(true, D(2026, 6, 15), TODAY), "signed");
	assert_string_equal(
	    confirmation_status_shown(false, D(2026, 6, 15), TODAY), "pending");
	assert_string_equal(
	    confirmation_status_shown(true, D(2026, 6, 14), TODAY), "expired");
	assert_string_equal(
	    confirmation_status_shown(false, D(2026, 6, 14), TODAY), "expired");
	assert_string_equal(confirmation_state_id(CONF_EXPIRING), "expiring");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(required_table),
	    cmocka_unit_test(guardian_birth_table),
	    cmocka_unit_test(valid_table),
	    cmocka_unit_test(ids_round_trip),
	    cmocka_unit_test(state_table),
	    cmocka_unit_test(status_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
