/*
 * The sheet every ledger reader fills, the CSV reader with its encoding
 * detection, and the dispatch between CSV and XLSX (ledger_xlsx.c).
 */
#include "io/ledger_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

void ledger_sheet_init(struct ledger_sheet *s)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->text, LEDGER_TEXT_MAX);
}

void ledger_sheet_release(struct ledger_sheet *s)
{
	buf_release(&s->text);
	free(s->off);
	free(s->flags);
	free(s->rows);
	memset(s, 0, sizeof(*s));
	buf_init(&s->text, LEDGER_TEXT_MAX);
}

int ledger__row_begin(struct ledger_sheet *s, long line, struct ga_error *err)
{
	struct ledger_row *r;

	if (s->nrows >= LEDGER_ROWS_MAX + LEDGER_HEAD_ROWS + 1)
		return ga_error_set(err, GA_ETOOBIG, "too_many_rows", "",
				    "文件超过 %d 行 (more than %d rows)",
				    LEDGER_ROWS_MAX, LEDGER_ROWS_MAX);
	if (s->nrows == s->arows) {
		size_t n = s->arows ? s->arows * 2 : 256;

		s->rows = xrealloc(s->rows, st_mult(n, sizeof(*s->rows)));
		s->arows = n;
	}
	r = &s->rows[s->nrows];
	r->line = line;
	r->first = s->ncells;
	r->ncells = 0;
	s->row_text = s->text.len;
	s->row_any = false;
	return GA_OK;
}

static int add_one(struct ledger_sheet *s, const char *p, size_t n,
		   unsigned flags, struct ga_error *err)
{
	struct ledger_row *r = &s->rows[s->nrows];
	size_t at = s->text.len;

	if (r->ncells >= LEDGER_COLS_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_many_columns", "",
				    "第%ld行超过 %d 列 (row %ld has more than "
				    "%d columns)",
				    r->line, LEDGER_COLS_MAX, r->line,
				    LEDGER_COLS_MAX);
	if (s->ncells == s->acells) {
		s->acells = s->acells ? s->acells * 2 : 4096;
		s->off = xrealloc(s->off, st_mult(s->acells, sizeof(*s->off)));
		s->flags = xrealloc(s->flags, s->acells);
	}
	if (buf_add(&s->text, p, n) || buf_addch(&s->text, '\0'))
		return ga_error_set(err, GA_ETOOBIG, "too_much_text", "",
				    "表格内容过多 (the sheet holds too much "
				    "text)");
	s->off[s->ncells] = (uint32_t)at;
	s->flags[s->ncells] = (unsigned char)flags;
	s->ncells++;
	r->ncells++;
	return GA_OK;
}

int ledger__cell(struct ledger_sheet *s, int col, const char *p, size_t n,
		 unsigned flags, struct ga_error *err)
{
	struct ledger_row *r = &s->rows[s->nrows];
	int rc = GA_OK;

	if (n > LEDGER_CELL_MAX)
		return ga_error_set(
		    err, GA_ETOOBIG, "cell_too_long", "",
		    "第%ld行有单元格超过 %d 字节 (a cell in row "
		    "%ld is longer than %d bytes)",
		    r->line, LEDGER_CELL_MAX, r->line, LEDGER_CELL_MAX);
	if (col >= LEDGER_COLS_MAX)
		col = LEDGER_COLS_MAX; /* add_one refuses it */
	while (!rc && r->ncells < col)
		rc = add_one(s, "", 0, 0, err);
	if (!rc)
		rc = add_one(s, p, n, flags, err);
	if (!rc && n)
		s->row_any = true;
	return rc;
}

void ledger__row_end(struct ledger_sheet *s)
{
	struct ledger_row *r = &s->rows[s->nrows];

	if (s->row_any) {
		s->nrows++;
		return;
	}
	s->ncells = r->first;
	s->text.len = s->row_text;
	s->text.ptr[s->text.len] = '\0';
}

