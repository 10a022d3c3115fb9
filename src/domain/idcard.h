/*
 * Resident identity card numbers (GB 11643-1999): 6-digit address code (a
 * code since abolished is still valid), 8-digit birth date, 3-digit
 * sequence (odd for male, even for female), and an ISO 7064 MOD 11-2 check
 * character. Pure.
 */
#ifndef GA_DOMAIN_IDCARD_H
#define GA_DOMAIN_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/child.h"
#include "domain/date.h"

enum idcard_error {
	IDCARD_OK = 0,
	IDCARD_LENGTH, /* not 18 characters */
	IDCARD_CHARS,  /* not 17 digits and a digit or X */
	IDCARD_BIRTH,  /* the birth date part is not a real date */
	IDCARD_CHECK,  /* the check character does not match */
};

/*
 * Check an ID number; on IDCARD_OK fill birth and sex (either may be NULL).
 * A lowercase x check character is accepted; callers store it uppercase.
 */
enum idcard_error idcard_check(const char *id, size_t len, struct date *birth,
			       enum sex *sex);
/* the check character for the first 17 digits */
char idcard_check_char(const char *first17);
/* Chinese-first message for an error */
const char *idcard_error_text(enum idcard_error e);
/* "500101********123X": first 6 and last 4 kept, into out[19] */
void idcard_mask(const char *id, char out[19]);

#endif
