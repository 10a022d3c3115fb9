/*
 * Cross-cutting behaviour: security and caching headers on every response,
 * /healthz, /metrics, unknown routes and methods, request-header limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ASSET "/assets/app-3f2a1b9c.js"
#define N(a)  (sizeof(a) / sizeof((a)[0]))

static void healthz_ok(void **state)
{
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-type", "application/json");
	assert_non_null(r.json);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")), "ok");
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_NO_STORE(&r);
	ga_resp_free(&r);
}

static void every_response_has_security_headers(void **state)
{
	static const struct {
		const char *method, *path;
		bool no_store;
	} cases[] = {
	    {"GET", "/healthz", true},
	    {"GET", "/metrics", true},
	    {"GET", "/api/v1/regions", true},
	    {"GET", "/api/v1/regions/500229212000", true},
	    {"GET", "/api/v1/regions?parent=abc", true},
	    {"GET", "/api/v1/regions/990000000000", true},
	    {"GET", "/api/v1/nope", true},
	    {"DELETE", "/api/v1/regions", true},
	    {"GET", "/", false},
	    {"GET", ASSET, false},
	    {"GET", "/regions/500229000000", false},
	    {"GET", "/assets/nope-123.js", false},
	    {"POST", "/", false},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ga_resp r;

		print_message("  %s %s\n", cases[i].method, cases[i].path);
		assert_int_equal(
		    ga_http(cases[i].method, cases[i].path, NULL, NULL, 0, &r),
		    0);
		assert_true(r.status >= 200);
		GA_ASSERT_SECURITY_HEADERS(&r);
		if (cases[i].no_store)
			GA_ASSERT_NO_STORE(&r);
		ga_resp_free(&r);
	}
}

static void request_ids_differ(void **state)
{
	struct ga_resp a, b;

	(void)state;
	assert_int_equal(ga_get("/healthz", &a), 0);
	assert_int_equal(ga_get("/healthz", &b), 0);
	GA_ASSERT_SECURITY_HEADERS(&a);
	GA_ASSERT_SECURITY_HEADERS(&b);
	assert_string_not_equal(ga_resp_header(&a, "x-request-id"),
				ga_resp_header(&b, "x-request-id"));
	ga_resp_free(&a);
	ga_resp_free(&b);
}

static void unknown_api_routes_are_404(void **state)
{
	static const char *const paths[] = {
	    "/api/v1/nope",
	    "/api/v2/regions",
	    "/api/v1/regions/500229212000/children",
	    "/api/",
	    "/api/v1/regions.json",
	};

	(void)state;
	for (size_t i = 0; i < N(paths); i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_get(paths[i], &r), 0);
		GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
		GA_ASSERT_SECURITY_HEADERS(&r);
		GA_ASSERT_NO_STORE(&r);
		ga_resp_free(&r);
	}
}

static void wrong_methods_are_405(void **state)
{
	static const struct {
		const char *method, *path, *allow;
	} cases[] = {
	    {"DELETE", "/api/v1/regions", "GET"},
	    {"POST", "/api/v1/regions", "GET"},
	    {"PUT", "/api/v1/regions", "GET"},
	    {"PATCH", "/api/v1/regions/500229212000", "GET"},
	    {"DELETE", "/api/v1/regions/500229212000", "GET"},
	    {"GET", "/api/v1/regions/lookup", "POST"},
	    {"PUT", "/api/v1/regions/lookup", "POST"},
	    {"POST", "/healthz", "GET"},
	    {"DELETE", "/metrics", "GET"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ga_resp r;
		const char *allow;

		print_message("  %s %s\n", cases[i].method, cases[i].path);
		assert_int_equal(
		    ga_http(cases[i].method, cases[i].path, NULL, NULL, 0, &r),
		    0);
		GA_ASSERT_ERROR(&r, 405, "method_not_allowed", NULL);
		GA_ASSERT_SECURITY_HEADERS(&r);
		allow = ga_resp_header(&r, "allow");
		if (!allow || !strstr(allow, cases[i].allow) ||
		    strstr(allow, cases[i].method))
			fail_msg("Allow: %s (want %s, not %s)",
				 allow ? allow : "(missing)", cases[i].allow,
				 cases[i].method);
		ga_resp_free(&r);
	}
}

/* ---- /metrics ---- */

struct metric_line {
	char *name;   /* e.g. ga_http_requests_total */
	char *labels; /* between the braces, "" when none */
	double value;
};

struct metrics {
	struct metric_line *v;
	size_t n;
	char *text;
};

