/*
 * The vocabularies of a home visit and its rules (domain/visit.h). The
 * parents' contact reuses the family `contact` ids of the dossier (weekly,
 * monthly, rarely, never, daily); the law asks for at least weekly.
 */
#include "domain/visit.h"

#include <string.h>

#include "util/banned.h"

struct term {
	const char *id;
	const char *zh;
};

static const struct term kinds[] = {
    {"regular", "定期走访"},   {"follow_up", "随访"},
    {"key_check", "重点核查"}, {"verification", "信息核实"},
    {"holiday", "节假日探访"},
};

static const struct term visitors[] = {
    {"director", "儿童主任"},
    {"supervisor", "儿童督导员"},
    {"social_org", "社会组织工作人员"},
};

static const struct term met[] = {
    {"child", "儿童本人"},
    {"guardian", "监护人"},
    {"entrusted_guardian", "受委托监护人"},
    {"parent", "父母"},
    {"teacher", "老师"},
    {"other", "其他人"},
};

static const struct term areas[] = {
    [VA_LIVING] = {"living", "生活状况"},
    [VA_GUARDIANSHIP] = {"guardianship", "监护情况"},
    [VA_SCHOOLING] = {"schooling", "就学情况"},
    [VA_HEALTH] = {"health", "身心健康"},
    [VA_SAFETY] = {"safety", "安全状况"},
    [VA_EMOTIONAL] = {"emotional", "情绪状态"},
};

static const struct term levels[] = {
    [VL_GOOD] = {"good", "良好"},
    [VL_FAIR] = {"fair", "一般"},
    [VL_POOR] = {"poor", "较差"},
    [VL_DANGER] = {"danger", "危险"},
};

static const struct term contacts[] = {
    {"daily", "每天"},	{"weekly", "每周"}, {"monthly", "每月"},
    {"rarely", "很少"}, {"never", "从不"},
};

static const struct term problems[] = {
    {"no_guardian_care", "无人照料"},
    {"guardian_incapable", "监护人无监护能力"},
    {"dropout_risk", "辍学风险"},
    {"illness_untreated", "患病未就医"},
    {"safety_hazard", "安全隐患"},
    {"emotional_distress", "心理情绪困扰"},
    {"contact_lacking", "父母联系不足"},
    {"living_hardship", "生活困难"},
    {VISIT_PROBLEM_SUSPECTED_HARM, "疑似遭受侵害"},
    {"other", "其他"},
};

static const struct term actions[] = {
    {"guidance", "指导监护"},
    {"assistance_applied", "申请救助"},
    {"referral", "转介"},
    {"report_made", "已强制报告"},
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const struct term *t;
	int n;
	const char *field;
} vocab[VV_COUNT] = {
    [VV_KIND] = {kinds, NELEM(kinds), "kind"},
    [VV_VISITOR] = {visitors, NELEM(visitors), "visitor_role"},
    [VV_MET] = {met, NELEM(met), "met"},
    [VV_AREA] = {areas, NELEM(areas), "findings"},
    [VV_LEVEL] = {levels, NELEM(levels), "level"},
    [VV_CONTACT] = {contacts, NELEM(contacts), "contact"},
    [VV_PROBLEM] = {problems, NELEM(problems), "problems"},
    [VV_ACTION] = {actions, NELEM(actions), "actions"},
};

int visit_vocab_size(enum visit_vocab v)
{
	return v >= 0 && v < VV_COUNT ? vocab[v].n : 0;
}

const char *visit_vocab_id(enum visit_vocab v, int i)
{
	return i >= 0 && i < visit_vocab_size(v) ? vocab[v].t[i].id : "";
}

const char *visit_vocab_zh(enum visit_vocab v, int i)
{
	return i >= 0 && i < visit_vocab_size(v) ? vocab[v].t[i].zh : "";
}

int visit_vocab_find(enum visit_vocab v, const char *s)
{
	int n = visit_vocab_size(v);

	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(vocab[v].t[i].id, s))
			return i;
	return -1;
}

const char *visit_vocab_field(enum visit_vocab v)
{
	return v >= 0 && v < VV_COUNT ? vocab[v].field : "";
}

bool visit_set_parse(enum visit_vocab v, const char *text, uint32_t *out)
{
	char word[32];
	const char *p = text ? text : "";

	*out = 0;
	while (*p) {
		size_t n = strcspn(p, " ");
		int i;

		if (!n || n >= sizeof(word))
			return false;
		memcpy(word, p, n);
		word[n] = '\0';
		i = visit_vocab_find(v, word);
		if (i < 0 || (*out & (1u << i)))
			return false;
		*out |= 1u << i;
		p += n;
		if (*p == ' ' && !*++p)
			return false; /* a trailing space */
	}
	return true;
}

void visit_set_format(enum visit_vocab v, uint32_t set, char *out, size_t size)
{
	size_t o = 0;

	if (!size)
		return;
	out[0] = '\0';
	for (int i = 0; i < visit_vocab_size(v); i++) {
		const char *id = vocab[v].t[i].id;
		size_t n = strlen(id);

		if (!(set & (1u << i)))
			continue;
		if (o + n + 2 > size)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, id, n + 1);
		o += n;
	}
}

enum visit_date_check visit_date_check(struct date visit, struct date birth,
				       struct date today)
{
	if (date_is_set(today) && date_cmp(visit, today) > 0)
		return VISIT_DATE_FUTURE;
	if (date_is_set(birth) && date_cmp(visit, birth) < 0)
		return VISIT_DATE_BEFORE_BIRTH;
	return VISIT_DATE_OK;
}

bool visit_harm_found(const int lv[VA_COUNT], uint32_t problem_set)
{
	int harm = visit_vocab_find(VV_PROBLEM, VISIT_PROBLEM_SUSPECTED_HARM);

	for (int i = 0; i < VA_COUNT; i++)
		if (lv[i] == VL_DANGER)
			return true;
	return (problem_set & (1u << harm)) != 0;
}

enum visit_edit visit_edit_rule(int64_t created, int64_t now)
{
	return now - created <= (int64_t)VISIT_EDIT_DAYS * 86400
		   ? VISIT_EDIT_OPEN
		   : VISIT_EDIT_CORRECTION;
}
