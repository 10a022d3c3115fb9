#include "io/pdf_layout.h"

#include <stdio.h>
#include <string.h>

#include "util/log.h"
#include "util/result.h"
#include "util/banned.h"

void pdfl_on_error(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
	struct pdf *p = data;

	/* reading the finished document ends with an EOF "error" */
	if (status == HPDF_STREAM_EOF || p->failed)
		return;
	p->failed = true;
	p->status = status;
	p->detail = detail;
}

/* ---- measuring and wrapping ---- */

static size_t pdfl_cp_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80    ? 1
		   : c >= 0xf0 ? 4
		   : c >= 0xe0 ? 3
		   : c >= 0xc0 ? 2
			       : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

float pdfl_width(struct pdf *p, const char *s, size_t n, float size)
{
	HPDF_TextWidth tw;

	if (!n || p->failed)
		return 0;
	tw = HPDF_Font_TextWidth(p->font, (const HPDF_BYTE *)s, (HPDF_UINT)n);
	return (float)tw.width * size / 1000.0f;
}

static int pdfl_add_line(struct span *lines, int n, const char *s,
			 const char *e)
{
	while (e > s && e[-1] == ' ')
		e--;
	if (n < LINES_MAX)
		lines[n] = (struct span){s, (size_t)(e - s)};
	return n + 1;
}

/*
 * Break s into lines no wider than w: at a newline, after a space, or
 * next to a CJK character (Chinese breaks anywhere, English words do not;
 * a word longer than the line is cut). Returns the number of lines (at
 * least 1), of which the first LINES_MAX are stored.
 */
int pdfl_wrap(struct pdf *p, const char *s, float size, float w,
	      struct span *lines)
{
	const char *start = s, *brk = NULL, *q = s;
	bool prev_wide = false, prev_space = false;
	float used = 0;
	int n = 0;

	while (*q) {
		size_t k = pdfl_cp_len(q);
		bool wide = (unsigned char)*q >= 0x80;
		float cw;

		if (*q == '\n' || *q == '\r') {
			n = pdfl_add_line(lines, n, start, q);
			q += (q[0] == '\r' && q[1] == '\n') ? 2 : 1;
			start = q, brk = NULL, used = 0;
			prev_wide = prev_space = false;
			continue;
		}
		if (q > start && (wide || prev_wide || prev_space))
			brk = q;
		cw = pdfl_width(p, q, k, size);
		if (used + cw > w && q > start) {
			const char *cut = brk && brk > start ? brk : q;

			n = pdfl_add_line(lines, n, start, cut);
			start = cut;
			while (*start == ' ')
				start++;
			brk = NULL;
			used = start < q ? pdfl_width(p, start,
						      (size_t)(q - start), size)
					 : 0;
			if (start > q) { /* the spaces ran past q */
				q = start;
				prev_wide = prev_space = false;
				continue;
			}
		}
		used += cw;
		prev_wide = wide;
		prev_space = *q == ' ';
		q += k;
	}
	if (q > start || !n)
		n = pdfl_add_line(lines, n, start, q);
	return n;
}

/* ---- drawing ---- */

static void pdfl_text(struct pdf *p, float x, float y, float size, float gray,
		      const char *s, size_t n)
{
	char t[TEXT_MAX];

	if (n >= sizeof(t))
		n = sizeof(t) - 1;
	memcpy(t, s, n);
	t[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
			t[i] = ' ';
	if (!n || p->failed)
		return;
	HPDF_Page_SetGrayFill(p->page, gray);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font, size);
	HPDF_Page_TextOut(p->page, x, y, t);
	HPDF_Page_EndText(p->page);
}

void pdfl_texts(struct pdf *p, float x, float y, float size, float gray,
		const char *s)
{
	pdfl_text(p, x, y, size, gray, s, strlen(s));
}

static void pdfl_hline(struct pdf *p, float x0, float x1, float y, float gray)
{
	HPDF_Page_SetGrayStroke(p->page, gray);
	HPDF_Page_SetLineWidth(p->page, 0.6f);
	HPDF_Page_MoveTo(p->page, x0, y);
	HPDF_Page_LineTo(p->page, x1, y);
	HPDF_Page_Stroke(p->page);
}

void pdfl_new_page(struct pdf *p)
{
	char head[200];

	if (p->npages == PAGES_MAX) {
		p->too_long = true;
		p->y = TOP; /* draw over the last page; refused at the end */
		return;
	}
	p->page = HPDF_AddPage(p->doc);
	HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->pages[p->npages++] = p->page;
	p->y = TOP;
	if (p->npages > 1) {
		snprintf(head, sizeof(head),
			 "儿童信息档案（一人一档） · %s（续）", p->name);
		pdfl_texts(p, LEFT, p->y - 9, SIZE_FOOTER, 0.45f, head);
		pdfl_hline(p, LEFT, RIGHT, p->y - 14, 0.6f);
		p->y -= 26;
	}
}

