/*
 * Unit tests for the policy rules of src/domain/child.c and the contract
 * strings of src/domain/child_enums.c. One table: each case is a child's
 * facts, the day they are judged on, and the exact categories, key flags,
 * ageing outcome and reason codes the rules must give.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/child.h"

#define D(y, m, d) ((struct date){(y), (m), (d)})
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))

/* options that differ from the plain case (rural, registered, at home) */
enum {
	O_NO_HUKOU = 1 << 0,
	O_URBAN = 1 << 1,
	O_INSTITUTION = 1 << 2,
	O_ALONE = 1 << 3,
	O_HARDSHIP = 1 << 4,
	O_HARM = 1 << 5,
	O_SERIOUS = 1 << 6,
};

/* guardian type and level: 0 is the default (parents, good) */
#define GT(x)  ((int)(x) + 1)
#define GLV(x) ((int)(x) + 1)

#define FA(s)                                                                  \
	{                                                                      \
		.relation = REL_FATHER, .situation = (s)                       \
	}
#define MO(s)                                                                  \
	{                                                                      \
		.relation = REL_MOTHER, .situation = (s)                       \
	}
#define FAX(s, ...)                                                            \
	{                                                                      \
		.relation = REL_FATHER, .situation = (s), __VA_ARGS__          \
	}
#define MOX(s, ...)                                                            \
	{                                                                      \
		.relation = REL_MOTHER, .situation = (s), __VA_ARGS__          \
	}

/* the judging day of most cases, and a birth date that makes a child 10 */
#define T   D(2025, 6, 15)
#define B10 D(2015, 3, 1)

#define LB CAT_LEFT_BEHIND
#define OR CAT_ORPHAN_DISPERSED
#define DF CAT_DE_FACTO_UNSUPPORTED
#define DP CAT_DIFFICULT_POVERTY
#define DD CAT_DIFFICULT_DISABILITY
#define DG CAT_DIFFICULT_GUARDIANSHIP
#define PD CAT_PARENT_DETAINED

struct rule_case {
	const char *name;
	struct date birth, today;
	unsigned opts;
	enum school_status school;
	enum health health;
	unsigned aid;
	int guardian, level;
	struct member_facts fam[3];
	int nfam;
	unsigned cats, flags;
	bool aged_out, referral;
	const char *codes; /* every reason code, space-separated, any order */
};

