/*
 * Managing accounts (sysadmin: create, disable, enable, unlock, reset the
 * password, end sessions; secadmin: role and scope). Each call is one
 * transaction with its audit entry. An account outside the caller's scope
 * answers GA_ENOTFOUND, as an absent one. Admin accounts are managed from
 * the command line only, so no admin can take over another admin's duty.
 */
#ifndef GA_SERVICE_ACCOUNT_H
#define GA_SERVICE_ACCOUNT_H

#include <stdbool.h>

#include "auth/account.h"
#include "service/auth_service.h"
#include "store/account_repo.h"

struct account_new {
	const char *username;
	const char *display_name;
	const char *phone;    /* may be NULL */
	const char *org;      /* may be NULL */
	const char *role;     /* NULL: "none", waiting for secadmin */
	const char *scope;    /* NULL: the creator's scope */
	const char *password; /* NULL: a temporary one is made */
	bool temporary;	      /* must be changed at first login */
};

/*
 * Create an account. `by` is NULL for the command line. When the password
 * was generated it is copied to temp_password (shown once).
 */
int accounts_create(struct db *db, const struct principal *by,
		    const struct request_meta *m, const struct account_new *in,
		    struct account *out, char temp_password[17],
		    struct ga_error *err);

int accounts_get(struct db *db, const struct principal *by, int64_t id,
		 struct account *out, struct ga_error *err);

/*
 * The name a record shows for the worker who wrote it (display name, else
 * username) into out; "" when the account is gone. Staff names, not child
 * data: any reader of the record may see who wrote it.
 */
int accounts_worker_name(struct db *db, int64_t id, char *out, size_t size);

enum account_op {
	ACCOUNT_DISABLE,
	ACCOUNT_ENABLE,
	ACCOUNT_UNLOCK,
	ACCOUNT_RESET_PASSWORD, /* temp_password gets the new one */
	ACCOUNT_END_SESSIONS,
};

int accounts_apply(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id, enum account_op op,
		   struct account *out, char temp_password[17],
		   struct ga_error *err);

int accounts_assign(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id, const char *role,
		    const char *scope, const char *org, int64_t version,
		    struct account *out, struct ga_error *err);

/* The plain phone of an account (opened from its sealed form). */
int accounts_phone(const struct account *a, char out[32]);

/* Validators the API layer shares. */
bool accounts_username_ok(const char *s, size_t len);
bool accounts_phone_ok(const char *s, size_t len);
bool accounts_text_ok(const char *s, size_t len);

#endif
