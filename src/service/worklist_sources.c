/*
 * The worklist's sources (see worklist.h for how to add one). Each reads
 * the children of the scope (or its own table, filtered by ws->prefix) and
 * emits items with a stable reason id.
 */
#include "service/worklist.h"

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

const struct worklist_source worklist_sources[] = {
    {"visit_schedule", visit_schedule},
    {"yearly_recheck", yearly_recheck},
    {"ageing_out", ageing_out},
    /* add new sources here, e.g. {"confirmation", confirm_collect} */
    {NULL, NULL},
};
