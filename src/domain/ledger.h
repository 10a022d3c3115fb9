/*
 * The ledger (信息台账): the spreadsheet columns every level keeps today,
 * with their Chinese headings, and the Chinese words used in its cells for
 * each coded value. Import matches columns by these headings; export writes
 * them in this order. Pure data and lookups.
 */
#ifndef GA_DOMAIN_LEDGER_H
#define GA_DOMAIN_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

enum ledger_col {
	LC_SEQ = 0,		/* 序号 (export only) */
	LC_NAME,		/* 姓名 */
	LC_SEX,			/* 性别: 男/女 */
	LC_ETHNICITY,		/* 民族 */
	LC_ID_NUMBER,		/* 公民身份号码 */
	LC_BIRTH_DATE,		/* 出生日期 */
	LC_HAS_HUKOU,		/* 是否登记户口: 是/否 */
	LC_NO_HUKOU_REASON,	/* 未登记户口原因 */
	LC_HUKOU_PLACE,		/* 户籍地 */
	LC_RURAL_HUKOU,		/* 是否农村户籍: 是/否 */
	LC_REGION,		/* 现居住地代码: 12-digit village code */
	LC_REGION_NAME,		/* 现居住地 (export only) */
	LC_ADDRESS,		/* 详细地址 */
	LC_SCHOOL,		/* 就学情况 */
	LC_BOARDING,		/* 是否寄宿 */
	LC_SCHOOL_NAME,		/* 学校名称 */
	LC_GRADE,		/* 年级 */
	LC_HEALTH,		/* 身体情况 */
	LC_ILLNESS,		/* 疾病名称 */
	LC_SERIOUS_ILLNESS,	/* 是否重病 */
	LC_DISABILITY_CATEGORY, /* 残疾类别 */
	LC_DISABILITY_GRADE,	/* 残疾等级: 一级–四级 or 1–4 */
	LC_ASSISTANCE,		/* 享受救助: words joined by 、 */
	LC_FATHER_NAME,		/* 父亲姓名 */
	LC_FATHER_ID,		/* 父亲身份证号 */
	LC_FATHER_PHONE,	/* 父亲电话 */
	LC_FATHER_SITUATION,	/* 父亲状况 */
	LC_FATHER_WORK_PLACE,	/* 父亲务工地点 */
	LC_FATHER_SINCE,	/* 父亲状况起始日期 */
	LC_FATHER_UNTIL,	/* 父亲状况截止日期 (刑满、期满) */
	LC_FATHER_POLICE,	/* 父亲失联受案日期 */
	LC_FATHER_DISABILITY,	/* 父亲残疾等级 */
	LC_FATHER_MENTAL,	/* 父亲是否精神或智力残疾 */
	LC_MOTHER_NAME,		/* 母亲姓名 */
	LC_MOTHER_ID,		/* 母亲身份证号 */
	LC_MOTHER_PHONE,	/* 母亲电话 */
	LC_MOTHER_SITUATION,	/* 母亲状况 */
	LC_MOTHER_WORK_PLACE,	/* 母亲务工地点 */
	LC_MOTHER_SINCE,	/* 母亲状况起始日期 */
	LC_MOTHER_UNTIL,	/* 母亲状况截止日期 (刑满、期满) */
	LC_MOTHER_POLICE,	/* 母亲失联受案日期 */
	LC_MOTHER_DISABILITY,	/* 母亲残疾等级 */
	LC_MOTHER_MENTAL,	/* 母亲是否精神或智力残疾 */
	LC_GUARDIAN,		/* 实际监护人 */
	LC_GUARDIAN_NAME,	/* 委托监护人姓名 */
	LC_GUARDIAN_ID,		/* 委托监护人身份证号 */
	LC_GUARDIAN_PHONE,	/* 委托监护人电话 */
	LC_GUARDIAN_RELATION,	/* 委托监护人与儿童关系 */
	LC_GUARDIAN_ADDRESS,	/* 委托监护人地址 */
	LC_GUARDIANSHIP,	/* 监护类型 */
	LC_CATEGORIES,		/* 儿童类别 (export only, derived) */
	LC_KEY_FLAGS,		/* 重点儿童标记 (export only, derived) */
	LC_NOTES,		/* 备注 */
	LC_COUNT
};

struct ledger_column {
	enum ledger_col col;
	const char *heading; /* the Chinese heading */
	const char *aliases; /* other headings seen in ledgers, '|'-separated,
				or NULL */
	bool import;	     /* read by import */
	bool required;	     /* an import file must have it */
};

extern const struct ledger_column ledger_columns[LC_COUNT];

/* the column a heading names (exact, or an alias; spaces trimmed); -1 none */
int ledger_column_of(const char *heading);

/*
 * Chinese words of coded values. *_zh gives the word for an enum value;
 * *_from_zh the value for a word (-1 when unknown). Enums from child.h.
 */
const char *ledger_school_zh(int school_status);
int ledger_school_from_zh(const char *s);
const char *ledger_health_zh(int health);
int ledger_health_from_zh(const char *s);
const char *ledger_situation_zh(int situation);
int ledger_situation_from_zh(const char *s);
const char *ledger_guardian_zh(int guardian_type);
int ledger_guardian_from_zh(const char *s);
const char *ledger_guardianship_zh(int level);
int ledger_guardianship_from_zh(const char *s);
const char *ledger_assistance_zh(int assistance_bit);
int ledger_assistance_from_zh(const char *s); /* one bit */
const char *ledger_category_zh(int category_bit);
const char *ledger_key_flag_zh(int key_flag_bit);
/* 是/否 (also 1/0, Y/N, true/false): 1, 0, or -1 */
int ledger_yes_no(const char *s);

#endif
