#include "io/ledger_export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "util/log.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define SHEET_NAME "儿童台账"
#define JOINER	   "、"

struct ledger_writer {
	enum ledger_format format;
	struct buf *out;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	lxw_row_t row;
	char path[4096]; /* the XLSX temporary file, "" when none */
};

const char *ledger_format_ext(enum ledger_format f)
{
	return f == LEDGER_XLSX ? "xlsx" : "csv";
}

const char *ledger_format_mime(enum ledger_format f)
{
	return f == LEDGER_XLSX ? "application/vnd.openxmlformats-"
				  "officedocument.spreadsheetml.sheet"
				: "text/csv; charset=utf-8";
}

/* ---- cells ---- */

static const char *yes_no(bool v)
{
	return v ? "是" : "否";
}

static const char *sex_zh(enum sex s)
{
	return s == SEX_MALE ? "男" : s == SEX_FEMALE ? "女" : "";
}

/* the words of the set bits of `bits`, joined by 、 into out */
static void join_bits(unsigned bits, const char *(*word)(int), char *out,
		      size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
		const char *w = (bits & bit) ? word((int)bit) : "";

		if (!*w)
			continue;
		if (n)
			n += str_copy(out + n, size - n, JOINER);
		if (n < size)
			n += str_copy(out + n, size - n, w);
		if (n >= size) {
			out[size - 1] = '\0';
			return;
		}
	}
}

static const struct member_record *first_of(const struct child_record *r,
					    enum relation rel)
{
	for (int i = 0; i < r->nfamily && i < CHILD_FAMILY_MAX; i++)
		if (r->family[i].relation == rel)
			return &r->family[i];
	return NULL;
}

static const char *const grade_zh[] = {"", "一级", "二级", "三级", "四级"};

static void parent_cells(const struct member_record *m, const char **cell)
{
	/* name, ID, phone, situation, work place, since, until, police
	 * accepted, disability grade, mental: consecutive columns */
	bool grade = m && m->disability_grade >= 1 && m->disability_grade <= 4;

	cell[0] = m ? m->name : "";
	cell[1] = m ? m->id_number : "";
	cell[2] = m ? m->phone : "";
	cell[3] = m ? ledger_situation_zh((int)m->situation) : "";
	cell[4] = m ? m->work_place : "";
	cell[5] = m ? m->since : "";
	cell[6] = m ? m->until : "";
	cell[7] = m ? m->police_accepted : "";
	cell[8] = grade ? grade_zh[m->disability_grade] : "";
	cell[9] = grade && m->disability_mental ? yes_no(true) : "";
}

void ledger_cells_of(const struct child_record *r, long seq,
		     const char *region_name, struct ledger_cells *out)
{
	const char **c = out->cell;
	const struct guardian_record *g = &r->guardian;

	snprintf(out->seq, sizeof(out->seq), "%ld", seq);
	str_copy(out->grade, sizeof(out->grade),
		 r->disability_grade >= 1 && r->disability_grade <= 4
		     ? grade_zh[r->disability_grade]
		     : "");
	join_bits(r->assistance, ledger_assistance_zh, out->assistance,
		  sizeof(out->assistance));
	join_bits(r->categories, ledger_category_zh, out->categories,
		  sizeof(out->categories));
	join_bits(r->key_flags, ledger_key_flag_zh, out->key_flags,
		  sizeof(out->key_flags));
	c[LC_SEQ] = out->seq;
	c[LC_NAME] = r->name;
	c[LC_SEX] = sex_zh(r->sex);
	c[LC_ETHNICITY] = r->ethnicity;
	c[LC_ID_NUMBER] = r->id_number;
	c[LC_BIRTH_DATE] = r->birth_date;
	c[LC_HAS_HUKOU] = yes_no(!r->no_hukou);
	c[LC_NO_HUKOU_REASON] = r->no_hukou ? r->no_hukou_reason : "";
	c[LC_HUKOU_PLACE] = r->hukou_place;
	c[LC_RURAL_HUKOU] = yes_no(r->rural_hukou);
	c[LC_REGION] = r->region;
	c[LC_REGION_NAME] = region_name ? region_name : "";
	c[LC_ADDRESS] = r->address;
	c[LC_SCHOOL] = ledger_school_zh((int)r->school);
	c[LC_BOARDING] = yes_no(r->boarding);
	c[LC_SCHOOL_NAME] = r->school_name;
	c[LC_GRADE] = r->grade;
	c[LC_HEALTH] = ledger_health_zh((int)r->health);
	c[LC_ILLNESS] = r->illness;
	c[LC_SERIOUS_ILLNESS] = yes_no(r->serious_illness);
	c[LC_DISABILITY_CATEGORY] = r->disability_category;
	c[LC_DISABILITY_GRADE] = out->grade;
	c[LC_ASSISTANCE] = out->assistance;
	parent_cells(first_of(r, REL_FATHER), &c[LC_FATHER_NAME]);
	parent_cells(first_of(r, REL_MOTHER), &c[LC_MOTHER_NAME]);
	c[LC_GUARDIAN] = ledger_guardian_zh((int)g->type);
	c[LC_GUARDIAN_NAME] = g->name;
	c[LC_GUARDIAN_ID] = g->id_number;
	c[LC_GUARDIAN_PHONE] = g->phone;
	c[LC_GUARDIAN_RELATION] = g->relation;
	c[LC_GUARDIAN_ADDRESS] = g->address;
	c[LC_GUARDIANSHIP] = ledger_guardianship_zh((int)r->guardianship);
	c[LC_CATEGORIES] = out->categories;
	c[LC_KEY_FLAGS] = out->key_flags;
	c[LC_NOTES] = r->notes;
}

