/*
 * Probable duplicate dossiers (一人一档: one dossier per child). The same
 * ID number is refused outright (child_service.c); without an ID number
 * the same child can still be registered twice, typically once by the
 * village and once from an imported ledger. A dossier whose name, birth
 * date and village match a live one, where at least one of the two has no
 * ID number, is flagged when it is written; the township supervisor then
 * merges the pair (keeps one, archives the other as `duplicate` with its
 * visits and parents' reports moved to the kept one) or dismisses it.
 *
 * Detection decrypts only the live children of one village born on one
 * day: a handful of rows whatever the size of the system.
 */
#ifndef GA_SERVICE_CHILD_DUPLICATES_H
#define GA_SERVICE_CHILD_DUPLICATES_H

#include "domain/child_record.h"
#include "service/auth_service.h"
#include "store/duplicate_repo.h"

/* Inside the caller's transaction: flag pairs for the plain record r. */
int child_duplicates_detect(struct db *db, const struct child_record *r,
			    const char *now);

struct duplicate_side {
	int64_t id;
	bool visible; /* within the caller's scope */
	bool archived;
	int64_t version;
	char name[72];
	char sex[8];
	char birth_date[11];
	char region[13];
	bool has_id_number;
	char id_masked[19];
	char created_at[24];
	unsigned categories;
	unsigned key_flags;
};

struct duplicate_view {
	struct duplicate_row d;
	struct duplicate_side a, b;
};

int duplicates_list(struct db *db, const struct principal *by,
		    const char *status, int64_t child_id,
		    int (*fn)(const struct duplicate_view *v, void *ctx),
		    void *ctx, struct ga_error *err);
int duplicates_get(struct db *db, const struct principal *by, int64_t id,
		   struct duplicate_view *out, struct ga_error *err);
/* keep one of the pair (keep = its child id), archive the other */
int duplicates_merge(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t keep,
		     struct duplicate_view *out, struct ga_error *err);
/* not the same child; note is optional free text (sealed) */
int duplicates_dismiss(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       const char *note, struct duplicate_view *out,
		       struct ga_error *err);

#endif
