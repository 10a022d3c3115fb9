#include "service/report_service.h"
#include "service/report_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/date.h"
#include "service/case_service.h"
#include "service/child_service.h"
#include "store/account_repo.h"
#include "store/child_repo.h"
#include "store/schedule_repo.h"
#include "store/visit_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define FUTURE_SLACK_S 300 /* a phone's clock a little ahead is not future */

static const char tbl[] = "report";

void report_id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int seal_text(const char *table, const char *column, int64_t id,
		     const char *plain, char *field, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	field[0] = '\0';
	if (!plain || !plain[0])
		return GA_OK;
	report_id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_seal(table, column, idt, plain, strlen(plain), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_text(const char *table, const char *column, int64_t id,
		     char *field, size_t size)
{
	char idt[24];
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	report_id_text(id, idt);
	buf_init(&b, size - 1);
	rc = secret_open(table, column, idt, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

/* ---- who sees what ---- */

static bool team_role(enum role r)
{
	return r == ROLE_PROTECTION || r == ROLE_POLICE ||
	       r == ROLE_COUNTY_CIVIL;
}

enum report_level report_level_of(enum role r)
{
	if (team_role(r))
		return REPORT_TEAM;
	if (r == ROLE_CITY_CIVIL)
		return REPORT_OVERSIGHT;
	return REPORT_OWN;
}

void report_filter_of(const struct principal *by, struct report_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->scope_prefix = "";
	if (report_level_of(by->account.role) != REPORT_OWN)
		f->scope_prefix = by->scope_prefix;
	else if (by->account.role == ROLE_REPORTER && by->account.org[0])
		f->org = by->account.org;
	else
		f->reporter_id = by->account.id;
}

int report_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "没有这份报告（no such report）");
}

/* ---- creating ---- */

static int check_input(const struct report_input *in, struct ga_error *err)
{
	int64_t t;

	if (!report_situation_find(in->situation))
		return ga_error_set(err, GA_EINVAL, "bad_situation",
				    "situation",
				    "未知的报告情形（unknown situation）");
	if (!case_urgency_valid(in->urgency))
		return ga_error_set(err, GA_EINVAL, "bad_urgency", "urgency",
				    "紧急程度须为 immediate、urgent 或 normal"
				    "（urgency must be immediate, urgent or "
				    "normal）");
	if (!report_time_parse(in->discovered_at, &t))
		return ga_error_set(err, GA_EINVAL, "bad_time", "discovered_at",
				    "发现时间格式应为 YYYY-MM-DDTHH:MM（"
				    "discovered_at must be a date and time）");
	if (t > (int64_t)clock_now() + FUTURE_SLACK_S)
		return ga_error_set(err, GA_EINVAL, "future_time",
				    "discovered_at",
				    "发现时间不能晚于现在（discovered_at is in "
				    "the future）");
	if (!in->narrative || !in->narrative[0])
		return ga_error_set(
		    err, GA_EINVAL, "missing_field", "narrative",
		    "请写明看到的情况（narrative is required）");
	if (strlen(in->narrative) > REPORT_NARRATIVE_MAX)
		return ga_error_set(
		    err, GA_ETOOBIG, "too_long", "narrative",
		    "情况说明不能超过 %d 字节（the narrative is "
		    "longer than %d bytes）",
		    REPORT_NARRATIVE_MAX, REPORT_NARRATIVE_MAX);
	if (in->place && strlen(in->place) > REPORT_PLACE_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_long", "place",
				    "地点不能超过 %d 字节（the place is longer "
				    "than %d bytes）",
				    REPORT_PLACE_MAX, REPORT_PLACE_MAX);
	if (!in->child_id == !in->child)
		return ga_error_set(
		    err, GA_EINVAL, "child_required", "child_id",
		    "请选择儿童或填写儿童信息（give child_id or "
		    "child, one of them）");
	return GA_OK;
}

/* an unidentified child's dossier, created by the reporter in the tx */
static int create_child(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct report_child_input *c, int64_t *id,
			char region[13], struct ga_error *err)
{
	static __thread struct child_record rec;
	static __thread struct child_view view;
	int rc;

	if ((!c->name || !c->name[0]) &&
	    (!c->description || !c->description[0]))
		return ga_error_set(
		    err, GA_EINVAL, "missing_field", "child.name",
		    "请填写儿童姓名或体貌特征（the child's name "
		    "or a description is required）");
	if (c->description && strlen(c->description) > REPORT_DESC_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_long",
				    "child.description",
				    "体貌特征不能超过 %d 字节（the description "
				    "is longer than %d bytes）",
				    REPORT_DESC_MAX, REPORT_DESC_MAX);
	memset(&rec, 0, sizeof(rec));
	if (!c->sex || (strcmp(c->sex, "male") && strcmp(c->sex, "female")))
		return ga_error_set(err, GA_EINVAL, "bad_sex", "child.sex",
				    "性别须为 male 或 female（sex must be male "
				    "or female）");
	rec.sex = !strcmp(c->sex, "male") ? SEX_MALE : SEX_FEMALE;
	str_copy(rec.name, sizeof(rec.name),
		 c->name && c->name[0] ? c->name : "身份不明儿童");
	str_copy(rec.notes, sizeof(rec.notes),
		 c->description ? c->description : "");
	str_copy(rec.birth_date, sizeof(rec.birth_date),
		 c->birth_date ? c->birth_date : "");
	str_copy(rec.region, sizeof(rec.region), c->region ? c->region : "");
	/* identity to be established: no ID number from a reporter */
	rec.no_hukou = true;
	str_copy(rec.no_hukou_reason, sizeof(rec.no_hukou_reason),
		 "身份待核实（强制报告）");
	rec.rural_hukou = true;
	rec.guardianship = GL_FAIR;
	rc = children_create_in_tx(db, by, m, &rec, children_today(), &view,
				   err);
	if (rc == GA_EINVAL && err->field[0] &&
	    strncmp(err->field, "child.", 6)) {
		char f[GA_ERROR_FIELD_MAX - 6];

		str_copy(f, sizeof(f), err->field);
		snprintf(err->field, sizeof(err->field), "child.%s", f);
	}
	if (!rc) {
		*id = view.rec.id;
		str_copy(region, 13, view.rec.region);
	}
	memset(&rec, 0, sizeof(rec));
	memset(&view, 0, sizeof(view));
	return rc;
}

/* the child named by id: within scope, and never for a reporter */
static int child_in_scope(struct db *db, const struct principal *by, int64_t id,
			  char region[13], struct ga_error *err)
{
	static __thread struct child_record rec;
	int rc = GA_ENOTFOUND;

	if (by->account.role != ROLE_REPORTER)
		rc = store_child_get(db, by->scope_prefix, id, &rec);
	if (!rc)
		str_copy(region, 13, rec.region);
	memset(&rec, 0, sizeof(rec));
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "child_not_found", "child_id",
				    "没有这名儿童（no such child）");
	return rc;
}

static int visit_link(struct db *db, const struct principal *by,
		      int64_t visit_id, int64_t child_id, struct ga_error *err)
{
	static __thread struct visit_row v;
	int rc;
	enum role r = by->account.role;

	if (r != ROLE_DIRECTOR && r != ROLE_SUPERVISOR)
		return ga_error_set(err, GA_ENOTFOUND, "visit_not_found",
				    "visit_id",
				    "没有这次走访（no such visit）");
	rc = store_visit_get(db, by->scope_prefix, visit_id, &v);
	if (rc == GA_ENOTFOUND)
		rc = ga_error_set(err, rc, "visit_not_found", "visit_id",
				  "没有这次走访（no such visit）");
	if (!rc && v.child_id != child_id)
		rc = ga_error_set(err, GA_EINVAL, "visit_other_child",
				  "visit_id",
				  "走访记录不是这名儿童的（the visit is about "
				  "another child）");
	if (!rc && !v.report_requested)
		rc = ga_error_set(err, GA_ECONFLICT, "visit_no_report",
				  "visit_id",
				  "该走访未提出报告（the visit did not ask for "
				  "a report）");
	memset(&v, 0, sizeof(v));
	return rc;
}

static const char *source_of(const struct principal *by,
			     const struct report_input *in)
{
	switch (by->account.role) {
	case ROLE_HOTLINE: return "hotline";
	case ROLE_DIRECTOR:
	case ROLE_SUPERVISOR: return in->visit_id ? "visit" : "director";
	default: return "reporter";
	}
}

/* county code of a village: its first 6 digits and zeros */
static void county_of(const char *region, char out[13])
{
	snprintf(out, 13, "%.6s000000", region);
}

/* the police and protection accounts of the child's county, once per
 * child and day; no personal data (the web app words it from the kind) */
static int notify_received(struct db *db, const struct report_row *r)
{
	static const char *const roles[] = {"police", "protection"};
	struct notification_row n;
	char county[13], day[11];
	int64_t ids[64];
	int count, added, rc = GA_OK;

	county_of(r->region, county);
	date_format(children_today(), day);
	memset(&n, 0, sizeof(n));
	str_copy(n.kind, sizeof(n.kind), "report_received");
	n.child_id = r->child_id;
	str_copy(n.region, sizeof(n.region), r->region);
	str_copy(n.due_date, sizeof(n.due_date), day);
	n.count = 1;
	clock_now_text(n.created_at);
	for (int k = 0; !rc && k < 2; k++) {
		rc = store_accounts_at(db, roles[k], county, ids, 64, &count);
		for (int i = 0; !rc && i < count; i++) {
			n.account_id = ids[i];
			rc = store_notification_add(db, &n, &added);
		}
	}
	return rc;
}

int report_create_in_tx(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct report_input *in, struct report_row *out,
			struct ga_error *err)
{
	static __thread struct report_row r;
	struct case_open_input co;
	int64_t t = 0;
	char idt[24];
	int rc = check_input(in, err);

	memset(&r, 0, sizeof(r));
	if (!rc && in->child) {
		rc = create_child(db, by, m, in->child, &r.child_id, r.region,
				  err);
	} else if (!rc) {
		r.child_id = in->child_id;
		rc = child_in_scope(db, by, r.child_id, r.region, err);
	}
	if (!rc && in->visit_id)
		rc = visit_link(db, by, in->visit_id, r.child_id, err);
	if (rc)
		return rc;
	report_time_parse(in->discovered_at, &t);
	report_utc_format(t, r.discovered_at);
	str_copy(r.situation, sizeof(r.situation), in->situation);
	str_copy(r.urgency, sizeof(r.urgency), in->urgency);
	str_copy(r.source, sizeof(r.source), source_of(by, in));
	r.reporter_id = by->account.id;
	str_copy(r.reporter_role, sizeof(r.reporter_role),
		 role_name(by->account.role));
	str_copy(r.reporter_org, sizeof(r.reporter_org), by->account.org);
	r.visit_id = in->visit_id;
	r.call_id = in->call_id;
	clock_now_text(r.created_at);
	rc = store_report_insert(db, &r);
	if (!rc)
		rc = seal_text(tbl, "place", r.id, in->place, r.place,
			       sizeof(r.place));
	if (!rc)
		rc = seal_text(tbl, "narrative", r.id, in->narrative,
			       r.narrative, sizeof(r.narrative));
	if (!rc)
		rc = store_report_seal(db, r.id, r.place, r.narrative);
	if (!rc) {
		memset(&co, 0, sizeof(co));
		co.child_id = r.child_id;
		co.source = in->call_id ? "hotline" : "report";
		co.source_id = in->call_id ? in->call_id : r.id;
		co.urgency = r.urgency;
		rc = case_open_in_tx(db, by, m, &co, &r.case_id, err);
	}
	if (!rc)
		rc = store_report_set_case(db, r.id, r.case_id);
	if (!rc)
		rc = notify_received(db, &r);
	report_id_text(r.id, idt);
	if (!rc && in->idem && in->idem->client_uuid)
		rc = idem_record_in_tx(db, by, in->idem, r.id, err);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "report.create", "report", idt,
				      "ok");
	if (!rc) {
		*out = r;
		out->place[0] = out->narrative[0] = '\0';
	}
	memset(&r, 0, sizeof(r));
	return rc;
}

