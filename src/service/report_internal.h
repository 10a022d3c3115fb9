/* Shared by report_service.c and report_attachment.c only. */
#ifndef GA_SERVICE_REPORT_INTERNAL_H
#define GA_SERVICE_REPORT_INTERNAL_H

#include <stdint.h>

#include "service/report_service.h"

void report_id_text(int64_t id, char out[24]);
/* how much of a report a role sees (team, oversight, own) */
enum report_level report_level_of(enum role r);
/* the reports a caller may see at all */
void report_filter_of(const struct principal *by, struct report_filter *f);
int report_not_found(struct ga_error *err);

#endif
