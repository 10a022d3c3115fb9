/*
 * Ledger export (信息台账导出): children's dossiers as the spreadsheet every
 * level keeps, in the columns, headings and Chinese words of
 * domain/ledger.h, written as CSV or XLSX. Formatting only: the caller
 * (service/child_export.c) lists, masks and audits; this module neither
 * reads the database nor decides what a caller may see.
 *
 * CSV: UTF-8 with a BOM (so Excel on Chinese Windows opens it as UTF-8),
 * RFC 4180 quoting (a field holding a comma, quote, CR or LF is quoted,
 * quotes doubled), CRLF line ends. Formula injection guard: a cell that
 * begins with = + - @ (or TAB or CR, as OWASP lists them) gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of evaluating it
 * ("=1+1" is written as "'=1+1"; a phone "+8613…" as "'+8613…").
 *
 * XLSX (libxlsxwriter): one sheet named 儿童台账, bold frozen header row,
 * column widths per column, every cell a string cell (an ID number is text,
 * never a number that Excel would round), 序号 a number. libxlsxwriter
 * writes files only: the workbook goes to a mkstemp() file under $TMPDIR
 * (or /tmp), mode 0600, whose bytes are appended to the output and which is
 * unlinked at once. Strings in XLSX cells are not evaluated, so they need
 * no formula guard.
 *
 * Ownership: a ledger_writer borrows `out` (the caller's struct buf) until
 * ledger_writer_free(); the cells of a struct ledger_cells borrow the
 * record and region name given to ledger_cells_of() and live as long as
 * they do.
 */
#ifndef GA_IO_LEDGER_EXPORT_H
#define GA_IO_LEDGER_EXPORT_H

#include <stddef.h>

#include "domain/child_record.h"
#include "domain/ledger.h"
#include "util/buf.h"
#include "util/result.h"

enum ledger_format { LEDGER_CSV = 0, LEDGER_XLSX };

/* "csv" / "xlsx" */
const char *ledger_format_ext(enum ledger_format f);
/* the Content-Type of a format */
const char *ledger_format_mime(enum ledger_format f);

/* One row's cells, in ledger_col order. */
struct ledger_cells {
	const char *cell[LC_COUNT]; /* never NULL; "" when empty */
	char seq[24];
	char grade[16];
	char assistance[256];
	char categories[512];
	char key_flags[256];
};

/*
 * The cells of a plain record (masked already when it is to be shown
 * masked): coded values in Chinese words, multi-valued ones joined by 、,
 * the first father and first mother in the 父亲/母亲 columns, r->categories
 * and r->key_flags as derived. region_name may be NULL.
 */
void ledger_cells_of(const struct child_record *r, long seq,
		     const char *region_name, struct ledger_cells *out);

struct ledger_writer;

/*
 * Start a ledger: the heading row is written at once. Every byte goes to
 * `out` (CSV) or to it at ledger_writer_finish() (XLSX), within out's cap
 * (GA_ETOOBIG beyond it). GA_EIO when the temporary file cannot be made.
 */
int ledger_writer_new(enum ledger_format f, struct buf *out,
		      struct ledger_writer **w, struct ga_error *err);
int ledger_writer_row(struct ledger_writer *w, const struct ledger_cells *c);
/* Finish the file: afterwards `out` holds the whole ledger. */
int ledger_writer_finish(struct ledger_writer *w);
/* Free w (NULL is fine), removing any temporary file. */
void ledger_writer_free(struct ledger_writer *w);

/* One CSV field with the quoting and formula guard above (unit tests). */
int ledger_csv_field(struct buf *b, const char *s);

#endif
