/*
 * XLSX (Office Open XML) read with libzip and expat: the shared strings
 * (xl/sharedStrings.xml) and the first worksheet, found through
 * xl/workbook.xml and its relationships, or xl/worksheets/sheet1.xml.
 * Entries are inflated and parsed in chunks, never whole, and each stops at
 * LEDGER_ENTRY_MAX inflated bytes, so a zip bomb costs bounded time and no
 * memory. A DOCTYPE is refused (no entity tricks).
 */
#include "io/ledger_internal.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define CHUNK 16384

/* what every parse context starts with */
struct xctx {
	XML_Parser p;
	int rc;
	struct ga_error *err;
};

static int invalid(struct ga_error *err, const char *why)
{
	return ga_error_set(err, GA_EINVAL, "invalid_xlsx", "",
			    "XLSX 文件损坏或格式不支持：%s (broken or "
			    "unsupported XLSX file)",
			    why);
}

static void stop(struct xctx *x, int rc)
{
	if (!x->rc)
		x->rc = rc;
	XML_StopParser(x->p, XML_FALSE);
}

/* element name without its namespace prefix */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
		       const XML_Char *pubid, int has_internal_subset)
{
	struct xctx *x = ud;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	stop(x, invalid(x->err, "含有 DOCTYPE (has a DOCTYPE)"));
}

/*
 * Parse one entry with the handlers; GA_ENOTFOUND when the entry is
 * missing (err untouched).
 */
static int parse_entry(zip_t *za, const char *name, struct xctx *x,
		       XML_StartElementHandler start, XML_EndElementHandler end,
		       XML_CharacterDataHandler text)
{
	zip_file_t *zf = zip_fopen(za, name, 0);
	char *chunk = NULL;
	uint64_t total = 0;
	zip_int64_t n;
	int rc = GA_OK;

	if (!zf)
		return GA_ENOTFOUND;
	chunk = xmalloc(CHUNK);
	x->p = XML_ParserCreate("UTF-8");
	if (!x->p)
		BUG("XML_ParserCreate failed");
	x->rc = GA_OK;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	while ((n = zip_fread(zf, chunk, CHUNK)) > 0) {
		total += (uint64_t)n;
		if (total > LEDGER_ENTRY_MAX) {
			rc = ga_error_set(x->err, GA_ETOOBIG, "too_much_text",
					  "",
					  "XLSX 内容解压后过大 (the XLSX file "
					  "inflates to too much)");
			goto out;
		}
		if (XML_Parse(x->p, chunk, (int)n, XML_FALSE) !=
		    XML_STATUS_OK) {
			rc = x->rc ? x->rc : invalid(x->err, name);
			goto out;
		}
	}
	if (n < 0) {
		rc = invalid(x->err, name);
		goto out;
	}
	if (XML_Parse(x->p, "", 0, XML_TRUE) != XML_STATUS_OK)
		rc = x->rc ? x->rc : invalid(x->err, name);
out:
	XML_ParserFree(x->p);
	x->p = NULL;
	free(chunk);
	zip_fclose(zf);
	return rc;
}

/* ---- shared strings ---- */

struct sst {
	struct xctx x;
	struct buf text;
	uint32_t *off;
	size_t n, alloc;
	bool in_si, in_t, in_rph;
};

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst *s = ud;
	const char *l = local(name);

	(void)atts;
	if (!strcmp(l, "si")) {
		if (s->n >= LEDGER_STRINGS_MAX) {
			stop(&s->x, ga_error_set(s->x.err, GA_ETOOBIG,
						 "too_much_text", "",
						 "共享字符串过多 (too many "
						 "shared strings)"));
			return;
		}
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? s->alloc * 2 : 1024;
			s->off = xrealloc(s->off,
					  st_mult(s->alloc, sizeof(*s->off)));
		}
		s->off[s->n] = (uint32_t)s->text.len;
		s->in_si = true;
	} else if (!strcmp(l, "rPh")) {
		s->in_rph = true;
	} else if (!strcmp(l, "t") && s->in_si && !s->in_rph) {
		s->in_t = true;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	const char *l = local(name);

	if (!strcmp(l, "t")) {
		s->in_t = false;
	} else if (!strcmp(l, "rPh")) {
		s->in_rph = false;
	} else if (!strcmp(l, "si") && s->in_si) {
		s->in_si = false;
		if (buf_addch(&s->text, '\0'))
			stop(&s->x, ga_error_set(s->x.err, GA_ETOOBIG,
						 "too_much_text", "",
						 "表格内容过多 (the sheet "
						 "holds too much text)"));
		else
			s->n++;
	}
}

