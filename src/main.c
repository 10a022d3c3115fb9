/* guanai: the command line. Subcommands live in src/cli/. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/config.h"
#include "util/log.h"
#include "util/result.h"
#include "util/banned.h"

static void usage(FILE *out)
{
	fputs(
	    "guanai " GA_VERSION " — 农村留守儿童和困境儿童关爱服务信息系统\n"
	    "(care services for rural left-behind children and children in "
	    "difficult circumstances)\n\n"
	    "usage:\n"
	    "  guanai init    --db URL      create or migrate the schema, "
	    "load divisions\n"
	    "  guanai serve   --db URL --listen ADDR:PORT [--tls-cert F "
	    "--tls-key F]\n"
	    "  guanai regions import FILE --db URL   load a division list "
	    "(CSV)\n"
	    "  guanai user add --db URL --username U --role R --region CODE\n"
	    "                  [--org ORG] [--password-stdin] [--temporary]\n"
	    "  guanai demo    --db URL [--children N] [--township CODE]\n"
	    "                 demo accounts, one per role, and demo children\n"
	    "  guanai import children FILE --db URL --as USER [--dry-run]\n"
	    "                  import a ledger (CSV or XLSX), all rows or "
	    "none\n"
	    "  guanai export children --db URL --as USER [--format xlsx|csv]\n"
	    "                  [--out FILE|-] [--unmask] [FILTER=VALUE…]  the "
	    "ledger\n"
	    "  guanai audit verify --db URL  check the audit chain (exit 1 "
	    "when broken)\n"
	    "  guanai permissions [--markdown]  the permission matrix\n"
	    "  guanai routes                 list the API routes\n"
	    "  guanai --help | --version\n\n"
	    "A database URL is sqlite:PATH or postgresql://USER@HOST:PORT/DB.\n"
	    "Every option can also be set as GUANAI_<NAME> (e.g. GUANAI_DB).\n",
	    out);
	fputs("\noptions of serve:\n", out);
	config_usage(out, CMD_SERVE);
	fputs("\noptions of init:\n", out);
	config_usage(out, CMD_INIT);
	fputs("\noptions of regions import:\n", out);
	config_usage(out, CMD_IMPORT);
}

static int load_config(struct config *cfg, unsigned command, int argc,
		       char **argv, const char **pos, int maxpos, int *npos)
{
	enum log_level level;

	config_defaults(cfg);
	if (config_from_env(cfg, command) ||
	    config_from_args(cfg, command, argc, argv, pos, maxpos, npos))
		return 2;
	if (log_parse_level(config_str(cfg, "log-level"), &level)) {
		fprintf(stderr, "guanai: --log-level must be debug, info, warn "
				"or error\n");
		return 2;
	}
	log_min_level = level;
	return 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	const char *pos[2];
	int npos = 0;
	const char *cmd = argc > 1 ? argv[1] : "";
	int rc;

	if (sodium_init() < 0) {
		fputs("guanai: libsodium failed to initialise\n", stderr);
		return 1;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") ||
	    !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("guanai %s\n", GA_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "init")) {
		rc = load_config(&cfg, CMD_INIT, argc - 2, argv + 2, pos, 0,
				 &npos);
		return rc ? rc : cmd_init(&cfg);
	}
	if (!strcmp(cmd, "serve")) {
		rc = load_config(&cfg, CMD_SERVE, argc - 2, argv + 2, pos, 0,
				 &npos);
		return rc ? rc : cmd_serve(&cfg);
	}
	if (!strcmp(cmd, "regions") && argc > 2 && !strcmp(argv[2], "import")) {
		rc = load_config(&cfg, CMD_IMPORT, argc - 3, argv + 3, pos, 1,
				 &npos);
		if (!rc && npos != 1) {
			fputs("usage: guanai regions import FILE --db URL\n",
			      stderr);
			rc = 2;
		}
		return rc ? rc : cmd_regions_import(&cfg, pos[0]);
	}
	if (!strcmp(cmd, "routes"))
		return cmd_routes();
	if (!strcmp(cmd, "user") && argc > 2 && !strcmp(argv[2], "add")) {
		rc = load_config(&cfg, CMD_USER, argc - 3, argv + 3, pos, 0,
				 &npos);
		return rc ? rc : cmd_user_add(&cfg);
	}
	if (!strcmp(cmd, "audit") && argc > 2 && !strcmp(argv[2], "verify")) {
		rc = load_config(&cfg, CMD_AUDIT, argc - 3, argv + 3, pos, 0,
				 &npos);
		return rc ? rc : cmd_audit_verify(&cfg);
	}
	if (!strcmp(cmd, "permissions")) {
		rc = load_config(&cfg, CMD_PERMISSIONS, argc - 2, argv + 2, pos,
				 0, &npos);
		return rc ? rc : cmd_permissions(&cfg);
	}
	if (!strcmp(cmd, "export") && argc > 2 &&
	    !strcmp(argv[2], "children")) {
		const char *filters[16];

		rc = load_config(&cfg, CMD_EXPORT, argc - 3, argv + 3, filters,
				 16, &npos);
		return rc ? rc : cmd_export_children(&cfg, filters, npos);
	}
	if (!strcmp(cmd, "import") && argc > 2 &&
	    !strcmp(argv[2], "children")) {
		rc = load_config(&cfg, CMD_IMPORT_CHILDREN, argc - 3, argv + 3,
				 pos, 1, &npos);
		if (!rc && npos != 1) {
			fputs("usage: guanai import children FILE --db URL "
			      "--as USER [--dry-run]\n",
			      stderr);
			rc = 2;
		}
		return rc ? rc : cmd_import_children(&cfg, pos[0]);
	}
	if (!strcmp(cmd, "daily")) {
		rc = load_config(&cfg, CMD_DAILY, argc - 2, argv + 2, pos, 0,
				 &npos);
		return rc ? rc : cmd_daily(&cfg);
	}
	if (!strcmp(cmd, "demo")) {
		rc = load_config(&cfg, CMD_DEMO, argc - 2, argv + 2, pos, 0,
				 &npos);
		return rc ? rc : cmd_demo(&cfg);
	}
	usage(stderr);
	return 2;
}
