/*
 * Helpers shared by the two halves of the centres service
 * (centre_service.c: the centre; centre_activity.c: activities and
 * photos). Not for other modules.
 */
#ifndef GA_SERVICE_CENTRE_INTERNAL_H
#define GA_SERVICE_CENTRE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/centre_service.h"

void centre_id_text(int64_t id, char out[24]);
/* seal plain into field (size bytes) bound to table, column and row id */
int centre_seal_into(const char *table, const char *column, int64_t id,
		     const char *plain, char *field, size_t size);
int centre_activity_open(struct centre_activity_row *r);
/* GA_EINVAL with code and message for field */
int centre_bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg);
/* UTF-8 text without control characters, at most max bytes */
int centre_check_text(const char *field, const char *s, size_t max,
		      bool required, bool multiline, struct ga_error *err);
/* 409 stale_version naming what changed and its current version */
int centre_stale(struct ga_error *err, const char *what, int64_t current);

#endif
