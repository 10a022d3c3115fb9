/*
 * The client_uuid of an offline client's write (service/idempotency.h),
 * taken from a JSON body: checked, removed from the body, and the rest
 * hashed (keys sorted) to tell a replay from another write.
 */
#ifndef GA_API_CLIENT_UUID_H
#define GA_API_CLIENT_UUID_H

#include <stdint.h>

#include "api/api.h"
#include "service/idempotency.h"

/*
 * Fill k for a write of `kind` on object_id. Without a client_uuid in the
 * body k->client_uuid stays NULL (an ordinary write); a malformed one is
 * 400 invalid_value on field client_uuid.
 */
int api_client_uuid(struct api_ctx *c, const char *kind, int64_t object_id,
		    struct idem_key *k);

/*
 * Answers a write already made (reply gets the id or version the first
 * write left, and answers 200 with the record as stored).
 */
typedef int (*api_replay_fn)(struct api_ctx *c, struct db *db, int64_t result,
			     void *ctx);

/*
 * Before a write: when k names one already made, reply answers it and
 * *replied is true (GA_ECONFLICT uuid_reused when k names another write).
 */
int api_idem_replay(struct api_ctx *c, struct db *db, const struct idem_key *k,
		    api_replay_fn reply, void *ctx, bool *replied);
/*
 * After the write ended with rc: a conflict may be a twin of this request
 * that wrote it first; then reply answers it and GA_OK is returned, else
 * rc.
 */
int api_idem_race(struct api_ctx *c, struct db *db, const struct idem_key *k,
		  int rc, api_replay_fn reply, void *ctx);

#endif
