#include "service/case_plan_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "service/child_service.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return true;
	return false;
}

static int text_check(const char *s, bool required, size_t max,
		      const char *field, struct ga_error *err)
{
	if (required && (!s || !s[0]))
		return ga_error_set(err, GA_EINVAL, "missing_field", field,
				    "请填写 %s（%s is required）", field,
				    field);
	if (s && strlen(s) > max)
		return ga_error_set(err, GA_ETOOBIG, "too_long", field,
				    "%s 不能超过 %zu 字节（%s is longer than "
				    "%zu bytes）",
				    field, max, field, max);
	return GA_OK;
}

static int item_check(const struct plan_item_input *in, struct date today,
		      const char *prefix, struct ga_error *err)
{
	char f[64];
	struct date due;
	const char *code, *why;
	int rc;

	snprintf(f, sizeof(f), "%skind", prefix);
	if (!case_measure_valid(in->kind))
		return ga_error_set(err, GA_EINVAL, "bad_kind", f,
				    "未知的帮扶措施类别（unknown kind of "
				    "measure）");
	snprintf(f, sizeof(f), "%sdescription", prefix);
	rc = text_check(in->description, true, PLAN_TEXT_MAX, f, err);
	if (rc)
		return rc;
	snprintf(f, sizeof(f), "%sunit_role", prefix);
	if (in->unit_role && in->unit_role[0] &&
	    role_from_name(in->unit_role) == ROLE_COUNT)
		return ga_error_set(err, GA_EINVAL, "bad_unit_role", f,
				    "未知的部门角色（unknown department "
				    "role）");
	snprintf(f, sizeof(f), "%sunit_name", prefix);
	if ((!in->unit_role || !in->unit_role[0]) &&
	    (!in->unit_name || !in->unit_name[0]))
		return ga_error_set(err, GA_EINVAL, "unit_required", f,
				    "请填写责任单位（the responsible unit is "
				    "required）");
	rc = text_check(in->unit_name, false, PLAN_UNIT_MAX, f, err);
	if (!rc && in->unit_name && has_ctl(in->unit_name))
		rc = ga_error_set(err, GA_EINVAL, "bad_unit_name", f,
				  "单位名称含有控制字符（the unit's name has "
				  "control characters）");
	if (rc)
		return rc;
	snprintf(f, sizeof(f), "%sdue_date", prefix);
	if (!plan_due_ok(in->due_date, today, &due, &code, &why))
		return ga_error_set(err, GA_EINVAL, code, f, "%s", why);
	return GA_OK;
}

