/*
 * Cases (个案, issue 6): open one, acknowledge it, move it through its
 * stages, write notes, read it with its timeline. The stage machine is
 * src/domain/case.c; this module loads the facts, checks the caller's
 * scope, writes the change, its timeline event and its audit entry in one
 * transaction.
 *
 * Who: case.read (protection, police, county and city civil affairs)
 * reads the cases of children within scope; case.write (protection,
 * police, county civil affairs) acknowledges, moves and annotates them.
 * Out-of-scope cases are GA_ENOTFOUND like absent ones. Timeline notes are
 * sealed, bound to their event; reading a case is audited.
 *
 * Other modules (reports, hotline, assessments, plans, placements,
 * referrals) attach to a case through case_open_in_tx, case_lock_in_tx +
 * case_save_in_tx and case_event_add_in_tx, inside their own transaction.
 */
#ifndef GA_SERVICE_CASE_H
#define GA_SERVICE_CASE_H

#include "domain/case.h"
#include "service/auth_service.h"
#include "store/case_repo.h"

#define CASE_PAGE_MAX 100

struct case_open_input {
	int64_t child_id;
	const char *source;  /* report, hotline, visit, dossier */
	int64_t source_id;   /* the report's, call's or visit's id; 0 */
	const char *urgency; /* immediate, urgent, normal */
	const char *note;    /* optional: why it was opened */
};

/*
 * Open a case on child_id (which must exist; the caller has checked it is
 * in scope or is creating it) in stage received, with its "opened" event
 * and audit entry, inside the caller's transaction.
 */
int case_open_in_tx(struct db *db, const struct principal *by,
		    const struct request_meta *m,
		    const struct case_open_input *in, int64_t *case_id,
		    struct ga_error *err);

/*
 * Add a timeline event to case c (kind e.g. "note", "assessment",
 * "plan_item", "conference", "referral", "placement", "escalated";
 * detail a code, never personal data; note sealed; ref the object it is
 * about) inside the caller's transaction. by may be NULL (the system).
 */
int case_event_add_in_tx(struct db *db, const struct principal *by,
			 const struct case_row *c, const char *kind,
			 const char *detail, const char *note,
			 const char *ref_type, int64_t ref_id);

/* Load case id within by's scope for a change inside the caller's
 * transaction; then change fields and save with case_save_in_tx (which
 * checks the version loaded and sets updated_at). */
int case_lock_in_tx(struct db *db, const struct principal *by, int64_t id,
		    struct case_row *out, struct ga_error *err);
int case_save_in_tx(struct db *db, struct case_row *c, struct ga_error *err);

/* The case within scope (GA_ENOTFOUND otherwise). */
int case_get(struct db *db, const struct principal *by, int64_t id,
	     struct case_row *out, struct ga_error *err);
/* Its timeline, oldest first, notes opened; the read is audited. */
int case_timeline(struct db *db, const struct principal *by,
		  const struct request_meta *m, const struct case_row *c,
		  int (*fn)(const struct case_event_row *e, void *ctx),
		  void *ctx);

/* police: accepted (受案), filed (立案) or transferred (移送); protection:
 * kind NULL. version 0 skips the stale check. */
int case_acknowledge(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const char *kind,
		     const char *note, int64_t version, struct case_row *out,
		     struct ga_error *err);

struct case_transition_input {
	const char *to;	    /* a stage name */
	const char *note;   /* why; required */
	const char *safety; /* leaving emergency: how the child is safe */
	const char *reason; /* closing: the closure reason */
	int64_t version;    /* 0: no stale check */
};
/* 400 bad input, 403 wrong role, 409 out of order or stale. */
int case_transition(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id,
		    const struct case_transition_input *in,
		    struct case_row *out, struct ga_error *err);

/* A note on the timeline. */
int case_note(struct db *db, const struct principal *by,
	      const struct request_meta *m, int64_t id, const char *note,
	      struct case_row *out, struct ga_error *err);

/*
 * Open a case from a dossier (source "dossier"): the child must be within
 * by's scope (GA_ENOTFOUND otherwise). Its own transaction.
 */
int case_open(struct db *db, const struct principal *by,
	      const struct request_meta *m, const struct case_open_input *in,
	      struct case_row *out, struct ga_error *err);

/* Cases within scope, newest first (filter's scope is set here). */
int case_list(struct db *db, const struct principal *by,
	      struct case_list_filter *f,
	      int (*fn)(const struct case_row *c, void *ctx), void *ctx,
	      struct ga_error *err);

/* ---- for the modules that attach to a case (plans, closure, …) ---- */

/* the domain's facts of a stored case */
void case_facts_of(const struct case_row *c, struct case_facts *f);
/* GA_ECONFLICT stale_version (with the current version) unless version
 * is 0 or c's */
int case_version_check(const struct case_row *c, int64_t version,
		       struct ga_error *err);
/* a domain refusal (case_move_check, case_action_check) as an error:
 * 409, 403 or 400 with the domain's code and message; GA_OK for MOVE_OK */
int case_refusal(enum case_move_result res, const char *code, const char *why,
		 const char *field, struct ga_error *err);

/*
 * Record the guardianship assessment of case_id (within by's scope):
 * assessment_id (the assessment's row) and its outcome (good,
 * insufficient, failed), with an "assessment" timeline event carrying the
 * sealed note, inside the caller's transaction. The assessment module
 * calls this when an assessment is finished; *out is the case saved.
 * Who may is the caller's check (assessment_service: intervention.write).
 */
int case_set_assessment_in_tx(struct db *db, const struct principal *by,
			      int64_t case_id, int64_t assessment_id,
			      const char *outcome, const char *note,
			      struct case_row *out, struct ga_error *err);

/*
 * Records of other modules that name a case (referrals, placements,
 * assessments; src/service/case_links.c). case_link_check: case_id must be
 * a case within by's scope (GA_ENOTFOUND, field case_id) about child_id
 * (GA_EINVAL case_child_mismatch; child_id 0 skips that) and not closed
 * (GA_ECONFLICT case_closed) when open_only. case_record_in_tx: the case's
 * timeline records the object (kind, detail a code), inside the caller's
 * transaction; the caller was allowed the object, so the case is found by
 * id alone (a receiving department reads no cases); a case gone is no
 * error.
 */
int case_link_check(struct db *db, const struct principal *by, int64_t case_id,
		    int64_t child_id, bool open_only, struct ga_error *err);
int case_record_in_tx(struct db *db, const struct principal *by,
		      int64_t case_id, const char *kind, const char *detail,
		      const char *ref_type, int64_t ref_id);

#endif
