/*
 * libmicrohttpd glue: one `struct req_state` per request, from the first
 * call of the access handler to the completion notice.
 *
 * Request life: headers arrive → route matched (or static, or an early
 * error) → body collected into a capped buffer (ROUTE_BODY routes only) →
 * the route's handler runs → response queued with the security headers →
 * on completion: metrics, access log, free.
 */
#include "http/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/log.h"
#include "util/result.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

/* what a body beyond the limit may still send before we hang up */
#define DISCARD_MAX ((size_t)16 << 20)

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; "
    /* the web app's service worker and manifest (offline PWA) */
    "worker-src 'self'; manifest-src 'self'";

struct http_server {
	struct MHD_Daemon *mhd;
	const struct route *routes;
	struct http_config cfg;
	char web_root[4096];
	char *tls_cert_pem;
	char *tls_key_pem;
	atomic_long inflight;
	uint64_t id_prefix;
	atomic_uint_fast64_t id_seq;
};

struct req_state {
	struct http_request req;
	struct buf body;
	uint64_t start_ns;
	size_t discarded;
	int early_status; /* an error decided before the body */
	const char *early_code;
	bool too_big;
	bool is_static;
	bool is_api;
	int status;
	uint64_t bytes;
	char method[8];
	char allow[64];
};

void http_add_security_headers(struct MHD_Response *r, bool api, bool tls)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=()");
	if (tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000");
	if (api)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
					"no-store");
}

static bool is_api_path(const char *path)
{
	return str_starts_with(path, "/api/") || !strcmp(path, "/api") ||
	       !strcmp(path, "/healthz") || !strcmp(path, "/metrics");
}

static void sanitize_method(const char *m, char out[8])
{
	static const char *const known[] = {"GET",   "HEAD",   "POST",	 "PUT",
					    "PATCH", "DELETE", "OPTIONS"};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(m, known[i])) {
			str_copy(out, 8, m);
			return;
		}
	str_copy(out, 8, "OTHER");
}

