/*
 * The HTTP layer: the only code that includes microhttpd.h.
 *
 * It accepts connections (libmicrohttpd, internal thread pool on epoll),
 * enforces the transport limits (header size, body size, connections,
 * timeouts), matches the route table that src/api supplies, serves the
 * built web app from disk, adds the security headers to every response,
 * counts metrics and writes one access-log line per request.
 *
 * Handlers see a `struct http_request` (borrowed for the call) and fill a
 * `struct http_response` (owned by the layer; the handler only sets fields
 * and appends to `body`).
 */
#ifndef GA_HTTP_H
#define GA_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define HTTP_MAX_PARAMS	 4
#define HTTP_MAX_HEADERS 8
#define HTTP_UPLOAD_MAX	 ((size_t)20 << 20) /* default upload limit */

struct http_request;
struct http_response;
struct route;

typedef void (*route_fn)(struct http_request *req, struct http_response *resp,
			 const struct route *route);

enum route_flags {
	ROUTE_BODY = 1 << 0,   /* the route reads a request body */
	ROUTE_PUBLIC = 1 << 1, /* answers without a session */
	/* a file upload: the body is collected as sent (the handler checks
	 * its type) up to the upload limit instead of the body limit */
	ROUTE_RAW_BODY = 1 << 2,
};

/* One entry of the route table. Patterns name parameters as {name}. */
struct route {
	const char *method;
	const char *pattern;
	unsigned flags;
	route_fn handle;
	const void *data; /* for the handler: src/api puts its function here */
	const char *summary; /* for docs and checks */
};

struct http_request {
	const char *method;
	const char *path;	   /* percent-decoded; "%00" stays encoded */
	const struct route *route; /* NULL for static files */
	const char *param_name[HTTP_MAX_PARAMS];
	char param[HTTP_MAX_PARAMS][64];
	int nparams;
	const char *body; /* NUL-terminated, may contain NULs */
	size_t body_len;
	char request_id[40];
	char remote_addr[48];
	bool tls;   /* served over HTTPS */
	void *conn; /* the connection, opaque to handlers */
};

struct http_header {
	char *name;
	char *value;
};

struct http_response {
	int status;
	const char *content_type; /* static string */
	struct buf body;
	struct http_header headers[HTTP_MAX_HEADERS];
	int nheaders;
};

/* Request accessors. Returned strings are borrowed for the request. */
const char *http_param(const struct http_request *req, const char *name);
const char *http_header(const struct http_request *req, const char *name);
const char *http_query(const struct http_request *req, const char *name);
const char *http_cookie(const struct http_request *req, const char *name);
/* Call fn for each query argument; stops when fn returns non-zero. */
int http_query_each(const struct http_request *req,
		    int (*fn)(const char *key, const char *value, void *ctx),
		    void *ctx);

/* Response helpers. Header values are copied. */
void http_set_header(struct http_response *resp, const char *name,
		     const char *value);

struct http_config {
	const char *listen;   /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
	const char *web_root; /* directory of the built web app */
	const char *tls_cert; /* PEM paths; both or neither */
	const char *tls_key;
	const char *port_file; /* write the bound port here, if set */
	unsigned threads;
	unsigned max_connections;
	unsigned per_ip_connections;
	unsigned request_timeout_s;
	size_t header_limit;
	size_t body_limit;
	size_t upload_limit; /* ROUTE_RAW_BODY routes; 0: HTTP_UPLOAD_MAX */
	bool access_log;
};

struct http_server;

/*
 * Start serving `routes` (an array ended by an entry with method NULL).
 * The table must outlive the server.
 */
int http_start(const struct http_config *cfg, const struct route *routes,
	       struct http_server **out);
/* The TCP port actually bound (useful with port 0). */
unsigned http_port(const struct http_server *srv);
bool http_tls(const struct http_server *srv);
/*
 * Stop accepting, let in-flight requests finish (at most grace_ms), stop.
 * Frees the server.
 */
void http_stop(struct http_server *srv, unsigned grace_ms);

/* Prometheus text exposition of the request metrics, appended to out. */
int http_metrics_render(struct buf *out);

#endif
