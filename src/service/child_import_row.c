/*
 * One ledger row → one struct child_record: each cell read with the
 * ledger's Chinese words (domain/ledger.h), every cell that cannot be read
 * reported with its row and heading. The rules themselves (valid ID, dates,
 * village in scope …) are child_validate's, run afterwards.
 */
#include "service/child_import_row.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idcard.h"
#include "service/child_validate.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

struct rowctx {
	const struct ledger_sheet *s;
	const struct import_cols *c;
	size_t row;
	struct import_row *st;
	struct import_result *res;
};

const char *import_heading(const struct import_cols *c, enum ledger_col col)
{
	const char *h = c->heading[col];

	return h && strlen(h) < sizeof(((struct import_problem *)0)->column)
		   ? h
		   : ledger_columns[col].heading;
}

void import_problem(struct import_result *res, long row, const char *column,
		    const char *code, const char *fmt, ...)
{
	struct import_problem *p;
	va_list ap;

	if (res->nproblems >= IMPORT_PROBLEMS_MAX) {
		res->truncated = true;
		return;
	}
	if (res->nproblems == res->aproblems) {
		res->aproblems = res->aproblems ? res->aproblems * 2 : 16;
		res->problems = xrealloc(res->problems,
					 st_mult(res->aproblems, sizeof(*p)));
	}
	p = &res->problems[res->nproblems++];
	p->row = row;
	str_copy(p->column, sizeof(p->column), column ? column : "");
	str_copy(p->code, sizeof(p->code), code);
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

static void bad(struct rowctx *x, enum ledger_col col, const char *code,
		const char *msg)
{
	x->st->bad |= (uint64_t)1 << col;
	import_problem(x->res, x->st->line, import_heading(x->c, col), code,
		       "%s", msg);
}

/* the cell of a ledger column, spaces trimmed, into a scratch buffer */
static const char *cell(struct rowctx *x, enum ledger_col col, unsigned *flags,
			char *out, size_t size)
{
	const char *v =
	    ledger_cell(x->s, x->c->header + 1 + x->row, x->c->idx[col], flags);
	size_t n;

	if (x->c->idx[col] < 0)
		v = "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	/* the export's formula guard: '+86… is +86… */
	if (v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' ||
		     v[n - 1] == '\n'))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	return out;
}

/* a text cell into dst (max bytes), refusing what is too long */
static void text(struct rowctx *x, enum ledger_col col, char *dst, size_t size,
		 size_t max)
{
	char v[LEDGER_CELL_MAX + 1];

	cell(x, col, NULL, v, sizeof(v));
	if (strlen(v) > max || strlen(v) >= size) {
		bad(x, col, "too_long", "内容过长 (too long)");
		return;
	}
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n') {
			bad(x, col, "invalid_text",
			    "含有控制字符 (contains control characters)");
			return;
		}
	memcpy(dst, v, strlen(v) + 1);
}

/* 是/否; empty gives def */
static bool yes_no(struct rowctx *x, enum ledger_col col, bool def)
{
	char v[64];
	int b;

	if (!*cell(x, col, NULL, v, sizeof(v)))
		return def;
	b = ledger_yes_no(v);
	if (b < 0)
		bad(x, col, "invalid_value",
		    "应填“是”或“否” (must be 是 or 否)");
	return b > 0;
}

/* a coded value by its Chinese word; -1 (and a problem) when unknown */
static int word(struct rowctx *x, enum ledger_col col,
		int (*from)(const char *), const char *(*zh)(int),
		bool required)
{
	char v[256], allowed[400] = "";
	size_t n = 0;
	int e;

	if (!*cell(x, col, NULL, v, sizeof(v))) {
		if (required)
			bad(x, col, "missing_value", "请填写此项 (required)");
		return -1;
	}
	e = from(v);
	if (e >= 0)
		return e;
	for (int i = 0; *zh(i) && n < sizeof(allowed); i++)
		n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s",
				      i ? "、" : "", zh(i));
	x->st->bad |= (uint64_t)1 << col;
	import_problem(
	    x->res, x->st->line, import_heading(x->c, col), "invalid_value",
	    "“%.60s”不是可接受的取值，应为：%s (not one of the allowed "
	    "values)",
	    v, allowed);
	return -1;
}

