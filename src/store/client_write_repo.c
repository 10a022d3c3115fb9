#include "store/client_write_repo.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

static const char sql_get[] =
    "SELECT client_uuid, account_id, kind, object_id, body_hash, "
    "result_version, created_at FROM client_write WHERE client_uuid = $1";
static const char sql_add[] =
    "INSERT INTO client_write (client_uuid, account_id, kind, object_id, "
    "body_hash, result_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7) ON CONFLICT (client_uuid) DO NOTHING";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))

int store_client_write_get(struct db *db, const char *client_uuid,
			   struct client_write *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	BT(1, client_uuid);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		memset(out, 0, sizeof(*out));
		str_copy(out->client_uuid, sizeof(out->client_uuid),
			 db_column_text(st, 0));
		out->account_id = db_column_int64(st, 1);
		str_copy(out->kind, sizeof(out->kind), db_column_text(st, 2));
		out->object_id = db_column_int64(st, 3);
		str_copy(out->body_hash, sizeof(out->body_hash),
			 db_column_text(st, 4));
		out->result_version = db_column_int64(st, 5);
		str_copy(out->created_at, sizeof(out->created_at),
			 db_column_text(st, 6));
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_client_write_add(struct db *db, const struct client_write *w)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_add, &st);

	BT(1, w->client_uuid);
	BI(2, w->account_id);
	BT(3, w->kind);
	BI(4, w->object_id);
	BT(5, w->body_hash);
	BI(6, w->result_version);
	BT(7, w->created_at);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}
