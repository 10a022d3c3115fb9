/*
 * confirmations_due(): the children of a scope whose confirmation needs
 * attention, for the worklist. One query gives, per child with an
 * entrusted guardian, a row per parent on record with the child's
 * confirmations folded (store_confirmation_due); the rows of a child are
 * gathered here and the domain decides.
 */
#include "service/confirmation_service.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

struct due_ctx {
	struct date today;
	int64_t child_id; /* the child being gathered, 0 before the first */
	char region[13];
	struct child_facts facts;
	struct conf_summary sum;
	int (*fn)(const struct confirmation_due *d, void *ctx);
	void *ctx;
};

static struct date date_of(const char *s)
{
	struct date d = {0};

	if (*s)
		date_parse(s, strlen(s), &d);
	return d;
}

/* the gathered child, if it needs attention */
static int flush(struct due_ctx *c)
{
	struct confirmation_due d;

	if (!c->child_id)
		return GA_OK;
	d.child_id = c->child_id;
	d.region = c->region;
	d.state = confirmation_state(confirmation_required(&c->facts), &c->sum,
				     c->today, &d.due);
	if (d.state == CONF_NOT_REQUIRED || d.state == CONF_SIGNED)
		return GA_OK;
	return c->fn(&d, c->ctx);
}

static int gather(const struct confirmation_due_row *r, void *data)
{
	struct due_ctx *c = data;
	struct member_facts *m;
	int rc = GA_OK;

	if (r->child_id != c->child_id) {
		rc = flush(c);
		c->child_id = r->child_id;
		str_copy(c->region, sizeof(c->region), r->region);
		memset(&c->facts, 0, sizeof(c->facts));
		c->facts.guardian = GUARDIAN_ENTRUSTED;
		memset(&c->sum, 0, sizeof(c->sum));
		c->sum.signed_end = date_of(r->signed_end);
		c->sum.pending_start = date_of(r->pending_start);
		c->sum.pending_end = date_of(r->pending_end);
		c->sum.count = (int)r->count;
	}
	if (r->relation[0] && c->facts.nfamily < CHILD_FAMILY_MAX) {
		m = &c->facts.family[c->facts.nfamily++];
		m->relation = (enum relation)relation_from(r->relation);
		m->situation = (enum situation)situation_from(r->situation);
	}
	return rc;
}

int confirmations_due(struct db *db, const char *scope_prefix,
		      struct date today,
		      int (*fn)(const struct confirmation_due *d, void *ctx),
		      void *ctx)
{
	struct due_ctx c;
	char t[11];
	int rc;

	memset(&c, 0, sizeof(c));
	c.today = today;
	c.fn = fn;
	c.ctx = ctx;
	date_format(today, t);
	rc = store_confirmation_due(db, scope_prefix ? scope_prefix : "", t,
				    gather, &c);
	if (!rc)
		rc = flush(&c);
	return rc;
}
