#include "service/placement_service.h"

#include <stdio.h>
#include <string.h>

#include "domain/region.h"
#include "service/case_service.h"
#include "service/child_service.h"
#include "service/intervention_internal.h"
#include "store/child_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char tbl[] = "placement";

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该安置记录 (no such placement)");
}

static int child_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该儿童档案 (no such child)");
}

static int open_view(struct db *db, const struct placement_row *r,
		     struct placement_view *out)
{
	struct institution_row inst;
	int rc;

	memset(out, 0, sizeof(*out));
	out->row = *r;
	if (r->institution_id &&
	    !store_institution_get(db, "", r->institution_id, &inst)) {
		str_copy(out->institution_name, sizeof(out->institution_name),
			 inst.name);
		str_copy(out->institution_kind, sizeof(out->institution_kind),
			 inst.kind);
	}
	rc = iv_open(tbl, "carer", r->id, out->row.carer,
		     sizeof(out->row.carer));
	if (!rc)
		rc = iv_open(tbl, "note", r->id, out->row.note,
			     sizeof(out->row.note));
	return rc;
}

/* ---- checks of a new placement ---- */

static int check_reasons(enum placement_kind k,
			 const struct placement_input *in,
			 struct placement_row *r, struct ga_error *err)
{
	size_t n, len = 0;
	const struct placement_code *t = placement_reasons(k, &n);
	bool seen[16] = {false};

	if (!placement_kind_has_reasons(k)) {
		if (in->nreasons)
			return iv_bad(err, "reasons", "reasons_not_allowed",
				      "此类安置不填写法定情形 (this kind takes "
				      "no reasons)");
		return GA_OK;
	}
	if (!in->nreasons)
		return iv_bad(err, "reasons", "missing_reason",
			      k == PK_TEMPORARY
				  ? "请至少选择一项《未成年人保护法》第九十二条"
				    "规定的情形 (choose at least one reason of "
				    "Art. 92)"
				  : "请至少选择一项《未成年人保护法》第九十四条"
				    "规定的情形 (choose at least one reason of "
				    "Art. 94)");
	for (size_t i = 0; i < in->nreasons; i++) {
		int x = placement_code_index(t, n, in->reasons[i]);
		char field[32];

		snprintf(field, sizeof(field), "reasons[%zu]", i);
		if (x < 0)
			return iv_bad(err, field, "invalid_reason",
				      "未知的法定情形 (unknown reason)");
		if (seen[x])
			return iv_bad(err, field, "duplicate_reason",
				      "法定情形重复 (a reason is listed "
				      "twice)");
		seen[x] = true;
		len +=
		    (size_t)snprintf(r->reasons + len, sizeof(r->reasons) - len,
				     "%s%s", len ? " " : "", t[x].id);
	}
	return GA_OK;
}

/* a date not before `after` (may be in the future), or "" when optional */
static int check_later_date(const char *field, const char *s, bool required,
			    struct date after, struct ga_error *err)
{
	struct date d;

	if (!s || !s[0])
		return required ? ga_error_set(err, GA_EINVAL, "missing_field",
					       field,
					       "请填写 %s (field %s is "
					       "required)",
					       field, field)
				: GA_OK;
	if (!date_parse(s, strlen(s), &d))
		return ga_error_set(err, GA_EINVAL, "invalid_date", field,
				    "日期格式应为 YYYY-MM-DD (%s must be a "
				    "date YYYY-MM-DD)",
				    field);
	if (date_cmp(d, after) < 0)
		return ga_error_set(err, GA_EINVAL, "end_before_start", field,
				    "结束日期不能早于开始日期 (%s is before "
				    "the start)",
				    field);
	return GA_OK;
}

static int check_institution(struct db *db, const struct principal *by,
			     enum placement_kind k,
			     const struct placement_input *in,
			     const char *child_region, struct placement_row *r,
			     struct institution_row *inst, struct ga_error *err)
{
	bool needed = k == PK_ENTRUSTED ||
		      (in->setting && !strcmp(in->setting, "institution"));
	bool regional;
	int rc;

