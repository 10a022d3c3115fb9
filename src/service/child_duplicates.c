#include "service/child_duplicates.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "service/child_seal.h"
#include "store/child_repo.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

/*
 * Names compare without the spaces people type inconsistently (ASCII and
 * the ideographic space U+3000) and the middle dots of minority names
 * written with "·" or "•".
 */
static void name_key(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	while (*in && n + 1 < cap) {
		unsigned char c = (unsigned char)*in;

		if (c == ' ' || c == '\t') {
			in++;
			continue;
		}
		if (!strncmp(in, "\xe3\x80\x80", 3) || /* U+3000 */
		    !strncmp(in, "\xc2\xb7", 2) ||     /* U+00B7 */
		    !strncmp(in, "\xe2\x80\xa2", 3)) { /* U+2022 */
			in += c == 0xc2 ? 2 : 3;
			continue;
		}
		out[n++] = *in++;
	}
	out[n] = '\0';
}

struct detect_ctx {
	struct db *db;
	const struct child_record *r;
	char key[CHILD_NAME_MAX + 1];
	const char *now;
	int rc;
};

static int detect_one(const struct child_record *cand, void *data)
{
	static __thread struct child_record c;
	struct detect_ctx *d = data;
	char key[CHILD_NAME_MAX + 1];
	int added;

	if (cand->id == d->r->id)
		return GA_OK;
	c = *cand;
	c.nfamily = 0;
	if (child_open(&c))
		return GA_OK;
	/* two different ID numbers are two children */
	if (c.id_number[0] && d->r->id_number[0])
		return GA_OK;
	name_key(c.name, key, sizeof(key));
	if (strcmp(key, d->key))
		return GA_OK;
	return store_duplicate_add(d->db, c.id, d->r->id, d->r->region, d->now,
				   &added);
}

int child_duplicates_detect(struct db *db, const struct child_record *r,
			    const char *now)
{
	struct detect_ctx d = {db, r, "", now, GA_OK};

	if (r->archived)
		return GA_OK;
	name_key(r->name, d.key, sizeof(d.key));
	if (!d.key[0])
		return GA_OK;
	return store_child_same_birth(db, r->region, r->birth_date, detect_one,
				      &d);
}

/* the facts a supervisor compares, as far as the caller's scope allows */
static int fill_side(struct db *db, const struct principal *by, int64_t id,
		     struct duplicate_side *s)
{
	static __thread struct child_record c;
	int rc;

	memset(s, 0, sizeof(*s));
	s->id = id;
	rc = store_child_get(db, by->scope_prefix, id, &c);
	if (rc == GA_ENOTFOUND)
		return GA_OK;
	if (!rc)
		rc = child_open(&c);
	if (rc)
		return rc;
	s->visible = true;
	s->archived = c.archived;
	s->version = c.version;
	str_copy(s->name, sizeof(s->name), c.name);
	str_copy(s->sex, sizeof(s->sex),
		 c.sex == SEX_FEMALE ? "female" : "male");
	str_copy(s->birth_date, sizeof(s->birth_date), c.birth_date);
	str_copy(s->region, sizeof(s->region), c.region);
	s->has_id_number = c.id_number[0] != '\0';
	if (s->has_id_number)
		idcard_mask(c.id_number, s->id_masked);
	str_copy(s->created_at, sizeof(s->created_at), c.created_at);
	s->categories = c.categories;
	s->key_flags = c.key_flags;
	return GA_OK;
}

static int fill_view(struct db *db, const struct principal *by,
		     const struct duplicate_row *d, struct duplicate_view *v)
{
	int rc;

	v->d = *d;
	rc = fill_side(db, by, d->child_a, &v->a);
	if (!rc)
		rc = fill_side(db, by, d->child_b, &v->b);
	return rc;
}

struct list_ctx {
	struct db *db;
	const struct principal *by;
	int (*fn)(const struct duplicate_view *v, void *ctx);
	void *ctx;
};

static int list_one(const struct duplicate_row *d, void *data)
{
	static __thread struct duplicate_view v;
	struct list_ctx *l = data;
	int rc = fill_view(l->db, l->by, d, &v);

	return rc ? rc : l->fn(&v, l->ctx);
}

int duplicates_list(struct db *db, const struct principal *by,
		    const char *status, int64_t child_id,
		    int (*fn)(const struct duplicate_view *v, void *ctx),
		    void *ctx, struct ga_error *err)
{
	struct list_ctx l = {db, by, fn, ctx};
	int rc;

	(void)err;
	rc = db_begin(db);
	if (!rc)
		rc = store_duplicate_list(db, by->scope_prefix, status,
					  child_id, list_one, &l);
	if (!rc)
		rc = db_commit(db);
	else
		db_rollback(db);
	return rc;
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该疑似重复记录 (no such duplicate flag)");
}

int duplicates_get(struct db *db, const struct principal *by, int64_t id,
		   struct duplicate_view *out, struct ga_error *err)
{
	struct duplicate_row d;
	int rc = store_duplicate_get(db, by->scope_prefix, id, &d);

