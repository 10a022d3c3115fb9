#include "auth/permissions.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

struct role_info {
	const char *name;
	const char *zh;
	int scope_level; /* 0: any */
	bool admin;
	bool totp;
};

static const struct role_info roles[ROLE_COUNT] = {
    [ROLE_NONE] = {"none", "待分配角色", 0, false, false},
    [ROLE_DIRECTOR] = {"director", "儿童主任", 5, false, false},
    [ROLE_SUPERVISOR] = {"supervisor", "儿童督导员", 4, false, false},
    [ROLE_PROTECTION] = {"protection", "未成年人救助保护机构", 3, false, false},
    [ROLE_WELFARE] = {"welfare", "儿童福利机构", 3, false, false},
    [ROLE_COUNTY_CIVIL] = {"county_civil", "区县民政局", 3, false, true},
    [ROLE_CITY_CIVIL] = {"city_civil", "市民政局", 0, false, true},
    [ROLE_REPORTER] = {"reporter", "强制报告单位", 0, false, false},
    [ROLE_POLICE] = {"police", "公安", 3, false, false},
    [ROLE_EDUCATION] = {"education", "教育", 3, false, false},
    [ROLE_JUSTICE] = {"justice", "司法", 3, false, false},
    [ROLE_HRSS] = {"hrss", "人社", 3, false, false},
    [ROLE_DISABILITY] = {"disability", "残联", 3, false, false},
    [ROLE_WOMEN_FED] = {"women_fed", "妇联", 3, false, false},
    [ROLE_HOTLINE] = {"hotline", "未成年人保护专线", 0, false, false},
    [ROLE_SOCIAL_ORG] = {"social_org", "社会组织", 0, false, false},
    [ROLE_SYSADMIN] = {"sysadmin", "系统管理员", 0, true, true},
    [ROLE_SECADMIN] = {"secadmin", "安全管理员", 0, true, true},
    [ROLE_AUDITOR] = {"auditor", "安全审计员", 0, true, true},
};

struct action_info {
	const char *name;
	const char *zh;
};

