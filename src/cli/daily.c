/* guanai daily: the once-a-day recompute of categories (cron or a timer). */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "service/child_daily.h"
#include "service/child_service.h"
#include "store/db.h"
#include "util/banned.h"

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
	rc = children_daily(db, today, &st);
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
