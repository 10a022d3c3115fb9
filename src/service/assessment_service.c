#include "service/assessment_service.h"

#include <stdio.h>
#include <string.h>

#include "service/case_service.h"
#include "service/child_service.h"
#include "service/intervention_internal.h"
#include "service/placement_service.h"
#include "store/child_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char tbl[] = "guardianship_assessment";

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该监护评估 (no such assessment)");
}

/* "id=score id=score …" */
static void answers_text(const int *scores, char *out, size_t size)
{
	size_t n, len = 0;
	const struct assess_item *items = assess_items(&n);

	out[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s=%d",
					i ? " " : "", items[i].id, scores[i]);
}

static void answers_parse(const char *text, int *scores)
{
	char id[ASSESS_ITEM_ID_MAX + 1];
	const char *p = text;

	memset(scores, 0, sizeof(int) * ASSESS_ITEMS_MAX);
	while (*p) {
		size_t w = strcspn(p, " "), k = strcspn(p, "=");
		int64_t v = 0;
		int i;

		if (k < w && k <= ASSESS_ITEM_ID_MAX) {
			memcpy(id, p, k);
			id[k] = '\0';
			i = assess_item_index(id);
			if (i >= 0 && i < ASSESS_ITEMS_MAX &&
			    !parse_int64n(p + k + 1, w - k - 1, 0, 9, &v))
				scores[i] = (int)v;
		}
		p += w;
		while (*p == ' ')
			p++;
	}
}

static int open_row(const struct assessment_row *r, struct assessment_view *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->row = *r;
	out->max_total = assess_max_total();
	answers_parse(r->answers, out->scores);
	rc = iv_open(tbl, "narrative", r->id, out->row.narrative,
		     sizeof(out->row.narrative));
	if (!rc)
		rc = iv_open(tbl, "child_preference", r->id,
			     out->row.child_preference,
			     sizeof(out->row.child_preference));
	return rc;
}

static bool purpose_ok(const char *p)
{
	return p && (!strcmp(p, "case") || !strcmp(p, "return_home") ||
		     !strcmp(p, "periodic"));
}

static int check_input(const struct assessment_input *in, struct date today,
		       struct assess_result *res, struct ga_error *err)
{
	size_t n, bad = 0;
	const struct assess_item *items = assess_items(&n);
	int rc = iv_check_date("assessed_on", in->assessed_on, true, today,
			       NULL, err);

	if (!rc && !purpose_ok(in->purpose))
		rc = iv_bad(err, "purpose", "invalid_purpose",
			    "评估目的应为 case、return_home 或 periodic "
			    "(purpose must be case, return_home or periodic)");
	for (size_t i = 0; !rc && i < n; i++) {
		char field[64];

		snprintf(field, sizeof(field), "answers.%s", items[i].id);
		if (!in->answered[i])
			rc = ga_error_set(err, GA_EINVAL, "missing_answer",
					  field,
					  "请为“%s”评分 (item %s is not "
					  "scored)",
					  items[i].zh, items[i].id);
		else if (in->scores[i] < 0 || in->scores[i] > items[i].max)
			rc = ga_error_set(err, GA_EINVAL, "out_of_range", field,
					  "“%s”的评分应在 0 到 %d 之间 (item "
					  "%s is scored 0 to %d)",
					  items[i].zh, items[i].max,
					  items[i].id, items[i].max);
	}
	if (!rc && !assess_score(in->scores, n, res, &bad))
		rc = iv_bad(err, "answers", "invalid_answers",
			    "评分无效 (invalid scores)");
	if (!rc)
		rc = iv_check_text("narrative", in->narrative,
				   ASSESSMENT_NARRATIVE_MAX, false, true, err);
	if (!rc)
		rc = iv_check_text("child_preference", in->child_preference,
				   ASSESSMENT_PREFERENCE_MAX, false, true, err);
	if (!rc && in->case_id < 0)
		rc = iv_bad(err, "case_id", "invalid_case",
			    "个案编号无效 (invalid case id)");
	return rc;
}

int assessments_create_in_tx(struct db *db, const struct principal *by,
			     const struct request_meta *m, int64_t child_id,
			     const struct assessment_input *in,
			     struct assessment_view *out, struct ga_error *err)
{
	static __thread struct child_record child;
	static __thread struct assessment_row r;
	struct assess_result res;
	char idt[24];
	int rc = store_child_get(db, by->scope_prefix, child_id, &child);