static const struct action_info actions[ACT_COUNT] = {
    [ACT_NONE] = {"none", "无"},
    [ACT_SELF] = {"self", "本人会话、密码与动态口令"},
    [ACT_PLACE_READ] = {"place.read", "查看辖区页面（人员与统计）"},
    [ACT_ACCOUNT_READ] = {"account.read", "查看辖区内账号"},
    [ACT_ACCOUNT_MANAGE] = {"account.manage",
			    "创建、停用、解锁账号，重置密码，撤销会话"},
    [ACT_ACCOUNT_ASSIGN] = {"account.assign", "分配角色与辖区"},
    [ACT_AUDIT_READ] = {"audit.read", "查阅与校验审计日志"},
    [ACT_CHILD_READ] = {"child.read", "查看辖区内儿童档案（脱敏）"},
    [ACT_CHILD_WRITE] = {"child.write", "登记与更新辖区内儿童档案"},
    [ACT_CHILD_UNMASK] = {"child.unmask", "查看完整身份证号与电话（留痕）"},
    [ACT_CHILD_MERGE] = {"child.merge", "确认合并或排除疑似重复档案"},
    [ACT_VISIT_READ] = {"visit.read", "查看辖区内儿童的走访记录"},
    [ACT_VISIT_WRITE] = {"visit.write", "记录走访、委托监护确认书"},
    [ACT_VISIT_CORRECT] = {"visit.correct",
			   "更正超过7天的走访记录（保留原记录）"},
    [ACT_VISIT_PHOTO] = {"visit.photo", "查看走访照片与签字扫描件"},
    [ACT_WORKLIST_READ] = {"worklist.read", "工作清单、履职情况与提醒"},
    [ACT_SCHEDULE_MANAGE] = {"schedule.manage", "调整本辖区走访频次"},
    [ACT_CENTRE_READ] = {"centre.read", "查看儿童之家及其活动"},
    [ACT_CENTRE_WRITE] = {"centre.write", "维护儿童之家、记录活动"},
    [ACT_CASE_READ] = {"case.read", "查看辖区内的个案及其进程"},
    [ACT_CASE_WRITE] = {"case.write", "受理个案、推进阶段、记录进展"},
    /* referrals between departments and notices (issue 6, referrals) */
    [ACT_REFERRAL_READ] = {"referral.read",
			   "查看辖区内儿童的转介，或本部门转介收件箱"},
    [ACT_REFERRAL_CREATE] = {"referral.create", "向有关部门转介辖区内儿童"},
    [ACT_REFERRAL_ANSWER] = {"referral.answer",
			     "答复转给本部门的转介（接收、办结、退回）"},
    [ACT_REFERRAL_BOARD] = {"referral.board", "查看区县跨部门转介看板"},
    [ACT_NOTICE_POLICE] = {"notice.police", "公安：登记父母失联（受案日期）"},
    [ACT_NOTICE_JUSTICE] = {"notice.justice",
			    "司法：通报服刑或强制隔离戒毒人员的未成年子女"},
    /* guardianship intervention (issue 6) */
    [ACT_INSTITUTION_READ] = {"institution.read",
			      "查看辖区内救助保护机构与儿童福利机构"},
    [ACT_INSTITUTION_WRITE] = {"institution.write",
			       "维护救助保护机构与儿童福利机构名录"},
    [ACT_INTERVENTION_READ] = {"intervention.read",
			       "查看儿童的监护干预安置与监护评估"},
    [ACT_INTERVENTION_WRITE] = {"intervention.write",
				"登记临时监护等安置、结束安置、监护评估"},
    [ACT_REPORT_CREATE] = {"report.create", "提交强制报告"},
    [ACT_REPORT_READ] = {"report.read",
			 "查看本单位报告的状态；个案团队查看辖区内报告"},
    [ACT_HOTLINE] = {"hotline.handle", "未成年人保护专线接听、分派与回访"},
    [ACT_NOTIFICATION_READ] = {"notification.read", "查看本人的站内提醒"},
};

#define R(x) (1u << (x))
#define WORKERS                                                                \
	(R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) | R(ROLE_PROTECTION) |          \
	 R(ROLE_WELFARE) | R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL) |         \
	 R(ROLE_POLICE) | R(ROLE_EDUCATION) | R(ROLE_JUSTICE) | R(ROLE_HRSS) | \
	 R(ROLE_DISABILITY) | R(ROLE_WOMEN_FED) | R(ROLE_HOTLINE) |            \
	 R(ROLE_SOCIAL_ORG))
#define EVERYONE ((R(ROLE_COUNT) - 1))
/* referrals (issue 6): who sends, who receives */
#define REFERRAL_SENDERS                                                       \
	(R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) | R(ROLE_PROTECTION) |          \
	 R(ROLE_COUNTY_CIVIL) | R(ROLE_HOTLINE))
#define REFERRAL_DEPTS                                                         \
	(R(ROLE_EDUCATION) | R(ROLE_POLICE) | R(ROLE_JUSTICE) | R(ROLE_HRSS) | \
	 R(ROLE_DISABILITY) | R(ROLE_WOMEN_FED) | R(ROLE_SOCIAL_ORG))

/*
 * THE permission matrix: which roles may take each action. Separation of
 * duties (等保2.0 三员分立): sysadmin manages accounts but reads no child
 * data and no audit; secadmin assigns roles and scopes; auditor reads the
 * audit log and nothing else.
 */
