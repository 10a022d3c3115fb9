/*
 * Unit tests for src/util: struct buf (buf.h) and the string helpers
 * (strutil.h). Table-driven where the input space is a list of cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/result.h"
#include "util/strutil.h"

/* ---- struct buf ---------------------------------------------------- */

static void buf_init_is_empty_not_null(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 16);
	assert_non_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.cap, 16);
	buf_release(&b);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.cap, 16);
}

static void buf_zero_cap_means_default(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(b.cap, BUF_CAP_DEFAULT);
	buf_release(&b);
}

static void buf_append_variants(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "ab", 2), GA_OK);
	assert_int_equal(buf_adds(&b, "cd"), GA_OK);
	assert_int_equal(buf_addch(&b, 'e'), GA_OK);
	assert_int_equal(buf_add(&b, "zzz", 0), GA_OK);
	assert_int_equal(buf_adds(&b, ""), GA_OK);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.ptr, "abcde");
	/* embedded NUL bytes are kept, and the buffer stays NUL-terminated */
	assert_int_equal(buf_add(&b, "x\0y", 3), GA_OK);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.ptr, "abcdex\0y", 8);
	assert_int_equal(b.ptr[8], '\0');
	buf_release(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
}

static void buf_grows_across_many_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(buf_addch(&b, (char)('a' + i % 26)), GA_OK);
	assert_int_equal(b.len, 10000);
	assert_true(b.alloc > b.len);
	assert_int_equal(strlen(b.ptr), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.ptr[i], 'a' + i % 26);
	buf_release(&b);
}

static void buf_cap_exact_fit_then_toobig_empties(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), GA_OK);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.ptr, "12345678");
	assert_int_equal(buf_addch(&b, '9'), GA_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.cap, 8);
	/* usable again after the failure */
	assert_int_equal(buf_adds(&b, "ok"), GA_OK);
	assert_string_equal(b.ptr, "ok");
	buf_release(&b);
}

static void buf_cap_single_append_too_big(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	assert_int_equal(buf_adds(&b, "ab"), GA_OK);
	assert_int_equal(buf_adds(&b, "cde"), GA_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	/* a length near SIZE_MAX must not wrap around the cap check */
	assert_int_equal(buf_grow(&b, SIZE_MAX), GA_ETOOBIG);
	assert_int_equal(buf_adds(&b, "x"), GA_OK);
	assert_int_equal(buf_grow(&b, SIZE_MAX - 1), GA_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	buf_release(&b);
}

static void buf_addf_formats_and_caps(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 32);
	assert_int_equal(buf_addf(&b, "%s=%d;", "n", 42), GA_OK);
	assert_int_equal(buf_addf(&b, "%05.1f|%x", 3.14159, 255u), GA_OK);
	assert_string_equal(b.ptr, "n=42;003.1|ff");
	assert_int_equal(b.len, strlen("n=42;003.1|ff"));
	assert_int_equal(buf_addf(&b, "%s", ""), GA_OK);
	assert_int_equal(b.len, 13);
	/* 13 + 20 > 32: refused, emptied */
	assert_int_equal(buf_addf(&b, "%020d", 7), GA_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	/* exactly at the cap is allowed */
	assert_int_equal(buf_addf(&b, "%032d", 1), GA_OK);
	assert_int_equal(b.len, 32);
	assert_int_equal(b.ptr[31], '1');
	assert_int_equal(b.ptr[32], '\0');
	buf_release(&b);
}

static void buf_addf_chinese(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_addf(&b, "%s（%s）", "重庆市", "500000000000"),
			 GA_OK);
	assert_string_equal(b.ptr, "重庆市（500000000000）");
	buf_release(&b);
}

static void buf_detach_hands_over_memory(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(buf_adds(&b, "hello"), GA_OK);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 5);
	assert_string_equal(p, "hello");
	/* the buffer is re-initialised, same cap, and does not alias p */
	assert_int_equal(b.len, 0);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_ptr_not_equal(b.ptr, p);
	assert_int_equal(b.cap, 64);
	assert_int_equal(buf_adds(&b, "again"), GA_OK);
	assert_string_equal(p, "hello");
	free(p);
	buf_release(&b);
}

static void buf_detach_empty_is_freeable(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 0);
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p); /* must be heap memory, not the shared empty string */
	p = buf_detach(&b, NULL);
	assert_non_null(p);
	free(p);
	buf_release(&b);
}

static void buf_reset_keeps_memory(void **state)
{
	struct buf b;
	size_t alloc;

	(void)state;
	buf_init(&b, 0);
	buf_reset(&b); /* on the shared empty string: harmless */
	assert_string_equal(b.ptr, "");
	assert_int_equal(buf_adds(&b, "some text"), GA_OK);
	alloc = b.alloc;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.alloc, alloc);
	assert_int_equal(buf_adds(&b, "x"), GA_OK);
	assert_string_equal(b.ptr, "x");
	buf_release(&b);
}

/* ---- parse_int64 ---------------------------------------------------- */

