/*
 * Transfers of dossiers between villages. Lists and reads take the
 * caller's scope: a transfer is visible from the side whose village lies
 * in it (incoming: the receiving village; outgoing: the sending one).
 */
#ifndef GA_STORE_TRANSFER_REPO_H
#define GA_STORE_TRANSFER_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct transfer_row {
	int64_t id;
	int64_t child_id;
	char from_region[13];
	char to_region[13];
	char status[12]; /* pending, accepted, rejected, cancelled */
	int64_t requested_by;
	char requested_at[24];
	int64_t handled_by;
	char handled_at[24];
};

int store_transfer_insert(struct db *db, struct transfer_row *t);
/* a pending transfer of the child, if any: GA_ENOTFOUND otherwise */
int store_transfer_pending_of(struct db *db, int64_t child_id,
			      struct transfer_row *out);
/* by id, visible when either village lies in scope_prefix */
int store_transfer_get(struct db *db, const char *scope_prefix, int64_t id,
		       struct transfer_row *out);
/* set the status of a pending transfer; GA_ECONFLICT when not pending */
int store_transfer_finish(struct db *db, int64_t id, const char *status,
			  int64_t by, const char *at);
/* incoming (to_region in scope) or outgoing (from_region in scope) */
int store_transfer_list(struct db *db, const char *scope_prefix, bool incoming,
			const char *status,
			int (*fn)(const struct transfer_row *t, void *ctx),
			void *ctx);
/* move a child and every row that carries its village code */
int store_child_move(struct db *db, int64_t child_id, int64_t version,
		     const char *to_region, int64_t by, const char *now);

#endif
