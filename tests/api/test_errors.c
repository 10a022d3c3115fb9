/*
 * Request-body validation of POST /api/v1/regions/lookup: JSON syntax, media
 * type, UTF-8, size and depth limits, the declared fields and their types.
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

#define LOOKUP "/api/v1/regions/lookup"
#define MIB    1048576
#define N(a)   (sizeof(a) / sizeof((a)[0]))

static void post(const char *body, struct ga_resp *r)
{
	assert_int_equal(ga_post_jsonn(LOOKUP, body, strlen(body), r), 0);
}

struct body_case {
	const char *body;
	const char *code;
	const char *field; /* NULL: not checked */
};

static void run_cases(const struct body_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ga_resp r;

		print_message("  %s\n", cases[i].body);
		post(cases[i].body, &r);
		GA_ASSERT_ERROR(&r, 400, cases[i].code, cases[i].field);
		GA_ASSERT_SECURITY_HEADERS(&r);
		GA_ASSERT_NO_STORE(&r);
		ga_resp_free(&r);
	}
}

static void malformed_json_names_position(void **state)
{
	static const char *const bodies[] = {
	    "{\"codes\":[",
	    "{\"codes\":[\"500229212000\",]}",
	    "{codes:[]}",
	    "{\"codes\":[]} x",
	    "{\"codes\":[]}{}",
	    "{\"codes\":['500229212000']}",
	    "{\n  \"codes\": [\n    \"500229212000\"\n  ",
	    "",
	    "   ",
	    "nul",
	};

	(void)state;
	for (size_t i = 0; i < N(bodies); i++) {
		struct ga_resp r;
		const char *msg;

		print_message("  %s\n", bodies[i]);
		post(bodies[i], &r);
		GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
		msg = ga_error_message(&r);
		if (!((strstr(msg, "line") && strstr(msg, "column")) ||
		      (strstr(msg, "行") && strstr(msg, "列"))))
			fail_msg("message does not name the position: %s", msg);
		ga_resp_free(&r);
	}
}

