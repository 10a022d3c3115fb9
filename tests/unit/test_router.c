/*
 * Unit tests for the route matcher of src/http (router.c, internal.h):
 * literal and {param} segments, the parameter length limit, trailing
 * slashes, 405 with the Allow list, literal routes beating parameter routes
 * and HEAD answered by GET routes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum {
	R_HEALTH,
	R_LIST,
	R_CREATE,
	R_LOOKUP,
	R_GET,
	R_CHILDREN,
	R_MEMBER,
	R_PUT_MEMBER,
};

static const struct route routes[] = {
    [R_HEALTH] = {.method = "GET", .pattern = "/healthz"},
    [R_LIST] = {.method = "GET", .pattern = "/api/v1/regions"},
    [R_CREATE] = {.method = "POST", .pattern = "/api/v1/regions"},
    [R_LOOKUP] = {.method = "POST", .pattern = "/api/v1/regions/lookup"},
    [R_GET] = {.method = "GET", .pattern = "/api/v1/regions/{code}"},
    [R_CHILDREN] = {.method = "GET",
		    .pattern = "/api/v1/regions/{code}/children"},
    [R_MEMBER] = {.method = "DELETE",
		  .pattern = "/api/v1/places/{id}/members/{user}"},
    [R_PUT_MEMBER] = {.method = "PUT",
		      .pattern = "/api/v1/places/{id}/members/{user}"},
    {.method = NULL},
};

struct match_case {
	const char *method;
	const char *path;
	enum match_result want;
	int route;	   /* MATCH_OK: index in routes */
	const char *allow; /* MATCH_NO_METHOD */
	const char *params[2][2];
};

static const struct match_case cases[] = {
    /* exact literal matches */
    {"GET", "/healthz", MATCH_OK, R_HEALTH, NULL, {{NULL}}},
    {"GET", "/api/v1/regions", MATCH_OK, R_LIST, NULL, {{NULL}}},
    {"POST", "/api/v1/regions", MATCH_OK, R_CREATE, NULL, {{NULL}}},
    {"POST", "/api/v1/regions/lookup", MATCH_OK, R_LOOKUP, NULL, {{NULL}}},
    /* HEAD is answered by the GET route */
    {"HEAD", "/healthz", MATCH_OK, R_HEALTH, NULL, {{NULL}}},
    {"HEAD", "/api/v1/regions", MATCH_OK, R_LIST, NULL, {{NULL}}},
    {"HEAD", "/api/v1/regions/50", MATCH_OK, R_GET, NULL, {{"code", "50"}}},
    /* parameters */
    {"GET",
     "/api/v1/regions/500229000000",
     MATCH_OK,
     R_GET,
     NULL,
     {{"code", "500229000000"}}},
    {"GET",
     "/api/v1/regions/城口县",
     MATCH_OK,
     R_GET,
     NULL,
     {{"code", "城口县"}}},
    {"GET",
     "/api/v1/regions/lookupx",
     MATCH_OK,
     R_GET,
     NULL,
     {{"code", "lookupx"}}},
    {"GET",
     "/api/v1/regions/500229000000/children",
     MATCH_OK,
     R_CHILDREN,
     NULL,
     {{"code", "500229000000"}}},
    {"DELETE",
     "/api/v1/places/7/members/alice",
     MATCH_OK,
     R_MEMBER,
     NULL,
     {{"id", "7"}, {"user", "alice"}}},
    {"PUT",
     "/api/v1/places/7/members/alice",
     MATCH_OK,
     R_PUT_MEMBER,
     NULL,
     {{"id", "7"}, {"user", "alice"}}},
    /* no such path */
    {"GET", "", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/health", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/healthz2", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "//healthz", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/HEALTHZ", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/api/v1/regions/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/api/v1/regions//children", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/api/v1/regions/a/b", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/api/v1/places/7/members/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    /* trailing slashes are a different path */
    {"GET", "/healthz/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"GET", "/api/v1/regions/50/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    {"POST", "/api/v1/regions/lookup/", MATCH_NO_PATH, -1, NULL, {{NULL}}},
    /* the path exists, the method does not */
    {"POST", "/healthz", MATCH_NO_METHOD, -1, "GET", {{NULL}}},
    {"get", "/healthz", MATCH_NO_METHOD, -1, "GET", {{NULL}}},
    {"PUT", "/api/v1/regions", MATCH_NO_METHOD, -1, "GET, POST", {{NULL}}},
    {"DELETE", "/api/v1/regions/50", MATCH_NO_METHOD, -1, "GET", {{NULL}}},
    {"GET",
     "/api/v1/places/7/members/alice",
     MATCH_NO_METHOD,
     -1,
     "DELETE, PUT",
     {{NULL}}},
    /* the literal route wins over the parameter route, even for GET */
    {"GET", "/api/v1/regions/lookup", MATCH_NO_METHOD, -1, "POST", {{NULL}}},
    {"HEAD", "/api/v1/regions/lookup", MATCH_NO_METHOD, -1, "POST", {{NULL}}},
};

static void match_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		const struct match_case *tc = &cases[i];
		struct http_request req;
		struct buf allow;
		enum match_result got;
		int np = 0;

		memset(&req, 0, sizeof(req));
		req.method = tc->method;
		req.path = tc->path;
		req.route = &routes[0]; /* must be reset */
		buf_init(&allow, 256);
		got = router_match(routes, &req, &allow);
		if (got != tc->want)
			fail_msg("%s %s: %d, want %d", tc->method, tc->path,
				 got, tc->want);
		if (got == MATCH_OK) {
			if (req.route != &routes[tc->route])
				fail_msg("%s %s: route %s %s", tc->method,
					 tc->path, req.route->method,
					 req.route->pattern);
		} else {
			assert_null(req.route);
			assert_int_equal(req.nparams, 0);
		}
		if (got == MATCH_NO_METHOD && strcmp(allow.ptr, tc->allow))
			fail_msg("%s %s: allow \"%s\", want \"%s\"", tc->method,
				 tc->path, allow.ptr, tc->allow);
		/* (on MATCH_OK, allow may hold methods tried before) */
		if (got == MATCH_NO_PATH)
			assert_int_equal(allow.len, 0);
		for (; np < 2 && tc->params[np][0]; np++) {
			const char *v = http_param(&req, tc->params[np][0]);

			if (!v || strcmp(v, tc->params[np][1]))
				fail_msg("%s %s: param %s = %s, want %s",
					 tc->method, tc->path,
					 tc->params[np][0], v ? v : "(none)",
					 tc->params[np][1]);
		}
		if (got == MATCH_OK)
			assert_int_equal(req.nparams, np);
		buf_release(&allow);
	}
}

