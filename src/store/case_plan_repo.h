/*
 * The assistance plans and conferences of cases (migration 18). Plain
 * rows; no owned memory. Sealed columns hold what the service sealed
 * (bound to table, column and row id), so an insert leaves them empty and
 * the service seals them with the new id. Reads take the caller's scope
 * (a division-code prefix) and answer GA_ENOTFOUND outside it.
 */
#ifndef GA_STORE_CASE_PLAN_REPO_H
#define GA_STORE_CASE_PLAN_REPO_H

#include <stdint.h>

#include "domain/case_plan.h"
#include "domain/child_record.h"
#include "store/db.h"

struct case_plan_row {
	int64_t id;
	int64_t case_id;
	char region[13];
	char kind[32];
	char description[SEALED(PLAN_TEXT_MAX)]; /* sealed */
	char unit_role[24];
	char unit_name[PLAN_UNIT_MAX + 1];
	char due_date[11];
	char status[16];
	char outcome[SEALED(PLAN_TEXT_MAX)]; /* sealed */
	char done_date[11];
	char cancel_reason[SEALED(PLAN_TEXT_MAX)]; /* sealed */
	int64_t conference_id;
	int64_t created_by;
	char created_at[24];
	char updated_at[24];
	int64_t version;
};

/* insert p (version 1) with its sealed columns empty; p->id gets the id */
int store_plan_insert(struct db *db, struct case_plan_row *p);
/* set one sealed column ("description", "outcome", "cancel_reason") */
int store_plan_seal(struct db *db, int64_t id, const char *column,
		    const char *sealed);
/* write due_date, status, outcome, done_date, cancel_reason and
 * updated_at if the version is still `version`; GA_ECONFLICT otherwise */
int store_plan_update(struct db *db, const struct case_plan_row *p,
		      int64_t version);
/* the item `id` whose region is within scope_prefix */
int store_plan_get(struct db *db, int64_t id, const char *scope_prefix,
		   struct case_plan_row *out);
/* a case's items, oldest first */
int store_plan_list(struct db *db, int64_t case_id,
		    int (*fn)(const struct case_plan_row *p, void *ctx),
		    void *ctx);
/* how many of a case's items are not cancelled */
int store_plan_live_count(struct db *db, int64_t case_id, int64_t *n);

#define CONF_PARTICIPANTS_SEALED SEALED(CONF_PARTICIPANTS_MAX * 400)

struct case_conference_row {
	int64_t id;
	int64_t case_id;
	char region[13];
	char held_on[11];
	char participants[CONF_PARTICIPANTS_SEALED]; /* sealed JSON */
	char minutes[SEALED(CONF_MINUTES_MAX)];	     /* sealed */
	int64_t decisions;
	int64_t created_by;
	char created_at[24];
};

/* insert c with participants and minutes empty; c->id gets the id */
int store_conference_insert(struct db *db, struct case_conference_row *c);
/* set the sealed participants and minutes */
int store_conference_seal(struct db *db, int64_t id, const char *participants,
			  const char *minutes);
/* a case's conferences, oldest first (fn gets a row it may not keep) */
int store_conference_list(struct db *db, int64_t case_id,
			  int (*fn)(const struct case_conference_row *c,
				    void *ctx),
			  void *ctx);

/* the cases in `stage` within scope, by child: their child and since
 * when */
int store_cases_in_stage(struct db *db, const char *scope_prefix,
			 const char *stage,
			 int (*fn)(int64_t case_id, int64_t child_id,
				   const char *since, void *ctx),
			 void *ctx);

#endif
