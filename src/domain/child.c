/*
 * The policy rules that derive a child's categories and key-child flags
 * from the facts of the dossier (POLICY.md, "Rules the domain code
 * encodes"). Pure: the same facts and `today` always give the same
 * derivation. Reasons carry fixed texts only, never names or ID numbers.
 *
 * Parents are the first family member with relation father and the first
 * with relation mother. A parent who is not recorded at all has no
 * situation: every rule that needs both parents then does not fire, so a
 * father who "cannot be found" must be recorded (as missing, declared
 * missing …) for the child to be counted.
 */
#include "domain/child.h"

#include <string.h>

#include "util/banned.h"

/*
 * Thresholds, each with its source. (POLICY.md wants the ones not yet
 * confirmed to become data; these are all stated in the cited documents.)
 */
enum {
	/* 国发〔2016〕13号 一(一): 农村留守儿童 are 不满十六周岁 */
	LEFT_BEHIND_AGE_LIMIT = 16,
	/* 未成年人保护法 Art. 2 (未满十八周岁); 国办发〔2010〕54号 孤儿,
	 * 民发〔2019〕62号 事实无人抚养儿童, 国发〔2016〕36号 困境儿童 */
	MINOR_AGE_LIMIT = 18,
	/* 民发〔2019〕62号 二(一): 服刑在押、强制隔离戒毒或被执行其他限制人身
	 * 自由的措施且期限在6个月以上 */
	DETENTION_MIN_MONTHS = 6,
	/* 民发〔2019〕62号 as extended by 民发〔2020〕125号: 失联超过6个月,
	 * counted from the day the police accepted the report (立案/受案) */
	MISSING_MIN_MONTHS = 6,
	/* 民发〔2019〕62号: 重残 = 一级、二级残疾, or 三级、四级精神、智力残疾
	 */
	SEVERE_DISABILITY_GRADE_MAX = 2,
	MENTAL_DISABILITY_GRADE_MAX = 4,
	/* 义务教育法 Art. 11: schooling starts at 满六周岁; the ledger's
	 * 不在学 column covers 14–16, so out-of-school counts to 16 inclusive
	 */
	SCHOOL_AGE_MIN = 6,
	OUT_OF_SCHOOL_AGE_MAX = 16,
	/* 未成年人保护法 Art. 21: 不得使未满十六周岁的未成年人脱离监护单独生活
	 */
	LIVING_ALONE_AGE_LIMIT = 16,
};

struct parents {
	const struct member_facts *father;
	const struct member_facts *mother;
};

static struct parents find_parents(const struct child_facts *f)
{
	struct parents p = {NULL, NULL};
	int n = f->nfamily;

	if (n > CHILD_FAMILY_MAX)
		n = CHILD_FAMILY_MAX;
	for (int i = 0; i < n; i++) {
		const struct member_facts *m = &f->family[i];

		if (m->relation == REL_FATHER && !p.father)
			p.father = m;
		else if (m->relation == REL_MOTHER && !p.mother)
			p.mother = m;
	}
	return p;
}

static bool is_detention(enum situation s)
{
	return s == SIT_PRISON || s == SIT_DRUG_REHAB ||
	       s == SIT_DETAINED_OTHER;
}

/*
 * A detention counts while it lasts: no end date, or today on or before
 * it. A parent whose recorded end date has passed is taken as released.
 */
static bool detention_active(const struct member_facts *m, struct date today)
{
	return is_detention(m->situation) &&
	       (!date_valid(m->until) || date_cmp(today, m->until) <= 0);
}

/* 死亡 (including declared dead) or 宣告失踪 by a court */
static bool is_dead(const struct member_facts *m)
{
	return m && (m->situation == SIT_DEAD ||
		     m->situation == SIT_DECLARED_MISSING);
}

