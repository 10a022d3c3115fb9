/*
 * init, serve, regions import, routes. Each opens the database named by
 * --db, brings the schema up to date, and calls services; exit codes: 0 ok,
 * 1 failure, 2 usage.
 */
#include "cli/commands.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "api/cache.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "crypto/keys.h"
#include "http/http.h"
#include "service/auth_service.h"
#include "service/region_service.h"
#include "service/deadline_service.h"
#include "service/schedule_service.h"
#include "store/db.h"
#include "store/migrate.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/banned.h"

/* var/guanai.db → make var/ so a fresh clone just works */
static void make_parent_dir(const char *path)
{
	char dir[1024];
	char *slash;

	str_copy(dir, sizeof(dir), path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0700) && errno != EEXIST)
		log_warn("cannot create %s: %s", dir, strerror(errno));
}

int cli_open_db(const struct config *cfg, struct db **db)
{
	struct ga_error err = {0};
	const char *url = config_str(cfg, "db");

	if (str_starts_with(url, "sqlite:"))
		make_parent_dir(url + 7);
	if (db_open(url, db, &err)) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 1;
	}
	if (migrate_up(*db)) {
		fprintf(stderr, "guanai: 数据库迁移失败 (migration failed)\n");
		db_close(*db);
		*db = NULL;
		return 1;
	}
	return 0;
}

int cli_load_keys(const struct config *cfg, bool need_audit_secret)
{
	struct ga_error err = {0};
	char common[4200];

	snprintf(common, sizeof(common), "%s/common-passwords.txt",
		 config_str(cfg, "data-dir"));
	if (keys_load(config_str(cfg, "key-file"),
		      need_audit_secret ? config_str(cfg, "audit-key") : NULL,
		      &err) ||
	    password_load_common(common, &err) || totp_init()) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 1;
	}
	return 0;
}

int cmd_init(const struct config *cfg)
{
	struct ga_error err = {0};
	struct db *db = NULL;
	int loaded = 0, rules = 0;
	int version = 0;

	make_parent_dir(config_str(cfg, "key-file"));
	make_parent_dir(config_str(cfg, "audit-key"));
	if (keys_create_missing(config_str(cfg, "key-file"),
				config_str(cfg, "audit-key"), &err)) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 1;
	}
	if (cli_open_db(cfg, &db))
		return 1;
	if (regions_load_defaults(db, config_str(cfg, "data-dir"), &loaded,
				  &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "init failed");
		db_close(db);
		return 1;
	}
	if (schedule_load_defaults(db, config_str(cfg, "data-dir"), &rules,
				   &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "init failed");
		db_close(db);
		return 1;
	}
	if (deadline_load_defaults(db, config_str(cfg, "data-dir"), &rules,
				   &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "init failed");
		db_close(db);
		return 1;
	}
	migrate_current(db, &version);
	printf("数据库已就绪 (database ready): schema %d, %s\n", version,
	       loaded ? "divisions loaded" : "divisions already current");
	db_close(db);
	return 0;
}

int cmd_regions_import(const struct config *cfg, const char *path)
{
	struct region_import_stats stats = {0};
	struct ga_error err = {0};
	struct db *db = NULL;
	int rc;

	if (cli_open_db(cfg, &db))
		return 1;
	rc = regions_import(db, path, config_str(cfg, "only"),
			    config_str(cfg, "source"), &stats, &err);
	db_close(db);
	if (rc) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 1;
	}
	printf("导入 %ld 个区划，%ld 个标记为已撤销 (imported %ld divisions, "
	       "%ld marked abolished)\n",
	       stats.rows, stats.abolished, stats.rows, stats.abolished);
	return 0;
}

int cmd_routes(void)
{
	for (const struct route *r = api_routes; r->method; r++)
		printf("%s %s %s\n", r->method, r->pattern,
		       api_route_action(r));
	return 0;
}

static unsigned cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

int cmd_serve(const struct config *cfg)
{
	struct http_config hc = {0};
	struct api_config ac = {0};
	struct http_server *srv = NULL;
	struct db_pool *pool = NULL;
	struct ga_error err = {0};
	struct db *db = NULL;
	sigset_t sigs;
	int sig = 0;
	int rc = 1;

	/* signals are taken by sigwait below, in no other thread */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		return 1;
	{
		int loaded = 0;

		/* the default visit schedule, when init has not loaded it */
		if (schedule_load_defaults(db, config_str(cfg, "data-dir"),
					   &loaded, &err)) {
			fprintf(stderr, "guanai: %s\n", err.message);
			db_close(db);
			return 1;
		}
		/* the case deadlines likewise */
		if (deadline_load_defaults(db, config_str(cfg, "data-dir"),
					   &loaded, &err)) {
			fprintf(stderr, "guanai: %s\n", err.message);
			db_close(db);
			return 1;
		}
	}
	db_close(db);
	clock_set_offset_file(config_str(cfg, "clock-offset-file"));
	hc.threads = (unsigned)config_int(cfg, "threads");
	if (!hc.threads)
		hc.threads = cpu_count();
	if (db_pool_open(config_str(cfg, "db"), hc.threads + 1, &pool, &err)) {
		fprintf(stderr, "guanai: %s\n", err.message);
		return 1;
	}
	ac.pool = pool;
	ac.json_depth = (size_t)config_int(cfg, "json-depth");
	ac.cache_ttl_s = (unsigned)config_int(cfg, "cache-ttl");
	auth_set_login_rate((int)config_int(cfg, "login-rate-max"));
	ac.db_wait_ms = (unsigned)config_int(cfg, "db-wait-ms");
	ac.pdf_font = config_str(cfg, "pdf-font");
	api_init(&ac);
	answer_cache_init(ac.cache_ttl_s);

	hc.listen = config_str(cfg, "listen");
	hc.web_root = config_str(cfg, "web-root");
	hc.tls_cert = config_str(cfg, "tls-cert");
	hc.tls_key = config_str(cfg, "tls-key");
	hc.port_file = config_str(cfg, "port-file");
	hc.max_connections = (unsigned)config_int(cfg, "max-connections");
	hc.per_ip_connections = (unsigned)config_int(cfg, "per-ip-connections");
	hc.request_timeout_s = (unsigned)config_int(cfg, "request-timeout");
	hc.header_limit = (size_t)config_int(cfg, "header-limit");
	hc.body_limit = (size_t)config_int(cfg, "body-limit");
	hc.access_log = config_int(cfg, "access-log") != 0;
	if (http_start(&hc, api_routes, &srv))
		goto out;
	fprintf(stderr, "guanai %s serving on %s://%.*s:%u (%u threads, %s)\n",
		GA_VERSION, http_tls(srv) ? "https" : "http",
		(int)(strrchr(hc.listen, ':') - hc.listen), hc.listen,
		http_port(srv), hc.threads,
		str_starts_with(config_str(cfg, "db"), "sqlite:")
		    ? "SQLite"
		    : "PostgreSQL");
	if (sigwait(&sigs, &sig) == 0)
		log_info("signal %d: finishing in-flight requests", sig);
	http_stop(srv, 10000);
	rc = 0;
out:
	api_shutdown();
	answer_cache_clear();
	db_pool_close(pool);
	password_unload_common();
	keys_unload();
	return rc;
}
