#include "domain/schedule.h"

#include <string.h>

#include "domain/child.h"
#include "util/banned.h"

static bool starts_with(const char *s, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n))
		return false;
	*rest = s + n;
	return true;
}

static unsigned category_bit(const char *id)
{
	for (unsigned bit = 1; bit <= CAT_PARENT_DETAINED; bit <<= 1)
		if (!strcmp(category_id((enum category)bit), id))
			return bit;
	return 0;
}

static unsigned key_flag_bit(const char *id)
{
	for (unsigned bit = 1; bit <= KEY_LIVING_ALONE; bit <<= 1)
		if (!strcmp(key_flag_id((enum key_flag)bit), id))
			return bit;
	return 0;
}

/* does rule key k apply to child c? (visit and holiday keys) */
static bool key_matches(const char *k, const struct schedule_child *c)
{
	const char *v;

	if (starts_with(k, "category:", &v) || starts_with(k, "holiday:", &v))
		return (c->categories & category_bit(v)) != 0;
	if (starts_with(k, "key_flag:", &v))
		return (c->key_flags & key_flag_bit(v)) != 0;
	if (starts_with(k, "guardianship_level:", &v))
		return c->guardianship >= 0 &&
		       guardianship_level_from(v) == c->guardianship;
	return false;
}

bool schedule_key_valid(const char *key, enum schedule_type *type)
{
	const char *v;
	enum schedule_type t = 0;

	if (!strcmp(key, "recheck"))
		t = SCHED_RECHECK;
	else if (starts_with(key, "category:", &v) && category_bit(v))
		t = SCHED_VISIT;
	else if (starts_with(key, "key_flag:", &v) && key_flag_bit(v))
		t = SCHED_VISIT;
	else if (starts_with(key, "guardianship_level:", &v) &&
		 guardianship_level_from(v) >= 0)
		t = SCHED_VISIT;
	else if (starts_with(key, "holiday:", &v) && category_bit(v))
		t = SCHED_HOLIDAY;
	else if (!strcmp(key, "case:follow_up"))
		t = SCHED_CASE;
	if (type)
		*type = t;
	return t != 0;
}

bool schedule_mmdd_parse(const char *s, int *out)
{
	struct date d;
	char full[11];

	if (!s || strlen(s) != 5)
		return false;
	/* 2000 is a leap year: 02-29 is a day of the window */
	memcpy(full, "2000-", 5);
	memcpy(full + 5, s, 6);
	if (!date_parse(full, 10, &d))
		return false;
	*out = d.m * 100 + d.d;
	return true;
}

void schedule_mmdd_format(int mmdd, char out[6])
{
	int m = (mmdd / 100) % 100, d = mmdd % 100;

	out[0] = (char)('0' + m / 10);
	out[1] = (char)('0' + m % 10);
	out[2] = '-';
	out[3] = (char)('0' + d / 10);
	out[4] = (char)('0' + d % 10);
	out[5] = '\0';
}

void schedule_effective(const struct schedule_rule *all, int n,
			const char *region, struct schedule_rules *out)
{
	out->n = 0;
	for (int i = 0; i < n && out->n < SCHEDULE_RULES_MAX; i++)
		if (!all[i].scope[0] && schedule_key_valid(all[i].key, NULL))
			out->rule[out->n++] = all[i];
	for (int i = 0; i < n; i++) {
		size_t len = strlen(all[i].scope);

		if (!len || strncmp(all[i].scope, region, len))
			continue;
		for (int j = 0; j < out->n; j++) {
			struct schedule_rule *r = &out->rule[j];

			if (strcmp(r->key, all[i].key) ||
			    strlen(r->scope) > len)
				continue;
			/* the override keeps the default's reason and kind */
			r->interval_days = all[i].interval_days;
			r->window_start = all[i].window_start;
			r->window_end = all[i].window_end;
			memcpy(r->scope, all[i].scope, sizeof(r->scope));
		}
	}
}

static enum schedule_type type_of(const struct schedule_rule *r)
{
	enum schedule_type t;

	return schedule_key_valid(r->key, &t) ? t : 0;
}

const struct schedule_rule *schedule_visit_rule(const struct schedule_rules *r,
						const struct schedule_child *c)
{
	const struct schedule_rule *best = NULL;

	for (int i = 0; i < r->n; i++) {
		const struct schedule_rule *x = &r->rule[i];

		if (type_of(x) != SCHED_VISIT || x->interval_days <= 0 ||
		    !key_matches(x->key, c))
			continue;
		if (!best || x->interval_days < best->interval_days)
			best = x;
	}
	return best;
}

static const struct schedule_rule *rule_of_type(const struct schedule_rules *r,
						enum schedule_type t,
						const struct schedule_child *c)
{
	for (int i = 0; i < r->n; i++)
		if (type_of(&r->rule[i]) == t &&
		    (t == SCHED_RECHECK || t == SCHED_CASE ||
		     key_matches(r->rule[i].key, c)))
			return &r->rule[i];
	return NULL;
}

bool schedule_visit_due(const struct schedule_rules *r,
			const struct schedule_child *c, struct date today,
			struct schedule_item *out)
{
	const struct schedule_rule *x = schedule_visit_rule(r, c);

	(void)today;
	if (!x)
		return false;
	if (date_is_set(c->last_visit))
		out->due = date_add_days(c->last_visit, x->interval_days);
	else
		out->due = c->registered;
	out->reason = x->reason;
	out->kind = x->kind;
	return date_is_set(out->due);
}

