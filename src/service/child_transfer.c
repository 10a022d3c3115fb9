#include "service/child_transfer.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/region.h"
#include "service/child_seal.h"
#include "store/child_repo.h"
#include "store/region_repo.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static __thread struct child_record rec;

/* the few facts the other side sees: name, birth date, sex */
static int fill_view(struct db *db, const struct transfer_row *t,
		     struct transfer_view *v)
{
	int rc;

	memset(v, 0, sizeof(*v));
	v->t = *t;
	rc = store_child_get(db, "", t->child_id, &rec);
	if (!rc)
		rc = child_open(&rec);
	if (rc)
		return rc;
	str_copy(v->child_name, sizeof(v->child_name), rec.name);
	str_copy(v->birth_date, sizeof(v->birth_date), rec.birth_date);
	str_copy(v->sex, sizeof(v->sex),
		 rec.sex == SEX_FEMALE ? "female" : "male");
	return GA_OK;
}

static int not_found(struct ga_error *err, const char *what)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到%s (not found)", what);
}

static int check_target(struct db *db, const char *to, const char *from,
			struct ga_error *err)
{
	struct region r;
	int rc;

	if (!region_code_valid(to, strlen(to)))
		return ga_error_set(
		    err, GA_EINVAL, "invalid_code", "to_region",
		    "迁入地应为12位村（社区）代码 (to_region must "
		    "be a 12-digit village code)");
	rc = store_region_get(db, to, &r);
	if (rc == GA_ENOTFOUND ||
	    (!rc && (r.abolished || r.level != REGION_VILLAGE)))
		return ga_error_set(
		    err, GA_EINVAL, "not_a_village", "to_region",
		    "迁入地应为现有的村（社区） (to_region must "
		    "be an existing village or community)");
	if (rc)
		return rc;
	if (!strcmp(to, from))
		return ga_error_set(err, GA_EINVAL, "same_region", "to_region",
				    "迁入地与现居住地相同 (the child already "
				    "lives there)");
	return GA_OK;
}

int transfers_request(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t child_id,
		      int64_t version, const char *to_region,
		      struct transfer_view *out, struct ga_error *err)
{
	struct transfer_row t = {0}, pending;
	char idt[24];
	int rc = db_begin(db);

	if (!rc)
		rc = store_child_get(db, by->scope_prefix, child_id, &rec);
	if (rc == GA_ENOTFOUND)
		not_found(err, "该儿童档案");
	if (!rc && rec.version != version)
		rc = ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
				  "档案已被他人修改（当前版本 %" PRId64
				  "），请刷新 (the dossier changed meanwhile: "
				  "current version %" PRId64 ")",
				  rec.version, rec.version);
	if (!rc && rec.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "",
				  "已归档的档案不能迁移 (an archived dossier "
				  "cannot move)");
	if (!rc)
		rc = check_target(db, to_region, rec.region, err);
	if (!rc && !store_transfer_pending_of(db, child_id, &pending))
		rc = ga_error_set(err, GA_ECONFLICT, "transfer_pending", "",
				  "已有待接收的迁移 (a transfer is already "
				  "pending)");
	t.child_id = child_id;
	str_copy(t.from_region, sizeof(t.from_region), rec.region);
	str_copy(t.to_region, sizeof(t.to_region), to_region);
	t.requested_by = by->account.id;
	clock_now_text(t.requested_at);
	if (!rc)
		rc = store_transfer_insert(db, &t);
	snprintf(idt, sizeof(idt), "%" PRId64, child_id);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "child.transfer_request",
				      "child", idt, "ok");
	if (!rc)
		rc = fill_view(db, &t, out);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

/* the history entry of a move: region old → new */
static int record_move(struct db *db, const struct principal *by,
		       const struct transfer_row *t, int64_t version,
		       const char *now)
{
	char change[64], idt[24];
	struct buf box;
	int rc;

	snprintf(change, sizeof(change), "region\x1f%s\x1f%s\x1e",
		 t->from_region, t->to_region);
	snprintf(idt, sizeof(idt), "%" PRId64, t->child_id);
	buf_init(&box, 4096);
	rc = secret_seal("child_change", "changes", idt, change, strlen(change),
			 &box);
	if (!rc)
		rc = store_child_change_insert(db, t->child_id, version,
					       t->to_region, now,
					       by->account.id, box.ptr);
	buf_release(&box);
	return rc;
}

int transfers_finish(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id,
		     enum transfer_op op, struct transfer_view *out,
		     struct ga_error *err)
{
	static const char *const status[] = {"accepted", "rejected",
					     "cancelled"};
	static const char *const action[] = {"child.transfer_accept",
					     "child.transfer_reject",
					     "child.transfer_cancel"};
	struct transfer_row t = {0};
	char now[24], idt[24];
	bool side_ok;
	int rc = db_begin(db);

	if (!rc)
		rc = store_transfer_get(db, by->scope_prefix, id, &t);
	if (rc == GA_ENOTFOUND)
		not_found(err, "该迁移");
	/* accept and reject belong to the receiving side, cancel to the
	 * sending one; the other side is told it does not exist */
	side_ok = op == TRANSFER_CANCEL
		      ? region_in_scope(t.from_region, by->scope_prefix)
		      : region_in_scope(t.to_region, by->scope_prefix);
	if (!rc && !side_ok)
		rc = not_found(err, "该迁移");
	if (!rc && strcmp(t.status, "pending"))
		rc = ga_error_set(err, GA_ECONFLICT, "not_pending", "",
				  "该迁移已处理 (the transfer was handled "
				  "already)");
	clock_now_text(now);
	if (!rc && op == TRANSFER_ACCEPT) {
		rc = store_child_get(db, "", t.child_id, &rec);
		if (!rc)
			rc = store_child_move(db, t.child_id, rec.version,
					      t.to_region, by->account.id, now);
		if (!rc)
			rc = record_move(db, by, &t, rec.version + 1, now);
	}
	if (!rc)
		rc = store_transfer_finish(db, id, status[op], by->account.id,
					   now);
	snprintf(idt, sizeof(idt), "%" PRId64, t.child_id);
	if (!rc)
		rc =
		    auth_audit_in_tx(db, by, m, action[op], "child", idt, "ok");
	if (!rc) {
		str_copy(t.status, sizeof(t.status), status[op]);
		t.handled_by = by->account.id;
		str_copy(t.handled_at, sizeof(t.handled_at), now);
		rc = fill_view(db, &t, out);
	}
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

struct list_ctx {
	struct db *db;
	int (*fn)(const struct transfer_view *v, void *ctx);
	void *ctx;
	struct transfer_row rows[500];
	int n;
};

static int collect(const struct transfer_row *t, void *data)
{
	struct list_ctx *l = data;

	if (l->n < 500)
		l->rows[l->n++] = *t;
	return GA_OK;
}

int transfers_list(struct db *db, const struct principal *by, bool incoming,
		   const char *status,
		   int (*fn)(const struct transfer_view *v, void *ctx),
		   void *ctx)
{
	static __thread struct list_ctx l;
	struct transfer_view v;
	int rc;

	l.db = db;
	l.n = 0;
	rc = store_transfer_list(db, by->scope_prefix, incoming, status,
				 collect, &l);
	for (int i = 0; !rc && i < l.n; i++) {
		rc = fill_view(db, &l.rows[i], &v);
		if (!rc)
			rc = fn(&v, ctx);
	}
	return rc;
}
