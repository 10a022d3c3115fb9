#include "api/visit_json.h"

#include <stdio.h>
#include <string.h>

#include "api/child_json.h"
#include "util/strutil.h"
#include "util/banned.h"

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* a string of at most max bytes, UTF-8, no control characters but \n */
static int get_text(json_t *v, const char *field, char *out, size_t size,
		    size_t max, struct ga_error *err)
{
	const char *s;
	size_t len;

	if (json_is_null(v)) {
		out[0] = '\0';
		return GA_OK;
	}
	if (!json_is_string(v))
		return bad(err, field, "invalid_type",
			   "应为字符串 (must be a string)");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len > max || len >= size || memchr(s, '\0', len))
		return ga_error_set(err, GA_EINVAL, "too_long", field,
				    "内容过长，最多 %zu 字节 (too long: at "
				    "most %zu bytes)",
				    max, max);
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') ||
		    s[i] == 0x7f)
			return bad(
			    err, field, "invalid_text",
			    "含有控制字符 (contains control characters)");
	if (!utf8_valid(s, len))
		return bad(err, field, "invalid_utf8",
			   "文字编码无效 (not valid UTF-8)");
	memcpy(out, s, len + 1);
	return GA_OK;
}

static int unknown_value(struct ga_error *err, const char *field)
{
	return ga_error_set(err, GA_EINVAL, "invalid_value", field,
			    "%s 的取值不在允许范围内 (unknown value of %s)",
			    field, field);
}

static int get_enum(json_t *v, enum visit_vocab vv, const char *field, int *out,
		    struct ga_error *err)
{
	int i =
	    json_is_string(v) ? visit_vocab_find(vv, json_string_value(v)) : -1;

	if (i < 0)
		return unknown_value(err, field);
	*out = i;
	return GA_OK;
}

static int get_set(json_t *v, enum visit_vocab vv, const char *field,
		   uint32_t *out, struct ga_error *err)
{
	size_t i;
	json_t *it;

	if (!json_is_array(v))
		return bad(err, field, "invalid_type",
			   "应为数组 (must be an array)");
	*out = 0;
	json_array_foreach(v, i, it)
	{
		int k = json_is_string(it)
			    ? visit_vocab_find(vv, json_string_value(it))
			    : -1;

		if (k < 0)
			return unknown_value(err, field);
		*out |= 1u << k;
	}
	return GA_OK;
}

static int get_finding(json_t *o, const char *area, struct visit_finding *f,
		       struct ga_error *err)
{
	char field[64];
	const char *key;
	json_t *v;
	int rc = GA_OK;

	snprintf(field, sizeof(field), "findings.%s", area);
	if (json_is_null(o)) {
		f->level = -1;
		f->note[0] = '\0';
		return GA_OK;
	}
	if (!json_is_object(o))
		return bad(err, field, "invalid_type",
			   "应为对象 (must be an object)");
	json_object_foreach(o, key, v)
	{
		snprintf(field, sizeof(field), "findings.%s.%s", area, key);
		if (!strcmp(key, "level"))
			rc = json_is_null(v)
				 ? (f->level = -1, GA_OK)
				 : get_enum(v, VV_LEVEL, field, &f->level, err);
		else if (!strcmp(key, "note"))
			rc = get_text(v, field, f->note, sizeof(f->note),
				      VISIT_NOTE_MAX, err);
		else
			rc = bad(err, field, "unknown_field",
				 "不接受的字段 (unknown field)");
		if (rc)
			return rc;
	}
	return GA_OK;
}

static int get_findings(json_t *o, struct visit *v, struct ga_error *err)
{
	const char *key;
	json_t *it;
	char field[64];

	if (!json_is_object(o))
		return bad(err, "findings", "invalid_type",
			   "应为对象 (must be an object)");
	json_object_foreach(o, key, it)
	{
		int a = visit_vocab_find(VV_AREA, key);
		int rc;

		if (a < 0) {
			snprintf(field, sizeof(field), "findings.%s", key);
			return ga_error_set(err, GA_EINVAL, "unknown_field",
					    field,
					    "未知的走访方面 %s (unknown area "
					    "%s)",
					    key, key);
		}
		rc = get_finding(it, key, &v->findings[a], err);
		if (rc)
			return rc;
	}
	return GA_OK;
}

