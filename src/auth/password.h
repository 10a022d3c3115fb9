/*
 * Passwords: Argon2id through libsodium, stored in the encoded "$argon2id$"
 * form with t=2 and 19 MiB (OWASP's minimum for Argon2id), and a policy:
 * at least 10 characters, at most 128 bytes, not on the bundled list of
 * common passwords (data/common-passwords.txt), not the username.
 */
#ifndef GA_AUTH_PASSWORD_H
#define GA_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/result.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 128
#define PASSWORD_HASH_MAX  128

/* Load the common-password list (one per line). Missing file: GA_EIO. */
int password_load_common(const char *path, struct ga_error *err);
void password_unload_common(void);

/* GA_OK or GA_EINVAL with code weak_password and a reason. */
int password_check_policy(const char *password, const char *username,
			  struct ga_error *err);
/* out gets the encoded hash (at most PASSWORD_HASH_MAX bytes). */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
/* Spend the time of one verification, for unknown usernames. */
void password_dummy_verify(const char *password);
/* A random temporary password of 16 characters from an unambiguous set. */
void password_generate(char out[17]);

#endif
