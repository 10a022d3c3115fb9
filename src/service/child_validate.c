#include "service/child_validate.h"

#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"
#include "domain/region.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/banned.h"

/* the 56 ethnic groups of GB 3304-1991 */
static const char *const ethnicities[] = {
    "汉族",	  "蒙古族",   "回族",	  "藏族",     "维吾尔族",   "苗族",
    "彝族",	  "壮族",     "布依族",	  "朝鲜族",   "满族",	    "侗族",
    "瑶族",	  "白族",     "土家族",	  "哈尼族",   "哈萨克族",   "傣族",
    "黎族",	  "傈僳族",   "佤族",	  "畲族",     "高山族",	    "拉祜族",
    "水族",	  "东乡族",   "纳西族",	  "景颇族",   "柯尔克孜族", "土族",
    "达斡尔族",	  "仫佬族",   "羌族",	  "布朗族",   "撒拉族",	    "毛南族",
    "仡佬族",	  "锡伯族",   "阿昌族",	  "普米族",   "塔吉克族",   "怒族",
    "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",   "保安族",	    "裕固族",
    "京族",	  "塔塔尔族", "独龙族",	  "鄂伦春族", "赫哲族",	    "门巴族",
    "珞巴族",	  "基诺族",
};

bool child_ethnicity_ok(const char *s)
{
	for (size_t i = 0; i < sizeof(ethnicities) / sizeof(*ethnicities); i++)
		if (!strcmp(s, ethnicities[i]))
			return true;
	return false;
}

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

static int check_date(const char *s, const char *field, bool required,
		      struct date today, struct ga_error *err)
{
	struct date d;

	if (!s[0])
		return required ? bad(err, field, "missing_field",
				      "缺少日期 (date required)")
				: GA_OK;
	if (!date_parse(s, strlen(s), &d))
		return bad(
		    err, field, "invalid_date",
		    "日期应为 YYYY-MM-DD 的真实日期 (date must be a real "
		    "YYYY-MM-DD)");
	if (date_cmp(d, today) > 0 && strcmp(field, "until") &&
	    !strstr(field, ".until"))
		return bad(err, field, "future_date",
			   "日期不能晚于今天 (date is in the future)");
	return GA_OK;
}

static int check_region(struct db *db, const struct principal *by,
			const char *code, struct ga_error *err)
{
	struct region r;
	int rc;

	if (!region_code_valid(code, strlen(code)))
		return bad(err, "region", "invalid_code",
			   "现居住地应为12位村（社区）代码 (region must be a "
			   "12-digit village code)");
	if (!region_in_scope(code, by->scope_prefix))
		return bad(err, "region", "out_of_scope",
			   "该村（社区）不在您的辖区内 (the village is outside "
			   "your area)");
	rc = store_region_get(db, code, &r);
	if (rc == GA_ENOTFOUND || (!rc && r.abolished))
		return bad(err, "region", "unknown_region",
			   "无此村（社区）或已撤销 (no such village, or "
			   "abolished)");
	if (rc)
		return rc;
	if (r.level != REGION_VILLAGE)
		return bad(err, "region", "not_a_village",
			   "现居住地应为村（社区）一级 (region must be a "
			   "village or community)");
	return GA_OK;
}

static int check_id(const char *id, const char *field, struct date *birth,
		    enum sex *sex, struct ga_error *err)
{
	enum idcard_error e = idcard_check(id, strlen(id), birth, sex);

	if (e != IDCARD_OK)
		return ga_error_set(err, GA_EINVAL, "invalid_id_number", field,
				    "%s", idcard_error_text(e));
	return GA_OK;
}

static int check_member(const struct member_record *m, int i, struct date today,
			struct ga_error *err)
{
	char field[48];
	int rc = GA_OK;

