/*
 * Compliance figures (POLICY.md A2.2, A2.4, P5.4): for each director, or
 * township, or county, how many children, how many visits were due in the
 * period and how many of those were done on time, how many children are
 * overdue now, and how many dossiers were not updated within the re-check
 * interval.
 *
 * "Done on time" (domain/schedule.h, schedule_replay): each child's visit
 * schedule is replayed from its registration day with the rules in force
 * today (overrides are not historised). An occurrence is due on D (the
 * registration day, then each visit's date plus the interval); the next
 * visit of any kind satisfies it, and it was done on time when that visit
 * is on or before D. Occurrences with D in [from, to] count as due once
 * they are satisfied or late (D before today).
 */
#include "service/worklist.h"

#include <stdlib.h>
#include <string.h>

#include "domain/region.h"
#include "service/schedule_internal.h"
#include "store/account_repo.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define VISITS_MAX 1024
#define GROUPS_MAX 4096

struct group {
	char code[13]; /* the division the children are counted under */
	struct compliance_row sums;
};

struct rules_cache {
	char key[13];
	struct schedule_rules rules;
};

struct scan {
	const struct schedule_rule *rows;
	int nrows;
	size_t key_len; /* longest override scope: rules differ by it */
	struct rules_cache *cache;
	int ncache;
	size_t group_len; /* 12 village, 9 township, 6 county */
	struct group *groups;
	int ngroups;
	struct date from, to, today;
	/* the child being read */
	int64_t child_id;
	struct schedule_child_row child;
	struct date visits[VISITS_MAX];
	int nvisits;
};

static const struct schedule_rules *rules_of(struct scan *s, const char *region)
{
	char key[13];

	str_copy(key, sizeof(key), region);
	key[s->key_len < 12 ? s->key_len : 12] = '\0';
	for (int i = 0; i < s->ncache; i++)
		if (!strcmp(s->cache[i].key, key))
			return &s->cache[i].rules;
	s->cache =
	    xrealloc(s->cache, ((size_t)s->ncache + 1) * sizeof(*s->cache));
	str_copy(s->cache[s->ncache].key, 13, key);
	schedule_effective(s->rows, s->nrows, region,
			   &s->cache[s->ncache].rules);
	return &s->cache[s->ncache++].rules;
}

static struct group *group_of(struct scan *s, const char *region)
{
	char code[13];

	memset(code, '0', 12);
	code[12] = '\0';
	memcpy(code, region, s->group_len);
	for (int i = s->ngroups - 1; i >= 0; i--)
		if (!strcmp(s->groups[i].code, code))
			return &s->groups[i];
	if (s->ngroups == GROUPS_MAX)
		return NULL;
	s->groups =
	    xrealloc(s->groups, ((size_t)s->ngroups + 1) * sizeof(*s->groups));
	memset(&s->groups[s->ngroups], 0, sizeof(*s->groups));
	str_copy(s->groups[s->ngroups].code, 13, code);
	return &s->groups[s->ngroups++];
}

static void finish_child(struct scan *s)
{
	struct schedule_child f;
	struct schedule_tally t;
	struct group *g;

	if (!s->child_id)
		return;
	schedule_facts_of(&s->child, &f);
	schedule_replay(rules_of(s, s->child.region), &f, s->visits, s->nvisits,
			s->from, s->to, s->today, &t);
	g = group_of(s, s->child.region);
	if (g) {
		g->sums.children++;
		g->sums.visits_due += t.due;
		g->sums.on_time += t.on_time;
		g->sums.overdue += t.overdue;
		g->sums.stale += t.stale;
	}
	s->child_id = 0;
	s->nvisits = 0;
}

static int add_row(const struct schedule_child_row *r, const char *visit,
		   void *data)
{
	struct scan *s = data;
	struct date d;

	if (r->id != s->child_id) {
		finish_child(s);
		s->child_id = r->id;
		s->child = *r;
		s->child.name[0] = '\0';
	}
	d = schedule_day_of(visit, false);
	if (date_is_set(d) && s->nvisits < VISITS_MAX)
		s->visits[s->nvisits++] = d;
	return GA_OK;
}

static void add_sums(struct compliance_row *to,
		     const struct compliance_row *from)
{
	to->children += from->children;
	to->visits_due += from->visits_due;
	to->on_time += from->on_time;
	to->overdue += from->overdue;
	to->stale += from->stale;
}

static struct compliance_row *new_row(struct compliance *c, const char *level,
				      const char *region)
{
	struct compliance_row *r;

	c->rows = xrealloc(c->rows, ((size_t)c->n + 1) * sizeof(*c->rows));
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	str_copy(r->level, sizeof(r->level), level);
	str_copy(r->region, sizeof(r->region), region);
	return r;
}

static void name_row(struct db *db, struct compliance_row *r)
{
	struct region g;

	if (!store_region_get(db, r->region, &g))
		str_copy(r->region_name, sizeof(r->region_name), g.name);
}

struct director_ctx {
	struct compliance *c;
	struct scan *s;
	bool *covered;
};

static int add_director(const struct account *a, void *data)
{
	struct director_ctx *d = data;
	struct principal p;
	struct compliance_row *r;

	memset(&p, 0, sizeof(p));
	p.account = *a;
	principal_set_scope(&p);
	if (a->disabled)
		return GA_OK;
	r = new_row(d->c, "director", a->scope);
	r->director_id = a->id;
	str_copy(r->director_name, sizeof(r->director_name), a->display_name);
	for (int i = 0; i < d->s->ngroups; i++)
		if (str_starts_with(d->s->groups[i].code, p.scope_prefix)) {
			add_sums(r, &d->s->groups[i].sums);
			d->covered[i] = true;
		}
	return GA_OK;
}

