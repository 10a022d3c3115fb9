/*
 * The schema, as numbered migrations. Never edit a released migration; add
 * a new one. Write the shared dialect; give `sql_pg` only where PostgreSQL
 * needs different text (identity columns, types).
 */
#include "store/migrations.h"

#include <stddef.h>

#include "util/banned.h"

static const char m001_regions[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");"
	/* administrative divisions; public reference data */
	"CREATE TABLE region ("
	"  code TEXT PRIMARY KEY,"            /* 12-digit statistical code */
	"  name TEXT NOT NULL,"
	"  level INTEGER NOT NULL,"           /* enum region_level */
	"  parent TEXT,"                      /* NULL for the top level */
	"  kind TEXT NOT NULL,"
	"  zone INTEGER NOT NULL DEFAULT 0,"  /* management zone, no GB code */
	"  overlap_codes TEXT NOT NULL DEFAULT '',"/* zones: counties, space-separated */
	"  deep_poverty INTEGER NOT NULL DEFAULT 0,"
	"  deep_poverty_confirmed INTEGER NOT NULL DEFAULT 0,"
	"  abolished_at TEXT,"                /* gone from the official list */
	"  source TEXT NOT NULL DEFAULT '',"
	"  batch TEXT NOT NULL DEFAULT '',"   /* last import that listed it */
	"  updated_at TEXT NOT NULL"
	");"
	"CREATE INDEX region_parent_idx ON region (parent, code);"
	"CREATE INDEX region_level_idx ON region (level, code);";

const struct migration migrations[] = {
	{1, "regions", m001_regions, NULL},
};

const int migrations_count = sizeof(migrations) / sizeof(migrations[0]);
