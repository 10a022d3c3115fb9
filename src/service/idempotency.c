#include "service/idempotency.h"

#include <string.h>

#include "crypto/keys.h"
#include "crypto/secret.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

bool idem_uuid_ok(const char *s)
{
	if (!s || strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

void idem_body_hash(struct idem_key *k, const char *canonical, size_t len)
{
	struct buf b;

	/* domain-separated from the blind index that shares the key */
	buf_init(&b, len + 64);
	buf_adds(&b, "client_write\n");
	buf_adds(&b, k->kind);
	buf_addch(&b, '\n');
	buf_add(&b, canonical, len);
	keyed_hash_hex(KEY_BLIND_INDEX, b.ptr, b.len, k->body_hash);
	buf_wipe(&b);
}

static int reused(struct ga_error *err)
{
	return ga_error_set(err, GA_ECONFLICT, "uuid_reused", "client_uuid",
			    "此离线写入编号已用于另一项修改，未保存 "
			    "(client_uuid was already used for a different "
			    "write; nothing was saved)");
}

int idem_lookup(struct db *db, const struct principal *by,
		const struct idem_key *k, bool *done, int64_t *result_version,
		struct ga_error *err)
{
	struct client_write w;
	int rc;

	*done = false;
	*result_version = 0;
	if (!k->client_uuid)
		return GA_OK;
	rc = store_client_write_get(db, k->client_uuid, &w);
	if (rc == GA_ENOTFOUND)
		return GA_OK;
	if (rc)
		return rc;
	if (w.account_id != by->account.id || strcmp(w.kind, k->kind) ||
	    w.object_id != k->object_id || strcmp(w.body_hash, k->body_hash))
		return reused(err);
	*done = true;
	*result_version = w.result_version;
	return GA_OK;
}

int idem_record_in_tx(struct db *db, const struct principal *by,
		      const struct idem_key *k, int64_t result_version,
		      struct ga_error *err)
{
	struct client_write w;
	int rc;

	if (!k || !k->client_uuid)
		return GA_OK;
	memset(&w, 0, sizeof(w));
	str_copy(w.client_uuid, sizeof(w.client_uuid), k->client_uuid);
	w.account_id = by->account.id;
	str_copy(w.kind, sizeof(w.kind), k->kind);
	w.object_id = k->object_id;
	str_copy(w.body_hash, sizeof(w.body_hash), k->body_hash);
	w.result_version = result_version;
	clock_now_text(w.created_at);
	rc = store_client_write_add(db, &w);
	if (rc == GA_ECONFLICT)
		return reused(err); /* a twin request won the race */
	return rc;
}
