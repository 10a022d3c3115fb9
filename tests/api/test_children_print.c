/*
 * The printable dossier (GET /api/v1/children/{id}/print.pdf, issue 4)
 * through a real server: a whole PDF with the right headers for the
 * village's director, 404 for another village's director (exactly like an
 * absent id), 403 for a role without child.read, unmask refused to
 * county_civil (no child.unmask) and audited for the director, and every
 * print audited as child.print.
 *
 * Accounts come from the CLI (ident.h); names and ID numbers carry this
 * run's seed so a shared PostgreSQL database (GA_TEST_DB) never collides.
 */
#include "domain/idcard.h"
#include "ident.h"

#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
	char secret[64];
};

enum { DIR_A, DIR_B, CIVIL, EDU, AUDITOR, NWHO };

static struct who who[NWHO] = {
    [DIR_A] = {"pdira", "director", "500229212201", {{0}}, ""},
    [DIR_B] = {"pdirb", "director", "500229212202", {{0}}, ""},
    [CIVIL] = {"pcivil", "county_civil", "500229000000", {{0}}, ""},
    [EDU] = {"pedu", "education", "500229000000", {{0}}, ""},
    [AUDITOR] = {"paudit", "auditor", "500229000000", {{0}}, ""},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static long long child_id;

static void log_in(struct who *w)
{
	char u[64], code[7];
	struct ga_resp r;

	id_name(u, sizeof(u), w->what);
	if (w->secret[0]) {
		id_totp_fresh(w->secret, code);
		assert_int_equal(id_login(u, ID_PASSWORD, code, &w->s, &r),
				 200);
	} else {
		assert_int_equal(id_login(u, ID_PASSWORD, NULL, &w->s, &r),
				 200);
	}
	if (json_is_true(json_object_get(r.json, "totp_enrollment_required")))
		id_enrol(&w->s, w->secret, sizeof(w->secret));
	ga_resp_free(&r);
}

static void print(const struct id_sess *s, long long id, const char *q,
		  struct ga_resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/children/%lld/print.pdf%s", id,
		 q);
	id_req(s, "GET", path, NULL, r);
}

/* audit entries of action by account on the child whose outcome is want */
static int audit_count(const char *action, long long account, const char *want)
{
	char path[256];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=%s&account=%lld&object_id=%lld"
		 "&limit=500",
		 action, account, child_id);
	id_req(S(AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		assert_string_equal(id_str(it, "action"), action);
		assert_string_equal(id_str(it, "object_type"), "child");
		if (!strcmp(id_str(it, "outcome"), want))
			n++;
	}
	ga_resp_free(&r);
	return n;
}

static void assert_pdf(const struct ga_resp *r, long long id)
{
	char disp[80];

	GA_ASSERT_STATUS(r, 200);
	GA_ASSERT_HEADER_CONTAINS(r, "Content-Type", "application/pdf");
	snprintf(disp, sizeof(disp), "inline; filename=\"child-%lld.pdf\"", id);
	GA_ASSERT_HEADER_CONTAINS(r, "Content-Disposition", disp);
	assert_true(r->len > 1000);
	assert_memory_equal(r->body, "%PDF-", 5);
	assert_true(ga_memmem(r->body + r->len - 8, 8, "%%EOF"));
	assert_true(ga_memmem(r->body, r->len, "/FontFile2"));
}

/* with GA_PDF_OUT set, keep the PDF there (to look at it: pdftoppm -png) */
static void keep(const struct ga_resp *r)
{
	const char *path = getenv("GA_PDF_OUT");
	FILE *fp;

	if (!path || !*path)
		return;
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(r->body, 1, r->len, fp), r->len);
	fclose(fp);
}

static void accounts_log_in(void **state)
{
	(void)state;
	for (int i = 0; i < NWHO; i++) {
		log_in(&who[i]);
		assert_true(who[i].s.account_id > 0);
	}
}