static void sst_text(void *ud, const XML_Char *t, int len)
{
	struct sst *s = ud;

	if (s->in_t && buf_add(&s->text, t, (size_t)len))
		stop(&s->x,
		     ga_error_set(s->x.err, GA_ETOOBIG, "too_much_text", "",
				  "表格内容过多 (the sheet holds too "
				  "much text)"));
}

/* ---- the worksheet ---- */

struct sheet {
	struct xctx x;
	struct ledger_sheet *s;
	const struct sst *sst;
	struct buf val;
	long next_row;
	int col, next_col;
	char type[12];
	bool in_row, in_cell, in_v, in_t, in_rph;
};

/* "AB12" → 27; -1 when not a cell reference */
static int col_of(const char *ref)
{
	int col = 0, n = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++, n++) {
		col = col * 26 + (*ref - 'A' + 1);
		if (col > 16384)
			return -1;
	}
	return n ? col - 1 : -1;
}

static void row_start(struct sheet *h, const char **atts)
{
	const char *r = attr(atts, "r");
	int64_t line = h->next_row;
	int rc;

	if (r && parse_int64(r, 1, 1048576, &line)) {
		stop(&h->x, invalid(h->x.err, "行号无效 (bad row number)"));
		return;
	}
	h->next_row = line + 1;
	h->next_col = 0;
	rc = ledger__row_begin(h->s, (long)line, h->x.err);
	if (rc)
		stop(&h->x, rc);
	h->in_row = !rc;
}

static void cell_start(struct sheet *h, const char **atts)
{
	const char *r = attr(atts, "r"), *t = attr(atts, "t");

	h->col = r ? col_of(r) : h->next_col;
	if (h->col < h->next_col) {
		stop(&h->x, invalid(h->x.err, "单元格顺序错误 (cells out of "
					      "order)"));
		return;
	}
	str_copy(h->type, sizeof(h->type), t ? t : "n");
	buf_reset(&h->val);
	h->in_cell = true;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet *h = ud;
	const char *l = local(name);

	if (!strcmp(l, "row"))
		row_start(h, atts);
	else if (!strcmp(l, "c") && h->in_row)
		cell_start(h, atts);
	else if (!strcmp(l, "v") && h->in_cell)
		h->in_v = true;
	else if (!strcmp(l, "rPh"))
		h->in_rph = true;
	else if (!strcmp(l, "t") && h->in_cell && !h->in_rph)
		h->in_t = true;
}

static void cell_end(struct sheet *h)
{
	const char *text = h->val.ptr;
	size_t len = h->val.len;
	unsigned flags = 0;
	int64_t i;
	int rc;

	h->in_cell = false;
	if (!strcmp(h->type, "s")) {
		if (!len)
			return;
		if (parse_int64(text, 0, (int64_t)h->sst->n - 1, &i)) {
			stop(&h->x, invalid(h->x.err, "共享字符串编号无效 "
						      "(bad shared string)"));
			return;
		}
		text = h->sst->text.ptr + h->sst->off[i];
		len = strlen(text);
	} else if (!strcmp(h->type, "n")) {
		flags = LEDGER_CELL_NUMBER;
	}
	rc = ledger__cell(h->s, h->col, text, len, len ? flags : 0, h->x.err);
	if (rc)
		stop(&h->x, rc);
	h->next_col = h->col + 1;
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct sheet *h = ud;
	const char *l = local(name);

	if (!strcmp(l, "v"))
		h->in_v = false;
	else if (!strcmp(l, "t"))
		h->in_t = false;
	else if (!strcmp(l, "rPh"))
		h->in_rph = false;
	else if (!strcmp(l, "c") && h->in_cell)
		cell_end(h);
	else if (!strcmp(l, "row") && h->in_row) {
		h->in_row = false;
		ledger__row_end(h->s);
	}
}

