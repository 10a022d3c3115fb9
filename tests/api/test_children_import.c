/*
 * Ledger import (issue 4, "Ledgers: import and export") through the API and
 * the CLI: a good CSV imports every row (found by the list afterwards with
 * derived categories), a dry run writes nothing, one bad row imports
 * nothing and names row and column, GB18030 CSV and XLSX (built here as a
 * stored zip, the way Excel lays it out) work, duplicate ID numbers within
 * the file and against the database, a village outside the director's
 * scope, missing columns, wrong content type (415), too large (413), not a
 * zip and a wrong encoding (400), the "child.import" audit entry, and
 * `guanai import children`.
 *
 * Names and ID numbers carry this run's seed, so runs sharing a PostgreSQL
 * database never collide.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <iconv.h>
#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */

static struct id_sess dir_a, auditor;
static char dir_user[64], auditor_secret[64];
static unsigned long seed;
static char tok[24];
static int id_serial;
static int today_y;

#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* ---- helpers ---- */

/* a valid ID number for a child born on 1 January `age` years ago */
static void make_id(int age, bool male, char birth[11], char out[19])
{
	int seq = (int)((seed / 100 % 450) * 2 + (unsigned)id_serial++ * 2);

	seq %= 1000;
	if ((seq % 2 == 1) != male)
		seq = (seq + 1) % 1000;
	snprintf(birth, 11, "%04d-01-01", today_y - age);
	snprintf(out, 19, "5002%02lu%04d0101%03d", seed % 100, today_y - age,
		 seq);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void url_enc(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", c);
	}
	out[o] = '\0';
}

static long post_file(const char *query, const char *ctype, const void *data,
		      size_t len, struct ga_resp *r)
{
	char cookie[260], csrf[120], ct[160], path[128];
	const char *h[4] = {cookie, csrf, ct, NULL};

	snprintf(cookie, sizeof(cookie), "Cookie: %s", dir_a.cookie);
	snprintf(csrf, sizeof(csrf), "X-CSRF-Token: %s", dir_a.csrf);
	snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
	snprintf(path, sizeof(path), "/api/v1/children/import%s", query);
	assert_int_equal(ga_http("POST", path, h, data, len, r), 0);
	return r->status;
}

static const char HEADER[] =
    "姓名,性别,民族,公民身份号码,出生日期,是否农村户籍,现居住地代码,"
    "详细地址,就学情况,身体情况,享受救助,父亲姓名,父亲状况,父亲务工地点,"
    "母亲姓名,母亲状况,母亲务工地点,实际监护人,委托监护人姓名,"
    "委托监护人电话,监护类型\r\n";

/* CSV rows: a rural child whose parents both work away (left behind) */
struct file {
	char p[8192];
	size_t n;
};

static void file_start(struct file *f)
{
	f->n = (size_t)snprintf(f->p, sizeof(f->p), "%s", HEADER);
}

static void file_row(struct file *f, const char *name, const char *idn,
		     const char *birth, bool male, const char *village)
{
	f->n += (size_t)snprintf(
	    f->p + f->n, sizeof(f->p) - f->n,
	    "%s,%s,土家族,%s,%s,是,%s,茶坪村三组,小学,健康,低保,"
	    "%s父,外出务工,广东省深圳市,%s母,外出务工,浙江省杭州市,"
	    "委托监护人,王奶奶,13500000000,一般\r\n",
	    name, male ? "男" : "女", idn, birth, village, name, name);
}

/* a name for this run: "<base><tok>" */
static void run_name(const char *base, char out[80])
{
	snprintf(out, 80, "%s%s", base, tok);
}

/* the children of this run whose names contain `name`, as a list body */
static json_t *list_named(const char *name)
{
	char q[300], path[400];
	struct ga_resp r;
	json_t *items;

	url_enc(name, q, sizeof(q));
	snprintf(path, sizeof(path), "/api/v1/children?name=%s&limit=200", q);
	id_req(&dir_a, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_incref(json_object_get(r.json, "items"));
	ga_resp_free(&r);
	return items;
}

static bool has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	}
	return false;
}