static void director_registers_a_child(void **state)
{
	char birth[11], idn[19], name[80], phone[16];
	time_t t = ga_now() + 8 * 3600;
	struct ga_resp r;
	struct tm tm;
	json_t *b;
	char *text;

	(void)state;
	gmtime_r(&t, &tm);
	snprintf(birth, sizeof(birth), "%04u-01-01",
		 (unsigned)(tm.tm_year + 1900 - 9) % 10000);
	snprintf(idn, sizeof(idn), "5002%02lu%.4s0101%03lu", seed % 100, birth,
		 (seed / 100 % 450) * 2 + 1);
	idn[17] = idcard_check_char(idn);
	idn[18] = '\0';
	snprintf(name, sizeof(name), "陈小明P%lu", seed);
	snprintf(phone, sizeof(phone), "139%08lu", seed % 100000000UL);
	b = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[s], s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s}], "
	    "s:{s:s}, s:s, s:s}",
	    "name", name, "id_number", idn, "sex", "male", "birth_date", birth,
	    "ethnicity", "汉族", "rural_hukou", 1, "region", VILLAGE_A,
	    "address", "鸡鸣乡茶坪村五组", "school_status", "primary",
	    "boarding", 1, "health", "healthy", "serious_illness", 0,
	    "assistance", "dibao", "family", "relation", "father", "name",
	    "陈大海", "situation", "migrant", "phone", phone, "work_place",
	    "广东省东莞市", "relation", "mother", "name", "刘小红", "situation",
	    "migrant", "guardian", "type", "grandparents", "guardianship_level",
	    "fair", "notes", "每月电话联系父母。");
	text = id_json(b);
	id_req(S(DIR_A), "POST", "/api/v1/children", text, &r);
	free(text);
	GA_ASSERT_STATUS(&r, 201);
	child_id = (long long)json_integer_value(json_object_get(r.json, "id"));
	assert_true(child_id > 0);
	ga_resp_free(&r);
}

static void director_prints(void **state)
{
	struct ga_resp r;

	(void)state;
	assert_int_equal(audit_count("child.print", S(DIR_A)->account_id, "ok"),
			 0);
	print(S(DIR_A), child_id, "", &r);
	assert_pdf(&r, child_id);
	GA_ASSERT_SECURITY_HEADERS(&r);
	keep(&r);
	ga_resp_free(&r);
	assert_int_equal(audit_count("child.print", S(DIR_A)->account_id, "ok"),
			 1);
	/* ?unmask=0 is the masked print */
	print(S(DIR_A), child_id, "?unmask=0", &r);
	assert_pdf(&r, child_id);
	ga_resp_free(&r);
	assert_int_equal(audit_count("child.print", S(DIR_A)->account_id, "ok"),
			 2);
}

static void director_unmasks_audited(void **state)
{
	struct ga_resp r;

	(void)state;
	print(S(DIR_A), child_id, "?unmask=1", &r);
	assert_pdf(&r, child_id);
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.print", S(DIR_A)->account_id, "ok:unmasked"), 1);
	assert_int_equal(
	    audit_count("child.unmask", S(DIR_A)->account_id, "ok:print"), 1);
}

static void scope_and_permissions(void **state)
{
	struct ga_resp r;

	(void)state;
	/* another village's director: 404, like an absent id */
	print(S(DIR_B), child_id, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	print(S(DIR_A), child_id + 1000000, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* education holds no child.read */
	print(S(EDU), child_id, "", &r);
	GA_ASSERT_STATUS(&r, 403);
	ga_resp_free(&r);
	/* county civil affairs prints masked, may not unmask */
	print(S(CIVIL), child_id, "", &r);
	assert_pdf(&r, child_id);
	ga_resp_free(&r);
	print(S(CIVIL), child_id, "?unmask=1", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", "unmask");
	ga_resp_free(&r);
	/* no session */
	print(NULL, child_id, "", &r);
	GA_ASSERT_STATUS(&r, 401);
	ga_resp_free(&r);
	/* refused prints left no print entries */
	assert_int_equal(audit_count("child.print", S(DIR_B)->account_id, "ok"),
			 0);
	assert_int_equal(audit_count("child.print", S(EDU)->account_id, "ok"),
			 0);
	assert_int_equal(audit_count("child.print", S(CIVIL)->account_id, "ok"),
			 1);
	assert_int_equal(
	    audit_count("child.print", S(CIVIL)->account_id, "ok:unmasked"), 0);
}

static void bad_parameters(void **state)
{
	struct ga_resp r;

	(void)state;
	print(S(DIR_A), child_id, "?unmask=2", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "unmask");
	ga_resp_free(&r);
	print(S(DIR_A), child_id, "?full=1", &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	id_req(S(DIR_A), "GET", "/api/v1/children/abc/print.pdf", NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* the history route is still the history */
	{
		char path[96];

		snprintf(path, sizeof(path), "/api/v1/children/%lld/history",
			 child_id);
		id_req(S(DIR_A), "GET", path, NULL, &r);
		GA_ASSERT_STATUS(&r, 200);
		assert_non_null(json_object_get(r.json, "items"));
		ga_resp_free(&r);
	}
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	ga_use_clock();
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
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(director_registers_a_child),
	    cmocka_unit_test(director_prints),
	    cmocka_unit_test(director_unmasks_audited),
	    cmocka_unit_test(scope_and_permissions),
	    cmocka_unit_test(bad_parameters),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
