/*
 * Children's centres (centre, centre_activity, centre_photo tables). Every
 * read and write takes the caller's scope and filters by it in SQL: a
 * centre outside it is absent. Sealed columns hold what the service sealed
 * (crypto/secret.h); the repository never sees their plain text. Plain
 * values; no owned memory except the photo data buffer the caller gives.
 */
#ifndef GA_STORE_CENTRE_REPO_H
#define GA_STORE_CENTRE_REPO_H

#include <stdint.h>

#include "domain/centre.h"
#include "domain/child_record.h"
#include "store/db.h"
#include "util/buf.h"

#define CENTRE_HOURS_TEXT_MAX	   512 /* the JSON of the opening hours */
#define CENTRE_FACILITIES_TEXT_MAX 256
#define CENTRE_PHOTOS_MAX	   6 /* per activity */

struct centre_row {
	int64_t id;
	char region[13]; /* the village */
	char name[CENTRE_NAME_MAX + 1];
	char address[CENTRE_ADDRESS_MAX + 1];
	char hours[CENTRE_HOURS_TEXT_MAX + 1];		 /* JSON */
	char facilities[CENTRE_FACILITIES_TEXT_MAX + 1]; /* space-separated */
	char manager_name[SEALED(CENTRE_MANAGER_MAX)];	 /* [id] */
	char manager_phone[SEALED(CENTRE_PHONE_MAX)];	 /* [id] */
	int64_t manager_account;			 /* 0: none */
	int64_t created_by, updated_by;
	char created_at[24], updated_at[24];
	int64_t version;
};

struct centre_activity_row {
	int64_t id;
	int64_t centre_id;
	char region[13];
	char activity_date[11];
	char kind[24];
	int64_t participants, children_count;
	char note[SEALED(CENTRE_NOTE_MAX)]; /* [id] */
	int64_t created_by, updated_by;
	char created_at[24], updated_at[24];
	int64_t version;
};

struct centre_photo_row {
	int64_t id;
	int64_t activity_id;
	char region[13];
	char mime[16];
	int64_t size;
	int64_t created_by;
	char created_at[24];
};

/* insert (sealed columns as given, may be ""); sets r->id, version 1 */
int store_centre_insert(struct db *db, struct centre_row *r);
/*
 * Write every column of r->id within scope when its version is still
 * `version`; the row's version becomes version + 1. GA_ECONFLICT when it
 * changed meanwhile, GA_ENOTFOUND when absent or outside the scope.
 */
int store_centre_update(struct db *db, const char *scope_prefix,
			const struct centre_row *r, int64_t version);
/* the sealed columns of a new row r->id (sealing needs the id first) */
int store_centre_seal(struct db *db, const struct centre_row *r);
/* by village or by id within scope; GA_ENOTFOUND when absent */
int store_centre_get_region(struct db *db, const char *scope_prefix,
			    const char *region, struct centre_row *out);
int store_centre_get(struct db *db, const char *scope_prefix, int64_t id,
		     struct centre_row *out);
/*
 * Centres within scope and under `prefix` (a code prefix, "" for all)
 * with region > after (may be ""), by region, at most limit.
 */
int store_centre_list(struct db *db, const char *scope_prefix,
		      const char *prefix, const char *after, int limit,
		      int (*fn)(const struct centre_row *r, void *ctx),
		      void *ctx);
/* villages (existing, not abolished) under prefix with no centre, by code */
int store_centre_villages_without(struct db *db, const char *prefix, int limit,
				  int (*fn)(const char *code, const char *name,
					    void *ctx),
				  void *ctx);

/* insert (note as given); sets r->id, version 1 */
int store_centre_activity_insert(struct db *db, struct centre_activity_row *r);
/* the sealed note of row id (sealing needs the id first) */
int store_centre_activity_seal(struct db *db, int64_t id, const char *note);
/* as store_centre_update, for an activity */
int store_centre_activity_update(struct db *db, const char *scope_prefix,
				 const struct centre_activity_row *r,
				 int64_t version);
int store_centre_activity_get(struct db *db, const char *scope_prefix,
			      int64_t id, struct centre_activity_row *out);
/*
 * The activities of a centre within scope, newest first (date, then id);
 * after_date "" for the first page, else only those before
 * (after_date, after_id). At most limit.
 */
int store_centre_activity_list(
    struct db *db, const char *scope_prefix, int64_t centre_id,
    const char *after_date, int64_t after_id, int limit,
    int (*fn)(const struct centre_activity_row *r, void *ctx), void *ctx);

/* photos of one activity (no data), by id */
int store_centre_photo_list(struct db *db, int64_t activity_id,
			    int (*fn)(const struct centre_photo_row *p,
				      void *ctx),
			    void *ctx);
int store_centre_photo_count(struct db *db, int64_t activity_id,
			     int64_t *count);
/* insert with empty data; sets p->id */
int store_centre_photo_insert(struct db *db, struct centre_photo_row *p);
int store_centre_photo_seal(struct db *db, int64_t id, const char *data);
/* one photo of activity_id within scope; its sealed data into data */
int store_centre_photo_get(struct db *db, const char *scope_prefix,
			   int64_t activity_id, int64_t id,
			   struct centre_photo_row *out, struct buf *data);

#endif
