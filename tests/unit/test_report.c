/* Reports, hotline status and case deadlines (src/domain/report.c,
 * deadline.c), table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/deadline.h"
#include "domain/report.h"

static void situations(void **state)
{
	static const struct {
		const char *id;
		enum report_basis basis;
	} rows[] = {
	    {"genital_injury", BASIS_OPINION_2020},
	    {"sexual_abuse_under14", BASIS_OPINION_2020},
	    {"pregnancy_abuse_14plus", BASIS_OPINION_2020},
	    {"injury_violence", BASIS_OPINION_2020},
	    {"self_harm_or_death", BASIS_OPINION_2020},
	    {"abandoned", BASIS_OPINION_2020},
	    {"missing_trafficked", BASIS_OPINION_2020},
	    {"organised_begging", BASIS_OPINION_2020},
	    {"other_danger", BASIS_OPINION_2020},
	    {"living_alone", BASIS_ANNEX3_ITEM5},
	    {"guardian_failing", BASIS_ANNEX3_ITEM5},
	};
	int n = 0, nine = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct report_situation *s =
		    report_situation_find(rows[i].id);

		assert_non_null(s);
		assert_int_equal(s->basis, rows[i].basis);
		assert_true(s->zh[0] && s->en[0]);
	}
	for (int i = 0; report_situations[i].id; i++) {
		n++;
		nine += report_situations[i].basis == BASIS_OPINION_2020;
	}
	assert_int_equal(n, 11);
	assert_int_equal(nine, 9);
	assert_null(report_situation_find("bad_luck"));
	assert_null(report_situation_find(""));
	assert_null(report_situation_find(NULL));
}

static void statuses(void **state)
{
	static const struct {
		const char *stage, *ack;
		bool prot;
		const char *want;
	} rows[] = {
	    {"received", "", false, "submitted"},
	    {"received", "", true, "received"},
	    {"received", "transferred", false, "received"},
	    {"received", "accepted", false, "police_accepted"},
	    {"received", "filed", true, "police_filed"},
	    {"emergency", "filed", true, "handled"},
	    {"follow_up", "", true, "handled"},
	    {"closed", "accepted", true, "closed"},
	    {"", "", false, "submitted"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct report_case_facts f = {rows[i].stage, rows[i].ack,
					      rows[i].prot};

		assert_string_equal(report_status_name(report_status_of(&f)),
				    rows[i].want);
	}
}

static void times(void **state)
{
	static const struct {
		const char *in;
		bool ok;
		const char *utc;
	} rows[] = {
	    {"2026-11-29T11:33:03Z", true, "2026-11-29T11:33:03Z"},
	    {"2026-11-29T19:33", true, "2026-11-29T11:33:00Z"},
	    {"2026-11-29T19:33:03+08:00", true, "2026-11-29T11:33:03Z"},
	    {"2026-11-29T11:33:03.123Z", true, "2026-11-29T11:33:03Z"},
	    {"2026-01-01T02:00:00+08:00", true, "2025-12-31T18:00:00Z"},
	    {"1970-01-01T00:00:00Z", true, "1970-01-01T00:00:00Z"},
	    {"2026-11-29", false, ""},
	    {"2026-11-29T25:00Z", false, ""},
	    {"2026-02-30T10:00Z", false, ""},
	    {"2026-11-29T11:33:03+8", false, ""},
	    {"yesterday", false, ""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t t = 0;
		char out[24];

		assert_int_equal(report_time_parse(rows[i].in, &t), rows[i].ok);
		if (!rows[i].ok)
			continue;
		report_utc_format(t, out);
		assert_string_equal(out, rows[i].utc);
	}
	{
		int64_t t;
		assert_false(report_utc_parse("2026-11-29T19:33", &t));
	}
}

static void hotline(void **state)
{
	(void)state;
	assert_true(hotline_caller_valid("neighbour"));
	assert_false(hotline_caller_valid("stranger"));
	assert_true(hotline_class_valid("harm_lead"));
	assert_false(hotline_class_valid(""));
	assert_string_equal(hotline_status_of(false, 0, 0), "open");
	assert_string_equal(hotline_status_of(false, 2, 1), "dispatched");
	assert_string_equal(hotline_status_of(false, 2, 2), "answered");
	assert_string_equal(hotline_status_of(true, 2, 1), "closed");
}

#define H 3600

static const struct deadline_rule rules[] = {
    {"protection_ack", "opened", 24, "protection", "x", false},
    {"police_ack", "opened", 24, "police", "x", false},
    {"police_feedback", "police_ack", 72, "police", "x", false},
    {"emergency", "stage:emergency", 72, "protection", "x", false},
    {"assessment", "stage:assessment", 168, "protection", "x", false},
    {"plan", "stage:assistance", 336, "protection", "x", false},
    {"follow_up_review", "stage:follow_up", 720, "county_civil", "x", false},
};
#define NR ((int)(sizeof(rules) / sizeof(rules[0])))

static const struct deadline *find(const struct deadline *d, int n,
				   const char *key)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(d[i].rule->key, key))
			return &d[i];
	return NULL;
}

static void deadlines(void **state)
{
	struct deadline_facts f;
	struct deadline d[16];
	const struct deadline *x;
	int n;

	(void)state;
	assert_true(deadline_key_valid("plan"));
	assert_false(deadline_key_valid("lunch"));
	/* a fresh report case: two acknowledgements due in 24 h */
	memset(&f, 0, sizeof(f));
	f.stage = STAGE_RECEIVED;
	f.police_expected = true;
	f.opened = 1000000;
	n = deadline_compute(rules, NR, &f, f.opened + H, d, 16);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].due, f.opened + 24 * H);
	assert_false(d[0].overdue);
	n = deadline_compute(rules, NR, &f, f.opened + 25 * H, d, 16);
	assert_true(d[0].overdue && d[1].overdue);
	/* a dossier case owes no police acknowledgement */
	f.police_expected = false;
	n = deadline_compute(rules, NR, &f, f.opened + 25 * H, d, 16);
	assert_int_equal(n, 1);
	f.police_expected = true;
	/* acknowledged in time; police accepted: feedback due in 3 days */
	f.protection_ack = f.opened + 2 * H;
	f.police_ack = f.police_accepted = f.opened + 3 * H;
	n = deadline_compute(rules, NR, &f, f.opened + 80 * H, d, 16);
	x = find(d, n, "protection_ack");
	assert_false(x->overdue);
	assert_int_equal(x->done, f.opened + 2 * H);
	x = find(d, n, "police_feedback");
	assert_non_null(x);
	assert_int_equal(x->due, f.opened + 75 * H);
	assert_true(x->overdue);
	f.police_feedback = f.opened + 70 * H;
	n = deadline_compute(rules, NR, &f, f.opened + 80 * H, d, 16);
	assert_false(find(d, n, "police_feedback")->overdue);
	/* transferred: no feedback owed */
	f.police_accepted = 0;
	n = deadline_compute(rules, NR, &f, f.opened + 80 * H, d, 16);
	assert_null(find(d, n, "police_feedback"));
	/* in assessment for 8 days without one: overdue; a closed case
	 * never is */
	f.stage = STAGE_ASSESSMENT;
	f.entered[STAGE_EMERGENCY] = f.opened + 4 * H;
	f.left[STAGE_EMERGENCY] = f.opened + 5 * H;
	f.entered[STAGE_ASSESSMENT] = f.opened + 5 * H;
	n = deadline_compute(rules, NR, &f, f.opened + 5 * H + 8 * 24 * H, d,
			     16);
	assert_false(find(d, n, "emergency")->overdue);
	assert_true(find(d, n, "assessment")->overdue);
	f.stage = STAGE_CLOSED;
	n = deadline_compute(rules, NR, &f, f.opened + 5 * H + 8 * 24 * H, d,
			     16);
	assert_false(find(d, n, "assessment")->overdue);
	/* follow-up: a review 30 days after the last event */
	f.stage = STAGE_FOLLOW_UP;
	f.entered[STAGE_FOLLOW_UP] = f.opened + 100 * H;
	f.last_event = f.opened + 200 * H;
	n = deadline_compute(rules, NR, &f, f.opened + 300 * H, d, 16);
	x = find(d, n, "follow_up_review");
	assert_int_equal(x->due, f.opened + 920 * H);
	assert_false(x->overdue);
	/* out has room for max only */
	assert_int_equal(deadline_compute(rules, NR, &f, 0, d, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(situations), cmocka_unit_test(statuses),
	    cmocka_unit_test(times),	  cmocka_unit_test(hotline),
	    cmocka_unit_test(deadlines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
