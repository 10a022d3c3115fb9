/*
 * The API test harness (see harness.h). One server per test program: the
 * state below is process-wide and owned by ga_server_start/stop.
 */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#define GA_START_TIMEOUT_MS 20000
#define GA_STOP_TIMEOUT_MS  20000
#define GA_RAW_TIMEOUT_MS   10000
#define GA_HTTP_TIMEOUT_S   20L

static pid_t server_pid = -1;
static int server_port;
static char base_url[64];
static char log_path[PATH_MAX];
static char port_path[PATH_MAX];
static char
    db_file[PATH_MAX + 16]; /* set when the harness made the SQLite file */
static bool setup_failed;
static bool teardown_failed;
static char db_url[PATH_MAX + 16]; /* the URL init and serve were given */
static bool use_clock;		   /* serve --clock-offset-file */
static char clock_path[PATH_MAX];
static long clock_offset;
static char source_addr[64]; /* bind outgoing connections here */
static int extra_servers;

/* ---- small utilities ---- */

static void *xrealloc_or_die(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "harness: out of memory\n");
		abort();
	}
	return q;
}

static char *dup_or_die(const char *s, size_t n)
{
	char *p = xrealloc_or_die(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

static void prog_name(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base = "api";

	if (n > 0) {
		exe[n] = '\0';
		base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	}
	snprintf(out, size, "%s", base);
}

char *ga_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			data = xrealloc_or_die(data, cap + 1);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (!got)
			break;
	}
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

static void print_log_tail(void)
{
	size_t len;
	char *log = ga_read_file(log_path, &len);
	size_t from;

	if (!log) {
		fprintf(stderr, "harness: no server log at %s\n", log_path);
		return;
	}
	from = len > 4000 ? len - 4000 : 0;
	fprintf(stderr, "---- tail of %s ----\n%s\n---- end ----\n", log_path,
		log + from);
	free(log);
}

/* ---- server lifecycle ---- */

static pid_t spawn(char *const argv[], int logfd)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		execv(argv[0], argv);
		fprintf(stderr, "harness: execv %s: %s\n", argv[0],
			strerror(errno));
		_exit(127);
	}
	return pid;
}

static int run_init(const char *bin, const char *db, int logfd)
{
	char *argv[] = {(char *)bin, "init", "--db", (char *)db, NULL};
	pid_t pid = spawn(argv, logfd);
	int st;

	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr,
			"harness: `%s init --db %s` failed (status %d)\n", bin,
			db, st);
		return -1;
	}
	return 0;
}

static int read_port(void)
{
	char *s = ga_read_file(port_path, NULL);
	long v = 0;
	char *end;

	if (!s)
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || errno || v <= 0 || v > 65535 ||
	    (*end && *end != '\n' && *end != '\r' && *end != ' '))
		v = 0;
	free(s);
	return (int)v;
}

static int wait_for_port(void)
{
	long deadline = now_ms() + GA_START_TIMEOUT_MS;

	while (now_ms() < deadline) {
		int st;

		server_port = read_port();
		if (server_port)
			return 0;
		if (waitpid(server_pid, &st, WNOHANG) == server_pid) {
			fprintf(stderr, "harness: server exited early (%d)\n",
				st);
			server_pid = -1;
			return -1;
		}
		sleep_ms(20);
	}
	fprintf(stderr, "harness: no port in %s after %d ms\n", port_path,
		GA_START_TIMEOUT_MS);
	return -1;
}

/* `serve` on db with the harness's options, writing its port to pfile. */
static char tls_cert[PATH_MAX], tls_key[PATH_MAX];

void ga_use_tls(const char *cert, const char *key)
{
	snprintf(tls_cert, sizeof(tls_cert), "%s", cert);
	snprintf(tls_key, sizeof(tls_key), "%s", key);
}

static const char *scheme(void)
{
	return tls_cert[0] ? "https" : "http";
}

