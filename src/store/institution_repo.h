/*
 * Institutions (institution table): each county's protection institution
 * and the welfare institutions (POLICY.md P1.1, P1.2). Scoped by the
 * county code: a caller's scope prefix covers the institutions of its
 * county (or city); one outside it is absent. Plain values; no owned
 * memory. Name, address and phone are the institution's public contact
 * data and are stored plain.
 */
#ifndef GA_STORE_INSTITUTION_REPO_H
#define GA_STORE_INSTITUTION_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

#define INSTITUTION_NAME_MAX	 128
#define INSTITUTION_ADDRESS_MAX	 200
#define INSTITUTION_PHONE_MAX	 20
#define INSTITUTION_CAPACITY_MAX 100000

struct institution_row {
	int64_t id;
	char county[13];
	char name[INSTITUTION_NAME_MAX + 1];
	char kind[24];
	bool transformed;
	char transformed_on[11]; /* "" or YYYY-MM-DD */
	int64_t capacity;	 /* 0: not set */
	char address[INSTITUTION_ADDRESS_MAX + 1];
	char phone[INSTITUTION_PHONE_MAX + 1];
	bool active;
	int64_t current_children; /* active placements naming it (read only) */
	int64_t created_by, updated_by;
	char created_at[24], updated_at[24];
	int64_t version;
};

/* insert; sets r->id and version 1; GA_ECONFLICT: the county has that name */
int store_institution_insert(struct db *db, struct institution_row *r);
/*
 * Write r->id within scope when its version is still `version` (then
 * version + 1). GA_ECONFLICT when it changed meanwhile or the name is
 * taken, GA_ENOTFOUND when absent or outside scope.
 */
int store_institution_update(struct db *db, const char *scope_prefix,
			     const struct institution_row *r, int64_t version);
/* one within scope ("" scope: any) */
int store_institution_get(struct db *db, const char *scope_prefix, int64_t id,
			  struct institution_row *out);
/*
 * Within scope, by county then name; with_regional adds the active
 * regional welfare institutions of any county (they take children from
 * several counties). kind "" for all. At most limit.
 */
int store_institution_list(struct db *db, const char *scope_prefix,
			   bool with_regional, const char *kind, int limit,
			   int (*fn)(const struct institution_row *r,
				     void *ctx),
			   void *ctx);

#endif
