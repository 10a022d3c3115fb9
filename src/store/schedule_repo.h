/*
 * The schedule rules (schedule_rule), the children the worklist reads and
 * the in-app notifications. Plain values; no owned memory. Child names
 * stay sealed here (the service opens them).
 */
#ifndef GA_STORE_SCHEDULE_REPO_H
#define GA_STORE_SCHEDULE_REPO_H

#include <stdint.h>

#include "domain/child_record.h"
#include "domain/schedule.h"
#include "store/db.h"

/* ---- rules ---- */

/*
 * The rows that matter for division prefix `region`: the defaults, the
 * overrides of its ancestors and of the divisions inside it; at most max
 * (GA_ETOOBIG beyond).
 */
int store_schedule_rules(struct db *db, const char *region,
			 struct schedule_rule *out, int max, int *n);
/* how many default rows (scope '') there are */
int store_schedule_default_count(struct db *db, int64_t *n);
/* insert or replace the row (r->scope, r->key) */
int store_schedule_put(struct db *db, const struct schedule_rule *r, int64_t by,
		       const char *at);
/* remove the override (scope, key); GA_ENOTFOUND when there is none */
int store_schedule_delete(struct db *db, const char *scope, const char *key);

/* ---- children the schedule reads ---- */

struct schedule_child_row {
	int64_t id;
	char region[13];
	char name[SEALED(CHILD_NAME_MAX)]; /* sealed */
	char birth_date[11];
	char categories[160]; /* ids, space-separated */
	char key_flags[160];
	char guardianship_level[24];
	char created_at[24];
	char updated_at[24];
	char last_visit[11];   /* "" when never visited */
	char last_holiday[11]; /* last visit of kind holiday */
};

/* live children within prefix, by region then id; fn may stop with != 0 */
int store_schedule_children(struct db *db, const char *prefix,
			    int (*fn)(const struct schedule_child_row *r,
				      void *ctx),
			    void *ctx);
/*
 * The same children each with its visit dates (any kind, ascending):
 * fn is called once per visit row, and once with visit "" for a child
 * without visits; rows come ordered by child id.
 */
int store_schedule_visits(struct db *db, const char *prefix,
			  int (*fn)(const struct schedule_child_row *r,
				    const char *visit_date, void *ctx),
			  void *ctx);
/* villages with live children, after `after` in code order */
int store_schedule_villages(struct db *db, const char *after, int limit,
			    char (*out)[13], int *n);

/* ---- notifications ---- */

struct notification_row {
	int64_t id;
	int64_t account_id;
	char kind[32];
	int64_t child_id; /* 0: none */
	char region[13];
	char due_date[11];
	int64_t count;
	char created_at[24];
	char read_at[24]; /* "" while unread */
};

/* insert unless (account, kind, child, due) exists; *added 1 or 0 */
int store_notification_add(struct db *db, const struct notification_row *n,
			   int *added);
/* the account's own, unread first then newest, at most limit */
int store_notification_list(struct db *db, int64_t account_id, int limit,
			    int (*fn)(const struct notification_row *n,
				      void *ctx),
			    void *ctx);
int store_notification_unread(struct db *db, int64_t account_id, int64_t *n);
/* mark read (keeps the first read time); GA_ENOTFOUND unless own */
int store_notification_read(struct db *db, int64_t account_id, int64_t id,
			    const char *at);
/* enabled accounts of role whose scope is exactly `scope` */
int store_accounts_at(struct db *db, const char *role, const char *scope,
		      int64_t *ids, int max, int *n);

#endif