/* ---- CSV ---- */

int ledger_csv_field(struct buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = GA_OK;

	if (quote)
		rc = buf_addch(b, '"');
	/* formula injection guard (see the header) */
	if (!rc && *s && strchr("=+-@\t\r", *s))
		rc = buf_addch(b, '\'');
	for (const char *p = s; !rc && *p;) {
		size_t n = strcspn(p, "\"");

		rc = buf_add(b, p, n);
		p += n;
		if (!rc && *p) {
			rc = buf_add(b, "\"\"", 2); /* a quote, doubled */
			p++;
		}
	}
	if (!rc && quote)
		rc = buf_addch(b, '"');
	return rc;
}

static int csv_row(struct buf *b, const char *const *cell)
{
	int rc = GA_OK;

	for (int i = 0; !rc && i < LC_COUNT; i++) {
		if (i)
			rc = buf_addch(b, ',');
		if (!rc)
			rc = ledger_csv_field(b, cell[i]);
	}
	if (!rc)
		rc = buf_add(b, "\r\n", 2);
	return rc;
}

/* ---- XLSX ---- */

/* width of each column in characters (a CJK character counts about 2) */
static double col_width(enum ledger_col c)
{
	switch (c) {
	case LC_SEQ: return 7;
	case LC_SEX:
	case LC_HAS_HUKOU:
	case LC_RURAL_HUKOU:
	case LC_BOARDING:
	case LC_SERIOUS_ILLNESS: return 10;
	case LC_ID_NUMBER:
	case LC_FATHER_ID:
	case LC_MOTHER_ID:
	case LC_GUARDIAN_ID: return 21;
	case LC_BIRTH_DATE:
	case LC_FATHER_SINCE:
	case LC_FATHER_UNTIL:
	case LC_FATHER_POLICE:
	case LC_MOTHER_SINCE:
	case LC_MOTHER_UNTIL:
	case LC_MOTHER_POLICE: return 12;
	case LC_REGION: return 15;
	case LC_FATHER_PHONE:
	case LC_MOTHER_PHONE:
	case LC_GUARDIAN_PHONE: return 14;
	case LC_REGION_NAME:
	case LC_SCHOOL_NAME:
	case LC_FATHER_WORK_PLACE:
	case LC_MOTHER_WORK_PLACE:
	case LC_ASSISTANCE:
	case LC_GUARDIANSHIP: return 22;
	case LC_ADDRESS:
	case LC_GUARDIAN_ADDRESS:
	case LC_NO_HUKOU_REASON:
	case LC_HUKOU_PLACE:
	case LC_CATEGORIES:
	case LC_KEY_FLAGS: return 28;
	case LC_NOTES: return 40;
	default: return 12;
	}
}

static int xlsx_fail(const char *what, lxw_error e)
{
	log_error("ledger export: %s: %s", what, lxw_strerror(e));
	return e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ? GA_ETOOBIG : GA_EIO;
}

