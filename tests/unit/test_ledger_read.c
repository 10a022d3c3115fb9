/*
 * Unit tests for src/io/ledger_read.h: CSV in UTF-8 (with and without BOM)
 * and GB18030 (made here with iconv), malformed and oversized CSV, XLSX
 * files written here with libxlsxwriter (shared strings, inline strings,
 * numbers and dates) and read back, a file that is not a zip, and a zip
 * without a worksheet (made with libzip).
 */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "io/ledger_read.h"
#include "util/result.h"

/* ---- helpers -------------------------------------------------------- */

static int read_str(const char *data, size_t len, enum ledger_format fmt,
		    struct ledger_sheet *s, struct ga_error *err)
{
	ledger_sheet_init(s);
	memset(err, 0, sizeof(*err));
	return ledger_read(data, len, fmt, s, err);
}

/* Chinese before the English in parentheses */
static bool chinese_first(const char *m)
{
	for (; *m && *m != '('; m++)
		if (*m & 0x80)
			return true;
	return false;
}

static void expect_error(const char *data, size_t len, enum ledger_format fmt,
			 int rc, const char *code)
{
	struct ledger_sheet s;
	struct ga_error err;

	assert_int_equal(read_str(data, len, fmt, &s, &err), rc);
	assert_string_equal(err.code, code);
	assert_true(chinese_first(err.message));
	ledger_sheet_release(&s);
}

