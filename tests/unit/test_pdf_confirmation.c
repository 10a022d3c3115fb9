/*
 * Unit tests for src/io/pdf_confirmation.c: a filled confirmation becomes
 * one whole A4 page with an embedded CJK font, even with the longest
 * values the form accepts; a missing font is an error with a message.
 *
 * The font is GA_PDF_FONT when set, else Debian's fonts-wqy-zenhei. With
 * GA_PDF_OUT=/some/base set, the forms are also written to
 * /some/base-confirmation.pdf and -long.pdf (pdftoppm -png to look).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/pdf_confirmation.h"
#include "io/pdf_dossier.h"

static const char *font(void)
{
	const char *f = getenv("GA_PDF_FONT");

	return f && *f ? f : PDF_DOSSIER_FONT_DEFAULT;
}

static void fill(struct pdf_confirmation_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = 42;
	d->child_name = "林小树";
	d->child_birth_date = "2017-03-12";
	d->father_name = "林大树";
	d->father_phone = "13612345678";
	d->mother_name = "张小梅";
	d->mother_phone = "13712345678";
	d->guardian_name = "林奶奶";
	d->guardian_id_number = "50022919580716123X";
	d->guardian_phone = "13812345678";
	d->guardian_relation = "祖母";
	d->guardian_address = "重庆市城口县鸡鸣乡茶坪村四组8号";
	d->period_start = "2026-06-01";
	d->period_end = "2027-05-31";
	for (int i = 0; i < CONF_CHECK_COUNT; i++)
		d->checks[i] = confirmation_check_info(i)->disqualifying
				   ? ANSWER_NO
				   : ANSWER_YES;
	for (int i = 0; i < CONF_PROMISE_COUNT; i++)
		d->promises[i] = true;
}

static void keep(const struct buf *b, const char *suffix)
{
	const char *base = getenv("GA_PDF_OUT");
	char path[600];
	FILE *f;

	if (!base || !*base)
		return;
	snprintf(path, sizeof(path), "%s-%s.pdf", base, suffix);
	f = fopen(path, "wb");
	if (f) {
		fwrite(b->ptr, 1, b->len, f);
		fclose(f);
	}
}

static bool has(const struct buf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= b->len; i++)
		if (!memcmp(b->ptr + i, s, n))
			return true;
	return false;
}

static void one_page(void **state)
{
	struct pdf_confirmation_doc d;
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	fill(&d);
	buf_init(&out, 4 << 20);
	assert_int_equal(pdf_confirmation(&d, font(), "张主任",
					  "2026-06-01 10:00", &out, &err),
			 GA_OK);
	assert_memory_equal(out.ptr, "%PDF-", 5);
	assert_true(has(&out, "/Count 1"));
	assert_true(has(&out, "/Type0"));
	keep(&out, "confirmation");
	buf_release(&out);
}

static void longest_values_still_one_page(void **state)
{
	static char name[200], addr[700];
	struct pdf_confirmation_doc d;
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	fill(&d);
	for (int i = 0; i < 21; i++) /* 63 bytes of CJK */
		memcpy(name + i * 3, "林", 3);
	for (int i = 0; i < 66; i++) /* 198 bytes */
		memcpy(addr + i * 3, "镇", 3);
	d.child_name = d.father_name = d.mother_name = d.guardian_name = name;
	d.guardian_address = addr;
	d.guardian_relation = "外祖母的表姐的女儿";
	buf_init(&out, 4 << 20);
	assert_int_equal(pdf_confirmation(&d, font(), "张主任",
					  "2026-06-01 10:00", &out, &err),
			 GA_OK);
	keep(&out, "long");
	assert_true(has(&out, "/Count 1"));
	buf_release(&out);
}

static void missing_font_is_an_error(void **state)
{
	struct pdf_confirmation_doc d;
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	fill(&d);
	buf_init(&out, 4 << 20);
	assert_int_equal(pdf_confirmation(&d, "/nonexistent/guanai-no-font.ttc",
					  "张主任", "2026-06-01 10:00", &out,
					  &err),
			 GA_EIO);
	assert_string_equal(err.code, "pdf_font");
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_page),
	    cmocka_unit_test(longest_values_still_one_page),
	    cmocka_unit_test(missing_font_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
