/*
 * Referrals between departments (服务转介, issue 6; POLICY.md P5.3): the
 * vocabularies and rules of a referral. Pure: `today` comes in.
 *
 * A referral goes to a receiving department, named by its account role
 * (education, police, justice, hrss, disability, women_fed, social_org),
 * with a type that belongs to that department. Each type has a default
 * number of days to answer (data/referral_deadlines.csv, compiled into
 * referral_types[]; every figure a local default to be confirmed).
 *
 * States: sent → accepted → done, and sent or accepted → declined. done and
 * declined are final. A referral still sent or accepted after its due date
 * is overdue.
 */
#ifndef GA_DOMAIN_REFERRAL_H
#define GA_DOMAIN_REFERRAL_H

#include <stdbool.h>

#include "domain/date.h"

struct referral_type {
	const char *dept; /* the receiving role's name */
	const char *type;
	int days; /* default time to answer */
	const char *zh;
};

/* The table, ended by an entry with dept NULL. */
extern const struct referral_type referral_types[];

/* true when dept is one of the receiving departments */
bool referral_dept_ok(const char *dept);
/* the type of dept, or NULL when dept has no such type */
const struct referral_type *referral_type_of(const char *dept,
					     const char *type);
/* case, visit, dossier, hotline, notice, auto */
bool referral_source_ok(const char *source);
/* sent, accepted, done, declined */
bool referral_status_ok(const char *status);
/* accepted, done, declined: what an answer may say */
bool referral_answer_ok(const char *answer);
/* may a referral in state `from` be answered with `to`? */
bool referral_step_ok(const char *from, const char *to);
/* still open (sent or accepted) and today is after due */
bool referral_overdue(const char *status, struct date due, struct date today);
/* the default due date of a type sent on `sent` */
struct date referral_default_due(const struct referral_type *t,
				 struct date sent);

#endif
