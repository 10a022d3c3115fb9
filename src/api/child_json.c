#include "api/child_json.h"

#include <ctype.h>
#include <string.h>

#include "domain/idcard.h"
#include "util/strutil.h"
#include "util/banned.h"

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

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
		return bad(err, field, "too_long", "内容过长 (too long)");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return bad(
			    err, field, "invalid_text",
			    "含有控制字符 (contains control characters)");
	memcpy(out, s, len + 1);
	return GA_OK;
}

static int get_bool(json_t *v, const char *field, bool *out,
		    struct ga_error *err)
{
	if (!json_is_boolean(v))
		return bad(err, field, "invalid_type",
			   "应为 true 或 false (must be a boolean)");
	*out = json_is_true(v);
	return GA_OK;
}

static int get_enum(json_t *v, const char *field, int (*from)(const char *),
		    int *out, struct ga_error *err)
{
	int e;

	if (!json_is_string(v) || (e = from(json_string_value(v))) < 0)
		return bad(err, field, "invalid_value",
			   "取值不在允许范围内 (not one of the allowed "
			   "values)");
	*out = e;
	return GA_OK;
}

static int get_int(json_t *v, const char *field, int lo, int hi, int *out,
		   struct ga_error *err)
{
	json_int_t i;

	if (!json_is_integer(v))
		return bad(err, field, "invalid_type",
			   "应为整数 (must be an integer)");
	i = json_integer_value(v);
	if (i < lo || i > hi)
		return bad(err, field, "out_of_range",
			   "超出范围 (out of range)");
	*out = (int)i;
	return GA_OK;
}

static int sex_from(const char *s)
{
	return !strcmp(s, "male")     ? SEX_MALE
	       : !strcmp(s, "female") ? SEX_FEMALE
				      : -1;
}

static int contact_from(const char *s)
{
	static const char *const v[] = {"weekly", "monthly", "rarely", "never",
					"daily"};

	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		if (!strcmp(s, v[i]))
			return (int)i;
	return -1;
}

static void upper_x(char *id)
{
	size_t n = strlen(id);

	if (n && id[n - 1] == 'x')
		id[n - 1] = 'X';
}

#define TEXT(f, dst, max) get_text(v, f, dst, sizeof(dst), max, err)

static int member_from(json_t *o, int i, struct member_record *m,
		       struct ga_error *err)
{
	char field[48];
	const char *key;
	json_t *v;
	int e, rc = GA_OK;

	if (!json_is_object(o)) {
		snprintf(field, sizeof(field), "family[%d]", i);
		return bad(err, field, "invalid_type",
			   "应为对象 (must be an object)");
	}
	memset(m, 0, sizeof(*m));
	m->situation = SIT_HOME;
	if (!json_object_get(o, "relation")) {
		snprintf(field, sizeof(field), "family[%d].relation", i);
		return bad(err, field, "missing_field",
			   "请填写与儿童关系 (relation required)");
	}
	json_object_foreach(o, key, v)
	{
		snprintf(field, sizeof(field), "family[%d].%s", i, key);
		if (!strcmp(key, "relation")) {
			rc = get_enum(v, field, relation_from, &e, err);
			m->relation = (enum relation)e;
		} else if (!strcmp(key, "name")) {
			rc = TEXT(field, m->name, CHILD_NAME_MAX);
		} else if (!strcmp(key, "id_number")) {
			rc = TEXT(field, m->id_number, 18);
			upper_x(m->id_number);
		} else if (!strcmp(key, "birth_date")) {
			rc = TEXT(field, m->birth_date, 10);
		} else if (!strcmp(key, "phone")) {
			rc = TEXT(field, m->phone, 20);
		} else if (!strcmp(key, "situation")) {
			rc = get_enum(v, field, situation_from, &e, err);
			m->situation = (enum situation)e;
		} else if (!strcmp(key, "since")) {
			rc = TEXT(field, m->since, 10);
		} else if (!strcmp(key, "until")) {
			rc = TEXT(field, m->until, 10);
		} else if (!strcmp(key, "police_accepted")) {
			rc = TEXT(field, m->police_accepted, 10);
		} else if (!strcmp(key, "work_place")) {
			rc = TEXT(field, m->work_place, CHILD_TEXT_MAX);
		} else if (!strcmp(key, "disability_grade")) {
			rc = get_int(v, field, 0, 4, &m->disability_grade, err);
		} else if (!strcmp(key, "disability_mental")) {
			rc = get_bool(v, field, &m->disability_mental, err);
		} else if (!strcmp(key, "contact")) {
			rc = json_is_string(v) && !json_string_length(v)
				 ? GA_OK /* "" as the dossier shows it: unknown
					  */
				 : get_enum(v, field, contact_from, &e, err);
			if (!rc)
				str_copy(m->contact, sizeof(m->contact),
					 json_string_value(v));
		} else {
			rc = bad(err, field, "unknown_field",
				 "不接受的字段 (unknown field)");
		}
		if (rc)
			return rc;
	}
	return GA_OK;
}

