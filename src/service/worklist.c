/*
 * Building the worklist: load the live children of a division with what
 * the schedule reads, the effective rules of each village, run every
 * source, sort. Compliance is in compliance.c.
 */
#include "service/worklist.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/child.h"
#include "domain/region.h"
#include "service/schedule_internal.h"
#include "store/account_repo.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define RULE_ROWS_MAX 4096

struct worklist_sink {
	struct worklist *w;
	const char *source;
};

/* "left_behind ill" → bits, by the domain's ids */
unsigned schedule_bits_of(const char *text, bool flags)
{
	unsigned bits = 0;
	char word[40];

	while (*text) {
		size_t n = strcspn(text, " ");

		if (n && n < sizeof(word)) {
			memcpy(word, text, n);
			word[n] = '\0';
			for (unsigned b = 1; b <= (1u << 15); b <<= 1) {
				const char *id =
				    flags ? key_flag_id((enum key_flag)b)
					  : category_id((enum category)b);

				if (id && !strcmp(id, word))
					bits |= b;
			}
		}
		text += n;
		while (*text == ' ')
			text++;
	}
	return bits;
}

/* "YYYY-MM-DD…" → date; a UTC time from 16:00 on is the next day in
 * Asia/Shanghai */
struct date schedule_day_of(const char *text, bool utc_time)
{
	struct date d = {0, 0, 0};

	if (strlen(text) < 10 || !date_parse(text, 10, &d))
		return (struct date){0, 0, 0};
	if (utc_time && strlen(text) >= 13 &&
	    (text[11] - '0') * 10 + (text[12] - '0') >= 16)
		d = date_add_days(d, 1);
	return d;
}

void schedule_facts_of(const struct schedule_child_row *r,
		       struct schedule_child *f)
{
	memset(f, 0, sizeof(*f));
	f->categories = schedule_bits_of(r->categories, false);
	f->key_flags = schedule_bits_of(r->key_flags, true);
	f->guardianship = guardianship_level_from(r->guardianship_level);
	f->birth = schedule_day_of(r->birth_date, false);
	f->registered = schedule_day_of(r->created_at, true);
	f->updated = schedule_day_of(r->updated_at, true);
	f->last_visit = schedule_day_of(r->last_visit, false);
	f->last_holiday = schedule_day_of(r->last_holiday, false);
}

/* ---- loading ---- */

struct load_ctx {
	struct worklist *w;
	const struct schedule_rule *rows;
	int nrows;
	int *rule_of; /* per child: index into w->rules */
	char last_region[13];
};

static int add_child(const struct schedule_child_row *r, void *data)
{
	struct load_ctx *l = data;
	struct worklist *w = l->w;
	struct worklist_child *c;

	if (w->nchildren == WORKLIST_CHILDREN_MAX)
		return GA_ETOOBIG;
	if (!w->nrules || strcmp(l->last_region, r->region)) {
		w->rules = xrealloc(w->rules, ((size_t)w->nrules + 1) *
						  sizeof(*w->rules));
		schedule_effective(l->rows, l->nrows, r->region,
				   &w->rules[w->nrules++]);
		str_copy(l->last_region, sizeof(l->last_region), r->region);
	}
	if (!(w->nchildren & 255)) {
		w->children =
		    xrealloc(w->children, ((size_t)w->nchildren + 256) *
					      sizeof(*w->children));
		l->rule_of = xrealloc(l->rule_of, ((size_t)w->nchildren + 256) *
						      sizeof(*l->rule_of));
	}
	c = &w->children[w->nchildren];
	memset(c, 0, sizeof(*c));
	c->id = r->id;
	str_copy(c->region, sizeof(c->region), r->region);
	str_copy(c->name, sizeof(c->name), r->name);
	schedule_facts_of(r, &c->facts);
	l->rule_of[w->nchildren++] = w->nrules - 1;
	return GA_OK;
}

