#include "io/region_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "util/strutil.h"
#include "util/banned.h"

struct columns {
	int code, name, parent, kind, zone, overlaps;
};

static int bad_line(struct ga_error *err, long line, const char *what)
{
	return ga_error_set(err, GA_EINVAL, "invalid_region_file", "file",
			    "第 %ld 行：%s (line %ld)", line, what, line);
}

static int find_columns(const struct csv *c, struct columns *col)
{
	col->code = csv_find(c, "code");
	col->name = csv_find(c, "name");
	col->parent = csv_find(c, "parent");
	if (col->parent < 0)
		col->parent = csv_find(c, "parent_code");
	col->kind = csv_find(c, "kind");
	col->zone = csv_find(c, "zone");
	col->overlaps = csv_find(c, "overlaps");
	return col->code >= 0 && col->name >= 0 ? GA_OK : GA_EINVAL;
}

static const char *field(const struct csv *c, int idx)
{
	return idx >= 0 && idx < c->nfields ? c->field[idx] : "";
}

/* Fill r from the current record; 1 to skip the row, 0 to use it, <0 error */
static int parse_row(const struct csv *c, const struct columns *col,
		     struct region *r, struct ga_error *err)
{
	const char *code = field(c, col->code);
	const char *name = field(c, col->name);
	const char *parent = field(c, col->parent);
	const char *kind = field(c, col->kind);
	size_t name_len = strlen(name);

	memset(r, 0, sizeof(*r));
	if (!region_code_pad(code, strlen(code), r->code))
		return bad_line(err, c->line,
				"行政区划代码无效 (invalid code)");
	if (!name_len || name_len >= sizeof(r->name) ||
	    !utf8_valid(name, name_len))
		return bad_line(err, c->line, "名称无效 (invalid name)");
	r->level = region_code_level(r->code);
	if (r->level == REGION_CITY && region_is_municipality(r->code))
		return 1; /* 市辖区 / 县 placeholders of a municipality */
	str_copy(r->name, sizeof(r->name), name);
	if (col->parent >= 0 && *parent) {
		if (!region_code_pad(parent, strlen(parent), r->parent))
			return bad_line(err, c->line,
					"上级代码无效 (invalid parent code)");
	} else {
		/* no parent column, or an empty cell: the code implies it */
		region_code_parent(r->code, r->parent);
	}
	if (*kind && strlen(kind) < sizeof(r->kind))
		str_copy(r->kind, sizeof(r->kind), kind);
	else
		str_copy(r->kind, sizeof(r->kind),
			 region_kind_guess(r->code, r->name));
	r->zone = !strcmp(field(c, col->zone), "1");
	if (strlen(field(c, col->overlaps)) >= sizeof(r->overlaps))
		return bad_line(err, c->line,
				"重叠区县过多 (overlaps too long)");
	str_copy(r->overlaps, sizeof(r->overlaps), field(c, col->overlaps));
	return 0;
}

int region_file_read(const char *path, const char *only_prefix,
		     region_row_fn fn, void *ctx, struct ga_error *err)
{
	struct columns col;
	struct region r;
	struct csv c;
	FILE *f = fopen(path, "rb");
	int rc;

	if (!f)
		return ga_error_set(err, GA_EIO, "file_unreadable", "file",
				    "无法读取文件 %s (cannot read file): %s",
				    path, strerror(errno));
	csv_init(&c, f);
	rc = csv_next(&c);
	if (rc != GA_ROW || find_columns(&c, &col)) {
		rc = ga_error_set(err, GA_EINVAL, "invalid_region_file", "file",
				  "首行应为表头，至少含 code 和 name 列 "
				  "(the first line must be a header with code "
				  "and name columns)");
		goto out;
	}
	while ((rc = csv_next(&c)) == GA_ROW) {
		const char *code = field(&c, col.code);
		int skip;

		if (c.nfields == 1 && !*c.field[0])
			continue; /* blank line */
		if (only_prefix && !str_starts_with(code, only_prefix))
			continue;
		skip = parse_row(&c, &col, &r, err);
		if (skip < 0) {
			rc = skip;
			goto out;
		}
		if (skip)
			continue;
		rc = fn(&r, ctx);
		if (rc)
			goto out;
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	else if (rc == GA_EIO)
		ga_error_set(err, rc, "file_unreadable", "file",
			     "第 %ld 行之后读取失败 (reading failed after line "
			     "%ld)",
			     c.line, c.line);
	else if (rc == GA_EINVAL)
		bad_line(err, c.line, "CSV 格式错误 (malformed CSV)");
	else if (rc == GA_ETOOBIG)
		ga_error_set(err, rc, "invalid_region_file", "file",
			     "第 %ld 行过长 (line %ld too long)", c.line,
			     c.line);
out:
	csv_release(&c);
	fclose(f);
	return rc;
}