static int xlsx_row(struct ledger_writer *w, const char *const *cell,
		    lxw_format *fmt, bool heading)
{
	lxw_error e = LXW_NO_ERROR;

	for (int i = 0; !e && i < LC_COUNT; i++) {
		int64_t seq;

		if (!heading && i == LC_SEQ &&
		    !parse_int64(cell[i], 0, INT32_MAX, &seq))
			e = worksheet_write_number(w->ws, w->row, (lxw_col_t)i,
						   (double)seq, fmt);
		else if (cell[i][0])
			e = worksheet_write_string(w->ws, w->row, (lxw_col_t)i,
						   cell[i], fmt);
	}
	w->row++;
	return e ? xlsx_fail("write row", e) : GA_OK;
}

static int xlsx_open(struct ledger_writer *w, struct ga_error *err)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	int fd;

	if (!dir || !*dir || strlen(dir) > sizeof(w->path) - 32)
		dir = "/tmp";
	snprintf(w->path, sizeof(w->path), "%s/guanai-ledger-XXXXXX", dir);
	fd = mkstemp(w->path);
	if (fd < 0) {
		log_error("ledger export: mkstemp in %s: %s", dir,
			  strerror(errno));
		w->path[0] = '\0';
		return ga_error_set(err, GA_EIO, "export_failed", "",
				    "无法生成导出文件 (cannot create the "
				    "export file)");
	}
	close(fd);
	opt.tmpdir = (char *)dir;
	w->wb = workbook_new_opt(w->path, &opt);
	w->ws = w->wb ? workbook_add_worksheet(w->wb, SHEET_NAME) : NULL;
	w->bold = w->wb ? workbook_add_format(w->wb) : NULL;
	if (!w->ws || !w->bold) {
		log_error("ledger export: cannot start a workbook");
		return ga_error_set(err, GA_EIO, "export_failed", "",
				    "无法生成导出文件 (cannot create the "
				    "export file)");
	}
	format_set_bold(w->bold);
	for (int i = 0; i < LC_COUNT; i++)
		worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i,
				     col_width((enum ledger_col)i), NULL);
	worksheet_freeze_panes(w->ws, 1, 0);
	return GA_OK;
}

/* append the finished workbook's bytes to w->out */
static int xlsx_finish(struct ledger_writer *w)
{
	char chunk[65536];
	lxw_error e = workbook_close(w->wb);
	FILE *f = NULL;
	size_t n;
	int rc = GA_OK;

	w->wb = NULL;
	if (e)
		return xlsx_fail("close workbook", e);
	f = fopen(w->path, "rb");
	if (!f) {
		log_error("ledger export: reopen %s: %s", w->path,
			  strerror(errno));
		return GA_EIO;
	}
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_add(w->out, chunk, n);
	if (!rc && ferror(f))
		rc = GA_EIO;
	fclose(f);
	return rc;
}

/* ---- the writer ---- */

int ledger_writer_new(enum ledger_format f, struct buf *out,
		      struct ledger_writer **wp, struct ga_error *err)
{
	struct ledger_writer *w = xcalloc(1, sizeof(*w));
	const char *heading[LC_COUNT];
	int rc;

	w->format = f;
	w->out = out;
	for (int i = 0; i < LC_COUNT; i++)
		heading[i] = ledger_columns[i].heading;
	if (f == LEDGER_XLSX) {
		rc = xlsx_open(w, err);
		if (!rc)
			rc = xlsx_row(w, heading, w->bold, true);
	} else {
		rc = buf_add(out, "\xEF\xBB\xBF", 3); /* BOM */
		if (!rc)
			rc = csv_row(out, heading);
	}
	if (rc) {
		ledger_writer_free(w);
		w = NULL;
	}
	*wp = w;
	return rc;
}

int ledger_writer_row(struct ledger_writer *w, const struct ledger_cells *c)
{
	if (w->format == LEDGER_XLSX)
		return xlsx_row(w, c->cell, NULL, false);
	return csv_row(w->out, c->cell);
}

int ledger_writer_finish(struct ledger_writer *w)
{
	return w->format == LEDGER_XLSX ? xlsx_finish(w) : GA_OK;
}

void ledger_writer_free(struct ledger_writer *w)
{
	if (!w)
		return;
	if (w->wb)
		lxw_workbook_free(w->wb);
	if (w->path[0] && unlink(w->path) && errno != ENOENT)
		log_warn("ledger export: unlink %s: %s", w->path,
			 strerror(errno));
	free(w);
}
