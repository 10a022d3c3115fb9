/*
 * user add, audit verify, permissions, demo: the operator's commands.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/password.h"
#include "auth/permissions.h"
#include "crypto/keys.h"
#include "service/account_service.h"
#include "store/db.h"
#include "util/strutil.h"
#include "util/banned.h"

static int read_password(char *out, size_t size)
{
	size_t n;

	if (!fgets(out, (int)size, stdin)) {
		fputs("guanai: no password on standard input\n", stderr);
		return 1;
	}
	n = strcspn(out, "\r\n");
	if (!out[n] && n == size - 1) {
		fputs("guanai: password too long\n", stderr);
		return 1;
	}
	out[n] = '\0';
	return 0;
}

int cmd_user_add(const struct config *cfg)
{
	struct account_new in = {0};
	struct request_meta m = {"cli", "", ""};
	struct ga_error err = {0};
	char password[PASSWORD_MAX_BYTES + 2] = "";
	char temp[17];
	struct account a;
	struct db *db = NULL;
	int rc = 1;

	in.username = config_str(cfg, "username");
	in.role = config_str(cfg, "role");
	in.scope = config_str(cfg, "region");
	if (!in.username || !in.role || !in.scope) {
		fputs("usage: guanai user add --db URL --username U --role R "
		      "--region CODE [--org ORG] [--display-name NAME] "
		      "[--phone P] [--password-stdin] [--temporary]\n",
		      stderr);
		return 2;
	}
	in.display_name = config_str(cfg, "display-name");
	if (!in.display_name)
		in.display_name = in.username;
	in.org = config_str(cfg, "org");
	in.phone = config_str(cfg, "phone");
	in.temporary = config_int(cfg, "temporary") != 0;
	if (config_int(cfg, "password-stdin")) {
		if (read_password(password, sizeof(password)))
			return 1;
		in.password = password;
	}
	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		goto out;
	if (!strcmp(in.role, "none")) {
		fputs("guanai: --role none makes an account that can do "
		      "nothing\n",
		      stderr);
		goto out;
	}
	if (accounts_create(db, NULL, &m, &in, &a, temp, &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "failed");
		goto out;
	}
	printf("账号已创建 (account created): %s, id %lld, %s, %s\n",
	       a.username, (long long)a.id, role_name(a.role), a.scope);
	if (temp[0])
		printf("临时密码 (temporary password, shown once): %s\n", temp);
	rc = 0;
out:
	explicit_bzero(password, sizeof(password));
	db_close(db);
	return rc;
}

int cmd_audit_verify(const struct config *cfg)
{
	struct audit_problem p;
	struct ga_error err = {0};
	char pub[4200];
	int64_t count = 0;
	struct db *db = NULL;
	int rc;

	snprintf(pub, sizeof(pub), "%s.pub", config_str(cfg, "audit-key"));
	if (keys_load_audit_public(pub, &err)) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 2;
	}
	if (cli_open_db(cfg, &db))
		return 2;
	rc = audit_verify(db, &count, &p);
	db_close(db);
	if (rc == GA_EINVAL) {
		printf("审计日志已被篡改 (audit log NOT intact): entry %lld "
		       "%s: %s\n",
		       (long long)p.seq, p.kind, p.detail);
		return 1;
	}
	if (rc) {
		fprintf(stderr, "guanai: cannot read the audit log\n");
		return 2;
	}
	printf("审计日志完整 (audit log intact): %lld entries\n",
	       (long long)count);
	return 0;
}

static void emit(const char *s, void *ctx)
{
	fputs(s, ctx);
}

int cmd_permissions(const struct config *cfg)
{
	if (config_int(cfg, "markdown")) {
		permissions_markdown(emit, stdout);
		return 0;
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		printf("%s", role_name((enum role)r));
		for (int a = 1; a < ACT_COUNT; a++)
			if (role_may((enum role)r, (enum action)a))
				printf(" %s", action_name((enum action)a));
		putchar('\n');
	}
	return 0;
}

/* the demo county: 城口县, a deep-poverty county; 鸡鸣乡, 茶坪村 */
#define DEMO_CITY     "500000000000"
#define DEMO_COUNTY   "500229000000"
#define DEMO_TOWNSHIP "500229212000"
#define DEMO_VILLAGE  "500229212201"

static const char *demo_scope(enum role r)
{
	switch (role_scope_level(r)) {
	case 5: return DEMO_VILLAGE;
	case 4: return DEMO_TOWNSHIP;
	case 3: return DEMO_COUNTY;
	}
	return r == ROLE_REPORTER || r == ROLE_SOCIAL_ORG ? DEMO_COUNTY
							  : DEMO_CITY;
}

int cmd_demo(const struct config *cfg)
{
	struct request_meta m = {"cli", "", ""};
	struct db *db = NULL;
	int made = 0, rc = 1;

	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		goto out;
	for (int r = 1; r < ROLE_COUNT; r++) {
		struct account_new in = {0};
		struct ga_error err = {0};
		char user[40], name[64], temp[17];
		struct account a;

		snprintf(user, sizeof(user), "demo.%s",
			 role_name((enum role)r));
		snprintf(name, sizeof(name), "演示%s",
			 role_title_zh((enum role)r));
		in.username = user;
		in.display_name = name;
		in.role = role_name((enum role)r);
		in.scope = demo_scope((enum role)r);
		in.org = "演示单位";
		if (accounts_create(db, NULL, &m, &in, &a, temp, &err)) {
			if (!strcmp(err.code, "duplicate_username"))
				continue;
			fprintf(stderr, "guanai: %s: %s\n", user, err.message);
			goto out;
		}
		if (!made++)
			printf("演示账号（密码只显示这一次）(demo accounts; "
			       "passwords are shown once):\n");
		printf("  %-22s %-12s %s  %s\n", user, temp, in.scope,
		       role_title_zh((enum role)r));
	}
	if (!made)
		printf(
		    "演示账号已存在 (demo accounts exist; their passwords were "
		    "shown when they were made)\n");
	printf("演示儿童档案将随儿童档案功能提供 (demo children come with the "
	       "registry)\n");
	rc = 0;
out:
	db_close(db);
	return rc;
}
