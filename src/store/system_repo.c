#include "store/system_repo.h"

#include "util/banned.h"

static const char sql_ping[] = "SELECT 1";

int store_ping(struct db *db)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_ping, &st);

	if (!rc)
		rc = db_step(st) == GA_ROW ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}
