/*
 * Moving a dossier to another village (a family moves): the sending side
 * asks, the receiving side (whose scope holds the new village) accepts or
 * rejects, the sender may cancel while it is pending. Until it is
 * accepted the dossier stays where it is; on acceptance the child and
 * every row that carries its village code move together, with a history
 * entry. Each step is one transaction with its audit entry.
 */
#ifndef GA_SERVICE_CHILD_TRANSFER_H
#define GA_SERVICE_CHILD_TRANSFER_H

#include "service/auth_service.h"
#include "store/transfer_repo.h"

/* what the receiving side is shown of the child before accepting */
struct transfer_view {
	struct transfer_row t;
	char child_name[72];
	char birth_date[11];
	char sex[8];
};

int transfers_request(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t child_id,
		      int64_t version, const char *to_region,
		      struct transfer_view *out, struct ga_error *err);

enum transfer_op { TRANSFER_ACCEPT, TRANSFER_REJECT, TRANSFER_CANCEL };

int transfers_finish(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id,
		     enum transfer_op op, struct transfer_view *out,
		     struct ga_error *err);

int transfers_list(struct db *db, const struct principal *by, bool incoming,
		   const char *status,
		   int (*fn)(const struct transfer_view *v, void *ctx),
		   void *ctx);

#endif