struct int_case {
	const char *in;
	int64_t min, max;
	int rc;
	int64_t want;
};

static const struct int_case int_cases[] = {
    {"0", INT64_MIN, INT64_MAX, GA_OK, 0},
    {"-0", INT64_MIN, INT64_MAX, GA_OK, 0},
    {"1", INT64_MIN, INT64_MAX, GA_OK, 1},
    {"42", INT64_MIN, INT64_MAX, GA_OK, 42},
    {"-42", INT64_MIN, INT64_MAX, GA_OK, -42},
    {"007", INT64_MIN, INT64_MAX, GA_OK, 7},
    {"500229212000", INT64_MIN, INT64_MAX, GA_OK, 500229212000},
    {"9223372036854775807", INT64_MIN, INT64_MAX, GA_OK, INT64_MAX},
    {"-9223372036854775808", INT64_MIN, INT64_MAX, GA_OK, INT64_MIN},
    {"-9223372036854775807", INT64_MIN, INT64_MAX, GA_OK, -INT64_MAX},
    /* overflow */
    {"9223372036854775808", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"-9223372036854775809", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"18446744073709551615", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"18446744073709551616", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"99999999999999999999999999", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    /* malformed */
    {"", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"-", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"+", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"+1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {" 1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"1 ", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"\t1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"1\n", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"0x1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"1e3", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"1.0", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"--1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"-+1", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"1-", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"abc", INT64_MIN, INT64_MAX, GA_EINVAL, 0},
    {"١", INT64_MIN, INT64_MAX, GA_EINVAL, 0},	/* Arabic-Indic one */
    {"１", INT64_MIN, INT64_MAX, GA_EINVAL, 0}, /* full-width one */
    /* bounds */
    {"10", 1, 10, GA_OK, 10},
    {"1", 1, 10, GA_OK, 1},
    {"0", 1, 10, GA_EINVAL, 0},
    {"11", 1, 10, GA_EINVAL, 0},
    {"-1", 0, 100, GA_EINVAL, 0},
    {"-5", -5, -1, GA_OK, -5},
    {"-6", -5, -1, GA_EINVAL, 0},
    {"9223372036854775807", 0, INT64_MAX - 1, GA_EINVAL, 0},
};

static void parse_int64_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(int_cases) / sizeof(int_cases[0]); i++) {
		const struct int_case *c = &int_cases[i];
		int64_t out = 12345;
		int rc = parse_int64(c->in, c->min, c->max, &out);

		if (rc != c->rc)
			fail_msg("parse_int64(\"%s\") returned %d, want %d",
				 c->in, rc, c->rc);
		if (c->rc == GA_OK && out != c->want)
			fail_msg("parse_int64(\"%s\") gave %lld, want %lld",
				 c->in, (long long)out, (long long)c->want);
		if (c->rc != GA_OK && out != 12345)
			fail_msg("parse_int64(\"%s\") wrote *out on failure",
				 c->in);
	}
}

static void parse_int64_null(void **state)
{
	int64_t out = 7;

	(void)state;
	assert_int_equal(parse_int64(NULL, INT64_MIN, INT64_MAX, &out),
			 GA_EINVAL);
	assert_int_equal(out, 7);
}

static void parse_int64n_not_terminated(void **state)
{
	int64_t out = 0;
	const char s[] = "12345xyz";

	(void)state;
	assert_int_equal(parse_int64n(s, 5, INT64_MIN, INT64_MAX, &out), GA_OK);
	assert_int_equal(out, 12345);
	assert_int_equal(parse_int64n(s, 2, INT64_MIN, INT64_MAX, &out), GA_OK);
	assert_int_equal(out, 12);
	assert_int_equal(parse_int64n(s, 6, INT64_MIN, INT64_MAX, &out),
			 GA_EINVAL);
	assert_int_equal(out, 12);
	assert_int_equal(parse_int64n(s, 0, INT64_MIN, INT64_MAX, &out),
			 GA_EINVAL);
	/* an embedded NUL within len is junk, not an end */
	assert_int_equal(parse_int64n("1\0002", 3, INT64_MIN, INT64_MAX, &out),
			 GA_EINVAL);
	assert_int_equal(out, 12);
}

/* ---- utf8_valid ----------------------------------------------------- */

struct utf8_case {
	const char *name;
	const char *s;
	size_t len; /* 0: strlen(s) */
	bool valid;
};