static void sheet_text(void *ud, const XML_Char *t, int len)
{
	struct sheet *h = ud;

	if ((h->in_v || h->in_t) && buf_add(&h->val, t, (size_t)len))
		stop(&h->x,
		     ga_error_set(h->x.err, GA_ETOOBIG, "cell_too_long", "",
				  "有单元格超过 %d 字节 (a cell is longer than "
				  "%d bytes)",
				  LEDGER_CELL_MAX, LEDGER_CELL_MAX));
}

/* ---- which worksheet: the first of xl/workbook.xml ---- */

struct locate {
	struct xctx x;
	char rid[64];
	char target[256];
};

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct locate *w = ud;
	const char *id = attr(atts, "id");

	if (!strcmp(local(name), "sheet") && !w->rid[0] && id)
		str_copy(w->rid, sizeof(w->rid), id);
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct locate *w = ud;
	const char *id = attr(atts, "Id"), *t = attr(atts, "Target");

	if (!strcmp(local(name), "Relationship") && id && t && w->rid[0] &&
	    !strcmp(id, w->rid) && !w->target[0]) {
		if (t[0] == '/')
			str_copy(w->target, sizeof(w->target), t + 1);
		else
			snprintf(w->target, sizeof(w->target), "xl/%s", t);
	}
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void no_text(void *ud, const XML_Char *t, int len)
{
	(void)ud;
	(void)t;
	(void)len;
}

/* The first sheet's entry name, or the usual one when not found. */
static void first_sheet(zip_t *za, struct ga_error *err, char out[256])
{
	struct locate w;

	memset(&w, 0, sizeof(w));
	w.x.err = err;
	str_copy(out, 256, "xl/worksheets/sheet1.xml");
	if (parse_entry(za, "xl/workbook.xml", &w.x, wb_start, no_end,
			no_text) ||
	    !w.rid[0])
		return;
	if (parse_entry(za, "xl/_rels/workbook.xml.rels", &w.x, rels_start,
			no_end, no_text) ||
	    !w.target[0])
		return;
	str_copy(out, 256, w.target);
}

int ledger__read_xlsx(const char *data, size_t len, struct ledger_sheet *s,
		      struct ga_error *err)
{
	struct sst sst;
	struct sheet h;
	zip_source_t *src;
	zip_t *za = NULL;
	char name[256];
	int rc;

	memset(&sst, 0, sizeof(sst));
	memset(&h, 0, sizeof(h));
	buf_init(&sst.text, LEDGER_TEXT_MAX / 2);
	buf_init(&h.val, LEDGER_CELL_MAX);
	sst.x.err = h.x.err = err;
	src = zip_source_buffer_create(data, len, 0, NULL);
	if (src) {
		za = zip_open_from_source(src, ZIP_RDONLY, NULL);
		if (!za)
			zip_source_free(src);
	}
	if (!za) {
		rc = ga_error_set(err, GA_EINVAL, "not_xlsx", "",
				  "文件不是有效的 XLSX（zip）文件 (not an "
				  "XLSX file: not a zip archive)");
		goto out;
	}
	rc = parse_entry(za, "xl/sharedStrings.xml", &sst.x, sst_start, sst_end,
			 sst_text);
	if (rc == GA_ENOTFOUND)
		rc = GA_OK; /* a sheet of numbers and inline strings only */
	if (rc)
		goto out;
	first_sheet(za, err, name);
	h.s = s;
	h.sst = &sst;
	h.next_row = 1;
	rc = parse_entry(za, name, &h.x, sheet_start, sheet_end, sheet_text);
	if (rc == GA_ENOTFOUND)
		rc = invalid(err, "找不到第一个工作表 (no first worksheet)");
out:
	if (za)
		zip_discard(za);
	buf_release(&sst.text);
	free(sst.off);
	buf_release(&h.val);
	return rc;
}
