/*
 * guanai demo: deterministic demo data for a newcomer and for tests. One
 * account per role in a demo county (random passwords, printed once), and
 * --children N children with families in villages of every county, made
 * from --seed (the same seed gives the same children). Everything goes
 * through the same services as the web app, so the rules, the encryption
 * and the audit apply.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "service/account_service.h"
#include "service/child_service.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/banned.h"

/* the demo county: 城口县, a deep-poverty county; 鸡鸣乡, 茶坪村 */
#define DEMO_CITY     "500000000000"
#define DEMO_COUNTY   "500229000000"
#define DEMO_TOWNSHIP "500229212000"
#define DEMO_VILLAGE  "500229212201"

static const char *demo_scope(enum role r)
{
	switch (role_scope_level(r)) {
	case 5: return DEMO_VILLAGE;
	case 4: return DEMO_TOWNSHIP;
	case 3: return DEMO_COUNTY;
	}
	return r == ROLE_REPORTER || r == ROLE_SOCIAL_ORG ? DEMO_COUNTY
							  : DEMO_CITY;
}

static int demo_accounts(struct db *db, const struct request_meta *m)
{
	int made = 0;

	for (int r = 1; r < ROLE_COUNT; r++) {
		struct account_new in = {0};
		struct ga_error err = {0};
		char user[40], name[64], temp[17], pw[17];
		struct account a;

		snprintf(user, sizeof(user), "demo.%s",
			 role_name((enum role)r));
		snprintf(name, sizeof(name), "演示%s",
			 role_title_zh((enum role)r));
		in.username = user;
		in.display_name = name;
		in.role = role_name((enum role)r);
		in.scope = demo_scope((enum role)r);
		in.org = "演示单位";
		/* a random password given as the account's own, so that a
		 * newcomer logs in at once (admin roles still enrol TOTP) */
		password_generate(pw);
		in.password = pw;
		if (accounts_create(db, NULL, m, &in, &a, temp, &err)) {
			if (!strcmp(err.code, "duplicate_username"))
				continue;
			fprintf(stderr, "guanai: %s: %s\n", user, err.message);
			return 1;
		}
		if (!made++)
			printf("演示账号（密码只显示这一次）(demo accounts; "
			       "passwords are shown once):\n");
		printf("  %-22s %-17s %s  %s\n", user, pw, in.scope,
		       role_title_zh((enum role)r));
	}
	if (!made)
		printf(
		    "演示账号已存在 (demo accounts exist; their passwords were "
		    "shown when they were made)\n");
	return 0;
}

/* xorshift64*: small, deterministic, good enough for demo data */
static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "谭", "冉",
};
static const char *const given[] = {
    "小红", "子涵", "浩然", "欣怡", "宇轩", "雨桐", "梓萱", "俊杰",
    "佳怡", "思远", "明轩", "诗琪", "家豪", "婷婷", "志强", "晓燕",
};
static const char *const adult_given[] = {
    "大山", "建国", "秀英", "桂芳", "德明", "玉兰", "国强", "春梅",
};
static const char *const work_places[] = {
    "广东省东莞市", "浙江省宁波市", "福建省厦门市",
    "重庆市渝北区", "四川省成都市", "江苏省苏州市",
};
static const char *const ethnic[] = {"汉族", "土家族", "苗族"};

static void person_name(char *out, size_t size, const char *surname,
			const char *const *pool, size_t npool)
{
	snprintf(out, size, "%s%s", surname, pool[rnd((uint32_t)npool)]);
}

static void make_id(const char *county, struct date birth, int seq, bool male,
		    char out[19])
{
	char first[48];

	seq = seq * 2 + (male ? 1 : 0);
	snprintf(first, sizeof(first), "%.6s%04d%02d%02d%03d", county, birth.y,
		 birth.m, birth.d, seq % 1000);
	memcpy(out, first, 17);
	out[17] = idcard_check_char(first);
	out[18] = '\0';
}

/* one child with parents and a grandparent in a village of the county */
static void make_child(const char *county, const char *village, int i,
		       struct date today, struct child_record *r)
{
	const char *surname = surnames[rnd(20)];
	struct date birth = {today.y - 2 - (int)rnd(15), 1 + (int)rnd(12),
			     1 + (int)rnd(28)};
	bool male = rnd(2);
	uint32_t story = rnd(10);

