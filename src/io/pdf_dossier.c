#include "io/pdf_dossier.h"

#include <hpdf.h>
#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"
#include "domain/ledger.h"
#include "domain/child_record.h"
#include "io/pdf_layout.h"
#include "util/log.h"
#include "util/banned.h"

/* ---- the family table ---- */

enum { FAM_COLS = 6 };
static const char *const fam_head[FAM_COLS] = {
    "关系", "姓名", "联系电话", "状况", "务工地点/日期", "联系频率"};
static const float fam_w[FAM_COLS] = {52, 74, 78, 82, 153, 56};

static void table_row(struct pdf *p, const char *const cell[FAM_COLS],
		      bool head)
{
	struct span l[FAM_COLS][LINES_MAX];
	int n[FAM_COLS], rows = 1;
	float x = LEFT, h;

	for (int i = 0; i < FAM_COLS; i++) {
		n[i] = pdfl_wrap(p, cell[i], SIZE_TABLE, fam_w[i] - 8, l[i]);
		if (n[i] > rows)
			rows = n[i] > LINES_MAX ? LINES_MAX : n[i];
	}
	h = rows * TLINE + 8;
	if (p->y - h < BOTTOM) {
		pdfl_new_page(p);
		if (!head) /* the heading again on the new page */
			table_row(p, fam_head, true);
	}
	if (head) {
		HPDF_Page_SetGrayFill(p->page, 0.95f);
		HPDF_Page_Rectangle(p->page, LEFT, p->y - h, WIDTH, h);
		HPDF_Page_Fill(p->page);
	}
	HPDF_Page_SetGrayStroke(p->page, 0.55f);
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	for (int i = 0; i < FAM_COLS; i++) {
		HPDF_Page_Rectangle(p->page, x, p->y - h, fam_w[i], h);
		HPDF_Page_Stroke(p->page);
		pdfl_lines_at(p, x + 4, p->y - 3, SIZE_TABLE, TLINE, l[i],
			      n[i]);
		x += fam_w[i];
	}
	p->y -= h;
}

static const char *relation_zh(enum relation r)
{
	static const char *const zh[] = {"父亲",     "母亲",	 "祖父", "祖母",
					 "兄弟姐妹", "其他亲属", "其他"};

	return r >= 0 && r < (int)(sizeof(zh) / sizeof(*zh)) ? zh[r] : "";
}

static const char *contact_zh(const char *c)
{
	static const char *const id[] = {"daily", "weekly", "monthly", "rarely",
					 "never"};
	static const char *const zh[] = {"每天", "每周", "每月", "很少",
					 "从不"};

	for (size_t i = 0; i < sizeof(id) / sizeof(*id); i++)
		if (!strcmp(c, id[i]))
			return zh[i];
	return c;
}

static void mask_phone(const char *in, bool unmasked, char out[32])
{
	size_t n = strlen(in);

	snprintf(out, 32, "%s", in);
	for (size_t i = 3; !unmasked && n >= 7 && i < n - 4 && i < 31; i++)
		out[i] = '*';
}

static void mask_id(const char *in, bool unmasked, char out[19])
{
	if (unmasked || !in[0])
		snprintf(out, 19, "%s", in);
	else
		idcard_mask(in, out);
}

static void member_where(const struct member_record *m, char *out, size_t size)
{
	size_t o = (size_t)snprintf(out, size, "%s", m->work_place);

	if (o < size && m->since[0])
		o += (size_t)snprintf(out + o, size - o, "%s自 %s",
				      o ? " " : "", m->since);
	if (o < size && m->until[0])
		o += (size_t)snprintf(out + o, size - o, "%s至 %s",
				      o ? " " : "", m->until);
	if (o < size && m->police_accepted[0])
		o += (size_t)snprintf(out + o, size - o, "%s报案受理 %s",
				      o ? " " : "", m->police_accepted);
	if (o < size && m->disability_grade > 0)
		snprintf(out + o, size - o, "%s残疾%d级%s", o ? " " : "",
			 m->disability_grade,
			 m->disability_mental ? "（精神/智力）" : "");
}

static void family(struct pdf *p, const struct child_record *r, bool unmasked)
{
	char phone[32], where[CHILD_TEXT_MAX + 64];

	pdfl_section(p, "家庭成员");
	if (!r->nfamily) {
		pdfl_row1(p, "家庭成员", "未登记");
		return;
	}
	pdfl_need(p, 2 * (TLINE + 8));
	table_row(p, fam_head, true);
	for (int i = 0; i < r->nfamily && i < CHILD_FAMILY_MAX; i++) {
		const struct member_record *m = &r->family[i];
		const char *cell[FAM_COLS];

		mask_phone(m->phone, unmasked, phone);
		member_where(m, where, sizeof(where));
		cell[0] = relation_zh(m->relation);
		cell[1] = m->name;
		cell[2] = phone;
		cell[3] = ledger_situation_zh(m->situation);
		cell[4] = where;
		cell[5] = contact_zh(m->contact);
		table_row(p, cell, false);
	}
	p->y -= 4;
}

