#include "domain/confirmation.h"

#include <string.h>

#include "domain/idcard.h"
#include "util/banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct conf_item_info checks[CONF_CHECK_COUNT] = {
    [CHECK_FULL_CAPACITY] = {"full_capacity",
			     "被委托人为具有完全民事行为能力的成年人", false},
    [CHECK_ABLE_TO_CARE] = {"able_to_care", "被委托人身体健康，具有照护能力",
			    false},
    [CHECK_CHILD_HEARD] = {"child_heard", "已听取有表达意愿能力的儿童的意见",
			   false},
    [CHECK_SEXUAL_ABUSE] = {"sexual_abuse", "曾实施性侵害违法犯罪行为", true},
    [CHECK_MALTREATMENT] = {"maltreatment", "曾实施虐待违法犯罪行为", true},
    [CHECK_ABANDONMENT] = {"abandonment", "曾实施遗弃违法犯罪行为", true},
    [CHECK_TRAFFICKING] = {"trafficking", "曾实施拐卖违法犯罪行为", true},
    [CHECK_VIOLENCE] = {"violence", "曾实施暴力伤害违法犯罪行为", true},
    [CHECK_DRUGS] = {"drugs", "有吸毒恶习", true},
    [CHECK_ALCOHOL] = {"alcohol", "有酗酒恶习", true},
    [CHECK_GAMBLING] = {"gambling", "有赌博恶习", true},
    [CHECK_NEGLECT] = {"neglect", "曾拒不履行或者长期怠于履行监护、照护职责",
		       true},
    [CHECK_OTHER_UNFIT] = {"other_unfit", "有其他不适宜担任被委托人的情形",
			   true},
};

static const struct conf_item_info promises[CONF_PROMISE_COUNT] = {
    [PROMISE_WEEKLY_CONTACT] = {"weekly_contact",
				"父母与儿童、被委托人至少每周联系和交流一次，"
				"了解儿童的生活、学习、心理等情况",
				false},
    [PROMISE_NOTIFY_SCHOOL] = {"notify_school",
			       "父母将委托照护情况书面告知儿童所在学校、幼儿园",
			       false},
    [PROMISE_NOTIFY_VILLAGE] = {"notify_village",
				"父母将委托照护情况书面告知实际居住地的村（居）"
				"民委员会",
				false},
    [PROMISE_ACT_ON_NOTICE] = {"act_on_notice",
			       "父母接到儿童心理、行为异常的通知后及时采取干预"
			       "措施",
			       false},
};

const struct conf_item_info *confirmation_check_info(int i)
{
	return i >= 0 && i < CONF_CHECK_COUNT ? &checks[i] : NULL;
}

const struct conf_item_info *confirmation_promise_info(int i)
{
	return i >= 0 && i < CONF_PROMISE_COUNT ? &promises[i] : NULL;
}

static int index_in(const struct conf_item_info *t, int n, const char *id,
		    size_t len)
{
	for (int i = 0; id && i < n; i++)
		if (strlen(t[i].id) == len && !memcmp(t[i].id, id, len))
			return i;
	return -1;
}

int confirmation_check_from(const char *id, size_t len)
{
	return index_in(checks, CONF_CHECK_COUNT, id, len);
}

int confirmation_promise_from(const char *id, size_t len)
{
	return index_in(promises, CONF_PROMISE_COUNT, id, len);
}

/* ---- when one is needed ---- */

static bool is_parent(enum relation r)
{
	return r == REL_FATHER || r == REL_MOTHER;
}

bool confirmation_required(const struct child_facts *f)
{
	bool migrant = false;

	if (f->guardian != GUARDIAN_ENTRUSTED)
		return false;
	for (int i = 0; i < f->nfamily && i < CHILD_FAMILY_MAX; i++) {
		if (!is_parent(f->family[i].relation))
			continue;
		if (f->family[i].situation == SIT_HOME)
			return false; /* a parent at home cares for the child */
		if (f->family[i].situation == SIT_MIGRANT)
			migrant = true;
	}
	return migrant;
}

/* ---- validity ---- */

static bool problem(struct conf_problem *p, const char *code, const char *field,
		    const char *text)
{
	if (p) {
		p->code = code;
		p->field = field;
		p->text = text;
	}
	return false;
}

bool confirmation_guardian_birth(const char *id_number, const char *birth,
				 struct date *out, struct conf_problem *p)
{
	struct date from_id = {0}, given = {0};
	bool has_id = id_number && *id_number, has_birth = birth && *birth;
	enum idcard_error e;

	if (has_id) {
		e = idcard_check(id_number, strlen(id_number), &from_id, NULL);
		if (e != IDCARD_OK)
			return problem(p, "invalid_id_number",
				       "guardian_id_number",
				       idcard_error_text(e));
	}
	if (has_birth && !date_parse(birth, strlen(birth), &given))
		return problem(p, "invalid_date", "guardian_birth_date",
			       "出生日期应为 YYYY-MM-DD 格式的有效日期 (birth "
			       "date must be a real date as YYYY-MM-DD)");
	if (has_id && has_birth && date_cmp(from_id, given))
		return problem(p, "birth_mismatch", "guardian_birth_date",
			       "出生日期与身份证号不符 (the birth date does "
			       "not match the ID number)");
	if (!has_id && !has_birth)
		return problem(p, "missing_field", "guardian_id_number",
			       "请填写被委托人的身份证号或出生日期 (the "
			       "entrusted guardian's ID number or birth date "
			       "is required)");
	*out = has_id ? from_id : given;
	return true;
}

