/*
 * The built web app, served from web/dist (or --web-root).
 *
 * Safety: a path is served only when every segment is made of
 * [A-Za-z0-9._~-], does not start with a dot, and the resolved real path
 * still lies under the root's real path, so neither "..", encoded dots,
 * NULs nor symlinks lead outside it.
 * Client routes (a last segment without a dot) get index.html, so the
 * web app's history-mode router can take them.
 * Speed: a precompressed "name.gz" beside a file is sent when the client
 * accepts gzip; hashed assets under /assets/ are cached for a year.
 */
#include "http/internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strutil.h"
#include "util/banned.h"

struct mime {
	const char *ext;
	const char *type;
	bool compressible;
};

static const struct mime mimes[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json", true},
    {".webmanifest", "application/manifest+json", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".map", "application/json", true},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".jpeg", "image/jpeg", false},
    {".gif", "image/gif", false},
    {".webp", "image/webp", false},
    {".ico", "image/x-icon", false},
    {".woff", "font/woff", false},
    {".woff2", "font/woff2", false},
    {".ttf", "font/ttf", false},
};

static const struct mime *mime_of(const char *path)
{
	for (size_t i = 0; i < sizeof(mimes) / sizeof(mimes[0]); i++)
		if (str_ends_with(path, mimes[i].ext))
			return &mimes[i];
	return NULL;
}

/* Every segment safe; *client_route when the last segment has no dot. */
static bool path_safe(const char *path, bool *client_route)
{
	const char *seg = path + 1;
	bool last_dot = false;

	if (path[0] != '/' || strlen(path) > 512)
		return false;
	for (const char *s = seg;; s++) {
		char c = *s;

		if (c == '/' || !c) {
			if (s == seg && c)
				return false; /* empty segment: "//" */
			if (*seg == '.')
				return false;
			if (!c)
				break;
			seg = s + 1;
			last_dot = false;
			continue;
		}
		if (c == '.')
			last_dot = true;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '_' || c == '-' ||
			   c == '~'))
			return false;
	}
	*client_route = !last_dot;
	return true;
}

static bool accepts_gzip(struct MHD_Connection *conn)
{
	const char *ae = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *p;

	if (!ae || !(p = strstr(ae, "gzip")))
		return false;
	/* "gzip;q=0" refuses it */
	p += 4;
	while (*p == ' ')
		p++;
	return !str_starts_with(p, ";q=0") || str_starts_with(p, ";q=0.");
}

/* Open root/rel if it is a regular file whose real path is under root. */
static int open_under(const char *root, const char *rel, struct stat *st)
{
	char full[PATH_MAX], real[PATH_MAX];
	size_t rlen = strlen(root);
	int fd;

	if ((size_t)snprintf(full, sizeof(full), "%s%s", root, rel) >=
	    sizeof(full))
		return -1;
	if (!realpath(full, real))
		return -1;
	if (strncmp(real, root, rlen) || real[rlen] != '/')
		return -1;
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

int static_serve(const char *root, struct MHD_Connection *conn,
		 const char *method, const char *path,
		 struct MHD_Response **response)
{
	char rel[600], etag[64];
	const struct mime *mime;
	struct MHD_Response *r;
	struct stat st;
	bool client_route = false, gz = false;
	const char *inm;
	int fd = -1;

	*response = NULL;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return MHD_HTTP_METHOD_NOT_ALLOWED;
	if (!root || !path_safe(path, &client_route))
		return MHD_HTTP_NOT_FOUND;
	if (client_route || !strcmp(path, "/"))
		path = "/index.html";
	mime = mime_of(path);
	if (!mime)
		return MHD_HTTP_NOT_FOUND;
	if (mime->compressible && accepts_gzip(conn)) {
		snprintf(rel, sizeof(rel), "%s.gz", path);
		fd = open_under(root, rel, &st);
		gz = fd >= 0;
	}
	if (fd < 0)
		fd = open_under(root, path, &st);
	if (fd < 0)
		return MHD_HTTP_NOT_FOUND;
	snprintf(etag, sizeof(etag), "\"%llx-%llx%s\"",
		 (unsigned long long)st.st_size,
		 (unsigned long long)st.st_mtime, gz ? "-gz" : "");
	inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
					  MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm && !strcmp(inm, etag)) {
		close(fd);
		r = MHD_create_response_from_buffer(0, NULL,
						    MHD_RESPMEM_PERSISTENT);
		if (!r)
			return MHD_HTTP_INTERNAL_SERVER_ERROR;
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		*response = r;
		return MHD_HTTP_NOT_MODIFIED;
	}
	r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
	if (!r) {
		close(fd);
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, mime->type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
					"gzip");
	if (mime->compressible)
		MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
					"Accept-Encoding");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				str_starts_with(path, "/assets/")
				    ? "public, max-age=31536000, immutable"
				    : "no-cache");
	*response = r;
	return MHD_HTTP_OK;
}