/* An ID number cell; an 18-digit number stored as a number is taken. */
static void id_number(struct rowctx *x, enum ledger_col col, char *dst,
		      size_t size)
{
	char v[64];
	unsigned flags;
	size_t n;

	cell(x, col, &flags, v, sizeof(v));
	n = strlen(v);
	if ((flags & LEDGER_CELL_NUMBER) &&
	    !(n == 18 && str_all_digits(v, n))) {
		bad(x, col, "id_number_as_number",
		    "身份证号被存成了数字，末几位已丢失；请把该列设为“文本”"
		    "格式后重新填写 (the ID number was stored as a number and "
		    "lost digits: format the column as text)");
		return;
	}
	if (n > 18 || n >= size) {
		bad(x, col, "invalid_id_number",
		    idcard_error_text(IDCARD_LENGTH));
		return;
	}
	if (n && v[n - 1] == 'x')
		v[n - 1] = 'X';
	memcpy(dst, v, n + 1);
}

/* bytes of a date separator at p: - / . 年 月; 0 for none */
static size_t date_sep(const char *p)
{
	if (*p == '-' || *p == '/' || *p == '.')
		return 1;
	return !strncmp(p, "年", 3) || !strncmp(p, "月", 3) ? 3 : 0;
}

/* YYYY-MM-DD from a date cell: an Excel serial number or common text forms */
static void date_cell(struct rowctx *x, enum ledger_col col, char out[11])
{
	char v[64];
	unsigned flags;
	long y, m, d;
	const char *p;
	char *end;

	out[0] = '\0';
	if (!*cell(x, col, &flags, v, sizeof(v)))
		return;
	if (flags & LEDGER_CELL_NUMBER) {
		if (ledger_serial_date(v, out))
			bad(x, col, "invalid_date",
			    "日期数值无效 (not a date serial number)");
		return;
	}
	p = v;
	if (strlen(v) == 8 && str_all_digits(v, 8)) {
		snprintf(out, 11, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
		return;
	}
	y = strtol(p, &end, 10);
	if (end - p == 4 && date_sep(end)) {
		p = end + date_sep(end);
		m = strtol(p, &end, 10);
		if (end - p >= 1 && end - p <= 2 && date_sep(end)) {
			p = end + date_sep(end);
			d = strtol(p, &end, 10);
			if (end - p >= 1 && end - p <= 2 &&
			    (!*end || *end == ' ' || *end == 'T' ||
			     !strcmp(end, "日"))) {
				snprintf(out, 11, "%04d-%02d-%02d", (int)y,
					 (int)m, (int)d);
				return;
			}
		}
	}
	/* leave it as written: child_validate names it an invalid date */
	str_copy(out, 11, v);
	if (strlen(v) > 10) {
		out[0] = '\0';
		bad(x, col, "invalid_date",
		    "日期应写作 YYYY-MM-DD (date must be YYYY-MM-DD)");
	}
}

static void sex_cell(struct rowctx *x, struct child_record *r)
{
	char v[32];

	cell(x, LC_SEX, NULL, v, sizeof(v));
	if (!strcmp(v, "男") || !strcmp(v, "男性"))
		r->sex = SEX_MALE;
	else if (!strcmp(v, "女") || !strcmp(v, "女性"))
		r->sex = SEX_FEMALE;
	else if (!v[0])
		bad(x, LC_SEX, "missing_value", "请填写性别 (sex is required)");
	else
		bad(x, LC_SEX, "invalid_value",
		    "性别应填“男”或“女” (sex must be 男 or 女)");
}

static void ethnicity_cell(struct rowctx *x, struct child_record *r)
{
	char v[CHILD_SHORT_MAX + 8];

	text(x, LC_ETHNICITY, r->ethnicity, sizeof(r->ethnicity),
	     CHILD_SHORT_MAX);
	/* "汉" is often written for "汉族" */
	snprintf(v, sizeof(v), "%s族", r->ethnicity);
	if (r->ethnicity[0] && !child_ethnicity_ok(r->ethnicity) &&
	    child_ethnicity_ok(v))
		str_copy(r->ethnicity, sizeof(r->ethnicity), v);
}

static void grade_cell(struct rowctx *x, enum ledger_col col, int *grade)
{
	static const char *const zh[] = {"一级", "二级", "三级", "四级"};
	char v[32];

	if (!*cell(x, col, NULL, v, sizeof(v)))
		return;
	for (int i = 0; i < 4; i++) {
		char digit[8];

		snprintf(digit, sizeof(digit), "%d", i + 1);
		if (!strcmp(v, zh[i]) || !strcmp(v, digit) ||
		    (!strncmp(v, digit, 1) && !strcmp(v + 1, "级"))) {
			*grade = i + 1;
			return;
		}
	}
	bad(x, col, "invalid_value",
	    "残疾等级应为一级至四级 (disability grade is 一级–四级)");
}

static void assistance_cell(struct rowctx *x, struct child_record *r)
{
	char v[1024], *p, *save = NULL;

	cell(x, LC_ASSISTANCE, NULL, v, sizeof(v));
	if (!v[0] || !strcmp(v, "无"))
		return;
	/* words joined by 、 (or , ， ; ；/ and spaces): make them one sep */
	for (p = v; *p; p++) {
		if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) ||
		    !strncmp(p, "；", 3)) {
			memset(p, ',', 3);
			p += 2;
		} else if (*p == ';' || *p == '/' || *p == ' ') {
			*p = ',';
		}
	}
	for (p = strtok_r(v, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		int bit = ledger_assistance_from_zh(p);

		if (bit > 0) {
			r->assistance |= (unsigned)bit;
			continue;
		}
		x->st->bad |= (uint64_t)1 << LC_ASSISTANCE;
		import_problem(
		    x->res, x->st->line, import_heading(x->c, LC_ASSISTANCE),
		    "invalid_value",
		    "“%.60s”不是可接受的救助类型 (unknown assistance)", p);
	}
}