static void metrics_parse(struct metrics *m, const char *text)
{
	char *save = NULL, *line;

	memset(m, 0, sizeof(*m));
	m->text = strdup(text);
	for (line = strtok_r(m->text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct metric_line ml = {line, "", 0};
		char *sp, *brace;

		if (line[0] == '#' || !line[0])
			continue;
		brace = strchr(line, '{');
		if (brace) {
			char *close = strrchr(line, '}');

			assert_non_null(close);
			*brace = '\0';
			*close = '\0';
			ml.labels = brace + 1;
			sp = close + 1;
		} else {
			sp = strchr(line, ' ');
			assert_non_null(sp);
			*sp = '\0';
			sp++;
		}
		ml.value = strtod(sp, NULL);
		m->v = realloc(m->v, (m->n + 1) * sizeof(*m->v));
		assert_non_null(m->v);
		m->v[m->n++] = ml;
	}
}

static void metrics_free(struct metrics *m)
{
	free(m->v);
	free(m->text);
}

static bool has_label(const char *labels, const char *kv)
{
	const char *p = strstr(labels, kv);

	return p && (p == labels || p[-1] == ',') &&
	       (p[strlen(kv)] == ',' || p[strlen(kv)] == '\0');
}

/* The labels without le="…", for matching buckets with _sum and _count. */
static void strip_le(const char *labels, char *out, size_t size)
{
	const char *le = strstr(labels, "le=\"");
	const char *end;

	if (!le || (le != labels && le[-1] != ',')) {
		snprintf(out, size, "%s", labels);
		return;
	}
	end = strchr(le + 4, '"');
	assert_non_null(end);
	end++;
	if (*end == ',')
		end++;
	else if (le != labels)
		le--;
	snprintf(out, size, "%.*s%s", (int)(le - labels), labels, end);
}

static double find_value(const struct metrics *m, const char *name,
			 const char *labels, bool *found)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].name, name) == 0 &&
		    strcmp(m->v[i].labels, labels) == 0) {
			*found = true;
			return m->v[i].value;
		}
	*found = false;
	return 0;
}

static void fetch_metrics(struct ga_resp *r)
{
	assert_int_equal(ga_get("/metrics", r), 0);
	GA_ASSERT_STATUS(r, 200);
	GA_ASSERT_HEADER_CONTAINS(r, "content-type", "text/plain");
	assert_true(
	    strncmp(ga_resp_header(r, "content-type"), "text/plain", 10) == 0);
	GA_ASSERT_SECURITY_HEADERS(r);
	GA_ASSERT_NO_STORE(r);
}

static void metrics_counts_by_route_pattern(void **state)
{
	struct ga_resp r;
	struct metrics m;
	double regions_200 = 0;
	bool unmatched = false, inf = false;
	size_t nbuckets = 0;

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ga_get("/api/v1/regions/500229212000", &r), 0);
		ga_resp_free(&r);
		assert_int_equal(ga_get("/api/v1/regions/500101000000", &r), 0);
		ga_resp_free(&r);
		assert_int_equal(ga_get("/api/v1/nope-metrics", &r), 0);
		ga_resp_free(&r);
	}
	fetch_metrics(&r);
	assert_false(ga_memmem(r.body, r.len, "500229212000"));
	assert_false(ga_memmem(r.body, r.len, "500101000000"));
	assert_false(ga_memmem(r.body, r.len, "nope-metrics"));
	assert_true(
	    ga_memmem(r.body, r.len, "# TYPE ga_http_requests_total counter"));
	assert_true(
	    ga_memmem(r.body, r.len,
		      "# TYPE ga_http_request_duration_seconds histogram"));
	metrics_parse(&m, r.body);
	for (size_t i = 0; i < m.n; i++) {
		const struct metric_line *l = &m.v[i];

		if (strcmp(l->name, "ga_http_requests_total") == 0) {
			assert_true(strstr(l->labels, "route=\"") != NULL);
			assert_true(strstr(l->labels, "method=\"") != NULL);
			assert_true(strstr(l->labels, "status=\"") != NULL);
			if (has_label(l->labels,
				      "route=\"/api/v1/regions/{code}\"") &&
			    has_label(l->labels, "method=\"GET\"") &&
			    has_label(l->labels, "status=\"200\""))
				regions_200 += l->value;
			if (has_label(l->labels, "route=\"unmatched\"") &&
			    has_label(l->labels, "status=\"404\""))
				unmatched = l->value >= 2;
		} else if (strcmp(l->name,
				  "ga_http_request_duration_seconds_bucket") ==
			   0) {
			assert_true(strstr(l->labels, "le=\"") != NULL);
			nbuckets++;
			if (strstr(l->labels, "le=\"+Inf\""))
				inf = true;
		}
	}
	if (regions_200 < 4)
		fail_msg("route /api/v1/regions/{code} GET 200 counted %g, "
			 "want >= 4",
			 regions_200);
	assert_true(unmatched);
	assert_true(inf);
	assert_true(nbuckets > 1);
	metrics_free(&m);
	ga_resp_free(&r);
}