static pid_t spawn_serve(const char *bin, const char *db, const char *web,
			 const char *pfile, int logfd)
{
	char *argv[16];
	int n = 0;

	argv[n++] = (char *)bin;
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = (char *)db;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--port-file";
	argv[n++] = (char *)pfile;
	argv[n++] = "--web-root";
	argv[n++] = (char *)web;
	if (use_clock) {
		argv[n++] = "--clock-offset-file";
		argv[n++] = clock_path;
	}
	if (tls_cert[0]) {
		argv[n++] = "--tls-cert";
		argv[n++] = tls_cert;
		argv[n++] = "--tls-key";
		argv[n++] = tls_key;
	}
	argv[n] = NULL;
	return spawn(argv, logfd);
}

int ga_server_start(void)
{
	const char *bin = getenv("GA_BIN");
	const char *tmp = env_or("GA_TEST_TMP", "/tmp");
	const char *web = env_or("GA_WEB_ROOT", ".");
	const char *db_env = getenv("GA_TEST_DB");
	char db[PATH_MAX + 16], prog[128];
	int logfd;

	signal(SIGPIPE, SIG_IGN);
	if (!bin || !*bin || access(bin, X_OK) != 0) {
		fprintf(stderr, "harness: GA_BIN (%s) is not executable\n",
			bin ? bin : "unset");
		return -1;
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "harness: mkdir %s: %s\n", tmp,
			strerror(errno));
		return -1;
	}
	prog_name(prog, sizeof(prog));
	if (db_env && *db_env) {
		snprintf(db, sizeof(db), "%s", db_env);
	} else {
		snprintf(db, sizeof(db), "%s/api-%s-%ld.db", tmp, prog,
			 (long)getpid());
		unlink(db);
		if ((size_t)snprintf(db_file, sizeof(db_file), "%s", db) >=
		    sizeof(db_file))
			return -1;
		memmove(db + 7, db, strlen(db) + 1);
		memcpy(db, "sqlite:", 7);
	}
	snprintf(log_path, sizeof(log_path), "%s/server-%s-%ld.log", tmp, prog,
		 (long)getpid());
	snprintf(port_path, sizeof(port_path), "%s/port-%ld", tmp,
		 (long)getpid());
	unlink(port_path);
	logfd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (logfd < 0) {
		fprintf(stderr, "harness: open %s: %s\n", log_path,
			strerror(errno));
		return -1;
	}
	curl_global_init(CURL_GLOBAL_ALL);
	if (run_init(bin, db, logfd) != 0) {
		close(logfd);
		print_log_tail();
		return -1;
	}
	snprintf(db_url, sizeof(db_url), "%s", db);
	if (use_clock) {
		snprintf(clock_path, sizeof(clock_path), "%s/clock-%s-%ld", tmp,
			 prog, (long)getpid());
		if (ga_clock_advance(0) != 0) {
			close(logfd);
			return -1;
		}
	}
	server_pid = spawn_serve(bin, db, web, port_path, logfd);
	close(logfd);
	if (server_pid < 0 || wait_for_port() != 0) {
		if (server_pid > 0)
			ga_server_stop();
		print_log_tail();
		return -1;
	}
	snprintf(base_url, sizeof(base_url), "%s://127.0.0.1:%d", scheme(),
		 server_port);
	return 0;
}

static bool term_sent;
static bool waited;
static int wait_status = -1;

int ga_server_term(void)
{
	if (server_pid <= 0 || term_sent)
		return -1;
	term_sent = true;
	return kill(server_pid, SIGTERM);
}

static int wait_exit(pid_t pid)
{
	long deadline = now_ms() + GA_STOP_TIMEOUT_MS;
	int st = 0;

	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -1;
		if (now_ms() > deadline) {
			fprintf(stderr,
				"harness: server ignored SIGTERM for "
				"%d ms; killing it\n",
				GA_STOP_TIMEOUT_MS);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			print_log_tail();
			return -1;
		}
		sleep_ms(10);
	}
	if (!WIFEXITED(st)) {
		fprintf(stderr, "harness: server died of signal %d\n",
			WIFSIGNALED(st) ? WTERMSIG(st) : -1);
		print_log_tail();
		return -1;
	}
	if (WEXITSTATUS(st) != 0) {
		fprintf(stderr, "harness: server exited %d on SIGTERM\n",
			WEXITSTATUS(st));
		print_log_tail();
	}
	return WEXITSTATUS(st);
}

