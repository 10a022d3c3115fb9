/*
 * Ledger import: read the file, find the header row, check every row (the
 * file's own duplicates, then child_validate and the duplicate check
 * through children_check), and only when nothing is wrong write every row
 * with children_create_in_tx. All of it runs in one transaction, which a
 * dry run or any problem rolls back (the duplicate check takes bucket
 * locks, so even the checks belong inside it).
 */
#include "service/child_import.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/child_import_row.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

void import_result_init(struct import_result *r)
{
	memset(r, 0, sizeof(*r));
}

void import_result_release(struct import_result *r)
{
	free(r->problems);
	memset(r, 0, sizeof(*r));
}

/* ---- header row and column map ---- */

static int count_headings(const struct ledger_sheet *s, size_t row)
{
	int n = 0;

	for (int i = 0; i < s->rows[row].ncells; i++)
		n += ledger_column_of(ledger_cell(s, row, i, NULL)) >= 0;
	return n;
}

/* The first of the top rows naming at least three columns (else row 0). */
static size_t find_header(const struct ledger_sheet *s)
{
	for (size_t r = 0; r < s->nrows && r <= LEDGER_HEAD_ROWS; r++)
		if (count_headings(s, r) >= 3)
			return r;
	return 0;
}

static int map_columns(const struct ledger_sheet *s, struct import_cols *c,
		       struct import_result *res, struct ga_error *err)
{
	long line;
	int missing = 0;

	for (int i = 0; i < LC_COUNT; i++) {
		c->idx[i] = -1;
		c->heading[i] = NULL;
	}
	c->header = find_header(s);
	line = s->rows[c->header].line;
	for (int i = 0; i < s->rows[c->header].ncells; i++) {
		const char *h = ledger_cell(s, c->header, i, NULL);
		int col = ledger_column_of(h);

		if (col < 0 || !ledger_columns[col].import)
			continue;
		if (c->idx[col] >= 0) {
			import_problem(res, line, h, "duplicate_column",
				       "列“%s”出现了两次 (the column appears "
				       "twice)",
				       ledger_columns[col].heading);
			continue;
		}
		c->idx[col] = i;
		c->heading[col] = h;
	}
	for (int i = 0; i < LC_COUNT; i++)
		if (ledger_columns[i].required && c->idx[i] < 0) {
			missing++;
			import_problem(res, line, ledger_columns[i].heading,
				       "missing_column",
				       "缺少必需的列“%s” (required column "
				       "missing)",
				       ledger_columns[i].heading);
		}
	if (missing)
		return ga_error_set(err, GA_EINVAL, "missing_columns", "",
				    "表头缺少 %d 个必需的列，见问题列表 (%d "
				    "required columns are missing)",
				    missing, missing);
	if (res->nproblems)
		return ga_error_set(err, GA_EINVAL, "import_failed", "",
				    "表头有误，见问题列表 (the header row has "
				    "problems)");
	return GA_OK;
}

/* ---- the same ID number twice in one file ---- */

struct id_row {
	char id[19];
	long line;
};