/* ---- the sections ---- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

static const char *yes_no(bool b)
{
	return b ? "是" : "否";
}

/* the words of every bit set, joined by 、; "无" when none */
static void join_bits(unsigned bits, const char *(*zh)(int), char *out,
		      size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (unsigned b = 1; b && b <= bits && o < size; b <<= 1)
		if (bits & b)
			o += (size_t)snprintf(out + o, size - o, "%s%s",
					      o ? "、" : "", zh((int)b));
	if (!out[0])
		snprintf(out, size, "无");
}

static void title(struct pdf *p, const struct child_record *r, bool unmasked)
{
	static const char *const t = "儿童信息档案（一人一档）";
	char sub[200];

	pdfl_texts(p, (PAGE_W - pdfl_width(p, t, strlen(t), SIZE_TITLE)) / 2,
		   p->y - SIZE_TITLE, SIZE_TITLE, 0.0f, t);
	snprintf(sub, sizeof(sub), "档案编号 %lld · 第 %lld 版 · %s",
		 (long long)r->id, (long long)r->version,
		 unmasked ? "含完整身份证号与电话（本次打印已留痕）"
			  : "身份证号与电话已脱敏");
	pdfl_texts(p,
		   (PAGE_W - pdfl_width(p, sub, strlen(sub), SIZE_FOOTER)) / 2,
		   p->y - SIZE_TITLE - 16, SIZE_FOOTER, 0.4f, sub);
	p->y -= SIZE_TITLE + 26;
}

static void basic(struct pdf *p, const struct child_record *r,
		  struct date today, bool unmasked)
{
	char born[40], id[19], where[40];
	struct date b;

	pdfl_section(p, "基本信息");
	if (date_parse(r->birth_date, strlen(r->birth_date), &b))
		snprintf(born, sizeof(born), "%s（%d 岁）", r->birth_date,
			 date_age(b, today));
	else
		snprintf(born, sizeof(born), "%s", or_dash(r->birth_date));
	mask_id(r->id_number, unmasked, id);
	pdfl_row2(p, "姓名", or_dash(r->name), "性别",
		  r->sex == SEX_MALE	 ? "男"
		  : r->sex == SEX_FEMALE ? "女"
					 : "—");
	pdfl_row2(p, "出生日期/年龄", born, "民族", or_dash(r->ethnicity));
	pdfl_row2(p, "公民身份号码",
		  r->no_hukou ? "无（未登记户口）" : or_dash(id), "户口登记",
		  r->no_hukou ? "未登记" : "已登记");
	if (r->no_hukou)
		pdfl_row1(p, "未登记原因", or_dash(r->no_hukou_reason));
	pdfl_row2(p, "户籍地", or_dash(r->hukou_place), "户籍性质",
		  r->rural_hukou ? "农村户籍" : "非农村户籍");
	snprintf(where, sizeof(where), "%s", r->region);
	pdfl_row2(p, "现居住地代码", or_dash(where), "独居",
		  yes_no(r->lives_alone));
	pdfl_row1(p, "现居住地址", or_dash(r->address));
	if (r->archived)
		pdfl_row1(p, "档案状态", "已归档");
}

static void school(struct pdf *p, const struct child_record *r)
{
	pdfl_section(p, "就学");
	pdfl_row2(p, "就学情况", ledger_school_zh(r->school), "是否寄宿",
		  yes_no(r->boarding));
	pdfl_row2(p, "学校名称", or_dash(r->school_name), "年级",
		  or_dash(r->grade));
	if (r->school_since[0])
		pdfl_row2(p,
			  r->school == SCHOOL_DROPOUT ? "辍学时间" : "起始时间",
			  r->school_since, NULL, NULL);
}

static void health(struct pdf *p, const struct child_record *r)
{
	char dis[CHILD_SHORT_MAX + 40];

	pdfl_section(p, "健康");
	if (r->health == HEALTH_DISABLED || r->disability_grade > 0)
		snprintf(dis, sizeof(dis), "%s%s%d级", r->disability_category,
			 r->disability_category[0] ? "，" : "",
			 r->disability_grade);
	else
		snprintf(dis, sizeof(dis), "—");
	pdfl_row2(p, "身体情况", ledger_health_zh(r->health), "是否重病",
		  yes_no(r->serious_illness));
	pdfl_row2(p, "疾病名称", or_dash(r->illness), "残疾类别/等级", dis);
}

static void aid(struct pdf *p, const struct child_record *r)
{
	char words[400];

	pdfl_section(p, "救助");
	join_bits(r->assistance, ledger_assistance_zh, words, sizeof(words));
	pdfl_row2(p, "享受救助", words, "家庭经济困难",
		  yes_no(r->economic_hardship));
}

