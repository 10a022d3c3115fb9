/*
 * Unit tests for src/io/ledger_export.h: one CSV field (quoting, doubled
 * quotes, the formula guard) as a table; the cells of a record (Chinese
 * words, 、-joined sets, first father and mother); a whole CSV ledger (BOM,
 * headings in ledger order, CRLF); the byte cap; an XLSX ledger is a zip
 * and leaves no temporary file behind.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/ledger_export.h"
#include "util/result.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void csv_field_table(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"", ""},
	    {"王小芳", "王小芳"},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"\"", "\"\"\"\""},
	    {"line\nbreak", "\"line\nbreak\""},
	    {"cr\rlf", "\"cr\rlf\""},
	    {"crlf\r\n", "\"crlf\r\n\""},
	    /* the formula guard: = + - @ TAB CR at the start */
	    {"=1+1", "'=1+1"},
	    {"+8613800000000", "'+8613800000000"},
	    {"-2", "'-2"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\tx", "'\tx"},
	    {"\rx", "\"'\rx\""},
	    {"=HYPERLINK(\"http://x\",\"y\")",
	     "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
	    {"=a,b", "\"'=a,b\""},
	    /* not at the start: left alone */
	    {"1=1", "1=1"},
	    {"a-b@c", "a-b@c"},
	    {"500229********0026", "500229********0026"},
	    {"'quoted", "'quoted"},
	};
	struct buf b;

	(void)state;
	buf_init(&b, 1024);
	for (size_t i = 0; i < N(cases); i++) {
		buf_reset(&b);
		assert_int_equal(ledger_csv_field(&b, cases[i].in), GA_OK);
		if (strcmp(b.ptr, cases[i].out))
			fail_msg("case %zu: [%s] → [%s], want [%s]", i,
				 cases[i].in, b.ptr, cases[i].out);
	}
	buf_release(&b);
}

static void sample(struct child_record *r)
{
	memset(r, 0, sizeof(*r));
	r->id = 7;
	strcpy(r->region, "500229212201");
	strcpy(r->name, "王小芳");
	strcpy(r->id_number, "500229********0026");
	r->sex = SEX_FEMALE;
	strcpy(r->birth_date, "2015-01-01");
	strcpy(r->ethnicity, "土家族");
	r->rural_hukou = true;
	r->school = SCHOOL_DROPOUT;
	r->health = HEALTH_DISABLED;
	r->disability_grade = 2;
	strcpy(r->disability_category, "肢体");
	r->assistance = AID_DIBAO | AID_MEDICAL;
	r->guardian.type = GUARDIAN_ENTRUSTED;
	strcpy(r->guardian.name, "赵委托");
	strcpy(r->guardian.phone, "138****5678");
	r->guardianship = GL_ENTRUSTED_INCAPABLE;
	r->categories = CAT_LEFT_BEHIND | CAT_DIFFICULT_POVERTY;
	r->key_flags = KEY_OUT_OF_SCHOOL | KEY_DISABLED;
	strcpy(r->notes, "=cmd|' /C calc'!A0");
	r->nfamily = 3;
	r->family[0].relation = REL_GRANDFATHER;
	strcpy(r->family[0].name, "王爷爷");
	r->family[1].relation = REL_MOTHER;
	strcpy(r->family[1].name, "李秀英");
	r->family[1].situation = SIT_PRISON;
	r->family[2].relation = REL_MOTHER; /* a second mother: not shown */
	strcpy(r->family[2].name, "第二位");
}

static void cells_of_a_record(void **state)
{
	static struct child_record r;
	static struct ledger_cells c;

	(void)state;
	sample(&r);
	ledger_cells_of(&r, 12, "茶坪村", &c);
	assert_string_equal(c.cell[LC_SEQ], "12");
	assert_string_equal(c.cell[LC_NAME], "王小芳");
	assert_string_equal(c.cell[LC_SEX], "女");
	assert_string_equal(c.cell[LC_HAS_HUKOU], "是");
	assert_string_equal(c.cell[LC_RURAL_HUKOU], "是");
	assert_string_equal(c.cell[LC_REGION], "500229212201");
	assert_string_equal(c.cell[LC_REGION_NAME], "茶坪村");
	assert_string_equal(c.cell[LC_SCHOOL], "辍学");
	assert_string_equal(c.cell[LC_BOARDING], "否");
	assert_string_equal(c.cell[LC_HEALTH], "残疾");
	assert_string_equal(c.cell[LC_DISABILITY_GRADE], "二级");
	assert_string_equal(c.cell[LC_ASSISTANCE], "低保、医疗救助");
	assert_string_equal(c.cell[LC_FATHER_NAME], "");
	assert_string_equal(c.cell[LC_FATHER_SITUATION], "");
	assert_string_equal(c.cell[LC_MOTHER_NAME], "李秀英");
	assert_string_equal(c.cell[LC_MOTHER_SITUATION], "服刑在押");
	assert_string_equal(c.cell[LC_GUARDIAN], "委托监护人");
	assert_string_equal(c.cell[LC_GUARDIAN_NAME], "赵委托");
	assert_string_equal(c.cell[LC_GUARDIANSHIP],
			    "受委托监护人监护能力不足");
	assert_string_equal(c.cell[LC_CATEGORIES],
			    "农村留守儿童、困境儿童（家庭贫困）");
	assert_string_equal(c.cell[LC_KEY_FLAGS], "失学辍学、残疾");
	for (int i = 0; i < LC_COUNT; i++)
		assert_non_null(c.cell[i]);
	ledger_cells_of(&r, 1, NULL, &c);
	assert_string_equal(c.cell[LC_REGION_NAME], "");
}

