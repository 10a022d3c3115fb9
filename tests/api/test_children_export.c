/*
 * Ledger export (issue 4, "Ledgers: import and export") through the API:
 * GET /api/v1/children/export.csv and export.xlsx. CSV: BOM, headings in
 * the ledger's order, a row's cells in Chinese words, RFC 4180 quoting,
 * CRLF, the formula guard, masking, the list filters, bad and unknown
 * parameters. Access: 403 without child.read, 403 for unmask without
 * child.unmask, 200 and audit entries (child.export ok:N and
 * child.export_unmask) for a director. XLSX: a zip holding
 * xl/worksheets/sheet1.xml (read back with libzip) with the headings, the
 * masked ID number as a string cell, a frozen heading row and the sheet
 * named 儿童台账. And the CLI: `guanai export children`.
 *
 * Like test_children.c, every name and ID number carries this run's seed,
 * and each export is narrowed by name=<tok>, so a shared PostgreSQL
 * database with other programs running does not disturb the counts.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>
#include <zip.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
	char secret[64];
};

enum { DIR_A, DIR_B, CIVIL, EDU, AUDITOR, NWHO };

static struct who who[NWHO] = {
    [DIR_A] = {"dira", "director", "500229212201", {{0}}, ""},
    [DIR_B] = {"dirb", "director", "500229212202", {{0}}, ""},
    [CIVIL] = {"civil", "county_civil", "500229000000", {{0}}, ""},
    [EDU] = {"edu", "education", "500229000000", {{0}}, ""},
    [AUDITOR] = {"auditor", "auditor", "500229000000", {{0}}, ""},
};

#define S(i) (&who[i].s)

static const char *const HEADINGS[] = {
    "序号",
    "姓名",
    "性别",
    "民族",
    "公民身份号码",
    "出生日期",
    "是否登记户口",
    "未登记户口原因",
    "户籍地",
    "是否农村户籍",
    "现居住地代码",
    "现居住地",
    "详细地址",
    "就学情况",
    "是否寄宿",
    "学校名称",
    "年级",
    "身体情况",
    "疾病名称",
    "是否重病",
    "残疾类别",
    "残疾等级",
    "享受救助",
    "父亲姓名",
    "父亲身份证号",
    "父亲电话",
    "父亲状况",
    "父亲务工地点",
    "父亲状况起始日期",
    "父亲状况截止日期",
    "父亲失联受案日期",
    "父亲残疾等级",
    "父亲是否精神或智力残疾",
    "母亲姓名",
    "母亲身份证号",
    "母亲电话",
    "母亲状况",
    "母亲务工地点",
    "母亲状况起始日期",
    "母亲状况截止日期",
    "母亲失联受案日期",
    "母亲残疾等级",
    "母亲是否精神或智力残疾",
    "实际监护人",
    "委托监护人姓名",
    "委托监护人身份证号",
    "委托监护人电话",
    "委托监护人与儿童关系",
    "委托监护人地址",
    "监护类型",
    "儿童类别",
    "重点儿童标记",
    "备注",
};
#define NCOLS ((int)(sizeof(HEADINGS) / sizeof(HEADINGS[0])))

enum {
	C_SEQ = 0,
	C_NAME = 1,
	C_SEX = 2,
	C_ID = 4,
	C_REGION = 10,
	C_REGION_NAME = 11,
	C_ADDRESS = 12,
	C_SCHOOL = 13,
	C_ASSISTANCE = 22,
	C_FATHER_NAME = 23,
	C_FATHER_ID = 24,
	C_FATHER_PHONE = 25,
	C_FATHER_SITUATION = 26,
	C_FATHER_WORK = 27,
	C_MOTHER_NAME = 33,
	C_MOTHER_PHONE = 35,
	C_GUARDIAN = 43,
	C_GUARDIANSHIP = 49,
	C_CATEGORIES = 50,
	C_KEY_FLAGS = 51,
	C_NOTES = 52,
};

static unsigned long seed;
static char tok[24];
static int id_serial;
static int today_y;

/* the children of this run */
static char c1_name[80], c1_idn[19], c1_fidn[19], c1_fphone[16], c1_mphone[16];
static char c2_name[80], c2_idn[19];
static char c3_name[80], c3_idn[19];

/* ---- helpers ---- */

