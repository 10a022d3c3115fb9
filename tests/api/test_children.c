/*
 * The child registry (一人一档, issue 4) through the API: registration with
 * derived categories, masking and audited unmasking, scope (404 exactly
 * like an absent id), optimistic concurrency and history, bad input
 * (status, code and field, and nothing written), duplicate ID numbers,
 * list filters and keyset paging, and encryption at rest (the SQLite file
 * and its WAL, or a pg_dump, never hold a seeded name, ID number or phone).
 *
 * Accounts come from the CLI (ident.h). With a shared PostgreSQL database
 * (GA_TEST_DB) other programs run at the same time: every username, name
 * and ID number carries this run's seed, and no count assumes empty
 * tables (lists are narrowed by this run's names or ID numbers).
 */
#include "domain/idcard.h"
#include "ident.h"

#include <glob.h>
#include <pthread.h>
#include <time.h>

static const char *const VILLAGE_A = "500229212201"; /* 茶坪村 */
static const char *const VILLAGE_B = "500229212202"; /* 灯梁村 */
static const char *const TOWNSHIP = "500229212000";  /* 鸡鸣乡 */
static const char *const COUNTY = "500229000000";    /* 城口县 */

struct who {
	const char *what, *role, *scope;
	bool totp;
	struct id_sess s;
	char secret[64];
};

enum { DIR_A, DIR_B, SUP, CIVIL, POLICE, EDU, SYSADM, AUDITOR, NWHO };

static struct who who[NWHO] = {
    [DIR_A] = {"dira", "director", "500229212201", false, {{0}}, ""},
    [DIR_B] = {"dirb", "director", "500229212202", false, {{0}}, ""},
    [SUP] = {"sup", "supervisor", "500229212000", false, {{0}}, ""},
    [CIVIL] = {"civil", "county_civil", "500229000000", true, {{0}}, ""},
    [POLICE] = {"police", "police", "500229000000", false, {{0}}, ""},
    [EDU] = {"edu", "education", "500229000000", false, {{0}}, ""},
    [SYSADM] = {"sysadm", "sysadmin", "500229000000", true, {{0}}, ""},
    [AUDITOR] = {"auditor", "auditor", "500229000000", true, {{0}}, ""},
};

#define S(i) (&who[i].s)

static unsigned long seed;
static char tok[24];  /* in every name this run registers */
static int id_serial; /* ID numbers made so far */
static int today_y, today_m, today_d;

/* the first child: the one most tests look at */
static long long c1_id;
static char c1_idn[19], c1_name[80], c1_phone[16], c1_phone2[16];

/* ---- small helpers ---- */

static void server_today(void)
{
	time_t t = ga_now() + 8 * 3600; /* Asia/Shanghai */
	struct tm tm;

	gmtime_r(&t, &tm);
	today_y = tm.tm_year + 1900;
	today_m = tm.tm_mon + 1;
	today_d = tm.tm_mday;
}

/* "YYYY-01-01" of `years` ago: exactly that age on any day of the year */
static void jan1(int years, char out[11])
{
	snprintf(out, 11, "%04d-01-01", today_y - years);
}

/*
 * A valid ID number for birth (YYYY-MM-DD) and sex, unique to this run:
 * the address code and sequence come from the seed and a serial.
 */
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

static void masked_id(const char *id, char out[19])
{
	snprintf(out, 19, "%.6s********%.4s", id, id + 14);
}

static void make_phone(int n, char out[16])
{
	snprintf(out, 16, "13%d%08lu", 5 + n % 4,
		 (seed * 7 + (unsigned long)n * 7919) % 100000000UL);
}

static void url_enc(const char *s, char *out, size_t size)
{
	size_t o = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", c);
	}
	out[o] = '\0';
}

static json_t *member(const char *relation, const char *name,
		      const char *situation, const char *phone)
{
	json_t *m = json_pack("{s:s, s:s, s:s}", "relation", relation, "name",
			      name, "situation", situation);

	if (phone)
		json_object_set_new(m, "phone", json_string(phone));
	return m;
}

/* everything required, a healthy child at home with grandparents */
static json_t *child_body(const char *region, const char *name, const char *idn,
			  bool male, const char *birth)
{
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b, s:s, s:b, "
	    "s:[], s:[], s:{s:s}, s:s}",
	    "name", name, "id_number", idn, "sex", male ? "male" : "female",
	    "birth_date", birth, "ethnicity", "土家族", "rural_hukou", 1,
	    "region", region, "address", "鸡鸣乡茶坪村三组", "school_status",
	    "primary", "boarding", 0, "health", "healthy", "serious_illness", 0,
	    "assistance", "family", "guardian", "type", "grandparents",
	    "guardianship_level", "fair");
}

static bool has_string(json_t *arr, const char *s)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i,
			   v) if (json_is_string(v) &&
				  !strcmp(json_string_value(v), s)) return true;
	return false;
}

static bool has_reason(json_t *child, const char *code, const char *key,
		       const char *val)
{
	size_t i;
	json_t *v;

	json_array_foreach(json_object_get(child, "reasons"), i, v)
	{
		if (strcmp(id_str(v, "code"), code))
			continue;
		if (!key || !strcmp(id_str(v, key), val))
			return true;
	}
	return false;
}

/* Whether the decimal number n stands alone (not inside a longer number)
 * in s. */
static bool has_number(const char *s, long long n)
{
	char num[24];
	size_t k;
	const char *p = s;

	snprintf(num, sizeof(num), "%lld", n);
	k = strlen(num);
	while (p && (p = strstr(p, num))) {
		bool before = p > s && p[-1] >= '0' && p[-1] <= '9';
		bool after = p[k] >= '0' && p[k] <= '9';

		if (!before && !after)
			return true;
		p++;
	}
	return false;
}

/*
 * Every id that GET /api/v1/children?query lists for s, following next
 * (bounded); the ids go into a new array, pages must be in id order.
 */
static json_t *list_ids_lim(const struct id_sess *s, const char *query,
			    int limit)
{
	json_t *ids = json_array();
	long long after = 0, last = 0;
	char path[1024];
	struct ga_resp r;

	for (int page = 0; page < 3000; page++) {
		json_t *items, *it, *next;
		size_t i;

		if (after)
			snprintf(path, sizeof(path),
				 "/api/v1/children?%s%slimit=%d&after=%lld",
				 query, *query ? "&" : "", limit, after);
		else
			snprintf(path, sizeof(path),
				 "/api/v1/children?%s%slimit=%d", query,
				 *query ? "&" : "", limit);
		id_req(s, "GET", path, NULL, &r);
		if (r.status != 200)
			fail_msg("GET %s: %ld %.300s", path, r.status,
				 r.body ? r.body : "");
		items = json_object_get(r.json, "items");
		assert_true(json_is_array(items));
		assert_true(json_array_size(items) <= (size_t)limit);
		json_array_foreach(items, i, it)
		{
			long long id = jint(it, "id");

			assert_true(id > last); /* ordered by id */
			last = id;
			json_array_append_new(ids, json_integer(id));
		}
		next = json_object_get(r.json, "next");
		if (!json_is_integer(next)) {
			assert_true(json_is_null(next));
			ga_resp_free(&r);
			return ids;
		}
		assert_true(json_integer_value(next) > after);
		after = json_integer_value(next);
		ga_resp_free(&r);
	}
	fail_msg("GET /api/v1/children?%s: too many pages", query);
	return ids;
}

static json_t *list_ids(const struct id_sess *s, const char *query)
{
	return list_ids_lim(s, query, 200);
}

static bool ids_have(json_t *ids, long long id)
{
	size_t i;
	json_t *v;

	json_array_foreach(ids, i,
			   v) if (json_integer_value(v) == id) return true;
	return false;
}

