#include "api/cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define SLOTS	4096
#define KEY_MAX 48

struct entry {
	char key[KEY_MAX];
	int status;
	char *data;
	size_t len;
	time_t expires;
};

static struct entry table[SLOTS];
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static unsigned ttl;

static size_t slot_of(const char *key)
{
	/* FNV-1a */
	uint64_t h = 1469598103934665603ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return (size_t)(h % SLOTS);
}

static time_t now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

void answer_cache_init(unsigned ttl_s)
{
	ttl = ttl_s;
}

void answer_cache_clear(void)
{
	pthread_rwlock_wrlock(&lock);
	for (size_t i = 0; i < SLOTS; i++) {
		free(table[i].data);
		memset(&table[i], 0, sizeof(table[i]));
	}
	pthread_rwlock_unlock(&lock);
}

int answer_cache_get(const char *key, int *status, struct buf *out)
{
	struct entry *e = &table[slot_of(key)];
	int rc = -1;

	if (!ttl || strlen(key) >= KEY_MAX)
		return -1;
	pthread_rwlock_rdlock(&lock);
	if (e->data && !strcmp(e->key, key) && e->expires > now_mono()) {
		*status = e->status;
		rc = buf_add(out, e->data, e->len) ? -1 : 0;
	}
	pthread_rwlock_unlock(&lock);
	return rc;
}

void answer_cache_put(const char *key, int status, const char *data, size_t len)
{
	struct entry *e = &table[slot_of(key)];
	char *copy;

	if (!ttl || strlen(key) >= KEY_MAX)
		return;
	copy = xmalloc(len ? len : 1);
	memcpy(copy, data, len);
	pthread_rwlock_wrlock(&lock);
	free(e->data); /* a colliding key simply replaces the older one */
	str_copy(e->key, sizeof(e->key), key);
	e->status = status;
	e->data = copy;
	e->len = len;
	e->expires = now_mono() + (time_t)ttl;
	pthread_rwlock_unlock(&lock);
}
