/*
 * Mandatory reports and their attachments (migration 15). Plain rows; no
 * owned memory. place and narrative are sealed by the service (bound to
 * the report's id) before they are stored. Reads take a filter: the
 * region prefix of the case team, or the organisation (or the account)
 * of a reporter; a report outside it is GA_ENOTFOUND like an absent one.
 */
#ifndef GA_STORE_REPORT_REPO_H
#define GA_STORE_REPORT_REPO_H

#include <stdint.h>

#include "store/db.h"

struct report_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	int64_t case_id;
	char situation[32];
	char discovered_at[24];
	char place[512];      /* sealed in the database */
	char narrative[8192]; /* sealed in the database */
	char urgency[16];
	char source[16];
	int64_t reporter_id;
	char reporter_role[24];
	char reporter_org[128];
	int64_t visit_id;
	int64_t call_id;
	char feedback_at[24];
	char created_at[24];
	/* from the case, read only */
	char case_stage[16];
	char police_ack[16];
	char police_ack_at[24];
	char protection_ack_at[24];
	char stage_since[24];
	char closed_at[24];
};

/* who may see a report: all fields that are set must match */
struct report_filter {
	const char *scope_prefix; /* region prefix; "" all */
	const char *org;	  /* reporter_org (with role reporter); NULL */
	int64_t reporter_id;	  /* 0: any */
};

/* insert r with place and narrative empty; r->id gets the new id */
int store_report_insert(struct db *db, struct report_row *r);
int store_report_seal(struct db *db, int64_t id, const char *place,
		      const char *narrative);
int store_report_set_case(struct db *db, int64_t id, int64_t case_id);
int store_report_set_feedback(struct db *db, int64_t id, const char *at);
int store_report_get(struct db *db, int64_t id, const struct report_filter *f,
		     struct report_row *out);
/* the report that opened case_id; GA_ENOTFOUND when none */
int store_report_of_case(struct db *db, int64_t case_id,
			 struct report_row *out);
/* newest first, ids below before_id (0: from the newest), at most limit */
int store_report_list(struct db *db, const struct report_filter *f,
		      int64_t before_id, int limit,
		      int (*fn)(const struct report_row *r, void *ctx),
		      void *ctx);

struct report_attachment_row {
	int64_t id;
	int64_t report_id;
	char region[13];
	char mime[32];
	int64_t size;
	int64_t created_by;
	char created_at[24];
};
int store_report_attachment_insert(struct db *db,
				   struct report_attachment_row *a);
int store_report_attachment_seal(struct db *db, int64_t id, const char *data);
int store_report_attachment_count(struct db *db, int64_t report_id, int64_t *n);
int store_report_attachments(struct db *db, int64_t report_id,
			     int (*fn)(const struct report_attachment_row *a,
				       void *ctx),
			     void *ctx);
/* the attachment with its sealed data (*data: malloc'd, the caller frees) */
int store_report_attachment_get(struct db *db, int64_t report_id, int64_t id,
				struct report_attachment_row *out, char **data);

#endif
