/*
 * Unit tests for src/io/pdf_dossier.c: a dossier made in memory (with a
 * family and the reasons the domain rules give) becomes a whole PDF with
 * an embedded CJK font; many family members and long notes flow onto a
 * second page; a missing or broken font file, or a buffer cap too small
 * for the PDF, is an error with a message, never a crash or a half PDF.
 *
 * The font is GA_PDF_FONT when set, else Debian's fonts-wqy-zenhei. With
 * GA_PDF_OUT=/some/base set, the dossiers are also written to
 * /some/base-short.pdf and -long.pdf (to look at them: pdftoppm -png).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/pdf_dossier.h"
#include "service/child_service.h"
#include "util/strutil.h"

#define TODAY ((struct date){2026, 5, 1})

static struct child_view view;

static const char *font(void)
{
	const char *f = getenv("GA_PDF_FONT");

	return f && *f ? f : PDF_DOSSIER_FONT_DEFAULT;
}

static void add_member(struct child_record *r, enum relation rel,
		       const char *name, enum situation sit, const char *where)
{
	struct member_record *m = &r->family[r->nfamily++];

	m->relation = rel;
	str_copy(m->name, sizeof(m->name), name);
	str_copy(m->phone, sizeof(m->phone), "13812345678");
	m->situation = sit;
	str_copy(m->work_place, sizeof(m->work_place), where);
	if (sit == SIT_MIGRANT)
		str_copy(m->since, sizeof(m->since), "2023-03-01");
	str_copy(m->contact, sizeof(m->contact), "monthly");
}

/* a left-behind girl of ten on dibao, parents working away */
static void make_child(struct child_view *v, bool long_one)
{
	struct child_record *r = &v->rec;
	struct child_facts f;

	memset(v, 0, sizeof(*v));
	r->id = 42;
	r->version = 3;
	str_copy(r->region, sizeof(r->region), "500229212201");
	str_copy(r->name, sizeof(r->name), "王小芳");
	str_copy(r->id_number, sizeof(r->id_number), "500229201601010025");
	r->sex = SEX_FEMALE;
	str_copy(r->birth_date, sizeof(r->birth_date), "2016-01-01");
	str_copy(r->ethnicity, sizeof(r->ethnicity), "土家族");
	str_copy(r->hukou_place, sizeof(r->hukou_place),
		 "重庆市城口县鸡鸣乡茶坪村");
	r->rural_hukou = true;
	str_copy(r->address, sizeof(r->address), "鸡鸣乡茶坪村三组 12 号");
	r->school = SCHOOL_PRIMARY;
	str_copy(r->school_name, sizeof(r->school_name), "鸡鸣乡中心小学");
	str_copy(r->grade, sizeof(r->grade), "四年级");
	r->health = HEALTH_HEALTHY;
	r->assistance = AID_DIBAO | AID_TEMPORARY;
	r->guardian.type = GUARDIAN_ENTRUSTED;
	str_copy(r->guardian.name, sizeof(r->guardian.name), "王奶奶");
	str_copy(r->guardian.phone, sizeof(r->guardian.phone), "13987654321");
	str_copy(r->guardian.relation, sizeof(r->guardian.relation), "祖母");
	str_copy(r->guardian.address, sizeof(r->guardian.address),
		 "鸡鸣乡茶坪村三组 12 号");
	r->guardianship = GL_FAIR;
	add_member(r, REL_FATHER, "王大山", SIT_MIGRANT, "广东省深圳市");
	add_member(r, REL_MOTHER, "李秀英", SIT_MIGRANT, "浙江省宁波市");
	add_member(r, REL_GRANDMOTHER, "张桂兰", SIT_HOME, "");
	str_copy(r->notes, sizeof(r->notes), "父母春节回家，孩子性格开朗。");
	if (long_one) {
		char notes[CHILD_NOTES_MAX + 1] = "";
		size_t n = 0;

		while (r->nfamily < CHILD_FAMILY_MAX)
			add_member(r, REL_RELATIVE, "亲属某某某", SIT_MIGRANT,
				   "新疆维吾尔自治区乌鲁木齐市（长期在建筑工地"
				   "务工，春节不一定回家）");
		while (n + 80 < sizeof(notes))
			n += (size_t)snprintf(
			    notes + n, sizeof(notes) - n, "%s",
			    "走访记录：孩子学习认真，与奶奶同住。 "
			    "Visited; all well.\n");
		str_copy(r->notes, sizeof(r->notes), notes);
	}
	child_record_facts(r, &f);
	child_derive(&f, TODAY, &v->derived);
}