int ga_server_wait(void)
{
	pid_t pid = server_pid;

	if (waited)
		return wait_status;
	if (pid <= 0)
		return -1;
	server_pid = -1;
	waited = true;
	wait_status = wait_exit(pid);
	unlink(port_path);
	return wait_status;
}

int ga_server_stop(void)
{
	if (!waited)
		ga_server_term();
	return ga_server_wait();
}

const char *ga_base_url(void)
{
	return base_url;
}

int ga_port(void)
{
	return server_port;
}

int ga_group_setup(void **state)
{
	(void)state;
	if (ga_server_start() != 0) {
		setup_failed = true;
		return -1;
	}
	return 0;
}

/* After a clean run: drop the scratch database and log (kept on failure). */
static void remove_scratch(void)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[PATH_MAX + 16];

	if (!db_file[0] || getenv("GA_TEST_KEEP"))
		return;
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", db_file, sfx[i]);
		unlink(p);
	}
	unlink(log_path);
}

int ga_group_teardown(void **state)
{
	int st;

	(void)state;
	if (setup_failed)
		return 0; /* already reported */
	st = ga_server_stop();
	if (st != 0) {
		fprintf(stderr,
			"harness: FAIL: server did not exit 0 on "
			"SIGTERM (status %d)\n",
			st);
		teardown_failed = true;
		return -1;
	}
	return 0;
}

int ga_finish(int cmocka_rc)
{
	if (setup_failed)
		fprintf(stderr, "harness: FAIL: the server did not start\n");
	if (cmocka_rc || setup_failed || teardown_failed)
		return 1;
	remove_scratch();
	return 0;
}

/* ---- responses ---- */

void ga_resp_free(struct ga_resp *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	free(r->body);
	if (r->json)
		json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

static void resp_clear_headers(struct ga_resp *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	r->nheaders = 0;
}

static void resp_add_header_line(struct ga_resp *r, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	const char *v;
	size_t vlen;

	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (!colon || colon >= line + n)
		return;
	v = colon + 1;
	vlen = (size_t)(line + n - v);
	while (vlen && (*v == ' ' || *v == '\t')) {
		v++;
		vlen--;
	}
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	r->headers = xrealloc_or_die(r->headers,
				     (r->nheaders + 1) * sizeof(*r->headers));
	r->headers[r->nheaders].name = dup_or_die(line, (size_t)(colon - line));
	r->headers[r->nheaders].value = dup_or_die(v, vlen);
	r->nheaders++;
}

static void resp_body_append(struct ga_resp *r, const void *p, size_t n)
{
	r->body = xrealloc_or_die(r->body, r->len + n + 1);
	memcpy(r->body + r->len, p, n);
	r->len += n;
	r->body[r->len] = '\0';
}

static void resp_finish(struct ga_resp *r)
{
	const char *ct = ga_resp_header(r, "content-type");

	if (!r->body)
		resp_body_append(r, "", 0);
	if (ct && strncasecmp(ct, "application/json", 16) == 0) {
		json_error_t err;

		r->json = json_loadb(r->body, r->len, 0, &err);
	}
}

const char *ga_resp_header(const struct ga_resp *r, const char *name)
{
	for (size_t i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static json_t *error_obj(const struct ga_resp *r)
{
	json_t *e;

	if (!r->json || !json_is_object(r->json))
		return NULL;
	e = json_object_get(r->json, "error");
	return json_is_object(e) ? e : NULL;
}

static const char *error_str(const struct ga_resp *r, const char *key)
{
	json_t *e = error_obj(r);

	return e ? json_string_value(json_object_get(e, key)) : NULL;
}

const char *ga_error_code(const struct ga_resp *r)
{
	return error_str(r, "code");
}

const char *ga_error_field(const struct ga_resp *r)
{
	return error_str(r, "field");
}

const char *ga_error_message(const struct ga_resp *r)
{
	return error_str(r, "message");
}

/* ---- libcurl ---- */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	resp_body_append(ud, p, size * n);
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct ga_resp *r = ud;
	size_t len = size * n;

	/* a new status line (after 100 Continue, say) starts a new block */
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0)
		resp_clear_headers(r);
	else
		resp_add_header_line(r, p, len);
	return len;
}

static bool has_header(const char *const *headers, const char *name)
{
	size_t n = strlen(name);

	for (; headers && *headers; headers++)
		if (strncasecmp(*headers, name, n) == 0 && (*headers)[n] == ':')
			return true;
	return false;
}

int ga_http(const char *method, const char *path, const char *const *headers,
	    const void *body, size_t len, struct ga_resp *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *hl = NULL;
	char url[8192];
	CURLcode rc;

	memset(out, 0, sizeof(*out));
	if (!c)
		return -1;
	snprintf(url, sizeof(url), "%s%s", base_url, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (source_addr[0]) {
		char iface[80];

		snprintf(iface, sizeof(iface), "host!%s", source_addr);
		curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
	}
	if (tls_cert[0]) /* the test's own self-signed certificate */
		curl_easy_setopt(c, CURLOPT_CAINFO, tls_cert);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, GA_HTTP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)len);
		if (!has_header(headers, "Content-Type"))
			hl = curl_slist_append(hl, "Content-Type:");
	}
	hl = curl_slist_append(hl, "Expect:");
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hl);
	if (rc != CURLE_OK) {
		fprintf(stderr, "harness: %s %s: %s\n", method, path,
			curl_easy_strerror(rc));
		out->status = 0;
		resp_finish(out);
		return -1;
	}
	resp_finish(out);
	return 0;
}