static enum match_result match(const char *method, const char *path,
			       struct http_request *req)
{
	struct buf allow;
	enum match_result r;

	memset(req, 0, sizeof(*req));
	req->method = method;
	req->path = path;
	buf_init(&allow, 256);
	r = router_match(routes, req, &allow);
	buf_release(&allow);
	return r;
}

static enum match_result match_path(const char *path, struct http_request *req)
{
	return match("GET", path, req);
}

/* A parameter holds at most 63 bytes (param[][64] with its NUL). */
static void param_length_limit(void **state)
{
	char path[160], code[80];
	struct http_request req;

	(void)state;
	memset(code, '7', sizeof(code));
	code[63] = '\0';
	snprintf(path, sizeof(path), "/api/v1/regions/%s", code);
	assert_int_equal(match_path(path, &req), MATCH_OK);
	assert_ptr_equal(req.route, &routes[R_GET]);
	assert_int_equal(strlen(http_param(&req, "code")), 63);

	code[63] = '7';
	code[64] = '\0';
	snprintf(path, sizeof(path), "/api/v1/regions/%s", code);
	assert_int_equal(match_path(path, &req), MATCH_NO_PATH);
	assert_null(req.route);

	snprintf(path, sizeof(path), "/api/v1/regions/%s/children", code);
	assert_int_equal(match_path(path, &req), MATCH_NO_PATH);

	code[79] = '\0';
	snprintf(path, sizeof(path), "/api/v1/places/1/members/%s", code);
	assert_int_equal(match_path(path, &req), MATCH_NO_PATH);
}

static void http_param_names(void **state)
{
	struct http_request req;

	(void)state;
	assert_int_equal(match("DELETE", "/api/v1/places/42/members/bob", &req),
			 MATCH_OK);
	assert_string_equal(http_param(&req, "id"), "42");
	assert_string_equal(http_param(&req, "user"), "bob");
	/* whole names only */
	assert_null(http_param(&req, "i"));
	assert_null(http_param(&req, "ids"));
	assert_null(http_param(&req, "use"));
	assert_null(http_param(&req, "code"));
	assert_null(http_param(&req, ""));
	/* a request without parameters */
	assert_int_equal(match_path("/healthz", &req), MATCH_OK);
	assert_null(http_param(&req, "id"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(match_table),
	    cmocka_unit_test(param_length_limit),
	    cmocka_unit_test(http_param_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
