#include "service/hotline_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/report.h"
#include "store/case_repo.h"
#include "store/child_repo.h"
#include "store/referral_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

static const char tbl[] = "hotline_call";

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int seal(const char *column, int64_t id, char *field, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_seal(tbl, column, idt, field, strlen(field), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_(const char *column, int64_t id, char *field, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_open(tbl, column, idt, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

#define EACH_SEALED(X)                                                         \
	X("callback", callback)                                                \
	X("matter", matter)                                                    \
	X("callback_note", callback_note)

static int row_seal(struct hotline_call_row *r)
{
	int rc = GA_OK;
#define S(col, f) rc = rc ? rc : seal(col, r->id, r->f, sizeof(r->f));
	EACH_SEALED(S)
#undef S
	return rc;
}

static int row_open(struct hotline_call_row *r)
{
	int rc = GA_OK;
#define O(col, f) rc = rc ? rc : open_(col, r->id, r->f, sizeof(r->f));
	EACH_SEALED(O)
#undef O
	return rc;
}

static void row_blank(struct hotline_call_row *r)
{
#define B(col, f) r->f[0] = '\0';
	EACH_SEALED(B)
#undef B
}

int hotline_dispatched_parts(struct db *db, const struct hotline_call_row *c,
			     int *parts, int *answered)
{
	struct case_row k;
	int rc = GA_OK;

	*parts = *answered = 0;
	/* the report and its case */
	if (c->case_id) {
		(*parts)++;
		rc = store_case_get(db, c->case_id, "", &k);
		if (!rc && (k.police_ack_at[0] || k.protection_ack_at[0]))
			(*answered)++;
		if (rc == GA_ENOTFOUND)
			rc = GA_OK;
	}
	/* the referrals sent from the call */
	if (!rc) {
		int64_t total = 0, done = 0;

		rc = store_referral_source_counts(db, "hotline", c->id, &total,
						  &done);
		*parts += (int)total;
		*answered += (int)done;
	}
	return rc;
}

static int view_of(struct db *db, const struct hotline_call_row *r,
		   struct hotline_view *v)
{
	int rc;

	v->row = *r;
	rc = hotline_dispatched_parts(db, r, &v->parts, &v->answered);
	v->status = hotline_status_of(!strcmp(r->status, "closed"),
				      !strcmp(r->status, "open") ? 0 : v->parts,
				      v->answered);
	return rc;
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "没有这次来电（no such call）");
}

static int check_text(const char *v, size_t max, const char *field,
		      struct ga_error *err)
{
	if (v && strlen(v) > max)
		return ga_error_set(err, GA_ETOOBIG, "too_long", field,
				    "%s 不能超过 %zu 字节（%s is longer than "
				    "%zu bytes）",
				    field, max, field, max);
	return GA_OK;
}

static int check_input(const struct hotline_input *in, int64_t *t,
		       struct ga_error *err)
{
	int rc;

	*t = (int64_t)clock_now();
	if (!hotline_caller_valid(in->caller_type))
		return ga_error_set(err, GA_EINVAL, "bad_caller", "caller_type",
				    "未知的来电人类型（unknown caller type）");
	if (!hotline_class_valid(in->class_))
		return ga_error_set(err, GA_EINVAL, "bad_class", "class",
				    "未知的来电分类（unknown class）");
	if (in->received_at && in->received_at[0]) {
		if (!report_time_parse(in->received_at, t))
			return ga_error_set(err, GA_EINVAL, "bad_time",
					    "received_at",
					    "来电时间格式有误（received_at "
					    "must be a date and time）");
		if (*t > (int64_t)clock_now() + 300)
			return ga_error_set(err, GA_EINVAL, "future_time",
					    "received_at",
					    "来电时间不能晚于现在（received_at "
					    "is in the future）");
	}
	if (!in->matter || !in->matter[0])
		return ga_error_set(err, GA_EINVAL, "missing_field", "matter",
				    "请记录来电事项（matter is required）");
	rc = check_text(in->matter, HOTLINE_MATTER_MAX, "matter", err);
	if (!rc)
		rc = check_text(in->callback, HOTLINE_CALLBACK_MAX, "callback",
				err);
	return rc;
}

int hotline_create(struct db *db, const struct principal *by,
		   const struct request_meta *m, const struct hotline_input *in,
		   struct hotline_view *out, struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	static __thread struct child_record child;
	char idt[24];
	int64_t t;
	int rc = check_input(in, &t, err);

	if (rc)
		return rc;
	memset(&r, 0, sizeof(r));
	report_utc_format(t, r.received_at);
	str_copy(r.caller_type, sizeof(r.caller_type), in->caller_type);
	str_copy(r.class_, sizeof(r.class_), in->class_);
	r.emergency = in->emergency;
	r.child_id = in->child_id;
	str_copy(r.status, sizeof(r.status), "open");
	str_copy(r.region, sizeof(r.region), by->account.scope);
	r.created_by = by->account.id;
	clock_now_text(r.created_at);
	rc = db_begin(db);
	if (rc)
		return rc;
	if (in->child_id) {
		rc =
		    store_child_get(db, by->scope_prefix, in->child_id, &child);
		if (rc == GA_ENOTFOUND)
			ga_error_set(err, rc, "child_not_found", "child_id",
				     "没有这名儿童（no such child）");
		if (!rc)
			str_copy(r.region, sizeof(r.region), child.region);
		memset(&child, 0, sizeof(child));
	}
	if (!rc)
		rc = store_hotline_insert(db, &r);
	str_copy(r.callback, sizeof(r.callback),
		 in->callback ? in->callback : "");
	str_copy(r.matter, sizeof(r.matter), in->matter);
	if (!rc)
		rc = row_seal(&r);
	if (!rc)
		rc = store_hotline_update(db, &r);
	r.version++;
	id_text(r.id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "hotline.create",
				      "hotline_call", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	rc = row_open(&r);
	if (!rc)
		rc = view_of(db, &r, out);
	memset(&r, 0, sizeof(r));
	return rc;
}

int hotline_get(struct db *db, const struct principal *by,
		const struct request_meta *m, int64_t id,
		struct hotline_view *out, struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	char idt[24];
	int rc = store_hotline_get(db, id, by->scope_prefix, &r);

	if (rc == GA_ENOTFOUND)
		return not_found(err);
	if (!rc)
		rc = row_open(&r);
	if (!rc)
		rc = view_of(db, &r, out);
	id_text(id, idt);
	if (!rc)
		rc = auth_audit(db, by, m, "hotline.read", "hotline_call", idt,
				"ok");
	memset(&r, 0, sizeof(r));
	return rc;
}

struct list_ctx {
	struct db *db;
	int (*fn)(const struct hotline_view *v, void *ctx);
	void *ctx;
	struct hotline_call_row rows[HOTLINE_PAGE_MAX];
	int n;
};

static int keep(const struct hotline_call_row *r, void *p)
{
	struct list_ctx *l = p;

	l->rows[l->n] = *r;
	row_blank(&l->rows[l->n]);
	l->n++;
	return GA_OK;
}

int hotline_list(struct db *db, const struct principal *by, int64_t before_id,
		 int limit, int (*fn)(const struct hotline_view *v, void *ctx),
		 void *ctx)
{
	static __thread struct hotline_view v;
	/* a page of calls is large (their sealed text): on the heap */
	struct list_ctx *l = xcalloc(1, sizeof(*l));
	int rc;

	if (limit < 1 || limit > HOTLINE_PAGE_MAX)
		limit = HOTLINE_PAGE_MAX;
	l->db = db;
	l->fn = fn;
	l->ctx = ctx;
	/* collected first: the parts are read with the same connection */
	rc =
	    store_hotline_list(db, by->scope_prefix, before_id, limit, keep, l);
	for (int i = 0; !rc && i < l->n; i++) {
		rc = view_of(db, &l->rows[i], &v);
		if (!rc)
			rc = fn(&v, ctx);
	}
	free(l);
	return rc;
}

/* the call within scope for a change, in the caller's transaction */
static int lock(struct db *db, const struct principal *by, int64_t id,
		struct hotline_call_row *r, struct ga_error *err)
{
	int rc = store_hotline_get(db, id, by->scope_prefix, r);

	if (rc == GA_ENOTFOUND)
		return not_found(err);
	if (!rc && !strcmp(r->status, "closed"))
		return ga_error_set(err, GA_ECONFLICT, "call_closed", "",
				    "来电已结束（the call is closed）");
	return rc;
}

static int save(struct db *db, struct hotline_call_row *r, struct ga_error *err)
{
	int rc = store_hotline_update(db, r);

	if (rc == GA_ECONFLICT)
		return ga_error_set(err, rc, "stale_version", "version",
				    "来电记录已被他人更新，请刷新后重试（the "
				    "call was changed meanwhile; reload）");
	if (!rc)
		r->version++;
	return rc;
}

static int end_tx(struct db *db, int rc)
{
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int hotline_report(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id,
		   struct report_input *in, struct report_row *out,
		   struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	char idt[24];
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = lock(db, by, id, &r, err);
	if (!rc && r.report_id)
		rc = ga_error_set(err, GA_ECONFLICT, "already_reported", "",
				  "已从这次来电提交报告（a report was already "
				  "opened from this call）");
	if (!rc)
		rc = row_open(&r);
	if (!rc) {
		in->call_id = id;
		if (!in->child_id && !in->child)
			in->child_id = r.child_id;
		if (!in->narrative || !in->narrative[0])
			in->narrative = r.matter;
		if (!in->discovered_at || !in->discovered_at[0])
			in->discovered_at = r.received_at;
		rc = report_create_in_tx(db, by, m, in, out, err);
	}
	if (!rc) {
		r.report_id = out->id;
		r.case_id = out->case_id;
		if (!r.child_id)
			r.child_id = out->child_id;
		str_copy(r.status, sizeof(r.status), "dispatched");
		rc = row_seal(&r);
	}
	if (!rc)
		rc = save(db, &r, err);
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "hotline.report",
				      "hotline_call", idt, "ok");
	memset(&r, 0, sizeof(r));
	return end_tx(db, rc);
}

int hotline_dispatch(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id,
		     struct referral_input *items, int n,
		     struct hotline_view *out, struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	struct case_row k;
	int64_t child = 0, ref;
	char idt[24];
	int rc;

	if (n < 1 || n > HOTLINE_DISPATCH_MAX)
		return ga_error_set(err, GA_EINVAL, "bad_referrals",
				    "referrals",
				    "请选择 1 至 %d 个转介部门（name 1 to %d "
				    "referrals）",
				    HOTLINE_DISPATCH_MAX, HOTLINE_DISPATCH_MAX);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = lock(db, by, id, &r, err);
	if (!rc && !strcmp(r.status, "closed"))
		rc = ga_error_set(err, GA_ECONFLICT, "call_closed", "",
				  "来电已结束（the call is closed）");
	child = r.child_id;
	if (!rc && !child && r.case_id &&
	    !store_case_get(db, r.case_id, "", &k))
		child = k.child_id;
	if (!rc && !child)
		rc = ga_error_set(err, GA_ECONFLICT, "call_no_child", "",
				  "这次来电还没有对应的儿童：请先提交报告或登记"
				  "儿童（the call names no child yet: open a "
				  "report first）");
	for (int i = 0; !rc && i < n; i++) {
		items[i].child_id = child;
		items[i].case_id = r.case_id;
		items[i].source = "hotline";
		items[i].source_id = r.id;
		rc = referral_service_create_in_tx(db, by, m, &items[i], &ref,
						   err);
		if (rc == GA_EINVAL && err->field[0]) {
			char f[GA_ERROR_FIELD_MAX - 24];

			str_copy(f, sizeof(f), err->field);
			snprintf(err->field, sizeof(err->field),
				 "referrals[%d].%s", i, f);
		}
	}
	if (!rc && strcmp(r.status, "dispatched")) {
		str_copy(r.status, sizeof(r.status), "dispatched");
		rc = save(db, &r, err);
	}
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "hotline.dispatch",
				      "hotline_call", idt, "ok");
	memset(&r, 0, sizeof(r));
	rc = end_tx(db, rc);
	if (!rc)
		rc = hotline_get(db, by, m, id, out, err);
	return rc;
}

int hotline_callback(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const char *note,
		     struct hotline_view *out, struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	char idt[24];
	int rc;

	if (!note || !note[0])
		return ga_error_set(err, GA_EINVAL, "missing_field", "note",
				    "请记录回访情况（note is required）");
	rc = check_text(note, HOTLINE_NOTE_MAX, "note", err);
	if (!rc)
		rc = db_begin(db);
	if (rc)
		return rc;
	rc = lock(db, by, id, &r, err);
	if (!rc)
		rc = row_open(&r);
	if (!rc) {
		clock_now_text(r.callback_at);
		r.callback_by = by->account.id;
		str_copy(r.callback_note, sizeof(r.callback_note), note);
		rc = row_seal(&r);
	}
	if (!rc)
		rc = save(db, &r, err);
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "hotline.callback",
				      "hotline_call", idt, "ok");
	rc = end_tx(db, rc);
	memset(&r, 0, sizeof(r));
	return rc ? rc : hotline_get(db, by, m, id, out, err);
}

int hotline_close(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t id,
		  struct hotline_view *out, struct ga_error *err)
{
	static __thread struct hotline_call_row r;
	char idt[24];
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = lock(db, by, id, &r, err);
	if (!rc) {
		str_copy(r.status, sizeof(r.status), "closed");
		clock_now_text(r.closed_at);
		rc = save(db, &r, err);
	}
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "hotline.close",
				      "hotline_call", idt, "ok");
	rc = end_tx(db, rc);
	memset(&r, 0, sizeof(r));
	return rc ? rc : hotline_get(db, by, m, id, out, err);
}
