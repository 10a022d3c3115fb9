/*
 * What kind of picture a file is, from its first bytes (magic numbers),
 * never from what the client claims. Shared by every photo upload (centre
 * activities, visits): one place decides which images the system accepts.
 */
#ifndef GA_IO_IMAGE_H
#define GA_IO_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * "image/jpeg", "image/png" or "image/webp" when data starts like one
 * (static strings); NULL for anything else, including an empty or
 * truncated header.
 */
const char *image_sniff(const void *data, size_t len);

/*
 * True when the Content-Type a client sent (parameters ignored, case
 * insensitive) names one of the accepted image types or
 * application/octet-stream (the bytes decide then).
 */
bool image_content_type_ok(const char *content_type);

/*
 * An image as image_sniff() knows it, or "application/pdf" when data
 * starts with "%PDF-" (a report's attachment); NULL for anything else.
 */
const char *document_sniff(const void *data, size_t len);

#endif
