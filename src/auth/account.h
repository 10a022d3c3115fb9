/*
 * An account as the store keeps it, and the principal a request acts as.
 * Plain values; no owned memory. Sealed fields stay sealed here: services
 * open them (crypto/secret.h) only when they need the plain value.
 */
#ifndef GA_AUTH_ACCOUNT_H
#define GA_AUTH_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/permissions.h"

#define USERNAME_MAX	 32
#define DISPLAY_NAME_MAX 96
#define ORG_MAX		 96
#define PHONE_MAX	 20
#define TIME_TEXT	 24

struct account {
	int64_t id;
	char username[USERNAME_MAX + 1];
	char display_name[DISPLAY_NAME_MAX + 1];
	char phone_sealed[160];
	char org[ORG_MAX + 1];
	enum role role;
	char scope[13]; /* 12-digit division code */
	bool disabled;
	char password_hash[128];
	bool must_change_password;
	char totp_secret_sealed[200]; /* "" when not enrolled */
	char totp_pending_sealed[200];
	int64_t totp_last_step;
	int failed_logins;
	char locked_until[TIME_TEXT]; /* "" or a UTC time */
	char created_at[TIME_TEXT];
	char updated_at[TIME_TEXT];
	int64_t version;
};

/* "active", "locked" or "disabled" at time `now` (UTC text) */
const char *account_state(const struct account *a, const char *now);

/*
 * Who a request acts as. `scope_prefix` is the scope code without its
 * trailing zero groups (DESIGN.md: a county-level user's scope is the
 * county prefix); data queries filter on it.
 */
struct principal {
	struct account account;
	char scope_prefix[13];
	char session_id[17]; /* public id of the session */
	char token_hash[65];
	bool authenticated;
	/* a session that may only change its password or enrol TOTP */
	bool restricted;
};

/* Fill p->scope_prefix from p->account.scope. */
void principal_set_scope(struct principal *p);

#endif
