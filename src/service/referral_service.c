#include "service/referral_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/referral.h"
#include "service/child_seal.h"
#include "service/child_service.h"
#include "store/child_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char tbl[] = "referral";

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int seal_field(const char *column, int64_t id, char *field, size_t size)
{
	char row[24];
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_seal(tbl, column, row, field, strlen(field), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_field(const char *column, int64_t id, char *field, size_t size)
{
	char row[24];
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_open(tbl, column, row, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int row_open(struct referral_row *r)
{
	int rc = open_field("note", r->id, r->note, sizeof(r->note));

	if (!rc)
		rc = open_field("outcome", r->id, r->outcome,
				sizeof(r->outcome));
	if (!rc)
		rc = open_field("reason", r->id, r->reason, sizeof(r->reason));
	return rc;
}

/* a receiving department: sees its own inbox only */
static bool is_dept(const struct principal *by)
{
	return role_may(by->account.role, ACT_REFERRAL_ANSWER) &&
	       !role_may(by->account.role, ACT_REFERRAL_CREATE);
}

/* a sender that does not read dossiers (the hotline): its own door only */
static const char *own_source(const struct principal *by)
{
	return by->account.role == ROLE_HOTLINE ? "hotline" : NULL;
}

/* the child's name whole only for those who read dossiers */
static bool masked_for(const struct principal *by)
{
	return !role_may(by->account.role, ACT_CHILD_READ);
}

void referral_mask_name(const char *name, char *out, size_t size)
{
	size_t n = 0, len = strlen(name);

	/* the first UTF-8 character, then one star for each further one */
	if (len) {
		n = 1;
		while (n < len && ((unsigned char)name[n] & 0xc0) == 0x80)
			n++;
	}
	snprintf(out, size, "%.*s", (int)n, name);
	for (size_t i = n; i < len && strlen(out) + 2 < size; i++)
		if (((unsigned char)name[i] & 0xc0) != 0x80)
			str_copy(out + strlen(out), size - strlen(out), "*");
}

/* ---- checks ---- */

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* free text: UTF-8, no control characters but line breaks and tabs */
static int check_text(const char *field, const char *s, size_t max,
		      bool required, struct ga_error *err)
{
	size_t len = s ? strlen(s) : 0;
	bool blank = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') ||
		    c == 0x7f)
			return bad(err, field, "invalid_text",
				   "不能含控制字符 (control characters are "
				   "not allowed)");
		if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
			blank = false;
	}
	if (required && blank)
		return ga_error_set(err, GA_EINVAL, "missing_field", field,
				    "请填写 %s (field %s is required)", field,
				    field);
	if (len > max)
		return ga_error_set(err, GA_EINVAL, "too_long", field,
				    "字段 %s 过长 (field %s is too long)",
				    field, field);
	if (!utf8_valid(s ? s : "", len))
		return bad(err, field, "invalid_utf8",
			   "文字编码无效 (not valid UTF-8)");
	return GA_OK;
}

static int check_due(const struct referral_input *in,
		     const struct referral_type *t, struct date today,
		     char out[11], struct ga_error *err)
{
	struct date d;

	if (!in->due_date || !in->due_date[0]) {
		date_format(referral_default_due(t, today), out);
		return GA_OK;
	}
	if (!date_parse(in->due_date, strlen(in->due_date), &d))
		return bad(err, "due_date", "invalid_date",
			   "办理期限应为 YYYY-MM-DD 的真实日期 (due_date must "
			   "be a real YYYY-MM-DD date)");
	if (date_cmp(d, today) < 0)
		return bad(err, "due_date", "past_date",
			   "办理期限不能早于今天 (due_date is in the past)");
	if (date_days_between(today, d) > 366)
		return bad(err, "due_date", "too_far",
			   "办理期限不能超过一年 (due_date is more than a "
			   "year away)");
	date_format(d, out);
	return GA_OK;
}

static int check_input(const struct referral_input *in, bool internal,
		       struct date today, char due[11], struct ga_error *err)
{
	const char *source = in->source ? in->source : "dossier";
	const struct referral_type *t;

	if (!referral_dept_ok(in->to))
		return bad(err, "to", "invalid_department",
			   "接收部门应为 education、police、justice、hrss、"
			   "disability、women_fed 或 social_org (to must be a "
			   "receiving department)");
	t = referral_type_of(in->to, in->type);
	if (!t)
		return bad(err, "type", "invalid_type",
			   "该部门没有这种转介类型 (no such referral type "
			   "for that department)");
	if (!referral_source_ok(source) ||
	    (!internal && !strcmp(source, "auto")))
		return bad(err, "source", "invalid_source",
			   "来源应为 case、visit、dossier、hotline 或 notice "
			   "(source must be case, visit, dossier, hotline or "
			   "notice)");
	if (in->source_id < 0)
		return bad(err, "source_id", "invalid_source",
			   "来源编号无效 (invalid source_id)");
	if (check_due(in, t, today, due, err))
		return GA_EINVAL;
	return check_text("note", in->note, REFERRAL_NOTE_MAX, !internal, err);
}

/* ---- create ---- */

static int child_of(struct db *db, const struct principal *by, int64_t id,
		    struct date today, struct child_view *v,
		    struct ga_error *err)
{
	int rc = children_get(db, by, id, today, v, err);

	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "child_id",
			     "未找到该儿童档案 (no such child)");
	if (!rc && v->rec.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "child_id",
				  "已归档的档案不能转介 (an archived dossier "
				  "cannot be referred)");
	return rc;
}

/* the row's writes: insert, seal the note, audit */
static int write_new(struct db *db, const struct principal *by,
		     const struct request_meta *m, struct referral_row *r,
		     const char *note, const char *outcome)
{
	char idt[24];
	int rc = store_referral_insert(db, r);

	if (!rc && note && note[0]) {
		str_copy(r->note, sizeof(r->note), note);
		rc = seal_field("note", r->id, r->note, sizeof(r->note));
		if (!rc)
			rc = store_referral_seal_note(db, r->id, r->note);
	}
	id_text(r->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "referral.create", tbl, idt,
				      outcome);
	return rc;
}

int referral_service_create_in_tx(struct db *db, const struct principal *by,
				  const struct request_meta *m,
				  const struct referral_input *in, int64_t *id,
				  struct ga_error *err)
{
	static __thread struct child_view v;
	static __thread struct referral_row r;
	struct date today = children_today();
	char due[11];
	int rc = check_input(in, false, today, due, err);

	if (!rc && in->case_id)
		rc = referral_case_link_check(db, by, in->child_id, in->case_id,
					      err);
	if (!rc)
		rc = child_of(db, by, in->child_id, today, &v, err);
	if (rc)
		goto out;
	memset(&r, 0, sizeof(r));
	r.child_id = in->child_id;
	str_copy(r.region, sizeof(r.region), v.rec.region);
	r.case_id = in->case_id;
	str_copy(r.source, sizeof(r.source),
		 in->source ? in->source : "dossier");
	r.source_id = in->source_id;
	str_copy(r.to_dept, sizeof(r.to_dept), in->to);
	str_copy(r.type, sizeof(r.type), in->type);
	str_copy(r.due_date, sizeof(r.due_date), due);
	r.created_by = by->account.id;
	clock_now_text(r.created_at);
	rc = write_new(db, by, m, &r, in->note, "ok");
	if (!rc && r.case_id)
		rc = referral_case_event_in_tx(db, by, &r, "referral");
	if (!rc)
		*id = r.id;
out:
	memset(&v, 0, sizeof(v));
	memset(&r, 0, sizeof(r));
	return rc;
}

int referral_service_create(struct db *db, const struct principal *by,
			    const struct request_meta *m,
			    const struct referral_input *in, int64_t *id,
			    struct ga_error *err)
{
	int rc = db_begin(db);

	if (!rc)
		rc = referral_service_create_in_tx(db, by, m, in, id, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int referral_auto_hukou_in_tx(struct db *db, const struct principal *by,
			      const struct request_meta *m,
			      const struct child_record *rec, struct date today,
			      int *added)
{
	static __thread struct referral_row r;
	const struct referral_type *t =
	    referral_type_of("police", "household_registration");
	char idt[24];
	int rc;

	*added = 0;
	if (!rec->no_hukou || rec->archived)
		return GA_OK;
	memset(&r, 0, sizeof(r));
	r.child_id = rec->id;
	str_copy(r.region, sizeof(r.region), rec->region);
	str_copy(r.source, sizeof(r.source), "auto");
	str_copy(r.to_dept, sizeof(r.to_dept), t->dept);
	str_copy(r.type, sizeof(r.type), t->type);
	date_format(referral_default_due(t, today), r.due_date);
	r.created_by = by ? by->account.id : 0;
	clock_now_text(r.created_at);
	rc = store_referral_insert_auto(db, &r, added);
	id_text(r.id, idt);
	if (!rc && *added)
		rc = auth_audit_in_tx(db, by, m, "referral.create", tbl, idt,
				      "ok:auto");
	return rc;
}

/* ---- read ---- */

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该转介 (no such referral)");
}

/* opened, with the child's name (masked for a department) */
static int view_of(struct db *db, const struct principal *by,
		   const struct referral_row *r, struct date today,
		   struct referral_view *out)
{
	static __thread struct child_record c;
	struct date due;
	int rc;

	memset(out, 0, sizeof(*out));
	out->row = *r;
	rc = row_open(&out->row);
	if (!rc)
		rc = store_child_get(db, "", r->child_id, &c);
	if (!rc)
		rc = child_open(&c);
	if (!rc && (is_dept(by) || masked_for(by)))
		referral_mask_name(c.name, out->child_name,
				   sizeof(out->child_name));
	else if (!rc)
		str_copy(out->child_name, sizeof(out->child_name), c.name);
	date_parse(r->due_date, strlen(r->due_date), &due);
	out->overdue = referral_overdue(r->status, due, today);
	memset(&c, 0, sizeof(c));
	return rc;
}

/* the row within scope that by may see */
static int get_visible(struct db *db, const struct principal *by, int64_t id,
		       struct referral_row *r, struct ga_error *err)
{
	int rc = store_referral_get(db, by->scope_prefix, id, r);

	if (!rc && is_dept(by) &&
	    strcmp(r->to_dept, role_name(by->account.role)))
		rc = GA_ENOTFOUND;
	if (!rc && own_source(by) && strcmp(r->source, own_source(by)))
		rc = GA_ENOTFOUND;
	if (rc == GA_ENOTFOUND)
		not_found(err);
	return rc;
}

int referral_service_get(struct db *db, const struct principal *by, int64_t id,
			 struct date today, struct referral_view *out,
			 struct ga_error *err)
{
	static __thread struct referral_row r;
	int rc = get_visible(db, by, id, &r, err);

	if (!rc)
		rc = view_of(db, by, &r, today, out);
	memset(&r, 0, sizeof(r));
	return rc;
}

struct list_ctx {
	struct db *db;
	const struct principal *by;
	struct date today;
	int (*fn)(const struct referral_view *v, void *ctx);
	void *ctx;
};

static int view_each(const struct referral_row *r, void *data)
{
	static __thread struct referral_view v;
	struct list_ctx *l = data;
	int rc = view_of(l->db, l->by, r, l->today, &v);

	if (!rc)
		rc = l->fn(&v, l->ctx);
	memset(&v, 0, sizeof(v));
	return rc;
}

int referral_service_list(struct db *db, const struct principal *by,
			  const struct referral_query *q, struct date today,
			  int (*fn)(const struct referral_view *v, void *ctx),
			  void *ctx, struct ga_error *err)
{
	struct list_ctx l = {db, by, today, fn, ctx};
	struct referral_filter f = {0};
	char day[11];

	if (q->inbox && !role_may(by->account.role, ACT_REFERRAL_ANSWER))
		return ga_error_set(err, GA_EFORBIDDEN, "not_a_department",
				    "inbox",
				    "您的角色没有转介收件箱 (your role "
				    "receives no referrals)");
	if (q->status && !referral_status_ok(q->status))
		return bad(err, "status", "invalid_filter",
			   "状态应为 sent、accepted、done 或 declined (status "
			   "must be sent, accepted, done or declined)");
	date_format(today, day);
	f.scope_prefix = by->scope_prefix;
	if (q->inbox || is_dept(by))
		f.to_dept = role_name(by->account.role);
	f.status = q->status;
	f.overdue_on = q->overdue ? day : NULL;
	f.child_id = q->child_id;
	f.case_id = q->case_id;
	f.source = q->source;
	if (own_source(by)) {
		if (q->source && strcmp(q->source, own_source(by)))
			return bad(err, "source", "invalid_filter",
				   "只能查看本专线转出的转介 (only the "
				   "hotline's own referrals)");
		f.source = own_source(by);
	}
	f.source_id = q->source_id;
	f.before_id = q->before_id;
	f.limit = q->limit > 0 && q->limit <= REFERRAL_PAGE_MAX
		      ? q->limit
		      : REFERRAL_PAGE_MAX;
	return store_referral_list(db, &f, view_each, &l);
}

int referral_service_by_case(struct db *db, const struct principal *by,
			     int64_t case_id, struct date today,
			     int (*fn)(const struct referral_view *v,
				       void *ctx),
			     void *ctx, struct ga_error *err)
{
	struct referral_query q = {.case_id = case_id,
				   .limit = REFERRAL_PAGE_MAX};

	if (case_id <= 0)
		return referral_case_link_check(db, by, 0, case_id, err);
	return referral_service_list(db, by, &q, today, fn, ctx, err);
}

int referral_service_by_source(struct db *db, const struct principal *by,
			       const char *source, int64_t source_id,
			       struct date today,
			       int (*fn)(const struct referral_view *v,
					 void *ctx),
			       void *ctx, struct ga_error *err)
{
	struct referral_query q = {.source = source,
				   .source_id = source_id,
				   .limit = REFERRAL_PAGE_MAX};

	if (!referral_source_ok(source))
		return bad(err, "source", "invalid_source",
			   "来源无效 (invalid source)");
	return referral_service_list(db, by, &q, today, fn, ctx, err);
}

int referral_service_board(struct db *db, const struct principal *by,
			   struct date today,
			   int (*fn)(const char *dept, const char *status,
				     int64_t count, int64_t overdue, void *ctx),
			   void *ctx)
{
	char day[11];

	date_format(today, day);
	return store_referral_board(db, by->scope_prefix, day, fn, ctx);
}

/* ---- answer ---- */

static int check_answer(const struct referral_row *r, const char *answer,
			const char *text, int64_t version, struct ga_error *err)
{
	bool done = !strcmp(answer, "done");
	bool declined = !strcmp(answer, "declined");

	if (!referral_answer_ok(answer))
		return bad(err, "answer", "invalid_answer",
			   "答复应为 accepted、done 或 declined (answer must "
			   "be accepted, done or declined)");
	if (check_text(done ? "outcome" : "reason", text,
		       done ? REFERRAL_OUTCOME_MAX : REFERRAL_REASON_MAX,
		       done || declined, err))
		return GA_EINVAL;
	if (!referral_step_ok(r->status, answer))
		return ga_error_set(
		    err, GA_ECONFLICT, "out_of_order", "answer",
		    "转介当前状态为 %s，不能答复为 %s (a referral that is %s "
		    "cannot be answered %s)",
		    r->status, answer, r->status, answer);
	if (r->version != version)
		return ga_error_set(err, GA_ECONFLICT, "stale_version",
				    "version",
				    "转介已被他人更新（当前版本 %" PRId64
				    "），请刷新 (the referral changed "
				    "meanwhile: current version %" PRId64 ")",
				    r->version, r->version);
	return GA_OK;
}

int referral_service_answer(struct db *db, const struct principal *by,
			    const struct request_meta *m, int64_t id,
			    const char *answer, const char *text,
			    int64_t version, struct date today,
			    struct referral_view *out, struct ga_error *err)
{
	static __thread struct referral_row r;
	char from[12], idt[24];
	bool began = false;
	int rc = db_begin(db);

	began = !rc;
	if (!rc)
		rc = store_referral_get(db, by->scope_prefix, id, &r);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && strcmp(r.to_dept, role_name(by->account.role)))
		rc = ga_error_set(err, GA_EFORBIDDEN, "wrong_department", "",
				  "只有接收部门可以答复该转介 (only the "
				  "receiving department may answer)");
	if (!rc)
		rc = check_answer(&r, answer, text, version, err);
	if (rc)
		goto out;
	str_copy(from, sizeof(from), r.status);
	str_copy(r.status, sizeof(r.status), answer);
	r.outcome[0] = r.reason[0] = '\0';
	if (!strcmp(answer, "done"))
		str_copy(r.outcome, sizeof(r.outcome), text);
	else if (!strcmp(answer, "declined"))
		str_copy(r.reason, sizeof(r.reason), text);
	rc = seal_field("outcome", r.id, r.outcome, sizeof(r.outcome));
	if (!rc)
		rc = seal_field("reason", r.id, r.reason, sizeof(r.reason));
	r.answered_by = by->account.id;
	clock_now_text(r.answered_at);
	if (!rc)
		rc = store_referral_answer(db, by->scope_prefix, &r, from);
	if (rc == GA_ECONFLICT)
		ga_error_set(err, rc, "stale_version", "version",
			     "转介已被他人更新，请刷新 (the referral changed "
			     "meanwhile; reload it)");
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "referral.answer", tbl, idt,
				      answer);
	if (!rc && r.case_id)
		rc = referral_case_event_in_tx(db, by, &r, "referral_answered");
	if (!rc)
		rc = db_commit(db);
	if (!rc) {
		began = false;
		r.version++;
		rc = view_of(db, by, &r, today, out);
	}
out:
	if (rc && began)
		db_rollback(db);
	memset(&r, 0, sizeof(r));
	return rc;
}
