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
