/*
 * The worklist's sources (see worklist.h for how to add one). Each reads
 * the children of the scope (or its own table, filtered by ws->prefix) and
 * emits items with a stable reason id.
 */
#include "service/worklist.h"

#include <stdlib.h>
#include <string.h>

#include "service/confirmation_service.h"
#include "store/referral_repo.h"
#include "store/case_plan_repo.h"

#include "util/banned.h"

static int emit(const struct worklist_sink *sink, int64_t child_id,
		const struct schedule_item *s)
{
	struct worklist_item it = {child_id, s->due, s->reason, s->kind, NULL};

	return worklist_emit(sink, &it);
}

/* regular and key-child visits, and the holiday visit to 困境儿童 */
static int visit_schedule(struct db *db, const struct worklist_scope *ws,
			  const struct worklist_sink *sink)
{
	struct schedule_item s;
	int rc = GA_OK;

	(void)db;
	for (int i = 0; !rc && i < ws->nchildren; i++) {
		const struct worklist_child *c = &ws->children[i];

		if (schedule_visit_due(c->rules, &c->facts, ws->today, &s))
			rc = emit(sink, c->id, &s);
		if (!rc &&
		    schedule_holiday_due(c->rules, &c->facts, ws->today, &s))
			rc = emit(sink, c->id, &s);
	}
	return rc;
}

/* the full re-check of a dossier not updated within the year */
static int yearly_recheck(struct db *db, const struct worklist_scope *ws,
			  const struct worklist_sink *sink)
{
	struct schedule_item s;
	int rc = GA_OK;

	(void)db;
	for (int i = 0; !rc && i < ws->nchildren; i++) {
		const struct worklist_child *c = &ws->children[i];

		if (schedule_recheck_due(c->rules, &c->facts, ws->today, &s))
			rc = emit(sink, c->id, &s);
	}
	return rc;
}

/* turning 16 (left-behind) or 18 next month: review the dossier */
static int ageing_out(struct db *db, const struct worklist_scope *ws,
		      const struct worklist_sink *sink)
{
	struct schedule_item s;
	int rc = GA_OK;

	(void)db;
	for (int i = 0; !rc && i < ws->nchildren; i++) {
		const struct worklist_child *c = &ws->children[i];

		if (schedule_ageing_due(&c->facts, ws->today, &s))
			rc = emit(sink, c->id, &s);
	}
	return rc;
}

/*
 * Entrusted-guardianship confirmations (委托监护确认书) missing, waiting
 * for signatures, expired, or expiring within 30 days: one query over the
 * scope (service/confirmation_service.h).
 */
static int confirmation_item(const struct confirmation_due *d, void *ctx)
{
	static const char *const reasons[] = {
	    [CONF_MISSING] = "confirmation_missing",
	    [CONF_PENDING] = "confirmation_pending",
	    [CONF_EXPIRING] = "confirmation_expiring",
	    [CONF_EXPIRED] = "confirmation_expired",
	};
	struct worklist_item it = {d->child_id, d->due, NULL, "verification",
				   NULL};

	if ((size_t)d->state >= sizeof(reasons) / sizeof(*reasons) ||
	    !reasons[d->state])
		return GA_OK;
	it.reason = reasons[d->state];
	return worklist_emit(ctx, &it);
}

static int confirmations(struct db *db, const struct worklist_scope *ws,
			 const struct worklist_sink *sink)
{
	return confirmations_due(db, ws->prefix, ws->today, confirmation_item,
				 (void *)sink);
}

/*
 * A parent imprisoned or in drug rehabilitation, notified by justice
 * (issue 6, service/notice_service.h): visit the child within
 * JUSTICE_VISIT_DAYS of the notice (a local default), until a visit on or
 * after the notice's day is recorded.
 */
#define JUSTICE_VISIT_DAYS 7

static int justice_item(int64_t child_id, const char *day, void *ctx)
{
	struct worklist_item it = {
	    child_id, {0, 0, 0}, "justice_notice_visit", "follow_up", NULL};

	if (!date_parse(day, strlen(day), &it.due))
		return GA_OK;
	it.due = date_add_days(it.due, JUSTICE_VISIT_DAYS);
	return worklist_emit(ctx, &it);
}

static int justice_visits(struct db *db, const struct worklist_scope *ws,
			  const struct worklist_sink *sink)
{
	return store_referral_justice_unvisited(db, ws->prefix, justice_item,
						(void *)sink);
}

/*
 * Children with a case (个案) in its follow-up stage (跟踪, issue 6): the
 * village director visits them on the case:follow_up rule of the visit
 * schedule, counted from the day the case entered follow-up or the last
 * visit after it. One item per child however many cases it has there.
 */
struct follow_ctx {
	const struct worklist_scope *ws;
	const struct worklist_sink *sink;
	int64_t last_child;
};

static int by_id(const void *key, const void *elem)
{
	int64_t k = *(const int64_t *)key;
	int64_t e = ((const struct worklist_child *)elem)->id;

	return k < e ? -1 : k > e;
}

static int follow_up_case(int64_t case_id, int64_t child_id, const char *since,
			  void *p)
{
	struct follow_ctx *f = p;
	const struct worklist_child *c;
	struct schedule_item s;
	struct date day;

	(void)case_id;
	if (child_id == f->last_child)
		return GA_OK;
	c = bsearch(&child_id, f->ws->children, (size_t)f->ws->nchildren,
		    sizeof(*c), by_id);
	if (!c || !since || strlen(since) < 13 || !date_parse(since, 10, &day))
		return GA_OK;
	/* since is UTC; the day is Asia/Shanghai's (UTC+8) like today */
	if ((since[11] - '0') * 10 + (since[12] - '0') >= 16)
		day = date_add_days(day, 1);
	f->last_child = child_id;
	if (!schedule_case_follow_up_due(c->rules, &c->facts, day, &s))
		return GA_OK;
	return emit(f->sink, c->id, &s);
}

static int case_follow_up(struct db *db, const struct worklist_scope *ws,
			  const struct worklist_sink *sink)
{
	struct follow_ctx f = {ws, sink, 0};

	if (!ws->nchildren)
		return GA_OK;
	return store_cases_in_stage(db, ws->prefix, "follow_up", follow_up_case,
				    &f);
}

const struct worklist_source worklist_sources[] = {
    {"visit_schedule", visit_schedule},
    {"yearly_recheck", yearly_recheck},
    {"ageing_out", ageing_out},
    {"confirmation", confirmations},
    {"justice_notice", justice_visits}, /* issue 6, referrals */
    {"case_follow_up", case_follow_up},
    /* add new sources here */
    {NULL, NULL},
};
