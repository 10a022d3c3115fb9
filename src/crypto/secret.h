/*
 * Field encryption and keyed hashes (libsodium).
 *
 * secret_seal(): XChaCha20-Poly1305 with the associated data binding the
 * ciphertext to its place (table, column, row id), so a value copied to
 * another row or column no longer decrypts. Output is text:
 * "v1:" + base64(nonce || ciphertext), safe for a TEXT column.
 *
 * Tokens: 256-bit random values as 64 hex characters; only their BLAKE2b
 * hash is stored.
 */
#ifndef GA_CRYPTO_SECRET_H
#define GA_CRYPTO_SECRET_H

#include <stddef.h>

#include "util/buf.h"
#include "util/result.h"

int secret_seal(const char *table, const char *column, const char *row_id,
		const void *plain, size_t len, struct buf *out);
/* GA_EINVAL when the value was tampered with or belongs elsewhere */
int secret_open(const char *table, const char *column, const char *row_id,
		const char *sealed, struct buf *out);

/* 32 random bytes as 64 hex characters into out[65] */
void token_new(char out[65]);
/* BLAKE2b-256 of a token, as 64 hex characters into out[65] */
void token_hash(const char *token, char out[65]);
/* keyed BLAKE2b-256 (key by purpose) of a message, as hex into out[65] */
void keyed_hash_hex(int purpose, const void *msg, size_t len, char out[65]);
/* constant-time comparison of two NUL-terminated strings */
int secret_equal(const char *a, const char *b);

#endif
