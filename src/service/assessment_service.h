/*
 * Guardianship assessments (监护评估, POLICY.md P3.2; issue 6 stage 3): a
 * scored form (domain/assessment.h) about one child, recorded by the
 * protection institution or county civil affairs within their county,
 * read by the case team. An assessment is a record of what was found on a
 * day: it is never edited; a new one is made. The narrative and the
 * child's stated preference are sealed at rest. case_id is optional: it
 * must name an open case of the same child within scope, and the
 * assessment becomes that case's (case_set_assessment_in_tx), so the case
 * may leave its assessment stage.
 */
#ifndef GA_SERVICE_ASSESSMENT_H
#define GA_SERVICE_ASSESSMENT_H

#include <stdbool.h>

#include "domain/assessment.h"
#include "service/auth_service.h"
#include "store/placement_repo.h"

#define ASSESS_ITEMS_MAX 32

/* What the form sends; strings borrowed, optional ones NULL. */
struct assessment_input {
	const char *assessed_on;      /* YYYY-MM-DD, not in the future */
	const char *purpose;	      /* case, return_home, periodic */
	int scores[ASSESS_ITEMS_MAX]; /* by item index (assess_items) */
	bool answered[ASSESS_ITEMS_MAX];
	const char *narrative;	      /* optional, sealed */
	const char *child_preference; /* optional, sealed: "prefers …" */
	int64_t case_id;	      /* 0: none */
};

/* An assessment as readers get it: opened, scores parsed. */
struct assessment_view {
	struct assessment_row row;
	int scores[ASSESS_ITEMS_MAX];
	int max_total;
};

int assessments_create(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t child_id,
		       const struct assessment_input *in,
		       struct assessment_view *out, struct ga_error *err);
/* the same inside the caller's transaction (a case step that assesses) */
int assessments_create_in_tx(struct db *db, const struct principal *by,
			     const struct request_meta *m, int64_t child_id,
			     const struct assessment_input *in,
			     struct assessment_view *out, struct ga_error *err);
int assessments_get(struct db *db, const struct principal *by, int64_t id,
		    struct assessment_view *out, struct ga_error *err);
/* a child's assessments within scope, newest first (404: child absent) */
int assessments_list_child(struct db *db, const struct principal *by,
			   int64_t child_id,
			   int (*fn)(const struct assessment_view *v,
				     void *ctx),
			   void *ctx, struct ga_error *err);
/* a case's assessments within scope, newest first (for the case page) */
int assessments_list_case(struct db *db, const struct principal *by,
			  int64_t case_id,
			  int (*fn)(const struct assessment_view *v, void *ctx),
			  void *ctx);

#endif