static void make_id(const char *birth, bool male, char out[19])
{
	int seq = (int)((seed / 100 % 450) * 2 + (unsigned)id_serial++ * 2);

	seq %= 1000;
	if ((seq % 2 == 1) != male)
		seq = (seq + 1) % 1000;
	snprintf(out, 19, "5002%02lu%.4s%.2s%.2s%03d", seed % 100, birth,
		 birth + 5, birth + 8, seq);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void masked_id(const char *id, char out[19])
{
	snprintf(out, 19, "%.6s********%.4s", id, id + 14);
}

static void masked_phone(const char *p, char out[16])
{
	snprintf(out, 16, "%.3s****%.4s", p, p + 7);
}

static void make_phone(int n, char out[16])
{
	snprintf(out, 16, "13%d%08lu", 5 + n % 4,
		 (seed * 7 + (unsigned long)n * 7919) % 100000000UL);
}

static void jan1(int years, char out[11])
{
	snprintf(out, 11, "%04d-01-01", today_y - years);
}

static void server_today(void)
{
	time_t t = ga_now() + 8 * 3600;
	struct tm tm;

	gmtime_r(&t, &tm);
	today_y = tm.tm_year + 1900;
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

static json_t *member(const char *relation, const char *name,
		      const char *situation, const char *idn, const char *phone)
{
	json_t *m = json_pack("{s:s, s:s, s:s}", "relation", relation, "name",
			      name, "situation", situation);

	if (idn)
		json_object_set_new(m, "id_number", json_string(idn));
	if (phone)
		json_object_set_new(m, "phone", json_string(phone));
	return m;
}

static json_t *child_body(const char *region, const char *name, const char *idn,
			  bool male, const char *birth, const char *school)
{
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[], s:{s:s}, s:s}",
	    "name", name, "id_number", idn, "sex", male ? "male" : "female",
	    "birth_date", birth, "ethnicity", "土家族", "rural_hukou", 1,
	    "region", region, "address", "鸡鸣乡茶坪村三组", "school_status",
	    school, "boarding", 0, "health", "healthy", "serious_illness", 0,
	    "assistance", "family", "guardian", "type", "grandparents",
	    "guardianship_level", "fair");
}

static void create_ok(const struct id_sess *s, json_t *body)
{
	char *text = id_json(body);
	struct ga_resp r;

	id_req(s, "POST", "/api/v1/children", text, &r);
	free(text);
	GA_ASSERT_STATUS(&r, 201);
	ga_resp_free(&r);
}

/* GET /api/v1/children/export.<ext>?name=<tok>[&query] as s */
static void export_req(const struct id_sess *s, const char *ext,
		       const char *query, struct ga_resp *r)
{
	char path[600], enc[120];

	url_enc(tok, enc, sizeof(enc));
	snprintf(path, sizeof(path), "/api/v1/children/export.%s?name=%s%s%s",
		 ext, enc, *query ? "&" : "", query);
	id_req(s, "GET", path, NULL, r);
}

/*
 * RFC 4180 CSV (after the BOM) into an array of rows, each an array of
 * strings; every record must end in CRLF.
 */
static json_t *csv_parse(const char *p, size_t len)
{
	const char *end = p + len;
	json_t *rows = json_array(), *row = json_array();
	char *cell = malloc(len + 1);
	size_t n = 0;

	assert_non_null(cell);
	while (p < end) {
		if (*p == '"') {
			for (p++; p < end; p++) {
				if (*p == '"' && p + 1 < end && p[1] == '"')
					cell[n++] = *p++;
				else if (*p == '"')
					break;
				else
					cell[n++] = *p;
			}
			assert_true(p < end); /* closed */
			p++;
		}
		while (p < end && *p != ',' && *p != '\r' && *p != '\n')
			cell[n++] = *p++;
		json_array_append_new(row, json_stringn(cell, n));
		n = 0;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		/* end of record: exactly CRLF */
		assert_true(p + 1 < end && p[0] == '\r' && p[1] == '\n');
		p += 2;
		json_array_append_new(rows, row);
		row = json_array();
	}
	json_decref(row);
	free(cell);
	return rows;
}

static const char *cell(json_t *row, int col)
{
	const char *v = json_string_value(json_array_get(row, (size_t)col));

	return v ? v : "";
}

/* the row whose 姓名 is name, or NULL */
static json_t *row_named(json_t *rows, const char *name)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) if (i > 0 && !strcmp(cell(row, C_NAME),
							      name)) return row;
	return NULL;
}

