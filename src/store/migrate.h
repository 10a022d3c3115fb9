/*
 * Numbered schema migrations, applied in order, each in its own transaction,
 * recorded in schema_migrations. Applied by `guanai init` and at server start.
 * Concurrent callers (several test programs, several server instances) are
 * serialised: SQLite by its write lock, PostgreSQL by an advisory lock.
 */
#ifndef GA_STORE_MIGRATE_H
#define GA_STORE_MIGRATE_H

#include "store/db.h"

/* Bring the schema up to date. Returns GA_OK or GA_EDB (details logged). */
int migrate_up(struct db *db);

/* The newest version this binary knows; the version the database is at. */
int migrate_latest(void);
int migrate_current(struct db *db, int *version);

#endif
