/*
 * The parents' own reports (外出务工父母报备, POLICY.md P3.1). A parent
 * working away fills the village's public form (no account): the child's
 * name, their own name, phone and work place, and who cares for the child.
 * The report waits in the inbox of the directors whose scope holds the
 * village; nothing reaches a dossier until one of them confirms it against
 * a child of that village, and then only through children_update(), so
 * categories are derived again and history and audit are written.
 *
 * Submissions are limited per address (PARENT_REPORT_RATE_MAX per
 * PARENT_REPORT_RATE_WINDOW_S) and audited with no actor. The answer to a
 * parent never says whether the child is known. Names, phones and free
 * text are sealed at rest, bound to their row (crypto/secret.h).
 */
#ifndef GA_SERVICE_PARENT_REPORT_H
#define GA_SERVICE_PARENT_REPORT_H

#include "service/auth_service.h"
#include "store/parent_report_repo.h"
#include "util/buf.h"

#define PARENT_REPORT_RATE_MAX	    5
#define PARENT_REPORT_RATE_WINDOW_S (60 * 60)

/* What the form sends; strings borrowed from the caller; optional ones NULL. */
struct parent_report_input {
	const char *child_name;
	const char *parent_name;
	const char *relation; /* father, mother */
	const char *phone;
	const char *work_place;
	const char *carer_name;
	const char *carer_relation;
	const char *carer_phone; /* optional */
	const char *note;	 /* optional */
};

/*
 * Store a report for village `code`: GA_ENOTFOUND when it is not an
 * existing village or community, GA_EINVAL (field named) for bad input,
 * GA_ETOOMANY past the per-address limit. Nothing is stored on failure.
 */
int parent_reports_submit(struct db *db, const char *code,
			  const struct parent_report_input *in,
			  const struct request_meta *m, struct ga_error *err);

/* The QR code (SVG into svg) of url, the form of village `code`. */
int parent_reports_qr(struct db *db, const char *code, const char *url,
		      struct buf *svg, struct ga_error *err);

/* Reports within the caller's scope, opened; status NULL for all. */
int parent_reports_list(struct db *db, const struct principal *by,
			const char *status,
			int (*fn)(const struct parent_report_row *r, void *ctx),
			void *ctx);

/*
 * Apply a pending report to child_id, a dossier of the report's village
 * within the caller's scope (GA_ENOTFOUND otherwise): the reporting
 * parent becomes migrant with the work place and phone given (added when
 * the dossier lacks them), and the carer becomes the entrusted guardian
 * when no parent is at home. GA_ECONFLICT when the report was handled
 * already. out gets the report as it now is, opened.
 */
int parent_reports_confirm(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   int64_t child_id, struct parent_report_row *out,
			   struct ga_error *err);
/* Refuse a pending report, with an optional reason (may be NULL). */
int parent_reports_reject(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t id,
			  const char *reason, struct parent_report_row *out,
			  struct ga_error *err);

#endif
