/*
 * Guardianship assessments (监护评估):
 * GET  /api/v1/assessment-form            the items, groups, thresholds
 *      and outcomes, for the web form (intervention.read)
 * POST /api/v1/children/{id}/assessments  record one (intervention.write),
 *      201; body: assessed_on, purpose, answers {item: score}, narrative?,
 *      child_preference?, case_id?
 * GET  /api/v1/children/{id}/assessments  the child's, newest first
 * GET  /api/v1/assessments/{id}           one
 * Reading an assessment (one, or a child's list) is audited: it holds the
 * narrative of what was found at home.
 * Answers are an object keyed by item id, so the body is read here rather
 * than through the field table: every member is still checked and an
 * unknown one refused.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "service/assessment_service.h"
#include "util/banned.h"

static json_t *assessment_to_json(const struct assessment_view *v)
{
	const struct assessment_row *r = &v->row;
	enum assess_outcome o = assess_outcome_from(r->outcome);
	size_t n;
	const struct assess_item *items = assess_items(&n);
	json_t *answers = json_object();

	for (size_t i = 0; i < n && i < ASSESS_ITEMS_MAX; i++)
		json_object_set_new(answers, items[i].id,
				    json_integer(v->scores[i]));
	return json_pack(
	    "{s:I, s:I, s:s, s:o, s:I, s:s, s:s, s:o, s:I, s:I, s:s, s:s, s:I, "
	    "s:s, s:s, s:s}",
	    "id", (json_int_t)r->id, "child_id", (json_int_t)r->child_id,
	    "region", r->region, "case_id",
	    r->case_id ? json_integer(r->case_id) : json_null(), "assessor",
	    (json_int_t)r->assessor, "assessed_on", r->assessed_on, "purpose",
	    r->purpose, "answers", answers, "total", (json_int_t)r->total,
	    "max_total", (json_int_t)v->max_total, "outcome", r->outcome,
	    "outcome_zh", assess_outcome_zh(o), "red_flags",
	    (json_int_t)r->red_flags, "narrative", r->narrative,
	    "child_preference", r->child_preference, "created_at",
	    r->created_at);
}

static int bad(struct api_ctx *c, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(&c->err, GA_EINVAL, code, field, "%s", msg);
}

static int text_of(struct api_ctx *c, json_t *v, const char *field, size_t max,
		   const char **out)
{
	if (json_is_null(v))
		return GA_OK;
	if (!json_is_string(v))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_type", field,
				    "字段 %s 应为文本 (field %s must be a "
				    "string)",
				    field, field);
	if (json_string_length(v) > max)
		return ga_error_set(&c->err, GA_EINVAL, "too_long", field,
				    "字段 %s 过长 (field %s is too long)",
				    field, field);
	*out = json_string_value(v);
	return GA_OK;
}

static int answers_of(struct api_ctx *c, json_t *v, struct assessment_input *in)
{
	const char *key;
	json_t *s;

	if (!json_is_object(v))
		return bad(c, "answers", "invalid_type",
			   "answers 应为 {项目: 分数} 对象 (answers must be "
			   "an object of item: score)");
	json_object_foreach(v, key, s)
	{
		int i = assess_item_index(key);
		char field[64];

		snprintf(field, sizeof(field), "answers.%.40s", key);
		if (i < 0 || i >= ASSESS_ITEMS_MAX)
			return bad(c, field, "unknown_item",
				   "未知的评估项目 (unknown assessment item)");
		if (!json_is_integer(s) || json_integer_value(s) < 0 ||
		    json_integer_value(s) > 9)
			return bad(c, field, "out_of_range",
				   "评分应为 0 到该项最高分的整数 (a score "
				   "must be an integer from 0 to the item's "
				   "maximum)");
		in->scores[i] = (int)json_integer_value(s);
		in->answered[i] = true;
	}
	return GA_OK;
}

static int input_of(struct api_ctx *c, struct assessment_input *in)
{
	const char *key;
	json_t *v;
	int rc = GA_OK;

	memset(in, 0, sizeof(*in));
	if (!json_is_object(c->body))
		return bad(c, "", "invalid_type",
			   "请求体应为 JSON 对象 (the body must be a JSON "
			   "object)");
	json_object_foreach(c->body, key, v)
	{
		if (rc)
			break;
		if (!strcmp(key, "assessed_on"))
			rc = text_of(c, v, key, 10, &in->assessed_on);
		else if (!strcmp(key, "purpose"))
			rc = text_of(c, v, key, 16, &in->purpose);
		else if (!strcmp(key, "narrative"))
			rc = text_of(c, v, key, ASSESSMENT_NARRATIVE_MAX,
				     &in->narrative);
		else if (!strcmp(key, "child_preference"))
			rc = text_of(c, v, key, ASSESSMENT_PREFERENCE_MAX,
				     &in->child_preference);
		else if (!strcmp(key, "answers"))
			rc = answers_of(c, v, in);
		else if (!strcmp(key, "case_id")) {
			if (json_is_null(v))
				continue;
			if (!json_is_integer(v) || json_integer_value(v) < 1)
				rc = bad(c, key, "invalid_type",
					 "个案编号应为正整数 (case_id must be "
					 "a positive integer)");
			else
				in->case_id = json_integer_value(v);
		} else {
			rc = ga_error_set(&c->err, GA_EINVAL, "unknown_field",
					  key, "不接受的字段 (unknown field)");
		}
	}
	return rc;
}

static int create_fn(struct api_ctx *c)
{
	static __thread struct assessment_view v;
	static __thread struct assessment_input in;
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = input_of(c, &in);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = assessments_create(db, &c->who, &c->meta, child_id, &in,
					&v, &c->err);
	if (!rc)
		api_reply(c, 201, assessment_to_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int audit_read(struct api_ctx *c, struct db *db, const char *type,
		      int64_t id)
{
	char idt[24];

	snprintf(idt, sizeof(idt), "%lld", (long long)id);
	return auth_audit(db, &c->who, &c->meta, "assessment.read", type, idt,
			  "ok");
}

static int add_item(const struct assessment_view *v, void *data)
{
	json_array_append_new(data, assessment_to_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	json_t *items;
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = assessments_list_child(db, &c->who, child_id, add_item, items,
				    &c->err);
	if (!rc)
		rc = audit_read(c, db, "child", child_id);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct assessment_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = assessments_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		rc = audit_read(c, db, "guardianship_assessment", id);
	if (!rc)
		api_reply(c, 200, assessment_to_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int form_fn(struct api_ctx *c)
{
	size_t n;
	const struct assess_item *items = assess_items(&n);
	json_t *groups = json_array(), *its = json_array(),
	       *outcomes = json_array();

	for (int g = 0; g < AG_COUNT; g++)
		json_array_append_new(
		    groups,
		    json_pack("{s:s, s:s, s:s}", "id",
			      assess_group_id((enum assess_group)g), "zh",
			      assess_group_zh((enum assess_group)g), "en",
			      assess_group_en((enum assess_group)g)));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    its, json_pack("{s:s, s:s, s:i, s:b, s:s, s:s, s:s, s:s, "
				   "s:s, s:s}",
				   "id", items[i].id, "group",
				   assess_group_id(items[i].group), "max",
				   items[i].max, "red_flag", items[i].red_flag,
				   "zh", items[i].zh, "en", items[i].en,
				   "low_zh", items[i].low_zh, "low_en",
				   items[i].low_en, "high_zh", items[i].high_zh,
				   "high_en", items[i].high_en));
	for (int o = 0; o < AO_COUNT; o++)
		json_array_append_new(
		    outcomes,
		    json_pack("{s:s, s:s}", "id",
			      assess_outcome_id((enum assess_outcome)o), "zh",
			      assess_outcome_zh((enum assess_outcome)o)));
	api_reply(
	    c, 200,
	    json_pack("{s:o, s:o, s:o, s:i, s:{s:i, s:i}, s:s}", "groups",
		      groups, "items", its, "outcomes", outcomes, "max_total",
		      assess_max_total(), "thresholds", "good_min",
		      ASSESS_GOOD_MIN, "insufficient_min",
		      ASSESS_INSUFFICIENT_MIN, "thresholds_source",
		      "本地默认值，待区县民政局确认 (local defaults to be "
		      "confirmed; data/assessment_thresholds.csv)"));
	return GA_OK;
}

static const char *const no_query[] = {NULL};

const struct api_handler api_assessment_form = {
    .fn = form_fn, .action = ACT_INTERVENTION_READ, .query = no_query};
const struct api_handler api_assessments_create = {.fn = create_fn,
						   .action =
						       ACT_INTERVENTION_WRITE,
						   .query = no_query,
						   .input_size = 0};
const struct api_handler api_assessments_list = {
    .fn = list_fn, .action = ACT_INTERVENTION_READ, .query = no_query};
const struct api_handler api_assessments_get = {
    .fn = get_fn, .action = ACT_INTERVENTION_READ, .query = no_query};
