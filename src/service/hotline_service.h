/*
 * The protection hotline (未成年人保护专线, one-door intake): an operator
 * logs each call (callback number and matter sealed), classifies it, opens
 * a report and case from it in one action (report_create_in_tx, source
 * hotline), records the call-back to the caller and closes the call.
 *
 * A call's status: open; dispatched once something was dispatched from
 * it, until every dispatched part answered (hotline_dispatched_parts),
 * then answered; closed when the operator closes it. Calls are read
 * within the operator's scope (the city); reading one is audited.
 */
#ifndef GA_SERVICE_HOTLINE_H
#define GA_SERVICE_HOTLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "service/auth_service.h"
#include "service/referral_service.h"
#include "service/report_service.h"
#include "store/hotline_repo.h"

#define HOTLINE_MATTER_MAX   4000
#define HOTLINE_CALLBACK_MAX 40
#define HOTLINE_NOTE_MAX     2000
#define HOTLINE_PAGE_MAX     100

struct hotline_input {
	const char *received_at; /* NULL: now */
	const char *caller_type;
	const char *callback; /* a number to call back; may be empty */
	const char *matter;
	int64_t child_id; /* 0: not known */
	const char *class_;
	bool emergency;
};

struct hotline_view {
	struct hotline_call_row row; /* sealed fields opened (get only) */
	const char *status;	     /* effective: open, dispatched,
					answered, closed */
	int parts, answered;
};

int hotline_create(struct db *db, const struct principal *by,
		   const struct request_meta *m, const struct hotline_input *in,
		   struct hotline_view *out, struct ga_error *err);
int hotline_get(struct db *db, const struct principal *by,
		const struct request_meta *m, int64_t id,
		struct hotline_view *out, struct ga_error *err);
/* newest first, the sealed fields left out */
int hotline_list(struct db *db, const struct principal *by, int64_t before_id,
		 int limit, int (*fn)(const struct hotline_view *v, void *ctx),
		 void *ctx);
/* open a report and its case from the call (source hotline); in->call_id
 * is set here; the narrative defaults to the call's matter */
int hotline_report(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id,
		   struct report_input *in, struct report_row *out,
		   struct ga_error *err);
int hotline_callback(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const char *note,
		     struct hotline_view *out, struct ga_error *err);
int hotline_close(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t id,
		  struct hotline_view *out, struct ga_error *err);

#define HOTLINE_DISPATCH_MAX 8 /* referrals sent from a call at once */

/*
 * Refer the call's child to several departments at once (one-door intake,
 * coordinated handling): each of the n referrals (to, type, due_date?,
 * note; child_id and source are set here: the call's child, or its
 * report's, source hotline and the call's id, the case of its report if
 * any) in one transaction; the call becomes dispatched. GA_ECONFLICT when
 * the call is closed or names no child yet (open a report first, or log
 * the child), GA_EINVAL with the field "referrals[i].…" on a bad one.
 */
int hotline_dispatch(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id,
		     struct referral_input *items, int n,
		     struct hotline_view *out, struct ga_error *err);

/*
 * How many parts were dispatched from call c and how many answered: the
 * report's case (answered once the police or the protection institution
 * acknowledged it) and each referral sent from the call (answered once
 * its department accepted, finished or declined it).
 */
int hotline_dispatched_parts(struct db *db, const struct hotline_call_row *c,
			     int *parts, int *answered);

#endif
