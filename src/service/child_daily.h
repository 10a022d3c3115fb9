/*
 * The daily recompute (`guanai daily`): time changes categories without
 * anyone editing a dossier (a child turns 16 or 18, a parent has been
 * missing for 6 months, a detention ends). Every live child is derived
 * again for `today`; a changed category or flag is stored with a history
 * entry; a child who turned 18 is archived (never deleted) with the reason
 * aged_out, and counted for the employment referral when the rules say so.
 */
#ifndef GA_SERVICE_CHILD_DAILY_H
#define GA_SERVICE_CHILD_DAILY_H

#include "domain/date.h"
#include "store/db.h"

struct daily_stats {
	long children;	/* looked at */
	long changed;	/* categories or flags changed */
	long aged_out;	/* archived at 18 */
	long referrals; /* of them, to be referred for employment help */
	long conflicts; /* edited meanwhile: left for the next run */
};

int children_daily(struct db *db, struct date today, struct daily_stats *st);

#endif
