/*
 * Unit tests for src/cli/config.h: the table's own consistency, defaults,
 * --name value / --name=value flags, bounds, positional arguments, the
 * GUANAI_* environment and the order defaults < environment < flags.
 * (The rejections print one line each on stderr; that is expected.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/config.h"
#include "util/result.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MiB  (1024 * 1024)

static int table_size(void)
{
	int n = 0;

	while (config_table[n].name)
		n++;
	return n;
}

static int table_index(const char *name)
{
	for (int i = 0; config_table[i].name; i++)
		if (!strcmp(config_table[i].name, name))
			return i;
	fail_msg("no config entry %s", name);
	return -1;
}

static void table_is_consistent(void **state)
{
	struct config cfg;
	int n = table_size();

	(void)state;
	/* struct config has room for every entry */
	assert_true(n <= (int)N(cfg.num));
	assert_true(n <= (int)N(cfg.str));
	assert_true(n <= (int)N(cfg.set));
	for (int i = 0; i < n; i++) {
		const struct config_entry *e = &config_table[i];

		assert_non_null(e->help);
		assert_true(e->commands != 0);
		/* GUANAI_<NAME> must fit config_from_env's buffer */
		assert_true(strlen(e->name) < 50);
		for (int j = 0; j < i; j++)
			if (!strcmp(config_table[j].name, e->name))
				fail_msg("duplicate entry %s", e->name);
		if (e->type == CFG_INT || e->type == CFG_BOOL) {
			if (e->min > e->max || e->default_int < e->min ||
			    e->default_int > e->max)
				fail_msg("%s: default %lld outside [%lld, "
					 "%lld]",
					 e->name, (long long)e->default_int,
					 (long long)e->min, (long long)e->max);
		}
	}
}

static void defaults(void **state)
{
	struct config cfg;

	(void)state;
	config_defaults(&cfg);
	assert_string_equal(config_str(&cfg, "db"), "sqlite:var/guanai.db");
	assert_string_equal(config_str(&cfg, "listen"), "127.0.0.1:8080");
	assert_string_equal(config_str(&cfg, "log-level"), "info");
	assert_null(config_str(&cfg, "tls-cert"));
	assert_int_equal(config_int(&cfg, "body-limit"), 1 * MiB);
	assert_int_equal(config_int(&cfg, "header-limit"), 32768);
	assert_int_equal(config_int(&cfg, "json-depth"), 32);
	assert_int_equal(config_int(&cfg, "max-connections"), 1024);
	assert_int_equal(config_int(&cfg, "request-timeout"), 30);
	assert_int_equal(config_int(&cfg, "cache-ttl"), 300);
	assert_int_equal(config_int(&cfg, "access-log"), 1);
	assert_int_equal(config_int(&cfg, "password-stdin"), 0);
	for (int i = 0; config_table[i].name; i++)
		assert_false(cfg.set[i]);
}

/* ---- flags ------------------------------------------------------------ */

struct arg_case {
	const char *argv[5];
	unsigned command;
	int rc;
	const char *name; /* entry to look at when rc is GA_OK */
	const char *str;  /* its expected string (CFG_STRING) */
	int64_t num;	  /* or number */
};

