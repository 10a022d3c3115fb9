#include "domain/centre.h"

#include <string.h>

#include "util/banned.h"

const char *const centre_facilities[] = {
    "reading_corner",
    "activity_room",
    "counselling_room",
    "sports",
    "computers",
    "first_aid",
    "other",
    NULL,
};

const char *const centre_activity_kinds[] = {
    "reading",	     "homework",     "games", "festival", "safety_education",
    "mental_health", "parent_class", "other", NULL,
};

static bool in_list(const char *const *list, const char *id)
{
	if (!id)
		return false;
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], id))
			return true;
	return false;
}

bool centre_facility_valid(const char *id)
{
	return in_list(centre_facilities, id);
}

bool centre_activity_kind_valid(const char *id)
{
	return in_list(centre_activity_kinds, id);
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

bool centre_time_valid(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	if (!digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4]))
		return false;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

const char *centre_hours_check(const struct centre_hours *h)
{
	if (!h->days || h->days > 0x7f)
		return "invalid_days";
	if (!centre_time_valid(h->from) || !centre_time_valid(h->to))
		return "invalid_time";
	/* "HH:MM" compares as text */
	if (strcmp(h->from, h->to) >= 0)
		return "invalid_range";
	return NULL;
}

bool centre_hours_overlap(const struct centre_hours *a,
			  const struct centre_hours *b)
{
	return (a->days & b->days) && strcmp(a->from, b->to) < 0 &&
	       strcmp(b->from, a->to) < 0;
}

const char *centre_facilities_check(const char *const *ids, size_t n, int *bad)
{
	*bad = -1;
	if (n > CENTRE_FACILITIES_MAX) {
		*bad = CENTRE_FACILITIES_MAX;
		return "too_many";
	}
	for (size_t i = 0; i < n; i++) {
		*bad = (int)i;
		if (!centre_facility_valid(ids[i]))
			return "invalid_facility";
		for (size_t j = 0; j < i; j++)
			if (!strcmp(ids[i], ids[j]))
				return "duplicate_facility";
	}
	*bad = -1;
	return NULL;
}

const char *centre_activity_date_check(struct date d, struct date today)
{
	if (!date_valid(d))
		return "invalid_date";
	if (date_cmp(d, today) > 0)
		return "future_date";
	if (date_cmp(d, date_add_years(today, -1)) < 0)
		return "too_old";
	return NULL;
}

const char *centre_participants_check(long long participants,
				      long long children)
{
	if (participants < 0 || participants > CENTRE_PARTICIPANTS_MAX)
		return "invalid_participants";
	if (children < 0 || children > participants)
		return "invalid_children_count";
	return NULL;
}
