#include "domain/placement.h"

#include <string.h>

#include "util/banned.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))

static const struct placement_code inst_kinds[] = {
    {"protection", "未成年人救助保护机构", "minors' protection institution"},
    {"welfare", "儿童福利机构", "children's welfare institution"},
    {"regional_welfare", "区域性儿童福利机构",
     "regional children's welfare institution"},
    {"other", "其他", "other"},
};

static const struct placement_code kinds[] = {
    {"temporary_guardianship", "临时监护", "temporary guardianship"},
    {"entrusted_upbringing", "委托代养", "entrusted upbringing"},
    {"court_revocation_support", "支持起诉撤销监护人资格",
     "support for a court application to revoke guardianship"},
    {"long_term_guardianship", "长期监护", "long-term guardianship"},
};

static const struct placement_code settings[] = {
    {"institution", "在救助保护机构或福利机构", "in the institution"},
    {"relatives", "亲属抚养", "with relatives"},
    {"foster", "家庭寄养", "foster family"},
};

static const struct placement_code ends[] = {
    {"returned_home", "经评估送回监护人", "returned to the guardian"},
    {"transferred", "转移安置", "transferred"},
    {"entrusted", "转为委托代养", "entrusted upbringing"},
    {"long_term", "转为长期监护", "long-term guardianship"},
    {"adult", "年满十八周岁", "came of age"},
    {"other", "其他", "other"},
};

static const struct placement_code court_statuses[] = {
    {"preparing", "准备材料", "preparing"},
    {"filed", "已起诉", "filed"},
    {"hearing", "审理中", "in hearing"},
    {"revoked", "已判决撤销", "guardianship revoked"},
    {"rejected", "驳回", "rejected"},
    {"withdrawn", "撤回", "withdrawn"},
};

/* 未成年人保护法 (2020) 第九十二条 */
static const struct placement_code art92[] = {
    {"begging_or_unidentified",
     "流浪乞讨或者身份不明，暂时查找不到父母或者其他监护人",
     "begging or unidentified, parents or other guardians not yet found"},
    {"guardian_missing", "监护人下落不明且无其他人可以担任监护人",
     "guardian missing and no one else can be guardian"},
    {"guardian_unable",
     "监护人因自身客观原因或者因发生自然灾害、事故灾难、公共卫生事件等突发"
     "事件不能履行监护职责，导致未成年人监护缺失",
     "guardian cannot act for objective reasons or an emergency, leaving "
     "the child without guardianship"},
    {"guardian_refuses",
     "监护人拒绝或者怠于履行监护职责，导致未成年人处于无人照料的状态",
     "guardian refuses or neglects the duty, leaving the child unattended"},
    {"guardian_instigates",
     "监护人教唆、利用未成年人实施违法犯罪行为，未成年人需要被带离安置",
     "guardian makes the child commit offences; the child must be removed"},
    {"serious_harm",
     "未成年人遭受监护人严重伤害或者面临人身安全威胁，需要被紧急安置",
     "seriously harmed or threatened by the guardian; emergency placement"},
    {"other_law", "法律规定的其他情形", "other cases the law provides"},
};

/* 未成年人保护法 (2020) 第九十四条 */
static const struct placement_code art94[] = {
    {"parents_not_found", "查找不到未成年人的父母或者其他监护人",
     "parents or other guardians cannot be found"},
    {"guardian_dead", "监护人死亡或者被宣告死亡且无其他人可以担任监护人",
     "guardian dead or declared dead and no one else can be guardian"},
    {"guardian_incapable", "监护人丧失监护能力且无其他人可以担任监护人",
     "guardian lost capacity and no one else can be guardian"},
    {"court_designated", "人民法院判决撤销监护人资格并指定由民政部门担任监护人",
     "court revoked the guardian and designated civil affairs"},
    {"other_law", "法律规定的其他情形", "other cases the law provides"},
};

const struct placement_code *institution_kinds(size_t *n)
{
	*n = N(inst_kinds);
	return inst_kinds;
}

const struct placement_code *placement_kinds(size_t *n)
{
	*n = N(kinds);
	return kinds;
}

const struct placement_code *placement_settings(size_t *n)
{
	*n = N(settings);
	return settings;
}

const struct placement_code *placement_end_reasons(size_t *n)
{
	*n = N(ends);
	return ends;
}

const struct placement_code *placement_court_statuses(size_t *n)
{
	*n = N(court_statuses);
	return court_statuses;
}

const struct placement_code *placement_reasons(enum placement_kind k, size_t *n)
{
	if (k == PK_TEMPORARY) {
		*n = N(art92);
		return art92;
	}
	if (k == PK_LONG_TERM) {
		*n = N(art94);
		return art94;
	}
	*n = 0;
	return NULL;
}

int placement_code_index(const struct placement_code *t, size_t n,
			 const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (!strcmp(t[i].id, id))
			return (int)i;
	return -1;
}

bool placement_kind_has_reasons(enum placement_kind k)
{
	return k == PK_TEMPORARY || k == PK_LONG_TERM;
}

bool placement_return_ok(enum assess_outcome outcome, struct date assessed,
			 struct date start, struct date end)
{
	return outcome == AO_GOOD && date_valid(assessed) &&
	       date_cmp(assessed, start) >= 0 && date_cmp(assessed, end) <= 0;
}