int report_create(struct db *db, const struct principal *by,
		  const struct request_meta *m, const struct report_input *in,
		  struct report_row *out, struct ga_error *err)
{
	int rc = db_begin(db);

	if (!rc)
		rc = report_create_in_tx(db, by, m, in, out, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

/* ---- reading ---- */

static void view_of(const struct report_row *row, enum report_level level,
		    struct report_view *v)
{
	struct report_case_facts f = {row->case_stage, row->police_ack,
				      row->protection_ack_at[0] != 0};
	const char *first = row->police_ack_at;

	memset(v, 0, sizeof(*v));
	v->row = *row;
	v->level = level;
	v->status = report_status_of(&f);
	if (!first[0] || (row->protection_ack_at[0] &&
			  strcmp(row->protection_ack_at, first) < 0))
		first = row->protection_ack_at;
	str_copy(v->received_at, sizeof(v->received_at), first);
	v->row.place[0] = v->row.narrative[0] = '\0';
	if (level != REPORT_TEAM) {
		v->row.reporter_id = 0;
		v->row.reporter_org[0] = '\0';
		v->row.reporter_role[0] = '\0';
	}
}

int report_get(struct db *db, const struct principal *by,
	       const struct request_meta *m, int64_t id,
	       struct report_view *out, struct ga_error *err)
{
	static __thread struct report_row row;
	static __thread struct account acc;
	struct report_filter f;
	char idt[24];
	int rc;

	report_filter_of(by, &f);
	rc = store_report_get(db, id, &f, &row);
	if (rc == GA_ENOTFOUND)
		return report_not_found(err);
	if (rc)
		return rc;
	view_of(&row, report_level_of(by->account.role), out);
	if (out->level == REPORT_TEAM) {
		str_copy(out->row.place, sizeof(out->row.place), row.place);
		str_copy(out->row.narrative, sizeof(out->row.narrative),
			 row.narrative);
		rc = open_text(tbl, "place", id, out->row.place,
			       sizeof(out->row.place));
		if (!rc)
			rc = open_text(tbl, "narrative", id, out->row.narrative,
				       sizeof(out->row.narrative));
		if (!rc && !store_account_by_id(db, row.reporter_id, "", &acc))
			str_copy(out->reporter_name, sizeof(out->reporter_name),
				 acc.display_name[0] ? acc.display_name
						     : acc.username);
		report_id_text(id, idt);
		if (!rc)
			rc = auth_audit(db, by, m, "report.read_narrative",
					"report", idt, "ok");
	}
	memset(&row, 0, sizeof(row));
	memset(&acc, 0, sizeof(acc));
	return rc;
}

struct list_ctx {
	enum report_level level;
	int (*fn)(const struct report_view *v, void *ctx);
	void *ctx;
};

static int list_row(const struct report_row *r, void *p)
{
	static __thread struct report_view v;
	struct list_ctx *l = p;
	int rc;

	view_of(r, l->level, &v);
	rc = l->fn(&v, l->ctx);
	memset(&v, 0, sizeof(v));
	return rc;
}

int report_list(struct db *db, const struct principal *by, int64_t before_id,
		int limit, int (*fn)(const struct report_view *v, void *ctx),
		void *ctx, struct ga_error *err)
{
	struct report_filter f;
	struct list_ctx l = {report_level_of(by->account.role), fn, ctx};

	(void)err;
	if (limit < 1 || limit > REPORT_PAGE_MAX)
		limit = REPORT_PAGE_MAX;
	report_filter_of(by, &f);
	return store_report_list(db, &f, before_id, limit, list_row, &l);
}

int report_of_case(struct db *db, int64_t case_id, struct report_row *out)
{
	return store_report_of_case(db, case_id, out);
}

int report_feedback(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id,
		    struct ga_error *err)
{
	static __thread struct report_row row;
	struct case_row c;
	struct report_filter f;
	char idt[24], now[24];
	int rc;

	if (by->account.role != ROLE_POLICE)
		return ga_error_set(err, GA_EFORBIDDEN, "feedback_role", "",
				    "只有公安向报告单位反馈（only the police "
				    "give feedback to the reporting unit）");
	report_filter_of(by, &f);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_report_get(db, id, &f, &row);
	if (rc == GA_ENOTFOUND)
		report_not_found(err);
	if (!rc && strcmp(row.police_ack, "accepted") &&
	    strcmp(row.police_ack, "filed"))
		rc = ga_error_set(err, GA_ECONFLICT, "not_accepted", "",
				  "请先受案或立案（accept or file the case "
				  "first）");
	if (!rc && row.feedback_at[0])
		rc = ga_error_set(err, GA_ECONFLICT, "already_given", "",
				  "已反馈（feedback already given）");
	clock_now_text(now);
	if (!rc)
		rc = store_report_set_feedback(db, id, now);
	if (!rc)
		rc = case_get(db, by, row.case_id, &c, err);
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, "feedback", "reporter",
					  NULL, "report", id);
	report_id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "report.feedback", "report",
				      idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	memset(&row, 0, sizeof(row));
	return rc;
}
