#include "domain/deadline.h"

#include <string.h>

#include "util/banned.h"

static const struct {
	const char *key, *event;
} keys[] = {
    {"protection_ack", "opened"},
    {"police_ack", "opened"},
    {"police_feedback", "police_ack"},
    {"emergency", "stage:emergency"},
    {"assessment", "stage:assessment"},
    {"plan", "stage:assistance"},
    {"follow_up_review", "stage:follow_up"},
};

#define NKEYS ((int)(sizeof(keys) / sizeof(keys[0])))

bool deadline_key_valid(const char *key)
{
	return deadline_key_event(key) != NULL;
}

const char *deadline_key_event(const char *key)
{
	for (int i = 0; key && i < NKEYS; i++)
		if (!strcmp(keys[i].key, key))
			return keys[i].event;
	return NULL;
}

/* start and end of one deadline; false when it has not started */
static bool span_of(const char *key, const struct deadline_facts *f,
		    int64_t *start, int64_t *done)
{
	*start = *done = 0;
	if (!strcmp(key, "protection_ack")) {
		*start = f->opened;
		*done = f->protection_ack;
	} else if (!strcmp(key, "police_ack")) {
		if (!f->police_expected)
			return false;
		*start = f->opened;
		*done = f->police_ack;
	} else if (!strcmp(key, "police_feedback")) {
		if (!f->police_expected)
			return false;
		*start = f->police_accepted;
		*done = f->police_feedback;
	} else if (!strcmp(key, "emergency")) {
		*start = f->entered[STAGE_EMERGENCY];
		*done = f->left[STAGE_EMERGENCY];
	} else if (!strcmp(key, "assessment")) {
		*start = f->entered[STAGE_ASSESSMENT];
		*done = f->assessed ? f->assessed : f->left[STAGE_ASSESSMENT];
	} else if (!strcmp(key, "plan")) {
		*start = f->entered[STAGE_ASSISTANCE];
		*done = f->planned ? f->planned : f->left[STAGE_ASSISTANCE];
	} else if (!strcmp(key, "follow_up_review")) {
		if (f->stage != STAGE_FOLLOW_UP)
			return false;
		*start = f->last_event > f->entered[STAGE_FOLLOW_UP]
			     ? f->last_event
			     : f->entered[STAGE_FOLLOW_UP];
	} else {
		return false;
	}
	return *start != 0;
}

int deadline_compute(const struct deadline_rule *rules, int n,
		     const struct deadline_facts *f, int64_t now,
		     struct deadline *out, int max)
{
	int k = 0;

	for (int i = 0; i < n && k < max; i++) {
		int64_t start, done;

		if (!span_of(rules[i].key, f, &start, &done))
			continue;
		out[k].rule = &rules[i];
		out[k].due = start + (int64_t)rules[i].hours * 3600;
		out[k].done = done;
		out[k].overdue =
		    !done && f->stage != STAGE_CLOSED && now > out[k].due;
		k++;
	}
	return k;
}
