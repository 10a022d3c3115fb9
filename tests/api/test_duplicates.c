/*
 * Probable duplicates without an ID number (一人一档, issue 4): a dossier
 * with the same name, birth date and village as a live one, where at least
 * one has no ID number, is flagged when it is written; the township
 * supervisor merges (keeps one, archives the other as `duplicate`) or
 * dismisses the pair. Directors see the flags of their village but cannot
 * merge; another village does not see them at all.
 *
 * Names carry this run's token, so a shared PostgreSQL database with other
 * programs running never mixes their children with ours.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201";
static const char *const VILLAGE_B = "500229212202";

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
};

enum { DIR_A, DIR_B, SUP, NWHO };

static struct who who[NWHO] = {
    [DIR_A] = {"dira", "director", "500229212201", {{0}}},
    [DIR_B] = {"dirb", "director", "500229212202", {{0}}},
    [SUP] = {"sup", "supervisor", "500229212000", {{0}}},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];
static int id_serial;

static void make_id(const char *birth, bool male, char out[19])
{
	int seq = (int)((seed / 100 % 450) * 2 + (unsigned)id_serial++ * 2);

	seq %= 1000;
	if ((seq % 2 == 1) != male)
		seq = (seq + 1) % 1000;
	snprintf(out, 19, "5002%02lu%.4s%.2s%.2s%03d", seed % 100, birth,
		 birth + 5, birth + 8, seq);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

/* a dossier; idn NULL registers it without household registration */
static json_t *child_body(const char *region, const char *name, const char *idn,
			  const char *birth)
{
	json_t *b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, s:[], "
	    "s:[], s:{s:s}, s:s}",
	    "name", name, "sex", "male", "birth_date", birth, "ethnicity",
	    "汉族", "rural_hukou", 1, "region", region, "address", "三组",
	    "school_status", "primary", "boarding", 0, "health", "healthy",
	    "serious_illness", 0, "assistance", "family", "guardian", "type",
	    "grandparents", "guardianship_level", "fair");

	if (idn) {
		json_object_set_new(b, "id_number", json_string(idn));
	} else {
		json_object_set_new(b, "no_hukou", json_true());
		json_object_set_new(b, "no_hukou_reason",
				    json_string("超生未落户"));
	}
	return b;
}

static long long create(const struct id_sess *s, json_t *body)
{
	struct ga_resp r;
	long long id;

	jreq(s, "POST", "/api/v1/children", body, &r);
	GA_ASSERT_STATUS(&r, 201);
	id = (long long)json_integer_value(json_object_get(r.json, "id"));
	ga_resp_free(&r);
	assert_true(id > 0);
	return id;
}

/* the open pairs a session sees for one child: their count, and the id */
static int open_pairs(const struct id_sess *s, long long child, long long *pair)
{
	char path[96];
	struct ga_resp r;
	json_t *items;
	int n;

	snprintf(path, sizeof(path), "/api/v1/duplicates?child=%lld", child);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	items = json_object_get(r.json, "items");
	n = (int)json_array_size(items);
	if (n && pair)
		*pair = (long long)json_integer_value(
		    json_object_get(json_array_get(items, 0), "id"));
	ga_resp_free(&r);
	return n;
}

static void name_of(char *out, size_t size, const char *what)
{
	snprintf(out, size, "重复%s%s", what, tok);
}

static void log_in_all(void **state)
{
	char u[64];
	struct ga_resp r;

	(void)state;
	for (int i = 0; i < NWHO; i++) {
		id_name(u, sizeof(u), who[i].what);
		assert_int_equal(id_login(u, ID_PASSWORD, NULL, &who[i].s, &r),
				 200);
		ga_resp_free(&r);
	}
}

static long long pair_a, kid_a1, kid_a2;

