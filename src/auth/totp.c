#include "auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

#define STEP   30
#define WINDOW 1

int totp_init(void)
{
	return oath_init() == OATH_OK ? GA_OK : GA_EINTERNAL;
}

void totp_secret_new(char base32[TOTP_BASE32_MAX])
{
	unsigned char raw[TOTP_SECRET_BYTES];
	char *out = NULL;
	size_t len = 0;

	randombytes_buf(raw, sizeof(raw));
	if (oath_base32_encode((const char *)raw, sizeof(raw), &out, &len) !=
	    OATH_OK)
		abort();
	str_copy(base32, TOTP_BASE32_MAX, out);
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(out, len);
	free(out);
}

static int decode(const char *base32, char **raw, size_t *len)
{
	*raw = NULL;
	return oath_base32_decode(base32, strlen(base32), raw, len) == OATH_OK
		   ? GA_OK
		   : GA_EINVAL;
}

int totp_verify(const char *base32, const char *code, time_t now,
		int64_t last_step, int64_t *step)
{
	uint64_t counter = 0;
	char *raw = NULL;
	size_t len = 0;
	int pos;
	int rc;

	if (strlen(code) != 6 || !str_all_digits(code, 6))
		return GA_EINVAL;
	if (decode(base32, &raw, &len))
		return GA_EINVAL;
	pos = oath_totp_validate3(raw, len, now, STEP, 0, WINDOW, NULL,
				  &counter, code);
	sodium_memzero(raw, len);
	free(raw);
	if (pos < 0)
		return GA_EINVAL;
	rc = (int64_t)counter > last_step ? GA_OK : GA_EINVAL;
	if (!rc)
		*step = (int64_t)counter;
	return rc;
}

int totp_code(const char *base32, time_t now, char out[7])
{
	char *raw = NULL;
	size_t len = 0;
	int rc;

	if (decode(base32, &raw, &len))
		return GA_EINVAL;
	rc = oath_totp_generate(raw, len, now, STEP, 0, 6, out) == OATH_OK
		 ? GA_OK
		 : GA_EINVAL;
	sodium_memzero(raw, len);
	free(raw);
	return rc;
}

int totp_uri(const char *issuer, const char *account, const char *base32,
	     struct buf *out)
{
	/* issuer and account are [A-Za-z0-9._-]: nothing to escape */
	return buf_addf(out,
			"otpauth://totp/%s:%s?secret=%s&issuer=%s"
			"&algorithm=SHA1&digits=6&period=%d",
			issuer, account, base32, issuer, STEP);
}

int totp_qr_svg(const char *text, struct buf *out)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int rc;
	int w, quiet = 4;

	if (!qr)
		return GA_EINTERNAL;
	w = qr->width;
	rc = buf_addf(out,
		      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
		      "%d %d\" shape-rendering=\"crispEdges\">"
		      "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>"
		      "<path fill=\"#000\" d=\"",
		      w + 2 * quiet, w + 2 * quiet);
	for (int y = 0; !rc && y < w; y++)
		for (int x = 0; !rc && x < w; x++)
			if (qr->data[y * w + x] & 1)
				rc = buf_addf(out, "M%d %dh1v1h-1z", x + quiet,
					      y + quiet);
	if (!rc)
		rc = buf_adds(out, "\"/></svg>");
	QRcode_free(qr);
	return rc;
}
