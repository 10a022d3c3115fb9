/* Records of other modules that name a case (see case_service.h). */
#include "service/case_service.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

int case_link_check(struct db *db, const struct principal *by, int64_t case_id,
		    int64_t child_id, bool open_only, struct ga_error *err)
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
	if (!rc && open_only && !strcmp(c.stage, "closed"))
		rc = ga_error_set(err, GA_ECONFLICT, "case_closed", "case_id",
				  "个案已结案 (the case is closed)");
	return rc;
}

int case_record_in_tx(struct db *db, const struct principal *by,
		      int64_t case_id, const char *kind, const char *detail,
		      const char *ref_type, int64_t ref_id)
{
	struct case_row c;
	int rc = store_case_get(db, case_id, "", &c);

	if (rc == GA_ENOTFOUND)
		return GA_OK;
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, kind, detail, NULL,
					  ref_type, ref_id);
	return rc;
}
