#include "domain/case_plan.h"

#include <string.h>

#include "util/banned.h"

struct measure {
	const char *id, *zh, *en;
};

static const struct measure measures[] = {
    {"living", "生活照料", "daily care and living"},
    {"medical", "医疗救治", "medical treatment"},
    {"schooling", "就学保障", "schooling"},
    {"psychological", "心理疏导", "psychological support"},
    {"legal_aid", "法律援助", "legal aid"},
    {"social_assistance", "社会救助申请", "social assistance application"},
    {"guardianship_guidance", "监护指导", "guardianship guidance"},
    {"family_education", "家庭教育指导", "family education guidance"},
    {"rehabilitation", "康复服务", "rehabilitation"},
    {"other", "其他", "other"},
};

#define NMEASURES ((int)(sizeof(measures) / sizeof(measures[0])))

int case_measure_count(void)
{
	return NMEASURES;
}

const char *case_measure_id(int i)
{
	return i >= 0 && i < NMEASURES ? measures[i].id : NULL;
}

static const struct measure *measure_of(const char *id)
{
	for (int i = 0; id && i < NMEASURES; i++)
		if (!strcmp(measures[i].id, id))
			return &measures[i];
	return NULL;
}

const char *case_measure_zh(const char *id)
{
	const struct measure *m = measure_of(id);

	return m ? m->zh : "";
}

const char *case_measure_en(const char *id)
{
	const struct measure *m = measure_of(id);

	return m ? m->en : "";
}

bool case_measure_valid(const char *id)
{
	return measure_of(id) != NULL;
}

static const char *const statuses[PLAN_STATUS_COUNT] = {
    [PLAN_OPEN] = "open",
    [PLAN_DONE] = "done",
    [PLAN_CANCELLED] = "cancelled",
};

const char *plan_status_name(enum plan_status s)
{
	return s >= 0 && s < PLAN_STATUS_COUNT ? statuses[s] : "unknown";
}

enum plan_status plan_status_from_name(const char *name)
{
	for (int i = 0; name && i < PLAN_STATUS_COUNT; i++)
		if (!strcmp(statuses[i], name))
			return (enum plan_status)i;
	return PLAN_STATUS_COUNT;
}

bool plan_status_change_ok(enum plan_status from, enum plan_status to)
{
	return from == PLAN_OPEN && (to == PLAN_DONE || to == PLAN_CANCELLED);
}

bool plan_item_overdue(enum plan_status s, struct date due, struct date today)
{
	return s == PLAN_OPEN && date_valid(due) && date_valid(today) &&
	       date_cmp(today, due) > 0;
}

bool plan_due_ok(const char *text, struct date today, struct date *out,
		 const char **code, const char **why)
{
	if (!text || !date_parse(text, strlen(text), out)) {
		*code = "bad_due_date";
		*why = "完成期限应为 YYYY-MM-DD 格式的日期（the due date must "
		       "be a date YYYY-MM-DD）";
		return false;
	}
	if (date_cmp(*out, today) < 0) {
		*code = "due_date_past";
		*why = "完成期限不能早于今天（the due date cannot be in the "
		       "past）";
		return false;
	}
	if (date_days_between(today, *out) > PLAN_DUE_MAX_DAYS) {
		*code = "due_date_far";
		*why = "完成期限不能超过两年（the due date is more than two "
		       "years ahead）";
		return false;
	}
	return true;
}

bool conference_day_ok(const char *text, struct date today, struct date *out)
{
	return text && date_parse(text, strlen(text), out) &&
	       date_cmp(*out, today) <= 0;
}
