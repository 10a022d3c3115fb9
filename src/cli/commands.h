/* The subcommands of the guanai binary (src/cli/). */
#ifndef GA_CLI_COMMANDS_H
#define GA_CLI_COMMANDS_H

#include "cli/config.h"

int cmd_init(const struct config *cfg);
int cmd_serve(const struct config *cfg);
int cmd_regions_import(const struct config *cfg, const char *path);
int cmd_routes(void);

#endif
