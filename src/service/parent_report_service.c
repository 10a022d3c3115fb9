#include "service/parent_report_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/totp.h"
#include "crypto/secret.h"
#include "domain/region.h"
#include "service/child_service.h"
#include "store/account_repo.h"
#include "store/region_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char tbl[] = "parent_report";

static int seal_field(const char *column, const char *row, char *field,
		      size_t size)
{
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	buf_init(&b, size - 1);
	rc = secret_seal(tbl, column, row, field, strlen(field), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_field(const char *column, const char *row, char *field,
		      size_t size)
{
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	buf_init(&b, size - 1);
	rc = secret_open(tbl, column, row, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

#define EACH_SEALED(X)                                                         \
	X("child_name", child_name)                                            \
	X("parent_name", parent_name)                                          \
	X("phone", phone)                                                      \
	X("carer_name", carer_name)                                            \
	X("carer_phone", carer_phone)                                          \
	X("note", note)                                                        \
	X("reason", reason)

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int row_seal(struct parent_report_row *r)
{
	char row[24];
	int rc = GA_OK;

	id_text(r->id, row);
#define SEAL(col, f) rc = rc ? rc : seal_field(col, row, r->f, sizeof(r->f));
	EACH_SEALED(SEAL)
#undef SEAL
	return rc;
}

static int row_open(struct parent_report_row *r)
{
	char row[24];
	int rc = GA_OK;

	id_text(r->id, row);
#define OPEN(col, f) rc = rc ? rc : open_field(col, row, r->f, sizeof(r->f));
	EACH_SEALED(OPEN)
#undef OPEN
	return rc;
}

/* ---- checks of the form ---- */

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* one line of text: UTF-8, no control characters, not blank if required */
static int check_text(const char *field, const char *s, size_t max,
		      bool required, struct ga_error *err)
{
	size_t len = s ? strlen(s) : 0;
	bool blank = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return bad(err, field, "invalid_text",
				   "不能含控制字符 (control characters are "
				   "not allowed)");
		if (c != ' ')
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

/* a mobile or landline number: digits, spaces and dashes, 7 to 20 */
static bool phone_ok(const char *s)
{
	size_t len = strlen(s), digits = 0;

	if (len < 7 || len > PARENT_REPORT_PHONE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' || s[i] == ' ' || (s[i] == '+' && !i)))
			return false;
	}
	return digits >= 7;
}

static int check_phone(const char *field, const char *s, bool required,
		       struct ga_error *err)
{
	int rc = check_text(field, s, PARENT_REPORT_PHONE_MAX, required, err);

	if (!rc && s && *s && !phone_ok(s))
		rc = bad(err, field, "invalid_phone",
			 "电话号码格式不正确，如 13800138000 (phone must be "
			 "a number such as 13800138000)");
	return rc;
}

static int check_input(const struct parent_report_input *in,
		       struct ga_error *err)
{
	int rc = check_text("child_name", in->child_name,
			    PARENT_REPORT_NAME_MAX, true, err);

	if (!rc)
		rc = check_text("parent_name", in->parent_name,
				PARENT_REPORT_NAME_MAX, true, err);
	if (!rc && (!in->relation || (strcmp(in->relation, "father") &&
				      strcmp(in->relation, "mother"))))
		rc = bad(err, "relation", "invalid_relation",
			 "与儿童关系应为父亲或母亲 (relation must be father "
			 "or mother)");
	if (!rc)
		rc = check_phone("phone", in->phone, true, err);
	if (!rc)
		rc = check_text("work_place", in->work_place,
				PARENT_REPORT_PLACE_MAX, true, err);
	if (!rc)
		rc = check_text("carer_name", in->carer_name,
				PARENT_REPORT_NAME_MAX, true, err);
	if (!rc)
		rc = check_text("carer_relation", in->carer_relation,
				PARENT_REPORT_SHORT_MAX, true, err);
	if (!rc)
		rc = check_phone("carer_phone", in->carer_phone, false, err);
	if (!rc)
		rc = check_text("note", in->note, PARENT_REPORT_NOTE_MAX, false,
				err);
	return rc;
}

/* an existing village or community; anything else has no form */
static int check_village(struct db *db, const char *code, struct ga_error *err)
{
	struct region r;
	int rc = GA_ENOTFOUND;

	if (code && region_code_valid(code, strlen(code)))
		rc = store_region_get(db, code, &r);
	if (!rc && (r.abolished || r.level != REGION_VILLAGE))
		rc = GA_ENOTFOUND;
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "没有这个村（社区）的报备表 (no report form for "
			     "that village)");
	return rc;
}

/* Count an address's submissions; GA_ETOOMANY past the limit. */
static int rate_check(struct db *db, const struct request_meta *m,
		      struct ga_error *err)
{
	char key[80], window[24];
	time_t now = clock_now();
	int64_t count = 0;
	int rc;

	snprintf(key, sizeof(key), "parent-report:%s", m->addr ? m->addr : "");
	clock_text(-(long)(now % PARENT_REPORT_RATE_WINDOW_S), window);
	rc = db_begin(db);
	if (!rc)
		rc = store_rate_hit(db, key, window, &count);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	if (count > PARENT_REPORT_RATE_MAX) {
		if (count == PARENT_REPORT_RATE_MAX + 1)
			auth_audit(db, NULL, m, "parent_report.submit",
				   "address", "", "denied:rate_limited");
		return ga_error_set(err, GA_ETOOMANY, "rate_limited", "",
				    "提交过于频繁，请一小时后再试 (too many "
				    "reports from this address; try again in "
				    "an hour)");
	}
	return GA_OK;
}

static void fill_row(struct parent_report_row *r, const char *code,
		     const struct parent_report_input *in)
{
	memset(r, 0, sizeof(*r));
	str_copy(r->region, sizeof(r->region), code);
	str_copy(r->relation, sizeof(r->relation), in->relation);
	str_copy(r->work_place, sizeof(r->work_place), in->work_place);
	str_copy(r->carer_relation, sizeof(r->carer_relation),
		 in->carer_relation);
	clock_now_text(r->created_at);
}

int parent_reports_submit(struct db *db, const char *code,
			  const struct parent_report_input *in,
			  const struct request_meta *m, struct ga_error *err)
{
	static __thread struct parent_report_row r;
	char idt[24];
	int rc = check_village(db, code, err);

	if (!rc)
		rc = check_input(in, err);
	if (!rc)
		rc = rate_check(db, m, err);
	if (rc)
		return rc;
	fill_row(&r, code, in);
	rc = db_begin(db);
	/* insert bare, then seal with the row id that binds the ciphertext */
	if (!rc)
		rc = store_parent_report_insert(db, &r);
	if (!rc) {
		str_copy(r.child_name, sizeof(r.child_name), in->child_name);
		str_copy(r.parent_name, sizeof(r.parent_name), in->parent_name);
		str_copy(r.phone, sizeof(r.phone), in->phone);
		str_copy(r.carer_name, sizeof(r.carer_name), in->carer_name);
		str_copy(r.carer_phone, sizeof(r.carer_phone),
			 in->carer_phone ? in->carer_phone : "");
		str_copy(r.note, sizeof(r.note), in->note ? in->note : "");
		rc = row_seal(&r);
	}
	if (!rc)
		rc = store_parent_report_seal(db, &r);
	id_text(r.id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, NULL, m, "parent_report.submit",
				      "parent_report", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	memset(&r, 0, sizeof(r));
	return rc;
}

int parent_reports_qr(struct db *db, const char *code, const char *url,
		      struct buf *svg, struct ga_error *err)
{
	int rc = check_village(db, code, err);

	if (!rc)
		rc = totp_qr_svg(url, svg);
	return rc;
}

struct list_ctx {
	int (*fn)(const struct parent_report_row *r, void *ctx);
	void *ctx;
};

static int open_each(const struct parent_report_row *r, void *data)
{
	static __thread struct parent_report_row plain;
	struct list_ctx *l = data;
	int rc;

	plain = *r;
	rc = row_open(&plain);
	if (!rc)
		rc = l->fn(&plain, l->ctx);
	memset(&plain, 0, sizeof(plain));
	return rc;
}

int parent_reports_list(struct db *db, const struct principal *by,
			const char *status,
			int (*fn)(const struct parent_report_row *r, void *ctx),
			void *ctx)
{
	struct list_ctx l = {fn, ctx};

	return store_parent_report_list(db, by->scope_prefix, status, open_each,
					&l);
}

/* ---- the director's answer ---- */

static int report_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该报备 (no such report)");
}

static int not_pending(struct ga_error *err)
{
	return ga_error_set(err, GA_ECONFLICT, "not_pending", "",
			    "该报备已处理 (the report was handled already)");
}

/* the pending report id within scope, opened */
static int get_pending(struct db *db, const struct principal *by, int64_t id,
		       struct parent_report_row *r, struct ga_error *err)
{
	int rc = store_parent_report_get(db, by->scope_prefix, id, r);

	if (rc == GA_ENOTFOUND)
		return report_not_found(err);
	if (!rc)
		rc = row_open(r);
	if (!rc && strcmp(r->status, "pending"))
		rc = not_pending(err);
	return rc;
}

static struct member_record *parent_of(struct child_record *c,
				       enum relation rel)
{
	for (int i = 0; i < c->nfamily; i++)
		if (c->family[i].relation == rel)
			return &c->family[i];
	return NULL;
}

/* The report onto the plain dossier c: GA_EINVAL when it has no room. */
static int apply(struct child_record *c, const struct parent_report_row *p,
		 struct ga_error *err)
{
	enum relation rel =
	    strcmp(p->relation, "mother") ? REL_FATHER : REL_MOTHER;
	struct member_record *m = parent_of(c, rel), *other;

	if (!m && c->nfamily == CHILD_FAMILY_MAX)
		return bad(err, "family", "too_many",
			   "家庭成员已满，无法添加 (the family list is full)");
	if (!m) {
		m = &c->family[c->nfamily++];
		memset(m, 0, sizeof(*m));
		m->relation = rel;
		m->situation = SIT_HOME;
	}
	if (!m->name[0])
		str_copy(m->name, sizeof(m->name), p->parent_name);
	if (m->situation != SIT_MIGRANT) {
		/* the dates belonged to the situation that ended */
		m->situation = SIT_MIGRANT;
		m->since[0] = m->until[0] = m->police_accepted[0] = '\0';
	}
	str_copy(m->work_place, sizeof(m->work_place), p->work_place);
	str_copy(m->phone, sizeof(m->phone), p->phone);
	other = parent_of(c, rel == REL_FATHER ? REL_MOTHER : REL_FATHER);
	/* the carer is the entrusted guardian only when no parent is home */
	if ((!other || other->situation != SIT_HOME) &&
	    c->guardian.type != GUARDIAN_INSTITUTION) {
		if (c->guardian.type != GUARDIAN_GRANDPARENTS &&
		    c->guardian.type != GUARDIAN_RELATIVE)
			c->guardian.type = GUARDIAN_ENTRUSTED;
		str_copy(c->guardian.name, sizeof(c->guardian.name),
			 p->carer_name);
		str_copy(c->guardian.relation, sizeof(c->guardian.relation),
			 p->carer_relation);
		if (p->carer_phone[0])
			str_copy(c->guardian.phone, sizeof(c->guardian.phone),
				 p->carer_phone);
	}
	return GA_OK;
}

/* the child: in scope, in the report's village, not archived */
static int check_child(const struct child_view *v,
		       const struct parent_report_row *r, struct ga_error *err)
{
	if (strcmp(v->rec.region, r->region))
		return ga_error_set(err, GA_ENOTFOUND, "not_found", "child_id",
				    "该村（社区）没有这个儿童档案 (no such "
				    "child in that village)");
	if (v->rec.archived)
		return ga_error_set(err, GA_ECONFLICT, "archived", "child_id",
				    "已归档的档案不能更新 (an archived "
				    "dossier cannot be updated)");
	return GA_OK;
}

static int claim(struct db *db, const struct principal *by, int64_t id,
		 int64_t child_id, struct parent_report_row *r,
		 struct ga_error *err)
{
	int rc = db_begin(db);

	clock_now_text(r->handled_at);
	if (!rc)
		rc = store_parent_report_finish(db, by->scope_prefix, id,
						"confirmed", by->account.id,
						r->handled_at, child_id, "");
	if (rc == GA_ECONFLICT)
		not_pending(err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

static void reopen(struct db *db, int64_t id)
{
	if (!db_begin(db) && !store_parent_report_reopen(db, id) &&
	    !db_commit(db))
		return;
	db_rollback(db);
}

int parent_reports_confirm(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   int64_t child_id, struct parent_report_row *out,
			   struct ga_error *err)
{
	static __thread struct child_view cur, done;
	struct date today = children_today();
	char idt[24];
	int rc = get_pending(db, by, id, out, err);

	if (!rc)
		rc = children_get(db, by, child_id, today, &cur, err);
	if (!rc)
		rc = check_child(&cur, out, err);
	if (!rc)
		rc = apply(&cur.rec, out, err);
	/* mark it first: a second confirm cannot apply it twice */
	if (!rc)
		rc = claim(db, by, id, child_id, out, err);
	if (rc)
		goto out;
	rc = children_update(db, by, m, &cur.rec, today, &done, err);
	if (rc) {
		reopen(db, id);
		goto out;
	}
	str_copy(out->status, sizeof(out->status), "confirmed");
	out->handled_by = by->account.id;
	out->child_id = child_id;
	id_text(id, idt);
	auth_audit(db, by, m, "parent_report.confirm", "parent_report", idt,
		   "ok");
out:
	memset(&cur, 0, sizeof(cur));
	memset(&done, 0, sizeof(done));
	return rc;
}

int parent_reports_reject(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t id,
			  const char *reason, struct parent_report_row *out,
			  struct ga_error *err)
{
	char idt[24], row[24];
	bool began = false;
	int rc =
	    check_text("reason", reason, PARENT_REPORT_REASON_MAX, false, err);

	memset(out, 0, sizeof(*out));
	if (!rc) {
		rc = db_begin(db);
		began = !rc;
	}
	if (!rc)
		rc = get_pending(db, by, id, out, err);
	id_text(id, row);
	str_copy(out->reason, sizeof(out->reason), reason ? reason : "");
	if (!rc)
		rc =
		    seal_field("reason", row, out->reason, sizeof(out->reason));
	clock_now_text(out->handled_at);
	if (!rc)
		rc = store_parent_report_finish(
		    db, by->scope_prefix, id, "rejected", by->account.id,
		    out->handled_at, 0, out->reason);
	if (rc == GA_ECONFLICT)
		not_pending(err);
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "parent_report.reject",
				      "parent_report", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc && began)
		db_rollback(db);
	str_copy(out->reason, sizeof(out->reason), reason ? reason : "");
	if (!rc) {
		str_copy(out->status, sizeof(out->status), "rejected");
		out->handled_by = by->account.id;
	}
	return rc;
}
