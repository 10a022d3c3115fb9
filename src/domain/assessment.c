#include "domain/assessment.h"

#include <string.h>

#include "util/banned.h"

/*
 * The items. Wording follows the usual county practice of 监护评估 (the
 * guardian's capacity, willingness and conditions; the child's needs and
 * wishes, issue 6); the scores are local defaults like the thresholds.
 */
static const struct assess_item items[] = {
    {"guardian_health", AG_CAPACITY, 2, false, "监护人身体状况",
     "guardian's health", "重病或残疾，无法照料",
     "seriously ill or disabled, cannot care", "健康，能照料",
     "healthy, able to care"},
    {"guardian_capacity", AG_CAPACITY, 2, true, "监护人年龄与行为能力",
     "guardian's age and legal capacity", "无民事行为能力或年迈无力",
     "no legal capacity or too old to care", "具备完全监护能力", "fully able"},
    {"understands_needs", AG_CAPACITY, 3, false, "对儿童需求的了解",
     "understanding of the child's needs", "完全不了解", "none",
     "充分了解并能回应", "understands and responds well"},
    {"attitude", AG_WILLINGNESS, 3, true, "监护意愿与态度",
     "willingness and attitude", "拒绝履行监护职责",
     "refuses to act as guardian", "积极主动", "willing and active"},
    {"no_neglect_abuse", AG_WILLINGNESS, 3, true, "有无忽视、虐待史",
     "history of neglect or abuse", "存在虐待或严重伤害",
     "abuse or serious harm", "从无忽视、虐待", "never neglected or abused"},
    {"income", AG_CONDITIONS, 2, false, "家庭经济收入", "family income",
     "无稳定收入", "no steady income", "收入能保障基本生活",
     "income covers basic needs"},
    {"housing", AG_CONDITIONS, 2, false, "居住条件", "housing", "无安全住所",
     "no safe home", "住房安全适宜", "safe, suitable home"},
    {"time_available", AG_CONDITIONS, 2, false, "照料时间", "time for care",
     "几乎没有时间照料", "almost no time", "有充足时间照料", "enough time"},
    {"support_network", AG_CONDITIONS, 2, false, "亲属与社会支持",
     "support from relatives and community", "无任何支持", "none", "支持充分",
     "well supported"},
    {"child_health", AG_NEEDS, 2, false, "儿童健康需求得到满足",
     "child's health needs met", "未得到满足", "not met", "充分满足",
     "fully met"},
    {"child_schooling", AG_NEEDS, 2, false, "儿童教育需求得到满足",
     "child's schooling needs met", "失学或辍学", "out of school", "正常入学",
     "in school"},
    {"child_psychological", AG_NEEDS, 2, false, "儿童心理需求得到满足",
     "child's psychological needs met", "明显心理问题未获关注",
     "clear problems unattended", "心理状况良好", "doing well"},
    {"child_heard", AG_WISHES, 2, false, "儿童意见已听取",
     "the child was heard", "未听取", "not heard", "充分听取", "fully heard"},
    {"child_wishes", AG_WISHES, 2, false, "儿童愿意由该监护人照料",
     "the child wishes to live with this guardian", "不愿意或害怕",
     "does not wish to, or is afraid", "愿意", "wishes to"},
};

#define NITEMS (sizeof(items) / sizeof(items[0]))

static const char *const group_ids[AG_COUNT] = {
    "capacity", "willingness", "conditions", "needs", "wishes"};
static const char *const group_zh[AG_COUNT] = {
    "监护能力", "监护意愿", "监护条件", "儿童需求", "儿童意愿"};
static const char *const group_en[AG_COUNT] = {
    "guardian's capacity", "guardian's willingness", "conditions",
    "child's needs", "child's wishes"};
static const char *const outcome_ids[AO_COUNT] = {"good", "insufficient",
						  "failed"};
static const char *const outcome_zh[AO_COUNT] = {"监护良好", "监护不足",
						 "监护缺失或侵害"};

const struct assess_item *assess_items(size_t *count)
{
	*count = NITEMS;
	return items;
}

int assess_item_index(const char *id)
{
	for (size_t i = 0; id && i < NITEMS; i++)
		if (!strcmp(items[i].id, id))
			return (int)i;
	return -1;
}

const char *assess_group_id(enum assess_group g)
{
	return g >= 0 && g < AG_COUNT ? group_ids[g] : "";
}

const char *assess_group_zh(enum assess_group g)
{
	return g >= 0 && g < AG_COUNT ? group_zh[g] : "";
}

const char *assess_group_en(enum assess_group g)
{
	return g >= 0 && g < AG_COUNT ? group_en[g] : "";
}

const char *assess_outcome_id(enum assess_outcome o)
{
	return o >= 0 && o < AO_COUNT ? outcome_ids[o] : "";
}

const char *assess_outcome_zh(enum assess_outcome o)
{
	return o >= 0 && o < AO_COUNT ? outcome_zh[o] : "";
}

enum assess_outcome assess_outcome_from(const char *id)
{
	for (int i = 0; id && i < AO_COUNT; i++)
		if (!strcmp(outcome_ids[i], id))
			return (enum assess_outcome)i;
	return AO_COUNT;
}

int assess_max_total(void)
{
	int t = 0;

	for (size_t i = 0; i < NITEMS; i++)
		t += items[i].max;
	return t;
}

bool assess_score(const int *scores, size_t n, struct assess_result *out,
		  size_t *bad)
{
	memset(out, 0, sizeof(*out));
	if (n != NITEMS) {
		*bad = n < NITEMS ? n : NITEMS;
		return false;
	}
	for (size_t i = 0; i < NITEMS; i++) {
		if (scores[i] < 0 || scores[i] > items[i].max) {
			*bad = i;
			return false;
		}
		out->total += scores[i];
		if (items[i].red_flag && scores[i] == 0)
			out->red_flags++;
	}
	if (out->red_flags || out->total < ASSESS_INSUFFICIENT_MIN)
		out->outcome = AO_FAILED;
	else if (out->total < ASSESS_GOOD_MIN)
		out->outcome = AO_INSUFFICIENT;
	else
		out->outcome = AO_GOOD;
	return true;
}
