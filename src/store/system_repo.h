/* Small queries about the database itself. */
#ifndef GA_STORE_SYSTEM_REPO_H
#define GA_STORE_SYSTEM_REPO_H

#include "store/db.h"

/* A round trip to the database: GA_OK when it answers. */
int store_ping(struct db *db);

#endif