/* 父亲… or 母亲… columns: a family member when any of them is filled */
static void parent(struct rowctx *x, struct child_record *r, bool father)
{
	enum ledger_col name = father ? LC_FATHER_NAME : LC_MOTHER_NAME,
			idc = father ? LC_FATHER_ID : LC_MOTHER_ID,
			phone = father ? LC_FATHER_PHONE : LC_MOTHER_PHONE,
			sit =
			    father ? LC_FATHER_SITUATION : LC_MOTHER_SITUATION,
			work = father ? LC_FATHER_WORK_PLACE
				      : LC_MOTHER_WORK_PLACE,
			last = father ? LC_FATHER_MENTAL : LC_MOTHER_MENTAL;
	struct member_record *m;
	char v[8];
	bool any = false;
	int e;

	for (enum ledger_col c = name; c <= last; c++)
		any |= *cell(x, c, NULL, v, sizeof(v)) != '\0';
	if (!any || r->nfamily >= CHILD_FAMILY_MAX)
		return;
	x->st->family_col[r->nfamily] = (int)name;
	m = &r->family[r->nfamily++];
	m->relation = father ? REL_FATHER : REL_MOTHER;
	text(x, name, m->name, sizeof(m->name), CHILD_NAME_MAX);
	id_number(x, idc, m->id_number, sizeof(m->id_number));
	text(x, phone, m->phone, sizeof(m->phone), 20);
	text(x, work, m->work_place, sizeof(m->work_place), CHILD_TEXT_MAX);
	e = word(x, sit, ledger_situation_from_zh, ledger_situation_zh, false);
	if (e >= 0)
		m->situation = (enum situation)e;
	else
		m->situation = m->work_place[0] ? SIT_MIGRANT : SIT_HOME;
	/* the dates and disability the rules need (6 months, grade) */
	date_cell(x, (enum ledger_col)(work + 1), m->since);
	date_cell(x, (enum ledger_col)(work + 2), m->until);
	date_cell(x, (enum ledger_col)(work + 3), m->police_accepted);
	grade_cell(x, (enum ledger_col)(work + 4), &m->disability_grade);
	m->disability_mental = yes_no(x, (enum ledger_col)(work + 5), false);
}

