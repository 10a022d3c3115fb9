/*
 * Second factor: TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) through
 * liboath, with enrolment shown as a QR code (libqrencode drawn as SVG).
 * A code is accepted one step early or late; a step once used is refused
 * again, so a code cannot be replayed.
 */
#ifndef GA_AUTH_TOTP_H
#define GA_AUTH_TOTP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "util/buf.h"
#include "util/result.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_BASE32_MAX	  40

int totp_init(void);
/* a fresh random secret, as base32 (what the authenticator app takes) */
void totp_secret_new(char base32[TOTP_BASE32_MAX]);
/*
 * Check `code` against the base32 secret at time `now`. On success *step
 * gets the time step the code belongs to; a step <= last_step is refused
 * (replay). GA_OK, or GA_EINVAL for a wrong, malformed or replayed code.
 */
int totp_verify(const char *base32, const char *code, time_t now,
		int64_t last_step, int64_t *step);
/* the current code, for tests and the CLI */
int totp_code(const char *base32, time_t now, char out[7]);
/* otpauth:// URI for authenticator apps */
int totp_uri(const char *issuer, const char *account, const char *base32,
	     struct buf *out);
/* an SVG image of the QR code of `text` */
int totp_qr_svg(const char *text, struct buf *out);

#endif