static const unsigned matrix[ACT_COUNT] = {
    [ACT_NONE] = 0,
    [ACT_SELF] = EVERYONE,
    [ACT_PLACE_READ] = WORKERS,
    [ACT_ACCOUNT_READ] = R(ROLE_SYSADMIN) | R(ROLE_SECADMIN),
    [ACT_ACCOUNT_MANAGE] = R(ROLE_SYSADMIN),
    [ACT_ACCOUNT_ASSIGN] = R(ROLE_SECADMIN),
    [ACT_AUDIT_READ] = R(ROLE_AUDITOR),
    /* the registry: who keeps it, who oversees it, who acts on it */
    [ACT_CHILD_READ] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) |
		       R(ROLE_PROTECTION) | R(ROLE_WELFARE) |
		       R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL) |
		       R(ROLE_POLICE),
    [ACT_CHILD_WRITE] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR),
    [ACT_CHILD_UNMASK] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) |
			 R(ROLE_PROTECTION) | R(ROLE_POLICE),
    /* the township supervisor confirms merges (一人一档) */
    [ACT_CHILD_MERGE] = R(ROLE_SUPERVISOR),
    /* visits: the director and supervisor keep them; those who act on
     * the child read them; photos stay with the child's case team */
    [ACT_VISIT_READ] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) |
		       R(ROLE_PROTECTION) | R(ROLE_COUNTY_CIVIL) |
		       R(ROLE_CITY_CIVIL),
    [ACT_VISIT_WRITE] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR),
    [ACT_VISIT_CORRECT] = R(ROLE_SUPERVISOR),
    [ACT_VISIT_PHOTO] =
	R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) | R(ROLE_PROTECTION),
    [ACT_WORKLIST_READ] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) |
			  R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_SCHEDULE_MANAGE] = R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_CENTRE_READ] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR) |
			R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_CENTRE_WRITE] = R(ROLE_DIRECTOR) | R(ROLE_SUPERVISOR),
    /* cases: the county's case team acts; the city oversees */
    [ACT_CASE_READ] = R(ROLE_PROTECTION) | R(ROLE_POLICE) |
		      R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_CASE_WRITE] =
	R(ROLE_PROTECTION) | R(ROLE_POLICE) | R(ROLE_COUNTY_CIVIL),
    /* referrals and notices (issue 6, referrals): the child's case team
     * and the registry's keepers refer and follow; the receiving
     * departments read their own inbox only (the service narrows it) and
     * answer; the county and city watch the board */
    [ACT_REFERRAL_READ] =
	REFERRAL_SENDERS | R(ROLE_CITY_CIVIL) | REFERRAL_DEPTS,
    [ACT_REFERRAL_CREATE] = REFERRAL_SENDERS,
    [ACT_REFERRAL_ANSWER] = REFERRAL_DEPTS,
    [ACT_REFERRAL_BOARD] = R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_NOTICE_POLICE] = R(ROLE_POLICE),
    [ACT_NOTICE_JUSTICE] = R(ROLE_JUSTICE),
    /* guardianship intervention (issue 6): civil affairs keeps the
     * institutions; those who place or raise children read them. The
     * protection institution and county civil affairs place and assess
     * (临时监护, 监护评估); the case team reads: welfare (it raises the
     * children entrusted to it), the city, and the township supervisor
     * who supervises guardians (P3.2). Directors and police are not
     * given the assessments: they reach them through a case. */
    [ACT_INSTITUTION_READ] = R(ROLE_PROTECTION) | R(ROLE_WELFARE) |
			     R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_INSTITUTION_WRITE] = R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_INTERVENTION_READ] = R(ROLE_PROTECTION) | R(ROLE_WELFARE) |
			      R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL) |
			      R(ROLE_SUPERVISOR),
    [ACT_INTERVENTION_WRITE] = R(ROLE_PROTECTION) | R(ROLE_COUNTY_CIVIL),
    /* reports (issue 6): whoever sees harm reports it (reporting units,
     * directors and supervisors, hotline operators); the case team and
     * the police of the county read them, the city oversees (no
     * narrative, no reporter identity: the service decides); every
     * worker and reporter reads their own notifications */
    [ACT_REPORT_CREATE] = R(ROLE_REPORTER) | R(ROLE_DIRECTOR) |
			  R(ROLE_SUPERVISOR) | R(ROLE_HOTLINE),
    [ACT_REPORT_READ] = R(ROLE_REPORTER) | R(ROLE_DIRECTOR) |
			R(ROLE_SUPERVISOR) | R(ROLE_HOTLINE) |
			R(ROLE_PROTECTION) | R(ROLE_POLICE) |
			R(ROLE_COUNTY_CIVIL) | R(ROLE_CITY_CIVIL),
    [ACT_HOTLINE] = R(ROLE_HOTLINE),
    [ACT_NOTIFICATION_READ] = WORKERS | R(ROLE_REPORTER),
};

