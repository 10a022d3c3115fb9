/*
 * Unit tests for src/domain/idcard.c (GB 11643-1999). Known numbers come
 * from the standard's example and from an independent computation; more
 * are generated with idcard_check_char and then damaged one way each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/idcard.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

struct id_case {
	const char *name;
	const char *id;
	enum idcard_error want;
	struct date birth;
	enum sex sex;
};

static const struct id_case id_cases[] = {
    {"standard example, female, X", "11010519491231002X", IDCARD_OK,
     D(1949, 12, 31), SEX_FEMALE},
    {"lowercase x", "11010519491231002x", IDCARD_OK, D(1949, 12, 31),
     SEX_FEMALE},
    {"male, 29 Feb", "500101200802291230", IDCARD_OK, D(2008, 2, 29), SEX_MALE},
    {"male, 城口", "500230201003150011", IDCARD_OK, D(2010, 3, 15), SEX_MALE},
    {"female, 彭水", "500242201201010023", IDCARD_OK, D(2012, 1, 1),
     SEX_FEMALE},
    {"1900-01-01, male", "510100190001010039", IDCARD_OK, D(1900, 1, 1),
     SEX_MALE},
    {"female, end of year", "500101201212314564", IDCARD_OK, D(2012, 12, 31),
     SEX_FEMALE},
    {"male, check 0", "440300199912315670", IDCARD_OK, D(1999, 12, 31),
     SEX_MALE},
    {"wrong check digit", "500101200802291231", IDCARD_CHECK, D(0, 0, 0),
     SEX_UNKNOWN},
    {"X where a digit is due", "50010120080229123X", IDCARD_CHECK, D(0, 0, 0),
     SEX_UNKNOWN},
    {"digit where X is due", "110105194912310020", IDCARD_CHECK, D(0, 0, 0),
     SEX_UNKNOWN},
    {"swapped digits", "11010519491231200X", IDCARD_CHECK, D(0, 0, 0),
     SEX_UNKNOWN},
    {"17 characters", "11010519491231002", IDCARD_LENGTH, D(0, 0, 0),
     SEX_UNKNOWN},
    {"19 characters", "11010519491231002X0", IDCARD_LENGTH, D(0, 0, 0),
     SEX_UNKNOWN},
    {"15-digit old number", "110105491231002", IDCARD_LENGTH, D(0, 0, 0),
     SEX_UNKNOWN},
    {"empty", "", IDCARD_LENGTH, D(0, 0, 0), SEX_UNKNOWN},
    {"letter in body", "1101051949123100AX", IDCARD_CHARS, D(0, 0, 0),
     SEX_UNKNOWN},
    {"other letter as check", "11010519491231002Y", IDCARD_CHARS, D(0, 0, 0),
     SEX_UNKNOWN},
    {"space", "110105 9491231002X", IDCARD_CHARS, D(0, 0, 0), SEX_UNKNOWN},
    {"minus sign", "-10105194912310021", IDCARD_CHARS, D(0, 0, 0), SEX_UNKNOWN},
    {"X in the middle", "1101051949X231002X", IDCARD_CHARS, D(0, 0, 0),
     SEX_UNKNOWN},
    {"fullwidth digit", "11010519491231\xef\xbc\x90", IDCARD_LENGTH, D(0, 0, 0),
     SEX_UNKNOWN},
    {"Feb 30", "500101200802301236", IDCARD_BIRTH, D(0, 0, 0), SEX_UNKNOWN},
    {"29 Feb common year", "500101200702291230", IDCARD_BIRTH, D(0, 0, 0),
     SEX_UNKNOWN},
    {"month 13", "500101200813011230", IDCARD_BIRTH, D(0, 0, 0), SEX_UNKNOWN},
    {"day 00", "500101200801001230", IDCARD_BIRTH, D(0, 0, 0), SEX_UNKNOWN},
    {"year 1899", "500101189912311230", IDCARD_BIRTH, D(0, 0, 0), SEX_UNKNOWN},
    {"year 0000", "500101000001011230", IDCARD_BIRTH, D(0, 0, 0), SEX_UNKNOWN},
};

static void check_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(id_cases); i++) {
		const struct id_case *c = &id_cases[i];
		struct date birth = D(0, 0, 0);
		enum sex sex = SEX_UNKNOWN;
		enum idcard_error got;

		got = idcard_check(c->id, strlen(c->id), &birth, &sex);
		if (got != c->want)
			fail_msg("%s (%s): got %d, want %d", c->name, c->id,
				 (int)got, (int)c->want);
		if (got != IDCARD_OK)
			continue;
		if (date_cmp(birth, c->birth) || sex != c->sex)
			fail_msg("%s: birth %d-%d-%d sex %d", c->name, birth.y,
				 birth.m, birth.d, (int)sex);
	}
}

static void check_null_outputs(void **state)
{
	(void)state;
	assert_int_equal(idcard_check("11010519491231002X", 18, NULL, NULL),
			 IDCARD_OK);
	assert_int_equal(idcard_check(NULL, 18, NULL, NULL), IDCARD_LENGTH);
	/* len is what counts, not the NUL */
	assert_int_equal(idcard_check("11010519491231002X123", 18, NULL, NULL),
			 IDCARD_OK);
}

