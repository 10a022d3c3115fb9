/*
 * The protection hotline (未成年人保护专线, issue 6): an operator logs an
 * emergency call, opens a report and case from it in one action (source
 * hotline; the county notified), the call is dispatched until the case is
 * acknowledged, then answered; the call-back is recorded and the call
 * closed. Bad input (class, caller, matter, future time, unknown child),
 * wrong role 403, a second report from a call 409, a closed call 409; the
 * callback number, matter and note are sealed at rest.
 */
#include "ident.h"

#include <time.h>

static const char *const VILLAGE = "500230001001"; /* 丰都县 */

struct who {
	const char *what, *role, *scope;
	struct id_sess s;
	long long id;
};

enum { HOT, DIR, PROT, POLICE, REP, EDU, WF, NWHO };

static struct who who[NWHO] = {
    [HOT] = {"hhot", "hotline", "500000000000", {{0}}, 0},
    [DIR] = {"hdir", "director", "500230001001", {{0}}, 0},
    [PROT] = {"hprot", "protection", "500230000000", {{0}}, 0},
    [POLICE] = {"hpolice", "police", "500230000000", {{0}}, 0},
    [REP] = {"hrep", "reporter", "500230000000", {{0}}, 0},
    [EDU] = {"hedu", "education", "500230000000", {{0}}, 0},
    [WF] = {"hwf", "women_fed", "500230000000", {{0}}, 0},
};

#define S(i) (&who[i].s)

static long long call_id, case_id, report_id;

static const char *code_of(json_t *o)
{
	return json_string_value(
	    json_object_get(json_object_get(o, "error"), "code"));
}

static int send(int w, const char *method, const char *path, json_t *body,
		json_t **out)
{
	struct ga_resp r;
	int st;

	if (body)
		jreq(S(w), method, path, body, &r);
	else
		id_req(S(w), method, path, NULL, &r);
	st = (int)r.status;
	if (out)
		*out = json_incref(r.json);
	ga_resp_free(&r);
	return st;
}

/* send, printing the answer when it is an error (for the log) */
static int dsend(int w, const char *method, const char *path, json_t *body,
		 json_t **out)
{
	int st = send(w, method, path, body, out);

	if (st >= 400 && out && *out) {
		char *t = json_dumps(*out, 0);

		print_message("  %s %s: %d %s\n", method, path, st, t);
		free(t);
	}
	return st;
}

static json_t *call_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "caller_type",
			 "neighbour", "class", "harm_lead", "matter",
			 "邻居听见隔壁孩子哭喊被打", "callback", "13900001111",
			 "emergency", 1);
}

static const char *call_status(void)
{
	static char st[24];
	char p[64];
	json_t *o = NULL;

	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld", call_id);
	assert_int_equal(send(HOT, "GET", p, NULL, &o), 200);
	snprintf(st, sizeof(st), "%s", id_str(o, "status"));
	json_decref(o);
	return st;
}

static void accounts_log_in(void **state)
{
	char u[64];

	(void)state;
	for (int i = 0; i < NWHO; i++)
		id_must_login(id_name(u, sizeof(u), who[i].what), ID_PASSWORD,
			      NULL, S(i));
}

static void log_calls(void **state)
{
	json_t *o = NULL, *b;
	char when[32];
	time_t t = ga_now() + 86400;
	struct tm tm;

	(void)state;
	assert_int_equal(
	    send(HOT, "POST", "/api/v1/hotline/calls", call_body(), &o), 201);
	call_id = jint(o, "id");
	assert_string_equal(id_str(o, "status"), "open");
	assert_true(json_is_true(json_object_get(o, "emergency")));
	assert_string_equal(id_str(o, "matter"), "邻居听见隔壁孩子哭喊被打");
	json_decref(o);
	/* bad input */
	b = call_body();
	json_object_set_new(b, "class", json_string("gossip"));
	assert_int_equal(send(HOT, "POST", "/api/v1/hotline/calls", b, &o),
			 400);
	assert_string_equal(code_of(o), "bad_class");
	json_decref(o);
	b = call_body();
	json_object_set_new(b, "caller_type", json_string("robot"));
	assert_int_equal(send(HOT, "POST", "/api/v1/hotline/calls", b, NULL),
			 400);
	b = call_body();
	json_object_del(b, "matter");
	assert_int_equal(send(HOT, "POST", "/api/v1/hotline/calls", b, NULL),
			 400);
	b = call_body();
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(b, "received_at", json_string(when));
	assert_int_equal(send(HOT, "POST", "/api/v1/hotline/calls", b, &o),
			 400);
	assert_string_equal(code_of(o), "future_time");
	json_decref(o);
	b = call_body();
	json_object_set_new(b, "child_id", json_integer(999999999));
	assert_int_equal(send(HOT, "POST", "/api/v1/hotline/calls", b, NULL),
			 404);
	/* other roles */
	assert_int_equal(
	    send(DIR, "POST", "/api/v1/hotline/calls", call_body(), NULL), 403);
	assert_int_equal(send(REP, "GET", "/api/v1/hotline/calls", NULL, NULL),
			 403);
	/* the list leaves the sealed fields out */
	assert_int_equal(send(HOT, "GET", "/api/v1/hotline/calls", NULL, &o),
			 200);
	assert_true(json_array_size(json_object_get(o, "items")) >= 1);
	assert_null(json_object_get(
	    json_array_get(json_object_get(o, "items"), 0), "matter"));
	json_decref(o);
}

