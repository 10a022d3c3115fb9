#include "store/account_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/buf.h"
#include "util/strutil.h"
#include "util/banned.h"

#define ACCOUNT_COLUMNS                                                        \
	"id, username, display_name, phone, org, role, scope, disabled, "      \
	"password_hash, must_change_password, totp_secret, totp_pending, "     \
	"totp_last_step, failed_logins, locked_until, created_at, "            \
	"updated_at, version"

static const char sql_insert[] =
    "INSERT INTO account (username, display_name, phone, org, role, scope, "
    "disabled, password_hash, must_change_password, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) "
    "RETURNING id";
static const char sql_update[] =
    "UPDATE account SET display_name = $2, phone = $3, org = $4, role = $5, "
    "scope = $6, disabled = $7, password_hash = $8, "
    "must_change_password = $9, totp_secret = $10, totp_pending = $11, "
    "totp_last_step = $12, failed_logins = $13, locked_until = $14, "
    "updated_at = $15, version = version + 1 WHERE id = $1";
static const char sql_by_id[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = $1 "
    "AND scope >= $2 AND scope < $3";
static const char sql_by_username[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE username = $1";
static const char sql_list[] =
    "SELECT " ACCOUNT_COLUMNS " FROM account WHERE scope >= $1 "
    "AND scope < $2 AND id > $3 AND (CAST($4 AS TEXT) = '' OR role = $4) "
    "AND (CAST($5 AS TEXT) = '' OR username LIKE $5 OR display_name LIKE $5) "
    "ORDER BY id LIMIT $6";

#define SESSION_COLUMNS                                                        \
	"token_hash, public_id, account_id, created_at, last_seen_at, "        \
	"expires_at, addr, user_agent, revoked_at"

static const char sql_session_insert[] =
    "INSERT INTO session (" SESSION_COLUMNS ") "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '')";
static const char sql_session_get[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE token_hash = $1";
static const char sql_session_by_public[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE public_id = $1 "
    "AND revoked_at = ''";
static const char sql_session_touch[] =
    "UPDATE session SET last_seen_at = $2 WHERE token_hash = $1";
static const char sql_session_revoke[] =
    "UPDATE session SET revoked_at = $3 WHERE public_id = $1 "
    "AND (CAST($2 AS BIGINT) = 0 OR account_id = $2) AND revoked_at = ''";
static const char sql_session_revoke_all[] =
    "UPDATE session SET revoked_at = $2 WHERE account_id = $1 "
    "AND revoked_at = '' AND token_hash <> $3";
static const char sql_session_list[] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE account_id = $1 "
    "AND revoked_at = '' AND expires_at > $2 ORDER BY created_at DESC "
    "LIMIT 100";
static const char sql_rate_hit[] =
    "INSERT INTO rate_limit (key, window_start, count) VALUES ($1, $2, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN rate_limit.window_start = excluded.window_start "
    "THEN rate_limit.count + 1 ELSE 1 END, "
    "window_start = excluded.window_start RETURNING count";

static void read_account(struct db_stmt *st, struct account *a)
{
	memset(a, 0, sizeof(*a));
	a->id = db_column_int64(st, 0);
	str_copy(a->username, sizeof(a->username), db_column_text(st, 1));
	str_copy(a->display_name, sizeof(a->display_name),
		 db_column_text(st, 2));
	str_copy(a->phone_sealed, sizeof(a->phone_sealed),
		 db_column_text(st, 3));
	str_copy(a->org, sizeof(a->org), db_column_text(st, 4));
	a->role = role_from_name(db_column_text(st, 5));
	str_copy(a->scope, sizeof(a->scope), db_column_text(st, 6));
	a->disabled = db_column_int64(st, 7) != 0;
	str_copy(a->password_hash, sizeof(a->password_hash),
		 db_column_text(st, 8));
	a->must_change_password = db_column_int64(st, 9) != 0;
	str_copy(a->totp_secret_sealed, sizeof(a->totp_secret_sealed),
		 db_column_text(st, 10));
	str_copy(a->totp_pending_sealed, sizeof(a->totp_pending_sealed),
		 db_column_text(st, 11));
	a->totp_last_step = db_column_int64(st, 12);
	a->failed_logins = (int)db_column_int64(st, 13);
	str_copy(a->locked_until, sizeof(a->locked_until),
		 db_column_text(st, 14));
	str_copy(a->created_at, sizeof(a->created_at), db_column_text(st, 15));
	str_copy(a->updated_at, sizeof(a->updated_at), db_column_text(st, 16));
	a->version = db_column_int64(st, 17);
}

int store_account_insert(struct db *db, struct account *a)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	if (!rc)
		rc = db_bind_text(st, 1, a->username);
	if (!rc)
		rc = db_bind_text(st, 2, a->display_name);
	if (!rc)
		rc = db_bind_text(st, 3, a->phone_sealed);
	if (!rc)
		rc = db_bind_text(st, 4, a->org);
	if (!rc)
		rc = db_bind_text(st, 5, role_name(a->role));
	if (!rc)
		rc = db_bind_text(st, 6, a->scope);
	if (!rc)
		rc = db_bind_int64(st, 7, a->disabled);
	if (!rc)
		rc = db_bind_text(st, 8, a->password_hash);
	if (!rc)
		rc = db_bind_int64(st, 9, a->must_change_password);
	if (!rc)
		rc = db_bind_text(st, 10, a->created_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		a->id = db_column_int64(st, 0);
		a->version = 1;
		str_copy(a->updated_at, sizeof(a->updated_at), a->created_at);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_account_update(struct db *db, struct account *a)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, a->id);
	if (!rc)
		rc = db_bind_text(st, 2, a->display_name);
	if (!rc)
		rc = db_bind_text(st, 3, a->phone_sealed);
	if (!rc)
		rc = db_bind_text(st, 4, a->org);
	if (!rc)
		rc = db_bind_text(st, 5, role_name(a->role));
	if (!rc)
		rc = db_bind_text(st, 6, a->scope);
	if (!rc)
		rc = db_bind_int64(st, 7, a->disabled);
	if (!rc)
		rc = db_bind_text(st, 8, a->password_hash);
	if (!rc)
		rc = db_bind_int64(st, 9, a->must_change_password);
	if (!rc)
		rc = db_bind_text(st, 10, a->totp_secret_sealed);
	if (!rc)
		rc = db_bind_text(st, 11, a->totp_pending_sealed);
	if (!rc)
		rc = db_bind_int64(st, 12, a->totp_last_step);
	if (!rc)
		rc = db_bind_int64(st, 13, a->failed_logins);
	if (!rc)
		rc = db_bind_text(st, 14, a->locked_until);
	if (!rc)
		rc = db_bind_text(st, 15, a->updated_at);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ENOTFOUND;
	if (!rc)
		a->version++;
	db_finalize(st);
	return rc;
}

static int one_account(struct db_stmt *st, struct account *out)
{
	int rc = db_step(st);

	if (rc == GA_ROW) {
		read_account(st, out);
		return GA_OK;
	}
	return rc == GA_DONE ? GA_ENOTFOUND : rc;
}

int store_account_by_id(struct db *db, int64_t id, const char *scope_prefix,
			struct account *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_by_id, &st);

	scope_range_of(scope_prefix, &sr);
	if (!rc)
		rc = db_bind_int64(st, 1, id);
	if (!rc)
		rc = db_bind_text(st, 2, sr.lo);
	if (!rc)
		rc = db_bind_text(st, 3, sr.hi);
	if (!rc)
		rc = one_account(st, out);
	db_finalize(st);
	return rc;
}

int store_account_by_username(struct db *db, const char *username,
			      struct account *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_by_username, &st);

	if (!rc)
		rc = db_bind_text(st, 1, username);
	if (!rc)
		rc = one_account(st, out);
	db_finalize(st);
	return rc;
}

