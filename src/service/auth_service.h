/*
 * Logging in and out, sessions, own password and second factor.
 *
 * Sessions: a 256-bit random token in an HttpOnly cookie, stored only as its
 * BLAKE2b hash, in the database (several instances share them). A session
 * ends after SESSION_IDLE_S without use or SESSION_ABSOLUTE_S after login.
 * The CSRF token is a keyed hash of the session token, so any instance can
 * check it and the web app can fetch it again after a reload.
 *
 * Throttling: LOGIN_MAX_FAILURES wrong passwords (or codes) lock an account
 * for LOGIN_LOCK_S whatever comes next; an address may try LOGIN_RATE_MAX
 * times per LOGIN_RATE_WINDOW_S. Both are audited.
 */
#ifndef GA_SERVICE_AUTH_H
#define GA_SERVICE_AUTH_H

#include <stdbool.h>

#include "auth/account.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/result.h"

#define SESSION_IDLE_S	    (30 * 60)
#define SESSION_ABSOLUTE_S  (12 * 60 * 60)
#define LOGIN_MAX_FAILURES  5
#define LOGIN_LOCK_S	    (15 * 60)
#define LOGIN_RATE_MAX	    30 /* the default; see auth_set_login_rate */
#define LOGIN_RATE_WINDOW_S (5 * 60)

/* Where a request came from: for the audit log and the session list. */
struct request_meta {
	const char *addr;
	const char *request_id;
	const char *user_agent;
};

struct login_result {
	struct principal who;
	char token[65]; /* goes into the cookie, never stored */
	char csrf[65];
};

int auth_login(struct db *db, const char *username, const char *password,
	       const char *totp, const struct request_meta *m,
	       struct login_result *out, struct ga_error *err);
/* The principal of a live session token; GA_EUNAUTH otherwise. */
int auth_resolve(struct db *db, const char *token, struct principal *out);
void auth_csrf_of(const char *token, char out[65]);
int auth_logout(struct db *db, const struct principal *p,
		const struct request_meta *m);
/*
 * Change p's own password. Every session of the account ends, this one
 * too; *fresh gets the new session (token for the cookie, CSRF token) the
 * client goes on with, and p becomes it.
 */
int auth_change_password(struct db *db, struct principal *p,
			 const char *old_password, const char *new_password,
			 const struct request_meta *m,
			 struct login_result *fresh, struct ga_error *err);
/* Start TOTP enrolment: a new pending secret, its URI and QR code. */
int auth_totp_begin(struct db *db, struct principal *p,
		    const struct request_meta *m, char secret[40],
		    struct buf *uri, struct buf *svg, struct ga_error *err);
int auth_totp_confirm(struct db *db, struct principal *p, const char *code,
		      const struct request_meta *m, struct ga_error *err);

/* Record an audit entry for p (may be NULL) in its own transaction. */
int auth_audit(struct db *db, const struct principal *p,
	       const struct request_meta *m, const char *action,
	       const char *object_type, const char *object_id,
	       const char *outcome);
/* The same inside the caller's transaction. */
int auth_audit_in_tx(struct db *db, const struct principal *p,
		     const struct request_meta *m, const char *action,
		     const char *object_type, const char *object_id,
		     const char *outcome);

/*
 * Logins an address may try per window (serve --login-rate-max; the
 * default LOGIN_RATE_MAX). Set once at start-up, before serving.
 */
void auth_set_login_rate(int max);

#endif
