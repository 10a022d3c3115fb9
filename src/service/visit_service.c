#include "service/visit_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/keys.h"
#include "crypto/secret.h"
#include "domain/region.h"
#include "service/child_service.h"
#include "service/visit_codec.h"
#include "store/child_repo.h"
#include "store/visit_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int visit_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该走访记录 (no such visit)");
}

static int child_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该儿童档案 (no such child)");
}

/* ---- sealing ---- */

/* the sealed record of v (bound to visit id) into row->details */
static int seal_details(const struct visit *v, struct visit_row *row)
{
	struct buf plain, box;
	char idt[24];
	int rc;

	buf_init(&plain, VISIT_SEALED_MAX / 2);
	buf_init(&box, sizeof(row->details) - 1);
	id_text(v->id, idt);
	rc = visit_encode(v, &plain);
	if (!rc)
		rc = secret_seal("visit", "details", idt, plain.ptr, plain.len,
				 &box);
	if (!rc)
		str_copy(row->details, sizeof(row->details), box.ptr);
	buf_wipe(&plain);
	buf_release(&box);
	return rc;
}

/* open a sealed record into plain (a capped buffer the caller wipes) */
static int open_text(const char *table, const char *column, const char *row,
		     const char *sealed, struct buf *plain)
{
	if (!sealed[0])
		return GA_OK;
	return secret_open(table, column, row, sealed, plain);
}

/* the whole visit of row r, opened */
static int visit_open(const struct visit_row *r, struct visit *v)
{
	struct buf plain;
	char idt[24];
	int rc;

	buf_init(&plain, VISIT_SEALED_MAX);
	id_text(r->id, idt);
	visit_from_row(r, v);
	rc = open_text("visit", "details", idt, r->details, &plain);
	if (!rc && plain.len)
		visit_decode(plain.ptr, v);
	buf_wipe(&plain);
	return rc;
}

/* ---- rules ---- */

static int check_date(const struct visit *v, const struct child_record *c,
		      struct ga_error *err)
{
	struct date d, birth = {0, 0, 0};

	if (!date_parse(v->date, strlen(v->date), &d))
		return ga_error_set(err, GA_EINVAL, "invalid_date", "date",
				    "走访日期应为 YYYY-MM-DD (date must be "
				    "YYYY-MM-DD)");
	date_parse(c->birth_date, strlen(c->birth_date), &birth);
	switch (visit_date_check(d, birth, children_today())) {
	case VISIT_DATE_FUTURE:
		return ga_error_set(err, GA_EINVAL, "future_date", "date",
				    "走访日期不能晚于今天 (the visit date "
				    "cannot be in the future)");
	case VISIT_DATE_BEFORE_BIRTH:
		return ga_error_set(err, GA_EINVAL, "before_birth", "date",
				    "走访日期不能早于儿童出生日期 (the visit "
				    "date cannot be before the child's birth)");
	case VISIT_DATE_OK: break;
	}
	return GA_OK;
}

static void derive(struct visit *v)
{
	int levels[VA_COUNT];

	for (int i = 0; i < VA_COUNT; i++)
		levels[i] = v->findings[i].level;
	v->harm_found = visit_harm_found(levels, v->problems);
}

static int visitor_of(enum role r)
{
	switch (r) {
	case ROLE_SUPERVISOR: return visit_vocab_find(VV_VISITOR, "supervisor");
	case ROLE_SOCIAL_ORG: return visit_vocab_find(VV_VISITOR, "social_org");
	default: return visit_vocab_find(VV_VISITOR, "director");
	}
}

/* "YYYY-MM-DDTHH:MM:SSZ" as seconds since the epoch; 0 when malformed */
static int64_t epoch_of(const char *s)
{
	struct tm tm;
	struct date d;
	int64_t h, mi, se;

	if (strlen(s) < 19 || !date_parse(s, 10, &d) ||
	    parse_int64n(s + 11, 2, 0, 23, &h) ||
	    parse_int64n(s + 14, 2, 0, 59, &mi) ||
	    parse_int64n(s + 17, 2, 0, 60, &se))
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)se;
	return (int64_t)timegm(&tm);
}