static void flagged_without_id_number(void **state)
{
	char name[80], spaced[96], idn[19], other[19];
	long long k3, k4, k5, k6;

	(void)state;
	name_of(name, sizeof(name), "甲");
	/* the same child twice: once without hukou, once (spaced) with */
	kid_a1 =
	    create(S(DIR_A), child_body(VILLAGE_A, name, NULL, "2015-03-04"));
	snprintf(spaced, sizeof(spaced), " %s　", name); /* ideographic space */
	make_id("2015-03-04", true, idn);
	kid_a2 =
	    create(S(DIR_A), child_body(VILLAGE_A, spaced, idn, "2015-03-04"));
	assert_int_equal(open_pairs(S(DIR_A), kid_a1, &pair_a), 1);
	assert_int_equal(open_pairs(S(DIR_A), kid_a2, NULL), 1);
	assert_int_equal(open_pairs(S(SUP), kid_a1, NULL), 1);

	/* not flagged: two ID numbers, another birth date, another village */
	name_of(name, sizeof(name), "乙");
	make_id("2016-05-06", true, idn);
	make_id("2016-05-06", true, other);
	k3 = create(S(DIR_A), child_body(VILLAGE_A, name, idn, "2016-05-06"));
	k4 = create(S(DIR_A), child_body(VILLAGE_A, name, other, "2016-05-06"));
	assert_int_equal(open_pairs(S(DIR_A), k3, NULL), 0);
	assert_int_equal(open_pairs(S(DIR_A), k4, NULL), 0);
	k5 = create(S(DIR_A), child_body(VILLAGE_A, name, NULL, "2016-05-07"));
	assert_int_equal(open_pairs(S(DIR_A), k5, NULL), 0);
	k6 = create(S(DIR_B), child_body(VILLAGE_B, name, NULL, "2016-05-06"));
	assert_int_equal(open_pairs(S(DIR_B), k6, NULL), 0);
	/* with the no-hukou one in village A it would be: one pair per ID */
	assert_int_equal(open_pairs(S(SUP), k6, NULL), 0);
}

static void pair_shows_both_sides_in_scope(void **state)
{
	char path[96];
	struct ga_resp r;
	json_t *a, *b;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld", pair_a);
	id_req(S(SUP), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")), "open");
	a = json_object_get(r.json, "a");
	b = json_object_get(r.json, "b");
	assert_true(json_is_true(json_object_get(a, "visible")));
	assert_true(json_is_true(json_object_get(b, "visible")));
	/* the smaller id first; the ID number masked, absent when none */
	assert_int_equal(json_integer_value(json_object_get(a, "id")), kid_a1);
	assert_null(json_object_get(a, "id_number"));
	assert_non_null(strstr(
	    json_string_value(json_object_get(b, "id_number")), "********"));
	ga_resp_free(&r);
	/* another village's director: as if it did not exist */
	id_req(S(DIR_B), "GET", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	assert_int_equal(open_pairs(S(DIR_B), kid_a1, NULL), 0);
}

static void director_cannot_merge(void **state)
{
	char path[96];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/merge", pair_a);
	jreq(S(DIR_A), "POST", path, json_pack("{s:I}", "keep", kid_a1), &r);
	assert_int_equal(r.status, 403);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/dismiss", pair_a);
	jreq(S(DIR_A), "POST", path, json_object(), &r);
	assert_int_equal(r.status, 403);
	ga_resp_free(&r);
	assert_int_equal(open_pairs(S(SUP), kid_a1, NULL), 1);
}

static void bad_input_is_refused(void **state)
{
	char path[96], *note;
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/merge", pair_a);
	jreq(S(SUP), "POST", path, json_object(), &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "keep");
	ga_resp_free(&r);
	jreq(S(SUP), "POST", path, json_pack("{s:i}", "keep", 0), &r);
	assert_int_equal(r.status, 400);
	ga_resp_free(&r);
	/* keep must be one of the two */
	jreq(S(SUP), "POST", path, json_pack("{s:I}", "keep", kid_a1 + 100000),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "keep");
	ga_resp_free(&r);
	jreq(S(SUP), "POST", "/api/v1/duplicates/999999999/merge",
	     json_pack("{s:I}", "keep", kid_a1), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/dismiss", pair_a);
	note = calloc(1, 2000);
	memset(note, 'x', 1600);
	jreq(S(SUP), "POST", path, json_pack("{s:s}", "note", note), &r);
	assert_int_equal(r.status, 400);
	ga_resp_free(&r);
	free(note);
	id_req(S(SUP), "GET", "/api/v1/duplicates?status=maybe", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "status");
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/duplicates?child=abc", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_filter", "child");
	ga_resp_free(&r);
	/* nothing happened to the pair */
	assert_int_equal(open_pairs(S(SUP), kid_a1, NULL), 1);
}

static bool history_has(const struct id_sess *s, long long child,
			const char *field, const char *value)
{
	char path[96];
	struct ga_resp r;
	bool found = false;
	size_t i, j;
	json_t *v, *ch;

	snprintf(path, sizeof(path), "/api/v1/children/%lld/history", child);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, v)
	{
		json_array_foreach(json_object_get(v, "changes"), j, ch)
		{
			const char *f =
			    json_string_value(json_object_get(ch, "field"));
			const char *n =
			    json_string_value(json_object_get(ch, "new"));

			if (f && n && !strcmp(f, field) && !strcmp(n, value))
				found = true;
		}
	}
	ga_resp_free(&r);
	return found;
}

static void supervisor_merges(void **state)
{
	char path[96], want[24];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/merge", pair_a);
	/* keep the one with the ID number */
	jreq(S(SUP), "POST", path, json_pack("{s:I}", "keep", kid_a2), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")), "merged");
	assert_int_equal(json_integer_value(json_object_get(r.json, "kept")),
			 kid_a2);
	ga_resp_free(&r);
	/* the other is archived as a duplicate, kept with its history */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", kid_a1);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_true(json_object_get(r.json, "archived")));
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "archive_reason")),
	    "duplicate");
	ga_resp_free(&r);
	snprintf(want, sizeof(want), "%lld", kid_a2);
	assert_true(history_has(S(DIR_A), kid_a1, "merged_into", want));
	/* once handled, a pair stays handled */
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/merge", pair_a);
	jreq(S(SUP), "POST", path, json_pack("{s:I}", "keep", kid_a2), &r);
	GA_ASSERT_ERROR(&r, 409, "not_open", NULL);
	ga_resp_free(&r);
	assert_int_equal(open_pairs(S(SUP), kid_a2, NULL), 0);
}