static void guardian(struct pdf *p, const struct child_record *r, bool unmasked)
{
	const struct guardian_record *g = &r->guardian;
	char id[19], phone[32];

	pdfl_section(p, "监护情况");
	pdfl_row2(p, "实际监护人", ledger_guardian_zh(g->type), "监护类型",
		  ledger_guardianship_zh(r->guardianship));
	if (g->type != GUARDIAN_ENTRUSTED && !g->name[0])
		return;
	mask_id(g->id_number, unmasked, id);
	mask_phone(g->phone, unmasked, phone);
	pdfl_row2(p, "委托监护人", or_dash(g->name), "与儿童关系",
		  or_dash(g->relation));
	pdfl_row2(p, "身份证号", or_dash(id), "联系电话", or_dash(phone));
	pdfl_row1(p, "监护人地址", or_dash(g->address));
}

static void categories(struct pdf *p, const struct child_view *v)
{
	char words[400], item[300];

	pdfl_section(p, "儿童类别与重点标记");
	join_bits(v->derived.categories, ledger_category_zh, words,
		  sizeof(words));
	pdfl_row1(p, "儿童类别", words);
	join_bits(v->derived.key_flags, ledger_key_flag_zh, words,
		  sizeof(words));
	pdfl_row1(p, "重点标记", words);
	if (v->derived.aged_out)
		pdfl_row1(p, "提示",
			  v->derived.employment_referral
			      ? "已满 18 周岁：档案归档保存，列入就业帮扶名单"
			      : "已满 18 周岁：档案归档保存");
	for (int i = 0; i < v->derived.nreasons && i < CHILD_REASONS_MAX; i++) {
		snprintf(item, sizeof(item), "%d. %s", i + 1,
			 v->derived.reasons[i].text);
		pdfl_row1(p, i ? "" : "认定依据", item);
	}
}

int pdf_dossier(const struct child_view *v, struct date today, bool unmasked,
		const char *font_path, const char *printed_by,
		const char *printed_at, struct buf *out, struct ga_error *err)
{
	const struct child_record *r = &v->rec;
	const char *font;
	struct pdf p;
	int rc = GA_OK;

	memset(&p, 0, sizeof(p));
	p.name = r->name;
	p.doc = HPDF_New(pdfl_on_error, &p);
	if (!p.doc)
		return ga_error_set(err, GA_EIO, "pdf_failed", "",
				    "生成 PDF 失败 (could not make the PDF)");
	HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.doc);
	HPDF_SetCurrentEncoder(p.doc, "UTF-8");
	font = HPDF_LoadTTFontFromFile2(
	    p.doc, font_path ? font_path : PDF_DOSSIER_FONT_DEFAULT, 0,
	    HPDF_TRUE);
	if (font)
		p.font = HPDF_GetFont(p.doc, font, "UTF-8");
	if (!font || !p.font || p.failed) {
		log_error("pdf: cannot load font %s (libharu 0x%04X/%u)",
			  font_path ? font_path : PDF_DOSSIER_FONT_DEFAULT,
			  (unsigned)p.status, (unsigned)p.detail);
		rc = ga_error_set(err, GA_EIO, "pdf_font", "",
				  "无法读取打印字体，请联系系统管理员 "
				  "(cannot load the PDF font)");
		goto out;
	}
	HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "guanai");
	pdfl_new_page(&p);
	title(&p, r, unmasked);
	basic(&p, r, today, unmasked);
	school(&p, r);
	health(&p, r);
	aid(&p, r);
	family(&p, r, unmasked);
	guardian(&p, r, unmasked);
	categories(&p, v);
	pdfl_section(&p, "备注");
	pdfl_row1(&p, "备注", or_dash(r->notes));
	pdfl_footers(&p, printed_by, printed_at);
	if (p.too_long) {
		rc = ga_error_set(err, GA_ETOOBIG, "pdf_too_long", "",
				  "档案内容超过 %d 页，无法打印 "
				  "(the dossier is longer than %d pages)",
				  PAGES_MAX, PAGES_MAX);
		goto out;
	}
	if (!p.failed)
		rc = pdfl_save(&p, out);
	if (rc == GA_ETOOBIG)
		ga_error_set(err, rc, "pdf_too_big", "",
			     "PDF 超过大小上限 (the PDF is too big)");
	else if (rc || p.failed) {
		log_error("pdf: libharu error 0x%04X/%u", (unsigned)p.status,
			  (unsigned)p.detail);
		rc = ga_error_set(err, GA_EIO, "pdf_failed", "",
				  "生成 PDF 失败 (could not make the PDF)");
	}
out:
	HPDF_Free(p.doc);
	return rc;
}
