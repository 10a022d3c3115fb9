/*
 * Static files from the web root (tests/api/webroot): caching headers,
 * precompressed assets, history-mode fallback, methods, path traversal.
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

static char *web_file(const char *rel, size_t *len)
{
	const char *root = getenv("GA_WEB_ROOT");
	char path[4096];
	char *data;

	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	data = ga_read_file(path, len);
	if (!data)
		fail_msg("cannot read fixture %s", path);
	return data;
}

static void assert_body_is_file(const struct ga_resp *r, const char *rel)
{
	size_t len;
	char *want = web_file(rel, &len);

	if (r->len != len || memcmp(r->body, want, len) != 0)
		fail_msg("body (%zu bytes) differs from %s (%zu bytes)", r->len,
			 rel, len);
	free(want);
}

static void assert_html_index(const struct ga_resp *r)
{
	GA_ASSERT_STATUS(r, 200);
	GA_ASSERT_SECURITY_HEADERS(r);
	GA_ASSERT_HEADER_CONTAINS(r, "content-type", "text/html");
	GA_ASSERT_HEADER_CONTAINS(r, "cache-control", "no-cache");
	assert_body_is_file(r, "index.html");
}

static void index_is_served(void **state)
{
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_get("/", &r), 0);
	assert_html_index(&r);
	ga_resp_free(&r);
}

static void asset_headers(const struct ga_resp *r)
{
	const char *ct = ga_resp_header(r, "content-type");

	GA_ASSERT_STATUS(r, 200);
	GA_ASSERT_SECURITY_HEADERS(r);
	if (!ct || !(ga_contains_ci(ct, "text/javascript") ||
		     ga_contains_ci(ct, "application/javascript")))
		fail_msg("asset Content-Type: %s", ct ? ct : "(none)");
	GA_ASSERT_HEADER_CONTAINS(r, "cache-control", "max-age=31536000");
	GA_ASSERT_HEADER_CONTAINS(r, "cache-control", "immutable");
	GA_ASSERT_HEADER_CONTAINS(r, "vary", "accept-encoding");
}

static void asset_identity(void **state)
{
	struct ga_resp r;
	const char *ce;

	(void)state;
	assert_int_equal(ga_get(ASSET, &r), 0);
	asset_headers(&r);
	ce = ga_resp_header(&r, "content-encoding");
	assert_true(!ce || strcmp(ce, "identity") == 0);
	assert_body_is_file(&r, "assets/app-3f2a1b9c.js");
	ga_resp_free(&r);
}

static void asset_gzip(void **state)
{
	static const char *const gz[] = {"Accept-Encoding: gzip", NULL};
	static const char *const many[] = {
	    "Accept-Encoding: br, gzip;q=0.8, deflate", NULL};
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_http("GET", ASSET, gz, NULL, 0, &r), 0);
	asset_headers(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-encoding", "gzip");
	assert_body_is_file(&r, "assets/app-3f2a1b9c.js.gz");
	ga_resp_free(&r);

	assert_int_equal(ga_http("GET", ASSET, many, NULL, 0, &r), 0);
	asset_headers(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-encoding", "gzip");
	assert_body_is_file(&r, "assets/app-3f2a1b9c.js.gz");
	ga_resp_free(&r);
}

static void history_mode_fallback(void **state)
{
	static const char *const paths[] = {
	    "/regions/500229000000",
	    "/regions",
	    "/children/new",
	};

	(void)state;
	for (size_t i = 0; i < N(paths); i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_get(paths[i], &r), 0);
		assert_html_index(&r);
		ga_resp_free(&r);
	}
}

static void missing_files_are_404(void **state)
{
	static const char *const paths[] = {
	    "/assets/nope-123.js",
	    "/nope.css",
	    "/regions/missing.png",
	    "/api/v1/nope",
	};

	(void)state;
	for (size_t i = 0; i < N(paths); i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_get(paths[i], &r), 0);
		GA_ASSERT_STATUS(&r, 404);
		GA_ASSERT_SECURITY_HEADERS(&r);
		assert_false(ga_memmem(r.body, r.len, "guanai-test-index"));
		ga_resp_free(&r);
	}
}

static void traversal_never_escapes(void **state)
{
	static const char *const paths[] = {
	    "/../CMakeLists.txt",
	    "/../../CMakeLists.txt",
	    "/../../../CMakeLists.txt",
	    "/assets/../../CMakeLists.txt",
	    "/assets/../../../../CMakeLists.txt",
	    "/%2e%2e/%2e%2e/etc/passwd",
	    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
	    "/%2E%2E/%2E%2E/%2E%2E/CMakeLists.txt",
	    "/assets/%2e%2e/%2e%2e/harness.c",
	    "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/CMakeLists.txt",
	    "/..%2f..%2fetc/passwd",
	    "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
	    "/assets/..%2f..%2fharness.c",
	    "/..%5c..%5cCMakeLists.txt",
	    "/..\\..\\..\\CMakeLists.txt",
	    "/.%2e/.%2e/.%2e/CMakeLists.txt",
	    "/index.html%00.js",
	    "/assets/app-3f2a1b9c.js%00",
	    "/%00",
	};

	(void)state;
	for (size_t i = 0; i < N(paths); i++) {
		struct ga_resp r;

		print_message("  %s\n", paths[i]);
		assert_int_equal(ga_raw_simple("GET", paths[i], NULL, &r), 0);
		if (r.status != 400 && r.status != 404)
			fail_msg("%s: status %ld, want 400 or 404", paths[i],
				 r.status);
		assert_false(ga_memmem(r.body, r.len, "root:"));
		assert_false(
		    ga_memmem(r.body, r.len, "cmake_minimum_required"));
		assert_false(ga_memmem(r.body, r.len, "ga_server_start"));
		GA_ASSERT_SECURITY_HEADERS(&r);
		ga_resp_free(&r);
	}
}

static void head_has_no_body(void **state)
{
	struct ga_resp r;
	size_t len;
	char *want;
	const char *cl;

	(void)state;
	assert_int_equal(ga_raw_simple("HEAD", "/", NULL, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-type", "text/html");
	assert_int_equal(r.len, 0);
	/* when a length is announced it is the GET length */
	cl = ga_resp_header(&r, "content-length");
	want = web_file("index.html", &len);
	if (cl)
		assert_int_equal(strtoul(cl, NULL, 10), len);
	free(want);
	ga_resp_free(&r);

	assert_int_equal(ga_raw_simple("HEAD", ASSET, NULL, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(r.len, 0);
	ga_resp_free(&r);
}

/*
 * The offline web app (issue 5): the service worker at the root and the
 * manifest, with their types, never cached by the browser (so a new
 * worker is seen at once), and a policy that lets them load.
 */
static void pwa_files(void **state)
{
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_get("/sw.js", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-type", "text/javascript");
	GA_ASSERT_HEADER_CONTAINS(&r, "cache-control", "no-cache");
	GA_ASSERT_HEADER_CONTAINS(&r, "content-security-policy",
				  "worker-src 'self'");
	assert_body_is_file(&r, "sw.js");
	ga_resp_free(&r);
	assert_int_equal(ga_get("/manifest.webmanifest", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-type",
				  "application/manifest+json");
	GA_ASSERT_HEADER_CONTAINS(&r, "cache-control", "no-cache");
	GA_ASSERT_HEADER_CONTAINS(&r, "content-security-policy",
				  "manifest-src 'self'");
	assert_body_is_file(&r, "manifest.webmanifest");
	ga_resp_free(&r);
	/* the pages that register them carry the same policy */
	assert_int_equal(ga_get("/children", &r), 0);
	assert_html_index(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "content-security-policy",
				  "worker-src 'self'");
	ga_resp_free(&r);
}

static void wrong_methods_are_405(void **state)
{
	static const struct {
		const char *method, *path;
	} cases[] = {
	    {"POST", "/"},
	    {"PUT", "/index.html"},
	    {"DELETE", "/index.html"},
	    {"POST", ASSET},
	    {"PUT", "/regions/500229000000"},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ga_resp r;

		print_message("  %s %s\n", cases[i].method, cases[i].path);
		assert_int_equal(
		    ga_http(cases[i].method, cases[i].path, NULL, "x", 1, &r),
		    0);
		GA_ASSERT_STATUS(&r, 405);
		GA_ASSERT_SECURITY_HEADERS(&r);
		GA_ASSERT_HEADER_CONTAINS(&r, "allow", "GET");
		ga_resp_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(index_is_served),
	    cmocka_unit_test(asset_identity),
	    cmocka_unit_test(asset_gzip),
	    cmocka_unit_test(history_mode_fallback),
	    cmocka_unit_test(missing_files_are_404),
	    cmocka_unit_test(traversal_never_escapes),
	    cmocka_unit_test(head_has_no_body),
	    cmocka_unit_test(wrong_methods_are_405),
	    cmocka_unit_test(pwa_files),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, ga_group_setup, ga_group_teardown));
}
