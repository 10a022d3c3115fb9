#include "api/client_uuid.h"

#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

int api_client_uuid(struct api_ctx *c, const char *kind, int64_t object_id,
		    struct idem_key *k)
{
	json_t *v = json_is_object(c->body)
			? json_object_get(c->body, "client_uuid")
			: NULL;
	char *canon;

	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->object_id = object_id;
	if (!v)
		return GA_OK;
	if (!json_is_string(v) || !idem_uuid_ok(json_string_value(v)))
		return ga_error_set(
		    &c->err, GA_EINVAL, "invalid_value", "client_uuid",
		    "client_uuid 应为 UUID (client_uuid must be "
		    "a UUID)");
	str_copy(k->uuid, sizeof(k->uuid), json_string_value(v));
	k->client_uuid = k->uuid;
	json_object_del(c->body, "client_uuid");
	canon = json_dumps(c->body, JSON_COMPACT | JSON_SORT_KEYS);
	if (!canon)
		return GA_EINTERNAL;
	idem_body_hash(k, canon, strlen(canon));
	free(canon);
	return GA_OK;
}

int api_idem_replay(struct api_ctx *c, struct db *db, const struct idem_key *k,
		    api_replay_fn reply, void *ctx, bool *replied)
{
	int64_t result = 0;
	int rc;

	*replied = false;
	if (!k->client_uuid)
		return GA_OK;
	rc = idem_lookup(db, &c->who, k, replied, &result, &c->err);
	if (!rc && *replied)
		rc = reply(c, db, result, ctx);
	return rc;
}

int api_idem_race(struct api_ctx *c, struct db *db, const struct idem_key *k,
		  int rc, api_replay_fn reply, void *ctx)
{
	struct ga_error again = {0};
	int64_t result = 0;
	bool done = false;

	if (rc != GA_ECONFLICT || !k->client_uuid)
		return rc;
	if (idem_lookup(db, &c->who, k, &done, &result, &again) || !done)
		return rc;
	ga_error_clear(&c->err);
	return reply(c, db, result, ctx);
}
