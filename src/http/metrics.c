/*
 * Request metrics in Prometheus text format: a counter by route, method and
 * status, and a latency histogram by route and status. Counters are
 * lock-free atomics in fixed arrays indexed by slot, so observing a request
 * costs a few increments and never allocates.
 */
#include "http/internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

static const int statuses[] = {200, 201, 204, 206, 301, 302, 304,
			       400, 401, 403, 404, 405, 409, 413,
			       415, 422, 429, 431, 500, 503, 0 /* other */};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
static const char *const methods[] = {"GET",   "HEAD",	 "POST",    "PUT",
				      "PATCH", "DELETE", "OPTIONS", "OTHER"};
#define NMETHOD (sizeof(methods) / sizeof(methods[0]))
/* bucket bounds in seconds; the last bucket is +Inf */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				0.05,	0.1,   0.25,   0.5,   1,    2.5};
#define NBOUND	       (sizeof(bounds) / sizeof(bounds[0]))
#define NSLOT	       (METRICS_MAX_ROUTES + 2)
#define SLOT_STATIC    METRICS_MAX_ROUTES
#define SLOT_UNMATCHED (METRICS_MAX_ROUTES + 1)

struct hist {
	atomic_uint_fast64_t bucket[NBOUND + 1];
	atomic_uint_fast64_t sum_ns;
};

static atomic_uint_fast64_t requests[NSLOT][NMETHOD][NSTATUS];
static struct hist latency[NSLOT][NSTATUS];
static const struct route *table;
static int nroutes;

void metrics_init(const struct route *routes)
{
	table = routes;
	for (nroutes = 0; routes[nroutes].method; nroutes++)
		;
	if (nroutes > METRICS_MAX_ROUTES)
		nroutes = METRICS_MAX_ROUTES;
}

int metrics_slot(const struct route *routes, const struct route *r,
		 bool is_static)
{
	if (r) {
		long i = r - routes;

		return i >= 0 && i < METRICS_MAX_ROUTES ? (int)i
							: SLOT_UNMATCHED;
	}
	return is_static ? SLOT_STATIC : SLOT_UNMATCHED;
}

static size_t status_index(int status)
{
	size_t i;

	for (i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

static size_t method_index(const char *m)
{
	size_t i;

	for (i = 0; i < NMETHOD - 1; i++)
		if (!strcmp(methods[i], m))
			return i;
	return NMETHOD - 1;
}

void metrics_observe(int slot, const char *method, int status,
		     uint64_t duration_ns)
{
	size_t s = status_index(status);
	struct hist *h = &latency[slot][s];
	double secs = (double)duration_ns / 1e9;
	size_t b;

	atomic_fetch_add_explicit(&requests[slot][method_index(method)][s], 1,
				  memory_order_relaxed);
	for (b = 0; b < NBOUND && secs > bounds[b]; b++)
		;
	atomic_fetch_add_explicit(&h->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&h->sum_ns, duration_ns,
				  memory_order_relaxed);
}

static const char *slot_name(int slot)
{
	if (slot == SLOT_STATIC)
		return "static";
	if (slot == SLOT_UNMATCHED || slot >= nroutes)
		return "unmatched";
	return table[slot].pattern;
}

static void status_label(size_t s, char out[8])
{
	if (statuses[s])
		snprintf(out, 8, "%d", statuses[s]);
	else
		memcpy(out, "other", 6);
}

static int render_hist(struct buf *out, const char *route, const char *st,
		       struct hist *h)
{
	uint64_t cum = 0;
	int rc = 0;

	for (size_t b = 0; !rc && b <= NBOUND; b++) {
		cum +=
		    atomic_load_explicit(&h->bucket[b], memory_order_relaxed);
		if (b < NBOUND)
			rc = buf_addf(out,
				      "ga_http_request_duration_seconds_bucket"
				      "{route=\"%s\",status=\"%s\",le=\"%g\"} "
				      "%llu\n",
				      route, st, bounds[b],
				      (unsigned long long)cum);
		else
			rc =
			    buf_addf(out,
				     "ga_http_request_duration_seconds_bucket"
				     "{route=\"%s\",status=\"%s\",le=\"+Inf\"} "
				     "%llu\n",
				     route, st, (unsigned long long)cum);
	}
	if (!rc)
		rc = buf_addf(
		    out,
		    "ga_http_request_duration_seconds_sum{route=\"%s\","
		    "status=\"%s\"} %.6f\n"
		    "ga_http_request_duration_seconds_count{route=\"%s\","
		    "status=\"%s\"} %llu\n",
		    route, st,
		    (double)atomic_load_explicit(&h->sum_ns,
						 memory_order_relaxed) /
			1e9,
		    route, st, (unsigned long long)cum);
	return rc;
}

static bool slot_used(int slot)
{
	return slot < nroutes || slot == SLOT_STATIC || slot == SLOT_UNMATCHED;
}

int http_metrics_render(struct buf *out)
{
	char st[8];
	int rc = buf_adds(out, "# HELP ga_http_requests_total HTTP requests by "
			       "route, method and status.\n"
			       "# TYPE ga_http_requests_total counter\n");

	for (int slot = 0; !rc && slot < (int)NSLOT; slot++) {
		if (!slot_used(slot))
			continue;
		for (size_t m = 0; !rc && m < NMETHOD; m++)
			for (size_t s = 0; !rc && s < NSTATUS; s++) {
				uint64_t v =
				    atomic_load_explicit(&requests[slot][m][s],
							 memory_order_relaxed);

				if (!v)
					continue;
				status_label(s, st);
				rc = buf_addf(
				    out,
				    "ga_http_requests_total{route=\"%s\","
				    "method=\"%s\",status=\"%s\"} "
				    "%llu\n",
				    slot_name(slot), methods[m], st,
				    (unsigned long long)v);
			}
	}
	if (!rc)
		rc = buf_adds(out,
			      "# HELP ga_http_request_duration_seconds Time "
			      "from request start to response completion.\n"
			      "# TYPE ga_http_request_duration_seconds "
			      "histogram\n");
	for (int slot = 0; !rc && slot < (int)NSLOT; slot++) {
		if (!slot_used(slot))
			continue;
		for (size_t s = 0; !rc && s < NSTATUS; s++) {
			struct hist *h = &latency[slot][s];
			uint64_t any = 0;

			for (size_t b = 0; b <= NBOUND; b++)
				any += atomic_load_explicit(
				    &h->bucket[b], memory_order_relaxed);
			if (!any)
				continue;
			status_label(s, st);
			rc = render_hist(out, slot_name(slot), st, h);
		}
	}
	return rc;
}