	if (m->id_number[0]) {
		snprintf(field, sizeof(field), "family[%d].id_number", i);
		rc = check_id(m->id_number, field, NULL, NULL, err);
	}
	snprintf(field, sizeof(field), "family[%d].birth_date", i);
	if (!rc)
		rc = check_date(m->birth_date, field, false, today, err);
	snprintf(field, sizeof(field), "family[%d].since", i);
	if (!rc)
		rc = check_date(m->since, field, false, today, err);
	snprintf(field, sizeof(field), "family[%d].until", i);
	if (!rc)
		rc = check_date(m->until, field, false, today, err);
	snprintf(field, sizeof(field), "family[%d].police_accepted", i);
	if (!rc)
		rc = check_date(m->police_accepted, field, false, today, err);
	if (!rc && m->situation == SIT_MISSING && !m->police_accepted[0]) {
		snprintf(field, sizeof(field), "family[%d].police_accepted", i);
		rc = bad(
		    err, field, "missing_field",
		    "失联须填写公安机关受案日期 (a missing parent needs the "
		    "date the police accepted the report)");
	}
	if (!rc && (m->disability_grade < 0 || m->disability_grade > 4)) {
		snprintf(field, sizeof(field), "family[%d].disability_grade",
			 i);
		rc = bad(err, field, "out_of_range",
			 "残疾等级为1–4级 (disability grade is 1–4)");
	}
	return rc;
}

int child_validate(struct db *db, const struct principal *by,
		   struct child_record *r, struct date today,
		   struct ga_error *err)
{
	struct date birth = {0, 0, 0}, id_birth;
	enum sex id_sex;
	int rc;

	rc = check_region(db, by, r->region, err);
	if (rc)
		return rc;
	if (!r->name[0])
		return bad(err, "name", "missing_field",
			   "请填写姓名 (name is required)");
	rc = check_date(r->birth_date, "birth_date", true, today, err);
	if (rc)
		return rc;
	date_parse(r->birth_date, strlen(r->birth_date), &birth);
	if (date_age(birth, today) >= 18)
		return bad(err, "birth_date", "too_old",
			   "已年满18周岁，不再登记为儿童 (18 or older: not a "
			   "child)");
	if (r->no_hukou) {
		if (r->id_number[0])
			return bad(
			    err, "id_number", "conflict",
			    "无户籍儿童不应填写身份证号 (a child without "
			    "household registration has no ID number)");
		if (!r->no_hukou_reason[0])
			return bad(err, "no_hukou_reason", "missing_field",
				   "请说明无户籍原因 (give the reason for no "
				   "household registration)");
	} else {
		if (!r->id_number[0])
			return bad(err, "id_number", "missing_field",
				   "请填写身份证号，或注明无户籍 (ID number "
				   "required, or mark no_hukou)");
		rc = check_id(r->id_number, "id_number", &id_birth, &id_sex,
			      err);
		if (rc)
			return rc;
		if (date_cmp(id_birth, birth))
			return bad(
			    err, "birth_date", "id_mismatch",
			    "出生日期与身份证号不符 (birth date does not "
			    "match the ID number)");
		if (id_sex != r->sex)
			return bad(
			    err, "sex", "id_mismatch",
			    "性别与身份证号不符 (sex does not match the ID "
			    "number)");
	}
	if (r->ethnicity[0] && !child_ethnicity_ok(r->ethnicity))
		return bad(
		    err, "ethnicity", "invalid_ethnicity",
		    "民族应为56个民族名称之一，如“汉族” (ethnicity must be "
		    "one of the 56 names, e.g. 汉族)");
	rc = check_date(r->school_since, "school_since", false, today, err);
	if (rc)
		return rc;
	if (r->health == HEALTH_DISABLED &&
	    (r->disability_grade < 1 || r->disability_grade > 4))
		return bad(err, "disability.grade", "out_of_range",
			   "残疾等级为1–4级 (disability grade is 1–4)");
	if (r->guardian.type == GUARDIAN_ENTRUSTED && !r->guardian.name[0])
		return bad(
		    err, "guardian.name", "missing_field",
		    "请填写委托监护人姓名 (the entrusted guardian's name "
		    "is required)");
	if (r->guardian.id_number[0]) {
		rc = check_id(r->guardian.id_number, "guardian.id_number", NULL,
			      NULL, err);
		if (rc)
			return rc;
	}
	for (int i = 0; i < r->nfamily; i++) {
		rc = check_member(&r->family[i], i, today, err);
		if (rc)
			return rc;
	}
	return GA_OK;
}