	if (!in->institution_id) {
		if (needed)
			return ga_error_set(err, GA_EINVAL, "missing_field",
					    "institution_id",
					    "请选择安置机构 (choose the "
					    "institution)");
		if ((in->sending_county && in->sending_county[0]) ||
		    (in->receiving_county && in->receiving_county[0]))
			return iv_bad(err, "sending_county", "not_regional",
				      "只有区域性儿童福利机构的安置填写送出与"
				      "接收区县 (sending and receiving "
				      "counties are for regional welfare "
				      "institutions)");
		return GA_OK;
	}
	rc = store_institution_get(db, "", in->institution_id, inst);
	regional = !rc && !strcmp(inst->kind, "regional_welfare");
	if (rc == GA_ENOTFOUND || (!rc && !inst->active) ||
	    (!rc && !regional &&
	     !region_in_scope(inst->county, by->scope_prefix)))
		return iv_bad(err, "institution_id", "unknown_institution",
			      "机构不存在、已停用或不在本辖区 (no such active "
			      "institution within your area)");
	if (rc)
		return rc;
	if (k == PK_ENTRUSTED && strcmp(inst->kind, "welfare") && !regional)
		return iv_bad(err, "institution_id", "not_welfare",
			      "委托代养应由儿童福利机构承担 (entrusted "
			      "upbringing is by a welfare institution)");
	r->institution_id = inst->id;
	if (!regional) {
		if ((in->sending_county && in->sending_county[0]) ||
		    (in->receiving_county && in->receiving_county[0]))
			return iv_bad(err, "sending_county", "not_regional",
				      "只有区域性儿童福利机构的安置填写送出与"
				      "接收区县 (sending and receiving "
				      "counties are for regional welfare "
				      "institutions)");
		return GA_OK;
	}
	/* P1.2: by default the child's county sends, the institution's
	 * county receives */
	if (in->sending_county && in->sending_county[0])
		str_copy(r->sending_county, sizeof(r->sending_county),
			 in->sending_county);
	else
		snprintf(r->sending_county, sizeof(r->sending_county),
			 "%.6s000000", child_region);
	if (in->receiving_county && in->receiving_county[0])
		str_copy(r->receiving_county, sizeof(r->receiving_county),
			 in->receiving_county);
	else
		str_copy(r->receiving_county, sizeof(r->receiving_county),
			 inst->county);
	rc = iv_check_county(db, "sending_county", r->sending_county, err);
	if (!rc)
		rc = iv_check_county(db, "receiving_county",
				     r->receiving_county, err);
	return rc;
}

static int check_kind_fields(enum placement_kind k,
			     const struct placement_input *in,
			     struct date today, struct date start,
			     struct placement_row *r, struct ga_error *err)
{
	size_t n;
	const struct placement_code *t;
	int rc = GA_OK;

