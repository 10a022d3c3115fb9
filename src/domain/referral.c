#include "domain/referral.h"

#include <stddef.h>
#include <string.h>

#include "util/banned.h"

/* data/referral_deadlines.csv: local defaults, to be confirmed */
const struct referral_type referral_types[] = {
    {"education", "dropout_return", 15, "控辍保学劝返"},
    {"education", "home_teaching", 30, "送教上门"},
    {"education", "education_aid", 30, "教育资助"},
    {"education", "priority_boarding", 30, "优先寄宿"},
    {"education", "psychological", 15, "心理辅导"},
    {"police", "household_registration", 30, "户籍登记"},
    {"police", "trace_missing_parent", 30, "查找失联父母"},
    {"police", "investigate", 7, "调查核实"},
    {"justice", "legal_aid", 7, "法律援助"},
    {"justice", "prisoner_children", 15, "服刑人员未成年子女帮扶"},
    {"hrss", "parent_jobs_training", 30, "父母就业培训"},
    {"hrss", "orphan_employment", 30, "孤儿成年后就业"},
    {"disability", "rehabilitation", 30, "残疾儿童康复"},
    {"disability", "special_schooling", 30, "特殊教育（一人一案）"},
    {"women_fed", "family_education", 30, "家庭教育指导"},
    {"social_org", "service", 15, "社会组织服务"},
    {NULL, NULL, 0, NULL},
};

static bool in_list(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

bool referral_dept_ok(const char *dept)
{
	for (int i = 0; dept && referral_types[i].dept; i++)
		if (!strcmp(referral_types[i].dept, dept))
			return true;
	return false;
}

const struct referral_type *referral_type_of(const char *dept, const char *type)
{
	for (int i = 0; dept && type && referral_types[i].dept; i++)
		if (!strcmp(referral_types[i].dept, dept) &&
		    !strcmp(referral_types[i].type, type))
			return &referral_types[i];
	return NULL;
}

bool referral_source_ok(const char *source)
{
	static const char *const sources[] = {
	    "case", "visit", "dossier", "hotline", "notice", "auto", NULL};

	return in_list(sources, source);
}

bool referral_status_ok(const char *status)
{
	static const char *const states[] = {"sent", "accepted", "done",
					     "declined", NULL};

	return in_list(states, status);
}

bool referral_answer_ok(const char *answer)
{
	static const char *const answers[] = {"accepted", "done", "declined",
					      NULL};

	return in_list(answers, answer);
}

bool referral_step_ok(const char *from, const char *to)
{
	static const struct {
		const char *from, *to;
	} steps[] = {
	    {"sent", "accepted"},
	    {"sent", "declined"},
	    {"accepted", "done"},
	    {"accepted", "declined"},
	};

	if (!from || !to)
		return false;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (!strcmp(steps[i].from, from) && !strcmp(steps[i].to, to))
			return true;
	return false;
}

bool referral_overdue(const char *status, struct date due, struct date today)
{
	if (!status || (strcmp(status, "sent") && strcmp(status, "accepted")))
		return false;
	return date_valid(due) && date_cmp(today, due) > 0;
}

struct date referral_default_due(const struct referral_type *t,
				 struct date sent)
{
	return date_add_days(sent, t ? t->days : 30);
}
