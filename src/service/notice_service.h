/*
 * Notices from other departments (issue 6):
 *  - the police register a parent missing (失联) with the day they accepted
 *    the report: the dossier records it through children_update, so the
 *    categories are derived again and the history kept; once more than 6
 *    months have passed, `guanai daily` re-derives the child (de facto
 *    unsupported, domain/child.c) and notifies the county (referral_daily.h);
 *  - the justice bureau records a parent entering prison or compulsory drug
 *    rehabilitation with minor children: each child's dossier is found (ID
 *    number, else the probable-duplicate rule: same village, birth date and
 *    name) or created in the given village, the parent's situation set, and
 *    the village's directors notified to visit (kind justice_notice).
 * Each notice is one transaction with its audit entry.
 */
#ifndef GA_SERVICE_NOTICE_H
#define GA_SERVICE_NOTICE_H

#include "domain/child_record.h"
#include "service/auth_service.h"

#define NOTICE_CHILDREN_MAX 10

/* relation: father or mother; name may be NULL (kept when known) */
struct missing_parent_notice {
	const char *relation;
	const char *parent_name;
	const char *police_accepted; /* YYYY-MM-DD */
};

int notice_missing_parent(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t child_id,
			  const struct missing_parent_notice *in,
			  struct child_view *out, struct ga_error *err);

struct justice_child {
	const char *name;
	const char *id_number; /* NULL or "" when not known */
	const char *birth_date;
	const char *village; /* a village within the caller's county */
};

struct justice_notice {
	const char *parent_name;
	const char *relation;  /* father, mother */
	const char *situation; /* prison, drug_rehab */
	const char *since;
	const char *until; /* optional: the expected end */
	struct justice_child children[NOTICE_CHILDREN_MAX];
	int nchildren;
};

struct justice_result {
	int64_t child_id;
	bool created; /* false: an existing dossier was found */
	int64_t version;
};

int notice_justice(struct db *db, const struct principal *by,
		   const struct request_meta *m,
		   const struct justice_notice *in,
		   struct justice_result out[NOTICE_CHILDREN_MAX],
		   struct ga_error *err);

#endif