static void report_from_call(void **state)
{
	json_t *o = NULL, *b;
	char p[80];

	(void)state;
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld/report", call_id);
	b = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "situation",
		      "injury_violence", "urgency", "immediate", "child",
		      "description", "约十岁女孩", "sex", "female",
		      "birth_date", "2016-06-01", "region", VILLAGE);
	assert_int_equal(send(HOT, "POST", p, b, &o), 201);
	case_id = jint(o, "case_id");
	report_id = jint(o, "id");
	assert_true(case_id > 0 && report_id > 0);
	json_decref(o);
	assert_string_equal(call_status(), "dispatched");
	/* once only */
	b = json_pack("{s:s, s:s, s:{s:s, s:s, s:s, s:s}}", "situation",
		      "injury_violence", "urgency", "immediate", "child",
		      "description", "约十岁女孩", "sex", "female",
		      "birth_date", "2016-06-01", "region", VILLAGE);
	assert_int_equal(send(HOT, "POST", p, b, &o), 409);
	assert_string_equal(code_of(o), "already_reported");
	json_decref(o);
	/* the case is the hotline's; its narrative is the call's matter */
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", case_id);
	assert_int_equal(send(PROT, "GET", p, NULL, &o), 200);
	assert_string_equal(id_str(o, "source"), "hotline");
	assert_int_equal(jint(o, "source_id"), call_id);
	json_decref(o);
	snprintf(p, sizeof(p), "/api/v1/reports/%lld", report_id);
	assert_int_equal(send(POLICE, "GET", p, NULL, &o), 200);
	assert_string_equal(id_str(o, "narrative"), "邻居听见隔壁孩子哭喊被打");
	assert_string_equal(id_str(o, "source"), "hotline");
	json_decref(o);
	/* the operator sees the report's status */
	assert_int_equal(send(HOT, "GET", p, NULL, &o), 200);
	assert_null(json_object_get(o, "narrative"));
	json_decref(o);
	/* acknowledged: every dispatched part answered */
	snprintf(p, sizeof(p), "/api/v1/cases/%lld/acknowledge", case_id);
	assert_int_equal(send(POLICE, "POST", p,
			      json_pack("{s:s}", "kind", "accepted"), NULL),
			 200);
	assert_string_equal(call_status(), "answered");
}

/* the department's referral from this call, answered "accepted" */
static void accept_from_call(int w)
{
	char p[128];
	json_t *o = NULL, *it;
	size_t i;
	long long ref = 0, version = 0;

	snprintf(p, sizeof(p),
		 "/api/v1/referrals?inbox=1&source=hotline&source_id=%lld",
		 call_id);
	assert_int_equal(send(w, "GET", p, NULL, &o), 200);
	json_array_foreach(json_object_get(o, "items"), i, it)
	{
		ref = jint(it, "id");
		version = jint(it, "version");
	}
	json_decref(o);
	assert_true(ref > 0);
	snprintf(p, sizeof(p), "/api/v1/referrals/%lld/answer", ref);
	assert_int_equal(send(w, "POST", p,
			      json_pack("{s:s, s:I}", "answer", "accepted",
					"version", (json_int_t)version),
			      NULL),
			 200);
}

/* one-door intake: the call's child referred to several departments at
 * once; the call waits until each has answered */
