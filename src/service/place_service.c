#include "service/place_service.h"

#include <string.h>

#include "domain/region.h"
#include "service/region_service.h"
#include "util/banned.h"

int places_get(struct db *db, const struct principal *by, const char *code,
	       struct region *out, struct region_list *path,
	       int (*fn)(const struct account *a, void *ctx), void *ctx,
	       struct ga_error *err)
{
	struct account_filter f = {.limit = 500};
	char prefix[13];
	size_t n;
	int rc;

	/* outside the scope is indistinguishable from absent */
	if (!region_code_valid(code, strlen(code)) ||
	    !region_in_scope(code, by->scope_prefix))
		return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
				    "未找到 (not found)");
	rc = regions_get(db, code, out, path, err);
	if (rc)
		return rc;
	n = region_level_prefix_len(out->level);
	memcpy(prefix, code, n);
	prefix[n] = '\0';
	f.scope_prefix = prefix;
	return store_account_list(db, &f, fn, ctx);
}
