/*
 * The visit schedule's rules (POLICY.md A3.1, A3.4) and the in-app
 * notifications.
 *
 * Rules: the defaults come from data/visit_schedule.csv (loaded by
 * `guanai init` and at start-up when the table has none); a county or
 * city civil-affairs bureau (schedule.manage) overrides an interval or the
 * holiday window for its own scope only, audited, and removes its override
 * to fall back on the inherited rule.
 */
#ifndef GA_SERVICE_SCHEDULE_H
#define GA_SERVICE_SCHEDULE_H

#include "domain/schedule.h"
#include "service/auth_service.h"
#include "store/schedule_repo.h"

/* Load the defaults from data_dir/visit_schedule.csv unless present. */
int schedule_load_defaults(struct db *db, const char *data_dir, int *loaded,
			   struct ga_error *err);

/* One effective rule as the caller sees it. */
struct schedule_view {
	struct schedule_rule rule;     /* effective (rule.scope: from where) */
	struct schedule_rule fallback; /* what applies without own override */
	bool own;		       /* overridden at the caller's scope */
};

/* The effective rules for the caller's scope (out[SCHEDULE_RULES_MAX]). */
int schedule_rules_view(struct db *db, const struct principal *by,
			struct schedule_view *out, int *n);
/* Effective rules for a division prefix (loaded once per call). */
int schedule_rules_for(struct db *db, const char *region,
		       struct schedule_rules *out);

struct schedule_override {
	const char *key;
	int64_t interval_days;	  /* visit and re-check rules; 0 absent */
	const char *window_start; /* holiday rules: "MM-DD" */
	const char *window_end;
};

/* Set the caller's own override (GA_EINVAL with the field named). */
int schedule_override_set(struct db *db, const struct principal *by,
			  const struct request_meta *m,
			  const struct schedule_override *o,
			  struct ga_error *err);
/* Remove it; GA_ENOTFOUND when the caller has none for key. */
int schedule_override_delete(struct db *db, const struct principal *by,
			     const struct request_meta *m, const char *key,
			     struct ga_error *err);

/* ---- notifications (own only) ---- */

#define NOTIFICATIONS_LIST_MAX 200

int notifications_list(struct db *db, const struct principal *by,
		       int (*fn)(const struct notification_row *n, void *ctx),
		       void *ctx, int64_t *unread);
/* GA_ENOTFOUND unless it is the caller's own */
int notifications_read(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       struct ga_error *err);

#endif