int ga_get(const char *path, struct ga_resp *out)
{
	return ga_http("GET", path, NULL, NULL, 0, out);
}

int ga_post_jsonn(const char *path, const void *body, size_t len,
		  struct ga_resp *out)
{
	static const char *const h[] = {"Content-Type: application/json", NULL};

	return ga_http("POST", path, h, body, len, out);
}

int ga_post_json(const char *path, const char *json_text, struct ga_resp *out)
{
	return ga_post_jsonn(path, json_text, strlen(json_text), out);
}

/* ---- raw mode ---- */

static int raw_connect(void)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)server_port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

/* Send everything while draining replies; stop at EOF, error or timeout. */
static void raw_exchange(int fd, const char *req, size_t len, char **in,
			 size_t *inlen)
{
	long deadline = now_ms() + GA_RAW_TIMEOUT_MS;
	size_t sent = 0;
	bool sending = true;

	while (now_ms() < deadline) {
		struct pollfd p = {fd, POLLIN, 0};
		char tmp[65536];
		ssize_t n;

		if (sending && sent < len)
			p.events |= POLLOUT;
		if (poll(&p, 1, 100) < 0 && errno != EINTR)
			return;
		if (p.revents & POLLOUT) {
			n = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
			if (n > 0)
				sent += (size_t)n;
			else if (n < 0 && errno != EAGAIN && errno != EINTR)
				sending = false;
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, tmp, sizeof(tmp), 0);
			if (n > 0) {
				*in = xrealloc_or_die(*in, *inlen + (size_t)n);
				memcpy(*in + *inlen, tmp, (size_t)n);
				*inlen += (size_t)n;
			} else if (n == 0 ||
				   (errno != EAGAIN && errno != EINTR)) {
				return;
			}
		}
	}
	fprintf(stderr, "harness: raw exchange timed out\n");
}

static void dechunk(struct ga_resp *r, const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		unsigned long sz;
		char *e;

		if (!eol)
			return;
		sz = strtoul(p, &e, 16);
		if (e == p)
			return;
		p = eol + 1;
		if (sz == 0 || sz > (size_t)(end - p))
			return;
		resp_body_append(r, p, sz);
		p += sz;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
}

