/* Referrals and cases (issue 6): a referral made from a case, and the
 * case's timeline when it is made and answered. */
#include "service/referral_service.h"

#include <stdio.h>
#include <string.h>

#include "service/case_service.h"
#include "store/referral_repo.h"
#include "util/strutil.h"
#include "util/banned.h"

int referral_case_link_check(struct db *db, const struct principal *by,
			     int64_t child_id, int64_t case_id,
			     struct ga_error *err)
{
	struct case_row c;
	int rc;

	if (case_id <= 0)
		return ga_error_set(err, GA_EINVAL, "invalid_case", "case_id",
				    "个案编号无效 (case_id must be a positive "
				    "id)");
	rc = case_get(db, by, case_id, &c, err);
	if (rc == GA_ENOTFOUND)
		str_copy(err->field, sizeof(err->field), "case_id");
	if (!rc && child_id && c.child_id != child_id)
		rc = ga_error_set(err, GA_EINVAL, "case_child_mismatch",
				  "case_id",
				  "该个案不是这名儿童的个案 (the case is "
				  "another child's)");
	return rc;
}

int referral_case_event_in_tx(struct db *db, const struct principal *by,
			      const struct referral_row *r, const char *kind)
{
	struct case_row c;
	char detail[64];
	int rc;

	/* the caller was allowed the referral; its case is looked up by id
	 * (a receiving department reads no cases) */
	rc = store_case_get(db, r->case_id, "", &c);
	if (rc == GA_ENOTFOUND) /* the case went: the referral stands */
		return GA_OK;
	snprintf(detail, sizeof(detail), "%s:%s", r->to_dept,
		 strcmp(kind, "referral") ? r->status : r->type);
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, kind, detail, NULL,
					  "referral", r->id);
	return rc;
}
