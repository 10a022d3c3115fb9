/*
 * Mandatory reports (强制报告, issue 6). A report names a child (a
 * dossier within scope, or what is known of an unidentified child, which
 * creates a dossier), the situation, when and where it was discovered and
 * what the reporter saw; it opens a case (case_open_in_tx) in the same
 * transaction and notifies the police and the protection institution of
 * the child's county at once (kind report_received; no personal data).
 *
 * Who sees what (report_get, report_list):
 *   reporter                  the reports of its own organisation (same
 *                             org, role reporter): status and dates only;
 *   director, supervisor,     the reports they made themselves: status
 *   hotline                   and dates only;
 *   protection, police,       the reports within their county with the
 *   county_civil              reporter's identity; place and narrative
 *                             (each read audited report.read_narrative);
 *   city_civil                the reports within scope: no identity, no
 *                             narrative.
 * Anything else answers GA_ENOTFOUND like an absent report.
 */
#ifndef GA_SERVICE_REPORT_H
#define GA_SERVICE_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/report.h"
#include "service/auth_service.h"
#include "service/idempotency.h"
#include "store/report_repo.h"

#define REPORT_PAGE_MAX 100

/* what is known of an unidentified child */
struct report_child_input {
	const char *name;	 /* name or description required */
	const char *description; /* what the child looks like */
	const char *sex;	 /* male, female */
	const char *birth_date;	 /* approximate, YYYY-MM-DD */
	const char *region;	 /* the village, within the reporter's area */
};

struct report_input {
	int64_t child_id;			/* 0 when child is given */
	const struct report_child_input *child; /* NULL when child_id */
	const char *situation;
	const char *discovered_at;
	const char *place;
	const char *narrative;
	const char *urgency;
	int64_t visit_id;	     /* a director's report from a visit; 0 */
	int64_t call_id;	     /* set by the hotline service; 0 */
	const struct idem_key *idem; /* NULL: no client_uuid */
};

enum report_level {
	REPORT_OWN = 0,	  /* status and dates */
	REPORT_OVERSIGHT, /* the city: no identity, no narrative */
	REPORT_TEAM,	  /* the county's case team and police: all */
};

struct report_view {
	struct report_row row; /* place and narrative opened for TEAM */
	enum report_level level;
	enum report_status status;
	char reporter_name[128]; /* TEAM only */
	char received_at[24];	 /* the first acknowledgement */
};

/* the report's id and its case's into out->row (in the caller's
 * transaction: the hotline opens a report from a call) */
int report_create_in_tx(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct report_input *in, struct report_row *out,
			struct ga_error *err);
int report_create(struct db *db, const struct principal *by,
		  const struct request_meta *m, const struct report_input *in,
		  struct report_row *out, struct ga_error *err);
/* the read of a TEAM view with narrative is audited */
int report_get(struct db *db, const struct principal *by,
	       const struct request_meta *m, int64_t id,
	       struct report_view *out, struct ga_error *err);
/* newest first, without place and narrative */
int report_list(struct db *db, const struct principal *by, int64_t before_id,
		int limit, int (*fn)(const struct report_view *v, void *ctx),
		void *ctx, struct ga_error *err);
/* police: feedback given to the reporting unit (the police_feedback
 * deadline); a timeline event on the case */
int report_feedback(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id,
		    struct ga_error *err);

/* Attachments: images or PDF (by their bytes), at most REPORT_ATTACH_MAX,
 * sealed; the author adds them within REPORT_ATTACH_HOURS; the case team
 * (TEAM level, not the city) reads them, audited. */
int report_attach(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t id, const void *data,
		  size_t len, struct report_attachment_row *out,
		  struct ga_error *err);
int report_attachments(struct db *db, const struct principal *by, int64_t id,
		       int (*fn)(const struct report_attachment_row *a,
				 void *ctx),
		       void *ctx, struct ga_error *err);
/* bytes into out (buf), *mime a static string */
int report_attachment_read(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   int64_t att, struct buf *out, const char **mime,
			   struct ga_error *err);

/* the report that opened case_id, by the system (the hotline's status) */
int report_of_case(struct db *db, int64_t case_id, struct report_row *out);

#endif
