/* Calendar dates (no time, no zone): what birth and visit dates are. Pure. */
#ifndef GA_DOMAIN_DATE_H
#define GA_DOMAIN_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int y, m, d; /* all 0: no date */
};

bool date_is_set(struct date d);
bool date_valid(struct date d);
/* "YYYY-MM-DD", exactly; false for anything else or an impossible day */
bool date_parse(const char *s, size_t len, struct date *out);
/* "YYYY-MM-DD" into out[11] */
void date_format(struct date d, char out[11]);
int date_cmp(struct date a, struct date b);
/* whole years from birth to on (the birthday counts on its day; a 29 Feb
 * birthday counts on 1 Mar in common years) */
int date_age(struct date birth, struct date on);
/* d plus n months (the day clamped to the month's end); n may be < 0 */
struct date date_add_months(struct date d, int n);
struct date date_add_years(struct date d, int n);
/* d plus n days (n may be < 0); no date when the result leaves 1–9999 */
struct date date_add_days(struct date d, long n);
/* days from a to b: b - a (both valid dates) */
long date_days_between(struct date a, struct date b);

#endif