	if (rc == GA_ENOTFOUND)
		rc = ga_error_set(err, rc, "not_found", "",
				  "未找到该儿童档案 (no such child)");
	if (!rc)
		rc = check_input(in, children_today(), &res, err);
	if (!rc && in->case_id)
		rc = case_link_check(db, by, in->case_id, child_id, true, err);
	if (rc)
		goto out;
	memset(&r, 0, sizeof(r));
	r.child_id = child_id;
	str_copy(r.region, sizeof(r.region), child.region);
	r.case_id = in->case_id;
	r.assessor = by->account.id;
	str_copy(r.assessed_on, sizeof(r.assessed_on), in->assessed_on);
	str_copy(r.purpose, sizeof(r.purpose), in->purpose);
	answers_text(in->scores, r.answers, sizeof(r.answers));
	r.total = res.total;
	str_copy(r.outcome, sizeof(r.outcome), assess_outcome_id(res.outcome));
	r.red_flags = res.red_flags;
	clock_now_text(r.created_at);
	rc = store_assessment_insert(db, &r);
	if (!rc)
		rc = iv_seal(tbl, "narrative", r.id, in->narrative, r.narrative,
			     sizeof(r.narrative));
	if (!rc)
		rc =
		    iv_seal(tbl, "child_preference", r.id, in->child_preference,
			    r.child_preference, sizeof(r.child_preference));
	if (!rc)
		rc = store_assessment_seal(db, &r);
	iv_id_text(r.id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "assessment.create", tbl, idt,
				      "ok");
	/* the case's assessment: it may leave the assessment stage now */
	if (!rc && r.case_id) {
		struct case_row c;

		rc = case_set_assessment_in_tx(db, by, r.case_id, r.id,
					       r.outcome, NULL, &c, err);
	}
	if (!rc)
		rc = open_row(&r, out);
out:
	memset(&child, 0, sizeof(child));
	memset(&r, 0, sizeof(r));
	return rc;
}

int assessments_create(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t child_id,
		       const struct assessment_input *in,
		       struct assessment_view *out, struct ga_error *err)
{
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = assessments_create_in_tx(db, by, m, child_id, in, out, err);
	return iv_finish(db, rc);
}

int assessments_get(struct db *db, const struct principal *by, int64_t id,
		    struct assessment_view *out, struct ga_error *err)
{
	static __thread struct assessment_row r;
	int rc = store_assessment_get(db, by->scope_prefix, id, &r);

	if (rc == GA_ENOTFOUND)
		rc = not_found(err);
	if (!rc)
		rc = open_row(&r, out);
	memset(&r, 0, sizeof(r));
	return rc;
}

struct list_ctx {
	int (*fn)(const struct assessment_view *v, void *ctx);
	void *ctx;
};

static int each(const struct assessment_row *r, void *data)
{
	static __thread struct assessment_view v;
	struct list_ctx *l = data;
	int rc = open_row(r, &v);

	if (!rc)
		rc = l->fn(&v, l->ctx);
	memset(&v, 0, sizeof(v));
	return rc;
}

int assessments_list_child(struct db *db, const struct principal *by,
			   int64_t child_id,
			   int (*fn)(const struct assessment_view *v,
				     void *ctx),
			   void *ctx, struct ga_error *err)
{
	static __thread struct child_record child;
	struct list_ctx l = {fn, ctx};
	int rc = store_child_get(db, by->scope_prefix, child_id, &child);

	memset(&child, 0, sizeof(child));
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "not_found", "",
				    "未找到该儿童档案 (no such child)");
	if (!rc)
		rc = store_assessment_list(db, by->scope_prefix, child_id, 0,
					   each, &l);
	return rc;
}

int assessments_list_case(struct db *db, const struct principal *by,
			  int64_t case_id,
			  int (*fn)(const struct assessment_view *v, void *ctx),
			  void *ctx)
{
	struct list_ctx l = {fn, ctx};

	if (case_id <= 0)
		return GA_OK;
	return store_assessment_list(db, by->scope_prefix, 0, case_id, each,
				     &l);
}
