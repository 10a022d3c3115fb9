/*
 * Internal to the ledger import (child_import.c): the column map of a
 * file, the problem list, and one row's cells made into a dossier.
 */
#ifndef GA_SERVICE_CHILD_IMPORT_ROW_H
#define GA_SERVICE_CHILD_IMPORT_ROW_H

#include <stdint.h>

#include "domain/ledger.h"
#include "service/child_import.h"

struct import_cols {
	int idx[LC_COUNT];	       /* sheet column, -1 when absent */
	const char *heading[LC_COUNT]; /* as the file writes it */
	size_t header;		       /* index of the header row */
};

/* what one row's mapping found */
struct import_row {
	long line;    /* the row a spreadsheet shows */
	uint64_t bad; /* ledger columns with a problem (bit per col) */
	int family_col[CHILD_FAMILY_MAX]; /* family[i] → LC_FATHER_NAME or
					     LC_MOTHER_NAME */
};

/* The heading to name in a problem: the file's, or the ledger's. */
const char *import_heading(const struct import_cols *c, enum ledger_col col);

/* Append a problem (col -1: none); past IMPORT_PROBLEMS_MAX only counts. */
void import_problem(struct import_result *res, long row, const char *column,
		    const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Fill r (zeroed first) from sheet row `row`; each cell that cannot be
 * read adds a problem and sets its bit in st->bad.
 */
void import_row_record(const struct ledger_sheet *s,
		       const struct import_cols *c, size_t row,
		       struct child_record *r, struct import_row *st,
		       struct import_result *res);

/* The ID number cell of a row as the record would hold it ("" if none). */
void import_row_id(const struct ledger_sheet *s, const struct import_cols *c,
		   size_t row, char out[19]);

#endif
