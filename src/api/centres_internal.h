/* Shared by the two halves of the centres API (centres.c, centre_activities.c).
 */
#ifndef GA_API_CENTRES_INTERNAL_H
#define GA_API_CENTRES_INTERNAL_H

#include "api/api.h"

/* ?limit= of a page (default 50, at most CENTRE_PAGE_MAX); 400 otherwise */
int centres_page_limit(struct api_ctx *c, int *limit);

#endif
