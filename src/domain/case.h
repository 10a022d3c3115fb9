/*
 * Cases (个案, POLICY.md P3.3, A1.5): the chain 发现、报告、干预、帮扶 as one
 * record with stages. The stage machine lives here: which stage follows
 * which, which roles own each move and what must be true before it. Pure:
 * no I/O, no clock; the service passes the facts in.
 *
 * Stages, in order: received (受理) → emergency (应急处置) → assessment
 * (评估) → assistance (帮扶) → follow_up (跟踪) → closed (结案). A case
 * moves one stage at a time; any open case may be closed once its closure
 * has been requested (by the case worker) and is approved by the county;
 * a closed case may be reopened into assessment.
 */
#ifndef GA_DOMAIN_CASE_H
#define GA_DOMAIN_CASE_H

#include <stdbool.h>

#include "auth/permissions.h"

#define CASE_NOTE_MAX 2000 /* bytes of a transition's or a note's text */

enum case_stage {
	STAGE_RECEIVED = 0,
	STAGE_EMERGENCY,
	STAGE_ASSESSMENT,
	STAGE_ASSISTANCE,
	STAGE_FOLLOW_UP,
	STAGE_CLOSED,
	CASE_STAGE_COUNT
};

const char *case_stage_name(enum case_stage s);
const char *case_stage_zh(enum case_stage s);
/* CASE_STAGE_COUNT when unknown */
enum case_stage case_stage_from_name(const char *name);

/* what opened the case */
bool case_source_valid(const char *source); /* report, hotline, visit,
					       dossier */
/* immediate (危急), urgent (紧急), normal (一般) */
bool case_urgency_valid(const char *urgency);

/* how the child's safety was secured when emergency handling ends */
bool case_safety_valid(const char *safety); /* with_guardian,
					       with_relatives,
					       temporary_guardianship */

/* police acknowledgement: accepted (受案), filed (立案), transferred (移送) */
bool case_police_ack_valid(const char *kind);

/* closure reasons: resolved, unfounded, transferred, aged_out, moved,
 * deceased, other */
bool case_closure_reason_valid(const char *reason);

/* The facts about a case the moves depend on. */
struct case_facts {
	enum case_stage stage;
	bool protection_acknowledged;
	bool assessed;		/* a guardianship assessment is recorded */
	int plan_items;		/* measures in the assistance plan */
	bool closure_requested; /* by the case worker, not yet decided */
	long long requested_by; /* who asked for the closure */
	/* the child is in an active temporary guardianship placement
	 * (监护干预: the Art. 92 reasons are recorded on it) */
	bool temporary_placement;
};

/* A requested move. */
struct case_move {
	enum case_stage to;
	enum role role;
	long long actor;    /* account id */
	const char *safety; /* when leaving emergency; else NULL */
};

enum case_move_result {
	MOVE_OK = 0,
	MOVE_OUT_OF_ORDER, /* 409: not the next stage, or a fact missing */
	MOVE_WRONG_ROLE,   /* 403: the stage is not this role's */
	MOVE_BAD_INPUT,	   /* 400: a value the move needs is missing */
};

/*
 * Whether move m is allowed on a case with facts f. *why gets a message
 * (Chinese first, English in parentheses) when it is not, and *code the
 * error code ("stage_order", "stage_role", "safety_required", …).
 */
enum case_move_result case_move_check(const struct case_facts *f,
				      const struct case_move *m,
				      const char **why, const char **code);

/* the roles that own a stage's work (moving a case out of it) */
bool case_stage_owner(enum case_stage from, enum case_stage to, enum role role);

/*
 * Work on a case besides the stage moves (the assistance plan, closure
 * requests, the interim assessment record). Who may do each, and in which
 * stages, is decided here with the moves, so that the stage machine stays
 * the one place that says who does what.
 */
enum case_action {
	CASE_ACT_PLAN = 0,	   /* add or change plan items, conferences */
	CASE_ACT_CLOSURE_REQUEST,  /* ask the county to close the case */
	CASE_ACT_CLOSURE_WITHDRAW, /* withdraw one's own request */
	CASE_ACT_CLOSURE_DECLINE,  /* the county turns a request down */
	CASE_ACTION_COUNT
};

/* Whether role/actor may do a on a case with facts f; 403 wrong role, 409
 * wrong stage or state; *why and *code as case_move_check. */
enum case_move_result case_action_check(const struct case_facts *f,
					enum case_action a, enum role role,
					long long actor, const char **why,
					const char **code);

/* the guardianship assessment's outcome: good, insufficient, failed */
bool case_assessment_outcome_valid(const char *outcome);

#endif