static const struct arg_case arg_cases[] = {
    {.argv = {"--body-limit", "2048"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "body-limit",
     .num = 2048},
    {.argv = {"--body-limit=4096"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "body-limit",
     .num = 4096},
    {.argv = {"--body-limit=1024"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "body-limit",
     .num = 1024},
    {.argv = {"--body-limit=67108864"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "body-limit",
     .num = 64 * MiB},
    {.argv = {"--body-limit", "1", "--body-limit", "2048"},
     .command = CMD_SERVE,
     .rc = GA_EINVAL},
    {.argv = {"--body-limit", "2048", "--body-limit", "3000"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "body-limit",
     .num = 3000}, /* the last one wins */
    {.argv = {"--db", "sqlite:/tmp/x.db"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "db",
     .str = "sqlite:/tmp/x.db"},
    {.argv = {"--db=postgresql://u@h:5432/d"},
     .command = CMD_INIT,
     .rc = GA_OK,
     .name = "db",
     .str = "postgresql://u@h:5432/d"},
    {.argv = {"--db=a=b"},
     .command = CMD_INIT,
     .rc = GA_OK,
     .name = "db",
     .str = "a=b"},
    {.argv = {"--listen=[::1]:8080"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "listen",
     .str = "[::1]:8080"},
    {.argv = {"--password-stdin"},
     .command = CMD_USER,
     .rc = GA_OK,
     .name = "password-stdin",
     .num = 1},
    {.argv = {"--only="},
     .command = CMD_IMPORT,
     .rc = GA_OK,
     .name = "only",
     .str = ""},
    {.argv = {"--access-log=0"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "access-log",
     .num = 0},
    {.argv = {"--threads", "0"},
     .command = CMD_SERVE,
     .rc = GA_OK,
     .name = "threads",
     .num = 0},
    /* unknown, or not for this command */
    {.argv = {"--nope"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--nope=1"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limits=2048"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--BODY-LIMIT=2048"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--="}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--username", "x"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit=2048"}, .command = CMD_INIT, .rc = GA_EINVAL},
    {.argv = {"--markdown"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    /* bounds and numbers */
    {.argv = {"--body-limit", "1023"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "67108865"},
     .command = CMD_SERVE,
     .rc = GA_EINVAL},
    {.argv = {"--body-limit", "-1"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "abc"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "12x"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "2048 "}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "+2048"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "0x800"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "1e4"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit", "99999999999999999999999"},
     .command = CMD_SERVE,
     .rc = GA_EINVAL},
    {.argv = {"--body-limit="}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--body-limit"},
     .command = CMD_SERVE,
     .rc = GA_EINVAL}, /* no value */
    {.argv = {"--access-log=2"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--access-log=yes"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--json-depth=1"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--json-depth=513"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    /* strings and flags */
    {.argv = {"--db="}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--db", ""}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--db"}, .command = CMD_SERVE, .rc = GA_EINVAL},
    {.argv = {"--password-stdin=1"}, .command = CMD_USER, .rc = GA_EINVAL},
};

static void args_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(arg_cases); i++) {
		const struct arg_case *tc = &arg_cases[i];
		char *argv[5];
		const char *pos[1];
		struct config cfg;
		int argc = 0, npos = -1, rc;

		while (argc < 5 && tc->argv[argc]) {
			argv[argc] = (char *)tc->argv[argc];
			argc++;
		}
		config_defaults(&cfg);
		rc = config_from_args(&cfg, tc->command, argc, argv, pos, 0,
				      &npos);
		if (rc != tc->rc)
			fail_msg("case %zu (%s): rc %d, want %d", i,
				 tc->argv[0], rc, tc->rc);
		if (rc)
			continue;
		assert_int_equal(npos, 0);
		assert_true(cfg.set[table_index(tc->name)]);
		if (tc->str)
			assert_string_equal(config_str(&cfg, tc->name),
					    tc->str);
		else
			assert_int_equal(config_int(&cfg, tc->name), tc->num);
	}
}

static void args_positional(void **state)
{
	char *argv[] = {"a.csv", "--db", "sqlite:x", "-v", "--only=50"};
	char *two[] = {"a.csv", "b.csv"};
	const char *pos[2] = {NULL, NULL};
	struct config cfg;
	int npos = -1;

	(void)state;
	config_defaults(&cfg);
	/* an option's value is not positional; "-v" is */
	assert_int_equal(
	    config_from_args(&cfg, CMD_IMPORT, 5, argv, pos, 2, &npos), GA_OK);
	assert_int_equal(npos, 2);
	assert_string_equal(pos[0], "a.csv");
	assert_string_equal(pos[1], "-v");
	assert_string_equal(config_str(&cfg, "db"), "sqlite:x");
	assert_string_equal(config_str(&cfg, "only"), "50");

	/* more than maxpos */
	config_defaults(&cfg);
	assert_int_equal(
	    config_from_args(&cfg, CMD_IMPORT, 2, two, pos, 1, &npos),
	    GA_EINVAL);
	config_defaults(&cfg);
	assert_int_equal(
	    config_from_args(&cfg, CMD_IMPORT, 1, two, pos, 0, &npos),
	    GA_EINVAL);
	config_defaults(&cfg);
	assert_int_equal(
	    config_from_args(&cfg, CMD_IMPORT, 1, two, pos, 1, &npos), GA_OK);
	assert_int_equal(npos, 1);

	/* nothing at all */
	config_defaults(&cfg);
	assert_int_equal(
	    config_from_args(&cfg, CMD_SERVE, 0, two, pos, 0, &npos), GA_OK);
	assert_int_equal(npos, 0);
}

/* ---- environment ------------------------------------------------------- */

static int env_teardown(void **state)
{
	(void)state;
	unsetenv("GUANAI_BODY_LIMIT");
	unsetenv("GUANAI_DATA_DIR");
	unsetenv("GUANAI_DB");
	unsetenv("GUANAI_PASSWORD_STDIN");
	return 0;
}

static void env_sets_values(void **state)
{
	struct config cfg;

	(void)state;
	setenv("GUANAI_BODY_LIMIT", "2048", 1);
	setenv("GUANAI_DATA_DIR", "/srv/data", 1);
	config_defaults(&cfg);
	assert_int_equal(config_from_env(&cfg, CMD_SERVE), GA_OK);
	assert_int_equal(config_int(&cfg, "body-limit"), 2048);
	assert_true(cfg.set[table_index("body-limit")]);
	assert_string_equal(config_str(&cfg, "data-dir"), "/srv/data");
	assert_false(cfg.set[table_index("json-depth")]);
	assert_int_equal(config_int(&cfg, "json-depth"), 32);
}

static void env_rejects_bad_values(void **state)
{
	static const char *const bad[] = {"abc", "1023",  "67108865",
					  "",	 " 2048", "2k"};
	struct config cfg;

	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		setenv("GUANAI_BODY_LIMIT", bad[i], 1);
		config_defaults(&cfg);
		if (config_from_env(&cfg, CMD_SERVE) != GA_EINVAL)
			fail_msg("GUANAI_BODY_LIMIT=\"%s\" accepted", bad[i]);
	}
	setenv("GUANAI_DB", "", 1);
	unsetenv("GUANAI_BODY_LIMIT");
	config_defaults(&cfg);
	assert_int_equal(config_from_env(&cfg, CMD_SERVE), GA_EINVAL);
}

/* A variable of an entry the command does not take is ignored. */
static void env_only_for_the_command(void **state)
{
	struct config cfg;

	(void)state;
	setenv("GUANAI_BODY_LIMIT", "garbage", 1);
	config_defaults(&cfg);
	assert_int_equal(config_from_env(&cfg, CMD_INIT), GA_OK);
	assert_int_equal(config_int(&cfg, "body-limit"), 1 * MiB);
	assert_false(cfg.set[table_index("body-limit")]);

	setenv("GUANAI_PASSWORD_STDIN", "1", 1);
	config_defaults(&cfg);
	assert_int_equal(config_from_env(&cfg, CMD_USER), GA_OK);
	assert_int_equal(config_int(&cfg, "password-stdin"), 1);
}

static void flags_override_env(void **state)
{
	char *argv[] = {"--body-limit=4096"};
	const char *pos[1];
	struct config cfg;
	int npos;

	(void)state;
	setenv("GUANAI_BODY_LIMIT", "2048", 1);
	setenv("GUANAI_DB", "sqlite:env.db", 1);
	config_defaults(&cfg);
	assert_int_equal(config_from_env(&cfg, CMD_SERVE), GA_OK);
	assert_int_equal(
	    config_from_args(&cfg, CMD_SERVE, 1, argv, pos, 0, &npos), GA_OK);
	assert_int_equal(config_int(&cfg, "body-limit"), 4096);
	/* what the flags leave alone keeps the environment's value */
	assert_string_equal(config_str(&cfg, "db"), "sqlite:env.db");
}

static void usage_lists_the_command_entries(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_non_null(out);
	config_usage(out, CMD_SERVE);
	fclose(out);
	assert_non_null(strstr(text, "--body-limit"));
	assert_non_null(strstr(text, "[1048576]"));
	assert_non_null(strstr(text, "--db"));
	assert_null(strstr(text, "--username"));
	assert_null(strstr(text, "--markdown"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_is_consistent),
	    cmocka_unit_test(defaults),
	    cmocka_unit_test(args_table),
	    cmocka_unit_test(args_positional),
	    cmocka_unit_test_teardown(env_sets_values, env_teardown),
	    cmocka_unit_test_teardown(env_rejects_bad_values, env_teardown),
	    cmocka_unit_test_teardown(env_only_for_the_command, env_teardown),
	    cmocka_unit_test_teardown(flags_override_env, env_teardown),
	    cmocka_unit_test(usage_lists_the_command_entries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
