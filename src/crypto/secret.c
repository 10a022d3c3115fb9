#include "crypto/secret.h"

#include <sodium.h>
#include <string.h>

#include "crypto/keys.h"
#include "util/banned.h"

#define PREFIX	  "v1:"
#define NONCE	  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES	  crypto_aead_xchacha20poly1305_ietf_ABYTES
#define MAX_PLAIN (1u << 20)

static void make_ad(const char *table, const char *column, const char *row_id,
		    struct buf *ad)
{
	buf_adds(ad, table);
	buf_addch(ad, '\x1f');
	buf_adds(ad, column);
	buf_addch(ad, '\x1f');
	buf_adds(ad, row_id);
}

int secret_seal(const char *table, const char *column, const char *row_id,
		const void *plain, size_t len, struct buf *out)
{
	unsigned char *box = NULL;
	unsigned long long clen = 0;
	struct buf ad;
	size_t b64len;
	int rc = GA_OK;

	if (len > MAX_PLAIN)
		return GA_ETOOBIG;
	buf_init(&ad, 1024);
	make_ad(table, column, row_id, &ad);
	box = sodium_malloc(NONCE + len + ABYTES);
	randombytes_buf(box, NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    box + NONCE, &clen, plain, len, (const unsigned char *)ad.ptr,
	    ad.len, NULL, box, keys_get(KEY_FIELD));
	b64len = sodium_base64_ENCODED_LEN(NONCE + clen,
					   sodium_base64_VARIANT_ORIGINAL);
	rc = buf_adds(out, PREFIX);
	if (!rc)
		rc = buf_grow(out, b64len);
	if (!rc) {
		sodium_bin2base64(out->ptr + out->len, b64len, box,
				  NONCE + (size_t)clen,
				  sodium_base64_VARIANT_ORIGINAL);
		out->len += strlen(out->ptr + out->len);
	}
	sodium_free(box);
	buf_release(&ad);
	return rc;
}

int secret_open(const char *table, const char *column, const char *row_id,
		const char *sealed, struct buf *out)
{
	size_t slen, bin_len = 0;
	unsigned char *bin;
	unsigned long long plen = 0;
	struct buf ad;
	int rc = GA_EINVAL;

	if (strncmp(sealed, PREFIX, 3))
		return GA_EINVAL;
	sealed += 3;
	slen = strlen(sealed);
	bin = sodium_malloc(slen + 1);
	buf_init(&ad, 1024);
	make_ad(table, column, row_id, &ad);
	if (sodium_base642bin(bin, slen, sealed, slen, NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) ||
	    bin_len < NONCE + ABYTES)
		goto out;
	if (buf_grow(out, bin_len))
		goto out;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)out->ptr + out->len, &plen, NULL, bin + NONCE,
		bin_len - NONCE, (const unsigned char *)ad.ptr, ad.len, bin,
		keys_get(KEY_FIELD)))
		goto out;
	out->len += (size_t)plen;
	out->ptr[out->len] = '\0';
	rc = GA_OK;
out:
	sodium_free(bin);
	buf_release(&ad);
	return rc;
}

void token_new(char out[65])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, 65, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
			   strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

void keyed_hash_hex(int purpose, const void *msg, size_t len, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), msg, len,
			   keys_get((enum key_purpose)purpose), KEY_BYTES);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && !sodium_memcmp(a, b, n);
}
