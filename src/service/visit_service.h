/*
 * Home visits (走访, issue 5): record, read, list, edit within 7 days,
 * correct later (supervisor, with a reason, the earlier record kept), and
 * photos. Each write is one transaction with its audit entry. The whole
 * visit is sealed as one record (visit_codec.c) bound to its row; only the
 * ids that schedules and figures query stay plain (store/visit_repo.h).
 *
 * Scope: the child must lie in the caller's scope, and a visit is found
 * through the village code it carries; anything outside answers
 * GA_ENOTFOUND like an absent one.
 *
 * Idempotent writes: a create that carries a client UUID (the offline
 * queue always sends one) is stored with a keyed hash of its canonical
 * body; the same UUID again with the same body gives the stored visit
 * back (replayed = true), with another body GA_ECONFLICT.
 */
#ifndef GA_SERVICE_VISIT_H
#define GA_SERVICE_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/child_record.h"
#include "domain/visit.h"
#include "service/auth_service.h"
#include "util/buf.h"

#define VISIT_NOTE_MAX	    1000 /* bytes of one area's note */
#define VISIT_TEXT_MAX	    2000 /* problem text, next steps, met_other */
#define VISIT_REASON_MAX    500	 /* a correction's reason */
#define VISIT_PHOTO_MAX	    ((size_t)3 << 20) /* bytes of one photo */
#define VISIT_PHOTOS_MAX    6		      /* photos of one visit */
#define VISIT_CANONICAL_MAX (64 * 1024)

struct visit_finding {
	int level; /* enum visit_level, -1 when the area was not assessed */
	char note[VISIT_NOTE_MAX + 1];
};

/* A visit in plain text. Ids of the vocabularies as in domain/visit.h. */
struct visit {
	int64_t id;
	int64_t child_id;
	char region[13];
	char date[11]; /* YYYY-MM-DD */
	int kind;
	int visitor_role;
	uint32_t met;
	char met_other[VISIT_TEXT_MAX + 1];
	int contact; /* -1 when not recorded */
	struct visit_finding findings[VA_COUNT];
	uint32_t problems;
	char problem_text[VISIT_TEXT_MAX + 1];
	uint32_t actions;
	char next_steps[VISIT_TEXT_MAX + 1];
	bool harm_found; /* derived: visit_harm_found() */
	bool report_requested;
	char client_uuid[40];
	int64_t created_by;
	char created_at[24];
	int64_t updated_by;
	char updated_at[24];
	int64_t version;
	int nphotos;
};

/* v with nothing recorded: every level -1, contact -1 */
void visit_blank(struct visit *v);

/*
 * Changes to the child's dossier carried by a visit, applied by `apply`
 * onto the opened current record (it sets rec->version to the version
 * the client saw) and saved through children_update_in_tx in the visit's
 * transaction, so categories are derived again at once.
 */
struct visit_dossier {
	int (*apply)(struct child_record *rec, void *ctx, struct ga_error *err);
	void *ctx;
};

/*
 * Record visit v of child v->child_id (date, kind, met, … filled; the
 * rest is set here). canonical is the request body in a canonical form
 * (for replays; may be NULL without a client UUID); dossier may be NULL.
 * On success v is the stored visit and *replayed tells whether it was
 * already there (same UUID and body).
 */
int visits_create(struct db *db, const struct principal *by,
		  const struct request_meta *m, struct visit *v,
		  const char *canonical, const struct visit_dossier *dossier,
		  bool *replayed, struct ga_error *err);
int visits_get(struct db *db, const struct principal *by, int64_t id,
	       struct visit *out, struct ga_error *err);
/* the visits of a child (plain columns only: notes and texts empty) */
int visits_list(struct db *db, const struct principal *by, int64_t child_id,
		int (*fn)(const struct visit *v, void *ctx), void *ctx,
		struct ga_error *err);
/*
 * Replace visit v->id by v, where v->version is the version the client
 * saw (GA_ECONFLICT when stale). Within VISIT_EDIT_DAYS of its creation
 * any visit.write holder in scope may; later only visit.correct, with a
 * reason (GA_EFORBIDDEN, GA_EINVAL). The record it replaces is kept in
 * visit_revision with the reason (may be NULL within the 7 days).
 */
int visits_update(struct db *db, const struct principal *by,
		  const struct request_meta *m, struct visit *v,
		  const char *reason, struct ga_error *err);

struct visit_revision {
	int64_t version; /* the version that was replaced */
	int64_t changed_by;
	const char *changed_at;
	const char *reason;
	const struct visit *previous; /* as it was */
};
int visits_revisions(struct db *db, const struct principal *by, int64_t id,
		     int (*fn)(const struct visit_revision *r, void *ctx),
		     void *ctx, struct ga_error *err);

struct visit_photo {
	int64_t id;
	const char *mime;
	int64_t size;
	int64_t created_by;
	const char *created_at;
};
/*
 * Add a photo (the bytes as uploaded) to visit id: JPEG, PNG or WebP by
 * their first bytes (GA_EUNSUPPORTED otherwise), at most VISIT_PHOTO_MAX
 * bytes (GA_ETOOBIG) and VISIT_PHOTOS_MAX per visit (GA_ECONFLICT); the
 * edit rule of visits_update applies. out gets its id and type.
 */
int visits_photo_add(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const void *data,
		     size_t len, struct visit_photo *out, struct ga_error *err);
int visits_photos(struct db *db, int64_t id,
		  int (*fn)(const struct visit_photo *p, void *ctx), void *ctx);
/* The bytes of photo `photo` of visit id into bytes, and its type
 * (static string) into *mime; audited. */
int visits_photo_get(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t photo,
		     struct buf *bytes, const char **mime,
		     struct ga_error *err);

#endif
