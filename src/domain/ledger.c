#include "domain/ledger.h"

#include <string.h>

#include "domain/child.h"
#include "util/banned.h"

const struct ledger_column ledger_columns[LC_COUNT] = {
    {LC_SEQ, "序号", NULL, false, false},
    {LC_NAME, "姓名", "儿童姓名", true, true},
    {LC_SEX, "性别", NULL, true, true},
    {LC_ETHNICITY, "民族", NULL, true, false},
    {LC_ID_NUMBER, "公民身份号码", "身份证号|身份证号码|身份证", true, true},
    {LC_BIRTH_DATE, "出生日期", "出生年月", true, true},
    {LC_HAS_HUKOU, "是否登记户口", "是否有户籍", true, false},
    {LC_NO_HUKOU_REASON, "未登记户口原因", "无户籍原因", true, false},
    {LC_HUKOU_PLACE, "户籍地", "户籍所在地", true, false},
    {LC_RURAL_HUKOU, "是否农村户籍", "农村户籍", true, false},
    {LC_REGION, "现居住地代码", "村（社区）代码|区划代码", true, true},
    {LC_REGION_NAME, "现居住地", NULL, false, false},
    {LC_ADDRESS, "详细地址", "家庭住址", true, false},
    {LC_SCHOOL, "就学情况", "就学状况", true, true},
    {LC_BOARDING, "是否寄宿", NULL, true, false},
    {LC_SCHOOL_NAME, "学校名称", "就读学校", true, false},
    {LC_GRADE, "年级", NULL, true, false},
    {LC_HEALTH, "身体情况", "健康状况", true, true},
    {LC_ILLNESS, "疾病名称", "所患疾病", true, false},
    {LC_SERIOUS_ILLNESS, "是否重病", "是否重大疾病", true, false},
    {LC_DISABILITY_CATEGORY, "残疾类别", NULL, true, false},
    {LC_DISABILITY_GRADE, "残疾等级", NULL, true, false},
    {LC_ASSISTANCE, "享受救助", "救助情况", true, false},
    {LC_FATHER_NAME, "父亲姓名", NULL, true, false},
    {LC_FATHER_ID, "父亲身份证号", NULL, true, false},
    {LC_FATHER_PHONE, "父亲电话", "父亲联系电话", true, false},
    {LC_FATHER_SITUATION, "父亲状况", "父亲情况", true, false},
    {LC_FATHER_WORK_PLACE, "父亲务工地点", "父亲务工地", true, false},
    {LC_FATHER_SINCE, "父亲状况起始日期", "父亲外出时间|父亲外出日期", true,
     false},
    {LC_FATHER_UNTIL, "父亲状况截止日期", "父亲刑满日期|父亲期满日期", true,
     false},
    {LC_FATHER_POLICE, "父亲失联受案日期", "父亲失联报案受理日期", true, false},
    {LC_FATHER_DISABILITY, "父亲残疾等级", NULL, true, false},
    {LC_FATHER_MENTAL, "父亲是否精神或智力残疾", NULL, true, false},
    {LC_MOTHER_NAME, "母亲姓名", NULL, true, false},
    {LC_MOTHER_ID, "母亲身份证号", NULL, true, false},
    {LC_MOTHER_PHONE, "母亲电话", "母亲联系电话", true, false},
    {LC_MOTHER_SITUATION, "母亲状况", "母亲情况", true, false},
    {LC_MOTHER_WORK_PLACE, "母亲务工地点", "母亲务工地", true, false},
    {LC_MOTHER_SINCE, "母亲状况起始日期", "母亲外出时间|母亲外出日期", true,
     false},
    {LC_MOTHER_UNTIL, "母亲状况截止日期", "母亲刑满日期|母亲期满日期", true,
     false},
    {LC_MOTHER_POLICE, "母亲失联受案日期", "母亲失联报案受理日期", true, false},
    {LC_MOTHER_DISABILITY, "母亲残疾等级", NULL, true, false},
    {LC_MOTHER_MENTAL, "母亲是否精神或智力残疾", NULL, true, false},
    {LC_GUARDIAN, "实际监护人", "监护人类型", true, true},
    {LC_GUARDIAN_NAME, "委托监护人姓名", NULL, true, false},
    {LC_GUARDIAN_ID, "委托监护人身份证号", NULL, true, false},
    {LC_GUARDIAN_PHONE, "委托监护人电话", NULL, true, false},
    {LC_GUARDIAN_RELATION, "委托监护人与儿童关系", "委托监护人关系", true,
     false},
    {LC_GUARDIAN_ADDRESS, "委托监护人地址", NULL, true, false},
    {LC_GUARDIANSHIP, "监护类型", "监护情况", true, true},
    {LC_CATEGORIES, "儿童类别", NULL, false, false},
    {LC_KEY_FLAGS, "重点儿童标记", NULL, false, false},
    {LC_NOTES, "备注", NULL, true, false},
};

