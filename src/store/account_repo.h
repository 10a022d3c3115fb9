/*
 * Accounts and sessions. Account reads and lists that serve an
 * administrator take the caller's scope prefix and filter by it in SQL, so
 * an account outside the scope answers GA_ENOTFOUND like an absent one.
 */
#ifndef GA_STORE_ACCOUNT_REPO_H
#define GA_STORE_ACCOUNT_REPO_H

#include <stddef.h>
#include <stdint.h>

#include "auth/account.h"
#include "store/db.h"

/* Insert; a->id is set. GA_ECONFLICT when the username is taken. */
int store_account_insert(struct db *db, struct account *a);
/* Write every mutable column of a (by id); version is bumped in a. */
int store_account_update(struct db *db, struct account *a);
int store_account_by_id(struct db *db, int64_t id, const char *scope_prefix,
			struct account *out);
int store_account_by_username(struct db *db, const char *username,
			      struct account *out);

struct account_filter {
	const char *scope_prefix; /* the caller's scope */
	const char *role;	  /* NULL: any */
	const char *query;	  /* substring of username or display name */
	int64_t after_id;	  /* keyset paging */
	int limit;
};

/* Calls fn for each account, ordered by id. */
int store_account_list(struct db *db, const struct account_filter *f,
		       int (*fn)(const struct account *a, void *ctx),
		       void *ctx);

struct session_row {
	char token_hash[65];
	char public_id[17];
	int64_t account_id;
	char created_at[24];
	char last_seen_at[24];
	char expires_at[24];
	char addr[48];
	char user_agent[128];
	char revoked_at[24];
};

int store_session_insert(struct db *db, const struct session_row *s);
int store_session_get(struct db *db, const char *token_hash,
		      struct session_row *out);
/* The live session with this public id; GA_ENOTFOUND otherwise. */
int store_session_by_public_id(struct db *db, const char *public_id,
			       struct session_row *out);
int store_session_touch(struct db *db, const char *token_hash, const char *now);
/* Revoke by public id; account_id 0 means any account. */
int store_session_revoke(struct db *db, const char *public_id,
			 int64_t account_id, const char *now);
int store_session_revoke_all(struct db *db, int64_t account_id, const char *now,
			     const char *except_hash);
/* Live sessions of an account, newest first. */
int store_session_list(struct db *db, int64_t account_id, const char *now,
		       int (*fn)(const struct session_row *s, void *ctx),
		       void *ctx);

/*
 * Fixed-window counter: adds one to `key` in the window that started at
 * window_start (older windows restart at 1) and gives the new count.
 */
int store_rate_hit(struct db *db, const char *key, const char *window_start,
		   int64_t *count);

#endif
