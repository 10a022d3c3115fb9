/*
 * Writes made by offline clients, remembered by the client's UUID so that
 * a write sent again (the phone lost the answer, or synced twice) is
 * recognised and not applied twice. Generic: `kind` names the write
 * ("child.update", …), `object_id` the record it changed.
 */
#ifndef GA_STORE_CLIENT_WRITE_REPO_H
#define GA_STORE_CLIENT_WRITE_REPO_H

#include <stdint.h>

#include "store/db.h"

struct client_write {
	char client_uuid[37];
	int64_t account_id;
	char kind[32];
	int64_t object_id;
	char body_hash[65]; /* keyed hash of the canonical body */
	int64_t result_version;
	char created_at[24];
};

/* GA_ENOTFOUND when the UUID is unknown */
int store_client_write_get(struct db *db, const char *client_uuid,
			   struct client_write *out);
/* inside the write's transaction; GA_ECONFLICT when the UUID is taken */
int store_client_write_add(struct db *db, const struct client_write *w);

#endif