static void trim(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	*start = s;
	*len = n;
}

static bool alias_match(const char *aliases, const char *h, size_t n)
{
	while (aliases && *aliases) {
		size_t k = strcspn(aliases, "|");

		if (k == n && !memcmp(aliases, h, n))
			return true;
		aliases += k;
		if (*aliases)
			aliases++;
	}
	return false;
}

int ledger_column_of(const char *heading)
{
	const char *h;
	size_t n;

	trim(heading, &h, &n);
	for (int i = 0; i < LC_COUNT; i++) {
		const struct ledger_column *c = &ledger_columns[i];

		if ((strlen(c->heading) == n && !memcmp(c->heading, h, n)) ||
		    alias_match(c->aliases, h, n))
			return (int)c->col;
	}
	return -1;
}

static const char *const school_zh[] = {
    "未入园", "幼儿园", "小学",	  "初中",     "高中",
    "中职",   "辍学",	"不在学", "送教上门",
};
static const char *const health_zh[] = {"健康", "患病", "残疾"};
static const char *const situation_zh[] = {
    "在家",
    "外出务工",
    "服刑在押",
    "强制隔离戒毒",
    "其他限制人身自由",
    "失联",
    "重残",
    "重病",
    "死亡",
    "宣告失踪",
    "撤销监护资格",
    "被遣送出境",
};
static const char *const guardian_zh[] = {
    "父母", "单亲", "祖父母", "其他亲属", "委托监护人", "机构", "无",
};
static const char *const guardianship_zh[] = {
    "无人监护", "父或母无监护能力", "受委托监护人监护能力不足", "一般", "较好",
};
static const char *const assistance_zh[] = {
    "低保",
    "特困",
    "临时救助",
    "医疗救助",
    "住房救助",
    "孤儿基本生活费",
    "事实无人抚养儿童生活费",
};
static const char *const category_zh[] = {
    "农村留守儿童",
    "散居孤儿",
    "事实无人抚养儿童",
    "困境儿童（家庭贫困）",
    "困境儿童（残疾或重病）",
    "困境儿童（监护缺失）",
    "服刑/戒毒人员未成年子女",
};
static const char *const key_flag_zh[] = {
    "监护不力", "失学辍学", "无户籍", "患病", "残疾", "独居",
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *word(const char *const *words, int n, int i)
{
	return i >= 0 && i < n ? words[i] : "";
}

static int index_of(const char *const *words, int n, const char *s)
{
	const char *h;
	size_t len;

	trim(s, &h, &len);
	for (int i = 0; i < n; i++)
		if (strlen(words[i]) == len && !memcmp(words[i], h, len))
			return i;
	return -1;
}

static int bit_index(int bit)
{
	int i = 0;

	if (bit <= 0)
		return -1;
	while (!(bit & 1)) {
		bit >>= 1;
		i++;
	}
	return bit == 1 ? i : -1;
}

const char *ledger_school_zh(int v)
{
	return word(school_zh, N(school_zh), v);
}
int ledger_school_from_zh(const char *s)
{
	return index_of(school_zh, N(school_zh), s);
}
const char *ledger_health_zh(int v)
{
	return word(health_zh, N(health_zh), v);
}
int ledger_health_from_zh(const char *s)
{
	return index_of(health_zh, N(health_zh), s);
}
const char *ledger_situation_zh(int v)
{
	return word(situation_zh, N(situation_zh), v);
}
int ledger_situation_from_zh(const char *s)
{
	return index_of(situation_zh, N(situation_zh), s);
}
const char *ledger_guardian_zh(int v)
{
	return word(guardian_zh, N(guardian_zh), v);
}
int ledger_guardian_from_zh(const char *s)
{
	return index_of(guardian_zh, N(guardian_zh), s);
}
const char *ledger_guardianship_zh(int v)
{
	return word(guardianship_zh, N(guardianship_zh), v);
}
int ledger_guardianship_from_zh(const char *s)
{
	return index_of(guardianship_zh, N(guardianship_zh), s);
}
const char *ledger_assistance_zh(int bit)
{
	return word(assistance_zh, N(assistance_zh), bit_index(bit));
}

int ledger_assistance_from_zh(const char *s)
{
	int i = index_of(assistance_zh, N(assistance_zh), s);

	return i < 0 ? -1 : 1 << i;
}

const char *ledger_category_zh(int bit)
{
	return word(category_zh, N(category_zh), bit_index(bit));
}
const char *ledger_key_flag_zh(int bit)
{
	return word(key_flag_zh, N(key_flag_zh), bit_index(bit));
}

int ledger_yes_no(const char *s)
{
	static const char *const yes[] = {"是", "1", "Y", "y", "true", "有"};
	static const char *const no[] = {"否", "0", "N", "n", "false", "无"};

	if (index_of(yes, N(yes), s) >= 0)
		return 1;
	if (index_of(no, N(no), s) >= 0)
		return 0;
	return -1;
}