static void duplicate_keys_and_depth(void **state)
{
	static const struct body_case cases[] = {
	    {"{\"codes\":[],\"codes\":[]}", "invalid_json", NULL},
	    {"{\"codes\":[\"500229212000\"],\"codes\":[]}", "invalid_json",
	     NULL},
	    {"{\"codes\":[{\"a\":1,\"a\":2}]}", "invalid_json", NULL},
	};
	char deep[4096];
	size_t n = 0;
	struct ga_resp r;

	(void)state;
	run_cases(cases, N(cases));

	/* object + 40 arrays: deeper than 32 */
	n += (size_t)snprintf(deep, sizeof(deep), "{\"codes\":");
	for (int i = 0; i < 40; i++)
		deep[n++] = '[';
	for (int i = 0; i < 40; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	deep[n] = '\0';
	post(deep, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
	ga_resp_free(&r);

	/* 2,000 levels must be refused, not crash the parser */
	n = (size_t)snprintf(deep, sizeof(deep), "{\"codes\":");
	for (int i = 0; i < 2000; i++)
		deep[n++] = '[';
	deep[n] = '\0';
	post(deep, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
	ga_resp_free(&r);

	/* object + 30 arrays is within the limit: a type error, not syntax */
	n = (size_t)snprintf(deep, sizeof(deep), "{\"codes\":");
	for (int i = 0; i < 30; i++)
		deep[n++] = '[';
	for (int i = 0; i < 30; i++)
		deep[n++] = ']';
	deep[n++] = '}';
	deep[n] = '\0';
	post(deep, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", NULL);
	ga_resp_free(&r);
}

static void media_type(void **state)
{
	static const char body[] = "{\"codes\":[\"500229212000\"]}";
	static const char *const text[] = {"Content-Type: text/plain", NULL};
	static const char *const form[] = {
	    "Content-Type: application/x-www-form-urlencoded", NULL};
	static const char *const jsonish[] = {"Content-Type: application/jsonp",
					      NULL};
	static const char *const charset[] = {
	    "Content-Type: application/json; charset=utf-8", NULL};
	const char *const *bad[] = {text, form, jsonish, NULL};
	struct ga_resp r;

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		print_message("  %s\n",
			      bad[i] ? bad[i][0] : "(no Content-Type)");
		assert_int_equal(
		    ga_http("POST", LOOKUP, bad[i], body, strlen(body), &r), 0);
		GA_ASSERT_ERROR(&r, 415, "unsupported_media_type", NULL);
		GA_ASSERT_SECURITY_HEADERS(&r);
		ga_resp_free(&r);
	}
	assert_int_equal(
	    ga_http("POST", LOOKUP, charset, body, strlen(body), &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	ga_resp_free(&r);
}

static void invalid_utf8(void **state)
{
	static const char *const bodies[] = {
	    "{\"codes\":[\"\xff\"]}",
	    "{\"codes\":[\"\xc0\x80\"]}",
	    "{\"codes\":[\"\xed\xa0\x80\"]}",
	    "{\"codes\":[\"\xe9\x87\"]}",
	    "{\"cod\xe9s\":[]}",
	};

	(void)state;
	for (size_t i = 0; i < N(bodies); i++) {
		struct ga_resp r;

		print_message("  case %zu\n", i);
		post(bodies[i], &r);
		GA_ASSERT_ERROR(&r, 400, "invalid_utf8", NULL);
		ga_resp_free(&r);
	}
}

/* `{"codes":[]}` padded with spaces to exactly `len` bytes. */
static char *padded_body(size_t len)
{
	char *b = malloc(len + 1);

	assert_non_null(b);
	memset(b, ' ', len);
	memcpy(b, "{\"codes\":[]}", 12);
	b[len] = '\0';
	return b;
}

static void body_size_limit(void **state)
{
	char *b = padded_body(MIB + 1);
	struct ga_resp r;

	(void)state;
	assert_int_equal(ga_post_jsonn(LOOKUP, b, MIB, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);

	assert_int_equal(ga_post_jsonn(LOOKUP, b, MIB + 1, &r), 0);
	GA_ASSERT_ERROR(&r, 413, "body_too_large", NULL);
	GA_ASSERT_SECURITY_HEADERS(&r);
	ga_resp_free(&r);
	free(b);

	b = padded_body(4 * MIB);
	assert_int_equal(ga_post_jsonn(LOOKUP, b, 4 * MIB, &r), 0);
	GA_ASSERT_ERROR(&r, 413, "body_too_large", NULL);
	ga_resp_free(&r);
	free(b);

	/* the server is still fine afterwards */
	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void chunked_body_size_limit(void **state)
{
	size_t cap = 2 * MIB, n = 0, total = 0;
	char *req = malloc(cap);
	struct ga_resp r;

	(void)state;
	assert_non_null(req);
	n += (size_t)snprintf(req, cap,
			      "POST " LOOKUP " HTTP/1.1\r\n"
			      "Host: 127.0.0.1:%d\r\n"
			      "Content-Type: application/json\r\n"
			      "Transfer-Encoding: chunked\r\n"
			      "Connection: close\r\n\r\n"
			      "c\r\n{\"codes\":[]}\r\n",
			      ga_port());
	total = 12;
	while (total <= MIB) {
		n += (size_t)snprintf(req + n, cap - n, "10000\r\n");
		memset(req + n, ' ', 0x10000);
		n += 0x10000;
		n += (size_t)snprintf(req + n, cap - n, "\r\n");
		total += 0x10000;
	}
	n += (size_t)snprintf(req + n, cap - n, "0\r\n\r\n");
	assert_int_equal(ga_raw(req, n, false, &r), 0);
	GA_ASSERT_ERROR(&r, 413, "body_too_large", NULL);
	ga_resp_free(&r);
	free(req);

	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void chunked_small_body_accepted(void **state)
{
	char req[512];
	int n;
	struct ga_resp r;

	(void)state;
	n = snprintf(req, sizeof(req),
		     "POST " LOOKUP " HTTP/1.1\r\n"
		     "Host: 127.0.0.1:%d\r\n"
		     "Content-Type: application/json\r\n"
		     "Transfer-Encoding: chunked\r\n"
		     "Connection: close\r\n\r\n"
		     "5\r\n{\"cod\r\n"
		     "15\r\nes\":[\"500229212000\"]}\r\n"
		     "0\r\n\r\n",
		     ga_port());
	assert_int_equal(ga_raw(req, (size_t)n, false, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	assert_non_null(r.json);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	ga_resp_free(&r);
}

static void shape_errors(void **state)
{
	static const struct body_case cases[] = {
	    {"[]", "invalid_type", NULL},
	    {"[{\"codes\":[]}]", "invalid_type", NULL},
	    {"{\"codes\":[],\"x\":1}", "unknown_field", "x"},
	    {"{\"x\":1,\"codes\":[]}", "unknown_field", "x"},
	    {"{}", "missing_field", "codes"},
	    {"{\"codes\":\"500229212000\"}", "invalid_type", NULL},
	    {"{\"codes\":{}}", "invalid_type", NULL},
	    {"{\"codes\":[500229212000]}", "invalid_type", NULL},
	    {"{\"codes\":[\"500229212000\",null]}", "invalid_type", NULL},
	    {"{\"codes\":[[\"500229212000\"]]}", "invalid_type", NULL},
	    {"{\"codes\":[\"500229212000\",\"abc\"]}", "invalid_code",
	     "codes[1]"},
	    {"{\"codes\":[\"5001\"]}", "invalid_code", "codes[0]"},
	    {"{\"codes\":[\"500229212000\",\"5002292120001\"]}", "invalid_code",
	     "codes[1]"},
	    {"{\"codes\":[\"\"]}", "invalid_code", "codes[0]"},
	    {"{\"codes\":[\"５００２２９２１２０００\"]}", "invalid_code",
	     "codes[0]"},
	};

	(void)state;
	run_cases(cases, N(cases));
}

static void too_many_codes(void **state)
{
	char *body = malloc(501 * 16 + 64);
	size_t n = 0;
	struct ga_resp r;

	(void)state;
	n += (size_t)snprintf(body + n, 32, "{\"codes\":[");
	for (int i = 0; i < 501; i++)
		n += (size_t)snprintf(body + n, 32, "%s\"99%010d\"",
				      i ? "," : "", i);
	n += (size_t)snprintf(body + n, 8, "]}");
	assert_int_equal(ga_post_jsonn(LOOKUP, body, n, &r), 0);
	GA_ASSERT_ERROR(&r, 400, "too_many", NULL);
	ga_resp_free(&r);
	free(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(malformed_json_names_position),
	    cmocka_unit_test(duplicate_keys_and_depth),
	    cmocka_unit_test(media_type),
	    cmocka_unit_test(invalid_utf8),
	    cmocka_unit_test(body_size_limit),
	    cmocka_unit_test(chunked_body_size_limit),
	    cmocka_unit_test(chunked_small_body_accepted),
	    cmocka_unit_test(shape_errors),
	    cmocka_unit_test(too_many_codes),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, ga_group_setup, ga_group_teardown));
}