static void check_char_known(void **state)
{
	(void)state;
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("44030019991231567"), '0');
	assert_int_equal(idcard_check_char("51010019000101003"), '9');
	assert_int_equal(idcard_check_char("1101051949123100"), '\0');
	assert_int_equal(idcard_check_char("1101051949123100a"), '\0');
	assert_int_equal(idcard_check_char(NULL), '\0');
}

/*
 * Generate numbers over many dates and sequences: each is valid with the
 * right birth and sex, and every change of one digit in the body or of the
 * check character is caught (MOD 11-2 detects all single substitutions).
 */
static void generated_numbers(void **state)
{
	static const char *const areas[] = {"500101", "500230", "500243",
					    "110105", "654325"};
	int checked = 0;

	(void)state;
	for (size_t a = 0; a < NELEM(areas); a++) {
		for (int k = 0; k < 60; k++) {
			struct date b = {1950 + (k * 7) % 75, 1 + k % 12,
					 1 + (k * 5) % 28};
			int seq = (k * 37 + (int)a) % 1000;
			char id[19];
			struct date got_birth;
			enum sex got_sex;

			snprintf(id, sizeof(id), "%s%04d%02d%02d%03d", areas[a],
				 b.y, b.m, b.d, seq);
			id[17] = idcard_check_char(id);
			id[18] = '\0';
			assert_int_equal(
			    idcard_check(id, 18, &got_birth, &got_sex),
			    IDCARD_OK);
			assert_int_equal(date_cmp(got_birth, b), 0);
			assert_int_equal(got_sex,
					 seq % 2 ? SEX_MALE : SEX_FEMALE);
			for (int pos = 0; pos < 18; pos++) {
				char bad[19];

				memcpy(bad, id, sizeof(bad));
				bad[pos] = bad[pos] == '9' ? '0'
					   : bad[pos] == 'X'
					       ? '1'
					       : (char)(bad[pos] + 1);
				assert_int_not_equal(
				    idcard_check(bad, 18, NULL, NULL),
				    IDCARD_OK);
			}
			checked++;
		}
	}
	assert_int_equal(checked, 300);
}

static void mask(void **state)
{
	char out[19];

	(void)state;
	idcard_mask("50010120080229123X", out);
	assert_string_equal(out, "500101********123X");
	idcard_mask("11010519491231002x", out);
	assert_string_equal(out, "110105********002X");
	idcard_mask("500101200802291230", out);
	assert_string_equal(out, "500101********1230");
	/* anything else shows nothing of itself */
	idcard_mask("12345", out);
	assert_string_equal(out, "*****");
	idcard_mask("11010519491231002X99", out);
	assert_string_equal(out, "******************");
	idcard_mask("", out);
	assert_string_equal(out, "");
	idcard_mask(NULL, out);
	assert_string_equal(out, "");
}

static void error_texts(void **state)
{
	static const enum idcard_error all[] = {
	    IDCARD_OK, IDCARD_LENGTH, IDCARD_CHARS, IDCARD_BIRTH, IDCARD_CHECK};

	(void)state;
	for (size_t i = 0; i < NELEM(all); i++) {
		const char *t = idcard_error_text(all[i]);

		assert_non_null(t);
		/* Chinese first: the first byte is a UTF-8 lead byte */
		assert_true((unsigned char)t[0] >= 0xe0);
		assert_non_null(strstr(t, "("));
	}
	assert_non_null(idcard_error_text((enum idcard_error)99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(check_table),
	    cmocka_unit_test(check_null_outputs),
	    cmocka_unit_test(check_char_known),
	    cmocka_unit_test(generated_numbers),
	    cmocka_unit_test(mask),
	    cmocka_unit_test(error_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