static void guardian(struct rowctx *x, struct child_record *r)
{
	struct guardian_record *g = &r->guardian;
	int e = word(x, LC_GUARDIAN, ledger_guardian_from_zh,
		     ledger_guardian_zh, true);

	if (e >= 0)
		g->type = (enum guardian_type)e;
	text(x, LC_GUARDIAN_NAME, g->name, sizeof(g->name), CHILD_NAME_MAX);
	id_number(x, LC_GUARDIAN_ID, g->id_number, sizeof(g->id_number));
	text(x, LC_GUARDIAN_PHONE, g->phone, sizeof(g->phone), 20);
	text(x, LC_GUARDIAN_RELATION, g->relation, sizeof(g->relation),
	     CHILD_SHORT_MAX);
	text(x, LC_GUARDIAN_ADDRESS, g->address, sizeof(g->address),
	     CHILD_TEXT_MAX);
	e = word(x, LC_GUARDIANSHIP, ledger_guardianship_from_zh,
		 ledger_guardianship_zh, true);
	r->guardianship = e >= 0 ? (enum guardianship_level)e : GL_FAIR;
}

void import_row_record(const struct ledger_sheet *s,
		       const struct import_cols *c, size_t row,
		       struct child_record *r, struct import_row *st,
		       struct import_result *res)
{
	struct rowctx x = {s, c, row, st, res};
	char v[16];
	int e;

	memset(r, 0, sizeof(*r));
	st->line = s->rows[c->header + 1 + row].line;
	st->bad = 0;
	r->guardianship = GL_FAIR;
	text(&x, LC_NAME, r->name, sizeof(r->name), CHILD_NAME_MAX);
	sex_cell(&x, r);
	ethnicity_cell(&x, r);
	id_number(&x, LC_ID_NUMBER, r->id_number, sizeof(r->id_number));
	date_cell(&x, LC_BIRTH_DATE, r->birth_date);
	r->no_hukou = !yes_no(&x, LC_HAS_HUKOU, true);
	if (r->no_hukou)
		text(&x, LC_NO_HUKOU_REASON, r->no_hukou_reason,
		     sizeof(r->no_hukou_reason), CHILD_TEXT_MAX);
	text(&x, LC_HUKOU_PLACE, r->hukou_place, sizeof(r->hukou_place),
	     CHILD_TEXT_MAX);
	r->rural_hukou = yes_no(&x, LC_RURAL_HUKOU, false);
	cell(&x, LC_REGION, NULL, v, sizeof(v));
	str_copy(r->region, sizeof(r->region), v);
	text(&x, LC_ADDRESS, r->address, sizeof(r->address), CHILD_TEXT_MAX);
	e = word(&x, LC_SCHOOL, ledger_school_from_zh, ledger_school_zh, true);
	r->school = e >= 0 ? (enum school_status)e : SCHOOL_NOT_ENROLLED;
	r->boarding = yes_no(&x, LC_BOARDING, false);
	text(&x, LC_SCHOOL_NAME, r->school_name, sizeof(r->school_name),
	     CHILD_TEXT_MAX);
	text(&x, LC_GRADE, r->grade, sizeof(r->grade), CHILD_SHORT_MAX);
	e = word(&x, LC_HEALTH, ledger_health_from_zh, ledger_health_zh, true);
	r->health = e >= 0 ? (enum health)e : HEALTH_HEALTHY;
	text(&x, LC_ILLNESS, r->illness, sizeof(r->illness), CHILD_TEXT_MAX);
	r->serious_illness = yes_no(&x, LC_SERIOUS_ILLNESS, false);
	text(&x, LC_DISABILITY_CATEGORY, r->disability_category,
	     sizeof(r->disability_category), CHILD_SHORT_MAX);
	grade_cell(&x, LC_DISABILITY_GRADE, &r->disability_grade);
	assistance_cell(&x, r);
	parent(&x, r, true);
	parent(&x, r, false);
	guardian(&x, r);
	text(&x, LC_NOTES, r->notes, sizeof(r->notes), CHILD_NOTES_MAX);
}

void import_row_id(const struct ledger_sheet *s, const struct import_cols *c,
		   size_t row, char out[19])
{
	const char *v =
	    ledger_cell(s, c->header + 1 + row, c->idx[LC_ID_NUMBER], NULL);
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strcspn(v, " \t\r\n");
	out[0] = '\0';
	if (c->idx[LC_ID_NUMBER] < 0 || n != 18)
		return;
	memcpy(out, v, 18);
	out[18] = '\0';
	if (out[17] == 'x')
		out[17] = 'X';
}
