/*
 * The director's worklist (GET /api/v1/worklist, POLICY.md A3.1, A2.4) and
 * the compliance figures of supervisors, counties and cities.
 *
 * The worklist is made of SOURCES, each one function that emits items for
 * the live children of the division asked for. The built-in ones are the
 * visit schedule (regular/key visits and the holiday visit), the yearly
 * re-check of every dossier, and children ageing out next month. To add
 * one (say, entrusted-guardianship confirmations missing or expiring):
 *
 *   1. write   static int confirm_collect(struct db *db,
 *                          const struct worklist_scope *ws,
 *                          const struct worklist_sink *sink)
 *      that reads what it needs for the children in ws->prefix (its own
 *      repository query, scope-filtered) and calls worklist_emit(sink, …)
 *      once per item with a stable reason id ("confirmation_expiring");
 *   2. add {"confirmation", confirm_collect} to worklist_sources[] in
 *      src/service/worklist_sources.c.
 *
 * Items for children outside ws (archived, out of scope) are dropped by
 * worklist_emit, so a source cannot leak them. `guanai daily` turns items
 * into notifications through notify_kinds[] (service/notify_daily.c): one
 * line there makes a source's reason notify.
 */
#ifndef GA_SERVICE_WORKLIST_H
#define GA_SERVICE_WORKLIST_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/schedule.h"
#include "service/auth_service.h"
#include "store/schedule_repo.h"

#define WORKLIST_CHILDREN_MAX 20000
#define WORKLIST_ITEMS_MAX    20000

/* One live child of the worklist's division, as the rules read it. */
struct worklist_child {
	int64_t id;
	char region[13];
	char name[SEALED(CHILD_NAME_MAX)]; /* sealed */
	struct schedule_child facts;
	const struct schedule_rules *rules; /* effective for its village */
};

/* What a source is asked about: live children of `prefix`, sorted by id. */
struct worklist_scope {
	const char *prefix;
	struct date today;
	const struct worklist_child *children;
	int nchildren;
};

struct worklist_item {
	int64_t child_id;
	struct date due;
	const char *reason; /* static or from the rules: a stable id */
	const char *kind;   /* the visit kind suggested, may be "" */
	const char *source; /* the source's name (set by the collector) */
};

struct worklist_sink;
/* Add an item; dropped when child_id is not one of the scope's children. */
int worklist_emit(const struct worklist_sink *sink,
		  const struct worklist_item *it);

struct worklist_source {
	const char *name;
	int (*collect)(struct db *db, const struct worklist_scope *ws,
		       const struct worklist_sink *sink);
};

/* The sources, ended by {NULL, NULL} (worklist_sources.c). */
extern const struct worklist_source worklist_sources[];

/* An item as the worklist shows it: the child's name opened. */
struct worklist_entry {
	struct worklist_item item;
	const struct worklist_child *child;
};

struct worklist {
	struct worklist_child *children;
	int nchildren;
	struct schedule_rules *rules; /* one per village */
	int nrules;
	struct worklist_entry *entries; /* most urgent first */
	int n;
	bool truncated;
	struct date today;
};

void worklist_release(struct worklist *w);

/*
 * Build the worklist of division prefix `prefix` (within the caller's
 * scope: the service checks) for `today`: every source's items, sorted by
 * due date (overdue, then due within SCHEDULE_SOON_DAYS, then later), then
 * child id. GA_ETOOBIG beyond WORKLIST_CHILDREN_MAX children.
 */
int worklist_build(struct db *db, const char *prefix, struct date today,
		   struct worklist *out);

/*
 * The worklist the caller asked for: their whole scope, or `region` (a
 * division code within it) or `director` (an account id of a director
 * within it; 0: none). GA_ENOTFOUND when either is outside the scope.
 */
int worklist_for(struct db *db, const struct principal *by, const char *region,
		 int64_t director, struct date today, struct worklist *out,
		 struct ga_error *err);

/* "overdue", "soon" or "later" for a due date on `today` */
const char *worklist_urgency(struct date due, struct date today);
/* the child's name opened into out (size bytes); "" when it fails */
void worklist_child_name(const struct worklist_child *c, char *out,
			 size_t size);

/* ---- compliance ---- */

struct compliance_row {
	char level[12];	 /* "director", "village", "township", "county" */
	char region[13]; /* the division the row is about (drill target) */
	int64_t director_id;
	char director_name[97];
	char region_name[193];
	long children;
	long visits_due; /* occurrences due in the period */
	long on_time;	 /* of them, done on time (domain/schedule.h) */
	long overdue;	 /* children whose visit is late now */
	long stale;	 /* dossiers not updated within the re-check interval */
};

struct compliance {
	char region[13];
	char level[12]; /* the level of `region` */
	struct date from, to;
	struct compliance_row *rows;
	int n;
	struct compliance_row total;
};

void compliance_release(struct compliance *c);

/*
 * Compliance of `region` (within the caller's scope; "" the whole scope)
 * over [from, to] (unset: the 90 days up to today; to is clamped to
 * today): a township (or village) gives one row per director account of
 * its villages and one per village without a director; a county one row
 * per township; a city or province one row per county.
 */
int compliance_for(struct db *db, const struct principal *by,
		   const char *region, struct date from, struct date to,
		   struct date today, struct compliance *out,
		   struct ga_error *err);

#endif