/* The list for s and query is exactly the expected ids (0-terminated). */
static void expect_list(const struct id_sess *s, const char *query,
			const long long *want, int line)
{
	json_t *ids = list_ids(s, query);
	size_t n = 0;

	for (; want[n]; n++)
		if (!ids_have(ids, want[n])) {
			char *d = json_dumps(ids, 0);

			print_error("line %d: ?%s lacks %lld; got %s\n", line,
				    query, want[n], d);
			free(d);
			json_decref(ids);
			fail();
		}
	if (json_array_size(ids) != n) {
		char *d = json_dumps(ids, 0);

		print_error("line %d: ?%s: %zu ids, want %zu: %s\n", line,
			    query, json_array_size(ids), n, d);
		free(d);
		json_decref(ids);
		fail();
	}
	json_decref(ids);
}

#define EXPECT_LIST(s, q, ...)                                                 \
	do {                                                                   \
		const long long w_[] = {__VA_ARGS__, 0};                       \
		expect_list((s), (q), w_, __LINE__);                           \
	} while (0)

/* nothing with this name (when given) or ID number (when 18 long) exists
 * anywhere in the county */
static void assert_absent(const char *name, const char *idn)
{
	char q[600], enc[500];
	json_t *ids;

	if (idn && strlen(idn) == 18) {
		snprintf(q, sizeof(q), "id_number=%s", idn);
		ids = list_ids(S(CIVIL), q);
		if (json_array_size(ids))
			fail_msg("a rejected request wrote child %s", idn);
		json_decref(ids);
	}
	if (name && *name && strlen(name) <= 64) {
		url_enc(name, enc, sizeof(enc));
		snprintf(q, sizeof(q), "name=%s", enc);
		ids = list_ids(S(CIVIL), q);
		if (json_array_size(ids))
			fail_msg("a rejected request wrote child %s", name);
		json_decref(ids);
	}
}

/* POST a child; 201 expected; returns its id and keeps the response */
static long long create_ok(const struct id_sess *s, json_t *body,
			   struct ga_resp *out)
{
	struct ga_resp mine, *r = out ? out : &mine;
	long long id;

	jreq(s, "POST", "/api/v1/children", body, r);
	GA_ASSERT_STATUS(r, 201);
	id = jint(r->json, "id");
	assert_true(id > 0);
	if (!out)
		ga_resp_free(&mine);
	return id;
}

static void get_child(const struct id_sess *s, long long id, const char *q,
		      struct ga_resp *r)
{
	char path[128];

	snprintf(path, sizeof(path), "/api/v1/children/%lld%s", id, q);
	id_req(s, "GET", path, NULL, r);
}

/* ---- accounts ---- */

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

static void accounts_log_in(void **state)
{
	(void)state;
	server_today();
	assert_string_equal(who[CIVIL].scope, COUNTY);
	assert_string_equal(who[SUP].scope, TOWNSHIP);
	for (int i = 0; i < NWHO; i++) {
		log_in(&who[i]);
		assert_true(who[i].s.account_id > 0);
	}
}

/* ---- create ---- */

static void create_derives_categories(void **state)
{
	char birth[11], name[80], idn[19], fname[80], mname[80];
	struct ga_resp r;
	json_t *b, *c;

	(void)state;
	/* both parents away, rural, ten years old, on dibao, dropped out */
	jan1(10, birth);
	make_id(birth, false, c1_idn);
	snprintf(c1_name, sizeof(c1_name), "王小芳%s", tok);
	snprintf(fname, sizeof(fname), "王大山%s", tok);
	snprintf(mname, sizeof(mname), "李秀英%s", tok);
	make_phone(1, c1_phone);
	b = child_body(VILLAGE_A, c1_name, c1_idn, false, birth);
	json_object_set_new(b, "school_status", json_string("dropout"));
	json_object_set_new(b, "assistance", json_pack("[s]", "dibao"));
	json_object_set_new(
	    b, "family",
	    json_pack("[o, o]", member("father", fname, "migrant", c1_phone),
		      member("mother", mname, "migrant", NULL)));
	json_object_set_new(b, "guardian",
			    json_pack("{s:s, s:s, s:s, s:s}", "type",
				      "entrusted", "name", "王奶奶", "phone",
				      c1_phone, "relation", "祖母"));
	c1_id = create_ok(S(DIR_A), b, &r);
	c = r.json;
	assert_int_equal(jint(c, "version"), 1);
	assert_string_equal(id_str(c, "region"), VILLAGE_A);
	assert_string_equal(id_str(c, "name"), c1_name);
	assert_true(
	    has_string(json_object_get(c, "categories"), "left_behind"));
	assert_true(
	    has_string(json_object_get(c, "categories"), "difficult_poverty"));
	assert_false(
	    has_string(json_object_get(c, "categories"), "orphan_dispersed"));
	assert_true(
	    has_string(json_object_get(c, "key_flags"), "out_of_school"));
	assert_true(
	    has_reason(c, "both_parents_migrant", "category", "left_behind"));
	assert_true(
	    has_reason(c, "assistance_dibao", "category", "difficult_poverty"));
	assert_true(has_reason(c, "dropout", "key_flag", "out_of_school"));
	assert_int_equal(jint(c, "age"), 10);
	/* the author gets the stored dossier unmasked (openapi: 201) */
	assert_string_equal(id_str(c, "id_number"), c1_idn);
	ga_resp_free(&r);

	/* categories, key flags and reasons are derived, never sent */
	jan1(9, birth);
	make_id(birth, true, idn);
	snprintf(name, sizeof(name), "手填类别%s", tok);
	b = child_body(VILLAGE_A, name, idn, true, birth);
	json_object_set_new(b, "categories",
			    json_pack("[s]", "orphan_dispersed"));
	jreq(S(DIR_A), "POST", "/api/v1/children", b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "categories");
	ga_resp_free(&r);
	b = child_body(VILLAGE_A, name, idn, true, birth);
	json_object_set_new(b, "key_flags", json_pack("[s]", "ill"));
	jreq(S(DIR_A), "POST", "/api/v1/children", b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "key_flags");
	ga_resp_free(&r);
	b = child_body(VILLAGE_A, name, idn, true, birth);
	json_object_set_new(b, "version", json_integer(7));
	jreq(S(DIR_A), "POST", "/api/v1/children", b, &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "version");
	ga_resp_free(&r);
	assert_absent(name, idn);
}

/* ---- read, masking, unmasking ---- */

static int audit_count(const char *action, long long account, long long object)
{
	char path[256];
	struct ga_resp r;
	json_t *it;
	size_t i;
	int n = 0;

	snprintf(path, sizeof(path),
		 "/api/v1/audit?action=%s&account=%lld&object_id=%lld"
		 "&limit=500",
		 action, account, object);
	id_req(S(AUDITOR), "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		assert_string_equal(id_str(it, "action"), action);
		assert_string_equal(id_str(it, "object_type"), "child");
		if (!strcmp(id_str(it, "outcome"), "ok"))
			n++;
	}
	ga_resp_free(&r);
	return n;
}