bool confirmation_valid(const struct confirmation_facts *f, struct date today,
			struct conf_problem *p)
{
	if (!date_valid(f->start))
		return problem(p, "invalid_date", "period_start",
			       "开始日期应为有效日期 (period_start must be a "
			       "real date)");
	if (!date_valid(f->end))
		return problem(p, "invalid_date", "period_end",
			       "结束日期应为有效日期 (period_end must be a "
			       "real date)");
	if (date_cmp(f->start, f->end) > 0)
		return problem(p, "invalid_period", "period_end",
			       "委托期限的结束日期不能早于开始日期 (the period "
			       "cannot end before it starts)");
	if (date_cmp(f->end, date_add_years(f->start, CONFIRMATION_YEARS_MAX)) >
	    0)
		return problem(p, "period_too_long", "period_end",
			       "委托期限最长三年，期满后重新确认 (a "
			       "confirmation covers at most three years)");
	if (date_cmp(f->end, today) < 0)
		return problem(p, "period_over", "period_end",
			       "委托期限已经结束 (the period is already over)");
	if (!date_valid(f->guardian_birth))
		return problem(p, "missing_field", "guardian_id_number",
			       "请填写被委托人的身份证号或出生日期 (the "
			       "entrusted guardian's ID number or birth date "
			       "is required)");
	if (date_age(f->guardian_birth, f->start) < 18)
		return problem(p, "guardian_minor", "guardian_id_number",
			       "被委托人须为年满十八周岁的成年人（未成年人保护"
			       "法第二十二条） (the entrusted guardian must be "
			       "an adult on the start date)");
	for (int i = 0; i < CONF_CHECK_COUNT; i++)
		if (f->checks[i] != ANSWER_YES && f->checks[i] != ANSWER_NO)
			return problem(p, "check_unanswered", checks[i].id,
				       "请逐项回答被委托人情况核查 (answer "
				       "every fitness check)");
	return true;
}

bool confirmation_signable(const struct confirmation_facts *f,
			   struct conf_problem *p)
{
	for (int i = 0; i < CONF_CHECK_COUNT; i++) {
		enum conf_answer ok =
		    checks[i].disqualifying ? ANSWER_NO : ANSWER_YES;

		if (f->checks[i] == ok)
			continue;
		if (checks[i].disqualifying)
			return problem(
			    p, "guardian_unfit", checks[i].id,
			    "被委托人有不得委托的情形（未成年人保护法"
			    "第二十二条），不能签署 (the entrusted "
			    "guardian is barred by Art. 22)");
		return problem(p, "guardian_unfit", checks[i].id,
			       "被委托人不具备照护条件，不能签署 (the "
			       "entrusted guardian does not meet Art. 22)");
	}
	for (int i = 0; i < CONF_PROMISE_COUNT; i++)
		if (!f->promises[i])
			return problem(p, "promise_missing", promises[i].id,
				       "父母须作出第二十三条规定的各项承诺 "
				       "(the parents must make every Art. 23 "
				       "promise)");
	return true;
}

/* ---- state ---- */

/* days since 1970-01-01 of a civil date (proleptic Gregorian) */
static long day_number(struct date d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

const char *confirmation_status_shown(bool is_signed, struct date end,
				      struct date today)
{
	if (date_cmp(end, today) < 0)
		return "expired";
	return is_signed ? "signed" : "pending";
}

static struct date later(struct date a, struct date b)
{
	return !date_is_set(a) || date_cmp(b, a) > 0 ? b : a;
}

void confirmation_summary_add(struct conf_summary *s, bool is_signed,
			      struct date start, struct date end,
			      struct date today)
{
	s->count++;
	if (is_signed) {
		s->signed_end = later(s->signed_end, end);
		return;
	}
	s->pending_end = later(s->pending_end, end);
	if (date_cmp(end, today) >= 0 &&
	    (!date_is_set(s->pending_start) ||
	     date_cmp(start, s->pending_start) < 0))
		s->pending_start = start;
}

const char *confirmation_state_id(enum conf_state s)
{
	static const char *const ids[] = {
	    [CONF_NOT_REQUIRED] = "not_required", [CONF_MISSING] = "missing",
	    [CONF_PENDING] = "pending",		  [CONF_SIGNED] = "signed",
	    [CONF_EXPIRING] = "expiring",	  [CONF_EXPIRED] = "expired",
	};

	return (int)s >= 0 && (size_t)s < NELEM(ids) ? ids[s] : "";
}

enum conf_state confirmation_state(bool required, const struct conf_summary *s,
				   struct date today, struct date *due)
{
	struct date none = {0};

	*due = none;
	if (!required)
		return CONF_NOT_REQUIRED;
	if (date_is_set(s->signed_end) && date_cmp(s->signed_end, today) >= 0) {
		*due = s->signed_end;
		return day_number(s->signed_end) - day_number(today) <=
			       CONFIRMATION_EXPIRING_DAYS
			   ? CONF_EXPIRING
			   : CONF_SIGNED;
	}
	if (date_is_set(s->pending_start)) {
		*due = s->pending_start;
		return CONF_PENDING;
	}
	if (s->count) {
		*due = later(s->signed_end, s->pending_end);
		return CONF_EXPIRED;
	}
	*due = today;
	return CONF_MISSING;
}