static int guardian_from(json_t *o, struct guardian_record *g,
			 struct ga_error *err)
{
	const char *key;
	json_t *v;
	int e, rc = GA_OK;
	char field[48];

	if (!json_is_object(o))
		return bad(err, "guardian", "invalid_type",
			   "应为对象 (must be an object)");
	memset(g, 0, sizeof(*g));
	if (!json_object_get(o, "type"))
		return bad(err, "guardian.type", "missing_field",
			   "请填写实际监护人类型 (guardian type required)");
	json_object_foreach(o, key, v)
	{
		snprintf(field, sizeof(field), "guardian.%s", key);
		if (!strcmp(key, "type")) {
			rc = get_enum(v, field, guardian_type_from, &e, err);
			g->type = (enum guardian_type)e;
		} else if (!strcmp(key, "name")) {
			rc = TEXT(field, g->name, CHILD_NAME_MAX);
		} else if (!strcmp(key, "id_number")) {
			rc = TEXT(field, g->id_number, 18);
			upper_x(g->id_number);
		} else if (!strcmp(key, "phone")) {
			rc = TEXT(field, g->phone, 20);
		} else if (!strcmp(key, "relation")) {
			rc = TEXT(field, g->relation, CHILD_SHORT_MAX);
		} else if (!strcmp(key, "address")) {
			rc = TEXT(field, g->address, CHILD_TEXT_MAX);
		} else {
			rc = bad(err, field, "unknown_field",
				 "不接受的字段 (unknown field)");
		}
		if (rc)
			return rc;
	}
	return GA_OK;
}

static int assistance_list(json_t *v, unsigned *out, struct ga_error *err)
{
	size_t i;
	json_t *it;

	if (!json_is_array(v))
		return bad(err, "assistance", "invalid_type",
			   "应为数组 (must be an array)");
	*out = 0;
	json_array_foreach(v, i, it)
	{
		int a = json_is_string(it)
			    ? assistance_from(json_string_value(it))
			    : -1;

		if (a <= 0)
			return bad(
			    err, "assistance", "invalid_value",
			    "救助类型不在允许范围内 (unknown assistance)");
		*out |= (unsigned)a;
	}
	return GA_OK;
}

static int one_field(const char *key, json_t *v, struct child_record *r,
		     struct ga_error *err)
{
	int e, rc;

