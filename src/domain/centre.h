/*
 * Village children's centres (儿童之家, POLICY.md A2.5, A3.6): the words a
 * centre and its activity log may use, and the checks of their values.
 * Pure functions, no I/O; the service seals, stores and audits.
 *
 * Opening hours are a short list of {days, from, to}: days a bit set of
 * ISO weekdays (bit 0 Monday … bit 6 Sunday), times "HH:MM" on one day,
 * from before to. "周一至周五 16:00-18:00" is {0x1f, "16:00", "18:00"}.
 */
#ifndef GA_DOMAIN_CENTRE_H
#define GA_DOMAIN_CENTRE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/date.h"

#define CENTRE_HOURS_MAX	7    /* entries of the opening hours */
#define CENTRE_FACILITIES_MAX	16   /* ids in the facility list */
#define CENTRE_NAME_MAX		100  /* bytes */
#define CENTRE_ADDRESS_MAX	200  /* bytes */
#define CENTRE_MANAGER_MAX	64   /* bytes */
#define CENTRE_PHONE_MAX	20   /* bytes */
#define CENTRE_NOTE_MAX		1000 /* bytes of an activity note */
#define CENTRE_PARTICIPANTS_MAX 1000

struct centre_hours {
	unsigned days; /* bit 0 Monday … bit 6 Sunday; not 0 */
	char from[6];  /* "HH:MM" */
	char to[6];    /* "HH:MM", after from */
};

/* reading_corner, activity_room, counselling_room, sports, computers,
 * first_aid, other */
bool centre_facility_valid(const char *id);
/* reading, homework, games, festival, safety_education, mental_health,
 * parent_class, other */
bool centre_activity_kind_valid(const char *id);
/* the lists, NULL-ended, for the web app's choices and the tests */
extern const char *const centre_facilities[];
extern const char *const centre_activity_kinds[];

/* "HH:MM", 00:00 to 23:59 exactly */
bool centre_time_valid(const char *s);
/*
 * Check one entry: 0 when fine, else a stable code: "invalid_days",
 * "invalid_time" or "invalid_range" (from not before to).
 */
const char *centre_hours_check(const struct centre_hours *h);
/* Two entries overlap when they share a day and their times meet. */
bool centre_hours_overlap(const struct centre_hours *a,
			  const struct centre_hours *b);

/*
 * Facility ids: each known, none twice, at most CENTRE_FACILITIES_MAX.
 * *bad gets the index of the first offender (or -1); returns the code
 * "invalid_facility", "duplicate_facility", "too_many" or NULL when fine.
 */
const char *centre_facilities_check(const char *const *ids, size_t n, int *bad);

/*
 * An activity date: not after today and not more than a year before it
 * (a log, not an archive). NULL when fine, else "future_date" or
 * "too_old".
 */
const char *centre_activity_date_check(struct date d, struct date today);
/* participants 0 … CENTRE_PARTICIPANTS_MAX, children among them */
const char *centre_participants_check(long long participants,
				      long long children);

#endif