/* the problem of row `row` with `code` (and column, unless NULL) */
static json_t *problem_in(const struct ga_resp *r, long row, const char *column,
			  const char *code)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(r->json, "problems"), i, it)
	{
		if (json_integer_value(json_object_get(it, "row")) == row &&
		    !strcmp(id_str(it, "code"), code) &&
		    (!column || !strcmp(id_str(it, "column"), column)))
			return it;
	}
	return NULL;
}

static json_t *problem(const struct ga_resp *r, long row, const char *code)
{
	return problem_in(r, row, NULL, code);
}

static void expect_problem(const struct ga_resp *r, long row,
			   const char *column, const char *code)
{
	json_t *p = problem_in(r, row, column, code);

	if (!p)
		fail_msg("no problem %s in row %ld: %.2000s", code, row,
			 r->body ? r->body : "");
	assert_string_equal(id_str(p, "column"), column);
	assert_true(ga_has_cjk(id_str(p, "message")));
}

/* ---- tests ---- */

static void log_in(void **state)
{
	struct ga_resp r;
	char u[64], code[7];

	(void)state;
	id_name(dir_user, sizeof(dir_user), "imp.dir");
	id_must_login(dir_user, ID_PASSWORD, NULL, &dir_a);
	id_name(u, sizeof(u), "imp.auditor");
	assert_int_equal(id_login(u, ID_PASSWORD, NULL, &auditor, &r), 200);
	if (json_is_true(json_object_get(r.json, "totp_enrollment_required")))
		id_enrol(&auditor, auditor_secret, sizeof(auditor_secret));
	ga_resp_free(&r);
	(void)code;
}

static char good_ids[3][19];

static void good_csv_imports_all_rows(void **state)
{
	struct file f;
	struct ga_resp r;
	char names[3][80], birth[11];
	json_t *items, *it;
	size_t i;

	(void)state;
	file_start(&f);
	for (int k = 0; k < 3; k++) {
		char base[40];

		snprintf(base, sizeof(base), "导入好%c", 'A' + k);
		run_name(base, names[k]);
		make_id(6 + k, k % 2 == 0, birth, good_ids[k]);
		file_row(&f, names[k], good_ids[k], birth, k % 2 == 0,
			 VILLAGE_A);
	}
	/* a dry run: fine, nothing written */
	assert_int_equal(post_file("?dry_run=1", "text/csv", f.p, f.n, &r),
			 200);
	assert_true(json_is_true(json_object_get(r.json, "dry_run")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "rows")),
			 3);
	assert_int_equal(
	    json_integer_value(json_object_get(r.json, "imported")), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "problems")),
			 0);
	ga_resp_free(&r);
	items = list_named(tok);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);

	assert_int_equal(post_file("", "text/csv; charset=utf-8", f.p, f.n, &r),
			 200);
	assert_int_equal(
	    json_integer_value(json_object_get(r.json, "imported")), 3);
	ga_resp_free(&r);
	items = list_named(tok);
	assert_int_equal(json_array_size(items), 3);
	json_array_foreach(items, i, it)
	{
		assert_true(has_string(json_object_get(it, "categories"),
				       "left_behind"));
		assert_true(has_string(json_object_get(it, "categories"),
				       "difficult_poverty"));
		assert_string_equal(id_str(it, "region"), VILLAGE_A);
	}
	json_decref(items);
}

/*
 * The parents' dates and disability travel in their own columns, so the
 * rules can judge them: a father missing for a year (police acceptance
 * date) and a mother with a grade-3 intellectual disability make the
 * child de facto unsupported; a bad date in those columns is named.
 */
