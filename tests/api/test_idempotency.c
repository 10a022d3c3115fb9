/*
 * Idempotent dossier updates for offline phones (issue 5): PATCH
 * /api/v1/children/{id} with a client_uuid is applied once. The same UUID
 * with the same body answers 200 with the dossier and writes nothing more
 * (one history entry); with another body, another dossier or from another
 * account it answers 409 uuid_reused; a malformed UUID is 400; a stale
 * version records nothing, so the queue may send the write again on the
 * new version. Out of scope stays 404.
 *
 * Names carry this run's token (shared PostgreSQL databases).
 */
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201";

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
};

enum { DIR_A, DIR_A2, DIR_B, NWHO };

static struct who who[NWHO] = {
    [DIR_A] = {"idema", "director", "500229212201", {{0}}},
    [DIR_A2] = {"idema2", "director", "500229212201", {{0}}},
    [DIR_B] = {"idemb", "director", "500229212202", {{0}}},
};

#define S(i) (&who[i].s)

static char tok[24];
static long long kid, kid2;

static json_t *child_body(const char *name)
{
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, s:[], "
	    "s:[], s:{s:s}, s:s, s:b, s:s}",
	    "name", name, "sex", "female", "birth_date", "2015-03-04",
	    "ethnicity", "汉族", "rural_hukou", 1, "region", VILLAGE_A,
	    "address", "一组", "school_status", "primary", "boarding", 0,
	    "health", "healthy", "serious_illness", 0, "assistance", "family",
	    "guardian", "type", "grandparents", "guardianship_level", "fair",
	    "no_hukou", 1, "no_hukou_reason", "超生未落户");
}

static long long create(const char *what)
{
	char name[80];
	struct ga_resp r;
	long long id;

	snprintf(name, sizeof(name), "离线%s%s", what, tok);
	jreq(S(DIR_A), "POST", "/api/v1/children", child_body(name), &r);
	GA_ASSERT_STATUS(&r, 201);
	id = (long long)json_integer_value(json_object_get(r.json, "id"));
	ga_resp_free(&r);
	assert_true(id > 0);
	return id;
}

static void patch(int who_i, long long id, const char *uuid_json,
		  long long version, const char *address, struct ga_resp *r)
{
	char path[64], body[256];

	snprintf(path, sizeof(path), "/api/v1/children/%lld", id);
	if (uuid_json)
		snprintf(body, sizeof(body),
			 "{\"address\":\"%s\",\"version\":%lld,"
			 "\"client_uuid\":%s}",
			 address, version, uuid_json);
	else
		snprintf(body, sizeof(body),
			 "{\"address\":\"%s\",\"version\":%lld}", address,
			 version);
	id_req(S(who_i), "PATCH", path, body, r);
}

static long long version_of(json_t *o)
{
	return (long long)json_integer_value(json_object_get(o, "version"));
}

/* the dossier as its director sees it now */
static long long current(long long id, char *address, size_t size)
{
	char path[64];
	struct ga_resp r;
	long long v;

	snprintf(path, sizeof(path), "/api/v1/children/%lld", id);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	v = version_of(r.json);
	if (address)
		snprintf(address, size, "%s",
			 json_string_value(json_object_get(r.json, "address")));
	ga_resp_free(&r);
	return v;
}

static size_t history_len(long long id)
{
	char path[80];
	struct ga_resp r;
	size_t n;

	snprintf(path, sizeof(path), "/api/v1/children/%lld/history", id);
	id_req(S(DIR_A), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	n = json_array_size(json_object_get(r.json, "items"));
	ga_resp_free(&r);
	return n;
}

/* this run's UUIDs (JSON strings): random, so runs never share one */
static char uuids[4][48];
#define U1 uuids[0]
#define U2 uuids[1] /* upper case: accepted as well */
#define U3 uuids[2]
#define U4 uuids[3]

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
	kid = create("甲");
	kid2 = create("乙");
}