/* 国发〔2016〕13号: the parent at home "cannot act as guardian" */
static bool unable_guardian(const struct member_facts *m, struct date today)
{
	if (!m)
		return false;
	switch (m->situation) {
	case SIT_PRISON:
	case SIT_DRUG_REHAB:
	case SIT_DETAINED_OTHER: return detention_active(m, today);
	case SIT_MISSING:
	case SIT_SEVERE_DISABILITY:
	case SIT_SEVERE_ILLNESS:
	case SIT_DEAD:
	case SIT_DECLARED_MISSING:
	case SIT_GUARDIANSHIP_REVOKED:
	case SIT_DEPORTED: return true;
	case SIT_HOME:
	case SIT_MIGRANT: return false;
	}
	return false;
}

static bool is_migrant(const struct member_facts *m)
{
	return m && m->situation == SIT_MIGRANT;
}

/*
 * Detention of at least DETENTION_MIN_MONTHS. With an end date the known
 * span is since → until; without `since` the detention is known to run at
 * least from today, so today → until is used. Without an end date it
 * qualifies once today reaches since + 6 months.
 */
static bool detention_qualifies(const struct member_facts *m, struct date today)
{
	struct date start;

	if (!detention_active(m, today))
		return false;
	if (date_valid(m->until)) {
		start = date_valid(m->since) ? m->since : today;
		return date_cmp(date_add_months(start, DETENTION_MIN_MONTHS),
				m->until) <= 0;
	}
	if (!date_valid(m->since))
		return false;
	return date_cmp(today,
			date_add_months(m->since, DETENTION_MIN_MONTHS)) >= 0;
}

/* 失联 for more than 6 months from the police's acceptance, strictly */
static bool missing_qualifies(const struct member_facts *m, struct date today)
{
	if (!date_valid(m->police_accepted))
		return false;
	return date_cmp(today, date_add_months(m->police_accepted,
					       MISSING_MIN_MONTHS)) > 0;
}

static bool severe_disability_qualifies(const struct member_facts *m)
{
	if (m->disability_grade >= 1 &&
	    m->disability_grade <= SEVERE_DISABILITY_GRADE_MAX)
		return true;
	return m->disability_mental &&
	       m->disability_grade > SEVERE_DISABILITY_GRADE_MAX &&
	       m->disability_grade <= MENTAL_DISABILITY_GRADE_MAX;
}

/* one of the situations of 民发〔2019〕62号 / 〔2020〕125号 */
static bool unsupported_qualifies(const struct member_facts *m,
				  struct date today)
{
	if (!m)
		return false;
	switch (m->situation) {
	case SIT_SEVERE_DISABILITY: return severe_disability_qualifies(m);
	case SIT_SEVERE_ILLNESS:
	case SIT_GUARDIANSHIP_REVOKED:
	case SIT_DEPORTED: return true;
	case SIT_PRISON:
	case SIT_DRUG_REHAB:
	case SIT_DETAINED_OTHER: return detention_qualifies(m, today);
	case SIT_MISSING: return missing_qualifies(m, today);
	case SIT_HOME:
	case SIT_MIGRANT:
	case SIT_DEAD:
	case SIT_DECLARED_MISSING: return false;
	}
	return false;
}

/*
 * 国办发〔2010〕54号: 失去父母、查找不到生父母. Only death (or declared
 * death) and a court's declaration of missing count as "cannot be found":
 * a parent merely reported missing to the police is covered by the
 * de-facto-unsupported rule (after 6 months) instead.
 */
static bool is_orphan(struct parents p)
{
	return is_dead(p.father) && is_dead(p.mother);
}

enum unsupported_kind { UNSUPPORTED_NO = 0, UNSUPPORTED_BOTH, UNSUPPORTED_ONE };

static enum unsupported_kind de_facto_unsupported(struct parents p,
						  struct date today)
{
	bool qf = unsupported_qualifies(p.father, today);
	bool qm = unsupported_qualifies(p.mother, today);

