/*
 * The assistance plan (帮扶计划) and conferences (个案会商) of a case,
 * issue 6. A plan item is a measure (domain/case_plan.h) with its
 * responsible unit (a department role or a unit's name), due date and
 * status (open → done with outcome | cancelled with reason). A conference
 * records who took part, the minutes and its decisions; each decision
 * becomes a plan item in the same transaction.
 *
 * Who: case.write roles of the case team within scope, in the assessment,
 * assistance and follow-up stages (case_action_check CASE_ACT_PLAN); reads
 * with case.read. Every change keeps the case's plan_items counter (items
 * not cancelled, which gates assistance → follow_up), adds a timeline
 * event and an audit entry in one transaction. Descriptions, outcomes,
 * reasons, participants and minutes are sealed; notes on due-date changes
 * go to the timeline (sealed there).
 */
#ifndef GA_SERVICE_CASE_PLAN_H
#define GA_SERVICE_CASE_PLAN_H

#include "service/case_service.h"
#include "store/case_plan_repo.h"

struct plan_item_input {
	const char *kind;
	const char *description;
	const char *unit_role; /* a role name (police, education, …) or NULL */
	const char *unit_name; /* or a unit's name; one of the two is needed */
	const char *due_date;  /* YYYY-MM-DD, today … two years ahead */
};

/* an item with its sealed texts opened */
struct plan_item_view {
	struct case_plan_row row;
	bool overdue; /* open and past its due date today */
};

int case_plan_add(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t case_id,
		  const struct plan_item_input *in, struct plan_item_view *out,
		  struct ga_error *err);

/* the plan of a case within scope, oldest first; the read is audited */
int case_plan_list(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t case_id,
		   int (*fn)(const struct plan_item_view *v, void *ctx),
		   void *ctx, struct ga_error *err);

struct plan_change_input {
	const char *status;   /* done | cancelled | NULL (no status change) */
	const char *outcome;  /* done: what was achieved (required) */
	const char *reason;   /* cancelled: why (required) */
	const char *due_date; /* a new due date (with a note) or NULL */
	const char *note;     /* why the due date moves */
	int64_t version;      /* the item's; 0 skips the check */
};
int case_plan_change(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t item_id,
		     const struct plan_change_input *in,
		     struct plan_item_view *out, struct ga_error *err);

struct conference_participant {
	const char *unit; /* a role name or a unit's name */
	const char *name; /* the person (sealed) */
};

struct conference_input {
	const char *held_on; /* YYYY-MM-DD, not after today */
	const struct conference_participant *participants;
	int nparticipants;
	const char *minutes;
	const struct plan_item_input *decisions;
	int ndecisions;
};

/* *conference_id gets the new conference's id */
int case_conference_add(struct db *db, const struct principal *by,
			const struct request_meta *m, int64_t case_id,
			const struct conference_input *in,
			int64_t *conference_id, struct ga_error *err);

/* a conference opened: participants as parallel arrays of borrowed
 * strings (valid during the callback) */
struct conference_view {
	const struct case_conference_row *row; /* sealed columns opened */
	const char *units[CONF_PARTICIPANTS_MAX];
	const char *names[CONF_PARTICIPANTS_MAX];
	int nparticipants;
};

int case_conference_list(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t case_id,
			 int (*fn)(const struct conference_view *v, void *ctx),
			 void *ctx, struct ga_error *err);

#endif
