/* The subcommands of the guanai binary (src/cli/). */
#ifndef GA_CLI_COMMANDS_H
#define GA_CLI_COMMANDS_H

#include "cli/config.h"

int cmd_init(const struct config *cfg);
int cmd_serve(const struct config *cfg);
int cmd_regions_import(const struct config *cfg, const char *path);
int cmd_routes(void);
int cmd_user_add(const struct config *cfg);
int cmd_audit_verify(const struct config *cfg);
int cmd_permissions(const struct config *cfg);
int cmd_demo(const struct config *cfg);
int cmd_daily(const struct config *cfg);
int cmd_import_children(const struct config *cfg, const char *path);
int cmd_export_children(const struct config *cfg, const char *const *pos,
			int npos);

/* shared by the commands: open --db and migrate; load the key files */
struct db;
int cli_open_db(const struct config *cfg, struct db **db);
int cli_load_keys(const struct config *cfg, bool need_audit_secret);

#endif
