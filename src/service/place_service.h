/* A division's page: what a worker sees of a place within their scope. */
#ifndef GA_SERVICE_PLACE_H
#define GA_SERVICE_PLACE_H

#include "auth/account.h"
#include "store/account_repo.h"
#include "store/region_repo.h"

/*
 * The division `code` with its ancestors, and the staff whose scope lies in
 * it (fn per account). GA_ENOTFOUND when the code is outside by's scope.
 */
int places_get(struct db *db, const struct principal *by, const char *code,
	       struct region *out, struct region_list *path,
	       int (*fn)(const struct account *a, void *ctx), void *ctx,
	       struct ga_error *err);

#endif
