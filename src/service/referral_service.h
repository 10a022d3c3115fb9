/*
 * Referrals between departments (服务转介, issue 6; POLICY.md P5.3a): a
 * case, a visit, a dossier or a hotline call refers a child to a
 * department (domain/referral.h), which answers in its inbox.
 *
 * Who reads what:
 *  - senders who keep or act on the registry (director, supervisor,
 *    protection, county_civil) and city_civil read every referral of the
 *    children in their scope, with the child's name;
 *  - the hotline, which reads no dossiers, reads only the referrals made
 *    through its own door (source hotline), the child's name masked;
 *  - a receiving department (education, police, justice, hrss, disability,
 *    women_fed, social_org) reads only referrals to its own role within its
 *    scope (its inbox): the referral, the note and the child's masked name
 *    and village, never the dossier itself. Any other referral answers 404,
 *    as if absent.
 * Only the receiving role in the child's county answers (403 for another
 * department, 404 outside scope, 409 out of order or at a stale version).
 *
 * Each write is one transaction with its audit entry; the note, outcome and
 * reason are sealed, bound to the row (crypto/secret.h).
 */
#ifndef GA_SERVICE_REFERRAL_H
#define GA_SERVICE_REFERRAL_H

#include "domain/child_record.h"
#include "domain/date.h"
#include "service/auth_service.h"
#include "store/referral_repo.h"

#define REFERRAL_PAGE_MAX 200

/* What a sender gives; strings borrowed; optional ones NULL or 0. */
struct referral_input {
	int64_t child_id;
	int64_t case_id;      /* 0: none */
	const char *to;	      /* the receiving role */
	const char *type;     /* a type of that department */
	const char *due_date; /* NULL: the type's default from today */
	const char *note;
	const char *source; /* NULL: dossier */
	int64_t source_id;  /* 0: none */
};

/* A referral as a reader is shown it: opened, with the child's name. */
struct referral_view {
	struct referral_row row;
	char child_name[CHILD_NAME_MAX + 1]; /* masked for departments */
	bool overdue;
};

/*
 * Refer a child in the caller's scope: GA_EINVAL (field named) for a bad
 * department, type, source, date or note, GA_ENOTFOUND for a child outside
 * scope, GA_ECONFLICT for an archived dossier. *id gets the new id.
 */
int referral_service_create(struct db *db, const struct principal *by,
			    const struct request_meta *m,
			    const struct referral_input *in, int64_t *id,
			    struct ga_error *err);
/* The same inside the caller's transaction (a hotline call dispatching
 * several parts at once writes all or none). */
int referral_service_create_in_tx(struct db *db, const struct principal *by,
				  const struct request_meta *m,
				  const struct referral_input *in, int64_t *id,
				  struct ga_error *err);

/*
 * A referral's case (src/service/referral_case.c): it must be found within
 * the caller's scope (GA_ENOTFOUND otherwise) and be child_id's case
 * (GA_EINVAL; child_id 0 skips that check).
 */
int referral_case_link_check(struct db *db, const struct principal *by,
			     int64_t child_id, int64_t case_id,
			     struct ga_error *err);
/* The case's timeline records the referral (kind "referral" or
 * "referral_answered"; detail the department, or the answer), inside the
 * caller's transaction. */
struct referral_row;
int referral_case_event_in_tx(struct db *db, const struct principal *by,
			      const struct referral_row *r, const char *kind);

int referral_service_get(struct db *db, const struct principal *by, int64_t id,
			 struct date today, struct referral_view *out,
			 struct ga_error *err);

struct referral_query {
	bool inbox;	    /* to the caller's own department */
	const char *status; /* NULL: any */
	bool overdue;
	int64_t child_id, case_id; /* 0: any */
	const char *source;	   /* NULL: any */
	int64_t source_id;	   /* 0: any */
	int64_t before_id;	   /* paging; 0: newest */
	int limit;		   /* 1..REFERRAL_PAGE_MAX */
};
/* Newest first; a receiving department always gets its inbox. */
int referral_service_list(struct db *db, const struct principal *by,
			  const struct referral_query *q, struct date today,
			  int (*fn)(const struct referral_view *v, void *ctx),
			  void *ctx, struct ga_error *err);
/* A case's referrals, and a source's (e.g. "hotline", the call id), with
 * their statuses: has every dispatched part answered? */
int referral_service_by_case(struct db *db, const struct principal *by,
			     int64_t case_id, struct date today,
			     int (*fn)(const struct referral_view *v,
				       void *ctx),
			     void *ctx, struct ga_error *err);
int referral_service_by_source(struct db *db, const struct principal *by,
			       const char *source, int64_t source_id,
			       struct date today,
			       int (*fn)(const struct referral_view *v,
					 void *ctx),
			       void *ctx, struct ga_error *err);

/*
 * The receiving department's answer: accepted, done (with outcome) or
 * declined (with reason), at the referral's current version.
 */
int referral_service_answer(struct db *db, const struct principal *by,
			    const struct request_meta *m, int64_t id,
			    const char *answer, const char *text,
			    int64_t version, struct date today,
			    struct referral_view *out, struct ga_error *err);

/* Counts by department and status within the caller's scope. */
int referral_service_board(struct db *db, const struct principal *by,
			   struct date today,
			   int (*fn)(const char *dept, const char *status,
				     int64_t count, int64_t overdue, void *ctx),
			   void *ctx);

/*
 * A child without household registration is referred to the police
 * (household_registration, source auto) once: called by the child service
 * on every create and update of such a dossier (plain record, id set),
 * inside its transaction, and by `guanai daily`. by may be NULL (daily).
 * *added 1 when a referral was made now.
 */
int referral_auto_hukou_in_tx(struct db *db, const struct principal *by,
			      const struct request_meta *m,
			      const struct child_record *rec, struct date today,
			      int *added);

/* "张**": the first character of a name, the rest masked */
void referral_mask_name(const char *name, char *out, size_t size);

#endif