/* The JSON error body for errors the transport decides on. */
static enum MHD_Result queue_error(struct http_server *srv,
				   struct MHD_Connection *conn,
				   struct req_state *rs, int status,
				   const char *code)
{
	static const struct {
		const char *code;
		const char *msg;
	} msgs[] = {
	    {"not_found", "未找到 (not found)"},
	    {"method_not_allowed", "不支持该请求方法 (method not allowed)"},
	    {"body_too_large", "请求体过大 (request body too large)"},
	    {"internal", "服务器内部错误 (internal server error)"},
	    {"bad_request", "请求无效 (bad request)"},
	};
	const char *msg = msgs[0].msg;
	char body[256];
	struct MHD_Response *r;
	enum MHD_Result ok;
	int n;

	for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
		if (!strcmp(code, msgs[i].code))
			msg = msgs[i].msg;
	n = snprintf(body, sizeof(body),
		     "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code,
		     msg);
	r = MHD_create_response_from_buffer((size_t)n, body,
					    MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json");
	MHD_add_response_header(r, "X-Request-Id", rs->req.request_id);
	http_add_security_headers(r, true, srv->tls_cert_pem != NULL);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED && rs->allow[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	rs->status = status;
	rs->bytes = (uint64_t)n;
	ok = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result queue_static(struct http_server *srv,
				    struct MHD_Connection *conn,
				    struct req_state *rs)
{
	struct MHD_Response *r = NULL;
	int status = static_serve(srv->web_root[0] ? srv->web_root : NULL, conn,
				  rs->req.method, rs->req.path, &r);
	enum MHD_Result ok;

	if (!r) {
		if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
			str_copy(rs->allow, sizeof(rs->allow), "GET, HEAD");
		return queue_error(srv, conn, rs, status,
				   status == MHD_HTTP_METHOD_NOT_ALLOWED
				       ? "method_not_allowed"
				   : status == MHD_HTTP_NOT_FOUND ? "not_found"
								  : "internal");
	}
	MHD_add_response_header(r, "X-Request-Id", rs->req.request_id);
	http_add_security_headers(r, false, srv->tls_cert_pem != NULL);
	rs->status = status;
	ok = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result queue_handler(struct http_server *srv,
				     struct MHD_Connection *conn,
				     struct req_state *rs)
{
	struct http_response resp;
	struct MHD_Response *r;
	enum MHD_Result ok;
	size_t len;
	char *body;

	memset(&resp, 0, sizeof(resp));
	resp.status = 200;
	resp.content_type = "application/json";
	buf_init(&resp.body, 0);
	rs->req.body = rs->body.ptr;
	rs->req.body_len = rs->body.len;
	rs->req.route->handle(&rs->req, &resp, rs->req.route);
	body = buf_detach(&resp.body, &len);
	r = MHD_create_response_from_buffer_with_free_callback(len, body, free);
	if (!r) {
		free(body);
		ok = MHD_NO;
		goto out;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				resp.content_type);
	MHD_add_response_header(r, "X-Request-Id", rs->req.request_id);
	http_add_security_headers(r, true, srv->tls_cert_pem != NULL);
	for (int i = 0; i < resp.nheaders; i++)
		MHD_add_response_header(r, resp.headers[i].name,
					resp.headers[i].value);
	rs->status = resp.status;
	rs->bytes = len;
	ok = MHD_queue_response(conn, (unsigned)resp.status, r);
	MHD_destroy_response(r);
out:
	for (int i = 0; i < resp.nheaders; i++) {
		free(resp.headers[i].name);
		free(resp.headers[i].value);
	}
	return ok;
}

static void new_request_id(struct http_server *srv, char out[40])
{
	uint64_t seq = atomic_fetch_add(&srv->id_seq, 1);

	snprintf(out, 40, "%016llx%08llx", (unsigned long long)srv->id_prefix,
		 (unsigned long long)(seq & 0xffffffffu));
}

static void remote_addr(struct MHD_Connection *conn, char out[48])
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	out[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, 48);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  48);
}

#define COLLECTS_BODY (ROUTE_BODY | ROUTE_RAW_BODY)

/* the most a route's body may hold */
static size_t body_limit_of(const struct http_server *srv,
			    const struct route *r)
{
	if (r && (r->flags & ROUTE_RAW_BODY))
		return srv->cfg.upload_limit ? srv->cfg.upload_limit
					     : HTTP_UPLOAD_MAX;
	return srv->cfg.body_limit;
}

/* First call: decide what this request is, before any body arrives. */
static void begin_request(struct http_server *srv, struct MHD_Connection *conn,
			  struct req_state *rs, const char *url,
			  const char *method)
{
	struct buf allow;
	const char *cl;

	rs->start_ns = time_mono_ns();
	sanitize_method(method, rs->method);
	rs->req.method = method;
	rs->req.path = url;
	rs->req.conn = conn;
	rs->req.tls = srv->tls_cert_pem != NULL;
	rs->status = 500;
	new_request_id(srv, rs->req.request_id);
	remote_addr(conn, rs->req.remote_addr);
	buf_init(&rs->body, srv->cfg.body_limit);
	rs->is_api = is_api_path(url);

	buf_init(&allow, sizeof(rs->allow) - 1);
	switch (router_match(srv->routes, &rs->req, &allow)) {
	case MATCH_OK: break;
	case MATCH_NO_METHOD:
		rs->early_status = MHD_HTTP_METHOD_NOT_ALLOWED;
		rs->early_code = "method_not_allowed";
		str_copy(rs->allow, sizeof(rs->allow), allow.ptr);
		break;
	case MATCH_NO_PATH:
		if (rs->is_api) {
			rs->early_status = MHD_HTTP_NOT_FOUND;
			rs->early_code = "not_found";
		} else {
			rs->is_static = true;
		}
		break;
	}
	buf_release(&allow);
	rs->body.cap = body_limit_of(srv, rs->req.route); /* still empty */
	cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!rs->early_status && rs->req.route &&
	    (rs->req.route->flags & COLLECTS_BODY) && cl) {
		int64_t n;

		if (!parse_int64(cl, 0, INT64_MAX, &n) &&
		    (uint64_t)n > rs->body.cap)
			rs->too_big = true;
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct req_state *rs = *con_cls;

	(void)version;
	if (!rs) {
		rs = xcalloc(1, sizeof(*rs));
		*con_cls = rs;
		atomic_fetch_add(&srv->inflight, 1);
		begin_request(srv, conn, rs, url, method);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (rs->early_status || rs->is_static || rs->too_big ||
		    !(rs->req.route->flags & COLLECTS_BODY)) {
			size_t most = DISCARD_MAX;

			/* an oversized upload is read to its end too */
			if (rs->req.route &&
			    (rs->req.route->flags & ROUTE_RAW_BODY))
				most += rs->body.cap;
			rs->discarded += n;
			return rs->discarded > most ? MHD_NO : MHD_YES;
		}
		if (buf_add(&rs->body, upload_data, n))
			rs->too_big = true; /* the buffer emptied itself */
		return MHD_YES;
	}
	/* the whole request is in */
	if (rs->early_status)
		return queue_error(srv, conn, rs, rs->early_status,
				   rs->early_code);
	if (rs->too_big)
		return queue_error(srv, conn, rs, MHD_HTTP_CONTENT_TOO_LARGE,
				   "body_too_large");
	if (rs->is_static)
		return queue_static(srv, conn, rs);
	return queue_handler(srv, conn, rs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct req_state *rs = *con_cls;
	uint64_t took;
	int slot;

	(void)conn;
	if (!rs)
		return;
	took = time_mono_ns() - rs->start_ns;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && rs->status == 500 &&
	    !rs->bytes)
		rs->status = 499; /* the client went away or timed out */
	slot = metrics_slot(srv->routes, rs->req.route, rs->is_static);
	metrics_observe(slot, rs->method, rs->status, took);
	if (srv->cfg.access_log)
		accesslog_write(rs->req.request_id, rs->method,
				rs->req.route	? rs->req.route->pattern
				: rs->is_static ? "static"
						: "unmatched",
				rs->status, rs->bytes, took);
	buf_release(&rs->body);
	free(rs);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->inflight, 1);
}

/*
 * Percent-decoding of paths and query values, like MHD's own, except that
 * "%00" stays encoded: a NUL must never cut a path or value short.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warn("http: %s", line);
}

int http_start(const struct http_config *cfg, const struct route *routes,
	       struct http_server **out)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct MHD_OptionItem opts[20];
	int n = 0;
	int rc = GA_OK;

	*out = NULL;
	/* the logger first, so that MHD reports option errors through it */
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER,
					    (intptr_t)mhd_log, NULL};
	srv->cfg = *cfg;
	srv->routes = routes;
	if (http_parse_listen(cfg->listen, &ss, &sslen)) {
		log_error("invalid listen address: %s", cfg->listen);
		rc = GA_EINVAL;
		goto out;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cfg->web_root && !realpath(cfg->web_root, srv->web_root)) {
		log_warn("web root %s not found (%s): only the API is served",
			 cfg->web_root, strerror(errno));
		srv->web_root[0] = '\0';
	}
	if (cfg->tls_cert || cfg->tls_key) {
		srv->tls_cert_pem =
		    cfg->tls_cert ? http_read_file(cfg->tls_cert) : NULL;
		srv->tls_key_pem =
		    cfg->tls_key ? http_read_file(cfg->tls_key) : NULL;
		if (!srv->tls_cert_pem || !srv->tls_key_pem) {
			log_error(
			    "TLS needs a readable --tls-cert and --tls-key");
			rc = GA_EINVAL;
			goto out;
		}
		flags |= MHD_USE_TLS;
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT,
						    0, srv->tls_cert_pem};
		opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
						    srv->tls_key_pem};
	}
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &ss};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
					    cfg->threads, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
					    cfg->max_connections, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
					    cfg->per_ip_connections, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
					    cfg->request_timeout_s, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
					    (intptr_t)cfg->header_limit, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
					    (intptr_t)on_completed, srv};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_UNESCAPE_CALLBACK,
					    (intptr_t)http_unescape, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTENING_ADDRESS_REUSE,
					    1, NULL};
	opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

	srv->id_prefix = ((uint64_t)getpid() << 32) ^ time_mono_ns();
	metrics_init(routes);
	srv->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
				    MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!srv->mhd) {
		log_error("cannot listen on %s", cfg->listen);
		rc = GA_EIO;
		goto out;
	}
	if (cfg->access_log)
		accesslog_start();
	if (cfg->port_file &&
	    http_write_port_file(cfg->port_file, http_port(srv))) {
		log_error("cannot write port file %s", cfg->port_file);
		http_stop(srv, 0);
		return GA_EIO;
	}