static void parent_dates_and_disability(void **state)
{
	static const char head[] =
	    "姓名,性别,民族,公民身份号码,出生日期,现居住地代码,就学情况,"
	    "身体情况,父亲姓名,父亲状况,父亲失联受案日期,母亲姓名,母亲状况,"
	    "母亲残疾等级,母亲是否精神或智力残疾,实际监护人,监护类型\r\n";
	char name[80], bad_name[80], birth[11], idn[19], idn2[19], police[24];
	char body[2048];
	struct ga_resp r;
	json_t *items, *cats;
	int n;

	(void)state;
	run_name("失联父", name);
	run_name("错日期", bad_name);
	make_id(8, true, birth, idn);
	snprintf(police, sizeof(police), "%04d-01-15", today_y - 1);
	n = snprintf(body, sizeof(body),
		     "%s%s,男,汉族,%s,%s,%s,小学,健康,%s父,失联,%s,%s母,重残,"
		     "三级,是,祖父母,父或母无监护能力\r\n",
		     head, name, idn, birth, VILLAGE_A, name, police, name);
	assert_int_equal(post_file("", "text/csv", body, (size_t)n, &r), 200);
	ga_resp_free(&r);
	items = list_named(name);
	assert_int_equal(json_array_size(items), 1);
	cats = json_object_get(json_array_get(items, 0), "categories");
	assert_true(has_string(cats, "de_facto_unsupported"));
	json_decref(items);

	/* a date that is not one, in the father's acceptance column */
	make_id(9, true, birth, idn2);
	n = snprintf(body, sizeof(body),
		     "%s%s,男,汉族,%s,%s,%s,小学,健康,%s父,失联,"
		     "2020-02-30,,,,,祖父母,一般\r\n",
		     head, bad_name, idn2, birth, VILLAGE_A, bad_name);
	assert_int_equal(post_file("", "text/csv", body, (size_t)n, &r), 400);
	assert_non_null(problem_in(&r, 2, "父亲失联受案日期", "invalid_date"));
	ga_resp_free(&r);
	items = list_named(bad_name);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
}

static void import_is_audited(void **state)
{
	struct ga_resp r;
	char path[200];
	json_t *it;
	size_t i;
	int n = 0;

	(void)state;
	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=child.import&account=%lld&limit=50",
		 dir_a.account_id);
	id_req(&auditor, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		n += !strcmp(id_str(it, "object_id"), "rows=3");
	}
	assert_int_equal(n, 1); /* the real run only, not the dry run */
	ga_resp_free(&r);
}

static void one_bad_row_imports_nothing(void **state)
{
	struct file f;
	struct ga_resp r;
	char name[80], birth[11], idn[19], bad[19];
	json_t *items;

	(void)state;
	file_start(&f);
	run_name("导入坏A", name);
	make_id(7, true, birth, idn);
	file_row(&f, name, idn, birth, true, VILLAGE_A);
	run_name("导入坏B", name);
	make_id(8, false, birth, idn);
	file_row(&f, name, idn, birth, false, VILLAGE_A);
	run_name("导入坏C", name);
	make_id(9, true, birth, bad);
	bad[17] = bad[17] == '0' ? '1' : '0'; /* wrong check character */
	file_row(&f, name, bad, birth, true, VILLAGE_A);
	assert_int_equal(post_file("", "text/csv", f.p, f.n, &r), 400);
	GA_ASSERT_ERROR(&r, 400, "import_failed", NULL);
	expect_problem(&r, 4, "公民身份号码", "invalid_id_number");
	assert_int_equal(json_array_size(json_object_get(r.json, "problems")),
			 1);
	ga_resp_free(&r);
	run_name("导入坏", name);
	items = list_named(name);
	assert_int_equal(json_array_size(items), 0);
	json_decref(items);
}

