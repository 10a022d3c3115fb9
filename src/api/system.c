/* GET /healthz and GET /metrics: for load balancers and Prometheus. */
#include "api/api.h"

#include "api/handlers.h"
#include "store/system_repo.h"
#include "util/banned.h"

static int healthz_fn(struct api_ctx *c)
{
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = store_ping(db);
	if (rc) {
		api_reply(c, 503,
			  json_pack("{s:s, s:s}", "status", "unavailable", "db",
				    "unreachable"));
		return GA_OK;
	}
	api_reply(c, 200,
		  json_pack("{s:s, s:s, s:s}", "status", "ok", "db",
			    db_backend_name(db), "version", GA_VERSION));
	return GA_OK;
}

static int metrics_fn(struct api_ctx *c)
{
	buf_reset(&c->resp->body);
	http_metrics_render(&c->resp->body);
	c->resp->status = 200;
	c->resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return GA_OK;
}

static const char *const no_query[] = {NULL};

const struct api_handler api_healthz = {.fn = healthz_fn, .query = no_query};
const struct api_handler api_metrics = {.fn = metrics_fn, .query = no_query};