out:
	if (rc) {
		free(srv->tls_cert_pem);
		free(srv->tls_key_pem);
		free(srv);
		return rc;
	}
	*out = srv;
	return GA_OK;
}

unsigned http_port(const struct http_server *srv)
{
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(srv->mhd, MHD_DAEMON_INFO_BIND_PORT);

	return di ? di->port : 0;
}

bool http_tls(const struct http_server *srv)
{
	return srv->tls_cert_pem != NULL;
}

void http_stop(struct http_server *srv, unsigned grace_ms)
{
	MHD_socket sock;
	unsigned waited = 0;

	if (!srv)
		return;
	/* stop accepting; requests already received run to the end */
	sock = MHD_quiesce_daemon(srv->mhd);
	while (atomic_load(&srv->inflight) > 0 && waited < grace_ms) {
		usleep(10000);
		waited += 10;
	}
	MHD_stop_daemon(srv->mhd);
	/* the listening socket is ours again, but (microhttpd.h on
	 * MHD_quiesce_daemon) with an internal polling thread it may be
	 * closed only after MHD_stop_daemon: closed earlier, the thread's
	 * epoll set could still hold it ("Failed to remove listen FD from
	 * epoll set", a fatal error seen in the sanitizer run) */
	if (sock != MHD_INVALID_SOCKET)
		close(sock);
	if (srv->cfg.access_log)
		accesslog_stop();
	if (srv->tls_key_pem)
		explicit_bzero(srv->tls_key_pem, strlen(srv->tls_key_pem));
	free(srv->tls_cert_pem);
	free(srv->tls_key_pem);
	free(srv);
}
