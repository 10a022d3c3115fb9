/*
 * Shared by the guardianship-intervention API tests (test_institutions.c,
 * test_placements.c, test_assessments.c): the accounts, a child of the
 * registry to place and assess, dates on the server's clock, and a valid
 * assessment body. Names carry this run's token so runs sharing one
 * PostgreSQL database never collide.
 */
#ifndef GA_TEST_INTERVENTION_H
#define GA_TEST_INTERVENTION_H

#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const IV_VILLAGE = "500229212201"; /* 城口县 茶坪村 */
static const char *const IV_COUNTY = "500229000000";  /* 城口县 */
static const char *const IV_COUNTY2 = "500230000000"; /* 丰都县 */

struct iv_who {
	const char *what, *role, *scope;
	struct id_sess s;
	char secret[64];
};

enum {
	IV_DIR,	  /* director of IV_VILLAGE: registers the children */
	IV_SUP,	  /* township supervisor: reads */
	IV_PROT,  /* protection institution of 城口县 */
	IV_PROT2, /* protection institution of 丰都县 */
	IV_WELF,  /* welfare institution of 城口县 */
	IV_CIVIL, /* county civil affairs of 城口县 */
	IV_POLICE,
	IV_DIR2, /* director of a village of 丰都县: receives a transfer */
	IV_AUDITOR,
	IV_NWHO
};

static struct iv_who iv[IV_NWHO] = {
    [IV_DIR] = {"dir", "director", "500229212201", {{0}}, ""},
    [IV_SUP] = {"sup", "supervisor", "500229212000", {{0}}, ""},
    [IV_PROT] = {"prot", "protection", "500229000000", {{0}}, ""},
    [IV_PROT2] = {"prot2", "protection", "500230000000", {{0}}, ""},
    [IV_WELF] = {"welf", "welfare", "500229000000", {{0}}, ""},
    [IV_CIVIL] = {"civil", "county_civil", "500229000000", {{0}}, ""},
    [IV_POLICE] = {"police", "police", "500229000000", {{0}}, ""},
    [IV_DIR2] = {"dir2", "director", "500230001001", {{0}}, ""},
    [IV_AUDITOR] = {"auditor", "auditor", "500000000000", {{0}}, ""},
};

#define IVS(i) (&iv[i].s)

static unsigned long iv_seed;
static char iv_tok[24];
static int iv_serial;

static inline int iv_setup(void **state)
{
	char u[64];

	iv_seed = ((unsigned long)getpid() * 2654435761UL) ^
		  (unsigned long)time(NULL);
	iv_seed %= 1000000000UL;
	snprintf(iv_tok, sizeof(iv_tok), "T%lu", iv_seed % 100000000UL);
	ga_use_clock();
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < IV_NWHO; i++)
		if (id_user_add(id_name(u, sizeof(u), iv[i].what), iv[i].role,
				iv[i].scope, ID_PASSWORD, false) <= 0)
			return -1;
	return 0;
}

static inline void iv_log_in_all(void **state)
{
	char u[64];
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < IV_NWHO; i++) {
		id_name(u, sizeof(u), iv[i].what);
		assert_int_equal(id_login(u, ID_PASSWORD, NULL, &iv[i].s, &r),
				 200);
		if (json_is_true(
			json_object_get(r.json, "totp_enrollment_required")))
			id_enrol(&iv[i].s, iv[i].secret, sizeof(iv[i].secret));
		ga_resp_free(&r);
	}
}

/* the server's today minus `back` days (negative: ahead), YYYY-MM-DD */
static inline void iv_day(int back, char out[11])
{
	time_t t = ga_now() + 8 * 3600 - (time_t)back * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* a child of IV_VILLAGE registered by the director; its id */
static inline long long iv_child(const char *tag)
{
	char birth[11], idn[19], tmp[64], name[80];
	time_t t = ga_now() + 8 * 3600;
	int seq =
	    (int)((iv_seed / 7 + (unsigned long)iv_serial++ * 2) % 998) | 1;
	struct ga_resp r;
	struct tm tm;
	long long id;
	json_t *b;

	gmtime_r(&t, &tm);
	snprintf(tmp, sizeof(tmp), "%04d-03-01", tm.tm_year + 1900 - 9);
	memcpy(birth, tmp, 11);
	snprintf(tmp, sizeof(tmp), "5002%02lu%.4s0301%03d", iv_seed % 100,
		 birth, seq);
	memcpy(idn, tmp, 17);
	idn[17] = idcard_check_char(idn);
	idn[18] = '\0';
	snprintf(name, sizeof(name), "安置%s%s", tag, iv_tok);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[{s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}], s:{s:s}, s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "汉族", "rural_hukou", 1, "region", IV_VILLAGE,
	    "address", "茶坪村一组", "school_status", "primary", "boarding", 0,
	    "health", "healthy", "serious_illness", 0, "assistance", "family",
	    "relation", "father", "name", "周大树", "situation", "home",
	    "relation", "mother", "name", "陈小梅", "situation", "migrant",
	    "work_place", "广东省深圳市", "guardian", "type", "parents",
	    "guardianship_level", "fair");
	jreq(IVS(IV_DIR), "POST", "/api/v1/children", b, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = jint(r.json, "id");
	assert_true(id > 0);
	ga_resp_free(&r);
	return id;
}

/* every item of the form scored `score` (capped at the item's maximum) */
static inline json_t *iv_answers(int score)
{
	static const struct {
		const char *id;
		int max;
	} items[] = {
	    {"guardian_health", 2},   {"guardian_capacity", 2},
	    {"understands_needs", 3}, {"attitude", 3},
	    {"no_neglect_abuse", 3},  {"income", 2},
	    {"housing", 2},	      {"time_available", 2},
	    {"support_network", 2},   {"child_health", 2},
	    {"child_schooling", 2},   {"child_psychological", 2},
	    {"child_heard", 2},	      {"child_wishes", 2},
	};
	json_t *a = json_object();

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		json_object_set_new(
		    a, items[i].id,
		    json_integer(score < items[i].max ? score : items[i].max));
	return a;
}

/* record an assessment of child on date; the answer kept in r */
static inline void iv_assess(int who, long long child, const char *on,
			     int score, struct ga_resp *r)
{
	char path[80];
	json_t *b = json_pack(
	    "{s:s, s:s, s:o, s:s, s:s}", "assessed_on", on, "purpose",
	    "return_home", "answers", iv_answers(score), "narrative",
	    "祖母身体好转，愿意照料", "child_preference", "想回家和奶奶住");

	snprintf(path, sizeof(path), "/api/v1/children/%lld/assessments",
		 child);
	jreq(IVS(who), "POST", path, b, r);
}

#endif