static char *file_path(const char *name)
{
	static char path[512];
	const char *dir = getenv("GA_TEST_TMP");

	if (!dir || !*dir)
		dir = "/tmp";
	mkdir(dir, 0777);
	snprintf(path, sizeof(path), "%s/ledger_%ld_%s", dir, (long)getpid(),
		 name);
	return path;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* ---- CSV ------------------------------------------------------------ */

static void test_csv_utf8(void **state)
{
	static const char text[] =
	    "姓名,性别,备注\n张三,男,\"住在\"\"后山\"\"，"
	    "近河\"\n\n,,\n李四,女,\"两行\n备注\"\n";
	struct ledger_sheet s;
	struct ga_error err;

	(void)state;
	assert_int_equal(read_str(text, strlen(text), LEDGER_AUTO, &s, &err),
			 GA_OK);
	assert_int_equal(s.format, LEDGER_CSV);
	assert_string_equal(s.encoding, "UTF-8");
	assert_int_equal(s.nrows, 3); /* the empty rows are skipped */
	assert_string_equal(ledger_cell(&s, 0, 0, NULL), "姓名");
	assert_string_equal(ledger_cell(&s, 1, 2, NULL), "住在\"后山\"，近河");
	assert_string_equal(ledger_cell(&s, 2, 2, NULL), "两行\n备注");
	assert_string_equal(ledger_cell(&s, 2, 9, NULL), "");
	assert_int_equal(s.rows[0].line, 1);
	assert_int_equal(s.rows[1].line, 2);
	assert_int_equal(s.rows[2].line, 5);
	ledger_sheet_release(&s);
}

static void test_csv_bom_crlf(void **state)
{
	static const char text[] =
	    "\xef\xbb\xbf姓名,性别\r\n王五,男\r\n赵六,女";
	struct ledger_sheet s;
	struct ga_error err;

	(void)state;
	assert_int_equal(read_str(text, strlen(text), LEDGER_CSV, &s, &err),
			 GA_OK);
	assert_int_equal(s.nrows, 3);
	assert_string_equal(ledger_cell(&s, 0, 0, NULL), "姓名");
	assert_string_equal(ledger_cell(&s, 1, 1, NULL), "男");
	assert_string_equal(ledger_cell(&s, 2, 1, NULL), "女");
	ledger_sheet_release(&s);
}

static void test_csv_gb18030(void **state)
{
	static const char utf8[] = "姓名,民族,现居住地代码\n"
				   "张𠀀三,汉族,500229212201\n"
				   "李四,土家族,500229212202\n";
	char gb[256], *in = (char *)utf8, *out = gb;
	size_t inleft = strlen(utf8), outleft = sizeof(gb);
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	struct ledger_sheet s;
	struct ga_error err;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	assert_int_equal(
	    read_str(gb, sizeof(gb) - outleft, LEDGER_AUTO, &s, &err), GA_OK);
	assert_string_equal(s.encoding, "GB18030");
	assert_int_equal(s.nrows, 3);
	assert_string_equal(ledger_cell(&s, 0, 1, NULL), "民族");
	assert_string_equal(ledger_cell(&s, 1, 0, NULL), "张𠀀三");
	assert_string_equal(ledger_cell(&s, 2, 1, NULL), "土家族");
	ledger_sheet_release(&s);
}

static void test_csv_bad_encoding(void **state)
{
	static const char text[] = "姓名,性别\nabc,def\n\xff\xfe\x80,x\n";
	static const char bom[] = "\xef\xbb\xbf"
				  "a,b\n\xc3\x28,c\n";
	static const char nul[] = "a,b\nc\0d,e\n";
	struct ledger_sheet s;
	struct ga_error err;

	(void)state;
	assert_int_equal(read_str(text, strlen(text), LEDGER_CSV, &s, &err),
			 GA_EINVAL);
	assert_string_equal(err.code, "invalid_encoding");
	assert_string_equal(err.field, "line:3");
	assert_non_null(strstr(err.message, "第3行"));
	ledger_sheet_release(&s);
	assert_int_equal(read_str(bom, strlen(bom), LEDGER_CSV, &s, &err),
			 GA_EINVAL);
	assert_string_equal(err.field, "line:2");
	ledger_sheet_release(&s);
	expect_error(nul, sizeof(nul) - 1, LEDGER_CSV, GA_EINVAL,
		     "invalid_encoding");
}

static void test_csv_malformed(void **state)
{
	static const char open_quote[] = "a,b\n\"c,d\n";
	static const char after_quote[] = "a,b\n\"c\"x,d\n";

	(void)state;
	expect_error(open_quote, strlen(open_quote), LEDGER_CSV, GA_EINVAL,
		     "malformed_csv");
	expect_error(after_quote, strlen(after_quote), LEDGER_CSV, GA_EINVAL,
		     "malformed_csv");
	expect_error("", 0, LEDGER_CSV, GA_EINVAL, "empty_file");
	expect_error(",,\n,,\n", 6, LEDGER_CSV, GA_EINVAL, "empty_file");
}

static void test_csv_limits(void **state)
{
	char wide[LEDGER_COLS_MAX * 2 + 8];
	char *longcell = malloc(LEDGER_CELL_MAX + 16);

	(void)state;
	memset(wide, ',', sizeof(wide) - 1);
	wide[0] = 'a';
	wide[sizeof(wide) - 1] = '\0';
	expect_error(wide, strlen(wide), LEDGER_CSV, GA_ETOOBIG,
		     "too_many_columns");
	memset(longcell, 'x', LEDGER_CELL_MAX + 15);
	longcell[LEDGER_CELL_MAX + 15] = '\0';
	expect_error(longcell, strlen(longcell), LEDGER_CSV, GA_ETOOBIG,
		     "cell_too_long");
	/* the size is checked before a byte is read */
	expect_error("a", LEDGER_FILE_MAX + 1, LEDGER_CSV, GA_ETOOBIG,
		     "file_too_large");
	free(longcell);
}

static void test_csv_too_many_rows(void **state)
{
	size_t rows = LEDGER_ROWS_MAX + LEDGER_HEAD_ROWS + 2;
	char *text = malloc(rows * 2 + 1);

	(void)state;
	for (size_t i = 0; i < rows; i++)
		memcpy(text + 2 * i, "a\n", 2);
	text[rows * 2] = '\0';
	expect_error(text, rows * 2, LEDGER_CSV, GA_ETOOBIG, "too_many_rows");
	free(text);
}

/* ---- XLSX ----------------------------------------------------------- */

static char *make_xlsx(bool constant_memory, size_t *len)
{
	lxw_workbook_options opt = {.constant_memory = constant_memory};
	const char *path = file_path(constant_memory ? "cm.xlsx" : "ss.xlsx");
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "台账");
	lxw_format *date = workbook_add_format(wb);
	lxw_datetime born = {2016, 5, 10, 0, 0, 0};
	char *data;

	format_set_num_format(date, "yyyy-mm-dd");
	worksheet_write_string(ws, 0, 0, "某村留守儿童信息台账", NULL);
	worksheet_write_string(ws, 1, 0, "姓名", NULL);
	worksheet_write_string(ws, 1, 1, "公民身份号码", NULL);
	worksheet_write_string(ws, 1, 2, "出生日期", NULL);
	worksheet_write_string(ws, 1, 4, "备注", NULL);
	worksheet_write_string(ws, 2, 0, "张三", NULL);
	worksheet_write_string(ws, 2, 1, "50022920160510123X", NULL);
	worksheet_write_datetime(ws, 2, 2, &born, date);
	worksheet_write_string(ws, 2, 4, "第五列", NULL);
	/* row 4 stays empty */
	worksheet_write_string(ws, 4, 0, "李四", NULL);
	worksheet_write_number(ws, 4, 1, 500229201605101234.0, NULL);
	worksheet_write_number(ws, 4, 2, 42500, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	data = slurp(path, len);
	unlink(path);
	return data;
}

static void check_xlsx(bool constant_memory)
{
	struct ledger_sheet s;
	struct ga_error err;
	unsigned flags;
	size_t len;
	char *data = make_xlsx(constant_memory, &len);
	char date[11];

	assert_int_equal(read_str(data, len, LEDGER_AUTO, &s, &err), GA_OK);
	assert_int_equal(s.format, LEDGER_XLSX);
	assert_int_equal(s.nrows, 4);
	assert_string_equal(ledger_cell(&s, 0, 0, NULL),
			    "某村留守儿童信息台账");
	assert_int_equal(s.rows[1].line, 2);
	assert_string_equal(ledger_cell(&s, 1, 1, NULL), "公民身份号码");
	assert_string_equal(ledger_cell(&s, 1, 3, NULL), "");
	assert_string_equal(ledger_cell(&s, 1, 4, NULL), "备注");
	assert_string_equal(ledger_cell(&s, 2, 1, &flags),
			    "50022920160510123X");
	assert_int_equal(flags, 0);
	assert_string_equal(ledger_cell(&s, 2, 4, NULL), "第五列");
	/* a date is a number with a format: the serial comes back */
	assert_int_equal(
	    ledger_serial_date(ledger_cell(&s, 2, 2, &flags), date), GA_OK);
	assert_int_equal(flags, LEDGER_CELL_NUMBER);
	assert_string_equal(date, "2016-05-10");
	assert_int_equal(s.rows[3].line, 5);
	ledger_cell(&s, 3, 1, &flags);
	assert_int_equal(flags, LEDGER_CELL_NUMBER);
	assert_string_equal(ledger_cell(&s, 3, 2, NULL), "42500");
	ledger_sheet_release(&s);
	free(data);
}

static void test_xlsx_shared_strings(void **state)
{
	(void)state;
	check_xlsx(false);
}

static void test_xlsx_inline_strings(void **state)
{
	(void)state;
	check_xlsx(true);
}

static void test_not_a_zip(void **state)
{
	static const char fake[] = "PK\3\4 this is not really a zip file";

	(void)state;
	expect_error(fake, sizeof(fake) - 1, LEDGER_AUTO, GA_EINVAL,
		     "not_xlsx");
	expect_error("姓名,性别\n", 14, LEDGER_XLSX, GA_EINVAL, "not_xlsx");
}

static char *make_zip(const char *entry, const char *content, size_t *len)
{
	const char *path = file_path("plain.zip");
	zip_t *z;
	zip_source_t *src;
	char *data;
	int e;

	unlink(path);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	assert_non_null(z);
	src = zip_source_buffer(z, content, strlen(content), 0);
	assert_true(zip_file_add(z, entry, src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	data = slurp(path, len);
	unlink(path);
	return data;
}

static void test_zip_without_sheet(void **state)
{
	size_t len;
	char *data = make_zip("xl/workbook.xml", "<workbook/>", &len);

	(void)state;
	expect_error(data, len, LEDGER_AUTO, GA_EINVAL, "invalid_xlsx");
	free(data);
}

static void test_zip_bad_xml(void **state)
{
	size_t len, dlen;
	char *data = make_zip("xl/worksheets/sheet1.xml",
			      "<worksheet><sheetData><row><c t=\"s\"><v>7</v>"
			      "</c></row></sheetData></worksheet>",
			      &len);
	char *dtd =
	    make_zip("xl/worksheets/sheet1.xml",
		     "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", &dlen);

	(void)state;
	/* a shared string that does not exist */
	expect_error(data, len, LEDGER_AUTO, GA_EINVAL, "invalid_xlsx");
	free(data);
	data = make_zip("xl/worksheets/sheet1.xml", "<worksheet><sheetData>",
			&len);
	expect_error(data, len, LEDGER_AUTO, GA_EINVAL, "invalid_xlsx");
	free(data);
	expect_error(dtd, dlen, LEDGER_AUTO, GA_EINVAL, "invalid_xlsx");
	free(dtd);
}

static void test_zip_inline_sheet(void **state)
{
	size_t len;
	char *data = make_zip(
	    "xl/worksheets/sheet1.xml",
	    "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData>"
	    "<x:row r=\"3\"><x:c r=\"B3\" t=\"inlineStr\"><x:is><x:r><x:t>甲"
	    "</x:t></x:r><x:r><x:t>乙</x:t></x:r></x:is></x:c>"
	    "<x:c r=\"C3\" t=\"b\"><x:v>1</x:v></x:c></x:row>"
	    "</x:sheetData></x:worksheet>",
	    &len);
	struct ledger_sheet s;
	struct ga_error err;

	(void)state;
	assert_int_equal(read_str(data, len, LEDGER_AUTO, &s, &err), GA_OK);
	assert_int_equal(s.nrows, 1);
	assert_int_equal(s.rows[0].line, 3);
	assert_string_equal(ledger_cell(&s, 0, 0, NULL), "");
	assert_string_equal(ledger_cell(&s, 0, 1, NULL), "甲乙");
	assert_string_equal(ledger_cell(&s, 0, 2, NULL), "1");
	ledger_sheet_release(&s);
	free(data);
}

static void test_serial_date(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
	    {"42500", GA_OK, "2016-05-10"},
	    {"43831.5", GA_OK, "2020-01-01"},
	    {"61", GA_OK, "1900-03-01"},
	    {"60", GA_EINVAL, ""},
	    {"", GA_EINVAL, ""},
	    {"4.25E+4", GA_EINVAL, ""},
	    {"-5", GA_EINVAL, ""},
	    {"99999999", GA_EINVAL, ""},
	    {"2016-05-10", GA_EINVAL, ""},
	};
	char out[11];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_int_equal(ledger_serial_date(cases[i].in, out),
				 cases[i].rc);
		assert_string_equal(out, cases[i].out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_utf8),
	    cmocka_unit_test(test_csv_bom_crlf),
	    cmocka_unit_test(test_csv_gb18030),
	    cmocka_unit_test(test_csv_bad_encoding),
	    cmocka_unit_test(test_csv_malformed),
	    cmocka_unit_test(test_csv_limits),
	    cmocka_unit_test(test_csv_too_many_rows),
	    cmocka_unit_test(test_xlsx_shared_strings),
	    cmocka_unit_test(test_xlsx_inline_strings),
	    cmocka_unit_test(test_not_a_zip),
	    cmocka_unit_test(test_zip_without_sheet),
	    cmocka_unit_test(test_zip_bad_xml),
	    cmocka_unit_test(test_zip_inline_sheet),
	    cmocka_unit_test(test_serial_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
