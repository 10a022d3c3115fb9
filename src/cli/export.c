/*
 * guanai export children --db URL --as USERNAME [--format xlsx|csv]
 *                        [--out FILE] [--unmask] [FILTER=VALUE…]
 *
 * The ledger export of GET /api/v1/children/export.*, offline: it acts as
 * the account --as names (its role and scope, as a login would give them),
 * takes the same filters as name=value arguments (region=500229212201
 * category=left_behind …), and is audited the same way. --out - writes to
 * standard output; the default is ledger-YYYYMMDD.<format> here.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "crypto/keys.h"
#include "service/child_export.h"
#include "store/db.h"
#include "util/banned.h"

static int usage(void)
{
	fputs("usage: guanai export children --db URL --as USERNAME "
	      "[--format xlsx|csv] [--out FILE|-] [--unmask] "
	      "[FILTER=VALUE…]\n"
	      "filters: region category key_flag school_status "
	      "guardianship_level age_min age_max name archived\n",
	      stderr);
	return 2;
}

static int write_out(const char *path, const struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	int rc = 0;

	if (!f) {
		perror(path);
		return 1;
	}
	if (fwrite(b->ptr, 1, b->len, f) != b->len)
		rc = 1;
	if (f != stdout ? fclose(f) : fflush(f))
		rc = 1;
	if (rc)
		fprintf(stderr, "guanai: 写入 %s 失败 (cannot write %s)\n",
			path, path);
	return rc;
}

/* the filters given as name=value arguments */
static int set_filters(struct child_export_query *x, const char *const *pos,
		       int npos, struct ga_error *err)
{
	static char keys[16][32];

	for (int i = 0; i < npos && i < 16; i++) {
		const char *eq = strchr(pos[i], '=');
		size_t n = eq ? (size_t)(eq - pos[i]) : 0;
		int rc;

		if (!eq || !n || n >= sizeof(keys[i]))
			return ga_error_set(err, GA_EINVAL, "invalid_filter",
					    "",
					    "筛选条件应写作 名称=值 "
					    "(filters are NAME=VALUE): %s",
					    pos[i]);
		memcpy(keys[i], pos[i], n);
		keys[i][n] = '\0';
		rc = child_export_filter(x, keys[i], eq + 1, err);
		if (rc)
			return rc;
	}
	return GA_OK;
}

int cmd_export_children(const struct config *cfg, const char *const *pos,
			int npos)
{
	const char *as = config_str(cfg, "as");
	const char *format = config_str(cfg, "format");
	const char *out = config_str(cfg, "out");
	struct request_meta m = {"cli", "", ""};
	struct ga_error err = {0};
	struct child_export_query x;
	struct principal who;
	struct db *db = NULL;
	struct buf data;
	char name[40];
	long rows = 0;
	int rc = 1;

	if (!as || (strcmp(format, "xlsx") && strcmp(format, "csv")))
		return usage();
	child_export_query_init(&x, strcmp(format, "xlsx") ? LEDGER_CSV
							   : LEDGER_XLSX);
	x.unmask = config_int(cfg, "unmask") != 0;
	buf_init(&data, CHILD_EXPORT_BYTES_MAX);
	if (set_filters(&x, pos, npos, &err)) {
		fprintf(stderr, "guanai: %s\n", err.message);
		rc = 2;
		goto out;
	}
	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		goto out;
	if (child_export_principal(db, as, &who, &err) ||
	    children_export(db, &who, &m, &x, children_today(), &data, &rows,
			    &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message
				       : "导出失败 (export failed)");
		goto out;
	}
	if (!out) {
		struct date d = children_today();

		snprintf(name, sizeof(name), "ledger-%04u%02u%02u.%s",
			 (unsigned)d.y % 10000, (unsigned)d.m % 100,
			 (unsigned)d.d % 100, format);
		out = name;
	}
	rc = write_out(out, &data);
	if (!rc)
		fprintf(stderr, "已导出 %ld 行 (exported %ld rows): %s\n", rows,
			rows, out);
out:
	buf_wipe(&data);
	if (db)
		db_close(db);
	return rc;
}