/* export CSV as s with query; 200 expected; the parsed rows */
static json_t *csv_rows(const struct id_sess *s, const char *query)
{
	struct ga_resp r;
	json_t *rows;

	export_req(s, "csv", query, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(r.len >= 3 && !memcmp(r.body, "\xEF\xBB\xBF", 3));
	rows = csv_parse(r.body + 3, r.len - 3);
	ga_resp_free(&r);
	assert_true(json_array_size(rows) >= 1);
	for (int i = 0; i < NCOLS; i++)
		assert_string_equal(cell(json_array_get(rows, 0), i),
				    HEADINGS[i]);
	return rows;
}

static int audit_count(const char *action, long long account,
		       const char *outcome)
{
	char path[256];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=%s&account=%lld&limit=500", action,
		 account);
	id_req(S(AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		assert_string_equal(id_str(it, "action"), action);
		if (!strcmp(id_str(it, "outcome"), outcome))
			n++;
	}
	ga_resp_free(&r);
	return n;
}

/* ---- tests ---- */

static void log_in(struct who *w)
{
	char u[64], code[7];
	struct ga_resp r;

	id_name(u, sizeof(u), w->what);
	if (w->secret[0]) {
		id_totp_fresh(w->secret, code);
		assert_int_equal(id_login(u, ID_PASSWORD, code, &w->s, &r),
				 200);
	} else {
		assert_int_equal(id_login(u, ID_PASSWORD, NULL, &w->s, &r),
				 200);
	}
	if (json_is_true(json_object_get(r.json, "totp_enrollment_required")))
		id_enrol(&w->s, w->secret, sizeof(w->secret));
	ga_resp_free(&r);
}

static void accounts_and_children(void **state)
{
	char birth[11], fname[80], mname[80];
	json_t *b;

	(void)state;
	server_today();
	for (int i = 0; i < NWHO; i++)
		log_in(&who[i]);

	/* 1: ten, both parents away (left behind), dibao, quoted cells */
	jan1(10, birth);
	make_id(birth, false, c1_idn);
	snprintf(c1_name, sizeof(c1_name), "王小芳%s", tok);
	snprintf(fname, sizeof(fname), "王大山%s", tok);
	snprintf(mname, sizeof(mname), "李秀英%s", tok);
	make_id("1985-03-04", true, c1_fidn);
	make_phone(1, c1_fphone);
	make_phone(2, c1_mphone);
	b = child_body(VILLAGE_A, c1_name, c1_idn, false, birth, "primary");
	json_object_set_new(b, "address",
			    json_string("茶坪村三组,\"老屋\"\n后院"));
	json_object_set_new(b, "notes", json_string("=HYPERLINK(\"x\")"));
	json_object_set_new(b, "assistance", json_pack("[s]", "dibao"));
	json_object_set_new(
	    b, "family",
	    json_pack("[o, o]",
		      member("father", fname, "migrant", c1_fidn, c1_fphone),
		      member("mother", mname, "migrant", NULL, c1_mphone)));
	json_object_set_new(json_array_get(json_object_get(b, "family"), 0),
			    "work_place", json_string("广东省东莞市"));
	create_ok(S(DIR_A), b);

	/* 2: fifteen, junior school, parents at home */
	jan1(15, birth);
	make_id(birth, true, c2_idn);
	snprintf(c2_name, sizeof(c2_name), "张小军%s", tok);
	b = child_body(VILLAGE_A, c2_name, c2_idn, true, birth, "junior");
	json_object_set_new(b, "notes", json_string("@SUM(1)"));
	create_ok(S(DIR_A), b);

	/* 3: eight, in the other village */
	jan1(8, birth);
	make_id(birth, true, c3_idn);
	snprintf(c3_name, sizeof(c3_name), "刘小明%s", tok);
	create_ok(S(DIR_B), child_body(VILLAGE_B, c3_name, c3_idn, true, birth,
				       "primary"));
}

static void csv_ledger(void **state)
{
	char want[19], raw_addr[200];
	struct ga_resp r;
	json_t *rows, *row;

	(void)state;
	export_req(S(DIR_A), "csv", "", &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "text/csv");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type", "charset=utf-8");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition",
				  "attachment; filename=\"ledger-");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition", ".csv\"");
	/* 儿童台账-YYYYMMDD.csv, percent-encoded */
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition",
				  "filename*=UTF-8''%E5%84%BF%E7%AB%A5%E5%8F%B0"
				  "%E8%B4%A6-");
	GA_ASSERT_SECURITY_HEADERS(&r);
	GA_ASSERT_NO_STORE(&r);
	/* BOM, then headings, CRLF line ends, RFC 4180 quoting */
	assert_true(r.len > 40);
	assert_memory_equal(r.body, "\xEF\xBB\xBF序号,姓名,性别,",
			    strlen("\xEF\xBB\xBF序号,姓名,性别,"));
	snprintf(raw_addr, sizeof(raw_addr), "%s",
		 ",\"茶坪村三组,\"\"老屋\"\"\n后院\",");
	assert_true(ga_memmem(r.body, r.len, raw_addr));
	/* the formula guard: an apostrophe, inside the quotes */
	assert_true(
	    ga_memmem(r.body, r.len, ",\"'=HYPERLINK(\"\"x\"\")\"\r\n"));
	assert_true(ga_memmem(r.body, r.len, ",'@SUM(1)\r\n"));
	/* masked: the full numbers appear nowhere */
	assert_false(ga_memmem(r.body, r.len, c1_idn));
	assert_false(ga_memmem(r.body, r.len, c1_fidn));
	assert_false(ga_memmem(r.body, r.len, c1_fphone));
	ga_resp_free(&r);

	rows = csv_rows(S(DIR_A), "");
	assert_int_equal(json_array_size(rows), 3); /* headings + c1, c2 */
	row = row_named(rows, c1_name);
	assert_non_null(row);
	assert_int_equal(json_array_size(row), NCOLS);
	assert_string_equal(cell(row, C_SEQ), "1");
	assert_string_equal(cell(row, C_SEX), "女");
	masked_id(c1_idn, want);
	assert_string_equal(cell(row, C_ID), want);
	assert_string_equal(cell(row, C_REGION), VILLAGE_A);
	/* the village's name in the division registry (茶坪村村民委员会) */
	assert_true(
	    !strncmp(cell(row, C_REGION_NAME), "茶坪村", strlen("茶坪村")));
	assert_string_equal(cell(row, C_ADDRESS), "茶坪村三组,\"老屋\"\n后院");
	assert_string_equal(cell(row, C_SCHOOL), "小学");
	assert_string_equal(cell(row, C_ASSISTANCE), "低保");
	assert_true(strstr(cell(row, C_FATHER_NAME), "王大山") != NULL);
	masked_id(c1_fidn, want);
	assert_string_equal(cell(row, C_FATHER_ID), want);
	masked_phone(c1_fphone, want);
	assert_string_equal(cell(row, C_FATHER_PHONE), want);
	assert_string_equal(cell(row, C_FATHER_SITUATION), "外出务工");
	assert_string_equal(cell(row, C_FATHER_WORK), "广东省东莞市");
	assert_true(strstr(cell(row, C_MOTHER_NAME), "李秀英") != NULL);
	masked_phone(c1_mphone, want);
	assert_string_equal(cell(row, C_MOTHER_PHONE), want);
	assert_string_equal(cell(row, C_GUARDIAN), "祖父母");
	assert_string_equal(cell(row, C_GUARDIANSHIP), "一般");
	assert_true(strstr(cell(row, C_CATEGORIES), "农村留守儿童") != NULL);
	assert_string_equal(cell(row, C_NOTES), "'=HYPERLINK(\"x\")");
	row = row_named(rows, c2_name);
	assert_non_null(row);
	assert_string_equal(cell(row, C_SEQ), "2");
	assert_string_equal(cell(row, C_SEX), "男");
	assert_string_equal(cell(row, C_SCHOOL), "初中");
	assert_string_equal(cell(row, C_FATHER_NAME), "");
	assert_string_equal(cell(row, C_CATEGORIES), "");
	assert_null(row_named(rows, c3_name)); /* another village */
	json_decref(rows);
}

