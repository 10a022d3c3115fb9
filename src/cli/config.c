#include "cli/config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/result.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define ALL                                                                    \
	(CMD_INIT | CMD_SERVE | CMD_DEMO | CMD_IMPORT | CMD_USER | CMD_AUDIT | \
	 CMD_DAILY | CMD_EXPORT | CMD_IMPORT_CHILDREN)
#define KEYS                                                                   \
	(CMD_INIT | CMD_SERVE | CMD_DEMO | CMD_USER | CMD_AUDIT | CMD_DAILY |  \
	 CMD_EXPORT | CMD_IMPORT_CHILDREN)
#define MiB (1024 * 1024)

const struct config_entry config_table[] = {
    {"db", CFG_STRING, "sqlite:var/guanai.db", 0, 0, 0,
     "database URL: sqlite:PATH or postgresql://…", ALL},
    {"data-dir", CFG_STRING, GA_SOURCE_DIR "/data", 0, 0, 0,
     "directory of reference data (divisions, policy tables)",
     CMD_INIT | CMD_SERVE | CMD_DEMO | CMD_USER},
    {"key-file", CFG_STRING, "var/guanai.key", 0, 0, 0,
     "master key for field encryption (made by init; same on every "
     "instance)",
     KEYS},
    {"audit-key", CFG_STRING, "var/audit.key", 0, 0, 0,
     "Ed25519 key signing the audit log (its public half: FILE.pub)", KEYS},
    {"clock-offset-file", CFG_STRING, NULL, 0, 0, 0,
     "testing only: seconds to add to the clock, read from this file",
     CMD_SERVE | CMD_DAILY},
    {"listen", CFG_STRING, "127.0.0.1:8080", 0, 0, 0,
     "address and port to serve on (port 0: any free port)", CMD_SERVE},
    {"web-root", CFG_STRING, GA_SOURCE_DIR "/web/dist", 0, 0, 0,
     "directory of the built web app", CMD_SERVE},
    {"pdf-font", CFG_STRING, "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0,
     0, 0, "TrueType font (.ttf/.ttc) embedded in printed PDFs", CMD_SERVE},
    {"tls-cert", CFG_STRING, NULL, 0, 0, 0,
     "PEM certificate: serve HTTPS directly", CMD_SERVE},
    {"tls-key", CFG_STRING, NULL, 0, 0, 0, "PEM private key for --tls-cert",
     CMD_SERVE},
    {"port-file", CFG_STRING, NULL, 0, 0, 0,
     "write the bound port to this file once listening", CMD_SERVE},
    {"threads", CFG_INT, NULL, 0, 0, 256,
     "worker threads (0: one per CPU core)", CMD_SERVE},
    {"max-connections", CFG_INT, NULL, 1024, 1, 100000,
     "connections served at once", CMD_SERVE},
    {"per-ip-connections", CFG_INT, NULL, 256, 0, 100000,
     "connections from one address at once (0: no limit)", CMD_SERVE},
    {"request-timeout", CFG_INT, NULL, 30, 1, 3600,
     "seconds a connection may stay idle or slow", CMD_SERVE},
    {"header-limit", CFG_INT, NULL, 32768, 4096, 1 * MiB,
     "bytes of request line and headers", CMD_SERVE},
    {"body-limit", CFG_INT, NULL, 1 * MiB, 1024, 64 * MiB,
     "bytes of a request body", CMD_SERVE},
    {"json-depth", CFG_INT, NULL, 32, 2, 512, "deepest nesting of a JSON body",
     CMD_SERVE},
    {"login-rate-max", CFG_INT, NULL, 30, 1, 1000000,
     "login attempts one address may make per 5 minutes", CMD_SERVE},
    {"cache-ttl", CFG_INT, NULL, 300, 0, 86400,
     "seconds reference answers stay cached (0: off)", CMD_SERVE},
    {"db-wait-ms", CFG_INT, NULL, 5000, 1, 60000,
     "milliseconds a request waits for a database connection", CMD_SERVE},
    {"access-log", CFG_BOOL, NULL, 1, 0, 1,
     "one JSON line per request on stdout (0/1)", CMD_SERVE},
    {"log-level", CFG_STRING, "info", 0, 0, 0, "debug, info, warn or error",
     ALL},
    {"children", CFG_INT, NULL, 20, 0, 200000,
     "demo children per county (with --township: in all)", CMD_DEMO},
    {"township", CFG_STRING, NULL, 0, 0, 0,
     "put every demo child in the villages of this township (for large "
     "ledgers one account can export and import)",
     CMD_DEMO},
    {"seed", CFG_INT, NULL, 1, 0, INT32_MAX, "demo random seed", CMD_DEMO},
    {"source", CFG_STRING, "import", 0, 0, 0,
     "name of the list being imported, kept with each division", CMD_IMPORT},
    {"only", CFG_STRING, NULL, 0, 0, 0,
     "import only codes starting with this prefix", CMD_IMPORT},
    {"username", CFG_STRING, NULL, 0, 0, 0, "login name", CMD_USER},
    {"role", CFG_STRING, NULL, 0, 0, 0, "role (see docs/permissions.md)",
     CMD_USER},
    {"region", CFG_STRING, NULL, 0, 0, 0, "scope: 12-digit division code",
     CMD_USER},
    {"org", CFG_STRING, NULL, 0, 0, 0, "organisation", CMD_USER},
    {"display-name", CFG_STRING, NULL, 0, 0, 0,
     "name shown to others (default: the username)", CMD_USER},
    {"phone", CFG_STRING, NULL, 0, 0, 0, "phone number", CMD_USER},
    {"password-stdin", CFG_FLAG, NULL, 0, 0, 1,
     "read the password from standard input", CMD_USER},
    {"temporary", CFG_FLAG, NULL, 0, 0, 1,
     "the password must be changed at first login", CMD_USER},
    {"today", CFG_STRING, NULL, 0, 0, 0,
     "the date to compute for (YYYY-MM-DD; default: today in Beijing)",
     CMD_DAILY},
    /* export children (src/cli/export.c) */
    {"as", CFG_STRING, NULL, 0, 0, 0, "act as this account: its role and scope",
     CMD_EXPORT | CMD_IMPORT_CHILDREN},
    {"dry-run", CFG_FLAG, NULL, 0, 0, 1,
     "check the file and list its problems; write nothing",
     CMD_IMPORT_CHILDREN},
    {"format", CFG_STRING, "xlsx", 0, 0, 0, "xlsx or csv", CMD_EXPORT},
    {"out", CFG_STRING, NULL, 0, 0, 0,
     "file to write (- for standard output; default "
     "ledger-YYYYMMDD.<format>)",
     CMD_EXPORT},
    {"unmask", CFG_FLAG, NULL, 0, 0, 1,
     "full ID numbers and phones (child.unmask; audited)", CMD_EXPORT},
    {"markdown", CFG_FLAG, NULL, 0, 0, 1, "print as Markdown", CMD_PERMISSIONS},
    {NULL, 0, NULL, 0, 0, 0, NULL, 0},
};