	if (rc == GA_ENOTFOUND)
		return not_found(err);
	return rc ? rc : fill_view(db, by, &d, out);
}

static int closed(struct ga_error *err, const char *status)
{
	return ga_error_set(err, GA_ECONFLICT, "not_open", "",
			    "该记录已处理（%s） (already handled: %s)",
			    !strcmp(status, "merged")	   ? "已合并"
			    : !strcmp(status, "dismissed") ? "已排除"
							   : "已失效",
			    status);
}

static int history(struct db *db, int64_t child_id, int64_t version,
		   const char *region, const char *now, int64_t by,
		   const char *change)
{
	struct buf box;
	char idt[24];
	int rc;

	snprintf(idt, sizeof(idt), "%" PRId64, child_id);
	buf_init(&box, 4096);
	rc = secret_seal("child_change", "changes", idt, change, strlen(change),
			 &box);
	if (!rc)
		rc = store_child_change_insert(db, child_id, version, region,
					       now, by, box.ptr);
	buf_release(&box);
	return rc;
}

/*
 * Keep one dossier, archive the other as `duplicate` (kept, never
 * deleted, with a history entry naming the kept one), and move what hung
 * on the archived one. The supervisor copies any facts the archived
 * dossier had and the kept one lacks before merging: fields are not
 * merged automatically, because which of two differing answers is right
 * is a judgement.
 */
int duplicates_merge(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t keep,
		     struct duplicate_view *out, struct ga_error *err)
{
	static __thread struct child_record kept, drop;
	struct duplicate_row d;
	char now[24], idt[24], change[160];
	int64_t drop_id;
	int rc = db_begin(db);

	if (!rc)
		rc = store_duplicate_get(db, by->scope_prefix, id, &d);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && strcmp(d.status, "open"))
		rc = closed(err, d.status);
	if (!rc && keep != d.child_a && keep != d.child_b)
		rc = ga_error_set(err, GA_EINVAL, "invalid_value", "keep",
				  "保留的档案应为这两份之一 (keep must be one "
				  "of the two dossiers)");
	drop_id = keep == d.child_a ? d.child_b : d.child_a;
	if (!rc) {
		rc = store_child_get(db, by->scope_prefix, keep, &kept);
		if (!rc)
			rc = store_child_get(db, by->scope_prefix, drop_id,
					     &drop);
		if (rc == GA_ENOTFOUND)
			ga_error_set(err, rc, "not_found", "",
				     "两份档案须都在您的辖区内 (both "
				     "dossiers must be within your area)");
	}
	if (!rc && (kept.archived || drop.archived))
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "",
				  "其中一份档案已归档，请先恢复 (one of the "
				  "dossiers is archived; restore it first)");
	clock_now_text(now);
	if (!rc)
		rc = store_child_set_derived(db, drop.id, drop.version,
					     drop.categories, drop.key_flags,
					     true, "duplicate", now);
	snprintf(change, sizeof(change),
		 "archived\x1f\x1f"
		 "duplicate\x1e"
		 "merged_into\x1f\x1f%" PRId64 "\x1e",
		 keep);
	if (!rc)
		rc = history(db, drop.id, drop.version + 1, drop.region, now,
			     by->account.id, change);
	if (!rc)
		rc = store_child_repoint(db, drop.id, keep, kept.region,
					 by->account.id, now);
	if (!rc)
		rc = store_duplicate_close(db, id, "merged", keep,
					   by->account.id, now, "");
	if (!rc)
		rc =
		    store_duplicate_supersede(db, drop.id, by->account.id, now);
	snprintf(idt, sizeof(idt), "%" PRId64, drop.id);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "child.merge", "child", idt,
				      "ok");
	if (!rc)
		rc = store_duplicate_get(db, by->scope_prefix, id, &d);
	if (!rc)
		rc = fill_view(db, by, &d, out);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int duplicates_dismiss(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       const char *note, struct duplicate_view *out,
		       struct ga_error *err)
{
	struct duplicate_row d;
	struct buf box;
	char now[24], idt[24];
	int rc;

	buf_init(&box, 4096);
	snprintf(idt, sizeof(idt), "%" PRId64, id);
	rc = db_begin(db);
	if (!rc)
		rc = store_duplicate_get(db, by->scope_prefix, id, &d);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && strcmp(d.status, "open"))
		rc = closed(err, d.status);
	if (!rc && note && note[0])
		rc = secret_seal("child_duplicate", "note", idt, note,
				 strlen(note), &box);
	clock_now_text(now);
	if (!rc)
		rc = store_duplicate_close(db, id, "dismissed", 0,
					   by->account.id, now, box.ptr);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "child.duplicate_dismiss",
				      "child_duplicate", idt, "ok");
	if (!rc)
		rc = store_duplicate_get(db, by->scope_prefix, id, &d);
	if (!rc)
		rc = fill_view(db, by, &d, out);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	buf_release(&box);
	return rc;
}
