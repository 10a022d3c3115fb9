/*
 * Village children's centres (儿童之家, POLICY.md A2.5, A3.6): one centre
 * per village with its address, opening hours, facilities and manager,
 * and its activity log with photos. Directors keep their own village's
 * centre, supervisors any of their township's; counties and cities read.
 * A township or county overview also names the villages with no centre.
 *
 * Scope: every read and write filters by the caller's scope in SQL; a
 * village or centre outside it is GA_ENOTFOUND, exactly like an absent
 * one. The manager's name and phone, activity notes and photos are sealed
 * at rest, bound to their row. Every write is one transaction with its
 * audit entry; opening a photo is audited too.
 */
#ifndef GA_SERVICE_CENTRE_H
#define GA_SERVICE_CENTRE_H

#include <stdbool.h>

#include "domain/centre.h"
#include "service/auth_service.h"
#include "store/centre_repo.h"
#include "util/buf.h"

#define CENTRE_PHOTO_MAX_BYTES ((size_t)3 << 20)
#define CENTRE_PAGE_MAX	       100
#define CENTRE_WITHOUT_MAX     2000 /* villages listed as having no centre */

/* What PUT sends: the whole centre. Strings borrowed; optional ones NULL. */
struct centre_input {
	const char *name;
	const char *address;	   /* optional */
	const char *manager_name;  /* optional */
	const char *manager_phone; /* optional */
	int64_t manager_account;   /* 0: none */
	struct centre_hours hours[CENTRE_HOURS_MAX];
	int nhours;
	const char *const *facilities;
	size_t nfacilities;
	int64_t version; /* 0: create; else the version it was based on */
};

/* A centre as the service hands it out: opened. */
struct centre_view {
	struct centre_row row;
	char region_name[192];
};

/*
 * Create or replace the centre of village `code`. GA_ENOTFOUND when the
 * village is not an existing village within scope; GA_ECONFLICT (stale
 * version, current one in the message) when version does not match;
 * GA_EINVAL with the field named. *created tells which it was.
 */
int centres_put(struct db *db, const struct principal *by,
		const struct request_meta *m, const char *code,
		const struct centre_input *in, struct centre_view *out,
		bool *created, struct ga_error *err);
/* The centre of village `code`; GA_ENOTFOUND when none or outside scope. */
int centres_get_village(struct db *db, const struct principal *by,
			const char *code, struct centre_view *out,
			struct ga_error *err);

struct centre_list_query {
	const char *region; /* a division within scope; NULL: the scope */
	const char *after;  /* region code of the last centre seen; NULL */
	int limit;	    /* 1 … CENTRE_PAGE_MAX */
};

/*
 * Centres under the division, by village code; *next gets the code to
 * pass as `after` for the next page ("" when none). For a township or
 * county (and a scope of one) `without` is called with each village under
 * it that has no centre (on the first page only; without may be NULL).
 * *listed_without tells whether the division gets that list at all.
 */
int centres_list(struct db *db, const struct principal *by,
		 const struct centre_list_query *q,
		 int (*fn)(const struct centre_view *c, void *ctx),
		 int (*without)(const char *code, const char *name, void *ctx),
		 void *ctx, char next[13], bool *listed_without,
		 struct ga_error *err);

/* An activity as sent; PATCH leaves NULL strings and has_* false alone. */
struct idem_key;

struct centre_activity_input {
	const char *activity_date; /* "YYYY-MM-DD" */
	const char *kind;
	int64_t participants;
	int64_t children_count;
	bool has_participants, has_children_count;
	const char *note;
	int64_t version;	 /* PATCH: required */
	const char *client_uuid; /* bound only; see idem */
	/* an offline client's write: remembered in the same transaction */
	const struct idem_key *idem;
};

/* An activity with its photos (ids, types and sizes), opened. */
struct centre_activity_view {
	struct centre_activity_row row;
	struct centre_photo_row photos[CENTRE_PHOTOS_MAX];
	int nphotos;
};

/* Log an activity of centre_id (within scope, else GA_ENOTFOUND). */
int centres_activity_add(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t centre_id,
			 const struct centre_activity_input *in,
			 struct centre_activity_view *out,
			 struct ga_error *err);
/* One activity by id, within scope (404 otherwise). */
int centres_activity_get(struct db *db, const struct principal *by, int64_t id,
			 struct centre_activity_view *out,
			 struct ga_error *err);
/* Change an activity (fields given only); version must match (409). */
int centres_activity_patch(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   const struct centre_activity_input *in,
			   struct centre_activity_view *out,
			   struct ga_error *err);
/*
 * The activities of centre_id, newest first; after "" or the `next` of the
 * previous page ("YYYY-MM-DD.id"); next[40] gets the cursor of the next
 * page or "".
 */
int centres_activity_list(struct db *db, const struct principal *by,
			  int64_t centre_id, const char *after, int limit,
			  int (*fn)(const struct centre_activity_view *a,
				    void *ctx),
			  void *ctx, char next[40], struct ga_error *err);

/*
 * Attach a photo to activity_id: JPEG, PNG or WebP by its bytes
 * (GA_EUNSUPPORTED otherwise), at most CENTRE_PHOTO_MAX_BYTES
 * (GA_ETOOBIG), at most CENTRE_PHOTOS_MAX per activity (GA_ECONFLICT).
 */
int centres_photo_add(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t activity_id,
		      const void *data, size_t len,
		      struct centre_photo_row *out, struct ga_error *err);
/* One photo, opened into data (audited as centre.photo.read). */
int centres_photo_get(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t activity_id,
		      int64_t photo_id, struct centre_photo_row *out,
		      struct buf *data, struct ga_error *err);

#endif
