/*
 * The facts of a child's dossier that the policy rules read, and what the
 * rules derive from them: categories and key-child flags, each with its
 * reasons (POLICY.md, "Rules the domain code encodes"). Pure functions of
 * the facts and `today`: no I/O, no clock, no names or ID numbers.
 */
#ifndef GA_DOMAIN_CHILD_H
#define GA_DOMAIN_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/date.h"

enum sex { SEX_UNKNOWN = 0, SEX_MALE, SEX_FEMALE };

enum school_status {
	SCHOOL_NOT_ENROLLED = 0, /* 未入园 */
	SCHOOL_KINDERGARTEN,	 /* 幼儿园 */
	SCHOOL_PRIMARY,		 /* 小学 */
	SCHOOL_JUNIOR,		 /* 初中 */
	SCHOOL_SENIOR,		 /* 高中 */
	SCHOOL_VOCATIONAL,	 /* 中职 */
	SCHOOL_DROPOUT,		 /* 辍学 */
	SCHOOL_NOT_IN_SCHOOL,	 /* 不在学 (14–16) */
	SCHOOL_HOME_TEACHING,	 /* 送教上门 */
};

enum health { HEALTH_HEALTHY = 0, HEALTH_ILL, HEALTH_DISABLED };

enum relation {
	REL_FATHER = 0,
	REL_MOTHER,
	REL_GRANDFATHER,
	REL_GRANDMOTHER,
	REL_SIBLING,
	REL_RELATIVE,
	REL_OTHER,
};

enum situation {
	SIT_HOME = 0,		  /* at home */
	SIT_MIGRANT,		  /* 外出务工 */
	SIT_PRISON,		  /* 服刑在押 */
	SIT_DRUG_REHAB,		  /* 强制隔离戒毒 */
	SIT_DETAINED_OTHER,	  /* other restriction of liberty */
	SIT_MISSING,		  /* 失联 (police accepted a report) */
	SIT_SEVERE_DISABILITY,	  /* 重残 */
	SIT_SEVERE_ILLNESS,	  /* 重病 */
	SIT_DEAD,		  /* dead or declared dead */
	SIT_DECLARED_MISSING,	  /* declared missing by a court */
	SIT_GUARDIANSHIP_REVOKED, /* 撤销监护资格 */
	SIT_DEPORTED,		  /* 被遣送（驱逐）出境 */
};

enum guardian_type {
	GUARDIAN_PARENTS = 0,
	GUARDIAN_ONE_PARENT,
	GUARDIAN_GRANDPARENTS,
	GUARDIAN_RELATIVE,
	GUARDIAN_ENTRUSTED,
	GUARDIAN_INSTITUTION,
	GUARDIAN_NONE,
};

enum guardianship_level {
	GL_NONE = 0,		/* 无人监护 */
	GL_PARENT_INCAPABLE,	/* 父或母无监护能力 */
	GL_ENTRUSTED_INCAPABLE, /* 受委托监护人监护能力不足 */
	GL_FAIR,		/* 一般 */
	GL_GOOD,		/* 较好 */
};

enum assistance {
	AID_DIBAO = 1 << 0,	  /* 低保 */
	AID_TEKUN = 1 << 1,	  /* 特困 */
	AID_TEMPORARY = 1 << 2,	  /* 临时救助 */
	AID_MEDICAL = 1 << 3,	  /* 医疗救助 */
	AID_HOUSING = 1 << 4,	  /* 住房救助 */
	AID_ORPHAN = 1 << 5,	  /* 孤儿基本生活费 */
	AID_UNSUPPORTED = 1 << 6, /* 事实无人抚养儿童生活费 */
};

#define CHILD_FAMILY_MAX 16

struct member_facts {
	enum relation relation;
	enum situation situation;
	struct date since;	     /* when the situation began */
	struct date until;	     /* prison, rehab, detention: end date */
	struct date police_accepted; /* missing: the day police accepted it */
	int disability_grade;	     /* 1–4, 0 none */
	bool disability_mental;	     /* mental or intellectual disability */
};

struct child_facts {
	struct date birth;
	enum sex sex;
	bool has_hukou;	  /* false: 无户籍 */
	bool rural_hukou; /* 农村户籍 */
	enum school_status school;
	enum health health;
	bool serious_illness;	/* on the local list of serious illnesses */
	int disability_grade;	/* 1–4 when health is disabled */
	unsigned assistance;	/* enum assistance bits */
	bool economic_hardship; /* difficulty in living, medical care or
				   schooling */
	enum guardian_type guardian;
	enum guardianship_level guardianship;
	bool harm_confirmed; /* a confirmed harm from a report (later issue) */
	bool in_institution; /* lives in a welfare institution */
	bool lives_alone;    /* under 16 living alone without a guardian */
	struct member_facts family[CHILD_FAMILY_MAX];
	int nfamily;
};

enum category {
	CAT_LEFT_BEHIND = 1 << 0,
	CAT_ORPHAN_DISPERSED = 1 << 1,
	CAT_DE_FACTO_UNSUPPORTED = 1 << 2,
	CAT_DIFFICULT_POVERTY = 1 << 3,
	CAT_DIFFICULT_DISABILITY = 1 << 4,
	CAT_DIFFICULT_GUARDIANSHIP = 1 << 5,
	CAT_PARENT_DETAINED = 1 << 6,
};

enum key_flag {
	KEY_POOR_GUARDIANSHIP = 1 << 0,
	KEY_OUT_OF_SCHOOL = 1 << 1,
	KEY_NO_HUKOU = 1 << 2,
	KEY_ILL = 1 << 3,
	KEY_DISABLED = 1 << 4,
	KEY_LIVING_ALONE = 1 << 5,
};

#define CHILD_REASONS_MAX 24

struct reason {
	unsigned category; /* one enum category bit, or 0 */
	unsigned key_flag; /* one enum key_flag bit, or 0 */
	const char *code;  /* stable id, e.g. "both_parents_migrant" */
	const char *text;  /* Chinese first, English after */
};

struct derivation {
	unsigned categories;
	unsigned key_flags;
	bool aged_out;		  /* 18 or older: archive, not delete */
	bool employment_referral; /* orphan/unsupported reaching 18 */
	struct reason reasons[CHILD_REASONS_MAX];
	int nreasons;
};

/* Apply every rule to the facts as they stand on `today`. */
void child_derive(const struct child_facts *f, struct date today,
		  struct derivation *out);

const char *category_id(enum category c); /* "left_behind" … */
const char *key_flag_id(enum key_flag k); /* "poor_guardianship" … */

/* enum ↔ contract strings (POST /api/v1/children); -1 when unknown */
int school_status_from(const char *s);
const char *school_status_id(enum school_status s);
int health_from(const char *s);
const char *health_id(enum health h);
int relation_from(const char *s);
const char *relation_id(enum relation r);
int situation_from(const char *s);
const char *situation_id(enum situation s);
int guardian_type_from(const char *s);
const char *guardian_type_id(enum guardian_type g);
int guardianship_level_from(const char *s);
const char *guardianship_level_id(enum guardianship_level g);
int assistance_from(const char *s); /* one bit */
const char *assistance_id(enum assistance a);

#endif
