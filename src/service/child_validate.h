/* Checks of a plain dossier before it is stored (child_service). */
#ifndef GA_SERVICE_CHILD_VALIDATE_H
#define GA_SERVICE_CHILD_VALIDATE_H

#include "auth/account.h"
#include "domain/child_record.h"
#include "store/db.h"

/*
 * The village must be a known village or community within the caller's
 * scope; the ID number valid and matching the birth date and sex entered;
 * the child under 18; the ethnicity one of the 56; dates real; the family
 * consistent. GA_EINVAL with the field named, or GA_ENOTFOUND for a village
 * outside the scope.
 */
int child_validate(struct db *db, const struct principal *by,
		   struct child_record *r, struct date today,
		   struct ga_error *err);

bool child_ethnicity_ok(const char *s);

#endif
