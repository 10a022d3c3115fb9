/*
 * Placements (placement) and guardianship assessments
 * (guardianship_assessment) of a child: the guardianship intervention
 * branch (issue 6). Rows carry the child's village as `region` and every
 * read filters by the caller's scope on it; sealed columns hold what the
 * service sealed. case_id 0 means none (stored NULL). Plain values.
 */
#ifndef GA_STORE_PLACEMENT_REPO_H
#define GA_STORE_PLACEMENT_REPO_H

#include <stdint.h>

#include "domain/child_record.h"
#include "store/db.h"

#define PLACEMENT_REASONS_TEXT_MAX 200
#define PLACEMENT_CARER_MAX	   200
#define PLACEMENT_NOTE_MAX	   2000
#define PLACEMENT_SHORT_MAX	   64
#define PLACEMENT_COURT_MAX	   128
#define ASSESSMENT_ANSWERS_MAX	   600
#define ASSESSMENT_NARRATIVE_MAX   4000
#define ASSESSMENT_PREFERENCE_MAX  500

struct placement_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	int64_t case_id; /* 0: none */
	char kind[32];
	char reasons[PLACEMENT_REASONS_TEXT_MAX + 1]; /* space-separated */
	char setting[16];
	int64_t institution_id; /* 0: none */
	char agreement_no[PLACEMENT_SHORT_MAX + 1];
	char agreement_start[11], agreement_end[11];
	char court[PLACEMENT_COURT_MAX + 1];
	char court_filed_on[11];
	char court_status[16];
	char sending_county[13], receiving_county[13];
	char carer[SEALED(PLACEMENT_CARER_MAX)]; /* [id] */
	char note[SEALED(PLACEMENT_NOTE_MAX)];	 /* [id] */
	char start_date[11], end_date[11];
	char status[8]; /* active, ended */
	char end_reason[16];
	int64_t end_assessment_id; /* 0: none */
	bool over_capacity;
	int64_t created_by, updated_by;
	char created_at[24], updated_at[24];
	int64_t version;
};

struct assessment_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	int64_t case_id; /* 0: none */
	int64_t assessor;
	char assessed_on[11];
	char purpose[16];
	char answers[ASSESSMENT_ANSWERS_MAX + 1];
	int64_t total;
	char outcome[16];
	int64_t red_flags;
	char narrative[SEALED(ASSESSMENT_NARRATIVE_MAX)];	  /* [id] */
	char child_preference[SEALED(ASSESSMENT_PREFERENCE_MAX)]; /* [id] */
	char created_at[24];
};

/*
 * Insert (sealed columns as given, may be ""); sets r->id, version 1.
 * GA_ECONFLICT when the child has an active temporary guardianship
 * already and r is another.
 */
int store_placement_insert(struct db *db, struct placement_row *r);
/* the sealed columns of row r->id (sealing needs the id first) */
int store_placement_seal(struct db *db, const struct placement_row *r);
int store_placement_get(struct db *db, const char *scope_prefix, int64_t id,
			struct placement_row *out);
/*
 * End r->id within scope when still active at `version`: end_date,
 * end_reason, end_assessment_id, updated_*; GA_ECONFLICT when it changed
 * meanwhile, GA_ENOTFOUND when absent.
 */
int store_placement_end(struct db *db, const char *scope_prefix,
			const struct placement_row *r, int64_t version);
/* a child's placements within scope (child_id) or a case's (case_id), newest
 * first */
int store_placement_list(struct db *db, const char *scope_prefix,
			 int64_t child_id, int64_t case_id,
			 int (*fn)(const struct placement_row *r, void *ctx),
			 void *ctx);
/* whether child_id has an active temporary guardianship */
int store_placement_active_temporary(struct db *db, int64_t child_id,
				     bool *yes);
/* active placements at institution_id */
int store_placement_count_at(struct db *db, int64_t institution_id,
			     int64_t *count);

/* insert (sealed columns as given); sets r->id */
int store_assessment_insert(struct db *db, struct assessment_row *r);
int store_assessment_seal(struct db *db, const struct assessment_row *r);
int store_assessment_get(struct db *db, const char *scope_prefix, int64_t id,
			 struct assessment_row *out);
/* a child's (child_id) or a case's (case_id) within scope, newest first */
int store_assessment_list(struct db *db, const char *scope_prefix,
			  int64_t child_id, int64_t case_id,
			  int (*fn)(const struct assessment_row *r, void *ctx),
			  void *ctx);

#endif