static int by_id(const void *a, const void *b)
{
	const struct id_row *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static void file_duplicates(const struct ledger_sheet *s,
			    const struct import_cols *c, size_t rows,
			    struct import_result *res)
{
	struct id_row *ids = xcalloc(rows ? rows : 1, sizeof(*ids));
	size_t n = 0;

	for (size_t r = 0; r < rows; r++) {
		import_row_id(s, c, r, ids[n].id);
		ids[n].line = s->rows[c->header + 1 + r].line;
		n += ids[n].id[0] != '\0';
	}
	qsort(ids, n, sizeof(*ids), by_id);
	for (size_t i = 0; i < n; i++) {
		bool prev = i > 0 && !strcmp(ids[i - 1].id, ids[i].id);
		bool next = i + 1 < n && !strcmp(ids[i + 1].id, ids[i].id);

		if (!prev && !next)
			continue;
		import_problem(res, ids[i].line,
			       import_heading(c, LC_ID_NUMBER),
			       "duplicate_in_file",
			       "与第%ld行的身份证号重复 (the same ID number as "
			       "row %ld)",
			       prev ? ids[i - 1].line : ids[i + 1].line,
			       prev ? ids[i - 1].line : ids[i + 1].line);
	}
	free(ids);
}

/* ---- a rule's error as a problem of the row ---- */

static const struct {
	const char *field;
	enum ledger_col col;
} field_cols[] = {
    {"region", LC_REGION},
    {"name", LC_NAME},
    {"birth_date", LC_BIRTH_DATE},
    {"id_number", LC_ID_NUMBER},
    {"no_hukou_reason", LC_NO_HUKOU_REASON},
    {"sex", LC_SEX},
    {"ethnicity", LC_ETHNICITY},
    {"school_since", LC_SCHOOL},
    {"disability.grade", LC_DISABILITY_GRADE},
    {"guardian.name", LC_GUARDIAN_NAME},
    {"guardian.id_number", LC_GUARDIAN_ID},
};

static enum ledger_col column_of_field(const struct import_row *st,
				       const char *field)
{
	int i;

	for (size_t k = 0; k < sizeof(field_cols) / sizeof(*field_cols); k++)
		if (!strcmp(field, field_cols[k].field))
			return field_cols[k].col;
	if (sscanf(field, "family[%d]", &i) == 1 && i >= 0 &&
	    i < CHILD_FAMILY_MAX) {
		bool father = st->family_col[i] == LC_FATHER_NAME;

		enum ledger_col base = father ? LC_FATHER_NAME : LC_MOTHER_NAME;

		if (strstr(field, ".id_number"))
			return (enum ledger_col)(base + LC_FATHER_ID -
						 LC_FATHER_NAME);
		if (strstr(field, ".since"))
			return (enum ledger_col)(base + LC_FATHER_SINCE -
						 LC_FATHER_NAME);
		if (strstr(field, ".until"))
			return (enum ledger_col)(base + LC_FATHER_UNTIL -
						 LC_FATHER_NAME);
		if (strstr(field, ".police_accepted"))
			return (enum ledger_col)(base + LC_FATHER_POLICE -
						 LC_FATHER_NAME);
		if (strstr(field, ".disability"))
			return (enum ledger_col)(base + LC_FATHER_DISABILITY -
						 LC_FATHER_NAME);
		return father ? LC_FATHER_SITUATION : LC_MOTHER_SITUATION;
	}
	return LC_COUNT;
}

static void rule_problem(const struct import_cols *c,
			 const struct import_row *st, const struct ga_error *e,
			 struct import_result *res)
{
	enum ledger_col col = column_of_field(st, e->field);

	/* a cell already reported is not reported again by the rules */
	if (col < LC_COUNT && (st->bad & ((uint64_t)1 << col)))
		return;
	import_problem(res, st->line,
		       col < LC_COUNT ? import_heading(c, col) : "", e->code,
		       "%s", e->message);
}

static bool is_rule_error(int rc)
{
	return rc == GA_EINVAL || rc == GA_ENOTFOUND || rc == GA_ECONFLICT;
}

/* ---- the import ---- */

struct job {
	struct db *db;
	const struct principal *by;
	const struct request_meta *m;
	struct date today;
	const struct ledger_sheet *s;
	struct import_cols cols;
	size_t rows;
	struct child_record *rec;
	struct child_view *view;
	struct import_result *res;
};

/* Check every row; GA_OK or a failure that is not a row's problem. */
static int check_rows(struct job *j)
{
	struct import_row st;
	struct ga_error e;
	int rc;

	for (size_t r = 0; r < j->rows; r++) {
		memset(&st, 0, sizeof(st));
		import_row_record(j->s, &j->cols, r, j->rec, &st, j->res);
		ga_error_clear(&e);
		rc = children_check(j->db, j->by, j->rec, j->today, &e);
		if (is_rule_error(rc))
			rule_problem(&j->cols, &st, &e, j->res);
		else if (rc)
			return rc;
	}
	return GA_OK;
}

static int write_rows(struct job *j, struct ga_error *err)
{
	struct import_row st;
	struct ga_error e;
	char what[48];
	int rc = GA_OK;

	for (size_t r = 0; !rc && r < j->rows; r++) {
		memset(&st, 0, sizeof(st));
		import_row_record(j->s, &j->cols, r, j->rec, &st, j->res);
		ga_error_clear(&e);
		rc = children_create_in_tx(j->db, j->by, j->m, j->rec, j->today,
					   j->view, &e);
		if (is_rule_error(rc)) {
			rule_problem(&j->cols, &st, &e, j->res);
			rc = ga_error_set(err, GA_EINVAL, "import_failed", "",
					  "导入失败，未写入任何记录 (import "
					  "failed; nothing was written)");
		}
	}
	snprintf(what, sizeof(what), "rows=%zu", j->rows);
	if (!rc)
		rc = auth_audit_in_tx(j->db, j->by, j->m, "child.import",
				      "ledger", what, "ok");
	return rc;
}

static int read_file(const char *data, size_t len, enum ledger_format fmt,
		     struct ledger_sheet *s, struct import_result *res,
		     struct ga_error *err)
{
	long line = 0;
	int rc = ledger_read(data, len, fmt, s, err);

	if (!rc || rc == GA_EINTERNAL)
		return rc;
	if (str_starts_with(err->field, "line:"))
		line = strtol(err->field + 5, NULL, 10);
	import_problem(res, line, "", err->code, "%s", err->message);
	return rc;
}

static int run(struct job *j, bool dry_run, struct ga_error *err)
{
	int rc = db_begin(j->db);

	if (rc)
		return rc;
	file_duplicates(j->s, &j->cols, j->rows, j->res);
	rc = check_rows(j);
	if (!rc && j->res->nproblems)
		rc = ga_error_set(err, GA_EINVAL, "import_failed", "",
				  "发现 %zu 个问题，未写入任何记录 (%zu "
				  "problems; nothing was written)",
				  j->res->nproblems, j->res->nproblems);
	if (!rc && !dry_run)
		rc = write_rows(j, err);
	if (!rc && !dry_run)
		rc = db_commit(j->db);
	if (rc || dry_run)
		db_rollback(j->db);
	else
		j->res->imported = j->rows;
	return rc;
}

int children_import(struct db *db, const struct principal *by,
		    const struct request_meta *m, const char *data, size_t len,
		    enum ledger_format fmt, bool dry_run, struct date today,
		    struct import_result *out, struct ga_error *err)
{
	struct ledger_sheet s;
	struct job j = {db, by,	  m,	today, &s, {{0}, {0}, 0},
			0,  NULL, NULL, out};
	int rc;

	ledger_sheet_init(&s);
	rc = read_file(data, len, fmt, &s, out, err);
	if (!rc)
		rc = map_columns(&s, &j.cols, out, err);
	if (rc)
		goto out;
	j.rows = s.nrows - j.cols.header - 1;
	out->rows = j.rows;
	if (j.rows > LEDGER_ROWS_MAX) {
		rc = ga_error_set(err, GA_ETOOBIG, "too_many_rows", "",
				  "文件超过 %d 行 (more than %d rows)",
				  LEDGER_ROWS_MAX, LEDGER_ROWS_MAX);
		import_problem(out, 0, "", err->code, "%s", err->message);
		goto out;
	}
	if (!j.rows) {
		rc = ga_error_set(err, GA_EINVAL, "empty_file", "",
				  "表头下没有数据行 (no rows below the "
				  "header)");
		import_problem(out, 0, "", err->code, "%s", err->message);
		goto out;
	}
	j.rec = xmalloc(sizeof(*j.rec));
	j.view = xmalloc(sizeof(*j.view));
	rc = run(&j, dry_run, err);
out:
	if (j.rec)
		explicit_bzero(j.rec, sizeof(*j.rec));
	if (j.view)
		explicit_bzero(j.view, sizeof(*j.view));
	free(j.rec);
	free(j.view);
	ledger_sheet_release(&s);
	return rc;
}
