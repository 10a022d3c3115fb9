/* The handlers the route table names (routes.c). Internal to src/api. */
#ifndef GA_API_HANDLERS_H
#define GA_API_HANDLERS_H

#include "api/api.h"

extern const struct api_handler api_healthz;
extern const struct api_handler api_metrics;
extern const struct api_handler api_regions_list;
extern const struct api_handler api_regions_get;
extern const struct api_handler api_regions_lookup;

#endif
