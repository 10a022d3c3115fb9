/*
 * The daily notifications (`guanai daily`, after the category recompute):
 * every village's worklist for `today` is turned into in-app
 * notifications through notify_kinds[] (notify_daily.c): a visit overdue
 * goes to the village's directors, and summarised (one a day with the
 * count) to the township's supervisors; a child ageing out next month to
 * the directors. Each (account, kind, child, due date) is written once,
 * so running daily twice adds nothing. Notifications carry no personal
 * data: the web app words them from their kind and links the child by id.
 *
 * To notify about a new worklist reason (e.g. the confirmations'
 * "confirmation_expiring"), add one line to notify_kinds[].
 */
#ifndef GA_SERVICE_NOTIFY_DAILY_H
#define GA_SERVICE_NOTIFY_DAILY_H

#include "domain/date.h"
#include "store/db.h"

struct notify_stats {
	long villages; /* looked at */
	long added;    /* notifications written */
};

int schedule_notify_daily(struct db *db, struct date today,
			  struct notify_stats *st);

#endif
