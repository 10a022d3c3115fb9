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

#endif
