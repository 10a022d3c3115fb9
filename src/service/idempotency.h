/*
 * Idempotent writes for offline clients (issue 5). An offline phone gives
 * each queued write a UUID (client_uuid) and sends it again until it hears
 * an answer, so the server must apply it once:
 *   - unknown UUID: the write runs; idem_record_in_tx stores the UUID, the
 *     write's kind and object, a keyed hash of the body and the resulting
 *     version, in the write's own transaction;
 *   - known UUID, same account, kind, object and body: the write is not
 *     run again; the caller answers as for the first write (200);
 *   - known UUID with anything else: 409 uuid_reused.
 * The body hash is keyed (crypto/secret.h keyed_hash_hex), so the table
 * holds nothing from which a dossier's text could be guessed.
 */
#ifndef GA_SERVICE_IDEMPOTENCY_H
#define GA_SERVICE_IDEMPOTENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/auth_service.h"
#include "store/client_write_repo.h"

struct idem_key {
	const char *client_uuid; /* NULL: an ordinary (online) write */
	const char *kind;	 /* e.g. "child.update" */
	int64_t object_id;
	char body_hash[65];
	char uuid[37]; /* storage client_uuid may point at */
};

/* A UUID as crypto.randomUUID() writes it (36 characters, hex and dashes,
 * any case). */
bool idem_uuid_ok(const char *s);
/* the keyed hash of the canonical body (the body without client_uuid) */
void idem_body_hash(struct idem_key *k, const char *canonical, size_t len);
/*
 * Was this write already made? *done = true with *result_version when it
 * was (same account, kind, object and body); GA_ECONFLICT (uuid_reused)
 * when the UUID names another write; *done = false when it is new.
 */
int idem_lookup(struct db *db, const struct principal *by,
		const struct idem_key *k, bool *done, int64_t *result_version,
		struct ga_error *err);
/* inside the write's transaction, after the write gave result_version */
int idem_record_in_tx(struct db *db, const struct principal *by,
		      const struct idem_key *k, int64_t result_version,
		      struct ga_error *err);

#endif
