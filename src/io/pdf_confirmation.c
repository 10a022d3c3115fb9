#include "io/pdf_confirmation.h"

#include <hpdf.h>
#include <stdio.h>
#include <string.h>

#include "io/pdf_dossier.h"
#include "io/pdf_layout.h"
#include "util/log.h"
#include "util/banned.h"

static const char *or_blank(const char *s)
{
	return s && *s ? s : "";
}

/* "2026-06-01" → "2026 年 6 月 1 日" */
static void date_zh(const char *s, char out[40])
{
	int y, m, d;

	if (s && sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3)
		snprintf(out, 40, "%d 年 %d 月 %d 日", y, m, d);
	else
		snprintf(out, 40, "____ 年 __ 月 __ 日");
}

static void centred(struct pdf *p, const char *s, float size, float gray,
		    float y)
{
	pdfl_texts(p, (PAGE_W - pdfl_width(p, s, strlen(s), size)) / 2, y, size,
		   gray, s);
}

static void title(struct pdf *p, const struct pdf_confirmation_doc *d)
{
	char sub[200];

	centred(p, "委托监护确认书", SIZE_TITLE, 0.0f, p->y - SIZE_TITLE);
	snprintf(sub, sizeof(sub),
		 "编号 %lld · 依据《中华人民共和国未成年人保护法》第二十二条、"
		 "第二十三条",
		 (long long)d->id);
	centred(p, sub, SIZE_FOOTER, 0.4f, p->y - SIZE_TITLE - 16);
	p->y -= SIZE_TITLE + 26;
}

static void parties(struct pdf *p, const struct pdf_confirmation_doc *d)
{
	char born[40];

	pdfl_section(p, "一、当事人");
	date_zh(d->child_birth_date, born);
	pdfl_row2(p, "儿童姓名", or_blank(d->child_name), "出生日期", born);
	pdfl_row2(p, "委托人（父亲）", or_blank(d->father_name), "联系电话",
		  or_blank(d->father_phone));
	pdfl_row2(p, "委托人（母亲）", or_blank(d->mother_name), "联系电话",
		  or_blank(d->mother_phone));
	pdfl_row2(p, "被委托人", or_blank(d->guardian_name), "与儿童关系",
		  or_blank(d->guardian_relation));
	pdfl_row2(p, "身份证号", or_blank(d->guardian_id_number), "联系电话",
		  or_blank(d->guardian_phone));
	pdfl_row1(p, "被委托人住址", or_blank(d->guardian_address));
}

static void period(struct pdf *p, const struct pdf_confirmation_doc *d)
{
	char a[40], b[40], line[200];

	pdfl_section(p, "二、委托期限");
	date_zh(d->period_start, a);
	date_zh(d->period_end, b);
	snprintf(line, sizeof(line),
		 "因外出务工，父母委托被委托人照护儿童，期限自 %s 起至 %s 止。",
		 a, b);
	pdfl_row1(p, "期限", line);
}

/* one statement with its answer, in a column of half the width */
static float statement(struct pdf *p, float x, float w, const char *answer,
		       const char *text)
{
	char line[300];
	struct span l[LINES_MAX];
	int n;

	snprintf(line, sizeof(line), "[%s] %s", answer, text);
	n = pdfl_wrap(p, line, SIZE_TABLE, w, l);
	if (n > LINES_MAX)
		n = LINES_MAX;
	pdfl_lines_at(p, x, p->y, SIZE_TABLE, TLINE, l, n);
	return n * TLINE;
}

static const char *answer_zh(enum conf_answer a)
{
	return a == ANSWER_YES ? "是" : a == ANSWER_NO ? "否" : "  ";
}

static void checks(struct pdf *p, const struct pdf_confirmation_doc *d)
{
	pdfl_section(p, "三、被委托人情况（第二十二条）");
	pdfl_row1(p, "说明",
		  "被委托人应为具有完全民事行为能力、有照护能力的成年人；有下列"
		  "情形之一的，不得作为被委托人。经核查，逐项如实填写：");
	for (int i = 0; i < CONF_CHECK_COUNT; i += 2) {
		const struct conf_item_info *a = confirmation_check_info(i);
		const struct conf_item_info *b = confirmation_check_info(i + 1);
		float h1, h2 = 0;

		pdfl_need(p, 2 * TLINE + 4);
		h1 =
		    statement(p, LEFT, COL_W, answer_zh(d->checks[i]), a->text);
		if (b)
			h2 = statement(p, LEFT + COL_W + GAP, COL_W,
				       answer_zh(d->checks[i + 1]), b->text);
		p->y -= (h1 > h2 ? h1 : h2) + 3;
	}
}