	memset(r, 0, sizeof(*r));
	str_copy(r->region, sizeof(r->region), village);
	person_name(r->name, sizeof(r->name), surname, given, 16);
	r->sex = male ? SEX_MALE : SEX_FEMALE;
	date_format(birth, r->birth_date);
	make_id(county, birth, i, male, r->id_number);
	str_copy(r->ethnicity, sizeof(r->ethnicity), ethnic[rnd(3)]);
	r->rural_hukou = rnd(10) < 8;
	snprintf(r->address, sizeof(r->address), "%d组%d号", 1 + (int)rnd(9),
		 1 + (int)rnd(60));
	r->school = date_age(birth, today) < 6	  ? SCHOOL_KINDERGARTEN
		    : date_age(birth, today) < 12 ? SCHOOL_PRIMARY
						  : SCHOOL_JUNIOR;
	r->guardian.type = GUARDIAN_PARENTS;
	r->guardianship = GL_GOOD;
	r->nfamily = 3;
	r->family[0].relation = REL_FATHER;
	r->family[1].relation = REL_MOTHER;
	r->family[2].relation = REL_GRANDMOTHER;
	for (int k = 0; k < 3; k++)
		person_name(r->family[k].name, sizeof(r->family[k].name),
			    k == 0 ? surname : surnames[rnd(20)], adult_given,
			    8);
	snprintf(r->family[0].phone, sizeof(r->family[0].phone), "13%09u",
		 rnd(1000000000));
	/* a spread of situations so that every category shows up */
	if (story < 5) { /* both parents away: left behind with grandmother */
		r->family[0].situation = r->family[1].situation = SIT_MIGRANT;
		str_copy(r->family[0].work_place,
			 sizeof(r->family[0].work_place), work_places[rnd(6)]);
		str_copy(r->family[1].work_place,
			 sizeof(r->family[1].work_place), work_places[rnd(6)]);
		str_copy(r->family[0].contact, sizeof(r->family[0].contact),
			 rnd(2) ? "weekly" : "monthly");
		r->guardian.type = GUARDIAN_GRANDPARENTS;
		r->guardianship = rnd(4) ? GL_FAIR : GL_ENTRUSTED_INCAPABLE;
	} else if (story == 5) { /* father in prison */
		r->family[0].situation = SIT_PRISON;
		date_format((struct date){today.y - 1, 3, 1},
			    r->family[0].since);
		date_format((struct date){today.y + 3, 3, 1},
			    r->family[0].until);
		r->guardian.type = GUARDIAN_ONE_PARENT;
	} else if (story == 6) { /* poverty */
		r->assistance = AID_DIBAO;
	} else if (story == 7) { /* disability */
		r->health = HEALTH_DISABLED;
		r->disability_grade = 1 + (int)rnd(4);
		str_copy(r->disability_category, sizeof(r->disability_category),
			 "肢体");
	} else if (story == 8) { /* both parents dead: an orphan at home */
		r->family[0].situation = r->family[1].situation = SIT_DEAD;
		r->guardian.type = GUARDIAN_GRANDPARENTS;
		r->assistance = AID_ORPHAN;
	} else if (story == 9 && rnd(2)) { /* de facto unsupported */
		r->family[0].situation = SIT_MISSING;
		date_format((struct date){today.y - 2, 5, 1},
			    r->family[0].police_accepted);
		r->family[1].situation = SIT_SEVERE_ILLNESS;
		r->guardian.type = GUARDIAN_GRANDPARENTS;
		r->guardianship = GL_PARENT_INCAPABLE;
	}
}

/*
 * Every child in the villages of one township (--township): a ledger of
 * any size that one supervisor can export and import again.
 */