/* may `by` change a visit created at created_at now? */
static int check_edit(const struct principal *by, const char *created_at,
		      const char *reason, struct ga_error *err)
{
	if (visit_edit_rule(epoch_of(created_at), (int64_t)clock_now()) ==
	    VISIT_EDIT_OPEN)
		return GA_OK;
	if (!role_may(by->account.role, ACT_VISIT_CORRECT))
		return ga_error_set(
		    err, GA_EFORBIDDEN, "edit_window_closed", "",
		    "走访记录超过%d天后只能由督导员更正 (a visit is read-only "
		    "after %d days except by a supervisor's correction)",
		    VISIT_EDIT_DAYS, VISIT_EDIT_DAYS);
	if (!reason || !*reason)
		return ga_error_set(err, GA_EINVAL, "missing_field", "reason",
				    "更正超过%d天的走访须填写更正原因 "
				    "(a correction needs a reason)",
				    VISIT_EDIT_DAYS);
	return GA_OK;
}

/* ---- create ---- */

/* the visit whose UUID is v's: the same body gives it back */
static int replay(struct db *db, const struct principal *by, struct visit *v,
		  const char *hash, bool *replayed, struct ga_error *err)
{
	static __thread struct visit_row row;
	int rc = store_visit_by_uuid(db, v->client_uuid, &row);

	if (rc)
		return rc; /* GA_ENOTFOUND: a new write */
	if (row.child_id != v->child_id || strcmp(row.body_hash, hash) ||
	    !region_in_scope(row.region, by->scope_prefix))
		return ga_error_set(err, GA_ECONFLICT, "client_uuid_reused",
				    "client_uuid",
				    "该 client_uuid 已用于另一条内容不同的记录 "
				    "(this client_uuid was already used for a "
				    "different visit)");
	*replayed = true;
	return visit_open(&row, v);
}

static int apply_dossier(struct db *db, const struct principal *by,
			 const struct request_meta *m,
			 const struct visit_dossier *dossier,
			 struct child_view *cur, struct ga_error *err)
{
	static __thread struct child_view done;
	int rc = dossier->apply(&cur->rec, dossier->ctx, err);

	if (!rc)
		rc = children_update_in_tx(db, by, m, &cur->rec,
					   children_today(), &done, err);
	memset(&done, 0, sizeof(done));
	return rc;
}

static int create_write(struct db *db, const struct principal *by,
			const struct request_meta *m, struct visit *v,
			const char *hash, const struct visit_dossier *dossier,
			struct ga_error *err)
{
	static __thread struct child_view cur;
	static __thread struct visit_row row;
	char idt[24];
	int rc = children_get(db, by, v->child_id, children_today(), &cur, err);

	if (rc == GA_ENOTFOUND)
		child_not_found(err);
	if (!rc && cur.rec.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "",
				  "已归档的档案不能记录走访 (an archived "
				  "dossier takes no visits)");
	if (!rc)
		rc = check_date(v, &cur.rec, err);
	if (!rc && dossier)
		rc = apply_dossier(db, by, m, dossier, &cur, err);
	if (rc)
		goto out;
	str_copy(v->region, sizeof(v->region), cur.rec.region);
	if (v->visitor_role < 0)
		v->visitor_role = visitor_of(by->account.role);
	derive(v);
	v->created_by = v->updated_by = by->account.id;
	clock_now_text(v->created_at);
	str_copy(v->updated_at, sizeof(v->updated_at), v->created_at);
	v->version = 1;
	memset(&row, 0, sizeof(row));
	visit_to_row(v, &row);
	str_copy(row.body_hash, sizeof(row.body_hash), hash);
	rc = store_visit_insert(db, &row);
	v->id = row.id;
	if (!rc)
		rc = seal_details(v, &row);
	if (!rc)
		rc = store_visit_seal(db, v->id, row.details);
	id_text(v->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "visit.create", "visit", idt,
				      v->harm_found ? "ok:harm_found" : "ok");
out:
	memset(&cur, 0, sizeof(cur));
	memset(&row, 0, sizeof(row));
	return rc;
}