const char *role_name(enum role r)
{
	return r >= 0 && r < ROLE_COUNT ? roles[r].name : "unknown";
}

enum role role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!strcmp(roles[i].name, name))
			return (enum role)i;
	return ROLE_COUNT;
}

const char *role_title_zh(enum role r)
{
	return r >= 0 && r < ROLE_COUNT ? roles[r].zh : "";
}

bool role_is_admin(enum role r)
{
	return r >= 0 && r < ROLE_COUNT && roles[r].admin;
}

bool role_requires_totp(enum role r)
{
	return r >= 0 && r < ROLE_COUNT && roles[r].totp;
}

int role_scope_level(enum role r)
{
	return r >= 0 && r < ROLE_COUNT ? roles[r].scope_level : 0;
}

const char *action_name(enum action a)
{
	return a >= 0 && a < ACT_COUNT ? actions[a].name : "unknown";
}

const char *action_title_zh(enum action a)
{
	return a >= 0 && a < ACT_COUNT ? actions[a].zh : "";
}

bool role_may(enum role r, enum action a)
{
	if (r < 0 || r >= ROLE_COUNT || a <= ACT_NONE || a >= ACT_COUNT)
		return false;
	return (matrix[a] & R(r)) != 0;
}

void permissions_markdown(void (*emit)(const char *s, void *ctx), void *ctx)
{
	char line[512];

	emit("# Permissions\n\n"
	     "Generated from `src/auth/permissions.c` by `guanai permissions "
	     "--markdown`; do not edit by hand. CI checks it is current.\n\n"
	     "Access is denied by default: an action no row grants, and a "
	     "route that names no action, are refused. Data actions are also "
	     "limited to the account's scope (a division code prefix).\n\n"
	     "## Roles\n\n| role | 中文 | scope level | second factor |\n"
	     "|---|---|---|---|\n",
	     ctx);
	for (int r = 0; r < ROLE_COUNT; r++) {
		static const char *const levels[] = {
		    "any", "province", "city", "county", "township", "village"};

		snprintf(line, sizeof(line), "| `%s` | %s | %s | %s |\n",
			 roles[r].name, roles[r].zh,
			 levels[roles[r].scope_level],
			 roles[r].totp ? "required" : "optional");
		emit(line, ctx);
	}
	emit("\n## Matrix\n\n| action | 说明 |", ctx);
	for (int r = 1; r < ROLE_COUNT; r++) {
		snprintf(line, sizeof(line), " %s |", roles[r].name);
		emit(line, ctx);
	}
	emit("\n|---|---|", ctx);
	for (int r = 1; r < ROLE_COUNT; r++)
		emit("---|", ctx);
	emit("\n", ctx);
	for (int a = 1; a < ACT_COUNT; a++) {
		snprintf(line, sizeof(line), "| `%s` | %s |", actions[a].name,
			 actions[a].zh);
		emit(line, ctx);
		for (int r = 1; r < ROLE_COUNT; r++)
			emit(role_may((enum role)r, (enum action)a) ? " ✓ |"
								    : "   |",
			     ctx);
		emit("\n", ctx);
	}
}