/* room for h more points on this page, or a new page */
void pdfl_need(struct pdf *p, float h)
{
	if (p->y - h < BOTTOM)
		pdfl_new_page(p);
}

void pdfl_section(struct pdf *p, const char *title)
{
	pdfl_need(p, 28 + LINE * 2); /* never a heading alone at the bottom */
	p->y -= 6;
	HPDF_Page_SetGrayFill(p->page, 0.9f);
	HPDF_Page_Rectangle(p->page, LEFT, p->y - 17, WIDTH, 17);
	HPDF_Page_Fill(p->page);
	pdfl_texts(p, LEFT + 6, p->y - 13, SIZE_SECTION, 0.0f, title);
	p->y -= 17 + 5;
}

void pdfl_lines_at(struct pdf *p, float x, float top, float size, float lh,
		   const struct span *l, int n)
{
	for (int i = 0; i < n && i < LINES_MAX; i++)
		pdfl_text(p, x, top - size - i * lh, size, 0.0f, l[i].s,
			  l[i].n);
}

/* two label/value pairs side by side; l2 NULL: the left one only */
void pdfl_row2(struct pdf *p, const char *l1, const char *v1, const char *l2,
	       const char *v2)
{
	struct span a[LINES_MAX], b[LINES_MAX];
	float vw = COL_W - LABEL_W;
	int na = pdfl_wrap(p, v1, SIZE_VALUE, vw, a);
	int nb = l2 ? pdfl_wrap(p, v2, SIZE_VALUE, vw, b) : 0;
	int n = na > nb ? na : nb;

	if (n > LINES_MAX)
		n = LINES_MAX;
	pdfl_need(p, n * LINE + 2);
	pdfl_texts(p, LEFT, p->y - SIZE_VALUE, SIZE_LABEL, 0.4f, l1);
	pdfl_lines_at(p, LEFT + LABEL_W, p->y, SIZE_VALUE, LINE, a, na);
	if (l2) {
		pdfl_texts(p, LEFT + COL_W + GAP, p->y - SIZE_VALUE, SIZE_LABEL,
			   0.4f, l2);
		pdfl_lines_at(p, LEFT + COL_W + GAP + LABEL_W, p->y, SIZE_VALUE,
			      LINE, b, nb);
	}
	p->y -= n * LINE + 2;
}

/* one label/value pair across the page; long values flow onto new pages */
void pdfl_row1(struct pdf *p, const char *label, const char *value)
{
	struct span l[LINES_MAX];
	int n = pdfl_wrap(p, value, SIZE_VALUE, WIDTH - LABEL_W, l);

	for (int i = 0; i < n && i < LINES_MAX; i++) {
		pdfl_need(p, LINE + 2);
		if (!i)
			pdfl_texts(p, LEFT, p->y - SIZE_VALUE, SIZE_LABEL, 0.4f,
				   label);
		pdfl_text(p, LEFT + LABEL_W, p->y - SIZE_VALUE, SIZE_VALUE,
			  0.0f, l[i].s, l[i].n);
		p->y -= LINE;
	}
	p->y -= 2;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

void pdfl_footers(struct pdf *p, const char *by, const char *at)
{
	char f[400];

	for (int i = 0; i < p->npages; i++) {
		p->page = p->pages[i];
		snprintf(f, sizeof(f),
			 "第 %d 页 · 共 %d 页 · 打印人 %s · 打印时间 %s"
			 "（北京时间） · 内部资料 注意保密",
			 i + 1, p->npages, or_dash(by), or_dash(at));
		pdfl_hline(p, LEFT, RIGHT, FOOTER_Y + 12, 0.6f);
		pdfl_texts(
		    p, (PAGE_W - pdfl_width(p, f, strlen(f), SIZE_FOOTER)) / 2,
		    FOOTER_Y, SIZE_FOOTER, 0.35f, f);
	}
}

/* the finished document into out */
int pdfl_save(struct pdf *p, struct buf *out)
{
	HPDF_BYTE chunk[16384];
	HPDF_UINT32 size, got = 0;
	int rc = GA_OK;

	HPDF_SaveToStream(p->doc);
	size = HPDF_GetStreamSize(p->doc);
	HPDF_ResetStream(p->doc);
	while (!rc && !p->failed && got < size) {
		HPDF_UINT32 n = sizeof(chunk);
		HPDF_STATUS st = HPDF_ReadFromStream(p->doc, chunk, &n);

		if (n)
			rc = buf_add(out, chunk, n);
		got += n;
		if (!n || (st != HPDF_OK && st != HPDF_STREAM_EOF))
			break;
	}
	if (!rc && (p->failed || got != size || !size))
		rc = GA_EIO;
	return rc;
}
