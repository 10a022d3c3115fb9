/*
 * Unit tests for src/io/image.c: pictures are known by their first bytes
 * (JPEG, PNG, WebP), everything else is refused; Content-Type checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "io/image.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void sniff(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *want;
	} cases[] = {
	    {"\xff\xd8\xff\xe0\0\x10JFIF", 10, "image/jpeg"},
	    {"\xff\xd8\xff\xe1\0\x10"
	     "Exif",
	     10, "image/jpeg"},
	    {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0", 18, "image/png"},
	    {"RIFF\x24\0\0\0WEBPVP8 ", 16, "image/webp"},
	    {"RIFF\x24\0\0\0WEBPVP8L", 16, "image/webp"},
	    {"\xff\xd8\xff", 3, NULL},			    /* truncated */
	    {"\x89PNG\r\n\x1a\n\0\0\0\rXXXX", 16, NULL},    /* no IHDR */
	    {"RIFF\x24\0\0\0WAVEfmt ", 16, NULL},	    /* audio */
	    {"GIF89a\1\0\1\0\0\0\0\0\0\0", 16, NULL},	    /* not taken */
	    {"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0", 16, NULL}, /* a document */
	    {"hello, this is text", 19, NULL},
	    {"<svg xmlns=\"http", 16, NULL},
	    {"", 0, NULL},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *got = image_sniff(cases[i].bytes, cases[i].len);

		if (!cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
	assert_null(image_sniff(NULL, 10));
}

static void content_types(void **state)
{
	static const struct {
		const char *ct;
		bool ok;
	} cases[] = {
	    {"image/jpeg", true},
	    {"IMAGE/PNG", true},
	    {"image/webp; q=1", true},
	    {"application/octet-stream", true},
	    {"image/gif", false},
	    {"text/plain", false},
	    {"image/jpegx", false},
	    {"", false},
	    {NULL, false},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		assert_int_equal(image_content_type_ok(cases[i].ct),
				 cases[i].ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sniff),
	    cmocka_unit_test(content_types),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
