/*
 * Probable duplicate dossiers (same name, birth date and village, at least
 * one without an ID number). Reads take the caller's scope: a pair is
 * visible where its village lies in it.
 */
#ifndef GA_STORE_DUPLICATE_REPO_H
#define GA_STORE_DUPLICATE_REPO_H

#include <stdint.h>

#include "store/db.h"

struct duplicate_row {
	int64_t id;
	int64_t child_a; /* the smaller id */
	int64_t child_b;
	char region[13];
	char status[12]; /* open, merged, dismissed, superseded */
	char found_at[24];
	int64_t kept;
	int64_t handled_by;
	char handled_at[24];
};

/* flag a pair (any order) unless it is already known; *added tells */
int store_duplicate_add(struct db *db, int64_t x, int64_t y, const char *region,
			const char *now, int *added);
int store_duplicate_get(struct db *db, const char *scope_prefix, int64_t id,
			struct duplicate_row *out);
/* status "" = any; child_id 0 = any; newest first, at most 500 */
int store_duplicate_list(struct db *db, const char *scope_prefix,
			 const char *status, int64_t child_id,
			 int (*fn)(const struct duplicate_row *d, void *ctx),
			 void *ctx);
/* close an open pair; GA_ECONFLICT when it is no longer open */
int store_duplicate_close(struct db *db, int64_t id, const char *status,
			  int64_t kept, int64_t by, const char *at,
			  const char *note);
/* other open pairs of a merged-away child become superseded */
int store_duplicate_supersede(struct db *db, int64_t child_id, int64_t by,
			      const char *at);
/*
 * What belonged to the merged-away child moves to the kept one: its
 * visits and parents' reports; its pending transfers are cancelled.
 */
int store_child_repoint(struct db *db, int64_t from, int64_t to,
			const char *to_region, int64_t by, const char *at);

#endif