static int by_id(const void *a, const void *b)
{
	const struct worklist_child *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int schedule_load_rows(struct db *db, const char *prefix,
		       struct schedule_rule **rows, int *n)
{
	*rows = xcalloc(RULE_ROWS_MAX, sizeof(**rows));
	return store_schedule_rules(db, prefix, *rows, RULE_ROWS_MAX, n);
}

static int load(struct db *db, const char *prefix, struct worklist *w)
{
	struct schedule_rule *rows;
	struct load_ctx l = {w, NULL, 0, NULL, ""};
	int rc = schedule_load_rows(db, prefix, &rows, &l.nrows);

	l.rows = rows;
	if (!rc)
		rc = store_schedule_children(db, prefix, add_child, &l);
	for (int i = 0; !rc && i < w->nchildren; i++)
		w->children[i].rules = &w->rules[l.rule_of[i]];
	if (!rc && w->nchildren)
		qsort(w->children, (size_t)w->nchildren, sizeof(*w->children),
		      by_id);
	free(l.rule_of);
	free(rows);
	return rc;
}

/* ---- sources and sorting ---- */

int worklist_emit(const struct worklist_sink *sink,
		  const struct worklist_item *it)
{
	struct worklist *w = sink->w;
	struct worklist_child key = {.id = it->child_id};
	struct worklist_child *c;
	struct worklist_entry *e;

	c = w->nchildren ? bsearch(&key, w->children, (size_t)w->nchildren,
				   sizeof(*w->children), by_id)
			 : NULL;
	if (!c || !date_valid(it->due))
		return GA_OK;
	if (w->n == WORKLIST_ITEMS_MAX) {
		w->truncated = true;
		return GA_OK;
	}
	if (!(w->n & 255))
		w->entries = xrealloc(w->entries, ((size_t)w->n + 256) *
						      sizeof(*w->entries));
	e = &w->entries[w->n++];
	e->item = *it;
	e->item.source = sink->source;
	if (!e->item.kind)
		e->item.kind = "";
	e->child = c;
	return GA_OK;
}

static int by_urgency(const void *a, const void *b)
{
	const struct worklist_entry *x = a, *y = b;
	int c = date_cmp(x->item.due, y->item.due);

	if (c)
		return c;
	if (x->item.child_id != y->item.child_id)
		return x->item.child_id < y->item.child_id ? -1 : 1;
	return strcmp(x->item.reason, y->item.reason);
}

int worklist_build(struct db *db, const char *prefix, struct date today,
		   struct worklist *out)
{
	struct worklist_scope ws;
	int rc;

	memset(out, 0, sizeof(*out));
	out->today = today;
	rc = load(db, prefix, out);
	ws.prefix = prefix;
	ws.today = today;
	ws.children = out->children;
	ws.nchildren = out->nchildren;
	for (int i = 0; !rc && worklist_sources[i].name; i++) {
		struct worklist_sink sink = {out, worklist_sources[i].name};

		rc = worklist_sources[i].collect(db, &ws, &sink);
	}
	if (!rc && out->n)
		qsort(out->entries, (size_t)out->n, sizeof(*out->entries),
		      by_urgency);
	return rc;
}

void worklist_release(struct worklist *w)
{
	if (w->children)
		memset(w->children, 0,
		       (size_t)w->nchildren * sizeof(*w->children));
	free(w->children);
	free(w->rules);
	free(w->entries);
	memset(w, 0, sizeof(*w));
}

const char *worklist_urgency(struct date due, struct date today)
{
	long days = date_days_between(today, due);

	if (days < 0)
		return "overdue";
	return days <= SCHEDULE_SOON_DAYS ? "soon" : "later";
}

void worklist_child_name(const struct worklist_child *c, char *out, size_t size)
{
	struct buf b;
	char row[24];

	out[0] = '\0';
	if (!c->name[0])
		return;
	snprintf(row, sizeof(row), "%" PRId64, c->id);
	buf_init(&b, CHILD_NAME_MAX * 4);
	if (!secret_open("child", "name", row, c->name, &b))
		str_copy(out, size, b.ptr);
	buf_wipe(&b);
}

/* ---- whose worklist ---- */

static int not_found(struct ga_error *err, const char *field)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", field,
			    "辖区内没有这个%s (no such %s within your area)",
			    strcmp(field, "director") ? "区划" : "儿童主任",
			    field);
}

/* a division code within the caller's scope → its prefix */
int schedule_region_prefix(const struct principal *by, const char *region,
			   char out[13], struct ga_error *err)
{
	size_t n = region ? strlen(region) : 0;

	if (!region_code_valid(region ? region : "", n) ||
	    !region_in_scope(region, by->scope_prefix))
		return not_found(err, "region");
	str_copy(out, 13, region);
	n = region_level_prefix_len(region_code_level(out));
	out[n] = '\0';
	return GA_OK;
}

int schedule_director_prefix(struct db *db, const struct principal *by,
			     int64_t director, char out[13],
			     struct ga_error *err)
{
	static __thread struct account a;
	struct principal p;
	int rc = store_account_by_id(db, director, by->scope_prefix, &a);

	if (rc == GA_ENOTFOUND || (!rc && a.role != ROLE_DIRECTOR))
		rc = not_found(err, "director");
	if (!rc) {
		memset(&p, 0, sizeof(p));
		p.account = a;
		principal_set_scope(&p);
		str_copy(out, 13, p.scope_prefix);
	}
	memset(&a, 0, sizeof(a));
	return rc;
}

int worklist_for(struct db *db, const struct principal *by, const char *region,
		 int64_t director, struct date today, struct worklist *out,
		 struct ga_error *err)
{
	char prefix[13];
	int rc = GA_OK;

	memset(out, 0, sizeof(*out));
	str_copy(prefix, sizeof(prefix), by->scope_prefix);
	if (region && region[0])
		rc = schedule_region_prefix(by, region, prefix, err);
	if (!rc && director)
		rc = schedule_director_prefix(db, by, director, prefix, err);
	if (!rc)
		rc = worklist_build(db, prefix, today, out);
	if (rc == GA_ETOOBIG)
		ga_error_set(
		    err, rc, "too_many_children", "region",
		    "范围内儿童过多，请选择乡镇或村 (too many children; "
		    "choose a township or village)");
	return rc;
}
