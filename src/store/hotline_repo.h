/*
 * Hotline calls (migration 15) and the case deadline policy table. Plain
 * rows; no owned memory. callback, matter and callback_note are sealed by
 * the service (bound to the call's id). A call outside the caller's scope
 * prefix is GA_ENOTFOUND like an absent one.
 */
#ifndef GA_STORE_HOTLINE_REPO_H
#define GA_STORE_HOTLINE_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/deadline.h"
#include "store/db.h"

struct hotline_call_row {
	int64_t id;
	char region[13];
	char received_at[24];
	char caller_type[16];
	char callback[128]; /* sealed in the database */
	char matter[8192];  /* sealed in the database */
	int64_t child_id;   /* 0: not known */
	char class_[32];
	bool emergency;
	char status[16]; /* stored: open, dispatched, closed */
	int64_t report_id;
	int64_t case_id;
	char callback_at[24];
	int64_t callback_by;
	char callback_note[4096]; /* sealed in the database */
	char closed_at[24];
	int64_t created_by;
	char created_at[24];
	int64_t version;
};

/* insert with the sealed columns empty; c->id gets the new id */
int store_hotline_insert(struct db *db, struct hotline_call_row *c);
/* write every sealed and mutable column if the version is still c->version */
int store_hotline_update(struct db *db, const struct hotline_call_row *c);
int store_hotline_get(struct db *db, int64_t id, const char *scope_prefix,
		      struct hotline_call_row *out);
int store_hotline_list(struct db *db, const char *scope_prefix,
		       int64_t before_id, int limit,
		       int (*fn)(const struct hotline_call_row *c, void *ctx),
		       void *ctx);

/* ---- the deadline policy table ---- */
int store_deadline_rule_count(struct db *db, int64_t *n);
int store_deadline_rule_put(struct db *db, const struct deadline_rule *r,
			    int position);
/* all rules in their CSV order into out (at most max) */
int store_deadline_rules(struct db *db, struct deadline_rule *out, int max,
			 int *n);

#endif
