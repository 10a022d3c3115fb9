/*
 * Cases and their timeline (migration 14). Plain rows; no owned memory.
 * Every read of a case takes the caller's scope (a division-code prefix)
 * and answers GA_ENOTFOUND outside it. The event note is sealed by the
 * service (bound to the event's id) before it is stored.
 */
#ifndef GA_STORE_CASE_REPO_H
#define GA_STORE_CASE_REPO_H

#include <stdint.h>

#include "store/db.h"

struct case_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	char stage[16];
	char stage_since[24];
	char urgency[16];
	char source[16];
	int64_t source_id;
	int64_t opened_by;
	char opened_at[24];
	char police_ack[16];
	char police_ack_at[24];
	char protection_ack_at[24];
	char safety[32];
	int64_t assessment_id;
	char assessment_outcome[24];
	int64_t plan_items;
	int64_t closure_requested_by;
	char closure_requested_at[24];
	char closure_reason[32];
	char closed_at[24];
	char updated_at[24];
	int64_t version;
};

struct case_event_row {
	int64_t id;
	int64_t case_id;
	char region[13];
	char at[24];
	int64_t actor;
	char actor_role[24];
	char kind[32];
	char from_stage[16];
	char to_stage[16];
	char detail[64];
	char note[4096]; /* sealed in the database */
	char ref_type[32];
	int64_t ref_id;
};

/* insert c (version 1); c->id gets the new id */
int store_case_insert(struct db *db, struct case_row *c);
/* the case `id` whose region is within scope_prefix */
int store_case_get(struct db *db, int64_t id, const char *scope_prefix,
		   struct case_row *out);
/* write every mutable column of c if its version is still `version`;
 * GA_ECONFLICT otherwise; the stored version becomes version + 1 */
int store_case_update(struct db *db, const struct case_row *c, int64_t version);

struct case_list_filter {
	const char *scope_prefix;
	const char *stage; /* "" or NULL: open ones (not closed); "all" */
	int64_t child_id;  /* 0: any */
	int64_t after_id;  /* paging: ids below this (newest first); 0 */
	int limit;
};
int store_case_list(struct db *db, const struct case_list_filter *f,
		    int (*fn)(const struct case_row *c, void *ctx), void *ctx);
/* counts of cases per stage within scope, into counts[stage index] by
 * name via fn */
int store_case_stage_counts(struct db *db, const char *scope_prefix,
			    int (*fn)(const char *stage, int64_t n, void *ctx),
			    void *ctx);

/* insert e with its note empty; e->id gets the new id */
int store_case_event_insert(struct db *db, struct case_event_row *e);
int store_case_event_seal(struct db *db, int64_t id, const char *sealed);
/* the events of a case, oldest first (notes still sealed) */
int store_case_events(struct db *db, int64_t case_id,
		      int (*fn)(const struct case_event_row *e, void *ctx),
		      void *ctx);

#endif