static void dispatch_to_departments(void **state)
{
	json_t *o = NULL;
	char p[96];
	long long bare;

	(void)state;
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld/referrals", call_id);
	/* bad input: no list, an empty one, an unknown type, too many */
	assert_int_equal(send(HOT, "POST", p, json_pack("{}"), NULL), 400);
	assert_int_equal(
	    send(HOT, "POST", p, json_pack("{s:[]}", "referrals"), NULL), 400);
	assert_int_equal(send(HOT, "POST", p,
			      json_pack("{s:[{s:s, s:s}]}", "referrals", "to",
					"education", "type", "teleport"),
			      &o),
			 400);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(o, "error"), "field")),
			    "referrals[0].type");
	json_decref(o);
	{
		json_t *many = json_array();

		for (int k = 0; k < 9; k++)
			json_array_append_new(
			    many, json_pack("{s:s, s:s}", "to", "education",
					    "type", "dropout_return"));
		assert_int_equal(send(HOT, "POST", p,
				      json_pack("{s:o}", "referrals", many),
				      NULL),
				 400);
	}
	/* only the hotline dispatches */
	assert_int_equal(send(PROT, "POST", p,
			      json_pack("{s:[{s:s, s:s}]}", "referrals", "to",
					"education", "type", "dropout_return"),
			      NULL),
			 403);
	/* a call that names no child yet */
	assert_int_equal(
	    send(HOT, "POST", "/api/v1/hotline/calls",
		 json_pack("{s:s, s:s, s:s}", "caller_type", "parent", "class",
			   "help_request", "matter", "咨询孩子辍学怎么办"),
		 &o),
	    201);
	bare = jint(o, "id");
	json_decref(o);
	{
		char q[96];

		snprintf(q, sizeof(q), "/api/v1/hotline/calls/%lld/referrals",
			 bare);
		assert_int_equal(
		    send(HOT, "POST", q,
			 json_pack("{s:[{s:s, s:s}]}", "referrals", "to",
				   "education", "type", "dropout_return"),
			 &o),
		    409);
		assert_string_equal(code_of(o), "call_no_child");
		json_decref(o);
	}
	/* two departments at once: the call waits for both */
	assert_int_equal(
	    dsend(HOT, "POST", p,
		  json_pack("{s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}",
			    "referrals", "to", "education", "type",
			    "dropout_return", "note", "孩子已两周未到校", "to",
			    "women_fed", "type", "family_education", "note",
			    "家长需要家庭教育指导"),
		  &o),
	    201);
	assert_string_equal(id_str(o, "status"), "dispatched");
	assert_int_equal(jint(o, "parts"), 3);
	assert_int_equal(jint(o, "answered"), 1);
	json_decref(o);
	accept_from_call(EDU);
	assert_string_equal(call_status(), "dispatched");
	accept_from_call(WF);
	assert_string_equal(call_status(), "answered");
	/* the case's timeline records both */
	snprintf(p, sizeof(p), "/api/v1/cases/%lld", case_id);
	assert_int_equal(send(PROT, "GET", p, NULL, &o), 200);
	{
		json_t *ev;
		size_t i;
		int refs = 0;

		json_array_foreach(json_object_get(o, "timeline"), i, ev)
		    refs += !strcmp(id_str(ev, "kind"), "referral");
		assert_int_equal(refs, 2);
	}
	json_decref(o);
}

static void callback_and_close(void **state)
{
	json_t *o = NULL;
	char p[80];

	(void)state;
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld/callback", call_id);
	assert_int_equal(send(HOT, "POST", p, json_pack("{}"), NULL), 400);
	assert_int_equal(
	    send(HOT, "POST", p,
		 json_pack("{s:s}", "note", "已回电告知来电人公安已受案"), &o),
	    200);
	assert_true(id_str(o, "callback_at")[0]);
	assert_string_equal(id_str(o, "callback_note"),
			    "已回电告知来电人公安已受案");
	json_decref(o);
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld/close", call_id);
	assert_int_equal(send(HOT, "POST", p, NULL, &o), 200);
	assert_string_equal(id_str(o, "status"), "closed");
	json_decref(o);
	assert_int_equal(send(HOT, "POST", p, NULL, NULL), 409);
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld/callback", call_id);
	assert_int_equal(
	    send(HOT, "POST", p, json_pack("{s:s}", "note", "再次回电"), NULL),
	    409);
	snprintf(p, sizeof(p), "/api/v1/hotline/calls/%lld", call_id + 1000);
	assert_int_equal(send(HOT, "GET", p, NULL, NULL), 404);
}

static void sealed_at_rest(void **state)
{
	size_t seen = 0;

	(void)state;
	if (ga_db_is_pg())
		skip();
	assert_false(id_db_holds("邻居听见隔壁孩子哭喊被打", &seen));
	assert_false(id_db_holds("13900001111", &seen));
	assert_false(id_db_holds("已回电告知来电人", &seen));
	assert_true(id_db_holds("harm_lead", &seen));
}

static int setup(void **state)
{
	char u[64];

	if (ga_group_setup(state))
		return -1;
	for (int i = 0; i < NWHO; i++) {
		who[i].id =
		    id_user_add(id_name(u, sizeof(u), who[i].what), who[i].role,
				who[i].scope, ID_PASSWORD, false);
		if (who[i].id <= 0)
			return -1;
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(accounts_log_in),
	    cmocka_unit_test(log_calls),
	    cmocka_unit_test(report_from_call),
	    cmocka_unit_test(dispatch_to_departments),
	    cmocka_unit_test(callback_and_close),
	    cmocka_unit_test(sealed_at_rest),
	};

	return ga_finish(
	    cmocka_run_group_tests(tests, setup, ga_group_teardown));
}
