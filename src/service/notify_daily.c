#include "service/notify_daily.h"

#include <stdio.h>
#include <string.h>

#include "service/auth_service.h"
#include "service/worklist.h"
#include "store/schedule_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define VILLAGE_BATCH  200
#define RECIPIENTS_MAX 32

/* which worklist items notify, and how */
struct notify_kind {
	const char *reason; /* the worklist item's reason */
	const char *kind;   /* the notification's kind */
	bool overdue_only;  /* only once the item is overdue */
	bool summarise;	    /* counted in the supervisor's summary */
};

static const struct notify_kind notify_kinds[] = {
    {"visit_key_monthly", "visit_overdue", true, true},
    {"visit_quarterly", "visit_overdue", true, true},
    {"ageing_out", "ageing_out", false, false},
    {"confirmation_expiring", "confirmation_expiring", false, false},
    {"case_follow_up", "visit_overdue", true, true},
    {NULL, NULL, false, false},
};

static const struct notify_kind *kind_of(const struct worklist_item *it,
					 struct date today)
{
	for (int i = 0; notify_kinds[i].reason; i++) {
		if (strcmp(notify_kinds[i].reason, it->reason))
			continue;
		if (notify_kinds[i].overdue_only &&
		    date_cmp(it->due, today) >= 0)
			return NULL;
		return &notify_kinds[i];
	}
	return NULL;
}

struct township {
	char code[13];
	long overdue;
};

static int send(struct db *db, const char *role, const char *scope,
		struct notification_row *n, long *added)
{
	int64_t ids[RECIPIENTS_MAX];
	int count = 0, one = 0;
	int rc =
	    store_accounts_at(db, role, scope, ids, RECIPIENTS_MAX, &count);

	for (int i = 0; !rc && i < count; i++) {
		n->account_id = ids[i];
		rc = store_notification_add(db, n, &one);
		*added += one;
	}
	return rc;
}

static int village(struct db *db, const char *code, struct date today,
		   struct township *t, struct notify_stats *st)
{
	static __thread struct worklist w;
	struct notification_row n;
	long added = 0;
	bool began = false;
	int rc = worklist_build(db, code, today, &w);

	if (!rc)
		rc = db_begin(db);
	began = !rc;
	for (int i = 0; !rc && i < w.n; i++) {
		const struct worklist_item *it = &w.entries[i].item;
		const struct notify_kind *k = kind_of(it, today);

		if (!k)
			continue;
		memset(&n, 0, sizeof(n));
		str_copy(n.kind, sizeof(n.kind), k->kind);
		n.child_id = it->child_id;
		str_copy(n.region, sizeof(n.region), code);
		date_format(it->due, n.due_date);
		clock_now_text(n.created_at);
		rc = send(db, "director", code, &n, &added);
		t->overdue += k->summarise;
	}
	if (!rc && added)
		rc = auth_audit_in_tx(db, NULL, NULL, "notification.generate",
				      "region", code, "ok:daily");
	if (!rc)
		rc = db_commit(db);
	if (rc && began)
		db_rollback(db);
	st->villages++;
	st->added += added;
	worklist_release(&w);
	return rc;
}

/* the township's supervisors: one summary a day when anything is late */
static int summary(struct db *db, struct township *t, struct date today,
		   struct notify_stats *st)
{
	struct notification_row n;
	long added = 0;
	int rc;

	if (!t->code[0] || !t->overdue)
		return GA_OK;
	bool began;

	memset(&n, 0, sizeof(n));
	str_copy(n.kind, sizeof(n.kind), "visits_overdue_summary");
	str_copy(n.region, sizeof(n.region), t->code);
	date_format(today, n.due_date);
	n.count = t->overdue;
	clock_now_text(n.created_at);
	rc = db_begin(db);
	began = !rc;
	if (!rc)
		rc = send(db, "supervisor", t->code, &n, &added);
	if (!rc && added)
		rc = auth_audit_in_tx(db, NULL, NULL, "notification.generate",
				      "region", t->code, "ok:daily");
	if (!rc)
		rc = db_commit(db);
	if (rc && began)
		db_rollback(db);
	st->added += added;
	return rc;
}

int schedule_notify_daily(struct db *db, struct date today,
			  struct notify_stats *st)
{
	static char codes[VILLAGE_BATCH][13];
	struct township t = {"", 0};
	char after[13] = "";
	int n = 0;
	int rc;

	memset(st, 0, sizeof(*st));
	do {
		rc = store_schedule_villages(db, after, VILLAGE_BATCH, codes,
					     &n);
		for (int i = 0; !rc && i < n; i++) {
			char town[13];

			snprintf(town, sizeof(town), "%.9s000", codes[i]);
			if (strcmp(town, t.code)) {
				rc = summary(db, &t, today, st);
				str_copy(t.code, sizeof(t.code), town);
				t.overdue = 0;
			}
			if (!rc)
				rc = village(db, codes[i], today, &t, st);
		}
		if (n)
			str_copy(after, sizeof(after), codes[n - 1]);
	} while (!rc && n == VILLAGE_BATCH);
	if (!rc)
		rc = summary(db, &t, today, st);
	return rc;
}