/* memmem is a GNU extension */
static const char *find(const char *hay, size_t hlen, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= hlen && i <= hlen - n; i++)
		if (!memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

/* "/Type /Page" objects, not "/Type /Pages" */
static int page_count(const struct buf *b)
{
	const char *p = b->ptr, *end = b->ptr + b->len;
	int n = 0;

	while (p < end) {
		const char *q = find(p, (size_t)(end - p), "/Type /Page");

		if (!q)
			break;
		if (q + 11 < end && q[11] != 's')
			n++;
		p = q + 11;
	}
	return n;
}

static void assert_whole_pdf(const struct buf *b)
{
	assert_true(b->len > 1000);
	assert_memory_equal(b->ptr, "%PDF-", 5);
	/* "%%EOF" closes the file, maybe followed by an end of line */
	assert_non_null(find(b->ptr + b->len - 8, 8, "%%EOF"));
	/* the font is embedded: a Type0 font over a TrueType file */
	assert_non_null(find(b->ptr, b->len, "/Subtype /Type0"));
	assert_non_null(find(b->ptr, b->len, "/FontFile2"));
}

/* with GA_PDF_OUT set, write the PDF to "$GA_PDF_OUT-<what>.pdf" */
static void keep(const struct buf *b, const char *what)
{
	const char *base = getenv("GA_PDF_OUT");
	char path[512];
	FILE *fp;

	if (!base || !*base)
		return;
	snprintf(path, sizeof(path), "%s-%s.pdf", base, what);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b->ptr, 1, b->len, fp), b->len);
	fclose(fp);
}

static void one_page(void **state)
{
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	make_child(&view, false);
	assert_true(view.derived.categories & CAT_LEFT_BEHIND);
	assert_true(view.derived.nreasons > 0);
	buf_init(&out, BUF_CAP_DEFAULT);
	assert_int_equal(pdf_dossier(&view, TODAY, false, font(), "张主任",
				     "2026-05-01 14:03", &out, &err),
			 GA_OK);
	keep(&out, "short");
	assert_whole_pdf(&out);
	assert_int_equal(page_count(&out), 1);
	/* the embedded font holds the used glyphs only */
	assert_true(out.len < 4 * 1024 * 1024);
	buf_release(&out);
}

static void long_dossier_breaks_pages(void **state)
{
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	make_child(&view, true);
	buf_init(&out, BUF_CAP_DEFAULT);
	assert_int_equal(pdf_dossier(&view, TODAY, true, font(), "张主任",
				     "2026-05-01 14:03", &out, &err),
			 GA_OK);
	assert_whole_pdf(&out);
	assert_true(page_count(&out) >= 2);
	keep(&out, "long");
	buf_release(&out);
}

static void missing_font_is_an_error(void **state)
{
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	make_child(&view, false);
	buf_init(&out, BUF_CAP_DEFAULT);
	assert_int_equal(pdf_dossier(&view, TODAY, false,
				     "/nonexistent/guanai-no-font.ttc",
				     "张主任", "2026-05-01 14:03", &out, &err),
			 GA_EIO);
	assert_string_equal(err.code, "pdf_font");
	assert_true(strstr(err.message, "字体") != NULL);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void broken_font_is_an_error(void **state)
{
	char path[512];
	const char *tmp = getenv("GA_TEST_TMP");
	struct ga_error err = {0};
	struct buf out;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/not-a-font-%ld.ttf",
		 tmp && *tmp ? tmp : "/tmp", (long)getpid());
	fp = fopen(path, "wb");
	if (!fp) { /* the scratch directory may not exist yet */
		snprintf(path, sizeof(path), "/tmp/not-a-font-%ld.ttf",
			 (long)getpid());
		fp = fopen(path, "wb");
	}
	assert_non_null(fp);
	fputs("this is not a TrueType font, just some text\n", fp);
	fclose(fp);
	make_child(&view, false);
	buf_init(&out, BUF_CAP_DEFAULT);
	assert_int_equal(pdf_dossier(&view, TODAY, false, path, "张主任",
				     "2026-05-01 14:03", &out, &err),
			 GA_EIO);
	assert_string_equal(err.code, "pdf_font");
	assert_int_equal(out.len, 0);
	buf_release(&out);
	remove(path);
}

static void cap_is_respected(void **state)
{
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	make_child(&view, false);
	buf_init(&out, 4096);
	assert_int_equal(pdf_dossier(&view, TODAY, false, font(), "张主任",
				     "2026-05-01 14:03", &out, &err),
			 GA_ETOOBIG);
	assert_string_equal(err.code, "pdf_too_big");
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

/* empty optional texts and a child without family still print */
static void sparse_record(void **state)
{
	struct ga_error err = {0};
	struct buf out;

	(void)state;
	make_child(&view, false);
	view.rec.nfamily = 0;
	view.rec.notes[0] = view.rec.address[0] = '\0';
	view.rec.id_number[0] = '\0';
	view.rec.no_hukou = true;
	view.rec.guardian.type = GUARDIAN_NONE;
	view.rec.guardian.name[0] = '\0';
	buf_init(&out, BUF_CAP_DEFAULT);
	assert_int_equal(
	    pdf_dossier(&view, TODAY, false, font(), "", "", &out, &err),
	    GA_OK);
	assert_whole_pdf(&out);
	assert_int_equal(page_count(&out), 1);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_page),
	    cmocka_unit_test(long_dossier_breaks_pages),
	    cmocka_unit_test(missing_font_is_an_error),
	    cmocka_unit_test(broken_font_is_an_error),
	    cmocka_unit_test(cap_is_respected),
	    cmocka_unit_test(sparse_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
