/*
 * The program's secrets, loaded once at start from files outside the
 * database (DESIGN.md: key file), held in sodium_malloc'ed memory that is
 * read-only after loading and wiped at exit.
 *
 * - the master key file (--key-file, default var/guanai.key): 32 random bytes
 *   as hex. Subkeys are derived from it (libsodium's KDF) for field
 *   encryption, the blind index and CSRF tokens. Every server instance of a
 *   deployment must use the same file.
 * - the audit signing key (--audit-key, default var/audit.key): an Ed25519
 *   seed as hex; its public half goes to the same path + ".pub" so that
 *   `guanai audit verify` can check checkpoints without the secret.
 *
 * `guanai init` creates missing files (mode 0600). Loading never creates.
 */
#ifndef GA_CRYPTO_KEYS_H
#define GA_CRYPTO_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/result.h"

#define KEY_BYTES 32

enum key_purpose {
	KEY_FIELD = 1,	     /* XChaCha20-Poly1305 of personal fields */
	KEY_BLIND_INDEX = 2, /* keyed BLAKE2b of ID numbers */
	KEY_CSRF = 3,	     /* CSRF token = keyed hash of the session token */
	KEY_REPLAY = 4,	     /* keyed BLAKE2b of a write's body, for replays */
};

/* Create the key files that do not exist yet. */
int keys_create_missing(const char *key_file, const char *audit_key_file,
			struct ga_error *err);
/* Load both; the audit secret is optional (audit_key_file may be NULL). */
int keys_load(const char *key_file, const char *audit_key_file,
	      struct ga_error *err);
/* Load only an audit public key (for verification). */
int keys_load_audit_public(const char *pub_file, struct ga_error *err);
void keys_unload(void);
bool keys_loaded(void);

/* Borrowed; valid until keys_unload(). BUG() when not loaded. */
const unsigned char *keys_get(enum key_purpose p);
/* NULL when the audit secret was not loaded */
const unsigned char *keys_audit_secret(void); /* 64 bytes */
const unsigned char *keys_audit_public(void); /* 32 bytes */

#endif
