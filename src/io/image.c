#include "io/image.h"

#include <string.h>
#include <strings.h>

#include "util/banned.h"

const char *image_sniff(const void *data, size_t len)
{
	static const unsigned char png[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	const unsigned char *p = data;

	if (!p)
		return NULL;
	/* JPEG: SOI then the first marker */
	if (len >= 4 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	/* PNG: the signature then the IHDR chunk */
	if (len >= 16 && !memcmp(p, png, 8) && !memcmp(p + 12, "IHDR", 4))
		return "image/png";
	/* WebP: a RIFF container of form WEBP with a VP8 chunk */
	if (len >= 16 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBPVP8", 7))
		return "image/webp";
	return NULL;
}

bool image_content_type_ok(const char *ct)
{
	static const char *const ok[] = {"image/jpeg", "image/png",
					 "image/webp",
					 "application/octet-stream", NULL};
	size_t n;

	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	n = strcspn(ct, "; ");
	for (int i = 0; ok[i]; i++)
		if (n == strlen(ok[i]) && !strncasecmp(ct, ok[i], n))
			return true;
	return false;
}

const char *document_sniff(const void *data, size_t len)
{
	const char *mime = image_sniff(data, len);

	if (mime)
		return mime;
	if (len >= 5 && !memcmp(data, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}