const char *ledger_cell(const struct ledger_sheet *s, size_t row, int col,
			unsigned *flags)
{
	const struct ledger_row *r;

	if (flags)
		*flags = 0;
	if (row >= s->nrows || col < 0)
		return "";
	r = &s->rows[row];
	if (col >= r->ncells)
		return "";
	if (flags)
		*flags = s->flags[r->first + (size_t)col];
	return s->text.ptr + s->off[r->first + (size_t)col];
}

enum ledger_format ledger_sniff(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\3\4", 4) ? LEDGER_XLSX
						      : LEDGER_CSV;
}

/* ---- encoding ---- */

static long line_at(const char *data, size_t pos)
{
	long line = 1;

	for (size_t i = 0; i < pos; i++)
		line += data[i] == '\n';
	return line;
}

/* The line of the first byte that is not UTF-8 (or NUL), 0 when none. */
static long first_bad_utf8_line(const char *data, size_t len)
{
	size_t start = 0;
	long line = 1;

	while (start < len) {
		const char *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;

		if (!utf8_valid(data + start, end - start) ||
		    memchr(data + start, '\0', end - start))
			return line;
		start = end + 1;
		line++;
	}
	return 0;
}

static int bad_encoding(long line, struct ga_error *err)
{
	char field[24];

	snprintf(field, sizeof(field), "line:%ld", line);
	return ga_error_set(err, GA_EINVAL, "invalid_encoding", field,
			    "文件编码无法识别（第%ld行），请另存为 UTF-8 或 "
			    "GB18030 编码的 CSV (unknown encoding at line "
			    "%ld: save as CSV in UTF-8 or GB18030)",
			    line, line);
}

/* GB18030 → UTF-8 into out; invalid_encoding names the first bad line. */
static int from_gb18030(const char *data, size_t len, struct buf *out,
			struct ga_error *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char *in = (char *)data, *o;
	size_t inleft = len, outleft, cap = st_add(st_mult(len, 2), 16);
	long line;
	int rc = GA_OK;

	if (cd == (iconv_t)-1)
		return ga_error_set(err, GA_EINTERNAL, "internal", "",
				    "无法转换 GB18030 (GB18030 conversion is "
				    "not available)");
	if (memchr(data, '\0', len)) {
		rc = bad_encoding(line_at(data, (size_t)((const char *)memchr(
							     data, '\0', len) -
							 data)),
				  err);
		goto out;
	}
	if (buf_grow(out, cap)) {
		rc = ga_error_set(err, GA_ETOOBIG, "file_too_large", "",
				  "文件过大 (file too large)");
		goto out;
	}
	o = out->ptr;
	outleft = cap;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		/* count the lines converted: iconv may have read ahead */
		rc = bad_encoding(line_at(out->ptr, cap - outleft), err);
		goto out;
	}
	out->len = cap - outleft;
	out->ptr[out->len] = '\0';
	line = first_bad_utf8_line(out->ptr, out->len);
	if (line)
		rc = bad_encoding(line, err);
out:
	iconv_close(cd);
	return rc;
}

/* ---- CSV (RFC 4180: quotes, "" escapes, CRLF or LF) ---- */

static int malformed(long line, struct ga_error *err)
{
	return ga_error_set(
	    err, GA_EINVAL, "malformed_csv", "",
	    "CSV 格式错误（第%ld行）：引号不匹配 (malformed CSV "
	    "at line %ld: unbalanced quotes)",
	    line, line);
}

/* One field starting at *pp; its unescaped text goes to cell. */
static int csv_field(const char **pp, const char *end, long *line,
		     struct buf *cell, struct ga_error *err)
{
	const char *p = *pp;
	long start_line = *line;

	buf_reset(cell);
	if (p < end && *p == '"') {
		for (p++;; p++) {
			if (p == end)
				return malformed(start_line, err);
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"')
					p++;
				else
					break;
			}
			if (*p == '\n')
				(*line)++;
			if (buf_addch(cell, *p))
				goto too_long;
		}
		p++;
		if (p < end && *p != ',' && *p != '\r' && *p != '\n')
			return malformed(*line, err);
	} else {
		const char *s = p;

		while (p < end && *p != ',' && *p != '\r' && *p != '\n')
			p++;
		if (buf_add(cell, s, (size_t)(p - s)))
			goto too_long;
	}
	*pp = p;
	return GA_OK;
