/*
 * GB 11643-1999 citizen identity numbers. The address code is not checked
 * against any list: codes abolished since issue remain valid for life.
 */
#include "domain/idcard.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

enum {
	IDCARD_LEN = 18,
	IDCARD_BODY_LEN = 17,	/* digits the check character covers */
	IDCARD_BIRTH_OFF = 6,	/* YYYYMMDD after the 6-digit address code */
	IDCARD_SEQ_LAST = 16,	/* last sequence digit: odd male, even female */
	IDCARD_YEAR_MIN = 1900, /* no living holder was born earlier */
	IDCARD_MASK_HEAD = 6,	/* kept when masking: the address code */
	IDCARD_MASK_TAIL = 4,	/* kept when masking: sequence and check */
};

/* GB 11643-1999 §8.2 (ISO 7064 MOD 11-2): W_i = 2^(18-i) mod 11 */
static const int weights[IDCARD_BODY_LEN] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
					     3, 7, 9,  10, 5, 8, 4, 2};
static const char check_chars[12] = "10X98765432";

/* '\0' when first17 does not start with 17 digits */
char idcard_check_char(const char *first17)
{
	int sum = 0;

	if (!first17)
		return '\0';
	for (int i = 0; i < IDCARD_BODY_LEN; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * weights[i];
	}
	return check_chars[sum % 11];
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum idcard_error idcard_check(const char *id, size_t len, struct date *birth,
			       enum sex *sex)
{
	struct date b;
	char last;

	if (!id || len != IDCARD_LEN)
		return IDCARD_LENGTH;
	last = id[IDCARD_LEN - 1];
	if (!str_all_digits(id, IDCARD_BODY_LEN) ||
	    !((last >= '0' && last <= '9') || last == 'X' || last == 'x'))
		return IDCARD_CHARS;
	b.y = digits(id + IDCARD_BIRTH_OFF, 4);
	b.m = digits(id + IDCARD_BIRTH_OFF + 4, 2);
	b.d = digits(id + IDCARD_BIRTH_OFF + 6, 2);
	if (b.y < IDCARD_YEAR_MIN || !date_valid(b))
		return IDCARD_BIRTH;
	if (last == 'x')
		last = 'X';
	if (idcard_check_char(id) != last)
		return IDCARD_CHECK;
	if (birth)
		*birth = b;
	if (sex)
		*sex = (id[IDCARD_SEQ_LAST] - '0') % 2 ? SEX_MALE : SEX_FEMALE;
	return IDCARD_OK;
}

const char *idcard_error_text(enum idcard_error e)
{
	switch (e) {
	case IDCARD_OK: return "身份证号码有效 (valid ID number)";
	case IDCARD_LENGTH:
		return "身份证号码应为18位 (an ID number has 18 characters)";
	case IDCARD_CHARS:
		return "身份证号码应为17位数字加1位数字或X (17 digits and a "
		       "digit or X)";
	case IDCARD_BIRTH:
		return "身份证号码中的出生日期无效 (the birth date in the ID "
		       "number is not a real date)";
	case IDCARD_CHECK:
		return "身份证号码校验位错误 (the check character does not "
		       "match)";
	}
	return "身份证号码无效 (invalid ID number)";
}

/*
 * Anything that is not 18 characters long is masked whole (one '*' per
 * character, at most 18): a malformed number shows nothing of itself.
 */
void idcard_mask(const char *id, char out[19])
{
	size_t n = id ? strnlen(id, IDCARD_LEN + 1) : 0;

	if (n != IDCARD_LEN) {
		if (n > IDCARD_LEN)
			n = IDCARD_LEN;
		memset(out, '*', n);
		out[n] = '\0';
		return;
	}
	for (size_t i = 0; i < IDCARD_LEN; i++) {
		if (i < IDCARD_MASK_HEAD || i >= IDCARD_LEN - IDCARD_MASK_TAIL)
			out[i] = id[i] == 'x' ? 'X' : id[i];
		else
			out[i] = '*';
	}
	out[IDCARD_LEN] = '\0';
}