static void duplicates_and_scope(void **state)
{
	struct file f;
	struct ga_resp r;
	char name[80], birth[11], idn[19], other[19];

	(void)state;
	file_start(&f);
	run_name("导入重A", name);
	make_id(7, true, birth, idn);
	file_row(&f, name, idn, birth, true, VILLAGE_A); /* row 2 */
	run_name("导入重B", name);
	file_row(&f, name, idn, birth, true, VILLAGE_A); /* row 3: same ID */
	run_name("导入重C", name);
	make_id(8, true, birth, other);
	file_row(&f, name, other, birth, true, VILLAGE_B); /* row 4 */
	run_name("导入重D", name);
	snprintf(birth, sizeof(birth), "%.4s-%.2s-%.2s", good_ids[0] + 6,
		 good_ids[0] + 10, good_ids[0] + 12);
	file_row(&f, name, good_ids[0], birth, true, VILLAGE_A); /* row 5 */
	assert_int_equal(post_file("?dry_run=1", "text/csv", f.p, f.n, &r),
			 400);
	GA_ASSERT_ERROR(&r, 400, "import_failed", NULL);
	expect_problem(&r, 2, "公民身份号码", "duplicate_in_file");
	expect_problem(&r, 3, "公民身份号码", "duplicate_in_file");
	assert_non_null(strstr(
	    id_str(problem(&r, 2, "duplicate_in_file"), "message"), "第3行"));
	expect_problem(&r, 4, "现居住地代码", "out_of_scope");
	expect_problem(&r, 5, "公民身份号码", "duplicate_id_number");
	ga_resp_free(&r);
}

static void missing_columns(void **state)
{
	static const char text[] = "姓名,民族\n张三,汉族\n";
	struct ga_resp r;

	(void)state;
	assert_int_equal(post_file("", "text/csv", text, strlen(text), &r),
			 400);
	GA_ASSERT_ERROR(&r, 400, "missing_columns", NULL);
	expect_problem(&r, 1, "性别", "missing_column");
	expect_problem(&r, 1, "监护类型", "missing_column");
	ga_resp_free(&r);
}

static void gb18030_csv(void **state)
{
	struct file f;
	struct ga_resp r;
	char name[80], birth[11], idn[19], gb[8192];
	char *in, *out = gb;
	size_t inleft, outleft = sizeof(gb);
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	json_t *items;

	(void)state;
	file_start(&f);
	run_name("导入国标", name);
	make_id(10, false, birth, idn);
	file_row(&f, name, idn, birth, false, VILLAGE_A);
	in = f.p;
	inleft = f.n;
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	assert_int_equal(
	    post_file("", "text/csv", gb, sizeof(gb) - outleft, &r), 200);
	ga_resp_free(&r);
	items = list_named(name);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
	/* neither UTF-8 nor GB18030: the line is named */
	memcpy(gb, "a,b\n\xff\xff\n", 7);
	assert_int_equal(post_file("", "text/csv", gb, 7, &r), 400);
	GA_ASSERT_ERROR(&r, 400, "invalid_encoding", "line:2");
	assert_non_null(problem(&r, 2, "invalid_encoding"));
	ga_resp_free(&r);
}

/* ---- a small XLSX: a stored (uncompressed) zip, as Excel lays it out ---- */

struct zipb {
	unsigned char p[65536];
	size_t n;
	unsigned char cd[8192];
	size_t ncd;
	int entries;
};