	if (in->setting && in->setting[0]) {
		t = placement_settings(&n);
		if (placement_code_index(t, n, in->setting) < 0)
			return iv_bad(err, "setting", "invalid_setting",
				      "安置方式应为 institution、relatives 或 "
				      "foster (setting must be institution, "
				      "relatives or foster)");
		str_copy(r->setting, sizeof(r->setting), in->setting);
	} else if (k == PK_TEMPORARY) {
		return ga_error_set(err, GA_EINVAL, "missing_field", "setting",
				    "请选择临时监护的安置方式 (choose where "
				    "the child lives)");
	}
	if (k == PK_ENTRUSTED) {
		rc = iv_check_text("agreement_no", in->agreement_no,
				   PLACEMENT_SHORT_MAX, true, false, err);
		if (!rc)
			rc = iv_check_date("agreement_start",
					   in->agreement_start, true, today,
					   NULL, err);
		if (!rc)
			rc =
			    check_later_date("agreement_end", in->agreement_end,
					     false, start, err);
		str_copy(r->agreement_no, sizeof(r->agreement_no),
			 in->agreement_no ? in->agreement_no : "");
		str_copy(r->agreement_start, sizeof(r->agreement_start),
			 in->agreement_start ? in->agreement_start : "");
		str_copy(r->agreement_end, sizeof(r->agreement_end),
			 in->agreement_end ? in->agreement_end : "");
	} else if ((in->agreement_no && in->agreement_no[0]) ||
		   (in->agreement_start && in->agreement_start[0])) {
		return iv_bad(err, "agreement_no", "not_entrusted",
			      "只有委托代养填写协议 (an agreement is for "
			      "entrusted upbringing)");
	}
	if (rc)
		return rc;
	if (k == PK_COURT) {
		t = placement_court_statuses(&n);
		rc = iv_check_text("court", in->court, PLACEMENT_COURT_MAX,
				   true, false, err);
		if (!rc && placement_code_index(t, n, in->court_status) < 0)
			rc = iv_bad(err, "court_status", "invalid_status",
				    "诉讼状态应为 preparing、filed、hearing、"
				    "revoked、rejected 或 withdrawn (unknown "
				    "court status)");
		if (!rc)
			rc = iv_check_date(
			    "court_filed_on", in->court_filed_on,
			    strcmp(in->court_status, "preparing") != 0, today,
			    NULL, err);
		if (rc)
			return rc;
		str_copy(r->court, sizeof(r->court), in->court);
		str_copy(r->court_status, sizeof(r->court_status),
			 in->court_status);
		str_copy(r->court_filed_on, sizeof(r->court_filed_on),
			 in->court_filed_on ? in->court_filed_on : "");
	} else if (in->court || in->court_status || in->court_filed_on) {
		return iv_bad(err, "court", "not_court",
			      "只有支持起诉填写法院信息 (court details are "
			      "for a court application)");
	}
	return GA_OK;
}

static int check_new(struct db *db, const struct principal *by,
		     const struct placement_input *in,
		     const struct child_record *child, struct date today,
		     struct placement_row *r, struct institution_row *inst,
		     struct ga_error *err)
{
	size_t n;
	const struct placement_code *kinds = placement_kinds(&n);
	int k = placement_code_index(kinds, n, in->kind);
	struct date start;
	int rc;

	if (k < 0)
		return iv_bad(err, "kind", "invalid_kind",
			      "安置类型应为 temporary_guardianship、"
			      "entrusted_upbringing、court_revocation_support "
			      "或 long_term_guardianship (unknown kind)");
	str_copy(r->kind, sizeof(r->kind), kinds[k].id);
	rc = iv_check_date("start_date", in->start_date, true, today, &start,
			   err);
	if (!rc)
		str_copy(r->start_date, sizeof(r->start_date), in->start_date);
	if (!rc)
		rc = check_reasons((enum placement_kind)k, in, r, err);
	if (!rc)
		rc = check_kind_fields((enum placement_kind)k, in, today, start,
				       r, err);
	if (!rc)
		rc = check_institution(db, by, (enum placement_kind)k, in,
				       child->region, r, inst, err);
	if (!rc)
		rc = iv_check_text("carer", in->carer, PLACEMENT_CARER_MAX,
				   false, false, err);
	if (!rc)
		rc = iv_check_text("note", in->note, PLACEMENT_NOTE_MAX, false,
				   true, err);
	if (!rc && in->case_id)
		rc = case_link_check(db, by, in->case_id, child->id, true, err);
	return rc;
}

static int check_capacity(struct db *db, const struct placement_input *in,
			  const struct institution_row *inst,
			  struct placement_row *r, struct ga_error *err)
{
	int64_t count = 0;
	int rc;

	if (!r->institution_id || inst->capacity <= 0)
		return GA_OK;
	rc = store_placement_count_at(db, r->institution_id, &count);
	if (rc || count < inst->capacity)
		return rc;
	if (in->accept_over_capacity) {
		r->over_capacity = true;
		return GA_OK;
	}
	return ga_error_set(
	    err, GA_ECONFLICT, "institution_full", "institution_id",
	    "该机构已满（床位 %lld，在院 %lld）；紧急情况下可确认"
	    "超员安置 (the institution is full: capacity %lld, "
	    "placed %lld; set accept_over_capacity in an "
	    "emergency)",
	    (long long)inst->capacity, (long long)count,
	    (long long)inst->capacity, (long long)count);
}