static int demo_township(struct db *db, const struct request_meta *m,
			 const char *township, long n, struct ga_error *err)
{
	static struct child_record rec;
	static struct child_view view;
	struct principal sys = {0};
	struct region_list villages;
	struct date today = children_today();
	long made = 0, skipped = 0;
	char county[13];
	int rc;

	sys.account.role = ROLE_SUPERVISOR;
	sys.authenticated = true;
	snprintf(county, sizeof(county), "%.6s000000", township);
	region_list_init(&villages);
	rc = store_region_children(db, township, &villages);
	if (!rc && !villages.n) {
		fprintf(stderr, "guanai: %s has no villages\n", township);
		rc = GA_EINVAL;
	}
	/* exactly n new children: an ID number drawn twice is drawn again */
	for (long i = 0; !rc && made < n && i < 2 * n; i++) {
		const char *vcode =
		    villages.items[rnd((uint32_t)villages.n)].code;

		make_child(county, vcode, (int)i, today, &rec);
		ga_error_clear(err);
		rc = children_create(db, &sys, m, &rec, today, &view, err);
		if (rc == GA_ECONFLICT || rc == GA_EINVAL) {
			skipped++;
			rc = GA_OK;
		} else if (!rc) {
			made++;
		}
	}
	region_list_release(&villages);
	if (!rc)
		printf("演示儿童档案：新增 %ld 份，已存在 %ld 份 (demo "
		       "children: %ld added, %ld already there)\n",
		       made, skipped, made, skipped);
	return rc;
}

static int demo_children(struct db *db, const struct request_meta *m,
			 long per_county, struct ga_error *err)
{
	static struct child_record rec;
	static struct child_view view;
	struct principal sys = {0};
	struct region_list counties, towns, villages;
	struct date today = children_today();
	long made = 0, skipped = 0;
	int rc;

	/* the command line acts for the whole deployment */
	sys.account.role = ROLE_SUPERVISOR;
	sys.authenticated = true;
	region_list_init(&counties);
	region_list_init(&towns);
	region_list_init(&villages);
	rc = store_region_children(db, DEMO_CITY, &counties);
	for (size_t c = 0; !rc && c < counties.n; c++) {
		const struct region *county = &counties.items[c];

		if (county->zone || county->abolished)
			continue;
		const char *vcode;

		towns.n = 0;
		rc = store_region_children(db, county->code, &towns);
		for (long i = 0; !rc && towns.n && i < per_county; i++) {
			const struct region *t =
			    &towns.items[rnd((uint32_t)towns.n)];

			villages.n = 0;
			rc = store_region_children(db, t->code, &villages);
			if (rc || !villages.n)
				continue;
			/* half of the demo county's children live in the demo
			 * director's village, so that its list is not empty */
			vcode = villages.items[rnd((uint32_t)villages.n)].code;
			if (!strcmp(county->code, DEMO_COUNTY) &&
			    i < (per_county + 1) / 2)
				vcode = DEMO_VILLAGE;
			make_child(county->code, vcode, (int)i, today, &rec);
			ga_error_clear(err);
			rc = children_create(db, &sys, m, &rec, today, &view,
					     err);
			if (rc == GA_ECONFLICT || rc == GA_EINVAL) {
				skipped++; /* already made by an earlier run */
				rc = GA_OK;
			} else if (!rc) {
				made++;
			}
		}
	}
	region_list_release(&counties);
	region_list_release(&towns);
	region_list_release(&villages);
	if (!rc)
		printf("演示儿童档案：新增 %ld 份，已存在 %ld 份 (demo "
		       "children: %ld "
		       "added, %ld already there)\n",
		       made, skipped, made, skipped);
	return rc;
}

int cmd_demo(const struct config *cfg)
{
	struct request_meta m = {"cli", "", ""};
	struct ga_error err = {0};
	struct db *db = NULL;
	const char *township;
	int rc = 1;

	rng_state = 0x9e3779b97f4a7c15ULL ^ (uint64_t)config_int(cfg, "seed");
	if (!rng_state)
		rng_state = 1;
	if (cli_load_keys(cfg, true) || cli_open_db(cfg, &db))
		goto out;
	if (demo_accounts(db, &m))
		goto out;
	township = config_str(cfg, "township");
	if (township && !region_code_valid(township, strlen(township))) {
		fputs("guanai: --township must be a 12-digit division code\n",
		      stderr);
		goto out;
	}
	if (township
		? demo_township(db, &m, township, config_int(cfg, "children"),
				&err)
		: demo_children(db, &m, config_int(cfg, "children"), &err)) {
		fprintf(stderr, "guanai: %s\n",
			err.message[0] ? err.message : "demo failed");
		goto out;
	}
	rc = 0;
out:
	db_close(db);
	return rc;
}
