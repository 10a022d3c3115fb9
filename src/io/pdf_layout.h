/*
 * Page layout for the printed dossier (pdf_dossier.c): A4 pages with a
 * frame, wrapped CJK text, sections, label/value rows, footers, and saving
 * to memory through libharu. Internal to src/io.
 */
#ifndef GA_IO_PDF_LAYOUT_H
#define GA_IO_PDF_LAYOUT_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* A4 in points, and the frame the content stays in */
#define PAGE_W	 595.276f
#define PAGE_H	 841.89f
#define LEFT	 50.0f
#define RIGHT	 (PAGE_W - 50.0f)
#define WIDTH	 (RIGHT - LEFT)
#define TOP	 (PAGE_H - 52.0f)
#define BOTTOM	 64.0f /* content never goes below; the footer sits under */
#define FOOTER_Y 38.0f

#define SIZE_TITLE   18.0f
#define SIZE_SECTION 12.0f
#define SIZE_LABEL   9.0f
#define SIZE_VALUE   10.0f
#define SIZE_TABLE   9.0f
#define SIZE_FOOTER  8.0f
#define LINE	     14.0f /* value line height */
#define TLINE	     12.5f /* table line height */
#define LABEL_W	     74.0f
#define GAP	     14.0f
#define COL_W	     ((WIDTH - GAP) / 2)

#define PAGES_MAX 16
#define LINES_MAX 64
#define TEXT_MAX  1200 /* one drawn line, NUL included */

struct span {
	const char *s;
	size_t n;
};

struct pdf {
	HPDF_Doc doc;
	HPDF_Font font;
	HPDF_Page page;
	HPDF_Page pages[PAGES_MAX];
	int npages;
	float y; /* top of the next row */
	bool failed, too_long;
	HPDF_STATUS status, detail;
	const char *name; /* for the continuation header */
};

void pdfl_on_error(HPDF_STATUS status, HPDF_STATUS detail, void *data);
float pdfl_width(struct pdf *p, const char *s, size_t n, float size);
int pdfl_wrap(struct pdf *p, const char *s, float size, float w,
	      struct span *lines);
void pdfl_texts(struct pdf *p, float x, float y, float size, float gray,
		const char *s);
void pdfl_new_page(struct pdf *p);
void pdfl_need(struct pdf *p, float h);
void pdfl_section(struct pdf *p, const char *title);
void pdfl_lines_at(struct pdf *p, float x, float top, float size, float lh,
		   const struct span *l, int n);
void pdfl_row2(struct pdf *p, const char *l1, const char *v1, const char *l2,
	       const char *v2);
void pdfl_row1(struct pdf *p, const char *label, const char *value);
void pdfl_footers(struct pdf *p, const char *by, const char *at);
int pdfl_save(struct pdf *p, struct buf *out);

#endif
