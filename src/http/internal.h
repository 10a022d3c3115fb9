/* Shared between the files of src/http only. */
#ifndef GA_HTTP_INTERNAL_H
#define GA_HTTP_INTERNAL_H

#include <microhttpd.h>
#include <sys/socket.h>

#include "http/http.h"

#define METRICS_MAX_ROUTES 64

/* router.c: match method+path; sets req->route and params */
enum match_result { MATCH_OK, MATCH_NO_PATH, MATCH_NO_METHOD };
enum match_result router_match(const struct route *routes,
			       struct http_request *req, struct buf *allow);

/* metrics.c */
void metrics_init(const struct route *routes);
/* slot of a route in the table, or the "static" and "unmatched" slots */
int metrics_slot(const struct route *routes, const struct route *r,
		 bool is_static);
void metrics_observe(int slot, const char *method, int status,
		     uint64_t duration_ns);

/* static.c: serve a file of the web app; fills *response or an error status */
int static_serve(const char *root, struct MHD_Connection *conn,
		 const char *method, const char *path,
		 struct MHD_Response **response);

/* accesslog.c */
void accesslog_start(void);
void accesslog_stop(void);
void accesslog_write(const char *request_id, const char *method,
		     const char *route, int status, uint64_t bytes,
		     uint64_t duration_ns);

/* request.c: percent-decoding that keeps "%00" encoded */
size_t http_unescape(void *cls, struct MHD_Connection *c, char *s);

/* listen.c */
struct sockaddr_storage;
int http_parse_listen(const char *listen, struct sockaddr_storage *ss,
		      socklen_t *len);
char *http_read_file(const char *path); /* caller frees; NULL on error */
int http_write_port_file(const char *path, unsigned port);

/* server.c: headers every response carries */
void http_add_security_headers(struct MHD_Response *r, bool api, bool tls);

#endif
