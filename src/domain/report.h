/*
 * Mandatory reports (强制报告, issue 6) and the protection hotline
 * (未成年人保护专线): the fixed vocabularies and the status a reporter is
 * shown. Pure: no I/O, no clock; `now` is passed in.
 *
 * Situations: the nine of the 2020 opinion (最高检等九部门《关于建立侵害
 * 未成年人案件强制报告制度的意见（试行）》 art. 4) and the two a child
 * director reports under 渝民发〔2020〕23号 附件3 item 5.
 */
#ifndef GA_DOMAIN_REPORT_H
#define GA_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_NARRATIVE_MAX 4000 /* bytes of what the reporter saw */
#define REPORT_PLACE_MAX     200
#define REPORT_DESC_MAX	     200 /* an unknown child's description */
#define REPORT_ATTACH_MAX    ((size_t)5 << 20)
#define REPORT_ATTACH_HOURS  24 /* the reporter may add files this long */
#define REPORT_ATTACH_COUNT  10

enum report_basis {
	BASIS_OPINION_2020 = 0, /* one of the opinion's nine */
	BASIS_ANNEX3_ITEM5,	/* 附件3 item 5: the director's duty */
};

struct report_situation {
	const char *id;
	const char *zh;
	const char *en;
	enum report_basis basis;
};

/* the eleven situations, in the contract's order; NULL-id terminated */
extern const struct report_situation report_situations[];
/* NULL when unknown */
const struct report_situation *report_situation_find(const char *id);

/* the reporter's view of a report: submitted → received → police_accepted
 * or police_filed → handled → closed */
enum report_status {
	RSTATUS_SUBMITTED = 0,
	RSTATUS_RECEIVED,
	RSTATUS_POLICE_ACCEPTED,
	RSTATUS_POLICE_FILED,
	RSTATUS_HANDLED,
	RSTATUS_CLOSED,
};
const char *report_status_name(enum report_status s);

/* what the status is derived from: the case behind the report */
struct report_case_facts {
	const char *stage;	/* the case's stage name */
	const char *police_ack; /* "", accepted, filed, transferred */
	bool protection_acknowledged;
};
enum report_status report_status_of(const struct report_case_facts *f);

/* where a report comes from */
bool report_source_valid(const char *source); /* reporter, director,
						 hotline, visit */

/*
 * A time as clients send it: "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by
 * "Z", "+08:00"-like offset or nothing (then Asia/Shanghai, UTC+8).
 * False for anything else.
 */
bool report_time_parse(const char *s, int64_t *out);
/* "YYYY-MM-DDTHH:MM:SSZ" (UTC) into a time; false when malformed */
bool report_utc_parse(const char *s, int64_t *out);
void report_utc_format(int64_t t, char out[24]);

/* hotline: who called, what the call is about, the call's status */
bool hotline_caller_valid(const char *s); /* child, parent, relative,
					     neighbour, school, other_unit,
					     anonymous */
bool hotline_class_valid(const char *s);  /* policy_question, harm_lead,
					     psychological_support,
					     help_request, other */
/*
 * A call's status: open until something is dispatched; dispatched until
 * every dispatched part answered (parts > 0 && answered == parts), then
 * answered; closed once the operator closes it.
 */
const char *hotline_status_of(bool closed, int parts, int answered);

#endif
