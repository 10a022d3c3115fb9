/*
 * The child registry (一人一档): register, read, update with optimistic
 * concurrency, list within scope, history. Each call is one transaction
 * with its audit entry. Identifying fields are sealed here, before the
 * store, and opened here, after it (crypto/secret.h). Categories and
 * key-child flags are derived by the domain rules on every write, never
 * typed by hand.
 *
 * Blind index: the keyed BLAKE2b of an ID number, truncated to
 * CHILD_INDEX_BITS bits, so each bucket holds several children at national
 * scale (7 M children / 2^20 buckets ≈ 7 per bucket) and a leaked key
 * cannot turn the index back into ID numbers; candidates are compared after
 * decryption.
 *
 * Name search decrypts the names of the candidates within the caller's
 * scope: cheap at village, township and county size (a county has a few
 * thousand children); at city scope the list filters should narrow first.
 */
#ifndef GA_SERVICE_CHILD_H
#define GA_SERVICE_CHILD_H

#include "auth/account.h"
#include "domain/child_record.h"
#include "service/auth_service.h"
#include "store/child_repo.h"

#define CHILD_INDEX_BITS 20

/* `today` is the caller's date (Asia/Shanghai), for the age rules. */
int children_create(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_record *in,
		    struct date today, struct child_view *out,
		    struct ga_error *err);
/*
 * children_create inside the caller's transaction (the caller begins,
 * commits or rolls back): a ledger import writes a whole file or nothing.
 */
int children_create_in_tx(struct db *db, const struct principal *by,
			  const struct request_meta *m, struct child_record *in,
			  struct date today, struct child_view *out,
			  struct ga_error *err);
/*
 * The checks of children_create (validation, duplicate ID) without the
 * insert. Call it inside a transaction: the duplicate check takes the
 * bucket lock (a write), which the caller's rollback undoes.
 */
int children_check(struct db *db, const struct principal *by,
		   struct child_record *in, struct date today,
		   struct ga_error *err);
int children_get(struct db *db, const struct principal *by, int64_t id,
		 struct date today, struct child_view *out,
		 struct ga_error *err);
/* `in` is the whole new dossier; in->version must be the current one. */
int children_update(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_record *in,
		    struct date today, struct child_view *out,
		    struct ga_error *err);
/*
 * children_update inside the caller's transaction (the caller begins,
 * commits or rolls back): a visit that updates the dossier writes both or
 * neither (visit_service.c).
 */
int children_update_in_tx(struct db *db, const struct principal *by,
			  const struct request_meta *m, struct child_record *in,
			  struct date today, struct child_view *out,
			  struct ga_error *err);
/*
 * children_update that also remembers an offline client's write by its UUID
 * in the same transaction (service/idempotency.h); key NULL: plain update.
 */
struct idem_key;
int children_update_once(struct db *db, const struct principal *by,
			 const struct request_meta *m, struct child_record *in,
			 struct date today, const struct idem_key *key,
			 struct child_view *out, struct ga_error *err);

struct child_query {
	struct child_filter filter; /* scope_prefix is set by the service */
	const char *name;	    /* part of the name, or NULL */
	const char *id_number;	    /* exact, or NULL */
	/* the caller needs only ids: without a name or ID number to match,
	 * records are passed on sealed, not decrypted */
	bool ids_only;
};
/* fn gets plain records (no family) that match */
int children_list(struct db *db, const struct principal *by,
		  struct child_query *q, int64_t *next,
		  int (*fn)(const struct child_record *r, void *ctx), void *ctx,
		  struct ga_error *err);

struct child_change {
	int64_t version;
	const char *at;
	int64_t by;
	const char *changes; /* "field\x1fold\x1fnew\x1e…", plain */
};
/*
 * Archive a dossier with a reason (aged_out, moved_away, died, other), or
 * restore it when reason is NULL; version must be the current one.
 */
int children_archive(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t version,
		     const char *reason, struct ga_error *err);
bool children_archive_reason_ok(const char *s);

int children_history(struct db *db, const struct principal *by, int64_t id,
		     const struct request_meta *m,
		     int (*fn)(const struct child_change *c, void *ctx),
		     void *ctx, struct ga_error *err);

/* Today in Asia/Shanghai (UTC+8, no daylight saving). */
struct date children_today(void);

#endif
