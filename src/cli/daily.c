/* guanai daily: the once-a-day recompute of categories (cron or a timer). */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "service/child_daily.h"
#include "service/child_service.h"
#include "service/deadline_service.h"
#include "service/notify_daily.h"
#include "service/referral_daily.h"
#include "service/schedule_service.h"
#include "util/clock.h"
#include "store/db.h"
#include "util/banned.h"

/* referrals and notices (issue 6, service/referral_daily.h) */
static int daily_referrals(struct db *db, struct date today)
{
	struct referral_daily_stats rs;
	int rc = referrals_daily(db, today, &rs);

	if (!rc)
		printf(
		    "转介 (referrals): %ld auto hukou, %ld overdue escalated, "
		    "%ld missing parents, %ld notified\n",
		    rs.auto_hukou, rs.overdue, rs.missing, rs.added);
	return rc;
}

/* the worklist's notifications for today (service/notify_daily.h) */
static int daily_notifications(const struct config *cfg, struct db *db,
			       struct date today)
{
	struct ga_error err = {0};
	struct notify_stats ns;
	int loaded = 0;
	int rc = schedule_load_defaults(db, config_str(cfg, "data-dir"),
					&loaded, &err);

	if (rc && err.message[0])
		fprintf(stderr, "guanai: %s\n", err.message);
	if (!rc)
		rc = schedule_notify_daily(db, today, &ns);
	if (!rc)
		printf("提醒 (notifications): %ld villages, %ld added\n",
		       ns.villages, ns.added);
	if (!rc)
		rc = daily_referrals(db, today);
	return rc;
}

/* overdue case deadlines: escalated once each (service/deadline_service.h) */
static int daily_deadlines(const struct config *cfg, struct db *db)
{
	struct ga_error err = {0};
	struct escalate_stats es;
	int loaded = 0;
	int rc = deadline_load_defaults(db, config_str(cfg, "data-dir"),
					&loaded, &err);

	if (rc && err.message[0])
		fprintf(stderr, "guanai: %s\n", err.message);
	if (!rc)
		rc = deadline_escalate(db, (int64_t)clock_now(), &es);
	if (!rc)
		printf("个案时限 (case deadlines): %ld cases, %ld escalated, "
		       "%ld notified\n",
		       es.cases, es.escalated, es.notified);
	return rc;
}

int cmd_daily(const struct config *cfg)
{
	const char *when = config_str(cfg, "today");
	struct date today = children_today();
	struct daily_stats st;
	struct db *db = NULL;
	int rc;

	if (when && !date_parse(when, strlen(when), &today)) {
		fputs("guanai: --today must be a real YYYY-MM-DD date\n",
		      stderr);
		return 2;
	}
	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		return 1;
	clock_set_offset_file(config_str(cfg, "clock-offset-file"));
	rc = children_daily(db, today, &st);
	if (!rc)
		rc = daily_notifications(cfg, db, today);
	if (!rc)
		rc = daily_deadlines(cfg, db);
	db_close(db);
	if (rc) {
		fprintf(stderr,
			"guanai: 每日重算失败 (daily recompute failed)\n");
		return 1;
	}
	printf(
	    "每日重算 (daily recompute): %ld children, %ld changed, %ld aged "
	    "out (%ld for employment referral), %ld edited meanwhile (next "
	    "run)\n",
	    st.children, st.changed, st.aged_out, st.referrals, st.conflicts);
	return 0;
}
