/*
 * Helpers shared by the guardianship-intervention services
 * (institution_service.c, placement_service.c, assessment_service.c).
 * Not for other modules.
 */
#ifndef GA_SERVICE_INTERVENTION_INTERNAL_H
#define GA_SERVICE_INTERVENTION_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "service/auth_service.h"

void iv_id_text(int64_t id, char out[24]);
/* GA_EINVAL with code and message (Chinese first) for field */
int iv_bad(struct ga_error *err, const char *field, const char *code,
	   const char *msg);
/* UTF-8 text without control characters (newlines if multiline), ≤ max */
int iv_check_text(const char *field, const char *s, size_t max, bool required,
		  bool multiline, struct ga_error *err);
/* a YYYY-MM-DD date (required or "" / NULL allowed), not after today */
int iv_check_date(const char *field, const char *s, bool required,
		  struct date today, struct date *out, struct ga_error *err);
/* a phone number: digits, spaces, dashes, a leading +; 7 to 20 */
bool iv_phone_ok(const char *s);
/* an existing county (12 digits ending in 000000); GA_EINVAL otherwise */
int iv_check_county(struct db *db, const char *field, const char *code,
		    struct ga_error *err);
/* seal plain (may be "") into field bound to table, column, row id */
int iv_seal(const char *table, const char *column, int64_t id,
	    const char *plain, char *field, size_t size);
/* open field in place */
int iv_open(const char *table, const char *column, int64_t id, char *field,
	    size_t size);
/* 409 stale_version with the current version */
int iv_stale(struct ga_error *err, const char *what, int64_t current);
/* commit when rc is OK, else roll back; the result */
int iv_finish(struct db *db, int rc);

#endif