static int seal_text(const char *table, const char *column, int64_t id,
		     const char *plain, char *out, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	out[0] = '\0';
	if (!plain || !plain[0])
		return GA_OK;
	id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_seal(table, column, idt, plain, strlen(plain), &b);
	if (!rc)
		str_copy(out, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_text(const char *table, const char *column, int64_t id,
		     char *inout, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	if (!inout[0])
		return GA_OK;
	id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_open(table, column, idt, inout, &b);
	if (!rc)
		str_copy(inout, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_item(const struct case_plan_row *row, struct date today,
		     struct plan_item_view *out)
{
	struct date due = {0, 0, 0};
	int rc;

	out->row = *row;
	rc = open_text("case_plan_item", "description", row->id,
		       out->row.description, sizeof(out->row.description));
	if (!rc)
		rc = open_text("case_plan_item", "outcome", row->id,
			       out->row.outcome, sizeof(out->row.outcome));
	if (!rc)
		rc = open_text("case_plan_item", "cancel_reason", row->id,
			       out->row.cancel_reason,
			       sizeof(out->row.cancel_reason));
	date_parse(row->due_date, strlen(row->due_date), &due);
	out->overdue =
	    plan_item_overdue(plan_status_from_name(row->status), due, today);
	return rc;
}

/* the case's counter of items not cancelled, saved */
static int recount(struct db *db, struct case_row *c, struct ga_error *err)
{
	int64_t n = 0;
	int rc = store_plan_live_count(db, c->id, &n);

	if (rc || n == c->plan_items)
		return rc;
	c->plan_items = n;
	return case_save_in_tx(db, c, err);
}

static int insert_item(struct db *db, const struct principal *by,
		       const struct case_row *c,
		       const struct plan_item_input *in, int64_t conference_id,
		       struct case_plan_row *p)
{
	static __thread char sealed[SEALED(PLAN_TEXT_MAX)];
	int rc;

	memset(p, 0, sizeof(*p));
	p->case_id = c->id;
	str_copy(p->region, sizeof(p->region), c->region);
	str_copy(p->kind, sizeof(p->kind), in->kind);
	str_copy(p->unit_role, sizeof(p->unit_role),
		 in->unit_role ? in->unit_role : "");
	str_copy(p->unit_name, sizeof(p->unit_name),
		 in->unit_name ? in->unit_name : "");
	str_copy(p->due_date, sizeof(p->due_date), in->due_date);
	str_copy(p->status, sizeof(p->status), plan_status_name(PLAN_OPEN));
	p->conference_id = conference_id;
	p->created_by = by->account.id;
	clock_now_text(p->created_at);
	str_copy(p->updated_at, sizeof(p->updated_at), p->created_at);
	rc = store_plan_insert(db, p);
	if (!rc)
		rc = seal_text("case_plan_item", "description", p->id,
			       in->description, sealed, sizeof(sealed));
	if (!rc)
		rc = store_plan_seal(db, p->id, "description", sealed);
	explicit_bzero(sealed, sizeof(sealed));
	if (!rc)
		str_copy(p->description, sizeof(p->description),
			 in->description);
	if (!rc)
		rc = case_event_add_in_tx(db, by, c, "plan_item", in->kind,
					  NULL, "plan_item", p->id);
	return rc;
}

/* lock the case and check by may change its plan now */
static int lock_for_plan(struct db *db, const struct principal *by,
			 int64_t case_id, struct case_row *c,
			 struct ga_error *err)
{
	struct case_facts f;
	enum case_move_result res;
	const char *why, *code;
	int rc = case_lock_in_tx(db, by, case_id, c, err);

	if (!rc) {
		case_facts_of(c, &f);
		res = case_action_check(&f, CASE_ACT_PLAN, by->account.role,
					by->account.id, &why, &code);
		rc = case_refusal(res, code, why, "", err);
	}
	return rc;
}

static int commit_with_audit(struct db *db, int rc, const struct principal *by,
			     const struct request_meta *m, const char *action,
			     const struct case_row *c)
{
	char idt[24];

	id_text(c->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, action, "case", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int case_plan_add(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t case_id,
		  const struct plan_item_input *in, struct plan_item_view *out,
		  struct ga_error *err)
{
	static __thread struct case_row c;
	struct date today = children_today();
	int rc = item_check(in, today, "", err);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = lock_for_plan(db, by, case_id, &c, err);
	if (!rc)
		rc = insert_item(db, by, &c, in, 0, &out->row);
	if (!rc)
		rc = recount(db, &c, err);
	rc = commit_with_audit(db, rc, by, m, "case.plan_add", &c);
	out->overdue = false;
	return rc;
}

struct list_ctx {
	int (*fn)(const struct plan_item_view *v, void *ctx);
	void *ctx;
	struct date today;
};

static int list_one(const struct case_plan_row *row, void *p)
{
	static __thread struct plan_item_view v;
	struct list_ctx *l = p;
	int rc = open_item(row, l->today, &v);

	if (!rc)
		rc = l->fn(&v, l->ctx);
	explicit_bzero(&v, sizeof(v));
	return rc;
}

int case_plan_list(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t case_id,
		   int (*fn)(const struct plan_item_view *v, void *ctx),
		   void *ctx, struct ga_error *err)
{
	static __thread struct case_row c;
	struct list_ctx l = {fn, ctx, children_today()};
	char idt[24];
	int rc = case_get(db, by, case_id, &c, err);

	id_text(case_id, idt);
	if (!rc)
		rc = auth_audit(db, by, m, "case.plan_read", "case", idt, "ok");
	if (!rc)
		rc = store_plan_list(db, case_id, list_one, &l);
	return rc;
}

static int change_check(const struct case_plan_row *p,
			const struct plan_change_input *in, struct date today,
			struct ga_error *err)
{
	enum plan_status to;
	struct date due;
	const char *code, *why;
	int rc;

	if ((!in->status || !in->status[0]) &&
	    (!in->due_date || !in->due_date[0]))
		return ga_error_set(err, GA_EINVAL, "nothing_to_change",
				    "status",
				    "请给出新的状态或完成期限（give a new "
				    "status or due date）");
	if (in->status && in->status[0] && in->due_date && in->due_date[0])
		return ga_error_set(err, GA_EINVAL, "one_change", "due_date",
				    "状态和期限请分开修改（change the status "
				    "and the due date separately）");
	if (plan_status_from_name(p->status) != PLAN_OPEN)
		return ga_error_set(err, GA_ECONFLICT, "item_closed", "status",
				    "该措施已完成或已取消（the item is done "
				    "or cancelled）");
	if (in->due_date && in->due_date[0]) {
		if (!plan_due_ok(in->due_date, today, &due, &code, &why))
			return ga_error_set(err, GA_EINVAL, code, "due_date",
					    "%s", why);
		return text_check(in->note, true, PLAN_TEXT_MAX, "note", err);
	}
	to = plan_status_from_name(in->status);
	if (!plan_status_change_ok(PLAN_OPEN, to))
		return ga_error_set(err, GA_EINVAL, "bad_status", "status",
				    "状态须为 done 或 cancelled（status must "
				    "be done or cancelled）");
	rc = text_check(in->note, false, PLAN_TEXT_MAX, "note", err);
	if (!rc && to == PLAN_DONE)
		rc = text_check(in->outcome, true, PLAN_TEXT_MAX, "outcome",
				err);
	if (!rc && to == PLAN_CANCELLED)
		rc = text_check(in->reason, true, PLAN_TEXT_MAX, "reason", err);
	return rc;
}

int case_plan_change(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t item_id,
		     const struct plan_change_input *in,
		     struct plan_item_view *out, struct ga_error *err)
{
	static __thread struct case_row c;
	static __thread struct case_plan_row p;
	struct date today = children_today();
	const char *kind = "plan_item_due_changed", *detail;
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = store_plan_get(db, item_id, by->scope_prefix, &p);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "没有这项帮扶措施（no such plan item）");
	if (!rc)
		rc = lock_for_plan(db, by, p.case_id, &c, err);
	if (!rc && in->version && in->version != p.version)
		rc = ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
				  "该措施已被他人更新（当前版本 %" PRId64
				  "），请刷新后重试（the item was changed "
				  "meanwhile; current version %" PRId64 "）",
				  p.version, p.version);
	if (!rc)
		rc = change_check(&p, in, today, err);
	detail = p.kind;
	if (!rc && in->due_date && in->due_date[0]) {
		str_copy(p.due_date, sizeof(p.due_date), in->due_date);
		detail = p.due_date;
	} else if (!rc && !strcmp(in->status, "done")) {
		kind = "plan_item_done";
		str_copy(p.status, sizeof(p.status), "done");
		date_format(today, p.done_date);
		rc = seal_text("case_plan_item", "outcome", p.id, in->outcome,
			       p.outcome, sizeof(p.outcome));
	} else if (!rc) {
		kind = "plan_item_cancelled";
		str_copy(p.status, sizeof(p.status), "cancelled");
		rc = seal_text("case_plan_item", "cancel_reason", p.id,
			       in->reason, p.cancel_reason,
			       sizeof(p.cancel_reason));
	}
	if (!rc) {
		clock_now_text(p.updated_at);
		rc = store_plan_update(db, &p, p.version);
		if (rc == GA_ECONFLICT)
			ga_error_set(err, rc, "stale_version", "version",
				     "该措施已被他人更新，请刷新后重试（the "
				     "item was changed meanwhile）");
		else if (!rc)
			p.version++;
	}
	if (!rc)
		rc = recount(db, &c, err);
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, kind, detail, in->note,
					  "plan_item", p.id);
	rc = commit_with_audit(db, rc, by, m, "case.plan_change", &c);
	if (!rc)
		rc = open_item(&p, today, out);
	return rc;
}

/* ---- conferences ---- */

static int conference_check(const struct conference_input *in,
			    struct date today, struct ga_error *err)
{
	struct date d;
	char f[64];
	int rc;

	if (!conference_day_ok(in->held_on, today, &d))
		return ga_error_set(err, GA_EINVAL, "bad_held_on", "held_on",
				    "会商日期应为今天或以前的日期 YYYY-MM-DD"
				    "（held_on must be a date YYYY-MM-DD, not "
				    "in the future）");
	if (in->nparticipants < 1 || in->nparticipants > CONF_PARTICIPANTS_MAX)
		return ga_error_set(
		    err, GA_EINVAL, "bad_participants", "participants",
		    "参会人员应为 1 至 %d 人（1 to %d "
		    "participants）",
		    CONF_PARTICIPANTS_MAX, CONF_PARTICIPANTS_MAX);
	for (int i = 0; i < in->nparticipants; i++) {
		const struct conference_participant *p = &in->participants[i];

		snprintf(f, sizeof(f), "participants[%d].unit", i);
		rc = text_check(p->unit, true, PLAN_UNIT_MAX, f, err);
		if (!rc) {
			snprintf(f, sizeof(f), "participants[%d].name", i);
			rc = text_check(p->name, true, CONF_NAME_MAX, f, err);
		}
		if (!rc && (has_ctl(p->unit) || has_ctl(p->name)))
			rc = ga_error_set(err, GA_EINVAL, "bad_participant", f,
					  "参会人员含有控制字符（control "
					  "characters in a participant）");
		if (rc)
			return rc;
	}
	rc = text_check(in->minutes, false, CONF_MINUTES_MAX, "minutes", err);
	if (rc)
		return rc;
	if (in->ndecisions < 0 || in->ndecisions > CONF_DECISIONS_MAX)
		return ga_error_set(err, GA_EINVAL, "bad_decisions",
				    "decisions",
				    "决定事项最多 %d 项（at most %d "
				    "decisions）",
				    CONF_DECISIONS_MAX, CONF_DECISIONS_MAX);
	for (int i = 0; i < in->ndecisions; i++) {
		snprintf(f, sizeof(f), "decisions[%d].", i);
		rc = item_check(&in->decisions[i], today, f, err);
		if (rc)
			return rc;
	}
	return GA_OK;
}

/* participants as "unit\tname\n" lines (neither holds a control char) */
static void encode_participants(const struct conference_input *in,
				struct buf *b)
{
	for (int i = 0; i < in->nparticipants; i++)
		buf_addf(b, "%s\t%s\n", in->participants[i].unit,
			 in->participants[i].name);
}

int case_conference_add(struct db *db, const struct principal *by,
			const struct request_meta *m, int64_t case_id,
			const struct conference_input *in,
			int64_t *conference_id, struct ga_error *err)
{
	static __thread struct case_row c;
	static __thread struct case_conference_row cf;
	static __thread struct case_plan_row item;
	static __thread char minutes[SEALED(CONF_MINUTES_MAX)];
	struct date today = children_today();
	struct buf plain;
	int rc = conference_check(in, today, err);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = lock_for_plan(db, by, case_id, &c, err);
	if (!rc) {
		memset(&cf, 0, sizeof(cf));
		cf.case_id = c.id;
		str_copy(cf.region, sizeof(cf.region), c.region);
		str_copy(cf.held_on, sizeof(cf.held_on), in->held_on);
		cf.decisions = in->ndecisions;
		cf.created_by = by->account.id;
		clock_now_text(cf.created_at);
		rc = store_conference_insert(db, &cf);
	}
	if (!rc) {
		buf_init(&plain, CONF_PARTICIPANTS_MAX * 400);
		encode_participants(in, &plain);
		rc = seal_text("case_conference", "participants", cf.id,
			       plain.ptr, cf.participants,
			       sizeof(cf.participants));
		buf_wipe(&plain);
	}
	if (!rc)
		rc = seal_text("case_conference", "minutes", cf.id, in->minutes,
			       minutes, sizeof(minutes));
	if (!rc)
		rc = store_conference_seal(db, cf.id, cf.participants, minutes);
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, "conference", cf.held_on,
					  NULL, "conference", cf.id);
	for (int i = 0; !rc && i < in->ndecisions; i++)
		rc = insert_item(db, by, &c, &in->decisions[i], cf.id, &item);
	if (!rc)
		rc = recount(db, &c, err);
	rc = commit_with_audit(db, rc, by, m, "case.conference", &c);
	if (!rc)
		*conference_id = cf.id;
	return rc;
}

struct conf_ctx {
	int (*fn)(const struct conference_view *v, void *ctx);
	void *ctx;
};

static int conf_one(const struct case_conference_row *row, void *p)
{
	static __thread struct case_conference_row copy;
	struct conference_view v = {&copy, {0}, {0}, 0};
	struct conf_ctx *cc = p;
	char *line, *tab, *next;
	int rc;

	copy = *row;
	rc = open_text("case_conference", "participants", row->id,
		       copy.participants, sizeof(copy.participants));
	if (!rc)
		rc = open_text("case_conference", "minutes", row->id,
			       copy.minutes, sizeof(copy.minutes));
	for (line = copy.participants;
	     !rc && *line && v.nparticipants < CONF_PARTICIPANTS_MAX;
	     line = next) {
		next = strchr(line, '\n');
		if (!next)
			break;
		*next++ = '\0';
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		v.units[v.nparticipants] = line;
		v.names[v.nparticipants++] = tab + 1;
	}
	if (!rc)
		rc = cc->fn(&v, cc->ctx);
	explicit_bzero(&copy, sizeof(copy));
	return rc;
}

int case_conference_list(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t case_id,
			 int (*fn)(const struct conference_view *v, void *ctx),
			 void *ctx, struct ga_error *err)
{
	static __thread struct case_row c;
	struct conf_ctx cc = {fn, ctx};
	char idt[24];
	int rc = case_get(db, by, case_id, &c, err);

	id_text(case_id, idt);
	if (!rc)
		rc = auth_audit(db, by, m, "case.conference_read", "case", idt,
				"ok");
	if (!rc)
		rc = store_conference_list(db, case_id, conf_one, &cc);
	return rc;
}
