/*
 * Shared by the ledger readers (ledger_read.c, ledger_xlsx.c): building a
 * struct ledger_sheet row by row under the limits of ledger_read.h.
 * Internal to src/io.
 */
#ifndef GA_IO_LEDGER_INTERNAL_H
#define GA_IO_LEDGER_INTERNAL_H

#include "io/ledger_read.h"

/* Start a row shown as `line`; GA_ETOOBIG past the row limit. */
int ledger__row_begin(struct ledger_sheet *s, long line, struct ga_error *err);
/*
 * Put a cell in column col of the current row (columns in ascending
 * order; skipped ones stay empty). GA_ETOOBIG past the limits.
 */
int ledger__cell(struct ledger_sheet *s, int col, const char *p, size_t n,
		 unsigned flags, struct ga_error *err);
/* End the row; a row of empty cells is dropped. */
void ledger__row_end(struct ledger_sheet *s);

int ledger__read_xlsx(const char *data, size_t len, struct ledger_sheet *s,
		      struct ga_error *err);

#endif
