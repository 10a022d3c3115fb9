#include "domain/case.h"

#include <string.h>

#include "util/banned.h"

struct stage_info {
	const char *name;
	const char *zh;
};

static const struct stage_info stages[CASE_STAGE_COUNT] = {
    [STAGE_RECEIVED] = {"received", "受理"},
    [STAGE_EMERGENCY] = {"emergency", "应急处置"},
    [STAGE_ASSESSMENT] = {"assessment", "评估"},
    [STAGE_ASSISTANCE] = {"assistance", "帮扶"},
    [STAGE_FOLLOW_UP] = {"follow_up", "跟踪"},
    [STAGE_CLOSED] = {"closed", "结案"},
};

const char *case_stage_name(enum case_stage s)
{
	return s >= 0 && s < CASE_STAGE_COUNT ? stages[s].name : "unknown";
}

const char *case_stage_zh(enum case_stage s)
{
	return s >= 0 && s < CASE_STAGE_COUNT ? stages[s].zh : "";
}

enum case_stage case_stage_from_name(const char *name)
{
	for (int i = 0; name && i < CASE_STAGE_COUNT; i++)
		if (!strcmp(stages[i].name, name))
			return (enum case_stage)i;
	return CASE_STAGE_COUNT;
}

static bool in_list(const char *s, const char *const *list)
{
	for (int i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

bool case_source_valid(const char *source)
{
	static const char *const l[] = {"report", "hotline", "visit", "dossier",
					NULL};
	return in_list(source, l);
}

bool case_urgency_valid(const char *urgency)
{
	static const char *const l[] = {"immediate", "urgent", "normal", NULL};
	return in_list(urgency, l);
}

bool case_safety_valid(const char *safety)
{
	static const char *const l[] = {"with_guardian", "with_relatives",
					"temporary_guardianship", NULL};
	return in_list(safety, l);
}

bool case_police_ack_valid(const char *kind)
{
	static const char *const l[] = {"accepted", "filed", "transferred",
					NULL};
	return in_list(kind, l);
}

bool case_closure_reason_valid(const char *reason)
{
	static const char *const l[] = {"resolved", "unfounded", "transferred",
					"aged_out", "moved",	 "deceased",
					"other",    NULL};
	return in_list(reason, l);
}

#define R(x) (1u << (x))

/* who moves a case out of each stage (to the next one) */
static const unsigned forward_owners[CASE_STAGE_COUNT] = {
    /* the police or the protection institution secure the child */
    [STAGE_RECEIVED] = R(ROLE_PROTECTION) | R(ROLE_POLICE),
    /* the protection institution assesses */
    [STAGE_EMERGENCY] = R(ROLE_PROTECTION),
    [STAGE_ASSESSMENT] = R(ROLE_PROTECTION),
    /* the plan is followed by the institution or the county */
    [STAGE_ASSISTANCE] = R(ROLE_PROTECTION) | R(ROLE_COUNTY_CIVIL),
    [STAGE_FOLLOW_UP] = 0, /* only closure leaves follow-up */
    [STAGE_CLOSED] = 0,
};
/* closure is approved by the county; a closed case reopened by either */
static const unsigned close_owners = R(ROLE_COUNTY_CIVIL);
static const unsigned reopen_owners = R(ROLE_PROTECTION) | R(ROLE_COUNTY_CIVIL);

bool case_stage_owner(enum case_stage from, enum case_stage to, enum role role)
{
	unsigned set;

	if (from < 0 || from >= CASE_STAGE_COUNT || to < 0 ||
	    to >= CASE_STAGE_COUNT || role < 0 || role >= ROLE_COUNT)
		return false;
	if (from == STAGE_CLOSED)
		set = to == STAGE_ASSESSMENT ? reopen_owners : 0;
	else if (to == STAGE_CLOSED)
		set = close_owners;
	else
		set = to == from + 1 ? forward_owners[from] : 0;
	return (set & R(role)) != 0;
}

static enum case_move_result no(enum case_move_result r, const char *msg,
				const char *c, const char **why,
				const char **code)
{
	*why = msg;
	*code = c;
	return r;
}

enum case_move_result case_move_check(const struct case_facts *f,
				      const struct case_move *m,
				      const char **why, const char **code)
{
	enum case_stage from = f->stage;
	bool edge;

	*why = "";
	*code = "";
	if (m->to < 0 || m->to >= CASE_STAGE_COUNT)
		return no(MOVE_BAD_INPUT, "未知的阶段（unknown stage）",
			  "bad_stage", why, code);
	if (from == STAGE_CLOSED)
		edge = m->to == STAGE_ASSESSMENT;
	else
		edge = m->to == STAGE_CLOSED || m->to == from + 1;
	if (!edge)
		return no(
		    MOVE_OUT_OF_ORDER,
		    "个案只能进入下一阶段，或经批准结案、重新开启（a case "
		    "moves to the next stage only, is closed on approval "
		    "or reopened into assessment）",
		    "stage_order", why, code);
	if (!case_stage_owner(from, m->to, m->role))
		return no(MOVE_WRONG_ROLE,
			  "本阶段不由您的角色办理（this stage belongs to "
			  "another role）",
			  "stage_role", why, code);
	if (m->to == STAGE_CLOSED) {
		if (!f->closure_requested)
			return no(MOVE_OUT_OF_ORDER,
				  "尚未提出结案申请（closure has not been "
				  "requested）",
				  "closure_not_requested", why, code);
		if (f->requested_by == m->actor)
			return no(MOVE_WRONG_ROLE,
				  "结案申请须由他人批准（closure must be "
				  "approved by someone other than who asked）",
				  "closure_self_approval", why, code);
		return MOVE_OK;
	}
	if (from == STAGE_RECEIVED && !f->protection_acknowledged)
		return no(MOVE_OUT_OF_ORDER,
			  "未成年人救助保护机构尚未受理（the protection "
			  "institution has not acknowledged the case）",
			  "not_acknowledged", why, code);
	if (from == STAGE_EMERGENCY && !case_safety_valid(m->safety))
		return no(
		    MOVE_BAD_INPUT,
		    "请说明儿童安全如何得到保障：随监护人、随亲属或临时监护"
		    "（say how the child's safety was secured: "
		    "with_guardian, with_relatives or "
		    "temporary_guardianship）",
		    "safety_required", why, code);
	if (from == STAGE_EMERGENCY &&
	    !strcmp(m->safety, "temporary_guardianship") &&
	    !f->temporary_placement)
		return no(
		    MOVE_OUT_OF_ORDER,
		    "儿童由民政部门临时监护的，请先在“监护干预”中登记临时监护安"
		    "置"
		    "（写明《未成年人保护法》第九十二条的情形）（record the "
		    "temporary guardianship placement with its Art. 92 "
		    "reasons first）",
		    "placement_missing", why, code);
	if (from == STAGE_ASSESSMENT && !f->assessed)
		return no(MOVE_OUT_OF_ORDER,
			  "尚未完成监护评估（no guardianship assessment is "
			  "recorded）",
			  "assessment_missing", why, code);
	if (from == STAGE_ASSISTANCE && f->plan_items <= 0)
		return no(MOVE_OUT_OF_ORDER,
			  "帮扶计划还没有措施（the assistance plan has no "
			  "measures yet）",
			  "plan_empty", why, code);
	return MOVE_OK;
}

bool case_assessment_outcome_valid(const char *outcome)
{
	static const char *const l[] = {"good", "insufficient", "failed", NULL};
	return in_list(outcome, l);
}

struct action_rule {
	unsigned roles;	 /* who may */
	unsigned stages; /* in which stages (bits of enum case_stage) */
};

#define OPEN_STAGES                                                            \
	(R(STAGE_RECEIVED) | R(STAGE_EMERGENCY) | R(STAGE_ASSESSMENT) |        \
	 R(STAGE_ASSISTANCE) | R(STAGE_FOLLOW_UP))

static const struct action_rule action_rules[CASE_ACTION_COUNT] = {
    /* the plan is made from the assessment on and kept up in follow-up by
     * the whole case team */
    [CASE_ACT_PLAN] = {R(ROLE_PROTECTION) | R(ROLE_POLICE) |
			   R(ROLE_COUNTY_CIVIL),
		       R(STAGE_ASSESSMENT) | R(STAGE_ASSISTANCE) |
			   R(STAGE_FOLLOW_UP)},
    /* the case worker asks for closure (the county may too, but then
     * someone else approves: case_move_check refuses self-approval) */
    [CASE_ACT_CLOSURE_REQUEST] = {R(ROLE_PROTECTION) | R(ROLE_POLICE) |
				      R(ROLE_COUNTY_CIVIL),
				  OPEN_STAGES},
    [CASE_ACT_CLOSURE_WITHDRAW] = {R(ROLE_PROTECTION) | R(ROLE_POLICE) |
				       R(ROLE_COUNTY_CIVIL),
				   OPEN_STAGES},
    /* the county, who approves closure, may also turn it down */
    [CASE_ACT_CLOSURE_DECLINE] = {R(ROLE_COUNTY_CIVIL), OPEN_STAGES},
};

enum case_move_result case_action_check(const struct case_facts *f,
					enum case_action a, enum role role,
					long long actor, const char **why,
					const char **code)
{
	const struct action_rule *r;

	*why = "";
	*code = "";
	if (a < 0 || a >= CASE_ACTION_COUNT || role < 0 || role >= ROLE_COUNT)
		return no(MOVE_WRONG_ROLE, "不允许的操作（not allowed）",
			  "case_action", why, code);
	r = &action_rules[a];
	if (!(r->roles & R(role)))
		return no(MOVE_WRONG_ROLE,
			  "这项工作不由您的角色办理（this belongs to "
			  "another role）",
			  "case_role", why, code);
	if (f->stage == STAGE_CLOSED)
		return no(MOVE_OUT_OF_ORDER, "个案已结案（the case is closed）",
			  "case_closed", why, code);
	if (f->stage < 0 || f->stage >= CASE_STAGE_COUNT ||
	    !(r->stages & R(f->stage)))
		return no(MOVE_OUT_OF_ORDER,
			  a == CASE_ACT_PLAN
			      ? "帮扶计划只能在评估、帮扶和跟踪阶段制定（the "
				"plan is kept in the assessment, assistance "
				"and follow-up stages）"
			      : "个案当前阶段不能办理此事（not in this "
				"stage of the case）",
			  a == CASE_ACT_PLAN ? "plan_stage" : "case_stage", why,
			  code);
	switch (a) {
	case CASE_ACT_CLOSURE_REQUEST:
		if (f->closure_requested)
			return no(MOVE_OUT_OF_ORDER,
				  "已提出结案申请（closure is already "
				  "requested）",
				  "closure_requested", why, code);
		break;
	case CASE_ACT_CLOSURE_WITHDRAW:
	case CASE_ACT_CLOSURE_DECLINE:
		if (!f->closure_requested)
			return no(MOVE_OUT_OF_ORDER,
				  "尚未提出结案申请（closure has not been "
				  "requested）",
				  "closure_not_requested", why, code);
		if (a == CASE_ACT_CLOSURE_WITHDRAW && f->requested_by != actor)
			return no(MOVE_WRONG_ROLE,
				  "只能撤回自己的结案申请（only who asked "
				  "may withdraw the request）",
				  "closure_not_yours", why, code);
		break;
	default: break;
	}
	return MOVE_OK;
}
