/* Referrals and cases (issue 6): a referral made from a case, and the
 * case's timeline when it is made and answered. */
#include "service/referral_service.h"

#include <stdio.h>
#include <string.h>

#include "service/case_service.h"
#include "store/referral_repo.h"
#include "util/banned.h"

int referral_case_link_check(struct db *db, const struct principal *by,
			     int64_t child_id, int64_t case_id,
			     struct ga_error *err)
{
	return case_link_check(db, by, case_id, child_id, false, err);
}

int referral_case_event_in_tx(struct db *db, const struct principal *by,
			      const struct referral_row *r, const char *kind)
{
	char detail[64];

	snprintf(detail, sizeof(detail), "%s:%s", r->to_dept,
		 strcmp(kind, "referral") ? r->status : r->type);
	return case_record_in_tx(db, by, r->case_id, kind, detail, "referral",
				 r->id);
}