int visits_create(struct db *db, const struct principal *by,
		  const struct request_meta *m, struct visit *v,
		  const char *canonical, const struct visit_dossier *dossier,
		  bool *replayed, struct ga_error *err)
{
	char hash[65] = "";
	int rc, tries = 0;

	*replayed = false;
	if (v->client_uuid[0])
		keyed_hash_hex(KEY_REPLAY, canonical ? canonical : "",
			       canonical ? strlen(canonical) : 0, hash);
again:
	rc = db_begin(db);
	if (!rc && v->client_uuid[0]) {
		rc = replay(db, by, v, hash, replayed, err);
		if (rc != GA_ENOTFOUND) {
			db_rollback(db); /* nothing was written */
			return rc;
		}
		rc = GA_OK;
	}
	if (!rc)
		rc = create_write(db, by, m, v, hash, dossier, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	/* the same UUID written meanwhile by a concurrent request */
	if (rc == GA_ECONFLICT && v->client_uuid[0] && !err->code[0] &&
	    !tries++)
		goto again;
	return rc;
}

/* ---- read ---- */

int visits_get(struct db *db, const struct principal *by, int64_t id,
	       struct visit *out, struct ga_error *err)
{
	static __thread struct visit_row row;
	int rc = store_visit_get(db, by->scope_prefix, id, &row);

	if (rc == GA_ENOTFOUND)
		visit_not_found(err);
	if (!rc)
		rc = visit_open(&row, out);
	memset(&row, 0, sizeof(row));
	return rc;
}

struct list_ctx {
	int (*fn)(const struct visit *v, void *ctx);
	void *ctx;
};

static int list_one(const struct visit_row *r, void *data)
{
	static __thread struct visit v;
	struct list_ctx *l = data;

	visit_from_row(r, &v);
	return l->fn(&v, l->ctx);
}

int visits_list(struct db *db, const struct principal *by, int64_t child_id,
		int (*fn)(const struct visit *v, void *ctx), void *ctx,
		struct ga_error *err)
{
	static __thread struct child_record c;
	struct list_ctx l = {fn, ctx};
	int rc = store_child_get(db, by->scope_prefix, child_id, &c);

	if (rc == GA_ENOTFOUND)
		return child_not_found(err);
	if (!rc)
		rc = store_visit_list(db, by->scope_prefix, child_id, list_one,
				      &l);
	return rc;
}

/* ---- edit and correct ---- */

int visit_check_edit(const struct principal *by, const char *created_at,
		     const char *reason, struct ga_error *err)
{
	return check_edit(by, created_at, reason, err);
}

/* the record row replaces, kept with the reason */
static int keep_revision(struct db *db, const struct principal *by,
			 const struct visit_row *old, const char *reason,
			 const char *now)
{
	static __thread struct visit_revision_row rv;
	struct buf plain, box;
	char idt[24], rowid[48];
	int rc;

	buf_init(&plain, VISIT_SEALED_MAX);
	buf_init(&box, sizeof(rv.previous) - 1);
	memset(&rv, 0, sizeof(rv));
	id_text(old->id, idt);
	snprintf(rowid, sizeof(rowid), "%" PRId64 ":%" PRId64, old->id,
		 old->version);
	rv.visit_id = old->id;
	rv.version = old->version;
	rv.changed_by = by->account.id;
	str_copy(rv.changed_at, sizeof(rv.changed_at), now);
	rc = open_text("visit", "details", idt, old->details, &plain);
	if (!rc)
		rc = secret_seal("visit_revision", "previous", rowid, plain.ptr,
				 plain.len, &box);
	if (!rc)
		str_copy(rv.previous, sizeof(rv.previous), box.ptr);
	buf_reset(&box);
	if (!rc && reason && *reason)
		rc = secret_seal("visit_revision", "reason", rowid, reason,
				 strlen(reason), &box);
	if (!rc && reason && *reason)
		str_copy(rv.reason, sizeof(rv.reason), box.ptr);
	if (!rc)
		rc = store_visit_revision_insert(db, &rv);
	buf_wipe(&plain);
	buf_release(&box);
	memset(&rv, 0, sizeof(rv));
	return rc;
}

static int stale(const struct visit_row *old, struct ga_error *err)
{
	return ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
			    "走访记录已被他人修改（当前版本 %" PRId64
			    "），请刷新 (the visit changed meanwhile: "
			    "current version %" PRId64 ")",
			    old->version, old->version);
}

