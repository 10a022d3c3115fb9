/*
 * Ledger import (导入信息台账): a CSV or XLSX file of the ledger's columns
 * (domain/ledger.h) becomes dossiers, all rows of a file or none.
 *
 * Columns are matched by their Chinese headings (or aliases) on the header
 * row: the first of the top rows that names at least three columns, so a
 * title row above it is fine. Each row becomes a struct child_record; the
 * father and mother columns become family members, 实际监护人 委托监护人
 * takes the 委托监护人 columns. Every row is checked by the rules of the
 * API (child_validate and the duplicate check), and ID numbers are also
 * checked against the other rows of the file.
 *
 * A dry run returns every problem and writes nothing. A real run checks
 * the same way and, only when there is no problem, writes every row in one
 * transaction with the per-child audit entries and one "child.import"
 * entry; otherwise nothing is written and the problems are returned.
 *
 * Ownership: struct import_result owns its problem list;
 * import_result_release() frees it.
 */
#ifndef GA_SERVICE_CHILD_IMPORT_H
#define GA_SERVICE_CHILD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/date.h"
#include "io/ledger_read.h"
#include "service/child_service.h"

#define IMPORT_PROBLEMS_MAX 10000

struct import_problem {
	long row;	 /* the row a spreadsheet shows; 0: the whole file */
	char column[80]; /* the heading, or "" */
	char code[GA_ERROR_CODE_MAX];
	char message[GA_ERROR_MSG_MAX]; /* Chinese first */
};

struct import_result {
	size_t rows;	 /* data rows in the file */
	size_t imported; /* rows written: 0 on a dry run or any problem */
	struct import_problem *problems;
	size_t nproblems, aproblems;
	bool truncated; /* more than IMPORT_PROBLEMS_MAX problems */
};

void import_result_init(struct import_result *r);
void import_result_release(struct import_result *r);

/*
 * Import data[0..len) (fmt LEDGER_AUTO: sniffed) as `by`. GA_OK when
 * there was no problem (on a dry run: nothing written). Otherwise err
 * holds the reason: GA_EINVAL "import_failed" (row problems) or
 * "missing_columns", or the reader's error (invalid_encoding, not_xlsx,
 * file_too_large …, also listed as a problem); GA_EDB and the like as
 * usual, with nothing written.
 */
int children_import(struct db *db, const struct principal *by,
		    const struct request_meta *m, const char *data, size_t len,
		    enum ledger_format fmt, bool dry_run, struct date today,
		    struct import_result *out, struct ga_error *err);

#endif