static unsigned long crc32_of(const char *s, size_t n)
{
	unsigned long c = 0xffffffffUL;

	for (size_t i = 0; i < n; i++) {
		c ^= (unsigned char)s[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320UL : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

static void le(unsigned char *p, size_t *n, unsigned long v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[(*n)++] = (unsigned char)(v >> (8 * i));
}

static void zip_add(struct zipb *z, const char *name, const char *data)
{
	size_t nl = strlen(name), dl = strlen(data), at = z->n;
	unsigned long crc = crc32_of(data, dl);

	le(z->p, &z->n, 0x04034b50UL, 4);
	le(z->p, &z->n, 20, 2);
	le(z->p, &z->n, 0x0800, 2); /* UTF-8 names */
	le(z->p, &z->n, 0, 2);	    /* stored */
	le(z->p, &z->n, 0, 4);	    /* time, date */
	le(z->p, &z->n, crc, 4);
	le(z->p, &z->n, dl, 4);
	le(z->p, &z->n, dl, 4);
	le(z->p, &z->n, nl, 2);
	le(z->p, &z->n, 0, 2);
	memcpy(z->p + z->n, name, nl);
	z->n += nl;
	memcpy(z->p + z->n, data, dl);
	z->n += dl;
	le(z->cd, &z->ncd, 0x02014b50UL, 4);
	le(z->cd, &z->ncd, 20, 2);
	le(z->cd, &z->ncd, 20, 2);
	le(z->cd, &z->ncd, 0x0800, 2);
	le(z->cd, &z->ncd, 0, 2);
	le(z->cd, &z->ncd, 0, 4);
	le(z->cd, &z->ncd, crc, 4);
	le(z->cd, &z->ncd, dl, 4);
	le(z->cd, &z->ncd, dl, 4);
	le(z->cd, &z->ncd, nl, 2);
	le(z->cd, &z->ncd, 0, 2); /* extra */
	le(z->cd, &z->ncd, 0, 2); /* comment */
	le(z->cd, &z->ncd, 0, 2); /* disk */
	le(z->cd, &z->ncd, 0, 2); /* internal attributes */
	le(z->cd, &z->ncd, 0, 4); /* external attributes */
	le(z->cd, &z->ncd, at, 4);
	memcpy(z->cd + z->ncd, name, nl);
	z->ncd += nl;
	z->entries++;
}

static void zip_finish(struct zipb *z)
{
	size_t at = z->n;

	memcpy(z->p + z->n, z->cd, z->ncd);
	z->n += z->ncd;
	le(z->p, &z->n, 0x06054b50UL, 4);
	le(z->p, &z->n, 0, 4);
	le(z->p, &z->n, (unsigned long)z->entries, 2);
	le(z->p, &z->n, (unsigned long)z->entries, 2);
	le(z->p, &z->n, z->ncd, 4);
	le(z->p, &z->n, at, 4);
	le(z->p, &z->n, 0, 2);
}

static const char *const XLSX_HEADINGS[] = {
    "姓名",	"性别",	    "公民身份号码", "出生日期", "现居住地代码",
    "就学情况", "身体情况", "实际监护人",   "监护类型", "是否农村户籍"};

/* days from 1899-12-30 (Excel's day 0) to YYYY-MM-DD */
static long excel_serial(const char *ymd)
{
	struct tm tm = {0};

	tm.tm_year = (int)strtol(ymd, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(ymd + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(ymd + 8, NULL, 10);
	return (long)(timegm(&tm) / 86400) + 25569;
}

/* title row 1, headings row 2, one child in row 3 (the birth date and
 * the village code as numbers); the ID number as a number when
 * id_as_number (how Excel mangles them) */
static void make_xlsx(struct zipb *z, const char *name, const char *idn,
		      const char *birth, bool id_as_number)
{
	static char sst[4096], sheet[8192];
	const char *words[] = {name,	 "男",	 "小学", "健康",
			       "祖父母", "一般", "是",	 idn};
	size_t n = 0, w = 0;
	int base;

	memset(z, 0, sizeof(*z));
	n += (size_t)snprintf(sst + n, sizeof(sst) - n,
			      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			      "<sst xmlns=\"urn:s\"><si><t>某村台账</t></si>");
	for (size_t i = 0; i < 10; i++)
		n += (size_t)snprintf(sst + n, sizeof(sst) - n,
				      "<si><t>%s</t></si>", XLSX_HEADINGS[i]);
	base = 11;
	for (size_t i = 0; i < 8; i++)
		n += (size_t)snprintf(sst + n, sizeof(sst) - n,
				      "<si><r><t>%s</t></r></si>", words[i]);
	snprintf(sst + n, sizeof(sst) - n, "</sst>");
	w += (size_t)snprintf(sheet + w, sizeof(sheet) - w,
			      "<worksheet xmlns=\"urn:s\"><sheetData>"
			      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
			      "</row><row r=\"2\">");
	for (int i = 0; i < 10; i++)
		w += (size_t)snprintf(sheet + w, sizeof(sheet) - w,
				      "<c r=\"%c2\" t=\"s\"><v>%d</v></c>",
				      'A' + i, i + 1);
	w += (size_t)snprintf(
	    sheet + w, sizeof(sheet) - w,
	    "</row><row r=\"3\"><c r=\"A3\" t=\"s\"><v>%d</v></c>"
	    "<c r=\"B3\" t=\"s\"><v>%d</v></c>",
	    base, base + 1);
	if (id_as_number)
		w += (size_t)snprintf(sheet + w, sizeof(sheet) - w,
				      "<c r=\"C3\"><v>%.14E</v></c>",
				      strtod(idn, NULL));
	else
		w += (size_t)snprintf(sheet + w, sizeof(sheet) - w,
				      "<c r=\"C3\" t=\"s\"><v>%d</v></c>",
				      base + 7);
	snprintf(sheet + w, sizeof(sheet) - w,
		 "<c r=\"D3\" s=\"1\"><v>%ld</v></c>"
		 "<c r=\"E3\"><v>%s</v></c>"
		 "<c r=\"F3\" t=\"s\"><v>%d</v></c>"
		 "<c r=\"G3\" t=\"s\"><v>%d</v></c>"
		 "<c r=\"H3\" t=\"s\"><v>%d</v></c>"
		 "<c r=\"I3\" t=\"s\"><v>%d</v></c>"
		 "<c r=\"J3\" t=\"s\"><v>%d</v></c></row>"
		 "</sheetData></worksheet>",
		 excel_serial(birth), VILLAGE_A, base + 2, base + 3, base + 4,
		 base + 5, base + 6);
	zip_add(z, "xl/workbook.xml",
		"<workbook xmlns=\"urn:s\" xmlns:r=\"urn:r\"><sheets>"
		"<sheet name=\"台账\" sheetId=\"1\" r:id=\"rId3\"/>"
		"</sheets></workbook>");
	zip_add(z, "xl/_rels/workbook.xml.rels",
		"<Relationships xmlns=\"urn:p\">"
		"<Relationship Id=\"rId1\" Target=\"styles.xml\"/>"
		"<Relationship Id=\"rId3\" Target=\"worksheets/ledger.xml\"/>"
		"</Relationships>");
	zip_add(z, "xl/sharedStrings.xml", sst);
	zip_add(z, "xl/worksheets/ledger.xml", sheet);
	zip_finish(z);
}

static void xlsx_imports(void **state)
{
	static struct zipb z;
	struct ga_resp r;
	char name[80], birth[11], idn[19];
	json_t *items;

	(void)state;
	run_name("导入表格", name);
	make_id(5, true, birth, idn);
	make_xlsx(&z, name, idn, birth, true);
	assert_int_equal(post_file("", XLSX, z.p, z.n, &r), 400);
	expect_problem(&r, 3, "公民身份号码", "id_number_as_number");
	ga_resp_free(&r);
	make_xlsx(&z, name, idn, birth, false);
	assert_int_equal(
	    post_file("", "application/octet-stream", z.p, z.n, &r), 200);
	assert_int_equal(
	    json_integer_value(json_object_get(r.json, "imported")), 1);
	ga_resp_free(&r);
	items = list_named(name);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(id_str(json_array_get(items, 0), "birth_date"),
			    birth);
	json_decref(items);
}

static void bad_files(void **state)
{
	static const char csv[] = "姓名,性别\n张三,男\n";
	struct ga_resp r;
	size_t big = ((size_t)20 << 20) + 1;
	char *body = malloc(big);

	(void)state;
	assert_int_equal(post_file("", "application/json", "{}", 2, &r), 415);
	GA_ASSERT_ERROR(&r, 415, "unsupported_media_type", NULL);
	ga_resp_free(&r);
	assert_int_equal(post_file("", XLSX, "hello", 5, &r), 400);
	GA_ASSERT_ERROR(&r, 400, "not_xlsx", NULL);
	ga_resp_free(&r);
	assert_int_equal(
	    post_file("?dry_run=maybe", "text/csv", csv, strlen(csv), &r), 400);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "dry_run");
	ga_resp_free(&r);
	assert_int_equal(post_file("", "text/csv", "", 0, &r), 400);
	GA_ASSERT_ERROR(&r, 400, "empty_file", NULL);
	ga_resp_free(&r);
	memset(body, 'a', big);
	assert_int_equal(post_file("", "text/csv", body, big, &r), 413);
	ga_resp_free(&r);
	free(body);
	/* no session: 401 before anything is read */
	assert_int_equal(ga_http("POST", "/api/v1/children/import", NULL, csv,
				 strlen(csv), &r),
			 0);
	assert_int_equal(r.status, 401);
	ga_resp_free(&r);
}

static void cli_import(void **state)
{
	struct file f;
	char name[80], birth[11], idn[19], path[256], *out = NULL;
	const char *tmp = getenv("GA_TEST_TMP");
	const char *argv[12] = {ga_bin(),    "import",	  "children", path,
				"--db",	     ga_db_url(), "--as",     dir_user,
				"--dry-run", NULL};
	json_t *items;
	FILE *fp;

	(void)state;
	snprintf(path, sizeof(path), "%s/import-%ld.csv", tmp ? tmp : "/tmp",
		 (long)getpid());
	file_start(&f);
	run_name("导入命令", name);
	make_id(11, false, birth, idn);
	file_row(&f, name, idn, birth, false, VILLAGE_A);
	idn[17] = idn[17] == '0' ? '1' : '0';
	file_row(&f, name, idn, birth, false, VILLAGE_A);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite(f.p, 1, f.n, fp);
	fclose(fp);
	assert_int_equal(ga_run(argv, NULL, &out), 1);
	assert_non_null(strstr(out, "第3行 公民身份号码："));
	free(out);
	/* the good row alone, for real */
	f.n = strlen(HEADER) +
	      (size_t)(strchr(f.p + strlen(HEADER), '\n') -
		       (f.p + strlen(HEADER))) +
	      1;
	fp = fopen(path, "wb");
	fwrite(f.p, 1, f.n, fp);
	fclose(fp);
	argv[8] = NULL;
	assert_int_equal(ga_run(argv, NULL, &out), 0);
	free(out);
	unlink(path);
	items = list_named(name);
	assert_int_equal(json_array_size(items), 1);
	json_decref(items);
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "I%lu", seed % 100000000UL);
	ga_use_clock(); /* the auditor enrols TOTP */
	if (ga_group_setup(state))
		return -1;
	{
		time_t t = ga_now() + 8 * 3600;
		struct tm tm;

		gmtime_r(&t, &tm);
		today_y = tm.tm_year + 1900;
	}
	if (id_user_add(id_name(u, sizeof(u), "imp.dir"), "director", VILLAGE_A,
			ID_PASSWORD, false) <= 0 ||
	    id_user_add(id_name(u, sizeof(u), "imp.auditor"), "auditor",
			"500229000000", ID_PASSWORD, false) <= 0)
		return -1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(log_in),
	    cmocka_unit_test(good_csv_imports_all_rows),
	    cmocka_unit_test(parent_dates_and_disability),
	    cmocka_unit_test(import_is_audited),
	    cmocka_unit_test(one_bad_row_imports_nothing),
	    cmocka_unit_test(duplicates_and_scope),
	    cmocka_unit_test(missing_columns),
	    cmocka_unit_test(gb18030_csv),
	    cmocka_unit_test(xlsx_imports),
	    cmocka_unit_test(bad_files),
	    cmocka_unit_test(cli_import),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