static const struct utf8_case utf8_cases[] = {
    {"empty", "", 0, true},
    {"ascii", "hello, world", 0, true},
    {"chinese", "重庆市城口县鸡鸣乡", 0, true},
    {"mixed", "托育 child-care 机构", 0, true},
    {"2-byte min U+0080", "\xc2\x80", 0, true},
    {"2-byte max U+07FF", "\xdf\xbf", 0, true},
    {"3-byte min U+0800", "\xe0\xa0\x80", 0, true},
    {"U+D7FF before surrogates", "\xed\x9f\xbf", 0, true},
    {"U+E000 after surrogates", "\xee\x80\x80", 0, true},
    {"U+FFFF", "\xef\xbf\xbf", 0, true},
    {"4-byte min U+10000", "\xf0\x90\x80\x80", 0, true},
    {"emoji U+1F600", "\xf0\x9f\x98\x80", 0, true},
    {"max U+10FFFF", "\xf4\x8f\xbf\xbf", 0, true},
    {"NUL within len", "a\0b", 3, true},
    {"overlong NUL C0 80", "\xc0\x80", 0, false},
    {"overlong C1 BF", "\xc1\xbf", 0, false},
    {"overlong 3-byte E0 80 80", "\xe0\x80\x80", 0, false},
    {"overlong 3-byte E0 9F BF", "\xe0\x9f\xbf", 0, false},
    {"overlong 4-byte F0 80 80 80", "\xf0\x80\x80\x80", 0, false},
    {"overlong 4-byte F0 8F BF BF", "\xf0\x8f\xbf\xbf", 0, false},
    {"surrogate ED A0 80", "\xed\xa0\x80", 0, false},
    {"surrogate ED BF BF", "\xed\xbf\xbf", 0, false},
    {"surrogate pair CESU", "\xed\xa0\xbd\xed\xb8\x80", 0, false},
    {"above U+10FFFF F4 90 80 80", "\xf4\x90\x80\x80", 0, false},
    {"F5 lead", "\xf5\x80\x80\x80", 0, false},
    {"F7 BF BF BF", "\xf7\xbf\xbf\xbf", 0, false},
    {"5-byte F8", "\xf8\x88\x80\x80\x80", 0, false},
    {"FE", "\xfe", 0, false},
    {"FF", "\xff", 0, false},
    {"lone continuation", "\x80", 0, false},
    {"continuation after ascii", "a\xbf", 0, false},
    {"truncated 2-byte", "\xc2", 0, false},
    {"truncated 3-byte", "\xe9\x87", 0, false},
    {"truncated 3-byte lead only", "\xe9", 0, false},
    {"truncated 4-byte", "\xf0\x9f\x98", 0, false},
    {"truncated at end of chinese", "重庆\xe5\xb8", 0, false},
    {"truncated then ascii",
     "\xe9\x87"
     "a",
     0, false},
    {"bad continuation", "\xe9\x27\x8d", 0, false},
    {"truncated by len", "重", 2, false},
};

static void utf8_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]);
	     i++) {
		const struct utf8_case *c = &utf8_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);

		if (utf8_valid(c->s, len) != c->valid)
			fail_msg("utf8_valid(%s) != %s", c->name,
				 c->valid ? "true" : "false");
	}
}

/* ---- small string helpers ------------------------------------------ */

static void str_copy_truncates(void **state)
{
	char dst[4];

	(void)state;
	memset(dst, 'x', sizeof(dst));
	assert_int_equal(str_copy(dst, sizeof(dst), "ab"), 2);
	assert_string_equal(dst, "ab");
	assert_int_equal(str_copy(dst, sizeof(dst), "abcdef"), 6);
	assert_string_equal(dst, "abc");
	assert_int_equal(str_copy(dst, sizeof(dst), ""), 0);
	assert_string_equal(dst, "");
	dst[0] = 'q';
	assert_int_equal(str_copy(dst, 0, "abc"), 3);
	assert_int_equal(dst[0], 'q');
}

static void str_predicates(void **state)
{
	(void)state;
	assert_true(str_starts_with("/api/v1/regions", "/api/"));
	assert_true(str_starts_with("abc", ""));
	assert_false(str_starts_with("/ap", "/api/"));
	assert_true(str_ends_with("app.js.gz", ".gz"));
	assert_true(str_ends_with("abc", ""));
	assert_false(str_ends_with("gz", ".gz"));
	assert_true(str_all_digits("500229212000", 12));
	assert_true(str_all_digits("12x", 2));
	assert_false(str_all_digits("12x", 3));
	assert_false(str_all_digits("", 0));
	assert_false(str_all_digits("-1", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(buf_init_is_empty_not_null),
	    cmocka_unit_test(buf_zero_cap_means_default),
	    cmocka_unit_test(buf_append_variants),
	    cmocka_unit_test(buf_grows_across_many_appends),
	    cmocka_unit_test(buf_cap_exact_fit_then_toobig_empties),
	    cmocka_unit_test(buf_cap_single_append_too_big),
	    cmocka_unit_test(buf_addf_formats_and_caps),
	    cmocka_unit_test(buf_addf_chinese),
	    cmocka_unit_test(buf_detach_hands_over_memory),
	    cmocka_unit_test(buf_detach_empty_is_freeable),
	    cmocka_unit_test(buf_reset_keeps_memory),
	    cmocka_unit_test(parse_int64_table),
	    cmocka_unit_test(parse_int64_null),
	    cmocka_unit_test(parse_int64n_not_terminated),
	    cmocka_unit_test(utf8_valid_table),
	    cmocka_unit_test(str_copy_truncates),
	    cmocka_unit_test(str_predicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
