/*
 * Home visits (走访, 附件3 item 3; issue 5): the vocabularies a visit is
 * recorded in and the rules on it. Pure: dates and times come in as
 * arguments.
 *
 * Every vocabulary is a table of {id, Chinese name} indexed by its enum;
 * the ids are the API's contract strings. Multi-valued ones (whom the
 * visitor met, problems, actions) are bit sets, bit i = entry i, and are
 * stored as their ids separated by single spaces.
 */
#ifndef GA_DOMAIN_VISIT_H
#define GA_DOMAIN_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"

enum visit_vocab {
	VV_KIND,    /* regular, follow_up, key_check, verification, holiday */
	VV_VISITOR, /* director, supervisor, social_org */
	VV_MET,	    /* child, guardian, entrusted_guardian, parent, … */
	VV_AREA,    /* living, guardianship, schooling, health, safety, … */
	VV_LEVEL,   /* good, fair, poor, danger */
	VV_CONTACT, /* the parents' contact: daily, weekly, monthly, … */
	VV_PROBLEM, /* no_guardian_care, …, suspected_harm, other */
	VV_ACTION,  /* guidance, assistance_applied, referral, report_made */
	VV_COUNT
};

enum visit_area {
	VA_LIVING,
	VA_GUARDIANSHIP,
	VA_SCHOOLING,
	VA_HEALTH,
	VA_SAFETY,
	VA_EMOTIONAL,
	VA_COUNT
};

enum visit_level { VL_GOOD, VL_FAIR, VL_POOR, VL_DANGER };

/* the problem that by itself means harm was found */
#define VISIT_PROBLEM_SUSPECTED_HARM "suspected_harm"

/* how many entries vocabulary v has (0 for an unknown v) */
int visit_vocab_size(enum visit_vocab v);
/* the contract id of entry i, or "" when out of range */
const char *visit_vocab_id(enum visit_vocab v, int i);
/* its Chinese name, or "" */
const char *visit_vocab_zh(enum visit_vocab v, int i);
/* the entry of id s, or -1 (also for NULL) */
int visit_vocab_find(enum visit_vocab v, const char *s);
/* the field name of a vocabulary in the API ("kind", "met", …) */
const char *visit_vocab_field(enum visit_vocab v);

/*
 * "a b c" (ids separated by single spaces; "" is the empty set) into a
 * bit set; false on an unknown id, a repeated one or stray spaces.
 */
bool visit_set_parse(enum visit_vocab v, const char *text, uint32_t *out);
/* the ids of set, space-separated, into out (truncated to size) */
void visit_set_format(enum visit_vocab v, uint32_t set, char *out, size_t size);

enum visit_date_check {
	VISIT_DATE_OK,
	VISIT_DATE_FUTURE,	/* after today */
	VISIT_DATE_BEFORE_BIRTH /* before the child was born */
};
/* the visit date against today and the child's birth (unset: no check) */
enum visit_date_check visit_date_check(struct date visit, struct date birth,
				       struct date today);

/*
 * Harm was found: an area assessed as danger, or the problem
 * suspected_harm. levels[i] is the level of area i, or -1 when it was not
 * assessed. Such a visit offers the mandatory report (强制报告).
 */
bool visit_harm_found(const int levels[VA_COUNT], uint32_t problems);

/* Days a visit may be edited by its writers; after that only corrected. */
#define VISIT_EDIT_DAYS 7

enum visit_edit {
	VISIT_EDIT_OPEN,      /* within the 7 days: visit.write may edit */
	VISIT_EDIT_CORRECTION /* later: a supervisor correction only */
};
/* created and now are seconds since the epoch */
enum visit_edit visit_edit_rule(int64_t created, int64_t now);

#endif
