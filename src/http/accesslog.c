/*
 * One JSON line per request on stdout. Lines are built on the stack and
 * appended to a shared buffer under a mutex; a background thread flushes it
 * every second (and when it fills), so a busy server does not pay a write
 * system call per request. No personal data: the route pattern is logged,
 * never the concrete path, query, address or user agent.
 */
#include "http/internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/timeutil.h"
#include "util/banned.h"

#define LOG_BUF 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static char pending[LOG_BUF];
static size_t npending;
static bool running;
static pthread_t flusher;

/* under lock */
static void flush_locked(void)
{
	size_t off = 0;

	while (off < npending) {
		ssize_t n = write(STDOUT_FILENO, pending + off, npending - off);

		if (n <= 0)
			break; /* nowhere to log to; drop rather than block */
		off += (size_t)n;
	}
	npending = 0;
}

static void *flush_loop(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (running) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&wake, &lock, &until);
		flush_locked();
	}
	flush_locked();
	pthread_mutex_unlock(&lock);
	return NULL;
}

void accesslog_start(void)
{
	pthread_mutex_lock(&lock);
	running = true;
	pthread_mutex_unlock(&lock);
	pthread_create(&flusher, NULL, flush_loop, NULL);
}

void accesslog_stop(void)
{
	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	running = false;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(flusher, NULL);
}

void accesslog_write(const char *request_id, const char *method,
		     const char *route, int status, uint64_t bytes,
		     uint64_t duration_ns)
{
	char ts[32];
	char line[512];
	int n;

	time_format_utc(time(NULL), ts, sizeof(ts));
	/* every value here is ours (pattern, method token, ids): no escaping */
	n = snprintf(line, sizeof(line),
		     "{\"ts\":\"%s\",\"request_id\":\"%s\",\"method\":\"%s\","
		     "\"route\":\"%s\",\"status\":%d,\"bytes\":%llu,"
		     "\"ms\":%.3f}\n",
		     ts, request_id, method, route, status,
		     (unsigned long long)bytes, (double)duration_ns / 1e6);
	if (n <= 0 || (size_t)n >= sizeof(line))
		return;
	pthread_mutex_lock(&lock);
	if (npending + (size_t)n > sizeof(pending) || !running)
		flush_locked();
	memcpy(pending + npending, line, (size_t)n);
	npending += (size_t)n;
	if (!running)
		flush_locked();
	pthread_mutex_unlock(&lock);
}