static void supervisor_dismisses_for_good(void **state)
{
	char name[80], path[96];
	long long k1, k2, pair;
	struct ga_resp r;
	json_t *b;

	(void)state;
	name_of(name, sizeof(name), "丙");
	k1 = create(S(DIR_A), child_body(VILLAGE_A, name, NULL, "2014-08-09"));
	k2 = create(S(DIR_A), child_body(VILLAGE_A, name, NULL, "2014-08-09"));
	assert_int_equal(open_pairs(S(SUP), k1, &pair), 1);
	snprintf(path, sizeof(path), "/api/v1/duplicates/%lld/dismiss", pair);
	jreq(S(SUP), "POST", path,
	     json_pack("{s:s}", "note", "双胞胎，同名不同人"), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")), "dismissed");
	ga_resp_free(&r);
	assert_int_equal(open_pairs(S(SUP), k2, NULL), 0);
	/* writing the dossier again does not flag the pair again */
	b = child_body(VILLAGE_A, name, NULL, "2014-08-09");
	json_object_set_new(b, "version", json_integer(1));
	snprintf(path, sizeof(path), "/api/v1/children/%lld", k2);
	jreq(S(DIR_A), "PATCH", path, b, &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	assert_int_equal(open_pairs(S(SUP), k2, NULL), 0);
	id_req(S(SUP), "GET", "/api/v1/duplicates?status=dismissed", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 1);
	ga_resp_free(&r);
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "T%lu", seed % 100000000UL);
	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++)
		if (id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false) <= 0)
			return -1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(log_in_all),
	    cmocka_unit_test(flagged_without_id_number),
	    cmocka_unit_test(pair_shows_both_sides_in_scope),
	    cmocka_unit_test(director_cannot_merge),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(supervisor_merges),
	    cmocka_unit_test(supervisor_dismisses_for_good),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