	if (is_orphan(p))
		return UNSUPPORTED_NO;
	if (qf && qm)
		return UNSUPPORTED_BOTH;
	if ((is_dead(p.father) && qm) || (is_dead(p.mother) && qf))
		return UNSUPPORTED_ONE;
	return UNSUPPORTED_NO;
}

/* the n-th birthday, on 1 Mar in common years for a 29 Feb birth */
static struct date birthday(struct date birth, int n)
{
	struct date r = date_add_years(birth, n);

	if (birth.m == 2 && birth.d == 29 && r.m == 2 && r.d == 28) {
		r.m = 3;
		r.d = 1;
	}
	return r;
}

static struct date day_before(struct date d)
{
	struct date p = d;

	if (d.d > 1) {
		p.d--;
		return p;
	}
	p.d = 1;
	p = date_add_months(p, -1);
	if (!date_is_set(p))
		return p;
	for (p.d = 31; !date_valid(p); p.d--)
		;
	return p;
}

static void add_reason(struct derivation *out, unsigned category,
		       unsigned key_flag, const char *code, const char *text)
{
	struct reason *r;

	if (out->nreasons >= CHILD_REASONS_MAX)
		return;
	r = &out->reasons[out->nreasons++];
	r->category = category;
	r->key_flag = key_flag;
	r->code = code;
	r->text = text;
	out->categories |= category;
	out->key_flags |= key_flag;
}

static void rule_left_behind(const struct child_facts *f, struct parents p,
			     struct date today, int age, struct derivation *out)
{
	if (age >= LEFT_BEHIND_AGE_LIMIT || !f->rural_hukou ||
	    f->in_institution)
		return;
	if (is_migrant(p.father) && is_migrant(p.mother))
		add_reason(out, CAT_LEFT_BEHIND, 0, "both_parents_migrant",
			   "父母均外出务工 (both parents work away)");
	else if ((is_migrant(p.father) && unable_guardian(p.mother, today)) ||
		 (is_migrant(p.mother) && unable_guardian(p.father, today)))
		add_reason(
		    out, CAT_LEFT_BEHIND, 0, "one_parent_migrant_other_unable",
		    "父母一方外出务工、另一方无监护能力 (one parent works "
		    "away, the other cannot act as guardian)");
}

static void rule_orphan_unsupported(const struct child_facts *f,
				    struct parents p, struct date today,
				    struct derivation *out)
{
	if (is_orphan(p)) {
		if (!f->in_institution)
			add_reason(
			    out, CAT_ORPHAN_DISPERSED, 0, "both_parents_dead",
			    "父母双亡或被宣告死亡、失踪，在福利机构外生活 "
			    "(both parents dead or declared dead or "
			    "missing; living outside a welfare "
			    "institution)");
		return;
	}
	switch (de_facto_unsupported(p, today)) {
	case UNSUPPORTED_BOTH:
		add_reason(
		    out, CAT_DE_FACTO_UNSUPPORTED, 0,
		    "both_parents_unable_to_support",
		    "父母双方均重残、重病、服刑在押、强制隔离戒毒、被限制"
		    "人身自由6个月以上、失联超过6个月、被撤销监护资格或"
		    "被遣送（驱逐）出境 (both parents are each severely "
		    "disabled or ill, detained for 6 months or more, "
		    "missing for over 6 months, stripped of "
		    "guardianship or deported)");
		break;
	case UNSUPPORTED_ONE:
		add_reason(
		    out, CAT_DE_FACTO_UNSUPPORTED, 0,
		    "one_parent_dead_other_unable_to_support",
		    "父母一方死亡或失踪，另一方重残、重病、服刑在押、强制"
		    "隔离戒毒、被限制人身自由6个月以上、失联超过6个月、被"
		    "撤销监护资格或被遣送（驱逐）出境 (one parent dead "
		    "or missing, the other unable to support the child)");
		break;
	case UNSUPPORTED_NO: break;
	}
}

