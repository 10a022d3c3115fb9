/*
 * A child's dossier (一人一档) as services and repositories pass it.
 *
 * Fields marked [id] identify a person. Inside the service they hold plain
 * text; between the service and the store (src/store/child_repo.c) they
 * hold the sealed text of crypto/secret.h, sized by SEALED(). Plain
 * values; no owned memory.
 */
#ifndef GA_DOMAIN_CHILD_RECORD_H
#define GA_DOMAIN_CHILD_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/child.h"

/* room for the sealed form of n plain bytes: "v1:" + base64(24 + n + 16) */
#define SEALED(n) (((n) + 40 + 2) / 3 * 4 + 8)

#define CHILD_NAME_MAX	64
#define CHILD_TEXT_MAX	200 /* addresses, reasons, places */
#define CHILD_NOTES_MAX 1000
#define CHILD_SHORT_MAX 64 /* ethnicity, grade, categories of disability */

struct member_record {
	enum relation relation;
	char name[SEALED(CHILD_NAME_MAX)]; /* [id] */
	char id_number[SEALED(18)];	   /* [id] */
	char birth_date[11];
	char phone[SEALED(20)]; /* [id] */
	enum situation situation;
	char since[11];
	char until[11];
	char police_accepted[11];
	char work_place[CHILD_TEXT_MAX + 1]; /* province and city only */
	int disability_grade;
	bool disability_mental;
	char contact[16]; /* weekly, monthly, rarely, never */
};

struct guardian_record {
	enum guardian_type type;
	/* the entrusted guardian (委托监护人), when type is entrusted */
	char name[CHILD_NAME_MAX + 1]; /* [id] */
	char id_number[19];	       /* [id] */
	char phone[21];		       /* [id] */
	char relation[CHILD_SHORT_MAX + 1];
	char address[CHILD_TEXT_MAX + 1]; /* [id] */
};

struct child_record {
	int64_t id;
	char region[13]; /* the village (jurisdiction) */
	int64_t version;
	bool archived;
	char archive_reason[32];
	char name[SEALED(CHILD_NAME_MAX)]; /* [id] */
	char id_number[SEALED(18)];	   /* [id] "" when no_hukou */
	char id_index[8];		   /* blind index bucket */
	bool no_hukou;
	char no_hukou_reason[SEALED(CHILD_TEXT_MAX)]; /* [id] */
	enum sex sex;
	char birth_date[11];
	char ethnicity[CHILD_SHORT_MAX + 1];
	char hukou_place[CHILD_TEXT_MAX + 1];
	bool rural_hukou;
	char address[SEALED(CHILD_TEXT_MAX)]; /* [id] */
	enum school_status school;
	char school_since[11];
	bool boarding;
	char school_name[CHILD_TEXT_MAX + 1];
	char grade[CHILD_SHORT_MAX + 1];
	enum health health;
	char illness[SEALED(CHILD_TEXT_MAX)]; /* [id] health detail */
	bool serious_illness;
	char disability_category[CHILD_SHORT_MAX + 1];
	int disability_grade;
	unsigned assistance; /* enum assistance bits */
	bool economic_hardship;
	struct guardian_record guardian; /* sealed as one blob */
	char guardian_sealed[SEALED(600)];
	enum guardianship_level guardianship;
	bool lives_alone;
	char notes[SEALED(CHILD_NOTES_MAX)]; /* [id] */
	unsigned categories;		     /* derived */
	unsigned key_flags;		     /* derived */
	char created_at[24];
	int64_t created_by;
	char updated_at[24];
	int64_t updated_by;
	struct member_record family[CHILD_FAMILY_MAX];
	int nfamily;
};

/* The rule inputs of a (plain) record. */
void child_record_facts(const struct child_record *r, struct child_facts *f);

/* A dossier with what the rules derive from it: what readers are shown. */
struct child_view {
	struct child_record rec; /* plain */
	struct derivation derived;
};

#endif
