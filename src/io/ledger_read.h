/*
 * Reading a ledger file (信息台账) into rows of UTF-8 cells: CSV in UTF-8
 * (with or without BOM) or GB18030 (what Excel on Chinese Windows saves),
 * and XLSX (libzip + expat: the shared strings and the first worksheet).
 * Knows spreadsheets, not children: src/service/child_import.c maps the
 * cells to dossiers.
 *
 * Bounded: the file (LEDGER_FILE_MAX), the rows, the columns, the length
 * of a cell, the bytes inflated from each zip entry (a zip bomb stops at
 * LEDGER_ENTRY_MAX), and the total text of all cells. Rows whose cells are
 * all empty are skipped.
 *
 * Ownership: a struct ledger_sheet owns its memory; ledger_sheet_release()
 * frees it. Cell pointers are borrowed until then.
 */
#ifndef GA_IO_LEDGER_READ_H
#define GA_IO_LEDGER_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/result.h"

#define LEDGER_FILE_MAX	   ((size_t)20 << 20)
#define LEDGER_ROWS_MAX	   100000 /* data rows; the reader allows a few more */
#define LEDGER_HEAD_ROWS   10	  /* title rows that may precede the headings */
#define LEDGER_COLS_MAX	   128
#define LEDGER_CELL_MAX	   8192			 /* bytes of one cell */
#define LEDGER_TEXT_MAX	   ((size_t)192 << 20)	 /* all cells together */
#define LEDGER_ENTRY_MAX   ((uint64_t)512 << 20) /* inflated zip entry */
#define LEDGER_STRINGS_MAX 2000000		 /* shared strings */

enum ledger_format {
	LEDGER_AUTO = 0, /* XLSX when the data starts with "PK\3\4" */
	LEDGER_CSV,
	LEDGER_XLSX,
};

enum ledger_cell_flags {
	LEDGER_CELL_NUMBER = 1 << 0, /* an XLSX number: the text is as
					stored, e.g. "42500" or "5.0E+17" */
};

struct ledger_row {
	long line;    /* the row number a spreadsheet shows (1-based) */
	size_t first; /* index of its first cell */
	int ncells;
};

struct ledger_sheet {
	struct buf text;      /* cell text, each NUL-terminated */
	uint32_t *off;	      /* cell → offset into text */
	unsigned char *flags; /* cell → enum ledger_cell_flags */
	size_t ncells, acells;
	struct ledger_row *rows;
	size_t nrows, arows;
	enum ledger_format format; /* what was read */
	const char *encoding;	   /* CSV: "UTF-8" or "GB18030" */
	/* the row being built (readers only) */
	size_t row_text;
	bool row_any;
};

void ledger_sheet_init(struct ledger_sheet *s);
void ledger_sheet_release(struct ledger_sheet *s);

/*
 * Read data[0..len) as fmt. Errors (with err->code): GA_ETOOBIG
 * file_too_large / too_many_rows / too_many_columns / cell_too_long /
 * too_much_text; GA_EINVAL invalid_encoding (field "line:N") /
 * malformed_csv / not_xlsx / invalid_xlsx / empty_file.
 */
int ledger_read(const char *data, size_t len, enum ledger_format fmt,
		struct ledger_sheet *out, struct ga_error *err);

/* The cell's text ("" past the row's end); flags may be NULL. */
const char *ledger_cell(const struct ledger_sheet *s, size_t row, int col,
			unsigned *flags);

/* XLSX when data starts with the zip magic, CSV otherwise. */
enum ledger_format ledger_sniff(const char *data, size_t len);

/*
 * An Excel date serial number ("42500", "42500.0") as YYYY-MM-DD into
 * out[11] (1900 date system, serials after 1900-02-28). GA_EINVAL when the
 * text is not such a number.
 */
int ledger_serial_date(const char *num, char out[11]);

#endif
