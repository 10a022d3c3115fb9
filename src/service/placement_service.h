/*
 * Placements: the guardianship intervention branch (issue 6; POLICY.md
 * P1.1, P1.2, A1.1). A placement is one arrangement for a child — temporary
 * guardianship (Art. 92 reasons, and where the child lives), entrusted
 * upbringing by a welfare institution under an agreement, support for a
 * court application to revoke guardianship, long-term guardianship by
 * civil affairs (Art. 94 reasons) — with its start and, once ended, its
 * end date and reason. In a regional welfare institution it names the
 * sending county (household registration, medical insurance, fees, adult
 * settlement) and the receiving one (daily care, schooling, rehabilitation).
 *
 * Rules: at most one active temporary guardianship per child (409);
 * ending by return home needs an assessment of the child dated within the
 * placement that found the guardian able (Art. 93; 409 otherwise); a full
 * institution is 409 unless the caller accepts going over capacity (an
 * emergency cannot wait for a bed), which is then recorded on the
 * placement. The relatives' or foster family's details (carer) and the
 * note are sealed. Every write is one transaction with its audit entry.
 */
#ifndef GA_SERVICE_PLACEMENT_H
#define GA_SERVICE_PLACEMENT_H

#include <stdbool.h>

#include "domain/placement.h"
#include "service/auth_service.h"
#include "store/institution_repo.h"
#include "store/placement_repo.h"

#define PLACEMENT_REASONS_MAX 7

/* What POST sends; strings borrowed, optional ones NULL. */
struct placement_input {
	const char *kind;
	const char *const *reasons; /* Art. 92 / 94 codes */
	size_t nreasons;
	const char *setting;	/* temporary: institution, relatives, foster */
	int64_t institution_id; /* 0: none */
	const char *agreement_no, *agreement_start, *agreement_end;
	const char *court, *court_filed_on, *court_status;
	const char *sending_county, *receiving_county; /* regional welfare */
	const char *carer, *note;		       /* sealed */
	const char *start_date;
	int64_t case_id;	   /* 0: none */
	bool accept_over_capacity; /* place even when the institution is full */
};

struct placement_end_input {
	const char *end_date;
	const char *reason;    /* returned_home, transferred, … */
	int64_t assessment_id; /* returned_home: the assessment */
	int64_t version;
};

/* A placement as readers get it: opened, with its institution's name. */
struct placement_view {
	struct placement_row row;
	char institution_name[INSTITUTION_NAME_MAX + 1];
	char institution_kind[24];
};

int placements_create(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t child_id,
		      const struct placement_input *in,
		      struct placement_view *out, struct ga_error *err);
/* the same inside the caller's transaction (a case step that places) */
int placements_create_in_tx(struct db *db, const struct principal *by,
			    const struct request_meta *m, int64_t child_id,
			    const struct placement_input *in,
			    struct placement_view *out, struct ga_error *err);
int placements_get(struct db *db, const struct principal *by, int64_t id,
		   struct placement_view *out, struct ga_error *err);
int placements_end(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id,
		   const struct placement_end_input *in,
		   struct placement_view *out, struct ga_error *err);
/* a child's placements, newest first (404: child absent or out of scope) */
int placements_list_child(struct db *db, const struct principal *by,
			  int64_t child_id,
			  int (*fn)(const struct placement_view *v, void *ctx),
			  void *ctx, struct ga_error *err);
/* a case's placements within scope, newest first (for the case page) */
int placements_list_case(struct db *db, const struct principal *by,
			 int64_t case_id,
			 int (*fn)(const struct placement_view *v, void *ctx),
			 void *ctx);

#endif
