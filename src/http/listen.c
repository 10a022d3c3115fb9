/* Listening address, TLS files and the port file for http_start(). */
#include "http/internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "util/result.h"
#include "util/strutil.h"
#include "util/banned.h"

int http_parse_listen(const char *listen, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	int64_t port;
	size_t hlen;

	memset(ss, 0, sizeof(*ss));
	if (!colon || parse_int64(colon + 1, 0, 65535, &port))
		return GA_EINVAL;
	hlen = (size_t)(colon - listen);
	if (hlen >= sizeof(host))
		return GA_EINVAL;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		host[hlen - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return GA_EINVAL;
		*len = sizeof(*a6);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (!hlen)
			a4->sin_addr.s_addr = htonl(INADDR_ANY);
		else if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return GA_EINVAL;
		*len = sizeof(*a4);
	}
	return GA_OK;
}

char *http_read_file(const char *path)
{
	struct buf b;
	char chunk[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return NULL;
	buf_init(&b, 1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n))
			break;
	fclose(f);
	return b.len ? buf_detach(&b, NULL) : (buf_release(&b), NULL);
}

int http_write_port_file(const char *path, unsigned port)
{
	char tmp[4200];
	FILE *f;

	/* write then rename, so a reader never sees a half-written file */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return GA_EIO;
	fprintf(f, "%u\n", port);
	if (fclose(f) || rename(tmp, path))
		return GA_EIO;
	return GA_OK;
}