int placements_create_in_tx(struct db *db, const struct principal *by,
			    const struct request_meta *m, int64_t child_id,
			    const struct placement_input *in,
			    struct placement_view *out, struct ga_error *err)
{
	static __thread struct child_record child;
	static __thread struct placement_row r;
	struct institution_row inst;
	char idt[24];
	int rc = store_child_get(db, by->scope_prefix, child_id, &child);

	memset(&r, 0, sizeof(r));
	memset(&inst, 0, sizeof(inst));
	if (rc == GA_ENOTFOUND)
		rc = child_not_found(err);
	if (!rc && child.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "",
				  "已归档的档案不能登记安置 (an archived "
				  "dossier cannot take a placement)");
	if (!rc)
		rc = check_new(db, by, in, &child, children_today(), &r, &inst,
			       err);
	if (!rc)
		rc = check_capacity(db, in, &inst, &r, err);
	if (rc)
		goto out;
	r.child_id = child_id;
	str_copy(r.region, sizeof(r.region), child.region);
	r.case_id = in->case_id;
	r.created_by = r.updated_by = by->account.id;
	clock_now_text(r.created_at);
	str_copy(r.updated_at, sizeof(r.updated_at), r.created_at);
	rc = store_placement_insert(db, &r);
	if (rc == GA_ECONFLICT)
		ga_error_set(
		    err, rc, "duplicate_temporary", "kind",
		    "该儿童已在临时监护中，请先结束现有安置 (the child "
		    "is already in temporary guardianship)");
	if (!rc)
		rc = iv_seal(tbl, "carer", r.id, in->carer, r.carer,
			     sizeof(r.carer));
	if (!rc)
		rc = iv_seal(tbl, "note", r.id, in->note, r.note,
			     sizeof(r.note));
	if (!rc)
		rc = store_placement_seal(db, &r);
	iv_id_text(r.id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "placement.create", tbl, idt,
				      "ok");
	if (!rc && r.case_id)
		rc = case_record_in_tx(db, by, r.case_id, "placement", r.kind,
				       "placement", r.id);
	if (!rc)
		rc = open_view(db, &r, out);
out:
	memset(&child, 0, sizeof(child));
	memset(&r, 0, sizeof(r));
	return rc;
}

int placements_create(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t child_id,
		      const struct placement_input *in,
		      struct placement_view *out, struct ga_error *err)
{
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = placements_create_in_tx(db, by, m, child_id, in, out, err);
	return iv_finish(db, rc);
}

int placements_get(struct db *db, const struct principal *by, int64_t id,
		   struct placement_view *out, struct ga_error *err)
{
	static __thread struct placement_row r;
	int rc = store_placement_get(db, by->scope_prefix, id, &r);

	if (rc == GA_ENOTFOUND)
		rc = not_found(err);
	if (!rc)
		rc = open_view(db, &r, out);
	memset(&r, 0, sizeof(r));
	return rc;
}

/* ---- ending ---- */

static int no_assessment(struct ga_error *err)
{
	return ga_error_set(
	    err, GA_ECONFLICT, "assessment_required", "assessment_id",
	    "送回监护人须有本次安置期间的监护评估认定监护人已具备监护条件"
	    "（《未成年人保护法》第九十三条） (returning home needs an "
	    "assessment of this child, dated within the placement, finding "
	    "the guardian able: Art. 93)");
}

static int check_return(struct db *db, const struct principal *by,
			const struct placement_end_input *in,
			const struct placement_row *r, struct date start,
			struct date end, struct ga_error *err)
{
	static __thread struct assessment_row a;
	struct date on;
	int rc;

	if (!in->assessment_id)
		return no_assessment(err);
	rc = store_assessment_get(db, by->scope_prefix, in->assessment_id, &a);
	if (rc == GA_ENOTFOUND || (!rc && a.child_id != r->child_id))
		rc = no_assessment(err);
	else if (!rc &&
		 (!date_parse(a.assessed_on, strlen(a.assessed_on), &on) ||
		  !placement_return_ok(assess_outcome_from(a.outcome), on,
				       start, end)))
		rc = no_assessment(err);
	memset(&a, 0, sizeof(a));
	return rc;
}

