/*
 * Entrusted-guardianship confirmations (委托监护确认书, POLICY.md A3.3):
 * when a child needs one, what makes one valid, whether it may be signed,
 * and the state a child's confirmations are in on `today`. Pure: no I/O,
 * no clock, no names; the law is 未成年人保护法 Art. 22 and 23.
 *
 * Art. 22: parents who cannot fully care for the child for a time because
 * they work away entrust the child's care to an adult with full capacity
 * who is able to care; a person who has committed sexual abuse,
 * maltreatment, abandonment, trafficking or violence, who uses drugs,
 * abuses alcohol or gambles, or who has refused or neglected duties of
 * care may not be entrusted; the child's views are heard. Art. 23: the
 * parents tell the school, kindergarten and village (residents')
 * committee in writing, contact the child and the entrusted guardian at
 * least once a week, and act on notices of the child's problems.
 */
#ifndef GA_DOMAIN_CONFIRMATION_H
#define GA_DOMAIN_CONFIRMATION_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/child.h"
#include "domain/date.h"

/* the longest period one confirmation may cover, in years */
#define CONFIRMATION_YEARS_MAX 3
/* a signed confirmation is "expiring" this many days before its end */
#define CONFIRMATION_EXPIRING_DAYS 30

/* the fitness checks of Art. 22, each answered yes or no */
enum conf_check {
	CHECK_FULL_CAPACITY = 0, /* adult with full civil capacity */
	CHECK_ABLE_TO_CARE,	 /* health and means to care */
	CHECK_CHILD_HEARD,	 /* the child's views heard (by age) */
	CHECK_SEXUAL_ABUSE,	 /* from here on: disqualifying histories */
	CHECK_MALTREATMENT,
	CHECK_ABANDONMENT,
	CHECK_TRAFFICKING,
	CHECK_VIOLENCE,
	CHECK_DRUGS,
	CHECK_ALCOHOL,
	CHECK_GAMBLING,
	CHECK_NEGLECT, /* refused or neglected duties of care */
	CHECK_OTHER_UNFIT,
	CONF_CHECK_COUNT
};

enum conf_answer { ANSWER_NONE = 0, ANSWER_YES, ANSWER_NO };

/* the parents' promises of Art. 23 */
enum conf_promise {
	PROMISE_WEEKLY_CONTACT = 0, /* contact child and guardian weekly */
	PROMISE_NOTIFY_SCHOOL,	    /* tell the school in writing */
	PROMISE_NOTIFY_VILLAGE,	    /* tell the village committee */
	PROMISE_ACT_ON_NOTICE,	    /* act on notices of problems */
	CONF_PROMISE_COUNT
};

struct conf_item_info {
	const char *id;	    /* contract id, e.g. "sexual_abuse" */
	const char *text;   /* the statement as printed, Chinese */
	bool disqualifying; /* checks: "yes" bars signing */
};

/* NULL when out of range */
const struct conf_item_info *confirmation_check_info(int i);
const struct conf_item_info *confirmation_promise_info(int i);
/* -1 when unknown */
int confirmation_check_from(const char *id, size_t len);
int confirmation_promise_from(const char *id, size_t len);

/*
 * Whether the child needs a confirmation: the guardian is an entrusted
 * one, at least one parent works away and no parent is at home (the
 * other one dead, missing, in prison, severely ill or disabled… or not
 * on the record). Orphans and children whose parents are at home need none.
 */
bool confirmation_required(const struct child_facts *f);

struct confirmation_facts {
	struct date start, end;
	struct date guardian_birth; /* from the ID number or a birth date */
	enum conf_answer checks[CONF_CHECK_COUNT];
	bool promises[CONF_PROMISE_COUNT];
};

/* What is wrong: a stable code, the field, a Chinese-first message. */
struct conf_problem {
	const char *code;
	const char *field;
	const char *text;
};

/*
 * The entrusted guardian's birth date from an ID number (GB 11643) and/or
 * a "YYYY-MM-DD" birth date (either may be NULL or ""): one is needed;
 * both must agree. False with the problem otherwise.
 */
bool confirmation_guardian_birth(const char *id_number, const char *birth,
				 struct date *out, struct conf_problem *p);

/*
 * Checks for recording a confirmation on `today`: the period (start ≤ end,
 * at most CONFIRMATION_YEARS_MAX years, not over already), the entrusted
 * guardian an adult (18) on the start date, every fitness check answered.
 * A confirmation that passes is recorded as pending even when the answers
 * bar signing: the record documents why the guardian is unfit.
 */
bool confirmation_valid(const struct confirmation_facts *f, struct date today,
			struct conf_problem *p);

/*
 * Whether the signed scan may be accepted: capacity, care and the child's
 * views "yes", every disqualifying history "no", every promise made.
 */
bool confirmation_signable(const struct confirmation_facts *f,
			   struct conf_problem *p);

/* what one confirmation shows: "pending", "signed" or "expired" */
const char *confirmation_status_shown(bool is_signed, struct date end,
				      struct date today);

/* A child's confirmations folded into what the state needs. */
struct conf_summary {
	struct date signed_end;	   /* latest end of a signed one */
	struct date pending_start; /* earliest start of a live pending one */
	struct date pending_end;   /* latest end of a pending one */
	int count;
};

/* fold one confirmation into s (start zeroed with memset or {0}) */
void confirmation_summary_add(struct conf_summary *s, bool is_signed,
			      struct date start, struct date end,
			      struct date today);

enum conf_state {
	CONF_NOT_REQUIRED = 0,
	CONF_MISSING,  /* required, none recorded */
	CONF_PENDING,  /* recorded, not signed yet, not over */
	CONF_SIGNED,   /* signed and in force beyond the warning window */
	CONF_EXPIRING, /* signed, ends within CONFIRMATION_EXPIRING_DAYS */
	CONF_EXPIRED,  /* every one has ended */
};

const char *confirmation_state_id(enum conf_state s);

/*
 * The child's state on today. A signed confirmation still in force wins
 * (expiring when it ends within the window, even while a renewal waits);
 * then a live pending one; then expired when any existed; else missing.
 * due gets the date the state is about: missing today; pending the
 * pending one's start; expiring and signed the signed end; expired the
 * last end; not_required nothing.
 */
enum conf_state confirmation_state(bool required, const struct conf_summary *s,
				   struct date today, struct date *due);

#endif