/* 8-4-4-4-12 hexadecimal digits, kept in lower case */
static int get_uuid(json_t *j, char out[40], struct ga_error *err)
{
	static const int dash[] = {8, 13, 18, 23};
	const char *s = json_string_value(j);
	size_t n = s ? strlen(s) : 0;

	if (json_is_null(j)) {
		out[0] = '\0';
		return GA_OK;
	}
	for (size_t i = 0; n == 36 && i < n; i++) {
		bool want_dash = false;
		char c = s[i];

		for (size_t k = 0; k < 4; k++)
			want_dash |= (size_t)dash[k] == i;
		if (want_dash ? c != '-' : !strchr("0123456789abcdefABCDEF", c))
			n = 0;
		out[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	}
	if (n != 36)
		return bad(err, "client_uuid", "invalid_uuid",
			   "client_uuid 应为 UUID，如 "
			   "3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60 "
			   "(client_uuid must be a UUID)");
	out[36] = '\0';
	return GA_OK;
}

static int one_field(const char *key, json_t *j, bool create, struct visit *v,
		     struct visit_extra *x, struct ga_error *err)
{
	if (!strcmp(key, "date"))
		return get_text(j, key, v->date, sizeof(v->date), 10, err);
	if (!strcmp(key, "kind"))
		return get_enum(j, VV_KIND, key, &v->kind, err);
	if (!strcmp(key, "visitor_role"))
		return get_enum(j, VV_VISITOR, key, &v->visitor_role, err);
	if (!strcmp(key, "met"))
		return get_set(j, VV_MET, key, &v->met, err);
	if (!strcmp(key, "met_other"))
		return get_text(j, key, v->met_other, sizeof(v->met_other),
				VISIT_TEXT_MAX, err);
	if (!strcmp(key, "contact")) {
		if (json_is_null(j) ||
		    (json_is_string(j) && !json_string_length(j))) {
			v->contact = -1;
			return GA_OK;
		}
		return get_enum(j, VV_CONTACT, key, &v->contact, err);
	}
	if (!strcmp(key, "findings"))
		return get_findings(j, v, err);
	if (!strcmp(key, "problems"))
		return get_set(j, VV_PROBLEM, key, &v->problems, err);
	if (!strcmp(key, "problem_text"))
		return get_text(j, key, v->problem_text,
				sizeof(v->problem_text), VISIT_TEXT_MAX, err);
	if (!strcmp(key, "actions"))
		return get_set(j, VV_ACTION, key, &v->actions, err);
	if (!strcmp(key, "next_steps"))
		return get_text(j, key, v->next_steps, sizeof(v->next_steps),
				VISIT_TEXT_MAX, err);
	if (!strcmp(key, "report_requested")) {
		if (!json_is_boolean(j))
			return bad(err, key, "invalid_type",
				   "应为 true 或 false (must be a boolean)");
		v->report_requested = json_is_true(j);
		return GA_OK;
	}
	if (create && !strcmp(key, "client_uuid"))
		return get_uuid(j, v->client_uuid, err);
	if (create && !strcmp(key, "dossier")) {
		if (!json_is_object(j))
			return bad(err, key, "invalid_type",
				   "应为对象 (must be an object)");
		x->dossier = j;
		return GA_OK;
	}
	if (!create && !strcmp(key, "version")) {
		if (!json_is_integer(j) || json_integer_value(j) < 1)
			return bad(err, key, "invalid_type",
				   "版本号应为正整数 (version must be a "
				   "positive integer)");
		v->version = json_integer_value(j);
		return GA_OK;
	}
	if (!create && !strcmp(key, "reason")) {
		static __thread char reason[VISIT_REASON_MAX + 1];
		int rc = get_text(j, key, reason, sizeof(reason),
				  VISIT_REASON_MAX, err);

		x->reason = rc ? NULL : reason;
		return rc;
	}
	return ga_error_set(err, GA_EINVAL, "unknown_field", key,
			    "不接受的字段 %s (unknown field %s)", key, key);
}

int visit_from_json(json_t *body, bool create, struct visit *v,
		    struct visit_extra *x, struct ga_error *err)
{
	static const char *const need_create[] = {"date", "kind", NULL};
	static const char *const need_edit[] = {"version", NULL};
	const char *key;
	json_t *j;
	int rc;

	memset(x, 0, sizeof(*x));
	if (!json_is_object(body))
		return bad(err, "", "invalid_type",
			   "请求体应为 JSON 对象 (the body must be a JSON "
			   "object)");
	for (const char *const *k = create ? need_create : need_edit; *k; k++)
		if (!json_object_get(body, *k))
			return ga_error_set(err, GA_EINVAL, "missing_field", *k,
					    "缺少字段 %s (field %s is "
					    "required)",
					    *k, *k);
	json_object_foreach(body, key, j)
	{
		rc = one_field(key, j, create, v, x, err);
		if (rc)
			return rc;
	}
	return GA_OK;
}

char *visit_canonical(json_t *body)
{
	json_t *copy = json_copy(body);
	char *s;

	json_object_del(copy, "client_uuid");
	s = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(copy);
	return s;
}

int visit_dossier_apply(json_t *dossier, struct child_record *rec,
			struct ga_error *err)
{
	static const char *const allowed[] = {
	    "version",	   "school_status", "school_since",
	    "boarding",	   "guardian",	    "guardianship_level",
	    "lives_alone", "family",	    NULL};
	char field[GA_ERROR_FIELD_MAX + 8];
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach(dossier, key, v)
	{
		const char *const *a = allowed;

		while (*a && strcmp(*a, key))
			a++;
		if (!*a)
			return ga_error_set(err, GA_EINVAL, "unknown_field",
					    "dossier",
					    "走访不能修改档案字段 %s (a visit "
					    "cannot change %s)",
					    key, key);
	}
	if (!json_object_get(dossier, "version"))
		return bad(err, "dossier.version", "missing_field",
			   "更新档案须带上当前版本号 (a dossier update needs "
			   "the dossier's current version)");
	rc = child_from_json(dossier, false, rec, err);
	if (rc && err->field[0]) {
		snprintf(field, sizeof(field), "dossier.%s", err->field);
		str_copy(err->field, sizeof(err->field), field);
	}
	return rc;
}

static json_t *set_json(enum visit_vocab vv, uint32_t set)
{
	json_t *a = json_array();

	for (int i = 0; i < visit_vocab_size(vv); i++)
		if (set & (1u << i))
			json_array_append_new(
			    a, json_string(visit_vocab_id(vv, i)));
	return a;
}

static json_t *opt_id(enum visit_vocab vv, int i)
{
	return i < 0 ? json_null() : json_string(visit_vocab_id(vv, i));
}

json_t *visit_row_json(const struct visit *v)
{
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:I, "
	    "s:s, s:I, s:i}",
	    "id", (json_int_t)v->id, "child_id", (json_int_t)v->child_id,
	    "date", v->date, "kind", visit_vocab_id(VV_KIND, v->kind),
	    "kind_name", visit_vocab_zh(VV_KIND, v->kind), "visitor_role",
	    opt_id(VV_VISITOR, v->visitor_role), "problems",
	    set_json(VV_PROBLEM, v->problems), "actions",
	    set_json(VV_ACTION, v->actions), "harm_found", v->harm_found,
	    "report_suggested", v->harm_found, "report_requested",
	    v->report_requested, "created_by", (json_int_t)v->created_by,
	    "created_at", v->created_at, "version", (json_int_t)v->version,
	    "photo_count", v->nphotos);

	return o;
}

json_t *visit_to_json(const struct visit *v)
{
	json_t *o = visit_row_json(v), *f = json_object();

	for (int i = 0; i < VA_COUNT; i++)
		json_object_set_new(
		    f, visit_vocab_id(VV_AREA, i),
		    json_pack("{s:o, s:s}", "level",
			      opt_id(VV_LEVEL, v->findings[i].level), "note",
			      v->findings[i].note));
	json_object_set_new(o, "region", json_string(v->region));
	json_object_set_new(o, "met", set_json(VV_MET, v->met));
	json_object_set_new(o, "met_other", json_string(v->met_other));
	json_object_set_new(o, "contact", opt_id(VV_CONTACT, v->contact));
	json_object_set_new(o, "findings", f);
	json_object_set_new(o, "problem_text", json_string(v->problem_text));
	json_object_set_new(o, "next_steps", json_string(v->next_steps));
	json_object_set_new(o, "client_uuid",
			    v->client_uuid[0] ? json_string(v->client_uuid)
					      : json_null());
	json_object_set_new(o, "updated_by", json_integer(v->updated_by));
	json_object_set_new(o, "updated_at", json_string(v->updated_at));
	return o;
}