static int raw_parse(struct ga_resp *r, const char *in, size_t n, bool head)
{
	const char *hend = NULL;
	const char *p, *eol;
	const char *te, *cl;
	size_t rest;

	for (size_t i = 0; i + 3 < n; i++)
		if (memcmp(in + i, "\r\n\r\n", 4) == 0) {
			hend = in + i + 4;
			break;
		}
	if (n < 12 || memcmp(in, "HTTP/1.", 7) != 0 || !hend)
		return -1;
	r->status = strtol(in + 9, NULL, 10);
	p = memchr(in, '\n', n) + 1;
	while (p < hend - 2) {
		eol = memchr(p, '\n', (size_t)(hend - p));
		resp_add_header_line(r, p, (size_t)(eol - p));
		p = eol + 1;
	}
	rest = n - (size_t)(hend - in);
	te = ga_resp_header(r, "transfer-encoding");
	cl = ga_resp_header(r, "content-length");
	if (head) {
		resp_body_append(r, hend, rest);
	} else if (te && ga_contains_ci(te, "chunked")) {
		dechunk(r, hend, rest);
	} else if (cl) {
		unsigned long want = strtoul(cl, NULL, 10);

		resp_body_append(r, hend, want < rest ? want : rest);
	} else {
		resp_body_append(r, hend, rest);
	}
	return 0;
}

int ga_raw_open(void)
{
	int fd = raw_connect();
	struct timeval tv = {GA_RAW_TIMEOUT_MS / 1000, 0};

	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

int ga_raw_send(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ga_raw_finish(int fd, bool head, struct ga_resp *out)
{
	char *in = NULL;
	size_t inlen = 0;
	char tmp[65536];
	int rc;

	memset(out, 0, sizeof(*out));
	for (;;) {
		ssize_t n = recv(fd, tmp, sizeof(tmp), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		in = xrealloc_or_die(in, inlen + (size_t)n);
		memcpy(in + inlen, tmp, (size_t)n);
		inlen += (size_t)n;
	}
	close(fd);
	out->closed = inlen == 0;
	rc = raw_parse(out, in ? in : "", inlen, head);
	if (rc)
		out->status = 0;
	free(in);
	resp_finish(out);
	return rc;
}

int ga_raw(const void *req, size_t len, bool head, struct ga_resp *out)
{
	char *in = NULL;
	size_t inlen = 0;
	int fd, rc;

	memset(out, 0, sizeof(*out));
	fd = raw_connect();
	if (fd < 0) {
		fprintf(stderr, "harness: raw connect: %s\n", strerror(errno));
		resp_finish(out);
		return -1;
	}
	raw_exchange(fd, req, len, &in, &inlen);
	close(fd);
	out->closed = inlen == 0;
	rc = raw_parse(out, in ? in : "", inlen, head);
	if (rc)
		out->status = 0;
	free(in);
	resp_finish(out);
	return rc;
}

int ga_raw_simple(const char *method, const char *path, const char *extra,
		  struct ga_resp *out)
{
	size_t cap =
	    strlen(method) + strlen(path) + (extra ? strlen(extra) : 0) + 128;
	char *req = xrealloc_or_die(NULL, cap);
	int n, rc;

	n = snprintf(req, cap,
		     "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
		     "Connection: close\r\n%s\r\n",
		     method, path, server_port, extra ? extra : "");
	rc = ga_raw(req, (size_t)n, strcmp(method, "HEAD") == 0, out);
	free(req);
	return rc;
}

/* ---- inspection ---- */

bool ga_contains_ci(const char *h, const char *needle)
{
	size_t n = strlen(needle);

	if (!h)
		return false;
	for (; *h; h++)
		if (strncasecmp(h, needle, n) == 0)
			return true;
	return n == 0;
}

bool ga_memmem(const void *hay, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);
	const char *h = hay;

	if (!h || n > hlen)
		return false;
	for (size_t i = 0; i + n <= hlen; i++)
		if (memcmp(h + i, needle, n) == 0)
			return true;
	return false;
}

bool ga_has_cjk(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; p && *p; p++) {
		if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
		    (p[2] & 0xc0) == 0x80) {
			unsigned cp = ((p[0] & 0x0fu) << 12) |
				      ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);

			if (cp >= 0x4e00 && cp <= 0x9fff)
				return true;
		}
	}
	return false;
}

