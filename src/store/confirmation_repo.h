/*
 * Entrusted-guardianship confirmations (guardianship_confirmation table).
 * A confirmation carries its child's village (region): every read and
 * change takes the caller's scope and filters by it in SQL, so one outside
 * the scope is as absent as a missing one. The parties and the scan are
 * what the service sealed (crypto/secret.h); the repository never sees
 * them in plain. Plain values; no owned memory except where a struct buf
 * is passed in (the caller's, whose cap bounds it).
 */
#ifndef GA_STORE_CONFIRMATION_REPO_H
#define GA_STORE_CONFIRMATION_REPO_H

#include <stdint.h>

#include "domain/child_record.h"
#include "store/db.h"
#include "util/buf.h"

/* the parties joined by 0x1f, plain (see service/confirmation_service.h) */
#define CONFIRMATION_PARTIES_MAX 700

struct confirmation_row {
	int64_t id;
	int64_t child_id;
	char region[13];
	char status[12]; /* pending, signed */
	char period_start[11];
	char period_end[11];
	char parties[SEALED(CONFIRMATION_PARTIES_MAX)]; /* [id] */
	char checks[400];				/* "id=y id=n …" */
	char promises[200];				/* "id id …" */
	char scan_mime[32];				/* "" when none */
	int64_t scan_size;
	int64_t created_by;
	char created_at[24];
	int64_t updated_by;
	char updated_at[24];
	int64_t version;
};

/* insert as given (status pending, version 1, parties not yet sealed);
 * sets r->id */
int store_confirmation_insert(struct db *db, struct confirmation_row *r);
/* write the sealed parties of row id (sealing needs the id first) */
int store_confirmation_seal(struct db *db, int64_t id, const char *parties);
/* by id within scope; GA_ENOTFOUND when absent or outside it */
int store_confirmation_get(struct db *db, const char *scope_prefix, int64_t id,
			   struct confirmation_row *out);
/* a child's confirmations within scope, newest first (at most 200) */
int store_confirmation_list(
    struct db *db, const char *scope_prefix, int64_t child_id,
    int (*fn)(const struct confirmation_row *r, void *ctx), void *ctx);
/*
 * Replace period, parties, checks and promises of a pending confirmation
 * at version r->version; the version goes up by one. GA_ECONFLICT when it
 * is not pending or not at that version.
 */
int store_confirmation_update(struct db *db, const char *scope_prefix,
			      const struct confirmation_row *r);
/* pending → signed with the sealed scan, at version (the one whose answers
 * were checked); GA_ECONFLICT when not pending or changed */
int store_confirmation_sign(struct db *db, const char *scope_prefix, int64_t id,
			    int64_t version, const char *scan, const char *mime,
			    int64_t size, int64_t by, const char *at);
/* the sealed scan into out; GA_ENOTFOUND when absent, outside scope or
 * without a scan */
int store_confirmation_scan(struct db *db, const char *scope_prefix, int64_t id,
			    struct buf *out, char mime[32]);

/* What confirmations_due reads: one row per live child with an entrusted
 * guardian and per parent on its record (relation "" when none). */
struct confirmation_due_row {
	int64_t child_id;
	char region[13];
	char relation[16];
	char situation[32];
	char signed_end[11];	/* latest end of a signed one, or "" */
	char pending_start[11]; /* earliest start of a pending one not over */
	char pending_end[11];	/* latest end of a pending one */
	int64_t count;		/* confirmations of the child */
};

/* One query, ordered by child id: the rows of every live child within
 * scope whose guardian type is entrusted. today is "YYYY-MM-DD". */
int store_confirmation_due(
    struct db *db, const char *scope_prefix, const char *today,
    int (*fn)(const struct confirmation_due_row *r, void *ctx), void *ctx);

#endif