int store_account_list(struct db *db, const struct account_filter *f,
		       int (*fn)(const struct account *a, void *ctx), void *ctx)
{
	struct scope_range sr;
	struct account a;
	struct buf like;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	buf_init(&like, 256);
	if (f->query && *f->query) {
		/* the query is bound, never formatted; % and _ match literally
		 * enough for names, so they are not escaped */
		buf_addch(&like, '%');
		buf_adds(&like, f->query);
		buf_addch(&like, '%');
	}
	scope_range_of(f->scope_prefix, &sr);
	if (!rc)
		rc = db_bind_text(st, 1, sr.lo);
	if (!rc)
		rc = db_bind_text(st, 2, sr.hi);
	if (!rc)
		rc = db_bind_int64(st, 3, f->after_id);
	if (!rc)
		rc = db_bind_text(st, 4, f->role ? f->role : "");
	if (!rc)
		rc = db_bind_text(st, 5, like.ptr);
	if (!rc)
		rc = db_bind_int64(st, 6, f->limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_account(st, &a);
		rc = fn(&a, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	buf_release(&like);
	return rc;
}

static void read_session(struct db_stmt *st, struct session_row *s)
{
	memset(s, 0, sizeof(*s));
	str_copy(s->token_hash, sizeof(s->token_hash), db_column_text(st, 0));
	str_copy(s->public_id, sizeof(s->public_id), db_column_text(st, 1));
	s->account_id = db_column_int64(st, 2);
	str_copy(s->created_at, sizeof(s->created_at), db_column_text(st, 3));
	str_copy(s->last_seen_at, sizeof(s->last_seen_at),
		 db_column_text(st, 4));
	str_copy(s->expires_at, sizeof(s->expires_at), db_column_text(st, 5));
	str_copy(s->addr, sizeof(s->addr), db_column_text(st, 6));
	str_copy(s->user_agent, sizeof(s->user_agent), db_column_text(st, 7));
	str_copy(s->revoked_at, sizeof(s->revoked_at), db_column_text(st, 8));
}

int store_session_insert(struct db *db, const struct session_row *s)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_insert, &st);

	if (!rc)
		rc = db_bind_text(st, 1, s->token_hash);
	if (!rc)
		rc = db_bind_text(st, 2, s->public_id);
	if (!rc)
		rc = db_bind_int64(st, 3, s->account_id);
	if (!rc)
		rc = db_bind_text(st, 4, s->created_at);
	if (!rc)
		rc = db_bind_text(st, 5, s->last_seen_at);
	if (!rc)
		rc = db_bind_text(st, 6, s->expires_at);
	if (!rc)
		rc = db_bind_text(st, 7, s->addr);
	if (!rc)
		rc = db_bind_text(st, 8, s->user_agent);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_session_get(struct db *db, const char *token_hash,
		      struct session_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_get, &st);

	if (!rc)
		rc = db_bind_text(st, 1, token_hash);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_session(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_session_by_public_id(struct db *db, const char *public_id,
			       struct session_row *out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_by_public, &st);

	if (!rc)
		rc = db_bind_text(st, 1, public_id);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_session(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

static int exec2(struct db *db, const char *sql, const char *a, const char *b,
		 int64_t *changes)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	if (!rc)
		rc = db_bind_text(st, 1, a);
	if (!rc)
		rc = db_bind_text(st, 2, b);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && changes)
		*changes = db_changes(st);
	db_finalize(st);
	return rc;
}

int store_session_touch(struct db *db, const char *token_hash, const char *now)
{
	return exec2(db, sql_session_touch, token_hash, now, NULL);
}

int store_session_revoke(struct db *db, const char *public_id,
			 int64_t account_id, const char *now)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_revoke, &st);

	if (!rc)
		rc = db_bind_text(st, 1, public_id);
	if (!rc)
		rc = db_bind_int64(st, 2, account_id);
	if (!rc)
		rc = db_bind_text(st, 3, now);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) == 0)
		rc = GA_ENOTFOUND;
	db_finalize(st);
	return rc;
}

int store_session_revoke_all(struct db *db, int64_t account_id, const char *now,
			     const char *except_hash)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_revoke_all, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, account_id);
	if (!rc)
		rc = db_bind_text(st, 2, now);
	if (!rc)
		rc = db_bind_text(st, 3, except_hash ? except_hash : "");
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_session_list(struct db *db, int64_t account_id, const char *now,
		       int (*fn)(const struct session_row *s, void *ctx),
		       void *ctx)
{
	struct session_row s;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_session_list, &st);

	if (!rc)
		rc = db_bind_int64(st, 1, account_id);
	if (!rc)
		rc = db_bind_text(st, 2, now);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_session(st, &s);
		rc = fn(&s, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_rate_hit(struct db *db, const char *key, const char *window_start,
		   int64_t *count)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rate_hit, &st);

	if (!rc)
		rc = db_bind_text(st, 1, key);
	if (!rc)
		rc = db_bind_text(st, 2, window_start);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*count = db_column_int64(st, 0);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}