bool schedule_case_follow_up_due(const struct schedule_rules *r,
				 const struct schedule_child *c,
				 struct date since, struct schedule_item *out)
{
	const struct schedule_rule *x = rule_of_type(r, SCHED_CASE, c);
	struct date base = since;
	int interval = x ? x->interval_days : SCHEDULE_CASE_FOLLOW_UP_DAYS;

	if (!date_valid(since) || interval <= 0)
		return false;
	if (date_is_set(c->last_visit) && date_cmp(c->last_visit, since) > 0)
		base = c->last_visit;
	out->due = date_add_days(base, interval);
	out->reason = x ? x->reason : "case_follow_up";
	out->kind = x ? x->kind : "follow_up";
	return date_is_set(out->due);
}

bool schedule_recheck_due(const struct schedule_rules *r,
			  const struct schedule_child *c, struct date today,
			  struct schedule_item *out)
{
	const struct schedule_rule *x = rule_of_type(r, SCHED_RECHECK, c);
	struct date base = date_is_set(c->updated) ? c->updated : c->registered;

	if (!x || x->interval_days <= 0 || !date_is_set(base))
		return false;
	out->due = date_add_days(base, x->interval_days);
	out->reason = x->reason;
	out->kind = x->kind;
	return date_is_set(out->due) &&
	       date_days_between(today, out->due) <= SCHEDULE_LOOKAHEAD_DAYS;
}

/* the day mmdd of year y; 29 Feb falls on 28 Feb in a common year */
static struct date day_in(int y, int mmdd)
{
	struct date d = {y, mmdd / 100, mmdd % 100};

	if (!date_valid(d))
		d.d = 28;
	return d;
}

bool schedule_holiday_due(const struct schedule_rules *r,
			  const struct schedule_child *c, struct date today,
			  struct schedule_item *out)
{
	const struct schedule_rule *x = rule_of_type(r, SCHED_HOLIDAY, c);
	bool wraps;

	if (!x || !x->window_start || !x->window_end)
		return false;
	wraps = x->window_start > x->window_end;
	/* the window that has not ended yet: last year's start (when it
	 * wraps into this year) or this year's */
	for (int y = today.y - 1; y <= today.y + 1; y++) {
		struct date ws = day_in(y, x->window_start);
		struct date we = day_in(y + wraps, x->window_end);

		if (date_cmp(we, today) < 0)
			continue;
		if (date_days_between(today, ws) > SCHEDULE_LOOKAHEAD_DAYS)
			return false;
		if (date_is_set(c->last_holiday) &&
		    date_cmp(c->last_holiday, ws) >= 0 &&
		    date_cmp(c->last_holiday, we) <= 0)
			return false;
		out->due = we;
		out->reason = x->reason;
		out->kind = x->kind;
		return true;
	}
	return false;
}

bool schedule_ageing_due(const struct schedule_child *c, struct date today,
			 struct schedule_item *out)
{
	struct date limit = date_add_months(today, 1);
	int ages[2] = {16, 18};

	if (!date_is_set(c->birth))
		return false;
	for (int i = 0; i < 2; i++) {
		struct date day = date_add_years(c->birth, ages[i]);

		if (ages[i] == 16 && !(c->categories & CAT_LEFT_BEHIND))
			continue;
		if (date_cmp(day, today) > 0 && date_cmp(day, limit) <= 0) {
			out->due = day;
			out->reason = "ageing_out";
			out->kind = "verification";
			return true;
		}
	}
	return false;
}

int schedule_due_items(const struct schedule_rules *r,
		       const struct schedule_child *c, struct date today,
		       struct schedule_item out[SCHEDULE_ITEMS_MAX])
{
	int n = 0;

	n += schedule_visit_due(r, c, today, &out[n]);
	n += schedule_recheck_due(r, c, today, &out[n]);
	n += schedule_holiday_due(r, c, today, &out[n]);
	n += schedule_ageing_due(c, today, &out[n]);
	return n;
}

static bool in_range(struct date d, struct date from, struct date to)
{
	return date_cmp(d, from) >= 0 && date_cmp(d, to) <= 0;
}

void schedule_replay(const struct schedule_rules *r,
		     const struct schedule_child *c, const struct date *visits,
		     int nvisits, struct date from, struct date to,
		     struct date today, struct schedule_tally *out)
{
	const struct schedule_rule *x = schedule_visit_rule(r, c);
	const struct schedule_rule *re = rule_of_type(r, SCHED_RECHECK, c);
	struct date base = date_is_set(c->updated) ? c->updated : c->registered;
	struct date due = c->registered;

	memset(out, 0, sizeof(*out));
	if (re && re->interval_days > 0 && date_is_set(base))
		out->stale =
		    date_cmp(date_add_days(base, re->interval_days), today) < 0;
	if (!x || !date_is_set(due))
		return;
	for (int i = 0;; i++) {
		if (date_cmp(due, to) > 0)
			break;
		if (i == nvisits) {
			/* still open: due in the period once it is late */
			out->due +=
			    in_range(due, from, to) && date_cmp(due, today) < 0;
			break;
		}
		if (in_range(due, from, to)) {
			out->due++;
			out->on_time += date_cmp(visits[i], due) <= 0;
		}
		due = date_add_days(visits[i], x->interval_days);
		if (!date_is_set(due))
			break;
	}
	if (nvisits)
		due = date_add_days(visits[nvisits - 1], x->interval_days);
	else
		due = c->registered;
	out->overdue = date_is_set(due) && date_cmp(due, today) < 0;
}
