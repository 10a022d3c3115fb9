/*
 * Configuration as one table of bounded entries (Redis's config.c): each
 * has a name, a type, a default, bounds and a help line. Values come from
 * the defaults, then GUANAI_<NAME> environment variables, then --name
 * flags. Every limit the server enforces is an entry here.
 */
#ifndef GA_CLI_CONFIG_H
#define GA_CLI_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum config_type { CFG_STRING, CFG_INT, CFG_BOOL, CFG_FLAG /* no value */ };

struct config_entry {
	const char *name; /* flag name without "--" */
	enum config_type type;
	const char *default_str; /* CFG_STRING; may be NULL */
	int64_t default_int;	 /* CFG_INT, CFG_BOOL */
	int64_t min, max;
	const char *help;
	unsigned commands; /* which subcommands take it (CMD_*) */
};

enum {
	CMD_INIT = 1 << 0,
	CMD_SERVE = 1 << 1,
	CMD_DEMO = 1 << 2,
	CMD_IMPORT = 1 << 3,
	CMD_USER = 1 << 4,
	CMD_AUDIT = 1 << 5,
	CMD_PERMISSIONS = 1 << 6,
	CMD_DAILY = 1 << 7,
	CMD_EXPORT = 1 << 8, /* export children */
	CMD_IMPORT_CHILDREN = 1 << 9,
};

struct config {
	const char *str[48];
	int64_t num[48];
	bool set[48];
};

extern const struct config_entry config_table[];

void config_defaults(struct config *cfg);
/* GUANAI_* variables; GA_EINVAL (and a message on stderr) when bad */
int config_from_env(struct config *cfg, unsigned command);
/*
 * Parse --name VALUE / --name=VALUE flags from argv[from..argc); positional
 * arguments are collected in pos (at most maxpos). Unknown flags, bad or
 * out-of-range values: GA_EINVAL with a message on stderr.
 */
int config_from_args(struct config *cfg, unsigned command, int argc,
		     char **argv, const char **pos, int maxpos, int *npos);
const char *config_str(const struct config *cfg, const char *name);
int64_t config_int(const struct config *cfg, const char *name);
void config_usage(FILE *out, unsigned command);

#endif
