/*
 * Case deadlines (issue 6): the policy table (data/case_deadlines.csv,
 * loaded into case_deadline_rule when that is empty, like the visit
 * schedule), a case's deadlines computed from its row and timeline
 * (domain/deadline.c), the county's case board, and the daily escalation
 * of overdue deadlines: a timeline event `escalated` once per deadline and
 * a notification (kind case_overdue, no personal data) to the county_civil
 * accounts of the child's county.
 */
#ifndef GA_SERVICE_DEADLINE_H
#define GA_SERVICE_DEADLINE_H

#include <stdint.h>

#include "domain/deadline.h"
#include "service/auth_service.h"
#include "store/case_repo.h"

#define CASE_DEADLINES_MAX 16
#define BOARD_OVERDUE_MAX  200

/* Load the rules from data_dir/case_deadlines.csv unless present. */
int deadline_load_defaults(struct db *db, const char *data_dir, int *loaded,
			   struct ga_error *err);

/* The deadlines of case c at now (the rules read from the database);
 * *n how many. Rules live as long as the call's thread (static). */
int case_deadlines(struct db *db, const struct case_row *c, int64_t now,
		   struct deadline *out, int max, int *n);

struct board_item {
	int64_t case_id;
	int64_t child_id;
	char region[13];
	char stage[16];
	char urgency[16];
	const char *key;
	int64_t due;
};

struct case_board {
	int64_t count[CASE_STAGE_COUNT];
	int64_t overdue[CASE_STAGE_COUNT]; /* cases with an overdue deadline */
	struct board_item items[BOARD_OVERDUE_MAX];
	int nitems;
};

/* counts per stage and overdue cases within by's scope at now */
int case_board_get(struct db *db, const struct principal *by, int64_t now,
		   struct case_board *out);

struct escalate_stats {
	long cases;	/* open cases looked at */
	long escalated; /* deadlines escalated now */
	long notified;	/* notifications added */
};
/* guanai daily: escalate every overdue deadline not yet escalated */
int deadline_escalate(struct db *db, int64_t now, struct escalate_stats *st);

#endif