static void promises(struct pdf *p, const struct pdf_confirmation_doc *d)
{
	pdfl_section(p, "四、父母承诺（第二十三条）");
	for (int i = 0; i < CONF_PROMISE_COUNT; i++) {
		const struct conf_item_info *info =
		    confirmation_promise_info(i);
		float h;

		pdfl_need(p, 2 * TLINE + 4);
		h = statement(p, LEFT, WIDTH, d->promises[i] ? "承诺" : "  ",
			      info->text);
		p->y -= h + 3;
	}
}

static void line_at(struct pdf *p, float x0, float x1, float y)
{
	HPDF_Page_SetGrayStroke(p->page, 0.2f);
	HPDF_Page_SetLineWidth(p->page, 0.6f);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

/* "who（签字）：______  日期：____ 年 __ 月 __ 日" */
static void signature(struct pdf *p, const char *who)
{
	static const char *const date = "日期：______ 年 ____ 月 ____ 日";
	float w = pdfl_width(p, who, strlen(who), SIZE_VALUE);
	float y;

	pdfl_need(p, 28);
	y = p->y - 20;
	pdfl_texts(p, LEFT, y, SIZE_VALUE, 0.0f, who);
	line_at(p, LEFT + w + 4, LEFT + 260, y - 2);
	pdfl_texts(p, LEFT + 290, y, SIZE_VALUE, 0.0f, date);
	p->y -= 28;
}

static void signatures(struct pdf *p)
{
	pdfl_section(p, "五、签字确认");
	p->y -= statement(p, LEFT, WIDTH, "声明",
			  "以上内容经各方确认属实。本确认书一式三份，委托人、"
			  "被委托人、村（居）民委员会各执一份。") +
		3;
	signature(p, "委托人（父亲）签字：");
	signature(p, "委托人（母亲）签字：");
	signature(p, "被委托人签字：");
	signature(p, "村（居）民委员会（盖章）经办人：");
}

static void footer(struct pdf *p, const struct pdf_confirmation_doc *d,
		   const char *by, const char *at)
{
	char f[300];

	for (int i = 0; i < p->npages; i++) {
		p->page = p->pages[i];
		snprintf(f, sizeof(f),
			 "第 %d 页 · 共 %d 页 · 确认书编号 %lld · 打印人 %s · "
			 "打印时间 %s（北京时间）",
			 i + 1, p->npages, (long long)d->id, or_blank(by),
			 or_blank(at));
		centred(p, f, SIZE_FOOTER, 0.35f, FOOTER_Y);
	}
}

static int open_doc(struct pdf *p, const char *font_path, struct ga_error *err)
{
	const char *font;

	p->doc = HPDF_New(pdfl_on_error, p);
	if (!p->doc)
		return ga_error_set(err, GA_EIO, "pdf_failed", "",
				    "生成 PDF 失败 (could not make the PDF)");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	font = HPDF_LoadTTFontFromFile2(
	    p->doc, font_path ? font_path : PDF_DOSSIER_FONT_DEFAULT, 0,
	    HPDF_TRUE);
	if (font)
		p->font = HPDF_GetFont(p->doc, font, "UTF-8");
	if (!font || !p->font || p->failed) {
		log_error("pdf: cannot load font %s (libharu 0x%04X/%u)",
			  font_path ? font_path : PDF_DOSSIER_FONT_DEFAULT,
			  (unsigned)p->status, (unsigned)p->detail);
		return ga_error_set(err, GA_EIO, "pdf_font", "",
				    "无法读取打印字体，请联系系统管理员 "
				    "(cannot load the PDF font)");
	}
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "guanai");
	return GA_OK;
}

int pdf_confirmation(const struct pdf_confirmation_doc *d,
		     const char *font_path, const char *printed_by,
		     const char *printed_at, struct buf *out,
		     struct ga_error *err)
{
	struct pdf p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.name = "委托监护确认书";
	rc = open_doc(&p, font_path, err);
	if (rc)
		goto out;
	pdfl_new_page(&p);
	title(&p, d);
	parties(&p, d);
	period(&p, d);
	checks(&p, d);
	promises(&p, d);
	signatures(&p);
	footer(&p, d, printed_by, printed_at);
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
	if (p.doc)
		HPDF_Free(p.doc);
	return rc;
}
