/*
 * Calendar dates in the proleptic Gregorian calendar, years 1–9999. Pure:
 * no clock, no zone. A struct date with all fields 0 means "no date".
 */
#include "domain/date.h"

#include "util/banned.h"

enum {
	DATE_YEAR_MIN = 1,
	DATE_YEAR_MAX = 9999,
	DATE_TEXT_LEN = 10, /* "YYYY-MM-DD" */
};

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

bool date_is_set(struct date d)
{
	return d.y != 0 || d.m != 0 || d.d != 0;
}

bool date_valid(struct date d)
{
	if (d.y < DATE_YEAR_MIN || d.y > DATE_YEAR_MAX)
		return false;
	if (d.m < 1 || d.m > 12)
		return false;
	return d.d >= 1 && d.d <= days_in_month(d.y, d.m);
}

/* n ASCII digits as a number, or -1 */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* *out is left untouched on failure (callers rely on a zero default) */
bool date_parse(const char *s, size_t len, struct date *out)
{
	struct date d;

	if (!s || len != DATE_TEXT_LEN || s[4] != '-' || s[7] != '-')
		return false;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (!date_valid(d))
		return false;
	*out = d;
	return true;
}

static void put_digits(char *out, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* an invalid or unset date formats as "" */
void date_format(struct date d, char out[11])
{
	if (!date_valid(d)) {
		out[0] = '\0';
		return;
	}
	put_digits(out, d.y, 4);
	out[4] = '-';
	put_digits(out + 5, d.m, 2);
	out[7] = '-';
	put_digits(out + 8, d.d, 2);
	out[10] = '\0';
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return cmp_int(a.y, b.y);
	if (a.m != b.m)
		return cmp_int(a.m, b.m);
	return cmp_int(a.d, b.d);
}

/*
 * -1 when either date is invalid or `on` is before `birth`. Comparing
 * (month, day) pairs makes a 29 Feb birthday count on 1 Mar in common
 * years by itself: (2, 28) < (2, 29) < (3, 1).
 */
int date_age(struct date birth, struct date on)
{
	int years;

	if (!date_valid(birth) || !date_valid(on) || date_cmp(on, birth) < 0)
		return -1;
	years = on.y - birth.y;
	if (on.m < birth.m || (on.m == birth.m && on.d < birth.d))
		years--;
	return years;
}

/* an invalid date, or a result outside years 1–9999, gives the zero date */
struct date date_add_months(struct date d, int n)
{
	struct date r = {0, 0, 0};
	long total;
	long limit = 12L * (DATE_YEAR_MAX + 1);

	if (!date_valid(d) || n < -limit || n > limit)
		return r;
	total = (long)d.y * 12 + (d.m - 1) + n;
	if (total < 12L * DATE_YEAR_MIN || total >= limit)
		return r;
	r.y = (int)(total / 12);
	r.m = (int)(total % 12) + 1;
	r.d = d.d;
	if (r.d > days_in_month(r.y, r.m))
		r.d = days_in_month(r.y, r.m);
	return r;
}

/* 29 Feb plus a number of years that lands in a common year gives 28 Feb */
struct date date_add_years(struct date d, int n)
{
	if (n < -DATE_YEAR_MAX || n > DATE_YEAR_MAX) {
		struct date r = {0, 0, 0};
		return r;
	}
	return date_add_months(d, n * 12);
}

/* days since 0000-03-01 (Howard Hinnant's days_from_civil, shifted) */
static long day_number(struct date d)
{
	long y = d.y - (d.m <= 2);
	long era = y / 400;
	long yoe = y - era * 400;
	long mp = (d.m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe;
}

static struct date from_day_number(long z)
{
	long era = z / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	struct date d;

	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(yoe + era * 400 + (d.m <= 2));
	return d;
}

struct date date_add_days(struct date d, long n)
{
	struct date out = from_day_number(day_number(d) + n);

	return date_valid(out) ? out : (struct date){0, 0, 0};
}

long date_days_between(struct date a, struct date b)
{
	return day_number(b) - day_number(a);
}
