/*
 * The enums of domain/child.h and their contract strings (issue 4,
 * POST /api/v1/children). The arrays are indexed by the enum value; an
 * unknown value gives "" (callers append it or skip it) and an unknown
 * string gives -1.
 */
#include "domain/child.h"

#include <string.h>

#include "util/banned.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const school_ids[] = {
    [SCHOOL_NOT_ENROLLED] = "not_enrolled",
    [SCHOOL_KINDERGARTEN] = "kindergarten",
    [SCHOOL_PRIMARY] = "primary",
    [SCHOOL_JUNIOR] = "junior",
    [SCHOOL_SENIOR] = "senior",
    [SCHOOL_VOCATIONAL] = "vocational",
    [SCHOOL_DROPOUT] = "dropout",
    [SCHOOL_NOT_IN_SCHOOL] = "not_in_school",
    [SCHOOL_HOME_TEACHING] = "home_teaching",
};

static const char *const health_ids[] = {
    [HEALTH_HEALTHY] = "healthy",
    [HEALTH_ILL] = "ill",
    [HEALTH_DISABLED] = "disabled",
};

static const char *const relation_ids[] = {
    [REL_FATHER] = "father",
    [REL_MOTHER] = "mother",
    [REL_GRANDFATHER] = "grandfather",
    [REL_GRANDMOTHER] = "grandmother",
    [REL_SIBLING] = "sibling",
    [REL_RELATIVE] = "relative",
    [REL_OTHER] = "other",
};

static const char *const situation_ids[] = {
    [SIT_HOME] = "home",
    [SIT_MIGRANT] = "migrant",
    [SIT_PRISON] = "prison",
    [SIT_DRUG_REHAB] = "drug_rehab",
    [SIT_DETAINED_OTHER] = "detained_other",
    [SIT_MISSING] = "missing",
    [SIT_SEVERE_DISABILITY] = "severe_disability",
    [SIT_SEVERE_ILLNESS] = "severe_illness",
    [SIT_DEAD] = "dead",
    [SIT_DECLARED_MISSING] = "declared_missing",
    [SIT_GUARDIANSHIP_REVOKED] = "guardianship_revoked",
    [SIT_DEPORTED] = "deported",
};

static const char *const guardian_ids[] = {
    [GUARDIAN_PARENTS] = "parents",
    [GUARDIAN_ONE_PARENT] = "one_parent",
    [GUARDIAN_GRANDPARENTS] = "grandparents",
    [GUARDIAN_RELATIVE] = "relative",
    [GUARDIAN_ENTRUSTED] = "entrusted",
    [GUARDIAN_INSTITUTION] = "institution",
    [GUARDIAN_NONE] = "none",
};

static const char *const level_ids[] = {
    [GL_NONE] = "none",
    [GL_PARENT_INCAPABLE] = "parent_incapable",
    [GL_ENTRUSTED_INCAPABLE] = "entrusted_incapable",
    [GL_FAIR] = "fair",
    [GL_GOOD] = "good",
};

/* indexed by bit number */
static const char *const assistance_ids[] = {
    "dibao",
    "tekun",
    "temporary",
    "medical",
    "housing",
    "orphan_allowance",
    "unsupported_allowance",
};

static const char *const category_ids[] = {
    "left_behind",	 "orphan_dispersed",	 "de_facto_unsupported",
    "difficult_poverty", "difficult_disability", "difficult_guardianship",
    "parent_detained",
};

static const char *const key_flag_ids[] = {
    "poor_guardianship", "out_of_school", "no_hukou", "ill",
    "disabled",		 "living_alone",
};

static const char *by_index(const char *const *ids, int n, int i)
{
	return i >= 0 && i < n && ids[i] ? ids[i] : "";
}

static int index_of(const char *const *ids, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (ids[i] && !strcmp(ids[i], s))
			return i;
	return -1;
}

/* the bit number of a value with exactly one bit set, or -1 */
static int bit_index(unsigned v)
{
	if (!v || (v & (v - 1)))
		return -1;
	for (int i = 0;; i++)
		if (v == 1u << i)
			return i;
}

const char *category_id(enum category c)
{
	return by_index(category_ids, NELEM(category_ids),
			bit_index((unsigned)c));
}

const char *key_flag_id(enum key_flag k)
{
	return by_index(key_flag_ids, NELEM(key_flag_ids),
			bit_index((unsigned)k));
}

int school_status_from(const char *s)
{
	return index_of(school_ids, NELEM(school_ids), s);
}

const char *school_status_id(enum school_status s)
{
	return by_index(school_ids, NELEM(school_ids), (int)s);
}

int health_from(const char *s)
{
	return index_of(health_ids, NELEM(health_ids), s);
}

const char *health_id(enum health h)
{
	return by_index(health_ids, NELEM(health_ids), (int)h);
}

int relation_from(const char *s)
{
	return index_of(relation_ids, NELEM(relation_ids), s);
}

const char *relation_id(enum relation r)
{
	return by_index(relation_ids, NELEM(relation_ids), (int)r);
}

int situation_from(const char *s)
{
	return index_of(situation_ids, NELEM(situation_ids), s);
}

const char *situation_id(enum situation s)
{
	return by_index(situation_ids, NELEM(situation_ids), (int)s);
}

int guardian_type_from(const char *s)
{
	return index_of(guardian_ids, NELEM(guardian_ids), s);
}

const char *guardian_type_id(enum guardian_type g)
{
	return by_index(guardian_ids, NELEM(guardian_ids), (int)g);
}

int guardianship_level_from(const char *s)
{
	return index_of(level_ids, NELEM(level_ids), s);
}

const char *guardianship_level_id(enum guardianship_level g)
{
	return by_index(level_ids, NELEM(level_ids), (int)g);
}

/* the enum assistance bit, or -1 */
int assistance_from(const char *s)
{
	int i = index_of(assistance_ids, NELEM(assistance_ids), s);

	return i < 0 ? -1 : 1 << i;
}

const char *assistance_id(enum assistance a)
{
	return by_index(assistance_ids, NELEM(assistance_ids),
			bit_index((unsigned)a));
}
