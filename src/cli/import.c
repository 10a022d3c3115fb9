/*
 * guanai import children FILE --db URL --as USERNAME [--dry-run]
 *
 * The ledger import of POST /api/v1/children/import, offline: it acts as
 * the account --as names (its role and scope, as a login would give
 * them), and writes the same audit entries. Problems are printed one a
 * line as "第N行 列名：message"; exit 0 when the file was fine (and, without
 * --dry-run, imported), 1 on problems or failure, 2 on usage.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/permissions.h"
#include "service/child_import.h"
#include "store/account_repo.h"
#include "store/db.h"
#include "util/buf.h"
#include "util/banned.h"

static int read_all(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f) {
		perror(path);
		return 1;
	}
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(out, chunk, n)) {
			fprintf(stderr,
				"guanai: 文件超过 %zu MiB (file larger than "
				"%zu MiB)\n",
				LEDGER_FILE_MAX >> 20, LEDGER_FILE_MAX >> 20);
			rc = 1;
		}
	if (!rc && ferror(f)) {
		perror(path);
		rc = 1;
	}
	fclose(f);
	return rc;
}

/* the account --as names, as a principal with its role and scope */
static int act_as(struct db *db, const char *username, struct principal *p)
{
	memset(p, 0, sizeof(*p));
	if (store_account_by_username(db, username, &p->account)) {
		fprintf(stderr, "guanai: 无此账号 (no such account): %s\n",
			username);
		return 1;
	}
	if (p->account.disabled) {
		fprintf(stderr, "guanai: 账号已停用 (account disabled): %s\n",
			username);
		return 1;
	}
	if (!role_may(p->account.role, ACT_CHILD_WRITE)) {
		fprintf(stderr,
			"guanai: 该账号无权登记儿童 (%s may not register "
			"children)\n",
			username);
		return 1;
	}
	p->authenticated = true;
	principal_set_scope(p);
	return 0;
}

static void print_problems(const struct import_result *res)
{
	for (size_t i = 0; i < res->nproblems; i++) {
		const struct import_problem *p = &res->problems[i];

		if (p->row)
			printf("第%ld行", p->row);
		else
			fputs("文件", stdout);
		printf(" %s：%s\n", p->column[0] ? p->column : "-", p->message);
	}
	if (res->truncated)
		printf("……问题过多，只列出前 %d 个 (only the first %d problems "
		       "are listed)\n",
		       IMPORT_PROBLEMS_MAX, IMPORT_PROBLEMS_MAX);
}

int cmd_import_children(const struct config *cfg, const char *path)
{
	const char *as = config_str(cfg, "as");
	bool dry_run = config_int(cfg, "dry-run") != 0;
	struct request_meta m = {"cli", "", "guanai import"};
	struct import_result res;
	struct ga_error err = {0};
	struct principal who;
	struct db *db = NULL;
	struct buf file;
	int rc = 1;

	if (!as) {
		fputs("usage: guanai import children FILE --db URL --as "
		      "USERNAME [--dry-run]\n",
		      stderr);
		return 2;
	}
	buf_init(&file, LEDGER_FILE_MAX);
	import_result_init(&res);
	if (read_all(path, &file) || cli_load_keys(cfg, true) ||
	    cli_open_db(cfg, &db) || act_as(db, as, &who))
		goto out;
	if (children_import(db, &who, &m, file.ptr, file.len, LEDGER_AUTO,
			    dry_run, children_today(), &res, &err)) {
		print_problems(&res);
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "导入失败 (failed)");
		goto out;
	}
	if (dry_run)
		printf("检查通过，共 %zu 行，未写入 (dry run: %zu rows are "
		       "fine, nothing written)\n",
		       res.rows, res.rows);
	else
		printf("已导入 %zu 名儿童 (imported %zu children)\n",
		       res.imported, res.imported);
	rc = 0;
out:
	import_result_release(&res);
	buf_wipe(&file);
	db_close(db);
	return rc;
}
