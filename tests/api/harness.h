/*
 * API test harness: starts a real guanai server and talks HTTP to it.
 *
 * Environment:
 *   GA_BIN       the guanai binary (required)
 *   GA_TEST_DB   database URL; default sqlite:$GA_TEST_TMP/api-<prog>-<pid>.db
 *   GA_TEST_TMP  scratch directory (created when missing; default /tmp)
 *   GA_WEB_ROOT  static web root handed to `serve --web-root`
 *   GA_TEST_KEEP when set, keep the scratch database and server log
 *
 * The generated SQLite file and the server log are removed by ga_finish()
 * when every test passed; they stay for inspection after any failure.
 *
 * Every test program uses ga_group_setup/ga_group_teardown as its cmocka
 * group fixtures and returns ga_finish(cmocka_run_group_tests(...)), so a
 * server that fails to start or does not exit 0 on SIGTERM fails the program.
 *
 * Ownership: a struct ga_resp owns everything it points at; release it with
 * ga_resp_free() (safe on a zeroed or already-freed response). Strings
 * returned by ga_resp_header() and ga_error_code() are borrowed from the
 * response and live until ga_resp_free().
 */
#ifndef GA_TEST_HARNESS_H
#define GA_TEST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>

struct ga_header {
	char *name;
	char *value;
};

struct ga_resp {
	long status; /* 0 when no response arrived */
	char *body;  /* NUL-terminated (the NUL is not counted in len) */
	size_t len;
	json_t *json; /* parsed when Content-Type is application/json */
	struct ga_header *headers;
	size_t nheaders;
	bool closed; /* raw mode: the peer closed without any response */
};

/* ---- server lifecycle ---- */

/* 0 on success; prints the server log's tail on failure. */
int ga_server_start(void);
/* SIGTERM, wait (20 s, then SIGKILL). Returns the exit status, or -1 when
 * it did not exit normally. */
int ga_server_stop(void);
/* The two halves of ga_server_stop: send SIGTERM (once), and wait for the
 * exit (bounded as above; the status is remembered, so a later
 * ga_server_stop or group teardown returns it again). */
int ga_server_term(void);
int ga_server_wait(void);
/* "http://127.0.0.1:PORT", valid while the server runs. */
const char *ga_base_url(void);
int ga_port(void);

/* cmocka group fixtures around ga_server_start/stop. */
int ga_group_setup(void **state);
int ga_group_teardown(void **state);
/* Combine cmocka's result with the fixtures' outcome: nonzero on failure. */
int ga_finish(int cmocka_rc);

/* ---- HTTP through libcurl (paths are sent as given: PATH_AS_IS) ---- */

/*
 * headers: NULL or a NULL-terminated list of "Name: value". When body is
 * non-NULL it is sent with that exact length; curl's default Content-Type is
 * suppressed unless a Content-Type header is given. Method "HEAD" reads no
 * body. Returns 0 when a response arrived, -1 on a transport error (status 0).
 */
int ga_http(const char *method, const char *path, const char *const *headers,
	    const void *body, size_t len, struct ga_resp *out);
int ga_get(const char *path, struct ga_resp *out);
int ga_post_json(const char *path, const char *json_text, struct ga_resp *out);
/* Like ga_post_json but with an explicit length (bytes may contain NUL). */
int ga_post_jsonn(const char *path, const void *body, size_t len,
		  struct ga_resp *out);

/* ---- raw mode: exact bytes over a plain socket ---- */

/*
 * Send req (the whole request, normally with "Connection: close") while
 * reading, until the server closes or 10 s pass; parse the first response
 * (Content-Length, chunked, or read-to-close body). Returns 0 when a status
 * line was parsed, -1 otherwise (out->closed tells that nothing came back).
 * HEAD responses: pass head=true so the body is whatever bytes follow the
 * header block (there should be none).
 */
int ga_raw(const void *req, size_t len, bool head, struct ga_resp *out);
/* "METHOD path HTTP/1.1", Host, Connection: close, extra (each line ending
 * in \r\n, may be NULL), blank line. */
int ga_raw_simple(const char *method, const char *path, const char *extra,
		  struct ga_resp *out);

/*
 * Step-by-step raw mode: a blocking socket (10 s timeouts) to the server,
 * send bytes on it, then read until the server closes and parse (this also
 * closes fd).
 */
int ga_raw_open(void);
int ga_raw_send(int fd, const void *data, size_t len);
int ga_raw_finish(int fd, bool head, struct ga_resp *out);

