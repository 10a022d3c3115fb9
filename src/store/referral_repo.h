/*
 * Referrals between departments (referral table, migration 16). A row
 * belongs to the child's village (region); every read and change of state
 * takes a scope and filters by it in SQL. note, outcome and reason hold
 * what the service sealed (crypto/secret.h). Plain values; no owned memory.
 */
#ifndef GA_STORE_REFERRAL_REPO_H
#define GA_STORE_REFERRAL_REPO_H

#include <stdint.h>

#include "domain/child_record.h"
#include "store/db.h"

#define REFERRAL_NOTE_MAX    1000
#define REFERRAL_OUTCOME_MAX 1000
#define REFERRAL_REASON_MAX  500

struct referral_row {
	int64_t id;
	int64_t child_id;
	char region[13];   /* the child's village */
	int64_t case_id;   /* 0: none */
	char source[12];   /* case, visit, dossier, hotline, notice, auto */
	int64_t source_id; /* 0: none */
	char to_dept[16];  /* the receiving role */
	char type[32];
	char note[SEALED(REFERRAL_NOTE_MAX)]; /* [id] */
	char due_date[11];
	char status[12]; /* sent, accepted, done, declined */
	char outcome[SEALED(REFERRAL_OUTCOME_MAX)]; /* [id] of done */
	char reason[SEALED(REFERRAL_REASON_MAX)];   /* [id] of declined */
	int64_t created_by;
	char created_at[24];
	int64_t answered_by; /* 0 until answered */
	char answered_at[24];
	char escalated_on[11]; /* "" until daily notified it overdue */
	int64_t version;
};

/* insert as given (status sent, version 1, note unsealed ""); sets r->id */
int store_referral_insert(struct db *db, struct referral_row *r);
/*
 * The same for an automatic referral (source auto): inserted only when the
 * child has none of that type yet; *added 1 or 0 (r->id set when 1).
 */
int store_referral_insert_auto(struct db *db, struct referral_row *r,
			       int *added);
/* write the sealed note of row id */
int store_referral_seal_note(struct db *db, int64_t id, const char *note);
/* by id within scope; GA_ENOTFOUND when absent or outside it */
int store_referral_get(struct db *db, const char *scope_prefix, int64_t id,
		       struct referral_row *out);
/*
 * from → to at version (the answer, sealed outcome and reason), within
 * scope; the version goes up by one. GA_ECONFLICT when the referral is
 * no longer at that state and version.
 */
int store_referral_answer(struct db *db, const char *scope_prefix,
			  const struct referral_row *r, const char *from);

struct referral_filter {
	const char *scope_prefix; /* required */
	const char *to_dept;	  /* NULL: any */
	const char *status;	  /* NULL: any */
	const char *overdue_on;	  /* a day: open and due before it; NULL */
	int64_t child_id;	  /* 0: any */
	int64_t case_id;	  /* 0: any */
	const char *source;	  /* NULL: any */
	int64_t source_id;	  /* 0: any */
	int64_t before_id;	  /* paging: ids below it; 0: from the top */
	int limit;
};
/* newest first */
int store_referral_list(struct db *db, const struct referral_filter *f,
			int (*fn)(const struct referral_row *r, void *ctx),
			void *ctx);

/* counts by department and status within scope; overdue as of `today` */
int store_referral_board(struct db *db, const char *scope_prefix,
			 const char *today,
			 int (*fn)(const char *dept, const char *status,
				   int64_t count, int64_t overdue, void *ctx),
			 void *ctx);

/* open referrals due before today never escalated, ids above after_id */
int store_referral_overdue(struct db *db, const char *today, int64_t after_id,
			   int limit,
			   int (*fn)(const struct referral_row *r, void *ctx),
			   void *ctx);
int store_referral_mark_escalated(struct db *db, int64_t id, const char *day);

/* live children without household registration (the daily backfill) */
int store_referral_no_hukou_children(struct db *db, int64_t after_id, int limit,
				     int64_t *ids, int *n);

/* live children with a parent missing since police_accepted (plain) */
int store_referral_missing_parents(struct db *db,
				   int (*fn)(int64_t child_id,
					     const char *region,
					     const char *police_accepted,
					     void *ctx),
				   void *ctx);

/*
 * Children of scope with a justice notice (notification justice_notice,
 * service/notice_service.h) and no visit on or after the notice's day:
 * fn gets the child and that day.
 */
int store_referral_justice_unvisited(
    struct db *db, const char *scope_prefix,
    int (*fn)(int64_t child_id, const char *notice_day, void *ctx), void *ctx);

/* a transfer: the child's referrals follow it to region (store_child_move) */
int store_referral_move(struct db *db, int64_t child_id, const char *region);

/* referrals sent from one source (e.g. a hotline call): how many, and how
 * many the receiving department answered (accepted, done or declined) */
int store_referral_source_counts(struct db *db, const char *source,
				 int64_t source_id, int64_t *total,
				 int64_t *answered);

#endif
