/*
 * The referrals' part of `guanai daily` (issue 6), for a given `today`:
 *  - every live child without household registration gets its automatic
 *    police referral if it has none yet (the backfill of the hook in the
 *    child service);
 *  - every referral still sent or accepted after its due date is notified,
 *    once (referral.escalated_on), to the receiving department's accounts
 *    and the county_civil accounts of the child's county (kind
 *    referral_overdue);
 *  - every child with a parent missing for more than 6 months since the
 *    police accepted the report (the domain rule of child.c, already
 *    re-derived by children_daily) is notified once to the county_civil
 *    accounts of its county (kind missing_parent_6m, due date = accepted +
 *    6 months).
 * Notifications carry the child id, the village and a date, no personal
 * data.
 */
#ifndef GA_SERVICE_REFERRAL_DAILY_H
#define GA_SERVICE_REFERRAL_DAILY_H

#include "domain/date.h"
#include "store/db.h"

struct referral_daily_stats {
	long auto_hukou; /* automatic police referrals made */
	long overdue;	 /* overdue referrals escalated */
	long missing;	 /* missing-parent notices written */
	long added;	 /* notifications written */
};

int referrals_daily(struct db *db, struct date today,
		    struct referral_daily_stats *st);

#endif