static const struct rule_case cases[] = {
    /* ---- left_behind (国发〔2016〕13号) ---- */
    {.name = "left_behind: both parents migrant",
     .birth = B10,
     .today = T,
     .guardian = GT(GUARDIAN_GRANDPARENTS),
     .level = GLV(GL_FAIR),
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .cats = LB,
     .codes = "both_parents_migrant"},
    {.name = "left_behind: father migrant, mother severely ill",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .cats = LB,
     .codes = "one_parent_migrant_other_unable"},
    {.name = "left_behind: mother migrant, father disabled grade 3",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_SEVERE_DISABILITY, .disability_grade = 3),
	     MO(SIT_MIGRANT)},
     .nfam = 2,
     .cats = LB,
     .codes = "one_parent_migrant_other_unable"},
    {.name = "not left_behind: other parent at home",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_HOME)},
     .nfam = 2,
     .codes = ""},
    {.name = "not left_behind: urban hukou",
     .birth = B10,
     .today = T,
     .opts = O_URBAN,
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .codes = ""},
    {.name = "not left_behind: in an institution",
     .birth = B10,
     .today = T,
     .opts = O_INSTITUTION,
     .guardian = GT(GUARDIAN_INSTITUTION),
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .codes = ""},
    {.name = "left_behind: 15, day before the 16th birthday",
     .birth = D(2009, 6, 16),
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .cats = LB,
     .codes = "both_parents_migrant"},
    {.name = "left_behind ends on the 16th birthday",
     .birth = D(2009, 6, 15),
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .codes = ""},
    {.name = "left_behind: born 29 Feb, 15 on 28 Feb 2024",
     .birth = D(2008, 2, 29),
     .today = D(2024, 2, 28),
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .cats = LB,
     .codes = "both_parents_migrant"},
    {.name = "left_behind ends: born 29 Feb, 16 on 29 Feb 2024",
     .birth = D(2008, 2, 29),
     .today = D(2024, 2, 29),
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .codes = ""},
    {.name = "left_behind + parent_detained: mother in prison",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_PRISON)},
     .nfam = 2,
     .cats = LB | PD,
     .codes = "one_parent_migrant_other_unable parent_in_prison"},
    {.name = "left_behind: father dead, mother migrant (not unsupported)",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_MIGRANT)},
     .nfam = 2,
     .cats = LB,
     .codes = "one_parent_migrant_other_unable"},
    {.name = "not left_behind: the prison term has ended",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_MIGRANT), MOX(SIT_PRISON, .until = D(2025, 6, 14))},
     .nfam = 2,
     .codes = ""},
    {.name = "not left_behind: only the mother is recorded",
     .birth = B10,
     .today = T,
     .fam = {MO(SIT_MIGRANT)},
     .nfam = 1,
     .codes = ""},
    {.name = "the first father counts",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_HOME), FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 3,
     .codes = ""},
    {.name = "a grandparent's situation is not a parent's",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_MIGRANT),
	     {.relation = REL_GRANDMOTHER, .situation = SIT_SEVERE_ILLNESS},
	     MO(SIT_HOME)},
     .nfam = 3,
     .codes = ""},

    /* ---- orphan_dispersed (国办发〔2010〕54号) ---- */
    {.name = "orphan_dispersed: both parents dead",
     .birth = B10,
     .today = T,
     .guardian = GT(GUARDIAN_RELATIVE),
     .level = GLV(GL_FAIR),
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = OR,
     .codes = "both_parents_dead"},
    {.name = "orphan_dispersed: dead and declared missing",
     .birth = B10,
     .today = T,
     .guardian = GT(GUARDIAN_GRANDPARENTS),
     .fam = {FA(SIT_DECLARED_MISSING), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = OR,
     .codes = "both_parents_dead"},
    {.name = "orphan_dispersed, not unsupported: both declared missing",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DECLARED_MISSING), MO(SIT_DECLARED_MISSING)},
     .nfam = 2,
     .cats = OR,
     .codes = "both_parents_dead"},
    {.name = "orphan in an institution: no category",
     .birth = B10,
     .today = T,
     .opts = O_INSTITUTION,
     .guardian = GT(GUARDIAN_INSTITUTION),
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .codes = ""},
    {.name = "no orphan: mother reported missing to the police",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .police_accepted = D(2025, 3, 1))},
     .nfam = 2,
     .codes = ""},

    /* ---- de_facto_unsupported (民发〔2019〕62号, 〔2020〕125号) ---- */
    {.name = "missing 6 months: the day before",
     .birth = B10,
     .today = D(2025, 6, 14),
     .fam = {FA(SIT_DEAD),
	     MOX(SIT_MISSING, .police_accepted = D(2024, 12, 15))},
     .nfam = 2,
     .codes = ""},
    {.name = "missing 6 months: the day itself (not more than 6)",
     .birth = B10,
     .today = D(2025, 6, 15),
     .fam = {FA(SIT_DEAD),
	     MOX(SIT_MISSING, .police_accepted = D(2024, 12, 15))},
     .nfam = 2,
     .codes = ""},
    {.name = "missing 6 months: the day after",
     .birth = B10,
     .today = D(2025, 6, 16),
     .fam = {FA(SIT_DEAD),
	     MOX(SIT_MISSING, .police_accepted = D(2024, 12, 15))},
     .nfam = 2,
     .cats = DF,
     .codes = "one_parent_dead_other_unable_to_support"},
    {.name = "missing 6 months from 31 Aug: clamped to 28 Feb",
     .birth = B10,
     .today = D(2025, 3, 1),
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .police_accepted = D(2024, 8, 31))},
     .nfam = 2,
     .cats = DF,
     .codes = "one_parent_dead_other_unable_to_support"},
    {.name = "missing without a police acceptance date",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .since = D(2020, 1, 1))},
     .nfam = 2,
     .codes = ""},
    {.name = "both parents severely disabled, grades 1 and 2",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_SEVERE_DISABILITY, .disability_grade = 1),
	     MOX(SIT_SEVERE_DISABILITY, .disability_grade = 2)},
     .nfam = 2,
     .cats = DF,
     .codes = "both_parents_unable_to_support"},
    {.name = "physical disability grade 3 does not count",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_SEVERE_DISABILITY, .disability_grade = 3),
	     MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .codes = ""},
    {.name = "mental disability grade 3 counts",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_SEVERE_DISABILITY, .disability_grade = 3,
		 .disability_mental = true),
	     MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .cats = DF,
     .codes = "both_parents_unable_to_support"},
    {.name = "intellectual disability grade 4 and deported",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_SEVERE_DISABILITY, .disability_grade = 4,
		 .disability_mental = true),
	     MO(SIT_DEPORTED)},
     .nfam = 2,
     .cats = DF,
     .codes = "both_parents_unable_to_support"},
    {.name = "disability grade unknown does not count",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_SEVERE_DISABILITY), MO(SIT_DEAD)},
     .nfam = 2,
     .codes = ""},
    {.name = "father dead, mother stripped of guardianship",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_GUARDIANSHIP_REVOKED)},
     .nfam = 2,
     .cats = DF,
     .codes = "one_parent_dead_other_unable_to_support"},
    {.name = "both parents deported",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEPORTED), MO(SIT_DEPORTED)},
     .nfam = 2,
     .cats = DF,
     .codes = "both_parents_unable_to_support"},
    {.name = "father dead, mother at home",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_HOME)},
     .nfam = 2,
     .codes = ""},
    {.name = "prison for 3 years and severe illness",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .since = D(2024, 1, 1), .until = D(2027, 1, 1)),
	     MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .cats = DF | PD,
     .codes = "both_parents_unable_to_support parent_in_prison"},
    {.name = "prison term of exactly 6 months counts",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .since = D(2025, 1, 10), .until = D(2025, 7, 10)),
	     MO(SIT_DEAD)},
     .nfam = 2,
     .cats = DF | PD,
     .codes = "one_parent_dead_other_unable_to_support parent_in_prison"},
    {.name = "prison term a day short of 6 months",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .since = D(2025, 1, 11), .until = D(2025, 7, 10)),
	     MO(SIT_DEAD)},
     .nfam = 2,
     .cats = PD,
     .codes = "parent_in_prison"},
    {.name = "open-ended rehab: the day before 6 months",
     .birth = B10,
     .today = D(2025, 6, 14),
     .fam = {FAX(SIT_DRUG_REHAB, .since = D(2024, 12, 15)), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = PD,
     .codes = "parent_in_drug_rehab"},
    {.name = "open-ended rehab: the day of 6 months",
     .birth = B10,
     .today = D(2025, 6, 15),
     .fam = {FAX(SIT_DRUG_REHAB, .since = D(2024, 12, 15)), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = DF | PD,
     .codes = "one_parent_dead_other_unable_to_support "
	      "parent_in_drug_rehab"},
    {.name = "open-ended rehab: the day after 6 months",
     .birth = B10,
     .today = D(2025, 6, 16),
     .fam = {FAX(SIT_DRUG_REHAB, .since = D(2024, 12, 15)), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = DF | PD,
     .codes = "one_parent_dead_other_unable_to_support "
	      "parent_in_drug_rehab"},
    {.name = "other restriction of liberty: unsupported, not detained",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_DETAINED_OTHER, .since = D(2024, 1, 1)), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = DF,
     .codes = "one_parent_dead_other_unable_to_support"},
    {.name = "no start date, release 6+ months ahead",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .until = D(2026, 1, 1)), MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .cats = DF | PD,
     .codes = "both_parents_unable_to_support parent_in_prison"},
    {.name = "no start date, release under 6 months ahead",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .until = D(2025, 9, 1)), MO(SIT_SEVERE_ILLNESS)},
     .nfam = 2,
     .cats = PD,
     .codes = "parent_in_prison"},

    /* ---- parent_detained ---- */
    {.name = "parent_detained: the prison term ends today",
     .birth = B10,
     .today = T,
     .fam = {FAX(SIT_PRISON, .until = T), MO(SIT_HOME)},
     .nfam = 2,
     .cats = PD,
     .codes = "parent_in_prison"},
    {.name = "parent_detained: the prison term ended yesterday",
     .birth = B10,
     .today = D(2025, 6, 16),
     .fam = {FAX(SIT_PRISON, .until = T), MO(SIT_HOME)},
     .nfam = 2,
     .codes = ""},
    {.name = "parent_detained: prison and drug rehabilitation",
     .birth = B10,
     .today = T,
     .fam = {FA(SIT_PRISON), MO(SIT_DRUG_REHAB)},
     .nfam = 2,
     .cats = PD,
     .codes = "parent_in_prison parent_in_drug_rehab"},

    /* ---- difficult_* (国发〔2016〕36号) ---- */
    {.name = "difficult_poverty: dibao",
     .birth = B10,
     .today = T,
     .aid = AID_DIBAO,
     .cats = DP,
     .codes = "assistance_dibao"},
    {.name = "difficult_poverty: tekun and hardship",
     .birth = B10,
     .today = T,
     .aid = AID_TEKUN,
     .opts = O_HARDSHIP,
     .cats = DP,
     .codes = "assistance_tekun economic_hardship"},
    {.name = "temporary and medical aid alone are not poverty",
     .birth = B10,
     .today = T,
     .aid = AID_TEMPORARY | AID_MEDICAL,
     .codes = ""},
    {.name = "difficult_disability + disabled flag",
     .birth = B10,
     .today = T,
     .health = HEALTH_DISABLED,
     .cats = DD,
     .flags = KEY_DISABLED,
     .codes = "own_disability disabled"},
    {.name = "difficult_disability: serious illness + ill flag",
     .birth = B10,
     .today = T,
     .health = HEALTH_ILL,
     .opts = O_SERIOUS,
     .cats = DD,
     .flags = KEY_ILL,
     .codes = "own_serious_illness ill"},
    {.name = "ill, not seriously: the ill flag only",
     .birth = B10,
     .today = T,
     .health = HEALTH_ILL,
     .flags = KEY_ILL,
     .codes = "ill"},
    {.name = "difficult_guardianship: no one exercises guardianship",
     .birth = B10,
     .today = T,
     .level = GLV(GL_NONE),
     .cats = DG,
     .flags = KEY_POOR_GUARDIANSHIP,
     .codes = "guardianship_none poor_guardianship_none"},
    {.name = "difficult_guardianship: parent incapable",
     .birth = B10,
     .today = T,
     .level = GLV(GL_PARENT_INCAPABLE),
     .cats = DG,
     .flags = KEY_POOR_GUARDIANSHIP,
     .codes = "guardianship_parent_incapable "
	      "poor_guardianship_parent_incapable"},
    {.name = "entrusted guardian incapable: key flag only",
     .birth = B10,
     .today = T,
     .guardian = GT(GUARDIAN_ENTRUSTED),
     .level = GLV(GL_ENTRUSTED_INCAPABLE),
     .flags = KEY_POOR_GUARDIANSHIP,
     .codes = "poor_guardianship_entrusted_incapable"},
    {.name = "no guardian under 16: guardianship + living alone",
     .birth = B10,
     .today = T,
     .guardian = GT(GUARDIAN_NONE),
     .cats = DG,
     .flags = KEY_LIVING_ALONE,
     .codes = "guardian_none no_guardian_under_16"},
    {.name = "no guardian at 16: no living-alone flag",
     .birth = D(2009, 6, 15),
     .today = T,
     .guardian = GT(GUARDIAN_NONE),
     .cats = DG,
     .codes = "guardian_none"},
    {.name = "difficult_guardianship: confirmed harm",
     .birth = B10,
     .today = T,
     .opts = O_HARM,
     .cats = DG,
     .codes = "harm_confirmed"},

    /* ---- key-child flags (附件3 item 4) ---- */
    {.name = "out_of_school: dropout at 10",
     .birth = B10,
     .today = T,
     .school = SCHOOL_DROPOUT,
     .flags = KEY_OUT_OF_SCHOOL,
     .codes = "dropout"},
    {.name = "out_of_school: dropout at 16",
     .birth = D(2009, 6, 15),
     .today = T,
     .school = SCHOOL_DROPOUT,
     .flags = KEY_OUT_OF_SCHOOL,
     .codes = "dropout"},
    {.name = "dropout at 17: no flag",
     .birth = D(2008, 6, 15),
     .today = T,
     .school = SCHOOL_DROPOUT,
     .codes = ""},
    {.name = "dropout at 5: no flag",
     .birth = D(2020, 1, 1),
     .today = T,
     .school = SCHOOL_DROPOUT,
     .codes = ""},
    {.name = "out_of_school: not in school at 15",
     .birth = D(2009, 6, 16),
     .today = T,
     .school = SCHOOL_NOT_IN_SCHOOL,
     .flags = KEY_OUT_OF_SCHOOL,
     .codes = "not_in_school"},
    {.name = "home teaching is schooling",
     .birth = B10,
     .today = T,
     .school = SCHOOL_HOME_TEACHING,
     .codes = ""},
    {.name = "no_hukou",
     .birth = B10,
     .today = T,
     .opts = O_NO_HUKOU,
     .flags = KEY_NO_HUKOU,
     .codes = "no_hukou"},
    {.name = "living alone at 15",
     .birth = D(2009, 6, 16),
     .today = T,
     .opts = O_ALONE,
     .flags = KEY_LIVING_ALONE,
     .codes = "lives_alone_under_16"},
    {.name = "living alone at 16: no flag",
     .birth = D(2009, 6, 15),
     .today = T,
     .opts = O_ALONE,
     .codes = ""},
    {.name = "everything at once stays within the reasons array",
     .birth = B10,
     .today = T,
     .opts = O_NO_HUKOU | O_ALONE | O_HARDSHIP | O_HARM,
     .school = SCHOOL_DROPOUT,
     .health = HEALTH_DISABLED,
     .aid = AID_DIBAO | AID_TEKUN,
     .guardian = GT(GUARDIAN_NONE),
     .level = GLV(GL_NONE),
     .fam = {FA(SIT_MIGRANT), MO(SIT_PRISON)},
     .nfam = 2,
     .cats = LB | PD | DP | DD | DG,
     .flags = KEY_POOR_GUARDIANSHIP | KEY_OUT_OF_SCHOOL | KEY_NO_HUKOU |
	      KEY_DISABLED | KEY_LIVING_ALONE,
     .codes = "one_parent_migrant_other_unable parent_in_prison "
	      "assistance_dibao assistance_tekun economic_hardship "
	      "own_disability guardianship_none guardian_none "
	      "harm_confirmed poor_guardianship_none dropout no_hukou "
	      "disabled lives_alone_under_16"},

    /* ---- ageing ---- */
    {.name = "17, the day before the 18th birthday: still poverty",
     .birth = D(2007, 6, 16),
     .today = T,
     .aid = AID_DIBAO,
     .cats = DP,
     .codes = "assistance_dibao"},
    {.name = "18th birthday: aged out, nothing else",
     .birth = D(2007, 6, 15),
     .today = T,
     .aid = AID_DIBAO,
     .opts = O_NO_HUKOU,
     .level = GLV(GL_NONE),
     .aged_out = true,
     .codes = "aged_out"},
    {.name = "orphan the day before 18",
     .birth = D(2007, 6, 16),
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = OR,
     .codes = "both_parents_dead"},
    {.name = "orphan turning 18: employment referral",
     .birth = D(2007, 6, 15),
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},
    {.name = "institution orphan turning 18: employment referral",
     .birth = D(2007, 6, 15),
     .today = T,
     .opts = O_INSTITUTION,
     .guardian = GT(GUARDIAN_INSTITUTION),
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},
    {.name = "unsupported turning 18: employment referral",
     .birth = D(2007, 6, 15),
     .today = T,
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .police_accepted = D(2024, 12, 1))},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},
    {.name = "missing 6 months only after the eve of 18: no referral",
     .birth = D(2007, 6, 15),
     .today = T,
     .fam = {FA(SIT_DEAD),
	     MOX(SIT_MISSING, .police_accepted = D(2024, 12, 14))},
     .nfam = 2,
     .aged_out = true,
     .codes = "aged_out"},
    {.name = "left-behind turning 18: no referral",
     .birth = D(2007, 6, 15),
     .today = T,
     .fam = {FA(SIT_MIGRANT), MO(SIT_MIGRANT)},
     .nfam = 2,
     .aged_out = true,
     .codes = "aged_out"},
    {.name = "born 29 Feb: orphan at 17 on 28 Feb 2026",
     .birth = D(2008, 2, 29),
     .today = D(2026, 2, 28),
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .cats = OR,
     .codes = "both_parents_dead"},
    {.name = "born 29 Feb: 18 on 1 Mar 2026, referral",
     .birth = D(2008, 2, 29),
     .today = D(2026, 3, 1),
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},
    {.name = "born 29 Feb: unsupported judged on 28 Feb 2026",
     .birth = D(2008, 2, 29),
     .today = D(2026, 3, 1),
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .police_accepted = D(2025, 8, 27))},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},
    {.name = "born 29 Feb: missing 6 months on 28 Feb 2026, no referral",
     .birth = D(2008, 2, 29),
     .today = D(2026, 3, 1),
     .fam = {FA(SIT_DEAD), MOX(SIT_MISSING, .police_accepted = D(2025, 8, 28))},
     .nfam = 2,
     .aged_out = true,
     .codes = "aged_out"},
    {.name = "aged out years ago, still referred",
     .birth = D(2000, 1, 1),
     .today = T,
     .fam = {FA(SIT_DEAD), MO(SIT_DEAD)},
     .nfam = 2,
     .aged_out = true,
     .referral = true,
     .codes = "aged_out employment_referral"},

    /* ---- facts the rules cannot judge ---- */
    {.name = "no birth date",
     .birth = D(0, 0, 0),
     .today = T,
     .aid = AID_DIBAO,
     .codes = "birth_date_invalid"},
    {.name = "birth after today",
     .birth = D(2025, 6, 16),
     .today = T,
     .aid = AID_DIBAO,
     .codes = "birth_date_invalid"},
};