/* Buckets are cumulative, and +Inf equals _count, for every series. */
static void metrics_histogram_consistent(void **state)
{
	struct ga_resp r;
	struct metrics m;
	char key[1024], prev_key[1024] = "";
	double prev = -1;
	size_t nseries = 0;

	(void)state;
	fetch_metrics(&r);
	metrics_parse(&m, r.body);
	for (size_t i = 0; i < m.n; i++) {
		const struct metric_line *l = &m.v[i];
		bool found_count, found_sum;
		double count, sum;

		if (strcmp(l->name, "ga_http_request_duration_seconds_bucket"))
			continue;
		strip_le(l->labels, key, sizeof(key));
		if (strcmp(key, prev_key) != 0)
			prev = -1;
		if (l->value < prev)
			fail_msg("bucket {%s} decreases", l->labels);
		prev = l->value;
		snprintf(prev_key, sizeof(prev_key), "%s", key);
		if (!strstr(l->labels, "le=\"+Inf\""))
			continue;
		nseries++;
		count = find_value(&m, "ga_http_request_duration_seconds_count",
				   key, &found_count);
		sum = find_value(&m, "ga_http_request_duration_seconds_sum",
				 key, &found_sum);
		if (!found_count || !found_sum)
			fail_msg("no _count/_sum for {%s}", key);
		assert_true(count == l->value);
		assert_true(sum >= 0);
	}
	assert_true(nseries > 0);
	metrics_free(&m);
	ga_resp_free(&r);
}

/* ---- limits ---- */

static void healthz_still_works(void)
{
	struct ga_resp r;

	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void refused_or_closed(const struct ga_resp *r)
{
	if (r->status != 0 && r->status != 400 && r->status != 431 &&
	    r->status != 414)
		fail_msg("oversized request answered %ld", r->status);
}

static void huge_header_value(void **state)
{
	size_t n = 65536;
	char *extra = malloc(n + 16);
	struct ga_resp r;

	(void)state;
	memcpy(extra, "X-Big: ", 7);
	memset(extra + 7, 'a', n);
	memcpy(extra + 7 + n, "\r\n", 3);
	ga_raw_simple("GET", "/healthz", extra, &r);
	refused_or_closed(&r);
	if (r.status == 400 || r.status == 431)
		assert_false(ga_memmem(r.body, r.len, "\"status\""));
	ga_resp_free(&r);
	free(extra);
	healthz_still_works();
}

static void many_headers(void **state)
{
	size_t cap = 2000 * 40;
	char *extra = malloc(cap);
	size_t n = 0;
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(extra + n, cap - n,
				      "X-H%d: 0123456789012345678\r\n", i);
	ga_raw_simple("GET", "/healthz", extra, &r);
	refused_or_closed(&r);
	ga_resp_free(&r);
	free(extra);
	healthz_still_works();
}

static void huge_url(void **state)
{
	size_t n = 65536;
	char *path = malloc(n + 32);
	struct ga_resp r;

	(void)state;
	memcpy(path, "/api/v1/regions?parent=", 23);
	memset(path + 23, '5', n);
	path[23 + n] = '\0';
	ga_raw_simple("GET", path, NULL, &r);
	refused_or_closed(&r);
	ga_resp_free(&r);
	free(path);
	healthz_still_works();
}

static void garbage_request_line(void **state)
{
	static const char *const reqs[] = {
	    "GARBAGE\r\n\r\n",
	    "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n",
	    "\x16\x03\x01\x02\xff\xfe\x01\xfc\x03\x03\r\n\r\n",
	};

	(void)state;
	for (size_t i = 0; i < N(reqs); i++) {
		struct ga_resp r;

		ga_raw(reqs[i], strlen(reqs[i]), false, &r);
		assert_true(r.status == 0 ||
			    (r.status >= 400 && r.status < 600));
		ga_resp_free(&r);
		healthz_still_works();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(healthz_ok),
	    cmocka_unit_test(every_response_has_security_headers),
	    cmocka_unit_test(request_ids_differ),
	    cmocka_unit_test(unknown_api_routes_are_404),
	    cmocka_unit_test(wrong_methods_are_405),
	    cmocka_unit_test(metrics_counts_by_route_pattern),
	    cmocka_unit_test(metrics_histogram_consistent),
	    cmocka_unit_test(huge_header_value),
	    cmocka_unit_test(many_headers),
	    cmocka_unit_test(huge_url),
	    cmocka_unit_test(garbage_request_line),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, ga_group_setup, ga_group_teardown));
}