static int update_write(struct db *db, const struct principal *by,
			const struct request_meta *m, struct visit *v,
			const char *reason, struct ga_error *err)
{
	static __thread struct visit_row old, row;
	static __thread struct child_record c;
	bool correction;
	char idt[24];
	int rc = store_visit_get(db, by->scope_prefix, v->id, &old);

	if (rc == GA_ENOTFOUND)
		return visit_not_found(err);
	if (!rc && old.version != v->version)
		rc = stale(&old, err);
	if (!rc)
		rc = check_edit(by, old.created_at, reason, err);
	correction =
	    reason && *reason &&
	    visit_edit_rule(epoch_of(old.created_at), (int64_t)clock_now()) ==
		VISIT_EDIT_CORRECTION;
	if (!rc)
		rc = store_child_get(db, "", old.child_id, &c);
	if (!rc)
		rc = check_date(v, &c, err);
	if (rc)
		goto out;
	v->child_id = old.child_id;
	str_copy(v->region, sizeof(v->region), old.region);
	str_copy(v->client_uuid, sizeof(v->client_uuid), old.client_uuid);
	v->created_by = old.created_by;
	str_copy(v->created_at, sizeof(v->created_at), old.created_at);
	v->updated_by = by->account.id;
	clock_now_text(v->updated_at);
	derive(v);
	memset(&row, 0, sizeof(row));
	visit_to_row(v, &row);
	row.version = old.version;
	rc = seal_details(v, &row);
	if (!rc)
		rc = keep_revision(db, by, &old, reason, v->updated_at);
	if (!rc)
		rc = store_visit_update(db, by->scope_prefix, &row);
	if (rc == GA_ECONFLICT)
		stale(&old, err);
	v->version = row.version;
	id_text(v->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(
		    db, by, m, correction ? "visit.correct" : "visit.update",
		    "visit", idt, v->harm_found ? "ok:harm_found" : "ok");
out:
	memset(&old, 0, sizeof(old));
	memset(&row, 0, sizeof(row));
	memset(&c, 0, sizeof(c));
	return rc;
}

int visits_update(struct db *db, const struct principal *by,
		  const struct request_meta *m, struct visit *v,
		  const char *reason, struct ga_error *err)
{
	int rc = db_begin(db);

	if (!rc)
		rc = update_write(db, by, m, v, reason, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

struct rev_ctx {
	int (*fn)(const struct visit_revision *r, void *ctx);
	void *ctx;
	const struct visit *now;
};

static int rev_one(const struct visit_revision_row *r, void *data)
{
	static __thread struct visit prev;
	struct rev_ctx *x = data;
	struct buf plain, reason;
	char rowid[48];
	int rc;

	buf_init(&plain, VISIT_SEALED_MAX);
	buf_init(&reason, 4096);
	snprintf(rowid, sizeof(rowid), "%" PRId64 ":%" PRId64, r->visit_id,
		 r->version);
	rc =
	    open_text("visit_revision", "previous", rowid, r->previous, &plain);
	if (!rc)
		rc = open_text("visit_revision", "reason", rowid, r->reason,
			       &reason);
	if (!rc) {
		struct visit_revision out = {r->version, r->changed_by,
					     r->changed_at, reason.ptr, &prev};

		/* the record holds the texts; the ids stay as they are now */
		prev = *x->now;
		visit_decode(plain.ptr, &prev);
		prev.version = r->version;
		derive(&prev);
		rc = x->fn(&out, x->ctx);
	}
	buf_wipe(&plain);
	buf_wipe(&reason);
	memset(&prev, 0, sizeof(prev));
	return rc;
}

int visits_revisions(struct db *db, const struct principal *by, int64_t id,
		     int (*fn)(const struct visit_revision *r, void *ctx),
		     void *ctx, struct ga_error *err)
{
	static __thread struct visit cur;
	struct rev_ctx x = {fn, ctx, &cur};
	int rc = visits_get(db, by, id, &cur, err);

	if (!rc)
		rc = store_visit_revisions(db, id, rev_one, &x);
	memset(&cur, 0, sizeof(cur));
	return rc;
}
