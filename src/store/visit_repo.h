/*
 * Home visits (visit, visit_revision, visit_photo). Every row carries the
 * village code of its child (kept in step on transfer, transfer_repo.c);
 * every read and write by id takes the caller's scope and filters by it in
 * SQL, so a visit outside it is GA_ENOTFOUND like an absent one. Sealed
 * columns hold what the service sealed (crypto/secret.h); the repository
 * never sees their plain text. Plain values; no owned memory.
 */
#ifndef GA_STORE_VISIT_REPO_H
#define GA_STORE_VISIT_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

#define VISIT_SEALED_MAX 24576 /* the sealed details of one visit */

struct visit_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	char visit_date[11];
	char kind[16];
	char visitor_role[16];
	char met[160];	    /* ids, space-separated */
	char contact[12];   /* "" when not recorded */
	char problems[256]; /* ids, space-separated */
	char actions[96];   /* ids, space-separated */
	char levels[160];   /* area=level, space-separated */
	bool harm_found;
	bool report_requested;
	char details[VISIT_SEALED_MAX]; /* sealed [id] */
	char client_uuid[40];		/* "" when none was sent */
	char body_hash[65];
	int64_t created_by;
	char created_at[24];
	int64_t updated_by;
	char updated_at[24];
	int64_t version;
	int nphotos; /* read only */
};

/* insert as given (details empty, version 1); sets r->id */
int store_visit_insert(struct db *db, struct visit_row *r);
/* write the sealed details of row id (sealing needs the id first) */
int store_visit_seal(struct db *db, int64_t id, const char *details);
/* by id within scope; GA_ENOTFOUND when absent or outside it */
int store_visit_get(struct db *db, const char *scope_prefix, int64_t id,
		    struct visit_row *out);
/* by client UUID in any scope (the caller checks the scope) */
int store_visit_by_uuid(struct db *db, const char *uuid, struct visit_row *out);
/*
 * Rewrite the plain columns and details of r where r->id and
 * r->version match within scope; bumps r->version. GA_ECONFLICT when the
 * stored version differs, GA_ENOTFOUND when absent or out of scope.
 */
int store_visit_update(struct db *db, const char *scope_prefix,
		       struct visit_row *r);
/* the visits of one child within scope, newest first (at most 500); the
 * details column is not read */
int store_visit_list(struct db *db, const char *scope_prefix, int64_t child_id,
		     int (*fn)(const struct visit_row *r, void *ctx),
		     void *ctx);

struct visit_revision_row {
	int64_t visit_id;
	int64_t version; /* the version that was replaced */
	int64_t changed_by;
	char changed_at[24];
	char reason[1024];		 /* sealed [visit_id:version] */
	char previous[VISIT_SEALED_MAX]; /* sealed [visit_id:version] */
};

int store_visit_revision_insert(struct db *db,
				const struct visit_revision_row *r);
/* oldest first */
int store_visit_revisions(struct db *db, int64_t visit_id,
			  int (*fn)(const struct visit_revision_row *r,
				    void *ctx),
			  void *ctx);

struct visit_photo_row {
	int64_t id;
	int64_t visit_id;
	char region[13];
	char mime[16];
	int64_t size;
	int64_t created_by;
	char created_at[24];
};

/* insert with empty data; sets r->id */
int store_visit_photo_insert(struct db *db, struct visit_photo_row *r);
/* the sealed bytes of photo id */
int store_visit_photo_seal(struct db *db, int64_t id, const char *data);
int store_visit_photo_count(struct db *db, int64_t visit_id, int64_t *out);
/* the photos of a visit, oldest first (no data) */
int store_visit_photos(struct db *db, int64_t visit_id,
		       int (*fn)(const struct visit_photo_row *r, void *ctx),
		       void *ctx);
/*
 * Photo id of visit visit_id within scope, with its sealed data copied
 * into *data (malloc'd, the caller frees). GA_ENOTFOUND otherwise.
 */
int store_visit_photo_get(struct db *db, const char *scope_prefix,
			  int64_t visit_id, int64_t id,
			  struct visit_photo_row *out, char **data);

#endif
