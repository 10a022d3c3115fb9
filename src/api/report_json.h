/* JSON of reports and hotline calls (issue 6), by what the caller may see. */
#ifndef GA_API_REPORT_JSON_H
#define GA_API_REPORT_JSON_H

#include <jansson.h>

#include "service/hotline_service.h"
#include "service/report_service.h"

/* OWN: status and dates; OVERSIGHT adds child and case; TEAM adds the
 * reporter and (when opened) place and narrative */
json_t *report_view_json(const struct report_view *v);
/* full: with the opened callback number, matter and callback note */
json_t *hotline_view_json(const struct hotline_view *v, int full);

/*
 * The body of a report (POST /api/v1/reports and the hotline's
 * /calls/{id}/report): the fields, with `child` an object of its own (what
 * is known of an unidentified child). client_uuid must have been taken
 * out of the body already (api_client_uuid).
 */
struct api_ctx;
int api_report_body(struct api_ctx *c, struct report_input *in,
		    struct report_child_input *child);

#endif
