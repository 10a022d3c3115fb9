/*
 * Graceful shutdown: a request that is still being uploaded when the server
 * gets SIGTERM is completed, and the server then exits 0. Its own program,
 * since it stops the server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "harness.h"

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

static void in_flight_request_completes_after_sigterm(void **state)
{
	static const char body[] = "{\"codes\":[\"500229212000\"]}";
	size_t half = sizeof(body) / 2;
	char head[256];
	struct ga_resp r;
	int fd, n;

	(void)state;
	/* the server is up and answering */
	assert_int_equal(ga_get("/healthz", &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);

	fd = ga_raw_open();
	assert_true(fd >= 0);
	n = snprintf(head, sizeof(head),
		     "POST /api/v1/regions/lookup HTTP/1.1\r\n"
		     "Host: 127.0.0.1:%d\r\n"
		     "Content-Type: application/json\r\n"
		     "Content-Length: %zu\r\n"
		     "Connection: close\r\n\r\n",
		     ga_port(), strlen(body));
	assert_int_equal(ga_raw_send(fd, head, (size_t)n), 0);
	assert_int_equal(ga_raw_send(fd, body, half), 0);
	pause_ms(300);

	assert_int_equal(ga_server_term(), 0);
	pause_ms(300);
	assert_int_equal(ga_raw_send(fd, body + half, strlen(body) - half), 0);
	assert_int_equal(ga_raw_finish(fd, false, &r), 0);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_SECURITY_HEADERS(&r);
	assert_non_null(r.json);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	ga_resp_free(&r);

	assert_int_equal(ga_server_wait(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(in_flight_request_completes_after_sigterm),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, ga_group_setup, ga_group_teardown));
}
