/*
 * The institutions registry (POLICY.md P1.1, P1.2): each county's
 * protection institution (未成年人救助保护机构, with whether and when it
 * was transformed, 转型) and the welfare institutions (儿童福利机构,
 * 区域性儿童福利机构), with capacity and the children placed there now
 * (counted from active placements).
 *
 * county_civil and city_civil keep them within their scope; protection,
 * welfare and the county roles read (the route's action says who).
 * A welfare account sees the institutions of its county scope: the
 * account's scope is the county, which is the institution's key, so no
 * separate account-to-institution link is kept. Name, address and phone
 * are the institution's public contact data, stored plain. Every write
 * is one transaction with its audit entry.
 */
#ifndef GA_SERVICE_INSTITUTION_H
#define GA_SERVICE_INSTITUTION_H

#include <stdbool.h>

#include "service/auth_service.h"
#include "store/institution_repo.h"

#define INSTITUTION_LIST_MAX 500

/* What POST and PUT send; strings borrowed, optional ones NULL. */
struct institution_input {
	const char *county; /* create: NULL → the caller's county */
	const char *name;
	const char *kind; /* protection, welfare, regional_welfare, other */
	bool transformed; /* protection only */
	const char *transformed_on;
	int64_t capacity; /* 0: not set */
	const char *address, *phone;
	bool active;
	bool has_active; /* false: true on create, unchanged on update */
	int64_t version; /* update: the version read */
};

/* An institution as readers get it. */
struct institution_view {
	struct institution_row row;
	char county_name[192];
};

int institutions_create(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct institution_input *in,
			struct institution_view *out, struct ga_error *err);
/* GA_ECONFLICT (stale_version) when in->version is not the current one */
int institutions_update(struct db *db, const struct principal *by,
			const struct request_meta *m, int64_t id,
			const struct institution_input *in,
			struct institution_view *out, struct ga_error *err);
int institutions_get(struct db *db, const struct principal *by, int64_t id,
		     struct institution_view *out, struct ga_error *err);
/*
 * Within scope, by county and name; with_regional adds the active
 * regional welfare institutions of other counties; kind NULL for all.
 */
int institutions_list(struct db *db, const struct principal *by,
		      bool with_regional, const char *kind,
		      int (*fn)(const struct institution_view *v, void *ctx),
		      void *ctx, struct ga_error *err);

#endif
