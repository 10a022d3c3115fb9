/* Reading and checking the audit log (the auditor's duty). */
#ifndef GA_SERVICE_AUDIT_H
#define GA_SERVICE_AUDIT_H

#include "audit/audit.h"
#include "service/auth_service.h"
#include "store/audit_repo.h"

/* A filter time: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; GA_EINVAL else. */
int audit_time_filter(const char *s);
/* "YYYY-MM-DD" → the next day, into out[11] (an exclusive bound) */
void audit_day_after(const char *day, char out[11]);

/* Query the log; reading it is itself audited. */
int audit_query(struct db *db, const struct principal *by,
		const struct request_meta *m, const struct audit_filter *f,
		int (*fn)(const struct audit_entry *e, void *ctx), void *ctx);
/* Verify the chain (audited); GA_EINVAL with *p when broken. */
int audit_check(struct db *db, const struct principal *by,
		const struct request_meta *m, int64_t *count,
		struct audit_problem *p);

#endif
