#include "store/audit_repo.h"

#include <stdio.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

#define ENTRY_COLUMNS                                                          \
	"seq, ts, account_id, role, scope, addr, request_id, action, "         \
	"object_type, object_id, outcome, prev_hash, hash"

static const char sql_next[] =
    "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash";
static const char sql_insert[] =
    "INSERT INTO audit_log (" ENTRY_COLUMNS ") VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13)";
static const char sql_set_head[] =
    "UPDATE audit_head SET hash = $2, signature = $3 WHERE id = 1 "
    "AND seq = $1";
static const char sql_get_head[] =
    "SELECT seq, hash, signature FROM audit_head WHERE id = 1";
static const char sql_checkpoint[] =
    "INSERT INTO audit_checkpoint (seq, hash, ts, signature) "
    "VALUES ($1, $2, $3, $4)";
static const char sql_each[] =
    "SELECT " ENTRY_COLUMNS " FROM audit_log ORDER BY seq";
static const char sql_seq_of_hash[] =
    "SELECT seq FROM audit_log WHERE hash = $1 ORDER BY seq LIMIT 1";
static const char sql_checkpoints[] =
    "SELECT seq, hash, ts, signature FROM audit_checkpoint ORDER BY seq";
static const char sql_query[] =
    "SELECT " ENTRY_COLUMNS " FROM audit_log WHERE "
    "(CAST($1 AS TEXT) = '' OR ts >= $1) AND "
    "(CAST($2 AS TEXT) = '' OR ts < $2) AND "
    "(CAST($3 AS BIGINT) = 0 OR account_id = $3) AND "
    "(CAST($4 AS TEXT) = '' OR action = $4 OR "
    " (CAST($5 AS TEXT) <> '' AND action LIKE $5)) AND "
    "(CAST($6 AS TEXT) = '' OR object_type = $6) AND "
    "(CAST($7 AS TEXT) = '' OR object_id = $7) AND "
    "(CAST($8 AS BIGINT) = 0 OR seq < $8) "
    "ORDER BY seq DESC LIMIT $9";

static void read_entry(struct db_stmt *st, struct audit_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seq = db_column_int64(st, 0);
	str_copy(e->ts, sizeof(e->ts), db_column_text(st, 1));
	e->account_id = db_column_int64(st, 2);
	str_copy(e->role, sizeof(e->role), db_column_text(st, 3));
	str_copy(e->scope, sizeof(e->scope), db_column_text(st, 4));
	str_copy(e->addr, sizeof(e->addr), db_column_text(st, 5));
	str_copy(e->request_id, sizeof(e->request_id), db_column_text(st, 6));
	str_copy(e->action, sizeof(e->action), db_column_text(st, 7));
	str_copy(e->object_type, sizeof(e->object_type), db_column_text(st, 8));
	str_copy(e->object_id, sizeof(e->object_id), db_column_text(st, 9));
	str_copy(e->outcome, sizeof(e->outcome), db_column_text(st, 10));
	str_copy(e->prev_hash, sizeof(e->prev_hash), db_column_text(st, 11));
	str_copy(e->hash, sizeof(e->hash), db_column_text(st, 12));
}