static void rule_parent_detained(struct parents p, struct date today,
				 struct derivation *out)
{
	const struct member_facts *ps[2] = {p.father, p.mother};
	bool prison = false, rehab = false;

	for (int i = 0; i < 2; i++) {
		if (!ps[i] || !detention_active(ps[i], today))
			continue;
		if (ps[i]->situation == SIT_PRISON)
			prison = true;
		else if (ps[i]->situation == SIT_DRUG_REHAB)
			rehab = true;
	}
	if (prison)
		add_reason(out, CAT_PARENT_DETAINED, 0, "parent_in_prison",
			   "父或母服刑在押 (a parent is in prison)");
	if (rehab)
		add_reason(out, CAT_PARENT_DETAINED, 0, "parent_in_drug_rehab",
			   "父或母强制隔离戒毒 (a parent is in compulsory drug "
			   "rehabilitation)");
}

/* 国发〔2016〕36号 二(二): the three kinds of 困境儿童 */
static void rule_difficult(const struct child_facts *f, struct derivation *out)
{
	if (f->assistance & AID_DIBAO)
		add_reason(out, CAT_DIFFICULT_POVERTY, 0, "assistance_dibao",
			   "家庭享受最低生活保障 (the family receives dibao)");
	if (f->assistance & AID_TEKUN)
		add_reason(out, CAT_DIFFICULT_POVERTY, 0, "assistance_tekun",
			   "特困人员救助供养 (supported as a person in extreme "
			   "poverty)");
	if (f->economic_hardship)
		add_reason(out, CAT_DIFFICULT_POVERTY, 0, "economic_hardship",
			   "家庭贫困导致生活、就医、就学困难 (family poverty "
			   "causes difficulty in living, medical care or "
			   "schooling)");

	if (f->health == HEALTH_DISABLED)
		add_reason(out, CAT_DIFFICULT_DISABILITY, 0, "own_disability",
			   "儿童本人残疾 (the child is disabled)");
	else if (f->health == HEALTH_ILL && f->serious_illness)
		add_reason(out, CAT_DIFFICULT_DISABILITY, 0,
			   "own_serious_illness",
			   "儿童本人患重病 (the child has a serious illness)");

	/*
	 * Lack or failure of guardianship, from the facts that say so. Being
	 * an orphan or de-facto unsupported does not by itself add this
	 * category: those children have their own.
	 */
	if (f->guardianship == GL_NONE)
		add_reason(out, CAT_DIFFICULT_GUARDIANSHIP, 0,
			   "guardianship_none",
			   "无人监护 (no one exercises guardianship)");
	else if (f->guardianship == GL_PARENT_INCAPABLE)
		add_reason(out, CAT_DIFFICULT_GUARDIANSHIP, 0,
			   "guardianship_parent_incapable",
			   "父或母无监护能力 (a parent is incapable of "
			   "guardianship)");
	if (f->guardian == GUARDIAN_NONE)
		add_reason(
		    out, CAT_DIFFICULT_GUARDIANSHIP, 0, "guardian_none",
		    "无实际监护人 (no one actually cares for the child)");
	if (f->harm_confirmed)
		add_reason(
		    out, CAT_DIFFICULT_GUARDIANSHIP, 0, "harm_confirmed",
		    "经核实遭受虐待、遗弃、意外伤害或不法侵害 (confirmed "
		    "abuse, abandonment, injury or infringement)");
}

/* 重点儿童, 渝民发〔2020〕23号 附件3 item 4 */
static void rule_key_flags(const struct child_facts *f, int age,
			   struct derivation *out)
{
	if (f->guardianship == GL_NONE)
		add_reason(out, 0, KEY_POOR_GUARDIANSHIP,
			   "poor_guardianship_none",
			   "监护缺失：无人监护 "
			   "(poor guardianship: no guardianship)");
	else if (f->guardianship == GL_PARENT_INCAPABLE)
		add_reason(out, 0, KEY_POOR_GUARDIANSHIP,
			   "poor_guardianship_parent_incapable",
			   "监护缺失：父或母无监护能力 (poor guardianship: "
			   "parent incapable)");
	else if (f->guardianship == GL_ENTRUSTED_INCAPABLE)
		add_reason(out, 0, KEY_POOR_GUARDIANSHIP,
			   "poor_guardianship_entrusted_incapable",
			   "监护缺失：受委托监护人监护能力不足 (poor "
			   "guardianship: entrusted guardian not capable "
			   "enough)");