static void read_masks_and_unmask_is_audited(void **state)
{
	char masked[19], mphone[16];
	struct ga_resp r;
	json_t *c, *f0, *g;

	(void)state;
	masked_id(c1_idn, masked);
	snprintf(mphone, sizeof(mphone), "%.3s****%s", c1_phone, c1_phone + 7);

	get_child(S(DIR_A), c1_id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	c = r.json;
	assert_string_equal(id_str(c, "id_number"), masked);
	assert_string_equal(id_str(c, "name"), c1_name);
	assert_false(json_is_true(json_object_get(c, "unmasked")));
	f0 = json_array_get(json_object_get(c, "family"), 0);
	assert_string_equal(id_str(f0, "phone"), mphone);
	g = json_object_get(c, "guardian");
	assert_string_equal(id_str(g, "phone"), mphone);
	assert_null(strstr(r.body, c1_idn));
	assert_null(strstr(r.body, c1_phone));
	assert_true(
	    has_string(json_object_get(c, "categories"), "left_behind"));
	ga_resp_free(&r);

	get_child(S(DIR_A), c1_id, "?unmask=0", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "id_number"), masked);
	ga_resp_free(&r);

	/* the director may unmask: full values, and an audit entry */
	assert_int_equal(
	    audit_count("child.unmask", S(DIR_A)->account_id, c1_id), 0);
	get_child(S(DIR_A), c1_id, "?unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	c = r.json;
	assert_string_equal(id_str(c, "id_number"), c1_idn);
	assert_true(json_is_true(json_object_get(c, "unmasked")));
	f0 = json_array_get(json_object_get(c, "family"), 0);
	assert_string_equal(id_str(f0, "phone"), c1_phone);
	assert_string_equal(id_str(json_object_get(c, "guardian"), "phone"),
			    c1_phone);
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.unmask", S(DIR_A)->account_id, c1_id), 1);

	/* police hold child.unmask too */
	get_child(S(POLICE), c1_id, "?unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "id_number"), c1_idn);
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.unmask", S(POLICE)->account_id, c1_id), 1);

	/* county civil affairs reads, masked, but may not unmask */
	get_child(S(CIVIL), c1_id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "id_number"), masked);
	ga_resp_free(&r);
	get_child(S(CIVIL), c1_id, "?unmask=1", &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", "unmask");
	assert_null(strstr(r.body, c1_idn));
	ga_resp_free(&r);
	assert_int_equal(
	    audit_count("child.unmask", S(CIVIL)->account_id, c1_id), 0);

	get_child(S(DIR_A), c1_id, "?unmask=2", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "unmask");
	ga_resp_free(&r);
	get_child(S(DIR_A), c1_id, "?unmask=", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "unmask");
	ga_resp_free(&r);
	get_child(S(DIR_A), c1_id, "?full=1", &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	/* no new entries came from the refused requests */
	assert_int_equal(
	    audit_count("child.unmask", S(DIR_A)->account_id, c1_id), 1);
}

/* ---- scope ---- */

static void scope_hides_and_refuses(void **state)
{
	char birth[11], idn[19], name[80], q[300], enc[200];
	struct ga_resp r, absent;
	json_t *ids;

	(void)state;
	/* the other village's director: 404, exactly like an absent id */
	get_child(S(DIR_B), c1_id, "", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	get_child(S(DIR_B), 999999999999LL, "", &absent);
	GA_ASSERT_ERROR(&absent, 404, "not_found", NULL);
	assert_true(json_equal(r.json, absent.json));
	assert_string_equal(r.body, absent.body);
	ga_resp_free(&r);
	ga_resp_free(&absent);
	get_child(S(DIR_B), c1_id, "?unmask=1", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	get_child(S(DIR_B), c1_id, "/history", &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	get_child(S(DIR_B), 999999999999LL, "/history", &absent);
	assert_string_equal(r.body, absent.body);
	ga_resp_free(&r);
	ga_resp_free(&absent);
	url_enc(c1_name, enc, sizeof(enc));
	snprintf(q, sizeof(q), "name=%s", enc);
	ids = list_ids(S(DIR_B), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);
	snprintf(q, sizeof(q), "id_number=%s", c1_idn);
	ids = list_ids(S(DIR_B), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);

	/* ... and may not register in the other village */
	jan1(8, birth);
	make_id(birth, true, idn);
	snprintf(name, sizeof(name), "越界登记%s", tok);
	jreq(S(DIR_B), "POST", "/api/v1/children",
	     child_body(VILLAGE_A, name, idn, true, birth), &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_scope", "region");
	ga_resp_free(&r);
	assert_absent(name, idn);

	/* the township's supervisor and the county roles see the child */
	for (int w = SUP; w <= POLICE; w++) {
		get_child(S(w), c1_id, "", &r);
		if (r.status != 200)
			fail_msg("%s: GET child: %ld %s", who[w].role, r.status,
				 r.body);
		assert_int_equal(jint(r.json, "id"), c1_id);
		ga_resp_free(&r);
		snprintf(q, sizeof(q), "id_number=%s", c1_idn);
		ids = list_ids(S(w), q);
		assert_int_equal(json_array_size(ids), 1);
		json_decref(ids);
	}

	/* education has no child.read; the sysadmin no child data at all */
	for (int w = EDU; w <= SYSADM; w++) {
		get_child(S(w), c1_id, "", &r);
		GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
		assert_null(strstr(r.body, c1_name));
		ga_resp_free(&r);
		id_req(S(w), "GET", "/api/v1/children", NULL, &r);
		GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
		ga_resp_free(&r);
		get_child(S(w), c1_id, "/history", &r);
		GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
		ga_resp_free(&r);
		jreq(S(w), "POST", "/api/v1/children",
		     child_body(VILLAGE_A, name, idn, true, birth), &r);
		GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
		ga_resp_free(&r);
	}
	/* county civil affairs reads but does not write */
	jreq(S(CIVIL), "POST", "/api/v1/children",
	     child_body(VILLAGE_A, name, idn, true, birth), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	jreq(S(CIVIL), "PATCH", "/api/v1/children/1",
	     json_pack("{s:i, s:s}", "version", 1, "notes", "x"), &r);
	GA_ASSERT_ERROR(&r, 403, "forbidden", NULL);
	ga_resp_free(&r);
	/* no session at all */
	ga_get("/api/v1/children", &r);
	GA_ASSERT_ERROR(&r, 401, "unauthenticated", NULL);
	ga_resp_free(&r);
	assert_absent(name, idn);
}

/* ---- update, history ---- */

/*
 * BUG: on PostgreSQL every PATCH /api/v1/children/{id} answers 500: the
 * UPDATE of store/child_repo.c uses $1..$33 and $36..$41 but never $34 or
 * $35, and PostgreSQL refuses to prepare it ("42P18 could not determine
 * data type of parameter $34"). Set to 0 once fixed: the PATCH checks are
 * skipped on PostgreSQL until then.
 */
#define PG_PATCH_BUG 0

static bool patch_broken(void)
{
	return PG_PATCH_BUG && ga_db_is_pg();
}

static json_t *change_of(json_t *hist, long long version, const char *field)
{
	size_t i, k;
	json_t *it, *ch;

	json_array_foreach(json_object_get(hist, "items"), i, it)
	{
		if (jint(it, "version") != version)
			continue;
		json_array_foreach(
		    json_object_get(it, "changes"), k,
		    ch) if (!strcmp(id_str(ch, "field"), field)) return ch;
	}
	return NULL;
}

static void patch_versions_and_history(void **state)
{
	char until[24], since[24], path[64], fname[80], mname[80];
	struct ga_resp r;
	json_t *c, *ch;

	(void)state;
	if (patch_broken())
		skip();
	snprintf(path, sizeof(path), "/api/v1/children/%lld", c1_id);
	snprintf(since, sizeof(since), "%04d-01-01", today_y - 1);
	snprintf(until, sizeof(until), "%04d-12-31", today_y + 2);
	snprintf(fname, sizeof(fname), "王大山%s", tok);
	snprintf(mname, sizeof(mname), "李秀英%s", tok);
	make_phone(2, c1_phone2);

	/* the father is now in prison; the child is back at school */
	{
		json_t *father = member("father", fname, "prison", c1_phone2);

		json_object_set_new(father, "since", json_string(since));
		json_object_set_new(father, "until", json_string(until));
		jreq(S(DIR_A), "PATCH", path,
		     json_pack("{s:i, s:s, s:[o, o]}", "version", 1,
			       "school_status", "junior", "family", father,
			       member("mother", mname, "migrant", NULL)),
		     &r);
	}
	GA_ASSERT_STATUS(&r, 200);
	c = r.json;
	assert_int_equal(jint(c, "version"), 2);
	assert_int_equal(jint(c, "id"), c1_id);
	assert_true(
	    has_string(json_object_get(c, "categories"), "parent_detained"));
	assert_true(
	    has_reason(c, "parent_in_prison", "category", "parent_detained"));
	assert_false(
	    has_string(json_object_get(c, "key_flags"), "out_of_school"));
	assert_false(has_reason(c, "both_parents_migrant", NULL, NULL));
	/* untouched fields stay */
	assert_string_equal(id_str(c, "name"), c1_name);
	assert_true(
	    has_string(json_object_get(c, "categories"), "difficult_poverty"));
	ga_resp_free(&r);

	get_child(S(SUP), c1_id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(id_str(r.json, "school_status"), "junior");
	assert_true(has_string(json_object_get(r.json, "categories"),
			       "parent_detained"));
	ga_resp_free(&r);

	/* history: who changed what, old and new */
	get_child(S(DIR_A), c1_id, "/history", &r);
	GA_ASSERT_STATUS(&r, 200);
	ch = change_of(r.json, 2, "family[0].situation");
	assert_non_null(ch);
	assert_string_equal(id_str(ch, "old"), "migrant");
	assert_string_equal(id_str(ch, "new"), "prison");
	ch = change_of(r.json, 2, "school_status");
	assert_non_null(ch);
	assert_string_equal(id_str(ch, "old"), "dropout");
	assert_string_equal(id_str(ch, "new"), "junior");
	assert_null(change_of(r.json, 2, "name"));
	{
		json_t *it =
		    json_array_get(json_object_get(r.json, "items"), 0);

		assert_non_null(it);
		assert_int_equal(jint(it, "changed_by"), S(DIR_A)->account_id);
		assert_true(id_str(it, "changed_at")[0]);
	}
	ga_resp_free(&r);

	/* a stale version: 409 naming the current one, nothing changes */
	jreq(S(SUP), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 1, "school_status", "senior"),
	     &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	assert_true(has_number(ga_error_message(&r), 2));
	ga_resp_free(&r);
	/* no version, version 0, an unknown or a derived field: 400 */
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:s}", "school_status", "senior"), &r);
	GA_ASSERT_ERROR(&r, 400, "missing_field", "version");
	ga_resp_free(&r);
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 0, "school_status", "senior"),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", "version");
	ga_resp_free(&r);
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s, s:s}", "version", 2, "school_status",
		       "senior", "favourite_colour", "red"),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "favourite_colour");
	ga_resp_free(&r);
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s, s:[s]}", "version", 2, "school_status",
		       "senior", "categories", "orphan_dispersed"),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_field", "categories");
	ga_resp_free(&r);
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 2, "school_status", "college"),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "school_status");
	ga_resp_free(&r);
	/* moving the child out of the director's village */
	jreq(S(DIR_A), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 2, "region", VILLAGE_B), &r);
	GA_ASSERT_ERROR(&r, 400, "out_of_scope", "region");
	ga_resp_free(&r);
	/* the other village's director: 404, as for an absent id */
	jreq(S(DIR_B), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 2, "school_status", "senior"),
	     &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	jreq(S(DIR_A), "PATCH", "/api/v1/children/999999999999",
	     json_pack("{s:i, s:s}", "version", 2, "school_status", "senior"),
	     &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);

	get_child(S(DIR_A), c1_id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 2);
	assert_string_equal(id_str(r.json, "school_status"), "junior");
	assert_string_equal(id_str(r.json, "region"), VILLAGE_A);
	ga_resp_free(&r);
	/* the registration (version 1) and this change (version 2) */
	get_child(S(DIR_A), c1_id, "/history", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_non_null(change_of(r.json, 1, "created"));
	ga_resp_free(&r);

	/* the current version works for the supervisor too: version 3 */
	jreq(S(SUP), "PATCH", path,
	     json_pack("{s:i, s:s}", "version", 2, "notes", "督导员核查"), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(jint(r.json, "version"), 3);
	ga_resp_free(&r);
}

/*
 * History is readable with child.read alone; the ID numbers and phones in
 * it must be masked for a role without child.unmask, as everywhere else.
 */
static void history_masks_for_readers(void **state)
{
	struct ga_resp r;

	(void)state;
	if (patch_broken())
		skip();
	get_child(S(CIVIL), c1_id, "/history", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 1);
	if (strstr(r.body, c1_phone) || strstr(r.body, c1_phone2))
		fail_msg("history shows a full phone number to a role "
			 "without child.unmask: %.600s",
			 r.body);
	ga_resp_free(&r);
}

/* ---- bad input ---- */

enum mut {
	M_BAD_CHECK,
	M_ID_BIRTH,
	M_ID_SEX,
	M_FEB30,
	M_FUTURE,
	M_TOO_OLD,
	M_NO_NAME,
	M_EMPTY_NAME,
	M_NO_HUKOU_NO_REASON,
	M_NO_HUKOU_WITH_ID,
	M_NO_ID,
	M_SCHOOL_COLLEGE,
	M_SEX_OTHER,
	M_MARS,
	M_TOWNSHIP,
	M_UNKNOWN_VILLAGE,
	M_OTHER_COUNTY,
	M_REGION_SHORT,
	M_FAMILY_17,
	M_MISSING_PARENT,
	M_NO_RELATION,
	M_NAME_65,
	M_NAME_22_CJK,
	M_CONTROL_CHAR,
	M_BIRTH_SLASH,
	M_GUARDIAN_STRING,
	M_ASSISTANCE_BAD,
	M_DISABILITY_5,
	M_RURAL_STRING,
	M_NO_REGION,
};

struct bad_case {
	enum mut m;
	int as; /* who sends it */
	long status;
	const char *code, *field;
};

static const struct bad_case bad_cases[] = {
    {M_BAD_CHECK, DIR_A, 400, "invalid_id_number", "id_number"},
    {M_ID_BIRTH, DIR_A, 400, "id_mismatch", "birth_date"},
    {M_ID_SEX, DIR_A, 400, "id_mismatch", "sex"},
    {M_FEB30, DIR_A, 400, "invalid_date", "birth_date"},
    {M_FUTURE, DIR_A, 400, "future_date", "birth_date"},
    {M_TOO_OLD, DIR_A, 400, "too_old", "birth_date"},
    {M_NO_NAME, DIR_A, 400, "missing_field", "name"},
    {M_EMPTY_NAME, DIR_A, 400, "missing_field", "name"},
    {M_NO_HUKOU_NO_REASON, DIR_A, 400, "missing_field", "no_hukou_reason"},
    {M_NO_HUKOU_WITH_ID, DIR_A, 400, "conflict", "id_number"},
    {M_NO_ID, DIR_A, 400, "missing_field", "id_number"},
    {M_SCHOOL_COLLEGE, DIR_A, 400, "invalid_value", "school_status"},
    {M_SEX_OTHER, DIR_A, 400, "invalid_value", "sex"},
    {M_MARS, DIR_A, 400, "invalid_ethnicity", "ethnicity"},
    {M_TOWNSHIP, SUP, 400, "not_a_village", "region"},
    {M_UNKNOWN_VILLAGE, SUP, 400, "unknown_region", "region"},
    /* 500229999999 lies outside every account that may write; the scope
     * is checked first, so existence is never revealed */
    {M_OTHER_COUNTY, SUP, 400, "out_of_scope", "region"},
    {M_REGION_SHORT, DIR_A, 400, "invalid_code", "region"},
    {M_FAMILY_17, DIR_A, 400, "too_many", "family"},
    {M_MISSING_PARENT, DIR_A, 400, "missing_field",
     "family[0].police_accepted"},
    {M_NO_RELATION, DIR_A, 400, "missing_field", "family[0].relation"},
    {M_NAME_65, DIR_A, 400, "too_long", "name"},
    {M_NAME_22_CJK, DIR_A, 400, "too_long", "name"},
    {M_CONTROL_CHAR, DIR_A, 400, "invalid_text", "name"},
    {M_BIRTH_SLASH, DIR_A, 400, "invalid_date", "birth_date"},
    {M_GUARDIAN_STRING, DIR_A, 400, "invalid_type", "guardian"},
    {M_ASSISTANCE_BAD, DIR_A, 400, "invalid_value", "assistance"},
    {M_DISABILITY_5, DIR_A, 400, "out_of_range", "disability.grade"},
    {M_RURAL_STRING, DIR_A, 400, "invalid_type", "rural_hukou"},
    {M_NO_REGION, DIR_A, 400, "missing_field", "region"},
};

static void bad_input_is_refused(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(bad_cases) / sizeof(*bad_cases); k++) {
		const struct bad_case *bc = &bad_cases[k];
		char birth[11], idn[24], name[200], other[24];
		const char *region = VILLAGE_A;
		struct ga_resp r;
		json_t *b, *fam;
		bool male = k % 2 == 0;

		jan1(7, birth);
		make_id(birth, male, idn);
		snprintf(name, sizeof(name), "坏输入%zu%s", k, tok);
		if (bc->as == SUP)
			region = "500229212203";
		b = child_body(region, name, idn, male, birth);
		switch (bc->m) {
		case M_BAD_CHECK:
			idn[17] = idn[17] == '0' ? '1' : '0';
			json_object_set_new(b, "id_number", json_string(idn));
			break;
		case M_ID_BIRTH:
			jan1(6, other);
			json_object_set_new(b, "birth_date",
					    json_string(other));
			break;
		case M_ID_SEX:
			json_object_set_new(
			    b, "sex", json_string(male ? "female" : "male"));
			break;
		case M_FEB30:
			json_object_set_new(b, "birth_date",
					    json_string("2015-02-30"));
			break;
		case M_FUTURE:
			snprintf(other, sizeof(other), "%04d-01-01",
				 today_y + 1);
			json_object_set_new(b, "birth_date",
					    json_string(other));
			break;
		case M_TOO_OLD:
			jan1(18, birth);
			make_id(birth, male, idn);
			json_object_set_new(b, "birth_date",
					    json_string(birth));
			json_object_set_new(b, "id_number", json_string(idn));
			break;
		case M_NO_NAME: json_object_del(b, "name"); break;
		case M_EMPTY_NAME:
			json_object_set_new(b, "name", json_string(""));
			break;
		case M_NO_HUKOU_NO_REASON:
			json_object_del(b, "id_number");
			json_object_set_new(b, "no_hukou", json_true());
			break;
		case M_NO_HUKOU_WITH_ID:
			json_object_set_new(b, "no_hukou", json_true());
			json_object_set_new(b, "no_hukou_reason",
					    json_string("超生未落户"));
			break;
		case M_NO_ID: json_object_del(b, "id_number"); break;
		case M_SCHOOL_COLLEGE:
			json_object_set_new(b, "school_status",
					    json_string("college"));
			break;
		case M_SEX_OTHER:
			json_object_set_new(b, "sex", json_string("unknown"));
			break;
		case M_MARS:
			json_object_set_new(b, "ethnicity",
					    json_string("火星族"));
			break;
		case M_TOWNSHIP:
			json_object_set_new(b, "region", json_string(TOWNSHIP));
			break;
		case M_UNKNOWN_VILLAGE:
			json_object_set_new(b, "region",
					    json_string("500229212299"));
			break;
		case M_OTHER_COUNTY:
			json_object_set_new(b, "region",
					    json_string("500229999999"));
			break;
		case M_REGION_SHORT:
			json_object_set_new(b, "region", json_string("50022"));
			break;
		case M_FAMILY_17:
			fam = json_array();
			for (int i = 0; i < 17; i++)
				json_array_append_new(
				    fam,
				    member("sibling", "兄弟", "home", NULL));
			json_object_set_new(b, "family", fam);
			break;
		case M_MISSING_PARENT:
			json_object_set_new(
			    b, "family",
			    json_pack("[o]", member("father", "失联父亲",
						    "missing", NULL)));
			break;
		case M_NO_RELATION:
			json_object_set_new(
			    b, "family", json_pack("[{s:s}]", "name", "某人"));
			break;
		case M_NAME_65:
			memset(name, 'a', 65);
			name[65] = '\0';
			json_object_set_new(b, "name", json_string(name));
			break;
		case M_NAME_22_CJK:
			name[0] = '\0';
			for (int i = 0; i < 22; i++)
				strcat(name, "长");
			json_object_set_new(b, "name", json_string(name));
			break;
		case M_CONTROL_CHAR:
			snprintf(name, sizeof(name), "控制\t字符%s", tok);
			json_object_set_new(b, "name", json_string(name));
			break;
		case M_BIRTH_SLASH:
			snprintf(other, sizeof(other), "%.4s/01/01", birth);
			json_object_set_new(b, "birth_date",
					    json_string(other));
			break;
		case M_GUARDIAN_STRING:
			json_object_set_new(b, "guardian",
					    json_string("grandparents"));
			break;
		case M_ASSISTANCE_BAD:
			json_object_set_new(
			    b, "assistance",
			    json_pack("[s, s]", "dibao", "money"));
			break;
		case M_DISABILITY_5:
			json_object_set_new(b, "health",
					    json_string("disabled"));
			json_object_set_new(b, "disability",
					    json_pack("{s:s, s:i}", "category",
						      "肢体", "grade", 5));
			break;
		case M_RURAL_STRING:
			json_object_set_new(b, "rural_hukou",
					    json_string("yes"));
			break;
		case M_NO_REGION: json_object_del(b, "region"); break;
		}
		jreq(S(bc->as), "POST", "/api/v1/children", b, &r);
		if (r.status != bc->status || !ga_error_code(&r) ||
		    strcmp(ga_error_code(&r), bc->code) ||
		    !ga_error_field(&r) ||
		    strcmp(ga_error_field(&r), bc->field))
			print_error("bad case %zu (%s/%s):\n", k, bc->code,
				    bc->field);
		GA_ASSERT_ERROR(&r, bc->status, bc->code, bc->field);
		ga_resp_free(&r);
		assert_absent(name, idn);
	}
}