static void csv_ledger_whole(void **state)
{
	static struct child_record r;
	static struct ledger_cells c;
	struct ledger_writer *w = NULL;
	struct ga_error err = {0};
	struct buf out, head;
	const char *p;

	(void)state;
	buf_init(&out, 1 << 20);
	buf_init(&head, 4096);
	assert_int_equal(ledger_writer_new(LEDGER_CSV, &out, &w, &err), GA_OK);
	sample(&r);
	ledger_cells_of(&r, 1, "茶坪村", &c);
	assert_int_equal(ledger_writer_row(w, &c), GA_OK);
	assert_int_equal(ledger_writer_finish(w), GA_OK);
	ledger_writer_free(w);

	/* BOM, then the headings of domain/ledger.h in order, CRLF */
	assert_memory_equal(out.ptr, "\xEF\xBB\xBF", 3);
	for (int i = 0; i < LC_COUNT; i++) {
		if (i)
			buf_addch(&head, ',');
		buf_adds(&head, ledger_columns[i].heading);
	}
	buf_adds(&head, "\r\n");
	assert_memory_equal(out.ptr + 3, head.ptr, head.len);
	assert_int_equal(ledger_columns[0].col, LC_SEQ);
	assert_string_equal(ledger_columns[LC_ID_NUMBER].heading,
			    "公民身份号码");
	/* one row, guarded and quoted, ending in CRLF; no bare LF */
	p = out.ptr + 3 + head.len;
	assert_true(!strncmp(p, "1,王小芳,女,土家族,500229********0026,",
			     strlen("1,王小芳,女,土家族,500229********0026,")));
	assert_non_null(strstr(p, ",'=cmd|' /C calc'!A0\r\n"));
	assert_true(out.len >= 2 && !strcmp(out.ptr + out.len - 2, "\r\n"));
	for (size_t i = 0; i < out.len; i++)
		if (out.ptr[i] == '\n')
			assert_true(i > 0 && out.ptr[i - 1] == '\r');
	buf_release(&out);
	buf_release(&head);
}

static void csv_cap(void **state)
{
	static struct child_record r;
	static struct ledger_cells c;
	struct ledger_writer *w = NULL;
	struct ga_error err = {0};
	struct buf out;
	int rc = GA_OK;

	(void)state;
	/* the headings alone do not fit */
	buf_init(&out, 64);
	assert_int_equal(ledger_writer_new(LEDGER_CSV, &out, &w, &err),
			 GA_ETOOBIG);
	assert_null(w);
	buf_release(&out);
	/* rows stop at the cap, and the buffer is left empty */
	buf_init(&out, 4096);
	assert_int_equal(ledger_writer_new(LEDGER_CSV, &out, &w, &err), GA_OK);
	sample(&r);
	ledger_cells_of(&r, 1, "茶坪村", &c);
	for (int i = 0; i < 100 && !rc; i++)
		rc = ledger_writer_row(w, &c);
	assert_int_equal(rc, GA_ETOOBIG);
	assert_int_equal(out.len, 0);
	ledger_writer_free(w);
	buf_release(&out);
}

static int count_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += !strncmp(e->d_name, "guanai-ledger-", 14);
	closedir(d);
	return n;
}

static void xlsx_ledger(void **state)
{
	static struct child_record r;
	static struct ledger_cells c;
	struct ledger_writer *w = NULL;
	struct ga_error err = {0};
	char dir[512];
	const char *base = getenv("GA_TEST_TMP");
	struct buf out;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/ledger-%ld", base ? base : "/tmp",
		 (long)getpid());
	if (mkdir(base ? base : "/tmp", 0777) && errno != EEXIST)
		fail_msg("cannot create %s", base);
	assert_int_equal(mkdir(dir, 0700), 0);
	setenv("TMPDIR", dir, 1);
	buf_init(&out, 1 << 20);
	assert_int_equal(ledger_writer_new(LEDGER_XLSX, &out, &w, &err), GA_OK);
	assert_int_equal(count_temp_files(dir), 1);
	sample(&r);
	for (int i = 1; i <= 50; i++) {
		ledger_cells_of(&r, i, "茶坪村", &c);
		assert_int_equal(ledger_writer_row(w, &c), GA_OK);
	}
	assert_int_equal(ledger_writer_finish(w), GA_OK);
	ledger_writer_free(w);
	assert_int_equal(count_temp_files(dir), 0);
	assert_true(out.len > 1000);
	assert_memory_equal(out.ptr, "PK\x03\x04", 4);
	buf_release(&out);

	/* a writer dropped before finishing leaves nothing either */
	assert_int_equal(ledger_writer_new(LEDGER_XLSX, &out, &w, &err), GA_OK);
	ledger_writer_free(w);
	assert_int_equal(count_temp_files(dir), 0);
	buf_release(&out);
	unsetenv("TMPDIR");
	rmdir(dir);
}

static void formats(void **state)
{
	(void)state;
	assert_string_equal(ledger_format_ext(LEDGER_CSV), "csv");
	assert_string_equal(ledger_format_ext(LEDGER_XLSX), "xlsx");
	assert_string_equal(ledger_format_mime(LEDGER_CSV),
			    "text/csv; charset=utf-8");
	assert_string_equal(ledger_format_mime(LEDGER_XLSX),
			    "application/vnd.openxmlformats-officedocument."
			    "spreadsheetml.sheet");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(csv_field_table),
	    cmocka_unit_test(cells_of_a_record),
	    cmocka_unit_test(csv_ledger_whole),
	    cmocka_unit_test(csv_cap),
	    cmocka_unit_test(xlsx_ledger),
	    cmocka_unit_test(formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
