#include "service/referral_daily.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "service/auth_service.h"
#include "service/referral_service.h"
#include "store/child_repo.h"
#include "store/referral_repo.h"
#include "store/schedule_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define BATCH	       200
#define RECIPIENTS_MAX 32
#define MISSING_MONTHS 6
/* children notified in one run; more wait for the next day's run */
#define MISSING_MAX 4000

/* a notification to every enabled account of role at the county */
static int send(struct db *db, const char *role, const char *region,
		struct notification_row *n, long *added)
{
	int64_t ids[RECIPIENTS_MAX];
	char county[13];
	int count = 0, one = 0;
	int rc;

	snprintf(county, sizeof(county), "%.6s000000", region);
	rc = store_accounts_at(db, role, county, ids, RECIPIENTS_MAX, &count);
	for (int i = 0; !rc && i < count; i++) {
		n->account_id = ids[i];
		rc = store_notification_add(db, n, &one);
		*added += one;
	}
	return rc;
}

static void note_of(struct notification_row *n, const char *kind,
		    int64_t child_id, const char *region, const char *due)
{
	memset(n, 0, sizeof(*n));
	str_copy(n->kind, sizeof(n->kind), kind);
	n->child_id = child_id;
	str_copy(n->region, sizeof(n->region), region);
	str_copy(n->due_date, sizeof(n->due_date), due);
	clock_now_text(n->created_at);
}

/* ---- the automatic police referral of children without hukou ---- */

static int hukou_one(struct db *db, int64_t id, struct date today,
		     struct referral_daily_stats *st)
{
	static __thread struct child_record r;
	int added = 0;
	int rc = db_begin(db);

	if (!rc)
		rc = store_child_get(db, "", id, &r);
	if (!rc)
		rc = referral_auto_hukou_in_tx(db, NULL, NULL, &r, today,
					       &added);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	st->auto_hukou += added;
	memset(&r, 0, sizeof(r));
	return rc;
}

static int hukou_backfill(struct db *db, struct date today,
			  struct referral_daily_stats *st)
{
	int64_t ids[BATCH], after = 0;
	int n = 0, rc;

	do {
		rc =
		    store_referral_no_hukou_children(db, after, BATCH, ids, &n);
		for (int i = 0; !rc && i < n; i++)
			rc = hukou_one(db, ids[i], today, st);
		if (n)
			after = ids[n - 1];
	} while (!rc && n == BATCH);
	return rc;
}

/* ---- overdue referrals ---- */

struct overdue_ctx {
	int64_t ids[BATCH];
	struct referral_row rows[BATCH];
	int n;
};

static int collect(const struct referral_row *r, void *data)
{
	struct overdue_ctx *o = data;

	if (o->n < BATCH) {
		o->rows[o->n] = *r;
		o->ids[o->n++] = r->id;
	}
	return GA_OK;
}

static int escalate(struct db *db, const struct referral_row *r,
		    const char *day, struct referral_daily_stats *st)
{
	struct notification_row n;
	char idt[24];
	long added = 0;
	int rc = db_begin(db);

	note_of(&n, "referral_overdue", r->child_id, r->region, r->due_date);
	if (!rc)
		rc = send(db, r->to_dept, r->region, &n, &added);
	if (!rc)
		rc = send(db, "county_civil", r->region, &n, &added);
	if (!rc)
		rc = store_referral_mark_escalated(db, r->id, day);
	snprintf(idt, sizeof(idt), "%" PRId64, r->id);
	if (!rc)
		rc = auth_audit_in_tx(db, NULL, NULL, "referral.escalate",
				      "referral", idt, "ok:daily");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	st->overdue++;
	st->added += added;
	return GA_OK;
}

static int overdue(struct db *db, struct date today,
		   struct referral_daily_stats *st)
{
	static struct overdue_ctx o;
	char day[11];
	int64_t after = 0;
	int rc;

	date_format(today, day);
	do {
		o.n = 0;
		rc = store_referral_overdue(db, day, after, BATCH, collect, &o);
		for (int i = 0; !rc && i < o.n; i++)
			rc = escalate(db, &o.rows[i], day, st);
		if (o.n)
			after = o.ids[o.n - 1];
	} while (!rc && o.n == BATCH);
	memset(&o, 0, sizeof(o));
	return rc;
}

/* ---- parents missing for 6 months ---- */

struct missing_ctx {
	struct db *db;
	struct date today;
	struct referral_daily_stats *st;
	int64_t child[MISSING_MAX];
	char region[MISSING_MAX][13];
	char due[MISSING_MAX][11];
	int n;
	bool more;
};

static int missing_one(int64_t child_id, const char *region,
		       const char *accepted, void *data)
{
	struct missing_ctx *x = data;
	struct date d;

	if (!date_parse(accepted, strlen(accepted), &d))
		return GA_OK;
	d = date_add_months(d, MISSING_MONTHS);
	/* the domain rule: more than 6 months, strictly (domain/child.c) */
	if (date_cmp(x->today, d) <= 0)
		return GA_OK;
	if (x->n == MISSING_MAX) {
		x->more = true;
		return GA_OK;
	}
	x->child[x->n] = child_id;
	str_copy(x->region[x->n], 13, region);
	date_format(d, x->due[x->n]);
	x->n++;
	return GA_OK;
}

static int missing(struct db *db, struct date today,
		   struct referral_daily_stats *st)
{
	static struct missing_ctx x;
	struct notification_row n;
	char idt[24];
	long added = 0;
	int rc;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.today = today;
	x.st = st;
	rc = store_referral_missing_parents(db, missing_one, &x);
	for (int i = 0; !rc && i < x.n; i++) {
		long before = added;

		rc = db_begin(db);
		note_of(&n, "missing_parent_6m", x.child[i], x.region[i],
			x.due[i]);
		if (!rc)
			rc = send(db, "county_civil", x.region[i], &n, &added);
		snprintf(idt, sizeof(idt), "%" PRId64, x.child[i]);
		if (!rc && added > before)
			rc = auth_audit_in_tx(db, NULL, NULL,
					      "notification.generate", "child",
					      idt, "ok:missing_parent_6m");
		if (!rc)
			rc = db_commit(db);
		if (rc)
			db_rollback(db);
		st->missing += added > before;
	}
	st->added += added;
	return rc;
}

int referrals_daily(struct db *db, struct date today,
		    struct referral_daily_stats *st)
{
	int rc;

	memset(st, 0, sizeof(*st));
	rc = hukou_backfill(db, today, st);
	if (!rc)
		rc = overdue(db, today, st);
	if (!rc)
		rc = missing(db, today, st);
	return rc;
}