void ga_resp_free(struct ga_resp *r);

/* ---- inspection ---- */

/* First header with that name (case-insensitive), or NULL. */
const char *ga_resp_header(const struct ga_resp *r, const char *name);
/* error.code of a JSON error body, or NULL. */
const char *ga_error_code(const struct ga_resp *r);
/* error.field, or NULL when absent. */
const char *ga_error_field(const struct ga_resp *r);
const char *ga_error_message(const struct ga_resp *r);

bool ga_contains_ci(const char *haystack, const char *needle);
bool ga_memmem(const void *hay, size_t hlen, const char *needle);
/* True when s holds a code point in U+4E00..U+9FFF. */
bool ga_has_cjk(const char *s);
/* True when s is exactly 12 ASCII digits. */
bool ga_is_code(const char *s);

/* Read a whole file; caller frees. NULL on error. */
char *ga_read_file(const char *path, size_t *len);

/* ---- assertions (cmocka, report the caller's line) ---- */

void ga_check_status(const struct ga_resp *r, long want, const char *file,
		     int line);
void ga_check_error(const struct ga_resp *r, long status, const char *code,
		    const char *field, const char *file, int line);
void ga_check_security_headers(const struct ga_resp *r, const char *file,
			       int line);
void ga_check_no_store(const struct ga_resp *r, const char *file, int line);
void ga_check_header_contains(const struct ga_resp *r, const char *name,
			      const char *needle, const char *file, int line);

/* Status must be `want`; on mismatch the body is shown. */
#define GA_ASSERT_STATUS(r, want)                                              \
	ga_check_status((r), (want), __FILE__, __LINE__)
/* JSON error with status, code, optional field (NULL: not checked), a
 * non-empty Chinese-first message and Content-Type application/json. */
#define GA_ASSERT_ERROR(r, status, code, field)                                \
	ga_check_error((r), (status), (code), (field), __FILE__, __LINE__)
#define GA_ASSERT_SECURITY_HEADERS(r)                                          \
	ga_check_security_headers((r), __FILE__, __LINE__)
#define GA_ASSERT_NO_STORE(r) ga_check_no_store((r), __FILE__, __LINE__)
#define GA_ASSERT_HEADER_CONTAINS(r, name, needle)                             \
	ga_check_header_contains((r), (name), (needle), __FILE__, __LINE__)

/* ---- clock, more servers, source address, commands ---- */

/*
 * Call before ga_group_setup: serve gets --clock-offset-file, a file the
 * harness keeps in GA_TEST_TMP holding the seconds the server adds to its
 * clock (0 at start). ga_clock_advance() adds to it (atomically renamed,
 * every server started by the harness reads the same file); ga_now() is
 * the server's idea of now.
 */
void ga_use_clock(void);
/* serve HTTPS with this certificate and key (before ga_server_start) */
void ga_use_tls(const char *cert, const char *key);
int ga_clock_advance(long seconds);
long ga_clock_offset(void);
/* the clock offset file (for commands such as `guanai daily`), "" unset */
const char *ga_clock_file(void);
time_t ga_now(void);

/* The database URL init and serve were given ("sqlite:…" or a PG URL),
 * valid after ga_server_start; whether it is PostgreSQL; GA_BIN. */
const char *ga_db_url(void);
bool ga_db_is_pg(void);
const char *ga_bin(void);

/*
 * Another `serve` with the same options (clock file included) on db (NULL:
 * the main server's database), from the same working directory, so with
 * the same key files. 0 on success with its port and pid. Its log is
 * GA_TEST_TMP/server-<prog>-<pid>-x<N>.log. ga_extra_server_stop sends
 * SIGTERM and returns the exit status as ga_server_stop does.
 */
int ga_extra_server_start(const char *db, int *port, int *pid);
int ga_extra_server_stop(int pid);
/* Send ga_http requests to the server on port (0: the main server again). */
void ga_use_port(int port);
/* Bind ga_http's connections to this local address, e.g. "127.0.3.7", so
 * per-address limits see another client (NULL or "": the default). */
void ga_set_source_addr(const char *ip);

/*
 * Run argv (argv[0] searched in PATH) with input on stdin (may be NULL) and
 * stdout+stderr captured into *output (NUL-terminated; caller frees; output
 * may be NULL). Returns the exit status, -1 when it did not exit normally.
 */
int ga_run(const char *const argv[], const char *input, char **output);

#endif
