/*
 * The visit schedule (附件3 items 1, 3, 4): when each child is next due
 * for a visit, a dossier re-check or the holiday visit, and which children
 * age out of their category next month. Pure functions of the facts, the
 * rules and `today`: no I/O, no clock.
 *
 * The rules are data (data/visit_schedule.csv, loaded into schedule_rule;
 * a county or city may override an interval or the holiday window for its
 * own scope). Each rule has a key naming what it applies to:
 *
 *   category:<id>            a visit interval for children of that category
 *   key_flag:<id>            a visit interval for key children with that flag
 *   guardianship_level:<id>  a visit interval for that guardianship level
 *   recheck                  the full re-check of every live dossier
 *   holiday:<category id>    the holiday visit window for that category
 *   case:follow_up           the visit to a child whose case (个案) is in
 *                            its follow-up stage (跟踪)
 *
 * A child's visit interval is the shortest among the visit rules that
 * match it; the reason is that rule's reason (visit_key_monthly,
 * visit_quarterly, …). A child no visit rule matches has no visit due (only
 * the yearly re-check).
 *
 * Due dates are deadlines: an item is overdue when today is after its
 * due date. A child never visited is due on the day the dossier was
 * registered; after a visit (of any kind) the next one is due the interval
 * later. The holiday visit is due by the end of the window and satisfied
 * by a visit of kind holiday inside it.
 */
#ifndef GA_DOMAIN_SCHEDULE_H
#define GA_DOMAIN_SCHEDULE_H

#include <stdbool.h>

#include "domain/date.h"

#define SCHEDULE_RULES_MAX    64
#define SCHEDULE_KEY_MAX      40
#define SCHEDULE_INTERVAL_MIN 7
#define SCHEDULE_INTERVAL_MAX 400
#define SCHEDULE_SOON_DAYS    7 /* "due soon": within this many days */
#define SCHEDULE_LOOKAHEAD_DAYS                                                \
	30 /* re-check and holiday items show this                             \
	      far ahead of their start */

enum schedule_type {
	SCHED_VISIT = 1,
	SCHED_RECHECK,
	SCHED_HOLIDAY,
	SCHED_CASE, /* case:follow_up */
};

struct schedule_rule {
	char key[SCHEDULE_KEY_MAX + 1];
	char reason[24];   /* stable id: visit_key_monthly, … */
	char kind[16];	   /* the visit kind suggested */
	int interval_days; /* visit and re-check rules; 0 for holiday */
	int window_start;  /* holiday: month * 100 + day, e.g. 110 */
	int window_end;	   /* 228; a start after the end wraps the year */
	char scope[13];	   /* "" for the default, else the overriding prefix */
};

struct schedule_rules {
	struct schedule_rule rule[SCHEDULE_RULES_MAX];
	int n;
};

/* What the rules read of a dossier (plain values from the child table). */
struct schedule_child {
	unsigned categories; /* enum category bits */
	unsigned key_flags;  /* enum key_flag bits */
	int guardianship;    /* enum guardianship_level, -1 unknown */
	struct date birth;
	struct date registered;	  /* the dossier's creation day */
	struct date updated;	  /* the dossier's last update day */
	struct date last_visit;	  /* any kind; unset: never visited */
	struct date last_holiday; /* kind holiday; unset: never */
};

struct schedule_item {
	struct date due;
	const char *reason; /* static or borrowed from the rules */
	const char *kind;
};

#define SCHEDULE_ITEMS_MAX 4

/* The type of a key and whether it names a known category, flag, level. */
bool schedule_key_valid(const char *key, enum schedule_type *type);
/* "MM-DD" (29 Feb allowed) → month * 100 + day; false when not a day */
bool schedule_mmdd_parse(const char *s, int *out);
/* month * 100 + day → "MM-DD" into out[6] */
void schedule_mmdd_format(int mmdd, char out[6]);

/*
 * The effective rules for division `region` (a code or prefix): for each
 * key of the defaults (scope ""), the row of `all` whose scope is the
 * longest prefix of region. Rows with unknown keys are ignored.
 */
void schedule_effective(const struct schedule_rule *all, int n,
			const char *region, struct schedule_rules *out);

/* The visit rule that applies to c (shortest interval), or NULL. */
const struct schedule_rule *schedule_visit_rule(const struct schedule_rules *r,
						const struct schedule_child *c);

/* Each returns true and fills *out when c has such an item on `today`. */
bool schedule_visit_due(const struct schedule_rules *r,
			const struct schedule_child *c, struct date today,
			struct schedule_item *out);
bool schedule_recheck_due(const struct schedule_rules *r,
			  const struct schedule_child *c, struct date today,
			  struct schedule_item *out);
bool schedule_holiday_due(const struct schedule_rules *r,
			  const struct schedule_child *c, struct date today,
			  struct schedule_item *out);
/* turning 16 (left-behind) or 18 within a month after today */
bool schedule_ageing_due(const struct schedule_child *c, struct date today,
			 struct schedule_item *out);

/*
 * The follow-up visit of a child whose case is in follow-up since `since`
 * (issue 6): due the rule's interval after the later of `since` and the
 * last visit; when the rules lack case:follow_up (a database whose
 * defaults were loaded before the rule existed) the interval is
 * SCHEDULE_CASE_FOLLOW_UP_DAYS, reason case_follow_up, kind follow_up.
 */
#define SCHEDULE_CASE_FOLLOW_UP_DAYS 30
bool schedule_case_follow_up_due(const struct schedule_rules *r,
				 const struct schedule_child *c,
				 struct date since, struct schedule_item *out);

/* All four, in that order; returns how many (≤ SCHEDULE_ITEMS_MAX). */
int schedule_due_items(const struct schedule_rules *r,
		       const struct schedule_child *c, struct date today,
		       struct schedule_item out[SCHEDULE_ITEMS_MAX]);

/*
 * Compliance of one child over [from, to] (to ≤ today), from its visits
 * (any kind, ascending). An occurrence of the visit schedule is due on D:
 * the registration day first, then the interval after each visit. The
 * next recorded visit satisfies it; it was "done on time" when that visit
 * is on or before D. An occurrence counts as due in the period when D lies
 * in [from, to] and it is either satisfied or already late (D < today).
 */
struct schedule_tally {
	long due;     /* visit occurrences due in the period */
	long on_time; /* of them, done on or before their due day */
	bool overdue; /* the visit due now is late (due < today) */
	bool stale;   /* dossier not updated within the re-check interval */
};

void schedule_replay(const struct schedule_rules *r,
		     const struct schedule_child *c, const struct date *visits,
		     int nvisits, struct date from, struct date to,
		     struct date today, struct schedule_tally *out);

#endif