static int find(const char *name, size_t len)
{
	for (int i = 0; config_table[i].name; i++)
		if (strlen(config_table[i].name) == len &&
		    !strncmp(config_table[i].name, name, len))
			return i;
	return -1;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (int i = 0; config_table[i].name; i++) {
		cfg->str[i] = config_table[i].default_str;
		cfg->num[i] = config_table[i].default_int;
	}
}

static int set_value(struct config *cfg, int i, const char *value,
		     const char *origin)
{
	const struct config_entry *e = &config_table[i];
	int64_t v;

	switch (e->type) {
	case CFG_STRING:
		if (!*value && strcmp(e->name, "only")) {
			fprintf(stderr, "guanai: %s: --%s needs a value\n",
				origin, e->name);
			return GA_EINVAL;
		}
		cfg->str[i] = value;
		break;
	case CFG_INT:
	case CFG_BOOL:
	case CFG_FLAG:
		if (parse_int64(value, e->min, e->max, &v)) {
			fprintf(stderr,
				"guanai: %s: --%s must be a whole number from "
				"%lld to %lld\n",
				origin, e->name, (long long)e->min,
				(long long)e->max);
			return GA_EINVAL;
		}
		cfg->num[i] = v;
		break;
	}
	cfg->set[i] = true;
	return GA_OK;
}

int config_from_env(struct config *cfg, unsigned command)
{
	for (int i = 0; config_table[i].name; i++) {
		char var[64] = "GUANAI_";
		size_t n = strlen(var);
		const char *v;

		if (!(config_table[i].commands & command))
			continue;
		for (const char *p = config_table[i].name; *p && n < 62; p++)
			var[n++] = *p == '-' ? '_' : (char)toupper(*p);
		var[n] = '\0';
		v = getenv(var);
		if (v && set_value(cfg, i, v, var))
			return GA_EINVAL;
	}
	return GA_OK;
}

int config_from_args(struct config *cfg, unsigned command, int argc,
		     char **argv, const char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int a = 0; a < argc; a++) {
		const char *arg = argv[a];
		const char *eq, *value;
		int i;

		if (strncmp(arg, "--", 2)) {
			if (*npos == maxpos) {
				fprintf(stderr,
					"guanai: unexpected argument "
					"'%s'\n",
					arg);
				return GA_EINVAL;
			}
			pos[(*npos)++] = arg;
			continue;
		}
		arg += 2;
		eq = strchr(arg, '=');
		i = find(arg, eq ? (size_t)(eq - arg) : strlen(arg));
		if (i < 0 || !(config_table[i].commands & command)) {
			fprintf(stderr, "guanai: unknown option '%s'\n",
				argv[a]);
			return GA_EINVAL;
		}
		if (config_table[i].type == CFG_FLAG) {
			if (eq) {
				fprintf(stderr, "guanai: --%s takes no value\n",
					config_table[i].name);
				return GA_EINVAL;
			}
			cfg->num[i] = 1;
			cfg->set[i] = true;
			continue;
		}
		if (eq) {
			value = eq + 1;
		} else if (a + 1 < argc) {
			value = argv[++a];
		} else {
			fprintf(stderr, "guanai: --%s needs a value\n", arg);
			return GA_EINVAL;
		}
		if (set_value(cfg, i, value, "option"))
			return GA_EINVAL;
	}
	return GA_OK;
}

const char *config_str(const struct config *cfg, const char *name)
{
	int i = find(name, strlen(name));

	if (i < 0)
		BUG("no config entry %s", name);
	return cfg->str[i];
}

int64_t config_int(const struct config *cfg, const char *name)
{
	int i = find(name, strlen(name));

	if (i < 0)
		BUG("no config entry %s", name);
	return cfg->num[i];
}

void config_usage(FILE *out, unsigned command)
{
	for (int i = 0; config_table[i].name; i++) {
		const struct config_entry *e = &config_table[i];

		if (!(e->commands & command))
			continue;
		if (e->type == CFG_FLAG)
			fprintf(out, "  --%-20s %s\n", e->name, e->help);
		else if (e->type == CFG_STRING)
			fprintf(out, "  --%-20s %s%s%s%s\n", e->name, e->help,
				e->default_str ? " [" : "",
				e->default_str ? e->default_str : "",
				e->default_str ? "]" : "");
		else
			fprintf(out, "  --%-20s %s [%lld]\n", e->name, e->help,
				(long long)e->default_int);
	}
}
