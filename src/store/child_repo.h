/*
 * Repository of children's dossiers. Every function that reads or writes a
 * child takes the caller's scope prefix and filters by it in SQL (an
 * indexed range on the village code), so a handler cannot forget it: a child
 * outside the scope answers GA_ENOTFOUND, exactly like an absent one.
 * Identifying fields arrive and leave sealed (domain/child_record.h).
 */
#ifndef GA_STORE_CHILD_REPO_H
#define GA_STORE_CHILD_REPO_H

#include "domain/child_record.h"
#include "store/db.h"

/* Insert r (id and version are set); its family too. */
int store_child_insert(struct db *db, struct child_record *r);
/*
 * Update r where its id and version match and it lies in scope; bumps the
 * version. GA_ECONFLICT when the stored version differs, GA_ENOTFOUND when
 * absent or out of scope. Replaces the family.
 */
int store_child_update(struct db *db, const char *scope_prefix,
		       struct child_record *r);
/*
 * Rewrite every column of r in place (no version bump, no scope): for
 * sealing the identifying fields right after the insert, once the row id
 * that binds them is known. Replaces the family.
 */
int store_child_rewrite(struct db *db, const struct child_record *r);
int store_child_get(struct db *db, const char *scope_prefix, int64_t id,
		    struct child_record *out);
/* Children in any scope whose blind index is `bucket` (duplicate search). */
int store_child_by_index(struct db *db, const char *bucket,
			 int (*fn)(const struct child_record *r, void *ctx),
			 void *ctx);

/* live children of one village born on one day (probable duplicates) */
int store_child_same_birth(struct db *db, const char *village,
			   const char *birth_date,
			   int (*fn)(const struct child_record *r, void *ctx),
			   void *ctx);

struct child_filter {
	const char *scope_prefix; /* the caller's scope */
	const char *region;	  /* a division prefix within it, or NULL */
	const char *category;	  /* a category id, or NULL */
	const char *key_flag;	  /* a key flag id, or NULL */
	const char *school_status;
	const char *guardianship_level;
	const char *birth_from; /* birth_date >= (age filters) */
	const char *birth_to;	/* birth_date <= */
	const char *id_index;	/* blind index bucket, or NULL */
	int archived;		/* 0 live, 1 archived, -1 both */
	bool referral;		/* only those to refer for employment help */
	int64_t after_id;	/* keyset paging, ordered by id */
	int limit;
};

/* fn gets each child without its family (nfamily = 0) */
int store_child_list(struct db *db, const struct child_filter *f,
		     int (*fn)(const struct child_record *r, void *ctx),
		     void *ctx);

int store_child_change_insert(struct db *db, int64_t child_id, int64_t version,
			      const char *region, const char *at, int64_t by,
			      const char *changes);
struct child_change_row {
	int64_t version;
	char changed_at[24];
	int64_t changed_by;
	const char *changes; /* sealed; borrowed for the callback */
};
int store_child_changes(struct db *db, const char *scope_prefix,
			int64_t child_id,
			int (*fn)(const struct child_change_row *c, void *ctx),
			void *ctx);

/*
 * Write what the rules derived (and the archive state) for one child whose
 * stored version is `version`; bumps the version. GA_ECONFLICT when someone
 * changed the child meanwhile. Scope-free: for the daily recompute only.
 */
int store_child_set_derived(struct db *db, int64_t id, int64_t version,
			    unsigned categories, unsigned key_flags,
			    bool archived, const char *archive_reason,
			    const char *now);
/* mark an aged-out child for the employment referral (五(三) 人社) */
int store_child_set_referral(struct db *db, int64_t id);
/* ids of live (not archived) children after `after_id`, in order */
int store_child_ids(struct db *db, int64_t after_id, int limit, int64_t *ids,
		    int *n);

/*
 * Serialise writers of one blind-index bucket until the transaction ends
 * (a row lock on PostgreSQL, the write lock on SQLite), so that two
 * registrations of the same ID number cannot both pass the duplicate check.
 */
int store_child_lock_bucket(struct db *db, const char *bucket);

#endif
