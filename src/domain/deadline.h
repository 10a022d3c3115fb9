/*
 * Case deadlines (issue 6): the policy table data/case_deadlines.csv
 * gives each deadline a key, the event it counts from, its length in
 * hours, who owes it and its source; this module computes a case's
 * deadlines from the times of its events. Pure: `now` is passed in.
 *
 * Keys (each with its own start and end; the CSV may change lengths, not
 * meanings):
 *   protection_ack   opened → the protection institution acknowledges
 *   police_ack       opened (report or hotline cases) → police acknowledge
 *   police_feedback  police accepted/filed → feedback to the reporting unit
 *   emergency        entering emergency → leaving it
 *   assessment       entering assessment → an assessment is recorded (or
 *                    the stage is left)
 *   plan             entering assistance → the first plan item (or the
 *                    stage is left)
 *   follow_up_review in follow-up: the last event + length, recurring
 */
#ifndef GA_DOMAIN_DEADLINE_H
#define GA_DOMAIN_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/case.h"

#define DEADLINE_RULES_MAX 16
#define DEADLINE_HOURS_MAX (24 * 366)

struct deadline_rule {
	char key[32];
	char event[32]; /* what it counts from, as the CSV documents it */
	int hours;
	char who[24];	  /* the role that owes it */
	char source[256]; /* policy or "local default" */
	bool confirmed;	  /* the length is confirmed by the source */
};

/* a known key; the event each key counts from ("opened", …) */
bool deadline_key_valid(const char *key);
const char *deadline_key_event(const char *key);

/* The times of a case (0: not happened). */
struct deadline_facts {
	enum case_stage stage;
	bool police_expected; /* opened by a report or a hotline call */
	int64_t opened;
	int64_t protection_ack;
	int64_t police_ack;	 /* any acknowledgement by the police */
	int64_t police_accepted; /* accepted or filed (not transferred) */
	int64_t police_feedback;
	int64_t entered[CASE_STAGE_COUNT]; /* the latest entry */
	int64_t left[CASE_STAGE_COUNT];	   /* the leaving after it */
	int64_t assessed;		   /* first assessment after entering */
	int64_t planned;		   /* first plan item after entering */
	int64_t last_event;		   /* the latest timeline event */
};

struct deadline {
	const struct deadline_rule *rule;
	int64_t due;
	int64_t done; /* 0: not yet */
	bool overdue; /* not done and now is past due (never once closed) */
};

/*
 * The deadlines of a case with facts f under rules[0..n), those whose
 * start has happened, in the rules' order, into out (at most max);
 * returns how many.
 */
int deadline_compute(const struct deadline_rule *rules, int n,
		     const struct deadline_facts *f, int64_t now,
		     struct deadline *out, int max);

#endif
