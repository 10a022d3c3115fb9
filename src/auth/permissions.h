/*
 * Roles and the permission matrix (DESIGN.md, users and roles). The matrix
 * is one table in permissions.c; docs/permissions.md is generated from it
 * (`guanai permissions --markdown`) and checked in CI to be current.
 *
 * Access is denied by default: an action no row grants is refused, and a
 * route that names no action is refused too (src/api/dispatch.c).
 */
#ifndef GA_AUTH_PERMISSIONS_H
#define GA_AUTH_PERMISSIONS_H

#include <stdbool.h>
#include <stddef.h>

enum role {
	ROLE_NONE = 0, /* created, waiting for a role from secadmin */
	ROLE_DIRECTOR,
	ROLE_SUPERVISOR,
	ROLE_PROTECTION,
	ROLE_WELFARE,
	ROLE_COUNTY_CIVIL,
	ROLE_CITY_CIVIL,
	ROLE_REPORTER,
	ROLE_POLICE,
	ROLE_EDUCATION,
	ROLE_JUSTICE,
	ROLE_HRSS,
	ROLE_DISABILITY,
	ROLE_WOMEN_FED,
	ROLE_HOTLINE,
	ROLE_SOCIAL_ORG,
	ROLE_SYSADMIN,
	ROLE_SECADMIN,
	ROLE_AUDITOR,
	ROLE_COUNT
};

enum action {
	ACT_NONE = 0,
	ACT_SELF,	    /* own session, password, second factor */
	ACT_PLACE_READ,	    /* a division's page within scope: staff, figures */
	ACT_ACCOUNT_READ,   /* list and read accounts within scope */
	ACT_ACCOUNT_MANAGE, /* create, disable, enable, unlock, reset, revoke
			       sessions */
	ACT_ACCOUNT_ASSIGN, /* give an account its role and scope */
	ACT_AUDIT_READ,	    /* read and verify the audit log */
	ACT_CHILD_READ,	    /* read dossiers within scope (masked) */
	ACT_CHILD_WRITE,    /* register and update dossiers within scope */
	ACT_CHILD_UNMASK,   /* see full ID numbers and phones (audited) */
	ACT_CHILD_MERGE,    /* merge or dismiss probable duplicates */
	ACT_VISIT_READ,	    /* read visits of children within scope */
	ACT_VISIT_WRITE,    /* record visits and confirmations within scope */
	ACT_VISIT_CORRECT,  /* correct a visit after its 7 days (kept in
			       history) */
	ACT_VISIT_PHOTO,    /* see a visit's photos and signed scans (the
			       child's case team) */
	ACT_WORKLIST_READ,  /* worklists, compliance and notifications */
	ACT_SCHEDULE_MANAGE, /* change the visit schedule for one's scope */
	ACT_CENTRE_READ,     /* children's centres and their activities */
	ACT_CENTRE_WRITE,    /* keep a centre and log its activities */
	/* cases (issue 6) */
	ACT_CASE_READ,	/* read cases of children within scope */
	ACT_CASE_WRITE, /* acknowledge, move and annotate cases */
	/* referrals between departments and notices (issue 6, referrals) */
	ACT_REFERRAL_READ,   /* referrals of children in scope, or the inbox */
	ACT_REFERRAL_CREATE, /* refer a child in scope to a department */
	ACT_REFERRAL_ANSWER, /* answer a referral to one's own department */
	ACT_REFERRAL_BOARD,  /* the county's cross-department board */
	ACT_NOTICE_POLICE,   /* police: register a missing parent */
	ACT_NOTICE_JUSTICE,  /* justice: a parent imprisoned or in rehab */
	/* guardianship intervention (issue 6): institutions, placements,
	 * guardianship assessments */
	ACT_INSTITUTION_READ,	/* institutions of one's area */
	ACT_INSTITUTION_WRITE,	/* keep the institutions registry */
	ACT_INTERVENTION_READ,	/* placements and assessments of a child */
	ACT_INTERVENTION_WRITE, /* place a child, end a placement, assess */
	/* mandatory reports, the hotline, notifications (issue 6, reports) */
	ACT_REPORT_CREATE,     /* make a mandatory report (强制报告) */
	ACT_REPORT_READ,       /* read reports: one's own organisation's, or
				  the county's for the case team */
	ACT_HOTLINE,	       /* log and dispatch hotline calls */
	ACT_NOTIFICATION_READ, /* own in-app notifications */
	ACT_COUNT
};

const char *role_name(enum role r);
/* ROLE_COUNT when unknown; "none" maps to ROLE_NONE */
enum role role_from_name(const char *name);
const char *role_title_zh(enum role r);
bool role_is_admin(enum role r);
/* TOTP is mandatory for the admin roles, city_civil and county_civil */
bool role_requires_totp(enum role r);
/*
 * The level a role's scope must have: 1 province … 5 village, 0 any.
 * Directors a village, supervisors a township, county roles a county.
 */
int role_scope_level(enum role r);

const char *action_name(enum action a);
const char *action_title_zh(enum action a);
bool role_may(enum role r, enum action a);

/* Markdown of the whole matrix, for docs/permissions.md. */
void permissions_markdown(void (*emit)(const char *s, void *ctx), void *ctx);

#endif
