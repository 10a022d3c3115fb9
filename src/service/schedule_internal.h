/* Shared between the schedule services (worklist, compliance, daily). */
#ifndef GA_SERVICE_SCHEDULE_INTERNAL_H
#define GA_SERVICE_SCHEDULE_INTERNAL_H

#include <stdbool.h>

#include "domain/schedule.h"
#include "service/auth_service.h"
#include "store/schedule_repo.h"

unsigned schedule_bits_of(const char *text, bool flags);
struct date schedule_day_of(const char *text, bool utc_time);
void schedule_facts_of(const struct schedule_child_row *r,
		       struct schedule_child *f);
/* rule rows for prefix (caller frees *rows) */
int schedule_load_rows(struct db *db, const char *prefix,
		       struct schedule_rule **rows, int *n);
int schedule_region_prefix(const struct principal *by, const char *region,
			   char out[13], struct ga_error *err);
int schedule_director_prefix(struct db *db, const struct principal *by,
			     int64_t director, char out[13],
			     struct ga_error *err);

#endif