	if (!strcmp(key, "name"))
		return TEXT("name", r->name, CHILD_NAME_MAX);
	if (!strcmp(key, "id_number")) {
		rc = TEXT("id_number", r->id_number, 18);
		upper_x(r->id_number);
		return rc;
	}
	if (!strcmp(key, "no_hukou"))
		return get_bool(v, key, &r->no_hukou, err);
	if (!strcmp(key, "no_hukou_reason"))
		return TEXT(key, r->no_hukou_reason, CHILD_TEXT_MAX);
	if (!strcmp(key, "sex")) {
		rc = get_enum(v, key, sex_from, &e, err);
		r->sex = (enum sex)e;
		return rc;
	}
	if (!strcmp(key, "birth_date"))
		return TEXT(key, r->birth_date, 10);
	if (!strcmp(key, "ethnicity"))
		return TEXT(key, r->ethnicity, CHILD_SHORT_MAX);
	if (!strcmp(key, "hukou_place"))
		return TEXT(key, r->hukou_place, CHILD_TEXT_MAX);
	if (!strcmp(key, "rural_hukou"))
		return get_bool(v, key, &r->rural_hukou, err);
	if (!strcmp(key, "region"))
		return TEXT(key, r->region, 12);
	if (!strcmp(key, "address"))
		return TEXT(key, r->address, CHILD_TEXT_MAX);
	if (!strcmp(key, "school_status")) {
		rc = get_enum(v, key, school_status_from, &e, err);
		r->school = (enum school_status)e;
		return rc;
	}
	if (!strcmp(key, "school_since"))
		return TEXT(key, r->school_since, 10);
	if (!strcmp(key, "boarding"))
		return get_bool(v, key, &r->boarding, err);
	if (!strcmp(key, "school_name"))
		return TEXT(key, r->school_name, CHILD_TEXT_MAX);
	if (!strcmp(key, "grade"))
		return TEXT(key, r->grade, CHILD_SHORT_MAX);
	if (!strcmp(key, "health")) {
		rc = get_enum(v, key, health_from, &e, err);
		r->health = (enum health)e;
		return rc;
	}
	if (!strcmp(key, "illness"))
		return TEXT(key, r->illness, CHILD_TEXT_MAX);
	if (!strcmp(key, "serious_illness"))
		return get_bool(v, key, &r->serious_illness, err);
	if (!strcmp(key, "disability")) {
		json_t *c, *g;

		if (json_is_null(v)) {
			r->disability_category[0] = '\0';
			r->disability_grade = 0;
			return GA_OK;
		}
		if (!json_is_object(v))
			return bad(err, key, "invalid_type",
				   "应为对象 (must be an object)");
		c = json_object_get(v, "category");
		g = json_object_get(v, "grade");
		if (json_object_size(v) > (size_t)(!!c + !!g))
			return bad(err, key, "unknown_field",
				   "只接受 category 和 grade (only category "
				   "and grade)");
		rc = c ? get_text(c, "disability.category",
				  r->disability_category,
				  sizeof(r->disability_category),
				  CHILD_SHORT_MAX, err)
		       : GA_OK;
		if (!rc && g)
			rc = get_int(g, "disability.grade", 0, 4,
				     &r->disability_grade, err);
		return rc;
	}
	if (!strcmp(key, "assistance"))
		return assistance_list(v, &r->assistance, err);
	if (!strcmp(key, "economic_hardship"))
		return get_bool(v, key, &r->economic_hardship, err);
	if (!strcmp(key, "guardian"))
		return guardian_from(v, &r->guardian, err);
	if (!strcmp(key, "guardianship_level")) {
		rc = get_enum(v, key, guardianship_level_from, &e, err);
		r->guardianship = (enum guardianship_level)e;
		return rc;
	}
	if (!strcmp(key, "lives_alone"))
		return get_bool(v, key, &r->lives_alone, err);
	if (!strcmp(key, "notes"))
		return TEXT(key, r->notes, CHILD_NOTES_MAX);
	if (!strcmp(key, "family")) {
		size_t i;
		json_t *it;

		if (!json_is_array(v))
			return bad(err, key, "invalid_type",
				   "应为数组 (must be an array)");
		if (json_array_size(v) > CHILD_FAMILY_MAX)
			return bad(err, key, "too_many",
				   "家庭成员最多16人 (at most 16 family "
				   "members)");
		r->nfamily = 0;
		json_array_foreach(v, i, it)
		{
			rc = member_from(it, (int)i, &r->family[i], err);
			if (rc)
				return rc;
			r->nfamily++;
		}
		return GA_OK;
	}
	if (!strcmp(key, "version"))
		return json_is_integer(v) && json_integer_value(v) > 0
			   ? (r->version = json_integer_value(v), GA_OK)
			   : bad(err, key, "invalid_type",
				 "版本号应为正整数 (version must be a "
				 "positive integer)");
	return bad(err, key, "unknown_field", "不接受的字段 (unknown field)");
}

int child_from_json(json_t *body, bool create, struct child_record *r,
		    struct ga_error *err)
{
	static const char *const required[] = {"name",
					       "sex",
					       "birth_date",
					       "region",
					       "school_status",
					       "health",
					       "guardian",
					       "guardianship_level",
					       NULL};
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(body))
		return bad(err, "", "invalid_type",
			   "请求体应为 JSON 对象 (the body must be a JSON "
			   "object)");
	if (create) {
		for (const char *const *k = required; *k; k++)
			if (!json_object_get(body, *k))
				return ga_error_set(err, GA_EINVAL,
						    "missing_field", *k,
						    "缺少字段 %s (field %s is "
						    "required)",
						    *k, *k);
		if (json_object_get(body, "version"))
			return bad(err, "version", "unknown_field",
				   "新档案不接受版本号 (a new dossier has no "
				   "version)");
	} else if (!json_object_get(body, "version")) {
		return bad(err, "version", "missing_field",
			   "更新须带上当前版本号 (an update needs the current "
			   "version)");
	}
	json_object_foreach(body, key, v)
	{
		rc = one_field(key, v, r, err);
		if (rc)
			return rc;
	}
	if (!r->no_hukou)
		r->no_hukou_reason[0] = '\0';
	return GA_OK;
}

static void mask_phone(const char *in, char out[32])
{
	size_t n = strlen(in);

	str_copy(out, 32, in);
	for (size_t i = 3; n >= 7 && i < n - 4; i++)
		out[i] = '*';
}

static json_t *id_json(const char *id, bool unmasked)
{
	char masked[19];

	if (!id[0])
		return json_null();
	if (unmasked)
		return json_string(id);
	idcard_mask(id, masked);
	return json_string(masked);
}

static json_t *phone_json(const char *p, bool unmasked)
{
	char masked[32];

	if (unmasked)
		return json_string(p);
	mask_phone(p, masked);
	return json_string(masked);
}

