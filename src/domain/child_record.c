#include "domain/child_record.h"

#include <string.h>

#include "util/banned.h"

static struct date parse(const char *s)
{
	struct date d = {0, 0, 0};

	if (s[0])
		date_parse(s, strlen(s), &d);
	return d;
}

void child_record_facts(const struct child_record *r, struct child_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->birth = parse(r->birth_date);
	f->sex = r->sex;
	f->has_hukou = !r->no_hukou;
	f->rural_hukou = r->rural_hukou;
	f->school = r->school;
	f->health = r->health;
	f->serious_illness = r->serious_illness;
	f->disability_grade = r->disability_grade;
	f->assistance = r->assistance;
	f->economic_hardship = r->economic_hardship;
	f->guardian = r->guardian.type;
	f->guardianship = r->guardianship;
	f->in_institution = r->guardian.type == GUARDIAN_INSTITUTION;
	f->lives_alone = r->lives_alone;
	f->nfamily = r->nfamily;
	for (int i = 0; i < r->nfamily; i++) {
		const struct member_record *m = &r->family[i];
		struct member_facts *mf = &f->family[i];

		mf->relation = m->relation;
		mf->situation = m->situation;
		mf->since = parse(m->since);
		mf->until = parse(m->until);
		mf->police_accepted = parse(m->police_accepted);
		mf->disability_grade = m->disability_grade;
		mf->disability_mental = m->disability_mental;
	}
}