static void bad_bodies_are_refused(void **state)
{
	static const char *const h[] = {"Content-Type: application/json", NULL};
	char cookie[260], csrf[120];
	const char *hh[4];
	struct ga_resp r;

	(void)state;
	id_req(S(DIR_A), "POST", "/api/v1/children", "[1,2]", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_type", NULL);
	ga_resp_free(&r);
	/* a scalar is not even a JSON text the decoder takes */
	id_req(S(DIR_A), "POST", "/api/v1/children", "\"a child\"", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
	ga_resp_free(&r);
	id_req(S(DIR_A), "POST", "/api/v1/children", "{\"name\": \"x\",", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
	ga_resp_free(&r);
	id_req(S(DIR_A), "POST", "/api/v1/children", "{name: 1}", &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_json", NULL);
	ga_resp_free(&r);
	id_req(S(DIR_A), "PATCH", "/api/v1/children/1", "{\"version\":", &r);
	assert_true(r.status == 400 || r.status == 404);
	ga_resp_free(&r);
	/* a query parameter on create is refused */
	id_req(S(DIR_A), "POST", "/api/v1/children?dry_run=1", "{}", &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	/* no CSRF token: refused before anything is read */
	snprintf(cookie, sizeof(cookie), "Cookie: %s", S(DIR_A)->cookie);
	hh[0] = cookie;
	hh[1] = h[0];
	hh[2] = NULL;
	ga_http("POST", "/api/v1/children", hh, "{}", 2, &r);
	GA_ASSERT_ERROR(&r, 403, "csrf_failed", NULL);
	ga_resp_free(&r);
	(void)csrf;
}

/* ---- duplicates ---- */

struct race {
	char *body;
	long status;
	char code[40];
};

static void *race_post(void *p)
{
	struct race *x = p;
	struct ga_resp r;

	id_req(S(DIR_A), "POST", "/api/v1/children", x->body, &r);
	x->status = r.status;
	snprintf(x->code, sizeof(x->code), "%s",
		 ga_error_code(&r) ? ga_error_code(&r) : "");
	ga_resp_free(&r);
	return NULL;
}

static void duplicate_id_numbers(void **state)
{
	char birth[11], name[80], idn[19], q[80];
	struct ga_resp r;
	const char *msg;
	json_t *ids;

	(void)state;
	jan1(10, birth);
	/* the same village: 409 pointing at the existing dossier */
	snprintf(name, sizeof(name), "重复登记甲%s", tok);
	jreq(S(DIR_A), "POST", "/api/v1/children",
	     child_body(VILLAGE_A, name, c1_idn, false, birth), &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_id_number", "id_number");
	assert_true(has_number(ga_error_message(&r), c1_id));
	ga_resp_free(&r);
	assert_absent(name, NULL);
	/* lowercase or not, the same number */
	/* the supervisor (scope covers it) also gets the pointer */
	snprintf(name, sizeof(name), "重复登记乙%s", tok);
	jreq(S(SUP), "POST", "/api/v1/children",
	     child_body("500229212203", name, c1_idn, false, birth), &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_id_number", "id_number");
	assert_true(has_number(ga_error_message(&r), c1_id));
	ga_resp_free(&r);
	assert_absent(name, NULL);
	/* another village's director: refused without the record's id */
	snprintf(name, sizeof(name), "重复登记丙%s", tok);
	jreq(S(DIR_B), "POST", "/api/v1/children",
	     child_body(VILLAGE_B, name, c1_idn, false, birth), &r);
	GA_ASSERT_ERROR(&r, 409, "duplicate_id_number", "id_number");
	msg = ga_error_message(&r);
	if (has_number(msg, c1_id))
		fail_msg("the message names child %lld outside the caller's "
			 "scope: %s",
			 c1_id, msg);
	assert_null(strstr(r.body, c1_name));
	assert_null(strstr(r.body, VILLAGE_A));
	ga_resp_free(&r);
	assert_absent(name, NULL);
	snprintf(q, sizeof(q), "id_number=%s", c1_idn);
	ids = list_ids(S(CIVIL), q);
	assert_int_equal(json_array_size(ids), 1);
	json_decref(ids);

	/* the same new number sent six times at once: one dossier */
	{
		enum { N = 6 };
		struct race x[N];
		pthread_t t[N];
		int created = 0;

		jan1(11, birth);
		make_id(birth, true, idn);
		for (int i = 0; i < N; i++) {
			snprintf(name, sizeof(name), "并发登记%d%s", i, tok);
			x[i].body = id_json(
			    child_body(VILLAGE_A, name, idn, true, birth));
			x[i].status = 0;
		}
		for (int i = 0; i < N; i++)
			assert_int_equal(
			    pthread_create(&t[i], NULL, race_post, &x[i]), 0);
		for (int i = 0; i < N; i++)
			pthread_join(t[i], NULL);
		for (int i = 0; i < N; i++) {
			if (x[i].status == 201)
				created++;
			else if (x[i].status != 409 && x[i].status != 503)
				fail_msg("concurrent create: %ld %s",
					 x[i].status, x[i].code);
			free(x[i].body);
		}
		snprintf(q, sizeof(q), "id_number=%s", idn);
		ids = list_ids(S(CIVIL), q);
		assert_int_equal(json_array_size(ids), (size_t)created);
		json_decref(ids);
		if (created != 1)
			fail_msg("%d dossiers with one ID number from "
				 "concurrent creates",
				 created);
	}
}

/* ---- list ---- */

static long long l1, l2, l3;

static void list_filters_and_paging(void **state)
{
	char birth[11], idn[19], name[200], q[400], enc[120], ntok[80];
	struct ga_resp r;
	json_t *b, *ids, *paged, *it;
	size_t i;

	(void)state;
	/* three children of this run, names carrying 名单<tok> */
	snprintf(ntok, sizeof(ntok), "名单%s", tok);
	url_enc(ntok, enc, sizeof(enc));

	jan1(10, birth); /* left behind, primary */
	make_id(birth, true, idn);
	snprintf(name, sizeof(name), "甲%s", ntok);
	b = child_body(VILLAGE_A, name, idn, true, birth);
	json_object_set_new(
	    b, "family",
	    json_pack("[o, o]", member("father", "父甲", "migrant", NULL),
		      member("mother", "母甲", "migrant", NULL)));
	l1 = create_ok(S(DIR_A), b, NULL);

	jan1(14, birth); /* dibao, dropped out; parents at home */
	make_id(birth, false, idn);
	snprintf(name, sizeof(name), "乙%s", ntok);
	b = child_body(VILLAGE_A, name, idn, false, birth);
	json_object_set_new(b, "school_status", json_string("dropout"));
	json_object_set_new(b, "assistance", json_pack("[s]", "dibao"));
	json_object_set_new(b, "family",
			    json_pack("[o, o]",
				      member("father", "父乙", "home", NULL),
				      member("mother", "母乙", "home", NULL)));
	create_ok(S(DIR_A), b, &r);
	l2 = jint(r.json, "id");
	ga_resp_free(&r);

	jan1(4, birth); /* kindergarten, the other village */
	make_id(birth, true, idn);
	snprintf(name, sizeof(name), "丙%s", ntok);
	b = child_body(VILLAGE_B, name, idn, true, birth);
	json_object_set_new(b, "school_status", json_string("kindergarten"));
	l3 = create_ok(S(DIR_B), b, NULL);

	/* by name (a substring), within each caller's scope */
	snprintf(q, sizeof(q), "name=%s", enc);
	EXPECT_LIST(S(SUP), q, l1, l2, l3);
	EXPECT_LIST(S(CIVIL), q, l1, l2, l3);
	EXPECT_LIST(S(DIR_A), q, l1, l2);
	EXPECT_LIST(S(DIR_B), q, l3);
	url_enc("乙名单", name, sizeof(name));
	snprintf(q, sizeof(q), "name=%s%s", name, tok);
	EXPECT_LIST(S(SUP), q, l2);

	snprintf(q, sizeof(q), "name=%s&category=left_behind", enc);
	EXPECT_LIST(S(SUP), q, l1);
	snprintf(q, sizeof(q), "name=%s&category=difficult_poverty", enc);
	EXPECT_LIST(S(SUP), q, l2);
	snprintf(q, sizeof(q), "name=%s&category=orphan_dispersed", enc);
	ids = list_ids(S(SUP), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);
	snprintf(q, sizeof(q), "name=%s&key_flag=out_of_school", enc);
	EXPECT_LIST(S(SUP), q, l2);
	snprintf(q, sizeof(q), "name=%s&school_status=kindergarten", enc);
	EXPECT_LIST(S(SUP), q, l3);
	snprintf(q, sizeof(q), "name=%s&school_status=primary", enc);
	EXPECT_LIST(S(SUP), q, l1);

	/* region: a village, and a township lists its villages' children */
	snprintf(q, sizeof(q), "name=%s&region=%s", enc, VILLAGE_A);
	EXPECT_LIST(S(SUP), q, l1, l2);
	snprintf(q, sizeof(q), "name=%s&region=%s", enc, VILLAGE_B);
	EXPECT_LIST(S(CIVIL), q, l3);
	snprintf(q, sizeof(q), "name=%s&region=%s", enc, TOWNSHIP);
	EXPECT_LIST(S(SUP), q, l1, l2, l3);
	EXPECT_LIST(S(CIVIL), q, l1, l2, l3);
	snprintf(q, sizeof(q), "name=%s&region=%s", enc, COUNTY);
	EXPECT_LIST(S(CIVIL), q, l1, l2, l3);

	/* the exact ID number, through the blind index */
	get_child(S(DIR_A), l2, "?unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	snprintf(idn, sizeof(idn), "%s", id_str(r.json, "id_number"));
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "id_number=%s", idn);
	EXPECT_LIST(S(SUP), q, l2);
	EXPECT_LIST(S(DIR_A), q, l2);
	ids = list_ids(S(DIR_B), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);

	/* ages 10, 14 and 4 */
	snprintf(q, sizeof(q), "name=%s&age_min=12", enc);
	EXPECT_LIST(S(SUP), q, l2);
	snprintf(q, sizeof(q), "name=%s&age_max=5", enc);
	EXPECT_LIST(S(SUP), q, l3);
	snprintf(q, sizeof(q), "name=%s&age_min=5&age_max=12", enc);
	EXPECT_LIST(S(SUP), q, l1);
	snprintf(q, sizeof(q), "name=%s&age_min=10&age_max=10", enc);
	EXPECT_LIST(S(SUP), q, l1);
	snprintf(q, sizeof(q), "name=%s&age_min=14&age_max=14", enc);
	EXPECT_LIST(S(SUP), q, l2);
	snprintf(q, sizeof(q), "name=%s&age_min=4&age_max=4", enc);
	EXPECT_LIST(S(SUP), q, l3);
	snprintf(q, sizeof(q), "name=%s&age_min=11&age_max=13", enc);
	ids = list_ids(S(SUP), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);

	/* rows: masked ID numbers, the row fields */
	snprintf(q, sizeof(q), "/api/v1/children?name=%s&limit=200", enc);
	id_req(S(DIR_A), "GET", q, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_null(strstr(r.body, idn));
	json_array_foreach(json_object_get(r.json, "items"), i, it)
	{
		const char *m = id_str(it, "id_number");

		assert_int_equal(strlen(m), 18);
		assert_memory_equal(m + 6, "********", 8);
		assert_true(json_is_array(json_object_get(it, "categories")));
		assert_true(json_is_array(json_object_get(it, "key_flags")));
		assert_true(json_is_integer(json_object_get(it, "age")));
		if (jint(it, "id") == l2) {
			assert_int_equal(jint(it, "age"), 14);
			assert_string_equal(id_str(it, "school_status"),
					    "dropout");
		}
	}
	ga_resp_free(&r);

	/* keyset paging, one at a time, gives what one page gives */
	snprintf(q, sizeof(q), "region=%s", VILLAGE_B);
	ids = list_ids_lim(S(DIR_B), q, 200);
	paged = list_ids_lim(S(DIR_B), q, 1);
	assert_true(json_equal(ids, paged));
	assert_true(ids_have(paged, l3));
	json_decref(ids);
	json_decref(paged);
	/* the first page of one: next is its id; after=next moves on */
	id_req(S(DIR_A), "GET", "/api/v1/children?limit=1", NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	{
		long long first = jint(
		    json_array_get(json_object_get(r.json, "items"), 0), "id");
		json_t *next = json_object_get(r.json, "next");
		struct ga_resp r2;

		assert_true(json_is_integer(next));
		assert_int_equal(json_integer_value(next), first);
		snprintf(q, sizeof(q), "/api/v1/children?limit=1&after=%lld",
			 first);
		ga_resp_free(&r);
		id_req(S(DIR_A), "GET", q, NULL, &r2);
		GA_ASSERT_STATUS(&r2, 200);
		it = json_array_get(json_object_get(r2.json, "items"), 0);
		assert_non_null(it); /* the village holds at least l1, l2 */
		assert_true(jint(it, "id") > first);
		ga_resp_free(&r2);
	}
}

static void list_bad_filters(void **state)
{
	static const struct {
		const char *q, *field;
	} bad[] = {
	    {"category=left-behind", "category"},
	    {"category=", "category"},
	    {"key_flag=sad", "key_flag"},
	    {"school_status=college", "school_status"},
	    {"guardianship_level=great", "guardianship_level"},
	    {"age_min=-1", "age_min"},
	    {"age_min=19", "age_min"},
	    {"age_max=x", "age_max"},
	    {"age_max=1.5", "age_max"},
	    {"referral=0", "referral"},
	    {"referral=yes", "referral"},
	    {"limit=0", "limit"},
	    {"limit=201", "limit"},
	    {"limit=ten", "limit"},
	    {"after=-3", "after"},
	    {"after=abc", "after"},
	    {"region=5002", "region"},
	    {"region=50022921220x", "region"},
	    {"id_number=123", "id_number"},
	    {"name=", "name"},
	    {"archived=2", "archived"},
	};
	char path[200];
	struct ga_resp r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(path, sizeof(path), "/api/v1/children?%s", bad[i].q);
		id_req(S(SUP), "GET", path, NULL, &r);
		if (r.status != 400)
			print_error("?%s\n", bad[i].q);
		GA_ASSERT_ERROR(&r, 400, "invalid_filter", bad[i].field);
		ga_resp_free(&r);
	}
	id_req(S(SUP), "GET", "/api/v1/children?village=500229212201", NULL,
	       &r);
	GA_ASSERT_ERROR(&r, 400, "unknown_parameter", NULL);
	ga_resp_free(&r);
	id_req(S(SUP), "GET", "/api/v1/children?limit=1&limit=2", NULL, &r);
	GA_ASSERT_ERROR(&r, 400, "duplicate_parameter", "limit");
	ga_resp_free(&r);
	/* a region outside the caller's area: nothing to see there */
	id_req(S(DIR_B), "GET", "/api/v1/children?region=500229212201", NULL,
	       &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", "region");
	ga_resp_free(&r);
}

/* ---- encryption at rest ---- */

static char *find_pg_dump(void)
{
	char *out = NULL;
	glob_t g;
	const char *const which[] = {"sh", "-c", "command -v pg_dump", NULL};

	if (ga_run(which, NULL, &out) == 0 && out && out[0] == '/') {
		out[strcspn(out, "\n")] = '\0';
		return out;
	}
	free(out);
	out = NULL;
	if (glob("/usr/lib/postgresql/*/bin/pg_dump", 0, NULL, &g) == 0 &&
	    g.gl_pathc) {
		/* the newest major version: glob sorts, take the last */
		out = strdup(g.gl_pathv[g.gl_pathc - 1]);
	}
	globfree(&g);
	return out;
}

static void no_plaintext_at_rest(void **state)
{
	char birth[11], idn[19], name[80], phone[16], phone2[16], addr[120],
	    path[64], school[80];
	const char *needles[8];
	int nn = 0;
	long long id;
	struct ga_resp r;
	json_t *b;
	char *dump = NULL;
	size_t dlen = 0;

	(void)state;
	jan1(12, birth);
	make_id(birth, false, idn);
	snprintf(name, sizeof(name), "欧阳秘密%s", tok);
	make_phone(3, phone);
	make_phone(4, phone2);
	snprintf(addr, sizeof(addr), "茶坪村隐秘巷%s号", tok);
	b = child_body(VILLAGE_A, name, idn, false, birth);
	json_object_set_new(b, "address", json_string(addr));
	/* a value that is not secret: it must be found, or the scan is blind */
	snprintf(school, sizeof(school), "明德小学%s", tok);
	json_object_set_new(b, "school_name", json_string(school));
	json_object_set_new(
	    b, "family",
	    json_pack("[o]", member("mother", "欧阳母亲", "migrant", phone)));
	id = create_ok(S(DIR_A), b, NULL);
	/* and an update, so the history holds old and new values */
	snprintf(path, sizeof(path), "/api/v1/children/%lld", id);
	if (!patch_broken()) {
		jreq(S(DIR_A), "PATCH", path,
		     json_pack("{s:i, s:[o]}", "version", 1, "family",
			       member("mother", "欧阳母亲", "migrant", phone2)),
		     &r);
		GA_ASSERT_STATUS(&r, 200);
		ga_resp_free(&r);
	}

	needles[nn++] = name;
	needles[nn++] = idn;
	needles[nn++] = phone;
	needles[nn++] = phone2;
	needles[nn++] = addr;
	needles[nn++] = c1_idn;
	needles[nn++] = c1_name;

	if (ga_db_is_pg()) {
		char *pg = find_pg_dump();
		const char *argv[4];
		int rc;

		if (!pg)
			fail_msg("pg_dump not found");
		argv[0] = pg;
		argv[1] = ga_db_url();
		argv[2] = NULL;
		rc = ga_run(argv, NULL, &dump);
		free(pg);
		if (rc != 0)
			fail_msg("pg_dump: exit %d: %.400s", rc,
				 dump ? dump : "");
		dlen = strlen(dump);
		/* the dump holds the child table: it is a real dump */
		assert_non_null(strstr(dump, "child"));
		for (int i = 0; i < nn; i++)
			if (ga_memmem(dump, dlen, needles[i]))
				fail_msg("pg_dump shows \"%s\"", needles[i]);
		if (!ga_memmem(dump, dlen, school))
			fail_msg("pg_dump lacks the plain school name");
		free(dump);
	} else {
		static const char *const sfx[] = {"", "-wal", "-journal"};
		const char *file = ga_db_url() + strlen("sqlite:");
		char p[1024];
		size_t total = 0;
		bool seen = false;

		assert_true(!strncmp(ga_db_url(), "sqlite:", 7));
		for (size_t k = 0; k < 3; k++) {
			size_t len = 0;

			snprintf(p, sizeof(p), "%s%s", file, sfx[k]);
			dump = ga_read_file(p, &len);
			if (!dump) {
				assert_true(k > 0); /* the file itself exists */
				continue;
			}
			total += len;
			for (int i = 0; i < nn; i++)
				if (ga_memmem(dump, len, needles[i]))
					fail_msg("%s holds \"%s\"", p,
						 needles[i]);
			seen |= ga_memmem(dump, len, school);
			free(dump);
		}
		assert_true(total > 0);
		if (!seen)
			fail_msg("the database files lack the plain school "
				 "name: the scan sees nothing");
	}
	/* the values are still there for those who may see them */
	get_child(S(DIR_A), id, "?unmask=1", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "name"), name);
	assert_string_equal(id_str(r.json, "id_number"), idn);
	assert_string_equal(id_str(r.json, "address"), addr);
	assert_string_equal(
	    id_str(json_array_get(json_object_get(r.json, "family"), 0),
		   "phone"),
	    patch_broken() ? phone : phone2);
	ga_resp_free(&r);
}

/* ---- fixtures ---- */

/* ---- archive and restore ---- */

static void archive_and_restore(void **state)
{
	char name[64], idn[19], birth[11], path[96], q[320], enc[200];
	struct ga_resp r;
	json_t *ids;
	long long id;

	(void)state;
	snprintf(name, sizeof(name), "归档测试%s", tok);
	jan1(12, birth);
	make_id(birth, true, idn);
	id = create_ok(S(DIR_A), child_body(VILLAGE_A, name, idn, true, birth),
		       NULL);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/archive", id);
	/* bad reason, stale version, another village: refused */
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "reason", "bored", "version", 1), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_value", "reason");
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "reason", "moved_away", "version", 9), &r);
	GA_ASSERT_ERROR(&r, 409, "stale_version", "version");
	ga_resp_free(&r);
	jreq(S(DIR_B), "POST", path,
	     json_pack("{s:s, s:i}", "reason", "moved_away", "version", 1), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* archived: out of the default list, in archived=1, readable */
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "reason", "moved_away", "version", 1), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_true(json_is_true(json_object_get(r.json, "archived")));
	assert_string_equal(id_str(r.json, "archive_reason"), "moved_away");
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "reason", "died", "version", 2), &r);
	GA_ASSERT_ERROR(&r, 409, "already_archived", NULL);
	ga_resp_free(&r);
	url_enc(name, enc, sizeof(enc));
	snprintf(q, sizeof(q), "name=%s", enc);
	ids = list_ids(S(DIR_A), q);
	assert_int_equal(json_array_size(ids), 0);
	json_decref(ids);
	snprintf(q, sizeof(q), "name=%s&archived=1", enc);
	ids = list_ids(S(DIR_A), q);
	assert_true(ids_have(ids, id));
	json_decref(ids);
	get_child(S(DIR_A), id, "/history", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_non_null(change_of(r.json, 2, "archived"));
	ga_resp_free(&r);
	/* restored: live again */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/restore", id);
	jreq(S(DIR_A), "POST", path, json_pack("{s:i}", "version", 2), &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_false(json_is_true(json_object_get(r.json, "archived")));
	ga_resp_free(&r);
	snprintf(q, sizeof(q), "name=%s", enc);
	ids = list_ids(S(DIR_A), q);
	assert_true(ids_have(ids, id));
	json_decref(ids);
}

/* ---- transfer to another village ---- */

static long long transfer_id_in(const struct id_sess *s, const char *dir,
				long long child)
{
	char path[96];
	struct ga_resp r;
	long long found = 0;
	size_t i;
	json_t *v;

	snprintf(path, sizeof(path),
		 "/api/v1/transfers?direction=%s&status=pending", dir);
	id_req(s, "GET", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	json_array_foreach(json_object_get(r.json, "items"), i, v)
	{
		if (jint(v, "child_id") == child)
			found = jint(v, "id");
	}
	ga_resp_free(&r);
	return found;
}

static void transfer_between_villages(void **state)
{
	char name[64], idn[19], birth[11], path[96];
	struct ga_resp r;
	long long id, tid;

	(void)state;
	snprintf(name, sizeof(name), "迁移测试%s", tok);
	jan1(9, birth);
	make_id(birth, false, idn);
	id = create_ok(S(DIR_A), child_body(VILLAGE_A, name, idn, false, birth),
		       NULL);
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", id);
	/* bad targets */
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", "5002", "version", 1), &r);
	GA_ASSERT_ERROR(&r, 400, "invalid_code", "to_region");
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", "500229212000", "version", 1),
	     &r);
	GA_ASSERT_ERROR(&r, 400, "not_a_village", "to_region");
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_A, "version", 1), &r);
	GA_ASSERT_ERROR(&r, 400, "same_region", "to_region");
	ga_resp_free(&r);
	jreq(S(DIR_B), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_B, "version", 1), &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	/* asked, then cancelled by the sender */
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_B, "version", 1), &r);
	GA_ASSERT_STATUS(&r, 201);
	tid = jint(r.json, "id");
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_B, "version", 1), &r);
	GA_ASSERT_ERROR(&r, 409, "transfer_pending", NULL);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/cancel", tid);
	jreq(S(DIR_B), "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	jreq(S(DIR_A), "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "cancelled");
	ga_resp_free(&r);
	/* asked again; the receiver sees it, accepts it */
	snprintf(path, sizeof(path), "/api/v1/children/%lld/transfer", id);
	jreq(S(DIR_A), "POST", path,
	     json_pack("{s:s, s:i}", "to_region", VILLAGE_B, "version", 1), &r);
	GA_ASSERT_STATUS(&r, 201);
	tid = jint(r.json, "id");
	ga_resp_free(&r);
	assert_int_equal(transfer_id_in(S(DIR_B), "incoming", id), tid);
	assert_int_equal(transfer_id_in(S(DIR_A), "outgoing", id), tid);
	assert_int_equal(transfer_id_in(S(DIR_A), "incoming", id), 0);
	get_child(S(DIR_B), id, "", &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/transfers/%lld/accept", tid);
	jreq(S(DIR_A), "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 404, "not_found", NULL);
	ga_resp_free(&r);
	jreq(S(DIR_B), "POST", path, NULL, &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "status"), "accepted");
	ga_resp_free(&r);
	jreq(S(DIR_B), "POST", path, NULL, &r);
	GA_ASSERT_ERROR(&r, 409, "not_pending", NULL);
	ga_resp_free(&r);
	/* the dossier moved: the receiver has it, the sender no longer */
	get_child(S(DIR_B), id, "", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_string_equal(id_str(r.json, "region"), VILLAGE_B);
	assert_int_equal(jint(r.json, "version"), 2);
	ga_resp_free(&r);
	get_child(S(DIR_A), id, "", &r);
	GA_ASSERT_STATUS(&r, 404);
	ga_resp_free(&r);
	get_child(S(DIR_B), id, "/history", &r);
	GA_ASSERT_STATUS(&r, 200);
	assert_non_null(change_of(r.json, 2, "region"));
	ga_resp_free(&r);
}

static int setup(void **state)
{
	char u[64];

	seed = ((unsigned long)getpid() * 2654435761UL) ^
	       (unsigned long)time(NULL);
	seed %= 1000000000UL;
	snprintf(tok, sizeof(tok), "T%lu", seed % 100000000UL);
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
	    cmocka_unit_test(create_derives_categories),
	    cmocka_unit_test(read_masks_and_unmask_is_audited),
	    cmocka_unit_test(scope_hides_and_refuses),
	    cmocka_unit_test(patch_versions_and_history),
	    cmocka_unit_test(history_masks_for_readers),
	    cmocka_unit_test(bad_input_is_refused),
	    cmocka_unit_test(bad_bodies_are_refused),
	    cmocka_unit_test(duplicate_id_numbers),
	    cmocka_unit_test(list_filters_and_paging),
	    cmocka_unit_test(list_bad_filters),
	    cmocka_unit_test(no_plaintext_at_rest),
	    cmocka_unit_test(archive_and_restore),
	    cmocka_unit_test(transfer_between_villages),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