/* township or village: one row per director, one per village without */
static int director_rows(struct db *db, const char *code, const char *prefix,
			 struct scan *s, struct compliance *c)
{
	struct account_filter f = {prefix, "director", NULL, 0, 500};
	struct region_list villages;
	bool *covered = xcalloc((size_t)s->ngroups + 1, sizeof(bool));
	struct director_ctx d = {c, s, covered};
	int rc = store_account_list(db, &f, add_director, &d);

	region_list_init(&villages);
	if (!rc && region_code_level(code) == REGION_TOWNSHIP)
		rc = store_region_children(db, code, &villages);
	for (size_t i = 0; !rc && i < villages.n; i++) {
		bool has = false;
		int g = -1;

		for (int k = 0; k < c->n; k++)
			has |=
			    !strcmp(c->rows[k].level, "director") &&
			    !strcmp(villages.items[i].code, c->rows[k].region);
		for (int k = 0; k < s->ngroups; k++)
			if (!strcmp(s->groups[k].code, villages.items[i].code))
				g = k;
		if (has || (g >= 0 && covered[g]))
			continue;
		{
			struct compliance_row *r =
			    new_row(c, "village", villages.items[i].code);

			str_copy(r->region_name, sizeof(r->region_name),
				 villages.items[i].name);
			if (g >= 0) {
				add_sums(r, &s->groups[g].sums);
				covered[g] = true;
			}
		}
	}
	/* children of villages no list names (should not happen) */
	for (int k = 0; !rc && k < s->ngroups; k++)
		if (!covered[k]) {
			struct compliance_row *r =
			    new_row(c, "village", s->groups[k].code);

			add_sums(r, &s->groups[k].sums);
			name_row(db, r);
		}
	for (int k = 0; !rc && k < c->n; k++)
		if (!c->rows[k].region_name[0])
			name_row(db, &c->rows[k]);
	region_list_release(&villages);
	free(covered);
	return rc;
}

/* county or city: one row per division below */
static int division_rows(struct db *db, const char *code, struct scan *s,
			 struct compliance *c, const char *level)
{
	struct region_list below;
	int rc;

	region_list_init(&below);
	rc = store_region_children(db, code, &below);
	for (size_t i = 0; !rc && i < below.n; i++) {
		struct compliance_row *r;

		if (below.items[i].abolished)
			continue;
		r = new_row(c, level, below.items[i].code);
		str_copy(r->region_name, sizeof(r->region_name),
			 below.items[i].name);
		for (int k = 0; k < s->ngroups; k++)
			if (!strcmp(s->groups[k].code, below.items[i].code))
				add_sums(r, &s->groups[k].sums);
	}
	region_list_release(&below);
	return rc;
}

static size_t longest_scope(const struct schedule_rule *rows, int n)
{
	size_t m = 0;

	for (int i = 0; i < n; i++)
		if (strlen(rows[i].scope) > m)
			m = strlen(rows[i].scope);
	return m;
}

static int check_period(struct date *from, struct date *to, struct date today,
			struct ga_error *err)
{
	if (!date_is_set(*to) || date_cmp(*to, today) > 0)
		*to = today;
	if (!date_is_set(*from))
		*from = date_add_days(*to, -89);
	if (date_cmp(*from, *to) > 0 || date_days_between(*from, *to) > 3660)
		return ga_error_set(
		    err, GA_EINVAL, "invalid_period", "from",
		    "统计期间无效：开始日期应早于结束日期，且不超过"
		    "10年 (from must be before to, at most 10 "
		    "years)");
	return GA_OK;
}

int compliance_for(struct db *db, const struct principal *by,
		   const char *region, struct date from, struct date to,
		   struct date today, struct compliance *out,
		   struct ga_error *err)
{
	static __thread struct scan s;
	struct schedule_rule *rows = NULL;
	char prefix[13], code[13];
	enum region_level level;
	int rc = GA_OK;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	str_copy(prefix, sizeof(prefix), by->scope_prefix);
	str_copy(code, sizeof(code),
		 region && region[0] ? region : by->account.scope);
	if (region && region[0])
		rc = schedule_region_prefix(by, region, prefix, err);
	if (!rc && !region_code_valid(code, strlen(code)))
		rc = ga_error_set(err, GA_ENOTFOUND, "not_found", "region",
				  "辖区无效 (no valid area)");
	if (!rc)
		rc = check_period(&from, &to, today, err);
	if (rc)
		return rc;
	level = region_code_level(code);
	s.group_len = level >= REGION_TOWNSHIP ? 12
		      : level == REGION_COUNTY ? 9
					       : 6;
	s.from = from;
	s.to = to;
	s.today = today;
	rc = schedule_load_rows(db, prefix, &rows, &s.nrows);
	s.rows = rows;
	s.key_len = longest_scope(rows, s.nrows);
	if (!rc)
		rc = store_schedule_visits(db, prefix, add_row, &s);
	if (!rc)
		finish_child(&s);
	str_copy(out->region, sizeof(out->region), code);
	str_copy(out->level, sizeof(out->level), region_level_name(level));
	out->from = from;
	out->to = to;
	if (!rc && level >= REGION_TOWNSHIP)
		rc = director_rows(db, code, prefix, &s, out);
	else if (!rc)
		rc = division_rows(db, code, &s, out,
				   level == REGION_COUNTY ? "township"
							  : "county");
	for (int k = 0; k < s.ngroups; k++)
		add_sums(&out->total, &s.groups[k].sums);
	free(rows);
	free(s.cache);
	free(s.groups);
	memset(&s, 0, sizeof(s));
	return rc;
}

void compliance_release(struct compliance *c)
{
	free(c->rows);
	memset(c, 0, sizeof(*c));
}