static void csv_filters(void **state)
{
	json_t *rows;
	struct ga_resp r;

	(void)state;
	/* the county sees both villages */
	rows = csv_rows(S(CIVIL), "");
	assert_int_equal(json_array_size(rows), 4);
	json_decref(rows);
	rows = csv_rows(S(CIVIL), "region=500229212202");
	assert_int_equal(json_array_size(rows), 2);
	assert_non_null(row_named(rows, c3_name));
	json_decref(rows);
	rows = csv_rows(S(CIVIL), "region=500229212000"); /* the township */
	assert_int_equal(json_array_size(rows), 4);
	json_decref(rows);
	rows = csv_rows(S(DIR_A), "school_status=junior");
	assert_int_equal(json_array_size(rows), 2);
	assert_non_null(row_named(rows, c2_name));
	json_decref(rows);
	rows = csv_rows(S(DIR_A), "category=left_behind");
	assert_int_equal(json_array_size(rows), 2);
	assert_non_null(row_named(rows, c1_name));
	json_decref(rows);
	rows = csv_rows(S(CIVIL), "age_min=9&age_max=12");
	assert_int_equal(json_array_size(rows), 2);
	assert_non_null(row_named(rows, c1_name));
	json_decref(rows);
	rows = csv_rows(S(DIR_A), "archived=1");
	assert_int_equal(json_array_size(rows), 1); /* headings only */
	json_decref(rows);

	/* bad filters, unknown and list-only parameters */
	export_req(S(DIR_A), "csv", "category=nobody", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "category");
	ga_resp_free(&r);
	export_req(S(DIR_A), "csv", "age_min=99", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "age_min");
	ga_resp_free(&r);
	export_req(S(DIR_A), "xlsx", "region=5002", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "region");
	ga_resp_free(&r);
	export_req(S(DIR_A), "csv", "unmask=yes", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "unmask");
	ga_resp_free(&r);
	export_req(S(DIR_A), "csv", "bogus=1", &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	export_req(S(DIR_A), "csv", "limit=5", &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	/* a village outside the director's own: 404 like the list */
	export_req(S(DIR_A), "csv", "region=500229212202", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
}

static void access_and_audit(void **state)
{
	char want[19];
	struct ga_resp r;
	json_t *rows, *row;
	int before;

	(void)state;
	/* education has no child.read */
	export_req(S(EDU), "csv", "", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	export_req(S(EDU), "xlsx", "", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* nor an auditor; and no session at all */
	export_req(S(AUDITOR), "csv", "", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	export_req(NULL, "csv", "", &r);
	GA_ASSERT_ERROR(&r, 401, "unauthenticated", NULL);
	ga_resp_free(&r);
	/* county civil affairs may read but not unmask */
	export_req(S(CIVIL), "csv", "unmask=1", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", "unmask");
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.export_unmask", S(CIVIL)->account_id, "ok:3"),
	    0);

	/* every export is audited with its row count */
	assert_true(audit_count("child.export", S(DIR_A)->account_id, "ok:2") >=
		    1);
	assert_true(audit_count("child.export", S(CIVIL)->account_id, "ok:3") >=
		    1);

	/* the director unmasks: full numbers, audited */
	before =
	    audit_count("child.export_unmask", S(DIR_A)->account_id, "ok:2");
	assert_int_equal(before, 0);
	rows = csv_rows(S(DIR_A), "unmask=1");
	row = row_named(rows, c1_name);
	assert_non_null(row);
	assert_string_equal(cell(row, C_ID), c1_idn);
	assert_string_equal(cell(row, C_FATHER_ID), c1_fidn);
	assert_string_equal(cell(row, C_FATHER_PHONE), c1_fphone);
	json_decref(rows);
	assert_int_equal(
	    audit_count("child.export_unmask", S(DIR_A)->account_id, "ok:2"),
	    1);
	/* unmask=0 is the masked ledger, not audited as unmasked */
	rows = csv_rows(S(DIR_A), "unmask=0");
	masked_id(c1_idn, want);
	assert_string_equal(cell(row_named(rows, c1_name), C_ID), want);
	json_decref(rows);
	assert_int_equal(
	    audit_count("child.export_unmask", S(DIR_A)->account_id, "ok:2"),
	    1);
}

/* the bytes of one member of a zip held in memory; caller frees */
static char *zip_member(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	if (!zip_stat(z, name, 0, &st) && (f = zip_fopen(z, name, 0))) {
		out = calloc(1, st.size + 1);
		assert_non_null(out);
		assert_int_equal(zip_fread(f, out, st.size),
				 (zip_int64_t)st.size);
		zip_fclose(f);
	}
	zip_close(z);
	zip_error_fini(&ze);
	return out;
}

static void xlsx_ledger(void **state)
{
	char want[19], cellx[120];
	struct ga_resp r;
	char *sheet, *book;

	(void)state;
	export_req(S(DIR_A), "xlsx", "", &r);
	GA_ASSERT_STATUS(&r, 200);
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Type",
				  "application/vnd.openxmlformats-"
				  "officedocument.spreadsheetml.sheet");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition",
				  "attachment; filename=\"ledger-");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition", ".xlsx\"");
	GA_ASSERT_HEADER_CONTAINS(&r, "Content-Disposition",
				  "filename*=UTF-8''%E5%84%BF%E7%AB%A5");
	assert_true(r.len > 4 && !memcmp(r.body, "PK\x03\x04", 4));
	sheet = zip_member(r.body, r.len, "xl/worksheets/sheet1.xml");
	book = zip_member(r.body, r.len, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(book);
	assert_non_null(strstr(book, "name=\"儿童台账\""));
	assert_non_null(strstr(sheet, "<t>公民身份号码</t>"));
	assert_non_null(strstr(sheet, "<t>重点儿童标记</t>"));
	assert_non_null(strstr(sheet, "ySplit=\"1\"")); /* frozen row */
	assert_non_null(strstr(sheet, "<cols>"));	/* widths */
	/* the masked ID number is a string cell, never a number */
	masked_id(c1_idn, want);
	snprintf(cellx, sizeof(cellx), "t=\"inlineStr\"><is><t>%s</t>", want);
	assert_non_null(strstr(sheet, cellx));
	assert_null(strstr(sheet, c1_idn));
	free(sheet);
	free(book);
	ga_resp_free(&r);

	/* unmasked: the full ID number, as text too */
	export_req(S(DIR_A), "xlsx", "unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	sheet = zip_member(r.body, r.len, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	snprintf(cellx, sizeof(cellx), "t=\"inlineStr\"><is><t>%s</t>", c1_idn);
	assert_non_null(strstr(sheet, cellx));
	free(sheet);
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.export_unmask", S(DIR_A)->account_id, "ok:2"),
	    2);
}

static void cli_export(void **state)
{
	char u[64], out[400], filter[120], want[19];
	char *text = NULL, *data;
	size_t len = 0;
	int rc;

	(void)state;
	snprintf(out, sizeof(out), "%s/export-%ld.csv",
		 getenv("GA_TEST_TMP") ? getenv("GA_TEST_TMP") : "/tmp",
		 (long)getpid());
	snprintf(filter, sizeof(filter), "name=%s", tok);
	{
		const char *argv[] = {ga_bin(),
				      "export",
				      "children",
				      "--db",
				      ga_db_url(),
				      "--as",
				      id_name(u, sizeof(u), "dira"),
				      "--format",
				      "csv",
				      "--out",
				      out,
				      filter,
				      NULL};

		rc = ga_run(argv, NULL, &text);
	}
	if (rc)
		fail_msg("export children: exit %d: %s", rc, text);
	assert_non_null(strstr(text, "已导出 2 行"));
	free(text);
	data = ga_read_file(out, &len);
	assert_non_null(data);
	assert_true(len > 3 && !memcmp(data, "\xEF\xBB\xBF序号,", 3 + 7));
	masked_id(c1_idn, want);
	assert_true(ga_memmem(data, len, want));
	assert_false(ga_memmem(data, len, c1_idn));
	assert_false(ga_memmem(data, len, c3_name));
	free(data);
	unlink(out);
	/* an account without child.read is refused */
	{
		const char *argv[] = {ga_bin(),
				      "export",
				      "children",
				      "--db",
				      ga_db_url(),
				      "--as",
				      id_name(u, sizeof(u), "edu"),
				      "--format",
				      "csv",
				      "--out",
				      out,
				      NULL};

		rc = ga_run(argv, NULL, &text);
	}
	assert_int_equal(rc, 1);
	assert_non_null(strstr(text, "无权"));
	free(text);
	/* a bad filter is a usage error */
	{
		const char *argv[] = {ga_bin(),
				      "export",
				      "children",
				      "--db",
				      ga_db_url(),
				      "--as",
				      id_name(u, sizeof(u), "dira"),
				      "--out",
				      out,
				      "category=none",
				      NULL};

		rc = ga_run(argv, NULL, &text);
	}
	assert_int_equal(rc, 2);
	free(text);
	assert_int_equal(access(out, F_OK), -1);
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "E%lu", seed % 100000000UL);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++)
		if (id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false) <= 0)
			return -1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_and_children),
	    cmocka_unit_test(csv_ledger),
	    cmocka_unit_test(csv_filters),
	    cmocka_unit_test(access_and_audit),
	    cmocka_unit_test(xlsx_ledger),
	    cmocka_unit_test(cli_export),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