too_long:
	return ga_error_set(err, GA_ETOOBIG, "cell_too_long", "",
			    "第%ld行有单元格超过 %d 字节 (a cell at line %ld "
			    "is longer than %d bytes)",
			    start_line, LEDGER_CELL_MAX, start_line,
			    LEDGER_CELL_MAX);
}

static int parse_csv(const char *p, size_t len, struct ledger_sheet *s,
		     struct ga_error *err)
{
	const char *end = p + len;
	struct buf cell;
	long line = 1, record = 0;
	int rc = GA_OK;

	buf_init(&cell, LEDGER_CELL_MAX);
	while (!rc && p < end) {
		int col = 0;

		rc = ledger__row_begin(s, ++record, err);
		while (!rc) {
			rc = csv_field(&p, end, &line, &cell, err);
			if (!rc)
				rc = ledger__cell(s, col++, cell.ptr, cell.len,
						  0, err);
			if (rc || p == end)
				break;
			if (*p++ == ',')
				continue;
			if (p[-1] == '\r' && p < end && *p == '\n')
				p++;
			line++;
			break;
		}
		if (!rc)
			ledger__row_end(s);
	}
	buf_release(&cell);
	return rc;
}

static int read_csv(const char *data, size_t len, struct ledger_sheet *s,
		    struct ga_error *err)
{
	struct buf conv;
	long line;
	int rc;

	buf_init(&conv, st_add(st_mult(LEDGER_FILE_MAX, 2), 32));
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
		line = first_bad_utf8_line(data, len);
		rc = line ? bad_encoding(line, err) : GA_OK;
		s->encoding = "UTF-8";
	} else if (!first_bad_utf8_line(data, len)) {
		rc = GA_OK;
		s->encoding = "UTF-8";
	} else {
		rc = from_gb18030(data, len, &conv, err);
		data = conv.ptr;
		len = conv.len;
		s->encoding = "GB18030";
	}
	if (!rc)
		rc = parse_csv(data, len, s, err);
	buf_release(&conv);
	return rc;
}

int ledger_read(const char *data, size_t len, enum ledger_format fmt,
		struct ledger_sheet *out, struct ga_error *err)
{
	int rc;

	if (len > LEDGER_FILE_MAX)
		return ga_error_set(err, GA_ETOOBIG, "file_too_large", "",
				    "文件超过 %zu MiB (file larger than %zu "
				    "MiB)",
				    LEDGER_FILE_MAX >> 20,
				    LEDGER_FILE_MAX >> 20);
	if (fmt == LEDGER_AUTO)
		fmt = ledger_sniff(data, len);
	out->format = fmt;
	rc = fmt == LEDGER_XLSX ? ledger__read_xlsx(data, len, out, err)
				: read_csv(data, len, out, err);
	if (!rc && !out->nrows)
		rc = ga_error_set(err, GA_EINVAL, "empty_file", "",
				  "文件中没有内容 (the file holds no rows)");
	return rc;
}

/* days since 1970-01-01 → civil date (H. Hinnant's algorithm) */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, yoe, doy, mp;
	unsigned doe;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int ledger_serial_date(const char *num, char out[11])
{
	size_t n = strspn(num, "0123456789");
	int64_t serial;
	int y, m, d;

	out[0] = '\0';
	if (!n || n > 7 ||
	    (num[n] && (num[n] != '.' || strspn(num + n + 1, "0123456789") !=
					     strlen(num + n + 1))))
		return GA_EINVAL;
	if (parse_int64n(num, n, 61, 2958465, &serial))
		return GA_EINVAL;
	/* serial 25569 is 1970-01-01 (Excel counts a 1900-02-29) */
	civil_from_days((long)(serial - 25569), &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return GA_OK;
}
