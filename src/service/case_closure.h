/*
 * Closing a case (结案), issue 6: the case worker asks for closure with a
 * reason (case_closure_reason_valid) and a note; the county approves it
 * with the transition to closed (case_transition; the domain refuses
 * self-approval) or declines it; who asked may withdraw it. (A case's
 * guardianship assessment is the scored form of assessment_service.h,
 * which calls case_set_assessment_in_tx.)
 *
 * Each is one transaction: the case row, its timeline event (the note
 * sealed) and the audit entry. Who may is case_action_check (domain).
 * 400 bad input, 403 wrong role, 404 outside scope, 409 wrong state or
 * stale version.
 */
#ifndef GA_SERVICE_CASE_CLOSURE_H
#define GA_SERVICE_CASE_CLOSURE_H

#include "service/case_service.h"

int case_closure_request(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const char *reason, const char *note, int64_t version,
			 struct case_row *out, struct ga_error *err);
int case_closure_withdraw(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t id,
			  const char *note, int64_t version,
			  struct case_row *out, struct ga_error *err);
/* the county's refusal; note (why) is required */
int case_closure_decline(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const char *note, int64_t version,
			 struct case_row *out, struct ga_error *err);

#endif