int store_audit_next(struct db *db, int64_t *seq, char prev_hash[65])
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_next, &st);

	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*seq = db_column_int64(st, 0);
		str_copy(prev_hash, 65, db_column_text(st, 1));
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_audit_insert(struct db *db, const struct audit_entry *e)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, e->seq);
	if (!rc)
		rc = db_bind_text(st, 2, e->ts);
	if (!rc)
		rc = e->account_id ? db_bind_int64(st, 3, e->account_id)
				   : db_bind_null(st, 3);
	if (!rc)
		rc = db_bind_text(st, 4, e->role);
	if (!rc)
		rc = db_bind_text(st, 5, e->scope);
	if (!rc)
		rc = db_bind_text(st, 6, e->addr);
	if (!rc)
		rc = db_bind_text(st, 7, e->request_id);
	if (!rc)
		rc = db_bind_text(st, 8, e->action);
	if (!rc)
		rc = db_bind_text(st, 9, e->object_type);
	if (!rc)
		rc = db_bind_text(st, 10, e->object_id);
	if (!rc)
		rc = db_bind_text(st, 11, e->outcome);
	if (!rc)
		rc = db_bind_text(st, 12, e->prev_hash);
	if (!rc)
		rc = db_bind_text(st, 13, e->hash);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_audit_set_head(struct db *db, int64_t seq, const char *hash,
			 const char *signature)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_set_head, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, seq);
	if (!rc)
		rc = db_bind_text(st, 2, hash);
	if (!rc)
		rc = db_bind_text(st, 3, signature);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_EDB;
	db_finalize(st);
	return rc;
}

int store_audit_get_head(struct db *db, int64_t *seq, char hash[65],
			 char signature[129])
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get_head, &st);

	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*seq = db_column_int64(st, 0);
		str_copy(hash, 65, db_column_text(st, 1));
		str_copy(signature, 129, db_column_text(st, 2));
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_audit_checkpoint(struct db *db, int64_t seq, const char *hash,
			   const char *ts, const char *signature)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_checkpoint, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, seq);
	if (!rc)
		rc = db_bind_text(st, 2, hash);
	if (!rc)
		rc = db_bind_text(st, 3, ts);
	if (!rc)
		rc = db_bind_text(st, 4, signature);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_audit_each(struct db *db,
		     int (*fn)(const struct audit_entry *e, void *ctx),
		     void *ctx)
{
	struct audit_entry e;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_each, &st);

	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_entry(st, &e);
		rc = fn(&e, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_audit_seq_of_hash(struct db *db, const char *hash, int64_t *seq)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_seq_of_hash, &st);

	if (!rc)
		rc = db_bind_text(st, 1, hash);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*seq = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_audit_checkpoints(struct db *db,
			    int (*fn)(const struct audit_checkpoint_row *c,
				      void *ctx),
			    void *ctx)
{
	struct audit_checkpoint_row c;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_checkpoints, &st);

	while (!rc && (rc = db_step(st)) == GA_ROW) {
		memset(&c, 0, sizeof(c));
		c.seq = db_column_int64(st, 0);
		str_copy(c.hash, sizeof(c.hash), db_column_text(st, 1));
		str_copy(c.ts, sizeof(c.ts), db_column_text(st, 2));
		str_copy(c.signature, sizeof(c.signature),
			 db_column_text(st, 3));
		rc = fn(&c, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_audit_query(struct db *db, const struct audit_filter *f,
		      int (*fn)(const struct audit_entry *e, void *ctx),
		      void *ctx)
{
	struct audit_entry e;
	char like[64] = "";
	const char *action = f->action ? f->action : "";
	size_t alen = strlen(action);
	bool prefix = alen && action[alen - 1] == '.';
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_query, &st);

	if (prefix) /* "session." matches "session.*" (ids have no % or _) */
		snprintf(like, sizeof(like), "%s%%", action);
	if (!rc)
		rc = db_bind_text(st, 1, f->from ? f->from : "");
	if (!rc)
		rc = db_bind_text(st, 2, f->to ? f->to : "");
	if (!rc)
		rc = db_bind_int64(st, 3, f->account_id);
	if (!rc)
		rc = db_bind_text(st, 4, prefix ? "-" : action);
	if (!rc)
		rc = db_bind_text(st, 5, like);
	if (!rc)
		rc = db_bind_text(st, 6, f->object_type ? f->object_type : "");
	if (!rc)
		rc = db_bind_text(st, 7, f->object_id ? f->object_id : "");
	if (!rc)
		rc = db_bind_int64(st, 8, f->before_seq);
	if (!rc)
		rc = db_bind_int64(st, 9, f->limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_entry(st, &e);
		rc = fn(&e, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
