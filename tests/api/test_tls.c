/*
 * HTTPS served directly (--tls-cert/--tls-key, libmicrohttpd with GnuTLS):
 * a self-signed certificate made for the test, verified by the client;
 * HSTS on every answer; the session cookie gets the __Host- prefix and
 * Secure; the cookie works for the next request; plain HTTP to the TLS
 * port gets no answer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "ident.h"

static char cert[512], key[512];

static int setup(void **state)
{
	const char *tmp =
	    getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp";
	char *out = NULL;
	int rc;

	snprintf(cert, sizeof(cert), "%s/tls-%ld.crt", tmp, (long)getpid());
	snprintf(key, sizeof(key), "%s/tls-%ld.key", tmp, (long)getpid());
	{
		const char *argv[] = {"openssl",
				      "req",
				      "-x509",
				      "-newkey",
				      "ec",
				      "-pkeyopt",
				      "ec_paramgen_curve:prime256v1",
				      "-nodes",
				      "-days",
				      "2",
				      "-subj",
				      "/CN=127.0.0.1",
				      "-addext",
				      "subjectAltName=IP:127.0.0.1",
				      "-keyout",
				      key,
				      "-out",
				      cert,
				      NULL};

		rc = ga_run(argv, NULL, &out);
	}
	if (rc) {
		fprintf(stderr, "openssl: %s\n", out ? out : "");
		free(out);
		return -1;
	}
	free(out);
	ga_use_tls(cert, key);
	return ga_group_setup(state);
}

static int teardown(void **state)
{
	int rc = ga_group_teardown(state);

	unlink(cert);
	unlink(key);
	return rc;
}

static void https_answers_with_hsts(void **state)
{
	struct ga_resp r;

	(void)state;
	assert_int_equal(strncmp(ga_base_url(), "https://", 8), 0);
	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_HEADER_CONTAINS(&r, "strict-transport-security", "max-age=");
	ga_resp_free(&r);
	assert_int_equal(ga_get("/api/v1/regions?parent=500000000000", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
}

static void session_cookie_is_host_prefixed_and_secure(void **state)
{
	char user[64];
	struct id_sess s;
	struct ga_resp r;

	(void)state;
	id_name(user, sizeof(user), "tls.dir");
	assert_true(id_user_add(user, "director", "500229212201", ID_PASSWORD,
				false) > 0);
	id_must_login(user, ID_PASSWORD, NULL, &s);
	assert_non_null(strstr(s.set_cookie, "__Host-guanai_session="));
	assert_non_null(strstr(s.set_cookie, "; Secure"));
	assert_non_null(strstr(s.set_cookie, "HttpOnly"));
	assert_non_null(strstr(s.set_cookie, "SameSite=Strict"));
	assert_non_null(strstr(s.set_cookie, "Path=/"));
	assert_int_equal(id_req(&s, "GET", "/api/v1/session", NULL, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	/* the plain-HTTP cookie name means nothing here */
	{
		char plain[200];
		const char *h[2] = {plain, NULL};

		snprintf(plain, sizeof(plain), "Cookie: guanai_session=%s",
			 strchr(s.cookie, '=') + 1);
		assert_int_equal(
		    ga_http("GET", "/api/v1/session", h, NULL, 0, &r), 0);
		GA_ASSERT_ERROR(&r, 401, "unauthenticated", NULL);
		ga_resp_free(&r);
	}
}

static void plain_http_gets_no_answer(void **state)
{
	struct ga_resp r;
	char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";

	(void)state;
	/* a plaintext request on the TLS port is not answered as HTTP */
	ga_raw(req, sizeof(req) - 1, false, &r);
	assert_true(r.status != 200);
	ga_resp_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(https_answers_with_hsts),
	    cmocka_unit_test(session_cookie_is_host_prefixed_and_secure),
	    cmocka_unit_test(plain_http_gets_no_answer),
	};

	return ga_finish(cmocka_run_group_tests(tests, setup, teardown));
}