	/* 不在学 is itself recorded only for 14–16: no age check */
	if (f->school == SCHOOL_DROPOUT && age >= SCHOOL_AGE_MIN &&
	    age <= OUT_OF_SCHOOL_AGE_MAX)
		add_reason(out, 0, KEY_OUT_OF_SCHOOL, "dropout",
			   "辍学 (dropped out of school)");
	else if (f->school == SCHOOL_NOT_IN_SCHOOL)
		add_reason(out, 0, KEY_OUT_OF_SCHOOL, "not_in_school",
			   "不在学 (not in school)");

	if (!f->has_hukou)
		add_reason(out, 0, KEY_NO_HUKOU, "no_hukou",
			   "无户籍 (no household registration)");
	if (f->health == HEALTH_ILL)
		add_reason(out, 0, KEY_ILL, "ill", "患病 (ill)");
	if (f->health == HEALTH_DISABLED)
		add_reason(out, 0, KEY_DISABLED, "disabled", "残疾 (disabled)");

	if (age < LIVING_ALONE_AGE_LIMIT) {
		if (f->lives_alone)
			add_reason(out, 0, KEY_LIVING_ALONE,
				   "lives_alone_under_16",
				   "未满16周岁单独居住 (under 16 and living "
				   "alone)");
		else if (f->guardian == GUARDIAN_NONE)
			add_reason(out, 0, KEY_LIVING_ALONE,
				   "no_guardian_under_16",
				   "未满16周岁无人看护 (under 16 without a "
				   "guardian)");
	}
}

/*
 * 18 and over: every category ends and the dossier is archived. Orphans
 * (in an institution or not: 五(三) 人社 names all orphans) and de-facto
 * unsupported children are referred for employment help, judged by the
 * facts as they stand on the day before the 18th birthday.
 */
static void rule_aged_out(const struct child_facts *f, struct parents p,
			  struct derivation *out)
{
	struct date eve = day_before(birthday(f->birth, MINOR_AGE_LIMIT));

	out->aged_out = true;
	add_reason(out, 0, 0, "aged_out",
		   "年满18周岁，档案归档 (turned 18: the dossier is archived)");
	if (is_orphan(p) || de_facto_unsupported(p, eve) != UNSUPPORTED_NO) {
		out->employment_referral = true;
		add_reason(out, 0, 0, "employment_referral",
			   "孤儿或事实无人抚养儿童年满18周岁，转介就业帮扶 "
			   "(orphan or de-facto unsupported child turned 18: "
			   "referred for employment help)");
	}
}

/*
 * A birth date that is missing, invalid or after `today` derives nothing
 * but the reason "birth_date_invalid": every rule depends on the age.
 */
void child_derive(const struct child_facts *f, struct date today,
		  struct derivation *out)
{
	struct parents p;
	int age;

	memset(out, 0, sizeof(*out));
	age = date_age(f->birth, today);
	if (age < 0) {
		add_reason(
		    out, 0, 0, "birth_date_invalid",
		    "出生日期缺失或无效 (birth date missing or invalid)");
		return;
	}
	p = find_parents(f);
	if (age >= MINOR_AGE_LIMIT) {
		rule_aged_out(f, p, out);
		return;
	}
	rule_left_behind(f, p, today, age, out);
	rule_orphan_unsupported(f, p, today, out);
	rule_parent_detained(p, today, out);
	rule_difficult(f, out);
	rule_key_flags(f, age, out);
}
