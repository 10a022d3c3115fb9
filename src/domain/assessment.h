/*
 * The guardianship assessment (监护评估, POLICY.md P3.2; issue 6 stage 3):
 * a table of scored items in five groups — the guardian's capacity, the
 * guardian's willingness, the family's conditions, the child's needs and
 * the child's wishes — each scored 0 … max, higher meaning better. The
 * outcome comes from the total and from red flags:
 *   - a red-flag item scored 0 (abuse or serious harm by the guardian,
 *     refusal of care, a guardian without capacity) is always `failed`;
 *   - else total >= ASSESS_GOOD_MIN is `good` (监护良好),
 *     total >= ASSESS_INSUFFICIENT_MIN `insufficient` (监护不足, needs
 *     guidance), below it `failed` (监护缺失或侵害, needs intervention).
 * The thresholds are local defaults, kept in data/assessment_thresholds.csv
 * with their source; a unit test checks the numbers here match that file.
 * Pure functions; the tables are static and borrowed for ever.
 */
#ifndef GA_DOMAIN_ASSESSMENT_H
#define GA_DOMAIN_ASSESSMENT_H

#include <stdbool.h>
#include <stddef.h>

#define ASSESS_GOOD_MIN		24
#define ASSESS_INSUFFICIENT_MIN 15
#define ASSESS_ITEM_ID_MAX	32

enum assess_group {
	AG_CAPACITY,
	AG_WILLINGNESS,
	AG_CONDITIONS,
	AG_NEEDS,
	AG_WISHES,
	AG_COUNT
};

enum assess_outcome { AO_GOOD, AO_INSUFFICIENT, AO_FAILED, AO_COUNT };

struct assess_item {
	const char *id;
	enum assess_group group;
	int max;       /* scored 0 … max */
	bool red_flag; /* scored 0: the outcome is failed */
	const char *zh, *en;
	const char *low_zh, *low_en;   /* what 0 means */
	const char *high_zh, *high_en; /* what max means */
};

/* The items in form order, and how many. */
const struct assess_item *assess_items(size_t *count);
/* index of item id, or -1 */
int assess_item_index(const char *id);

const char *assess_group_id(enum assess_group g);
const char *assess_group_zh(enum assess_group g);
const char *assess_group_en(enum assess_group g);

const char *assess_outcome_id(enum assess_outcome o);
const char *assess_outcome_zh(enum assess_outcome o);
/* AO_COUNT when unknown */
enum assess_outcome assess_outcome_from(const char *id);

/* The largest total the items allow. */
int assess_max_total(void);

struct assess_result {
	int total;
	enum assess_outcome outcome;
	int red_flags; /* red-flag items scored 0 */
};

/*
 * Score a full set of answers: scores[i] for item i of assess_items().
 * false (and *bad the first bad index) when a score is out of range.
 */
bool assess_score(const int *scores, size_t n, struct assess_result *out,
		  size_t *bad);

#endif