static json_t *ids_json(unsigned bits, bool flags)
{
	json_t *a = json_array();

	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1)
		if (bits & bit)
			json_array_append_new(
			    a, json_string(flags ? key_flag_id(bit)
						 : category_id(bit)));
	return a;
}

static int age_of(const char *birth, struct date today)
{
	struct date b;

	return date_parse(birth, strlen(birth), &b) ? date_age(b, today) : -1;
}

json_t *child_row_json(const struct child_record *r, struct date today)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:i, s:o, s:o, "
			 "s:s, s:s, s:b, s:s}",
			 "id", (json_int_t)r->id, "version",
			 (json_int_t)r->version, "region", r->region, "name",
			 r->name, "id_number", id_json(r->id_number, false),
			 "sex", r->sex == SEX_FEMALE ? "female" : "male",
			 "birth_date", r->birth_date, "age",
			 age_of(r->birth_date, today), "categories",
			 ids_json(r->categories, false), "key_flags",
			 ids_json(r->key_flags, true), "school_status",
			 school_status_id(r->school), "guardianship_level",
			 guardianship_level_id(r->guardianship), "archived",
			 r->archived, "updated_at", r->updated_at);
}

static json_t *member_json(const struct member_record *m, bool unmasked)
{
	json_t *o = json_pack(
	    "{s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:i, s:b, "
	    "s:s}",
	    "relation", relation_id(m->relation), "name", m->name, "id_number",
	    id_json(m->id_number, unmasked), "birth_date", m->birth_date,
	    "phone", phone_json(m->phone, unmasked), "situation",
	    situation_id(m->situation), "since", m->since, "until", m->until,
	    "police_accepted", m->police_accepted, "work_place", m->work_place,
	    "disability_grade", m->disability_grade, "disability_mental",
	    m->disability_mental, "contact", m->contact);

	return o;
}

json_t *child_to_json(const struct child_view *v, struct date today,
		      bool unmasked)
{
	const struct child_record *r = &v->rec;
	json_t *o = child_row_json(r, today);
	json_t *fam = json_array(), *reasons = json_array(),
	       *aid = json_array();

	json_object_set_new(o, "id_number", id_json(r->id_number, unmasked));
	json_object_set_new(o, "archive_reason",
			    json_string(r->archive_reason));
	for (int i = 0; i < r->nfamily; i++)
		json_array_append_new(fam,
				      member_json(&r->family[i], unmasked));
	for (int i = 0; i < v->derived.nreasons; i++) {
		const struct reason *x = &v->derived.reasons[i];
		json_t *j =
		    json_pack("{s:s, s:s}", "code", x->code, "text", x->text);

		if (x->category)
			json_object_set_new(
			    j, "category",
			    json_string(category_id(x->category)));
		if (x->key_flag)
			json_object_set_new(
			    j, "key_flag",
			    json_string(key_flag_id(x->key_flag)));
		json_array_append_new(reasons, j);
	}
	for (unsigned bit = 1; bit <= AID_UNSUPPORTED; bit <<= 1)
		if (r->assistance & bit)
			json_array_append_new(aid,
					      json_string(assistance_id(bit)));
	json_object_update_new(
	    o, json_pack(
		   "{s:b, s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:s, s:s, "
		   "s:s, s:s, s:b, s:{s:s, s:i}, s:o, s:b, s:o, "
		   "s:{s:s, s:s, s:o, s:o, s:s, s:s}, s:b, s:s, s:o, "
		   "s:b, s:b, s:s, s:I}",
		   "no_hukou", r->no_hukou, "no_hukou_reason",
		   r->no_hukou_reason, "ethnicity", r->ethnicity, "hukou_place",
		   r->hukou_place, "rural_hukou", r->rural_hukou, "address",
		   r->address, "school_since", r->school_since, "boarding",
		   r->boarding, "school_name", r->school_name, "grade",
		   r->grade, "health", health_id(r->health), "illness",
		   r->illness, "serious_illness", r->serious_illness,
		   "disability", "category", r->disability_category, "grade",
		   r->disability_grade, "assistance", aid, "economic_hardship",
		   r->economic_hardship, "family", fam, "guardian", "type",
		   guardian_type_id(r->guardian.type), "name", r->guardian.name,
		   "id_number", id_json(r->guardian.id_number, unmasked),
		   "phone", phone_json(r->guardian.phone, unmasked), "relation",
		   r->guardian.relation, "address", r->guardian.address,
		   "lives_alone", r->lives_alone, "notes", r->notes, "reasons",
		   reasons, "aged_out", v->derived.aged_out, "unmasked",
		   unmasked, "created_at", r->created_at, "created_by",
		   (json_int_t)r->created_by));
	return o;
}
