#include "crypto/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define NSUB 5

struct keyring {
	unsigned char sub[NSUB][KEY_BYTES];
	unsigned char audit_sk[crypto_sign_SECRETKEYBYTES];
	unsigned char audit_pk[crypto_sign_PUBLICKEYBYTES];
	bool have_master;
	bool have_audit_sk;
	bool have_audit_pk;
};

static struct keyring *ring;

/*
 * Write a new key file atomically: into a temporary file, then link() it
 * into place, which fails harmlessly when another process made it first.
 */
static int write_hex_file(const char *path, const unsigned char *bytes,
			  size_t n, mode_t mode, struct ga_error *err)
{
	char hex[2 * 64 + 2];
	char tmp[4200];
	int fd, rc = GA_OK;
	ssize_t w;

	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	sodium_bin2hex(hex, sizeof(hex) - 1, bytes, n);
	hex[2 * n] = '\n';
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		sodium_memzero(hex, sizeof(hex));
		return ga_error_set(
		    err, GA_EIO, "key_file", "",
		    "无法创建密钥文件 %s (cannot create key file): %s", path,
		    strerror(errno));
	}
	w = write(fd, hex, 2 * n + 1);
	sodium_memzero(hex, sizeof(hex));
	if (w != (ssize_t)(2 * n + 1) || fsync(fd))
		rc = GA_EIO;
	if (close(fd))
		rc = GA_EIO;
	if (!rc && link(tmp, path) && errno != EEXIST)
		rc = GA_EIO;
	unlink(tmp);
	if (rc)
		return ga_error_set(
		    err, GA_EIO, "key_file", "",
		    "写入密钥文件失败 %s (cannot write key file)", path);
	return GA_OK;
}

static int read_hex_file(const char *path, unsigned char *bytes, size_t n,
			 bool secret, struct ga_error *err)
{
	char hex[2 * 64 + 8];
	struct stat st;
	size_t bin_len = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = GA_OK;

	if (fd < 0)
		return ga_error_set(
		    err, GA_EIO, "key_file", "",
		    "无法读取密钥文件 %s (cannot read key file; "
		    "run guanai init): %s",
		    path, strerror(errno));
	if (secret && !fstat(fd, &st) && (st.st_mode & 077)) {
		close(fd);
		return ga_error_set(err, GA_EINVAL, "key_file", "",
				    "密钥文件 %s 权限过宽，应为 0600 (key file "
				    "must not be readable by group or others)",
				    path);
	}
	r = read(fd, hex, sizeof(hex) - 1);
	close(fd);
	if (r < (ssize_t)(2 * n) ||
	    sodium_hex2bin(bytes, n, hex, (size_t)r, "\n", &bin_len, NULL) ||
	    bin_len != n)
		rc = ga_error_set(err, GA_EINVAL, "key_file", "",
				  "密钥文件 %s 格式错误 (malformed key file)",
				  path);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

int keys_create_missing(const char *key_file, const char *audit_key_file,
			struct ga_error *err)
{
	unsigned char k[crypto_sign_SEEDBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char pub[4200];
	int rc = GA_OK;

	if (access(key_file, F_OK)) {
		crypto_kdf_keygen(k);
		rc = write_hex_file(key_file, k, KEY_BYTES, 0600, err);
	}
	if (!rc && audit_key_file && access(audit_key_file, F_OK)) {
		randombytes_buf(k, sizeof(k));
		rc = write_hex_file(audit_key_file, k, sizeof(k), 0600, err);
		/* the public half of whichever secret won the race */
		if (!rc)
			rc = read_hex_file(audit_key_file, k, sizeof(k), true,
					   err);
		if (!rc) {
			crypto_sign_seed_keypair(pk, sk, k);
			snprintf(pub, sizeof(pub), "%s.pub", audit_key_file);
			rc = write_hex_file(pub, pk, sizeof(pk), 0644, err);
		}
	}
	sodium_memzero(k, sizeof(k));
	sodium_memzero(sk, sizeof(sk));
	return rc;
}

static void ring_alloc(void)
{
	if (ring)
		return;
	ring = sodium_malloc(sizeof(*ring));
	if (!ring)
		BUG("sodium_malloc failed");
	memset(ring, 0, sizeof(*ring));
}

int keys_load(const char *key_file, const char *audit_key_file,
	      struct ga_error *err)
{
	unsigned char master[KEY_BYTES];
	unsigned char seed[crypto_sign_SEEDBYTES];
	int rc;

	ring_alloc();
	sodium_mprotect_readwrite(ring);
	rc = read_hex_file(key_file, master, sizeof(master), true, err);
	for (int i = 1; !rc && i < NSUB; i++)
		crypto_kdf_derive_from_key(ring->sub[i], KEY_BYTES, (uint64_t)i,
					   "guanai__", master);
	if (!rc)
		ring->have_master = true;
	if (!rc && audit_key_file) {
		rc = read_hex_file(audit_key_file, seed, sizeof(seed), true,
				   err);
		if (!rc) {
			crypto_sign_seed_keypair(ring->audit_pk, ring->audit_sk,
						 seed);
			ring->have_audit_sk = ring->have_audit_pk = true;
		}
	}
	sodium_memzero(master, sizeof(master));
	sodium_memzero(seed, sizeof(seed));
	sodium_mprotect_readonly(ring);
	return rc;
}

int keys_load_audit_public(const char *pub_file, struct ga_error *err)
{
	int rc;

	ring_alloc();
	sodium_mprotect_readwrite(ring);
	rc = read_hex_file(pub_file, ring->audit_pk, sizeof(ring->audit_pk),
			   false, err);
	if (!rc)
		ring->have_audit_pk = true;
	sodium_mprotect_readonly(ring);
	return rc;
}

void keys_unload(void)
{
	if (ring)
		sodium_free(ring); /* wipes */
	ring = NULL;
}

bool keys_loaded(void)
{
	return ring && ring->have_master;
}

const unsigned char *keys_get(enum key_purpose p)
{
	if (!keys_loaded() || p < 1 || p >= NSUB)
		BUG("key %d requested before keys_load()", (int)p);
	return ring->sub[p];
}

const unsigned char *keys_audit_secret(void)
{
	return ring && ring->have_audit_sk ? ring->audit_sk : NULL;
}

const unsigned char *keys_audit_public(void)
{
	return ring && ring->have_audit_pk ? ring->audit_pk : NULL;
}
