/*
 * The route table: every URL the server answers (besides the web app's
 * files). docs/openapi.yaml must describe exactly these; a test checks it.
 */
#include "api/api.h"

#include "api/handlers.h"
#include "util/banned.h"

#define PUBLIC_GET(p, h, s) {"GET", p, ROUTE_PUBLIC, api_dispatch, &h, s}
#define PUBLIC_POST(p, h, s)                                                  \
	{"POST", p, ROUTE_PUBLIC | ROUTE_BODY, api_dispatch, &h, s}

const struct route api_routes[] = {
	PUBLIC_GET("/healthz", api_healthz, "liveness and database check"),
	PUBLIC_GET("/metrics", api_metrics, "Prometheus metrics"),
	PUBLIC_GET("/api/v1/regions", api_regions_list,
		   "children of a division"),
	PUBLIC_POST("/api/v1/regions/lookup", api_regions_lookup,
		    "several divisions by code"),
	PUBLIC_GET("/api/v1/regions/{code}", api_regions_get,
		   "one division with its ancestors"),
	{NULL, NULL, 0, NULL, NULL, NULL},
};
