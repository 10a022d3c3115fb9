/*
 * Repository of administrative divisions and the small key/value meta table.
 * Divisions are public reference data, so these functions take no scope.
 * All SQL for them lives in region_repo.c.
 */
#ifndef GA_STORE_REGION_REPO_H
#define GA_STORE_REGION_REPO_H

#include <stddef.h>

#include "domain/region.h"
#include "store/db.h"
#include "util/buf.h"

/* A growable array of regions; region_list_release() frees it. */
struct region_list {
	struct region *items;
	size_t n;
	size_t alloc;
};

void region_list_init(struct region_list *l);
void region_list_release(struct region_list *l);
struct region *region_list_push(struct region_list *l);

/* GA_OK, GA_ENOTFOUND or GA_EDB. */
int store_region_get(struct db *db, const char *code, struct region *out);
/* Children of `parent` sorted by code; parent NULL lists the top level. */
int store_region_children(struct db *db, const char *parent,
			  struct region_list *out);
/*
 * Insert or update one division as an import lists it (name, level, parent,
 * kind, zone, overlaps); clears abolished_at and stamps `batch`.
 * Leaves the deep-poverty flags alone.
 */
int store_region_upsert(struct db *db, const struct region *r,
			const char *source, const char *batch, const char *now);
/*
 * Mark abolished the divisions of `level` under `prefix` that the import
 * `batch` did not list (management zones excepted). *count gets how many.
 */
int store_region_abolish_unlisted(struct db *db, enum region_level level,
				  const char *prefix, const char *batch,
				  const char *now, long *count);
/* Set the deep-poverty flag of a division; GA_ENOTFOUND when absent. */
int store_region_set_deep_poverty(struct db *db, const char *code,
				  bool confirmed, const char *now);
/* Number of divisions of a level under a prefix, abolished excluded. */
int store_region_count(struct db *db, enum region_level level,
		       const char *prefix, long *count);

/* meta: GA_ENOTFOUND when the key is absent; value appended to out */
int store_meta_get(struct db *db, const char *key, struct buf *out);
int store_meta_set(struct db *db, const char *key, const char *value);

#endif
