#include "auth/password.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define OPSLIMIT 2
#define MEMLIMIT ((size_t)19 << 20)

static char **common;
static size_t ncommon;
static pthread_mutex_t common_lock = PTHREAD_MUTEX_INITIALIZER;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

int password_load_common(const char *path, struct ga_error *err)
{
	char line[256];
	size_t alloc = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return ga_error_set(err, GA_EIO, "file_unreadable", "",
				    "无法读取常见密码列表 %s (cannot read the "
				    "common-password list): %s",
				    path, strerror(errno));
	pthread_mutex_lock(&common_lock);
	password_unload_common();
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		lower(line);
		if (ncommon == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			common =
			    xrealloc(common, st_mult(alloc, sizeof(*common)));
		}
		common[ncommon++] = xstrdup(line);
	}
	fclose(f);
	if (ncommon)
		qsort(common, ncommon, sizeof(*common), cmp);
	pthread_mutex_unlock(&common_lock);
	return GA_OK;
}

void password_unload_common(void)
{
	for (size_t i = 0; i < ncommon; i++)
		free(common[i]);
	free(common);
	common = NULL;
	ncommon = 0;
}

static bool is_common(const char *password)
{
	char key[PASSWORD_MAX_BYTES + 1];
	const char *p = key;

	str_copy(key, sizeof(key), password);
	lower(key);
	return ncommon &&
	       bsearch(&p, common, ncommon, sizeof(*common), cmp) != NULL;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* one character repeated, or a run of consecutive digits or letters */
static bool trivial(const char *s)
{
	size_t n = strlen(s);
	bool same = true, up = true, down = true;

	for (size_t i = 1; i < n; i++) {
		same &= s[i] == s[0];
		up &= s[i] == s[i - 1] + 1;
		down &= s[i] == s[i - 1] - 1;
	}
	return same || up || down;
}

int password_check_policy(const char *password, const char *username,
			  struct ga_error *err)
{
	size_t len = strlen(password);

	if (len > PASSWORD_MAX_BYTES || !utf8_valid(password, len))
		return ga_error_set(
		    err, GA_EINVAL, "weak_password", "password",
		    "密码过长或含无效字符 (password too long or "
		    "not valid UTF-8)");
	if (utf8_chars(password) < PASSWORD_MIN_CHARS)
		return ga_error_set(
		    err, GA_EINVAL, "weak_password", "password",
		    "密码至少 %d 个字符 (password needs at least "
		    "%d characters)",
		    PASSWORD_MIN_CHARS, PASSWORD_MIN_CHARS);
	if (is_common(password) || trivial(password))
		return ga_error_set(
		    err, GA_EINVAL, "weak_password", "password",
		    "密码过于常见，请换一个 (this password is too "
		    "common; choose another)");
	if (username && !strcasecmp(password, username))
		return ga_error_set(
		    err, GA_EINVAL, "weak_password", "password",
		    "密码不能与用户名相同 (password must differ "
		    "from the username)");
	return GA_OK;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT,
				  MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13))
		return GA_EINTERNAL; /* out of memory */
	return GA_OK;
}

bool password_verify(const char *hash, const char *password)
{
	return !crypto_pwhash_str_verify(hash, password, strlen(password));
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (crypto_pwhash_str_alg(dummy_hash, "guanai-dummy", 12, OPSLIMIT,
				  MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13))
		dummy_hash[0] = '\0';
}

void password_dummy_verify(const char *password)
{
	/* same parameters, same cost, never a match */
	pthread_once(&dummy_once, make_dummy);
	if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, password,
						      strlen(password)) == 0)
		BUG("dummy password matched");
}

void password_generate(char out[17])
{
	static const char set[] =
	    "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

	do {
		for (int i = 0; i < 16; i++)
			out[i] = set[randombytes_uniform(sizeof(set) - 1)];
		out[16] = '\0';
	} while (trivial(out));
}
