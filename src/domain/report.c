#include "domain/report.h"

#include <string.h>

#include "domain/date.h"
#include "util/banned.h"

const struct report_situation report_situations[] = {
    {"genital_injury", "未成年人的生殖器官或隐私部位遭受或疑似遭受非正常损伤",
     "genital or private-part injury", BASIS_OPINION_2020},
    {"sexual_abuse_under14",
     "不满十四周岁的女性未成年人遭受或疑似遭受性侵害、怀孕、流产",
     "suspected sexual abuse, pregnancy or abortion of a girl under 14",
     BASIS_OPINION_2020},
    {"pregnancy_abuse_14plus",
     "十四周岁以上女性未成年人疑似因遭受性侵害怀孕、流产",
     "pregnancy or abortion from suspected sexual abuse of a girl 14 or "
     "older",
     BASIS_OPINION_2020},
    {"injury_violence",
     "身体存在多处损伤、严重营养不良、意识不清，疑似遭受家庭暴力、欺凌、"
     "虐待、殴打或被人麻醉",
     "multiple injuries, severe malnutrition or unconsciousness suspected "
     "from domestic violence, bullying or abuse",
     BASIS_OPINION_2020},
    {"self_harm_or_death",
     "因自杀、自残、工伤、中毒、被人麻醉、殴打等非正常原因导致伤残、死亡",
     "disability or death from suicide, self-harm, poisoning, beating and "
     "the like",
     BASIS_OPINION_2020},
    {"abandoned", "疑似被遗弃或长期无人照料", "abandoned or long unattended",
     BASIS_OPINION_2020},
    {"missing_trafficked", "来源不明、失踪或被拐卖、收买",
     "unknown origin, missing or trafficked", BASIS_OPINION_2020},
    {"organised_begging", "被组织乞讨", "organised begging",
     BASIS_OPINION_2020},
    {"other_danger",
     "其他严重侵害未成年人身心健康的情形或未成年人正在面临"
     "不法侵害危险",
     "other serious harm or imminent danger", BASIS_OPINION_2020},
    {"living_alone", "未满十六周岁的儿童无人监护、独自居住",
     "a child under 16 living alone without a guardian", BASIS_ANNEX3_ITEM5},
    {"guardian_failing", "监护人无力履行或怠于履行监护职责",
     "a guardian unable or unwilling to act", BASIS_ANNEX3_ITEM5},
    {NULL, NULL, NULL, BASIS_OPINION_2020},
};

const struct report_situation *report_situation_find(const char *id)
{
	if (!id)
		return NULL;
	for (int i = 0; report_situations[i].id; i++)
		if (!strcmp(report_situations[i].id, id))
			return &report_situations[i];
	return NULL;
}

static const char *const status_names[] = {
    [RSTATUS_SUBMITTED] = "submitted",
    [RSTATUS_RECEIVED] = "received",
    [RSTATUS_POLICE_ACCEPTED] = "police_accepted",
    [RSTATUS_POLICE_FILED] = "police_filed",
    [RSTATUS_HANDLED] = "handled",
    [RSTATUS_CLOSED] = "closed",
};

const char *report_status_name(enum report_status s)
{
	return s >= RSTATUS_SUBMITTED && s <= RSTATUS_CLOSED ? status_names[s]
							     : "submitted";
}

enum report_status report_status_of(const struct report_case_facts *f)
{
	const char *stage = f->stage ? f->stage : "";
	const char *ack = f->police_ack ? f->police_ack : "";

	if (!strcmp(stage, "closed"))
		return RSTATUS_CLOSED;
	if (stage[0] && strcmp(stage, "received"))
		return RSTATUS_HANDLED;
	if (!strcmp(ack, "filed"))
		return RSTATUS_POLICE_FILED;
	if (!strcmp(ack, "accepted"))
		return RSTATUS_POLICE_ACCEPTED;
	if (ack[0] || f->protection_acknowledged)
		return RSTATUS_RECEIVED;
	return RSTATUS_SUBMITTED;
}

static bool one_of(const char *s, const char *const *set)
{
	if (!s)
		return false;
	for (int i = 0; set[i]; i++)
		if (!strcmp(s, set[i]))
			return true;
	return false;
}

bool report_source_valid(const char *source)
{
	static const char *const set[] = {"reporter", "director", "hotline",
					  "visit", NULL};
	return one_of(source, set);
}

bool hotline_caller_valid(const char *s)
{
	static const char *const set[] = {"child",     "parent", "relative",
					  "neighbour", "school", "other_unit",
					  "anonymous", NULL};
	return one_of(s, set);
}

bool hotline_class_valid(const char *s)
{
	static const char *const set[] = {
	    "policy_question", "harm_lead", "psychological_support",
	    "help_request",    "other",	    NULL};
	return one_of(s, set);
}

const char *hotline_status_of(bool closed, int parts, int answered)
{
	if (closed)
		return "closed";
	if (parts <= 0)
		return "open";
	return answered >= parts ? "answered" : "dispatched";
}

/* n digits at s into *out; false unless all are digits */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int64_t epoch_of(struct date d, int h, int mi, int sec)
{
	struct date epoch = {1970, 1, 1};

	return (int64_t)date_days_between(epoch, d) * 86400 + h * 3600 +
	       mi * 60 + sec;
}

bool report_time_parse(const char *s, int64_t *out)
{
	struct date d;
	int h, mi, sec = 0, oh, om, sign;
	size_t len, i;

	if (!s)
		return false;
	len = strlen(s);
	if (len < 16 || !date_parse(s, 10, &d) ||
	    (s[10] != 'T' && s[10] != ' ') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || h > 23 || mi > 59)
		return false;
	i = 16;
	if (i < len && s[i] == ':') {
		if (i + 3 > len || !digits(s + i + 1, 2, &sec) || sec > 59)
			return false;
		i += 3;
		if (i < len && s[i] == '.') {
			i++;
			if (i >= len || s[i] < '0' || s[i] > '9')
				return false;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
	}
	*out = epoch_of(d, h, mi, sec);
	if (i == len) { /* no zone: Asia/Shanghai */
		*out -= 8 * 3600;
		return true;
	}
	if (s[i] == 'Z' && i + 1 == len)
		return true;
	if ((s[i] != '+' && s[i] != '-') || len != i + 6 ||
	    !digits(s + i + 1, 2, &oh) || s[i + 3] != ':' ||
	    !digits(s + i + 4, 2, &om) || oh > 14 || om > 59)
		return false;
	sign = s[i] == '+' ? 1 : -1;
	*out -= sign * (oh * 3600 + om * 60);
	return true;
}

bool report_utc_parse(const char *s, int64_t *out)
{
	if (!s || strlen(s) != 20 || s[19] != 'Z')
		return false;
	return report_time_parse(s, out);
}

static void put2(char *p, long v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

void report_utc_format(int64_t t, char out[24])
{
	long days = (long)(t / 86400), rem = (long)(t % 86400);
	struct date epoch = {1970, 1, 1}, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	d = date_add_days(epoch, days);
	date_format(d, out);
	out[10] = 'T';
	put2(out + 11, rem / 3600);
	out[13] = ':';
	put2(out + 14, rem / 60 % 60);
	out[16] = ':';
	put2(out + 17, rem % 60);
	out[19] = 'Z';
	out[20] = '\0';
}