bool ga_is_code(const char *s)
{
	if (!s || strlen(s) != 12)
		return false;
	for (int i = 0; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* ---- assertions ---- */

static void show(const struct ga_resp *r)
{
	print_error("  status %ld, %zu body bytes: %.600s\n", r->status, r->len,
		    r->body ? r->body : "");
}

void ga_check_status(const struct ga_resp *r, long want, const char *file,
		     int line)
{
	if (r->status != want) {
		print_error("expected status %ld\n", want);
		show(r);
		_fail(file, line);
	}
}

void ga_check_error(const struct ga_resp *r, long status, const char *code,
		    const char *field, const char *file, int line)
{
	const char *ct = ga_resp_header(r, "content-type");
	const char *got = ga_error_code(r);
	const char *msg = ga_error_message(r);
	const char *f = ga_error_field(r);

	ga_check_status(r, status, file, line);
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		print_error("error Content-Type is %s, want application/json\n",
			    ct ? ct : "(none)");
		_fail(file, line);
	}
	if (!got || strcmp(got, code) != 0) {
		print_error("expected error.code \"%s\", got \"%s\"\n", code,
			    got ? got : "(none)");
		show(r);
		_fail(file, line);
	}
	if (!msg || !*msg || !ga_has_cjk(msg)) {
		print_error(
		    "error.message must be non-empty and Chinese-first; "
		    "got \"%s\"\n",
		    msg ? msg : "(none)");
		_fail(file, line);
	}
	if (field && (!f || strcmp(f, field) != 0)) {
		print_error("expected error.field \"%s\", got \"%s\"\n", field,
			    f ? f : "(none)");
		show(r);
		_fail(file, line);
	}
}

static void need_header(const struct ga_resp *r, const char *name,
			const char *needle, const char *file, int line)
{
	const char *v = ga_resp_header(r, name);

	if (!v || !*v || (needle && !ga_contains_ci(v, needle))) {
		print_error(
		    "header %s: got \"%s\", want it to contain \"%s\"\n", name,
		    v ? v : "(missing)", needle ? needle : "");
		_fail(file, line);
	}
}

void ga_check_security_headers(const struct ga_resp *r, const char *file,
			       int line)
{
	const char *v;

	v = ga_resp_header(r, "x-content-type-options");
	if (!v || strcasecmp(v, "nosniff") != 0) {
		print_error("X-Content-Type-Options: \"%s\"\n", v ? v : "");
		_fail(file, line);
	}
	need_header(r, "content-security-policy", "frame-ancestors 'none'",
		    file, line);
	need_header(r, "content-security-policy", "default-src 'self'", file,
		    line);
	v = ga_resp_header(r, "referrer-policy");
	if (!v || strcasecmp(v, "no-referrer") != 0) {
		print_error("Referrer-Policy: \"%s\"\n", v ? v : "");
		_fail(file, line);
	}
	v = ga_resp_header(r, "x-frame-options");
	if (!v || strcasecmp(v, "DENY") != 0) {
		print_error("X-Frame-Options: \"%s\"\n", v ? v : "");
		_fail(file, line);
	}
	need_header(r, "x-request-id", NULL, file, line);
}

void ga_check_no_store(const struct ga_resp *r, const char *file, int line)
{
	need_header(r, "cache-control", "no-store", file, line);
}

void ga_check_header_contains(const struct ga_resp *r, const char *name,
			      const char *needle, const char *file, int line)
{
	need_header(r, name, needle, file, line);
}

/* ---- clock, extra servers, source address, commands ---- */

void ga_use_clock(void)
{
	use_clock = true;
}

int ga_clock_advance(long seconds)
{
	char tmp[PATH_MAX + 8];
	FILE *f;

	if (!use_clock || !clock_path[0]) {
		fprintf(stderr, "harness: ga_clock_advance without "
				"ga_use_clock() before the server started\n");
		return -1;
	}
	/* written beside and renamed: the server never reads half a line */
	snprintf(tmp, sizeof(tmp), "%s.new", clock_path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%ld\n", clock_offset + seconds);
	if (fclose(f) != 0 || rename(tmp, clock_path) != 0)
		return -1;
	clock_offset += seconds;
	return 0;
}

const char *ga_clock_file(void)
{
	return use_clock ? clock_path : "";
}

long ga_clock_offset(void)
{
	return clock_offset;
}

time_t ga_now(void)
{
	return time(NULL) + clock_offset;
}

const char *ga_db_url(void)
{
	return db_url;
}

const char *ga_bin(void)
{
	return getenv("GA_BIN");
}

bool ga_db_is_pg(void)
{
	return strncmp(db_url, "postgres", 8) == 0;
}

int ga_extra_server_start(const char *db, int *port, int *pid)
{
	const char *bin = getenv("GA_BIN");
	const char *tmp = env_or("GA_TEST_TMP", "/tmp");
	const char *web = env_or("GA_WEB_ROOT", ".");
	char pfile[PATH_MAX], lpath[PATH_MAX], prog[128];
	long deadline = now_ms() + GA_START_TIMEOUT_MS;
	int n = ++extra_servers, logfd;
	pid_t p;

	*port = 0;
	*pid = -1;
	prog_name(prog, sizeof(prog));
	snprintf(pfile, sizeof(pfile), "%s/port-%ld-x%d", tmp, (long)getpid(),
		 n);
	snprintf(lpath, sizeof(lpath), "%s/server-%s-%ld-x%d.log", tmp, prog,
		 (long)getpid(), n);
	unlink(pfile);
	logfd = open(lpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (logfd < 0)
		return -1;
	p = spawn_serve(bin, db ? db : db_url, web, pfile, logfd);
	close(logfd);
	if (p < 0)
		return -1;
	while (now_ms() < deadline) {
		char *s = ga_read_file(pfile, NULL);
		int st;

		if (s && (*port = (int)strtol(s, NULL, 10)) > 0) {
			free(s);
			unlink(pfile);
			*pid = (int)p;
			return 0;
		}
		free(s);
		if (waitpid(p, &st, WNOHANG) == p) {
			fprintf(stderr,
				"harness: extra server exited (%d); "
				"see %s\n",
				st, lpath);
			return -1;
		}
		sleep_ms(20);
	}
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	return -1;
}

int ga_extra_server_stop(int pid)
{
	if (pid <= 0)
		return -1;
	kill((pid_t)pid, SIGTERM);
	return wait_exit((pid_t)pid);
}

void ga_use_port(int port)
{
	snprintf(base_url, sizeof(base_url), "%s://127.0.0.1:%d", scheme(),
		 port ? port : server_port);
}

void ga_set_source_addr(const char *ip)
{
	snprintf(source_addr, sizeof(source_addr), "%s", ip ? ip : "");
}

int ga_run(const char *const argv[], const char *input, char **output)
{
	int in[2], out[2], st;
	char *buf = NULL;
	size_t len = 0;
	pid_t pid;

	if (output)
		*output = NULL;
	if (pipe(in) != 0)
		return -1;
	if (pipe(out) != 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "execvp %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (input) {
		size_t n = strlen(input);
		const char *p = input;

		while (n) {
			ssize_t w = write(in[1], p, n);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			n -= (size_t)w;
		}
	}
	close(in[1]);
	for (;;) {
		char tmp[4096];
		ssize_t r = read(out[0], tmp, sizeof(tmp));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		buf = xrealloc_or_die(buf, len + (size_t)r + 1);
		memcpy(buf + len, tmp, (size_t)r);
		len += (size_t)r;
	}
	close(out[0]);
	if (!buf)
		buf = dup_or_die("", 0);
	buf[len] = '\0';
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -1;
		}
	if (output)
		*output = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
