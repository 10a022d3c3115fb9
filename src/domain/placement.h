/*
 * Guardianship intervention (监护干预, POLICY.md P1.1, P1.2, P3.2, A1.1):
 * institutions and the placements of a child, as codes with their labels
 * and the rules a placement must satisfy. Pure; tables borrowed for ever.
 *
 * Kinds of placement:
 *   temporary_guardianship  临时监护 by civil affairs (未成年人保护法 2020
 *       Art. 92): one or more of its seven reasons, and where the child
 *       lives (the protection institution, relatives, a foster family);
 *   entrusted_upbringing    委托代养 by a welfare institution under an
 *       agreement (number, start, optional end);
 *   court_revocation_support  support for an application to the court to
 *       revoke the guardian's qualification (filing date, court, status);
 *   long_term_guardianship  长期监护 by civil affairs (Art. 94 reasons).
 * Return home (Art. 93) needs an assessment finding the guardian able:
 * the service checks it; placement_return_ok() is the rule.
 */
#ifndef GA_DOMAIN_PLACEMENT_H
#define GA_DOMAIN_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/assessment.h"
#include "domain/date.h"

enum institution_kind {
	INST_PROTECTION,       /* 未成年人救助保护机构 */
	INST_WELFARE,	       /* 儿童福利机构 */
	INST_REGIONAL_WELFARE, /* 区域性儿童福利机构 */
	INST_OTHER,
	INST_KIND_COUNT
};

enum placement_kind {
	PK_TEMPORARY,
	PK_ENTRUSTED,
	PK_COURT,
	PK_LONG_TERM,
	PK_COUNT
};

enum placement_setting {
	PS_NONE,
	PS_INSTITUTION, /* in the institution named */
	PS_RELATIVES,	/* 亲属抚养 */
	PS_FOSTER,	/* 家庭寄养 */
	PS_COUNT
};

enum placement_end {
	PE_RETURNED_HOME,
	PE_TRANSFERRED,
	PE_ENTRUSTED,
	PE_LONG_TERM,
	PE_ADULT,
	PE_OTHER,
	PE_COUNT
};

/* one code with its labels */
struct placement_code {
	const char *id, *zh, *en;
};

/* code tables: ids in the order of the enums */
const struct placement_code *institution_kinds(size_t *n);
const struct placement_code *placement_kinds(size_t *n);
const struct placement_code *
placement_settings(size_t *n); /* from PS_INSTITUTION */
const struct placement_code *placement_end_reasons(size_t *n);
const struct placement_code *placement_court_statuses(size_t *n);
/* Art. 92 reasons (temporary) and Art. 94 reasons (long-term) */
const struct placement_code *placement_reasons(enum placement_kind k,
					       size_t *n);

/* index of id in a table of n codes, or -1 */
int placement_code_index(const struct placement_code *t, size_t n,
			 const char *id);

/* The kind that requires reasons: temporary and long-term. */
bool placement_kind_has_reasons(enum placement_kind k);

/*
 * Whether an assessment lets a placement end by returning home: the
 * guardian was found able (good), on or after the placement's start and
 * on or before the end date.
 */
bool placement_return_ok(enum assess_outcome outcome, struct date assessed,
			 struct date start, struct date end);

#endif