static void build(const struct rule_case *c, struct child_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->birth = c->birth;
	f->sex = SEX_FEMALE;
	f->has_hukou = !(c->opts & O_NO_HUKOU);
	f->rural_hukou = !(c->opts & O_URBAN);
	f->school = c->school;
	f->health = c->health;
	f->serious_illness = c->opts & O_SERIOUS;
	f->disability_grade = c->health == HEALTH_DISABLED ? 2 : 0;
	f->assistance = c->aid;
	f->economic_hardship = c->opts & O_HARDSHIP;
	f->guardian = c->guardian ? (enum guardian_type)(c->guardian - 1)
				  : GUARDIAN_PARENTS;
	f->guardianship =
	    c->level ? (enum guardianship_level)(c->level - 1) : GL_GOOD;
	f->harm_confirmed = c->opts & O_HARM;
	f->in_institution = c->opts & O_INSTITUTION;
	f->lives_alone = c->opts & O_ALONE;
	f->nfamily = c->nfam;
	memcpy(f->family, c->fam, sizeof(c->fam));
}

/* is `code` one of the space-separated words of `list`? */
static bool has_word(const char *list, const char *code)
{
	size_t n = strlen(code);

	for (const char *p = list; (p = strstr(p, code)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static int count_words(const char *list)
{
	int n = 0;

	for (const char *p = list; *p; p++)
		if (*p != ' ' && (p == list || p[-1] == ' '))
			n++;
	return n;
}

static bool one_bit_or_zero(unsigned v)
{
	return !(v & (v - 1));
}

/* texts are fixed: Chinese first, and never a number long enough to be an
 * ID number, a phone or a date */
static void check_text(const char *name, const char *t)
{
	int run = 0;

	if (!t || (unsigned char)t[0] < 0xe0)
		fail_msg("%s: reason text not Chinese-first", name);
	for (; *t; t++) {
		run = *t >= '0' && *t <= '9' ? run + 1 : 0;
		if (run > 2)
			fail_msg("%s: digits in a reason text", name);
	}
}

static void check_case(const struct rule_case *c)
{
	struct child_facts f;
	struct derivation d;
	unsigned cats = 0, flags = 0;

	build(c, &f);
	memset(&d, 0x5a, sizeof(d));
	child_derive(&f, c->today, &d);
	if (d.categories != c->cats)
		fail_msg("%s: categories %#x, want %#x", c->name, d.categories,
			 c->cats);
	if (d.key_flags != c->flags)
		fail_msg("%s: key flags %#x, want %#x", c->name, d.key_flags,
			 c->flags);
	if (d.aged_out != c->aged_out || d.employment_referral != c->referral)
		fail_msg("%s: aged_out %d referral %d", c->name, d.aged_out,
			 d.employment_referral);
	if (d.nreasons < 0 || d.nreasons > CHILD_REASONS_MAX)
		fail_msg("%s: %d reasons", c->name, d.nreasons);
	for (int i = 0; i < d.nreasons; i++) {
		const struct reason *r = &d.reasons[i];

		if (!r->code || !has_word(c->codes, r->code))
			fail_msg("%s: unexpected reason %s", c->name,
				 r->code ? r->code : "(null)");
		if (!one_bit_or_zero(r->category) ||
		    !one_bit_or_zero(r->key_flag) ||
		    (r->category && r->key_flag))
			fail_msg("%s: reason %s has several bits", c->name,
				 r->code);
		check_text(c->name, r->text);
		cats |= r->category;
		flags |= r->key_flag;
	}
	if (d.nreasons != count_words(c->codes))
		fail_msg("%s: %d reasons, want \"%s\"", c->name, d.nreasons,
			 c->codes);
	/* every category and flag comes with a reason, and only those do */
	if (cats != d.categories || flags != d.key_flags)
		fail_msg("%s: reasons do not explain the result", c->name);
}

static void rules_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		check_case(&cases[i]);
	print_message("%zu rule cases\n", NELEM(cases));
}

/* every category, flag and reason code appears in some case */
static void table_covers_everything(void **state)
{
	static const char *const codes[] = {
	    "both_parents_migrant",
	    "one_parent_migrant_other_unable",
	    "both_parents_dead",
	    "both_parents_unable_to_support",
	    "one_parent_dead_other_unable_to_support",
	    "parent_in_prison",
	    "parent_in_drug_rehab",
	    "assistance_dibao",
	    "assistance_tekun",
	    "economic_hardship",
	    "own_disability",
	    "own_serious_illness",
	    "guardianship_none",
	    "guardianship_parent_incapable",
	    "guardian_none",
	    "harm_confirmed",
	    "poor_guardianship_none",
	    "poor_guardianship_parent_incapable",
	    "poor_guardianship_entrusted_incapable",
	    "dropout",
	    "not_in_school",
	    "no_hukou",
	    "ill",
	    "disabled",
	    "lives_alone_under_16",
	    "no_guardian_under_16",
	    "aged_out",
	    "employment_referral",
	    "birth_date_invalid",
	};
	unsigned cats = 0, flags = 0;

	(void)state;
	assert_true(NELEM(cases) >= 40);
	for (size_t i = 0; i < NELEM(cases); i++) {
		cats |= cases[i].cats;
		flags |= cases[i].flags;
	}
	assert_int_equal(cats, LB | OR | DF | DP | DD | DG | PD);
	assert_int_equal(flags, KEY_POOR_GUARDIANSHIP | KEY_OUT_OF_SCHOOL |
				    KEY_NO_HUKOU | KEY_ILL | KEY_DISABLED |
				    KEY_LIVING_ALONE);
	for (size_t k = 0; k < NELEM(codes); k++) {
		bool found = false;

		for (size_t i = 0; i < NELEM(cases) && !found; i++)
			found = has_word(cases[i].codes, codes[k]);
		if (!found)
			fail_msg("no case gives %s", codes[k]);
	}
}

/* the facts on the 6-month day change the category with no edit */
static void six_months_by_day(void **state)
{
	struct child_facts f;
	struct derivation d;
	struct date day = D(2025, 1, 1);

	(void)state;
	memset(&f, 0, sizeof(f));
	f.birth = B10;
	f.has_hukou = f.rural_hukou = true;
	f.guardian = GUARDIAN_GRANDPARENTS;
	f.guardianship = GL_FAIR;
	f.nfamily = 2;
	f.family[0].relation = REL_FATHER;
	f.family[0].situation = SIT_SEVERE_ILLNESS;
	f.family[1].relation = REL_MOTHER;
	f.family[1].situation = SIT_MISSING;
	f.family[1].police_accepted = D(2024, 8, 31);
	/* more than 6 months after 31 Aug 2024 is from 1 Mar 2025 */
	for (int i = 0; i < 90; i++) {
		bool want = date_cmp(day, D(2025, 3, 1)) >= 0;

		child_derive(&f, day, &d);
		assert_int_equal(!!(d.categories & DF), want);
		day = date_add_months(day, 0);
		day.d++;
		if (!date_valid(day)) {
			day.d = 1;
			day = date_add_months(day, 1);
		}
	}
}

struct enum_case {
	const char *id;
	int (*from)(const char *);
	int value;
};

static const struct enum_case enum_cases[] = {
    {"not_enrolled", school_status_from, SCHOOL_NOT_ENROLLED},
    {"kindergarten", school_status_from, SCHOOL_KINDERGARTEN},
    {"primary", school_status_from, SCHOOL_PRIMARY},
    {"junior", school_status_from, SCHOOL_JUNIOR},
    {"senior", school_status_from, SCHOOL_SENIOR},
    {"vocational", school_status_from, SCHOOL_VOCATIONAL},
    {"dropout", school_status_from, SCHOOL_DROPOUT},
    {"not_in_school", school_status_from, SCHOOL_NOT_IN_SCHOOL},
    {"home_teaching", school_status_from, SCHOOL_HOME_TEACHING},
    {"healthy", health_from, HEALTH_HEALTHY},
    {"ill", health_from, HEALTH_ILL},
    {"disabled", health_from, HEALTH_DISABLED},
    {"father", relation_from, REL_FATHER},
    {"mother", relation_from, REL_MOTHER},
    {"grandfather", relation_from, REL_GRANDFATHER},
    {"grandmother", relation_from, REL_GRANDMOTHER},
    {"sibling", relation_from, REL_SIBLING},
    {"relative", relation_from, REL_RELATIVE},
    {"other", relation_from, REL_OTHER},
    {"home", situation_from, SIT_HOME},
    {"migrant", situation_from, SIT_MIGRANT},
    {"prison", situation_from, SIT_PRISON},
    {"drug_rehab", situation_from, SIT_DRUG_REHAB},
    {"detained_other", situation_from, SIT_DETAINED_OTHER},
    {"missing", situation_from, SIT_MISSING},
    {"severe_disability", situation_from, SIT_SEVERE_DISABILITY},
    {"severe_illness", situation_from, SIT_SEVERE_ILLNESS},
    {"dead", situation_from, SIT_DEAD},
    {"declared_missing", situation_from, SIT_DECLARED_MISSING},
    {"guardianship_revoked", situation_from, SIT_GUARDIANSHIP_REVOKED},
    {"deported", situation_from, SIT_DEPORTED},
    {"parents", guardian_type_from, GUARDIAN_PARENTS},
    {"one_parent", guardian_type_from, GUARDIAN_ONE_PARENT},
    {"grandparents", guardian_type_from, GUARDIAN_GRANDPARENTS},
    {"relative", guardian_type_from, GUARDIAN_RELATIVE},
    {"entrusted", guardian_type_from, GUARDIAN_ENTRUSTED},
    {"institution", guardian_type_from, GUARDIAN_INSTITUTION},
    {"none", guardian_type_from, GUARDIAN_NONE},
    {"none", guardianship_level_from, GL_NONE},
    {"parent_incapable", guardianship_level_from, GL_PARENT_INCAPABLE},
    {"entrusted_incapable", guardianship_level_from, GL_ENTRUSTED_INCAPABLE},
    {"fair", guardianship_level_from, GL_FAIR},
    {"good", guardianship_level_from, GL_GOOD},
    {"dibao", assistance_from, AID_DIBAO},
    {"tekun", assistance_from, AID_TEKUN},
    {"temporary", assistance_from, AID_TEMPORARY},
    {"medical", assistance_from, AID_MEDICAL},
    {"housing", assistance_from, AID_HOUSING},
    {"orphan_allowance", assistance_from, AID_ORPHAN},
    {"unsupported_allowance", assistance_from, AID_UNSUPPORTED},
};

static const char *to_id(int (*from)(const char *), int v)
{
	if (from == school_status_from)
		return school_status_id((enum school_status)v);
	if (from == health_from)
		return health_id((enum health)v);
	if (from == relation_from)
		return relation_id((enum relation)v);
	if (from == situation_from)
		return situation_id((enum situation)v);
	if (from == guardian_type_from)
		return guardian_type_id((enum guardian_type)v);
	if (from == guardianship_level_from)
		return guardianship_level_id((enum guardianship_level)v);
	return assistance_id((enum assistance)v);
}

static void enum_strings(void **state)
{
	int (*const froms[])(const char *) = {
	    school_status_from, health_from,	    relation_from,
	    situation_from,	guardian_type_from, guardianship_level_from,
	    assistance_from,
	};

	(void)state;
	for (size_t i = 0; i < NELEM(enum_cases); i++) {
		const struct enum_case *c = &enum_cases[i];

		if (c->from(c->id) != c->value)
			fail_msg("from(\"%s\") = %d", c->id, c->from(c->id));
		assert_string_equal(to_id(c->from, c->value), c->id);
	}
	for (size_t i = 0; i < NELEM(froms); i++) {
		assert_int_equal(froms[i]("unknown"), -1);
		assert_int_equal(froms[i](""), -1);
		assert_int_equal(froms[i](NULL), -1);
		assert_int_equal(froms[i]("Father"), -1);
		assert_string_equal(to_id(froms[i], 99), "");
		assert_string_equal(to_id(froms[i], -1), "");
	}
	assert_string_equal(assistance_id((enum assistance)0), "");
	assert_string_equal(assistance_id((enum assistance)3), "");
}

static void category_and_flag_ids(void **state)
{
	(void)state;
	assert_string_equal(category_id(CAT_LEFT_BEHIND), "left_behind");
	assert_string_equal(category_id(CAT_ORPHAN_DISPERSED),
			    "orphan_dispersed");
	assert_string_equal(category_id(CAT_DE_FACTO_UNSUPPORTED),
			    "de_facto_unsupported");
	assert_string_equal(category_id(CAT_DIFFICULT_POVERTY),
			    "difficult_poverty");
	assert_string_equal(category_id(CAT_DIFFICULT_DISABILITY),
			    "difficult_disability");
	assert_string_equal(category_id(CAT_DIFFICULT_GUARDIANSHIP),
			    "difficult_guardianship");
	assert_string_equal(category_id(CAT_PARENT_DETAINED),
			    "parent_detained");
	assert_string_equal(category_id((enum category)(1 << 7)), "");
	assert_string_equal(category_id((enum category)0), "");
	assert_string_equal(category_id((enum category)3), "");
	assert_string_equal(key_flag_id(KEY_POOR_GUARDIANSHIP),
			    "poor_guardianship");
	assert_string_equal(key_flag_id(KEY_OUT_OF_SCHOOL), "out_of_school");
	assert_string_equal(key_flag_id(KEY_NO_HUKOU), "no_hukou");
	assert_string_equal(key_flag_id(KEY_ILL), "ill");
	assert_string_equal(key_flag_id(KEY_DISABLED), "disabled");
	assert_string_equal(key_flag_id(KEY_LIVING_ALONE), "living_alone");
	assert_string_equal(key_flag_id((enum key_flag)(1 << 6)), "");
	assert_string_equal(key_flag_id((enum key_flag)(1u << 31)), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rules_table),
	    cmocka_unit_test(table_covers_everything),
	    cmocka_unit_test(six_months_by_day),
	    cmocka_unit_test(enum_strings),
	    cmocka_unit_test(category_and_flag_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
