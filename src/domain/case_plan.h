/*
 * The assistance plan of a case (帮扶计划) and its conferences (个案会商):
 * the kinds of measure, the life of a plan item (open → done | cancelled),
 * when one is overdue, and the limits of what is written. Pure: no I/O, no
 * clock; the service passes today in. Who may change the plan, and in
 * which stages, is case_action_check (domain/case.h).
 */
#ifndef GA_DOMAIN_CASE_PLAN_H
#define GA_DOMAIN_CASE_PLAN_H

#include <stdbool.h>

#include "domain/date.h"

#define PLAN_TEXT_MAX	      2000 /* description, outcome, reason, note */
#define PLAN_UNIT_MAX	      120  /* a responsible unit's name */
#define PLAN_DUE_MAX_DAYS     730  /* a due date at most two years ahead */
#define CONF_PARTICIPANTS_MAX 30
#define CONF_NAME_MAX	      64
#define CONF_MINUTES_MAX      8000
#define CONF_DECISIONS_MAX    20

/* measure kinds: living, medical, schooling, psychological, legal_aid,
 * social_assistance, guardianship_guidance, family_education,
 * rehabilitation, other */
int case_measure_count(void);
const char *case_measure_id(int i); /* NULL past the end */
const char *case_measure_zh(const char *id);
const char *case_measure_en(const char *id);
bool case_measure_valid(const char *id);

enum plan_status {
	PLAN_OPEN = 0,
	PLAN_DONE,
	PLAN_CANCELLED,
	PLAN_STATUS_COUNT
};
const char *plan_status_name(enum plan_status s);
enum plan_status plan_status_from_name(const char *name); /* COUNT: unknown */
/* only open items change: to done or cancelled */
bool plan_status_change_ok(enum plan_status from, enum plan_status to);

/* open and past its due date on today */
bool plan_item_overdue(enum plan_status s, struct date due, struct date today);

/*
 * A due date is acceptable on `today` when it is a real day, not before
 * today and at most PLAN_DUE_MAX_DAYS ahead. code and why as the case
 * domain (Chinese first, English in parentheses).
 */
bool plan_due_ok(const char *text, struct date today, struct date *out,
		 const char **code, const char **why);

/* A conference is held on a real day not after today. */
bool conference_day_ok(const char *text, struct date today, struct date *out);

#endif