static void replay_is_applied_once(void **state)
{
	struct ga_resp r;
	char addr[64];
	size_t before;

	(void)state;
	before = history_len(kid);
	patch(DIR_A, kid, U1, 1, "二组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 2);
	ga_resp_free(&r);
	/* the phone never heard the answer and sends it again */
	patch(DIR_A, kid, U1, 1, "二组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 2);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "address")), "二组");
	ga_resp_free(&r);
	assert_int_equal(current(kid, addr, sizeof(addr)), 2);
	assert_string_equal(addr, "二组");
	assert_int_equal(history_len(kid), before + 1);
	/* after a later online change the replay still answers 200 (with
	 * the dossier as it now is), never a stale-version error */
	patch(DIR_A, kid, NULL, 2, "三组", &r);
	GA_ASSERT_STATUS(&r, 200);
	ga_resp_free(&r);
	patch(DIR_A, kid, U1, 1, "二组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 3);
	ga_resp_free(&r);
	assert_int_equal(current(kid, addr, sizeof(addr)), 3);
	assert_string_equal(addr, "三组");
	assert_int_equal(history_len(kid), before + 2);
}

static void reused_uuid_is_refused(void **state)
{
	struct ga_resp r;
	char addr[64];

	(void)state;
	/* same UUID, another body */
	patch(DIR_A, kid, U1, 1, "四组", &r);
	GA_ASSERT_ERROR(&r, 409, "uuid_reused", "client_uuid");
	assert_true(ga_has_cjk(ga_error_message(&r)));
	ga_resp_free(&r);
	/* same UUID, another dossier */
	patch(DIR_A, kid2, U1, 1, "二组", &r);
	GA_ASSERT_ERROR(&r, 409, "uuid_reused", "client_uuid");
	ga_resp_free(&r);
	/* same UUID and body from another account of the same village */
	patch(DIR_A2, kid, U1, 1, "二组", &r);
	GA_ASSERT_ERROR(&r, 409, "uuid_reused", "client_uuid");
	ga_resp_free(&r);
	assert_int_equal(current(kid, addr, sizeof(addr)), 3);
	assert_string_equal(addr, "三组");
	assert_int_equal(current(kid2, NULL, 0), 1);
}

static void malformed_uuid_is_400(void **state)
{
	static const char *const bad[] = {
	    "\"\"",
	    "\"not-a-uuid\"",
	    "\"6f1c2b9e0a4d4c1e9b7a1d2e3f4a5b6c0000\"",
	    "\"6f1c2b9e-0a4d-4c1e-9b7a-1d2e3f4a5b6\"",
	    "\"6f1c2b9e-0a4d-4c1e-9b7a-1d2e3f4a5b6cc\"",
	    "\"6g1c2b9e-0a4d-4c1e-9b7a-1d2e3f4a5b6c\"",
	    "123",
	    "null",
	    "[\"6f1c2b9e-0a4d-4c1e-9b7a-1d2e3f4a5b6c\"]",
	};
	struct ga_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		patch(DIR_A, kid2, bad[i], 1, "五组", &r);
		GA_ASSERT_ERROR(&r, 400, "invalid_value", "client_uuid");
		ga_resp_free(&r);
	}
	assert_int_equal(current(kid2, NULL, 0), 1);
}

static void stale_version_records_nothing(void **state)
{
	struct ga_resp r;
	char addr[64];

	(void)state;
	/* based on version 1, but the dossier is at 3 */
	patch(DIR_A, kid, U2, 1, "六组", &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	/* the director keeps theirs: sent again on the current version */
	patch(DIR_A, kid, U2, 3, "六组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 4);
	ga_resp_free(&r);
	patch(DIR_A, kid, U2, 3, "六组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 4);
	ga_resp_free(&r);
	assert_int_equal(current(kid, addr, sizeof(addr)), 4);
	assert_string_equal(addr, "六组");
}

static void invalid_body_records_nothing(void **state)
{
	char path[64], body[160];
	struct ga_resp r;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/children/%lld", kid2);
	snprintf(body, sizeof(body),
		 "{\"sex\":\"robot\",\"version\":1,\"client_uuid\":%s}", U3);
	id_req(S(DIR_A), "PATCH", path, body, &r);
	GA_ASSERT_STATUS(&r, 400);
	ga_resp_free(&r);
	/* the UUID stayed free: a valid write with it goes through */
	patch(DIR_A, kid2, U3, 1, "七组", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(version_of(r.json), 2);
	ga_resp_free(&r);
}

static void out_of_scope_is_404(void **state)
{
	struct ga_resp r;

	(void)state;
	patch(DIR_B, kid, U4, 4, "八组", &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	/* even when replaying another account's UUID: 404 first */
	patch(DIR_B, kid, U1, 1, "二组", &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	patch(DIR_A, 999999999, U4, 1, "八组", &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	assert_int_equal(current(kid, NULL, 0), 4);
}

static int setup(void **state)
{
	char u[64];
	unsigned long seed = ((unsigned long)getpid() * 2654435761UL) ^
			     (unsigned long)time(NULL);

	snprintf(tok, sizeof(tok), "T%lu", seed % 100000000UL);
	for (unsigned i = 0; i < 4; i++)
		snprintf(uuids[i], sizeof(uuids[i]),
			 i == 1 ? "\"%08lX-0A4D-4C1E-9B7A-%012lX\""
				: "\"%08lx-0a4d-4c1e-9b7a-%012lx\"",
			 seed & 0xffffffffUL,
			 (unsigned long)time(NULL) * 4 + i);
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
	    cmocka_unit_test(replay_is_applied_once),
	    cmocka_unit_test(reused_uuid_is_refused),
	    cmocka_unit_test(malformed_uuid_is_400),
	    cmocka_unit_test(stale_version_records_nothing),
	    cmocka_unit_test(invalid_body_records_nothing),
	    cmocka_unit_test(out_of_scope_is_404),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