int placements_end(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id,
		   const struct placement_end_input *in,
		   struct placement_view *out, struct ga_error *err)
{
	static __thread struct placement_row r;
	struct date start = {0}, end = {0};
	size_t n;
	const struct placement_code *reasons = placement_end_reasons(&n);
	char idt[24];
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = store_placement_get(db, by->scope_prefix, id, &r);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && r.version != in->version)
		rc = iv_stale(err, "安置记录", r.version);
	if (!rc && strcmp(r.status, "active"))
		rc = ga_error_set(err, GA_ECONFLICT, "already_ended", "",
				  "该安置已结束 (the placement has ended "
				  "already)");
	if (!rc && placement_code_index(reasons, n, in->reason) < 0)
		rc = iv_bad(err, "reason", "invalid_reason",
			    "结束原因应为 returned_home、transferred、"
			    "entrusted、long_term、adult 或 other (unknown end "
			    "reason)");
	if (!rc)
		rc = iv_check_date("end_date", in->end_date, true,
				   children_today(), &end, err);
	if (!rc) {
		date_parse(r.start_date, strlen(r.start_date), &start);
		if (date_cmp(end, start) < 0)
			rc = iv_bad(err, "end_date", "end_before_start",
				    "结束日期不能早于开始日期 (the end date is "
				    "before the start)");
	}
	if (!rc && !strcmp(in->reason, "returned_home"))
		rc = check_return(db, by, in, &r, start, end, err);
	if (!rc) {
		str_copy(r.end_date, sizeof(r.end_date), in->end_date);
		str_copy(r.end_reason, sizeof(r.end_reason), in->reason);
		r.end_assessment_id = !strcmp(in->reason, "returned_home")
					  ? in->assessment_id
					  : 0;
		r.updated_by = by->account.id;
		clock_now_text(r.updated_at);
		rc = store_placement_end(db, by->scope_prefix, &r, in->version);
		if (rc == GA_ECONFLICT)
			iv_stale(err, "安置记录", r.version + 1);
	}
	iv_id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "placement.end", tbl, idt,
				      "ok");
	if (!rc && r.case_id)
		rc = case_record_in_tx(db, by, r.case_id, "placement_ended",
				       r.end_reason, "placement", r.id);
	rc = iv_finish(db, rc);
	memset(&r, 0, sizeof(r));
	if (!rc)
		rc = placements_get(db, by, id, out, err);
	return rc;
}

/* ---- lists ---- */

struct list_ctx {
	struct db *db;
	int (*fn)(const struct placement_view *v, void *ctx);
	void *ctx;
};

static int each(const struct placement_row *r, void *data)
{
	static __thread struct placement_view v;
	struct list_ctx *l = data;
	int rc = open_view(l->db, r, &v);

	if (!rc)
		rc = l->fn(&v, l->ctx);
	memset(&v, 0, sizeof(v));
	return rc;
}

int placements_list_child(struct db *db, const struct principal *by,
			  int64_t child_id,
			  int (*fn)(const struct placement_view *v, void *ctx),
			  void *ctx, struct ga_error *err)
{
	static __thread struct child_record child;
	struct list_ctx l = {db, fn, ctx};
	int rc = store_child_get(db, by->scope_prefix, child_id, &child);

	memset(&child, 0, sizeof(child));
	if (rc == GA_ENOTFOUND)
		return child_not_found(err);
	if (!rc)
		rc = store_placement_list(db, by->scope_prefix, child_id, 0,
					  each, &l);
	return rc;
}

int placements_list_case(struct db *db, const struct principal *by,
			 int64_t case_id,
			 int (*fn)(const struct placement_view *v, void *ctx),
			 void *ctx)
{
	struct list_ctx l = {db, fn, ctx};

	if (case_id <= 0)
		return GA_OK;
	return store_placement_list(db, by->scope_prefix, 0, case_id, each, &l);
}
