/*
 * GET  /api/v1/accounts                      list within scope (?q, role,
 * after, limit) POST /api/v1/accounts                      create (sysadmin;
 * role comes from secadmin) GET  /api/v1/accounts/{id}                 one
 * account POST
 * /api/v1/accounts/{id}/disable|enable|unlock|reset-password|end-sessions PUT
 * /api/v1/accounts/{id}/role            role and scope (secadmin) GET
 * /api/v1/accounts/{id}/sessions        its live sessions (sysadmin)
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "api/json_account.h"
#include "domain/region.h"
#include "service/account_service.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define PAGE_MAX 200

static int page_limit(struct api_ctx *c, int *limit, int64_t *after)
{
	const char *l = http_query(c->req, "limit");
	const char *a = http_query(c->req, "after");
	int64_t v = 50;

	if (l && parse_int64(l, 1, PAGE_MAX, &v))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_limit",
				    "limit",
				    "每页条数应为1–%d (limit must be 1–%d)",
				    PAGE_MAX, PAGE_MAX);
	*limit = (int)v;
	*after = 0;
	if (a && parse_int64(a, 0, INT64_MAX, after))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_cursor",
				    "after", "分页游标无效 (invalid cursor)");
	return GA_OK;
}

struct list_ctx {
	json_t *items;
	int64_t last;
	int n;
};

static int add_account(const struct account *a, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, account_json(a, false));
	l->last = a->id;
	l->n++;
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	struct account_filter f = {.scope_prefix = c->who.scope_prefix};
	struct list_ctx l = {json_array(), 0, 0};
	const char *role = http_query(c->req, "role");
	json_t *out;
	struct db *db;
	int rc = page_limit(c, &f.limit, &f.after_id);

	if (!rc && role && role_from_name(role) == ROLE_COUNT)
		rc = ga_error_set(&c->err, GA_EINVAL, "invalid_role", "role",
				  "无此角色 (no such role)");
	f.role = role;
	f.query = http_query(c->req, "q");
	if (!rc && f.query && strlen(f.query) > 64)
		rc = ga_error_set(&c->err, GA_EINVAL, "too_long", "q",
				  "查询过长 (query too long)");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = store_account_list(db, &f, add_account, &l);
	if (!rc) {
		out = json_pack("{s:O}", "items", l.items);
		json_object_set_new(out, "next",
				    l.n == f.limit ? json_integer(l.last)
						   : json_null());
		api_reply(c, 200, out);
	}
	json_decref(l.items);
	return rc;
}

struct create_input {
	const char *username;
	const char *display_name;
	const char *phone;
	const char *org;
};

static int create_fn(struct api_ctx *c)
{
	const struct create_input *in = c->input;
	struct account_new n = {.username = in->username,
				.display_name = in->display_name,
				.phone = in->phone,
				.org = in->org,
				.temporary = true};
	char temp[17];
	struct account a;
	json_t *out;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = accounts_create(db, &c->who, &c->meta, &n, &a, temp,
				     &c->err);
	if (rc)
		return rc;
	out = json_pack("{s:o, s:s}", "account", account_json(&a, true),
			"temporary_password", temp);
	api_reply(c, 201, out);
	explicit_bzero(temp, sizeof(temp));
	return GA_OK;
}

static int get_fn(struct api_ctx *c)
{
	struct account a;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = accounts_get(db, &c->who, id, &a, &c->err);
	if (!rc)
		api_reply(c, 200, account_json(&a, true));
	return rc;
}

static int apply(struct api_ctx *c, enum account_op op)
{
	char temp[17];
	struct account a;
	json_t *out;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = accounts_apply(db, &c->who, &c->meta, id, op, &a, temp,
				    &c->err);
	if (rc)
		return rc;
	out = json_pack("{s:o}", "account", account_json(&a, true));
	if (temp[0])
		json_object_set_new(out, "temporary_password",
				    json_string(temp));
	api_reply(c, 200, out);
	explicit_bzero(temp, sizeof(temp));
	return GA_OK;
}

static int disable_fn(struct api_ctx *c)
{
	return apply(c, ACCOUNT_DISABLE);
}

static int enable_fn(struct api_ctx *c)
{
	return apply(c, ACCOUNT_ENABLE);
}

static int unlock_fn(struct api_ctx *c)
{
	return apply(c, ACCOUNT_UNLOCK);
}

static int reset_fn(struct api_ctx *c)
{
	return apply(c, ACCOUNT_RESET_PASSWORD);
}

static int end_sessions_fn(struct api_ctx *c)
{
	return apply(c, ACCOUNT_END_SESSIONS);
}

struct role_input {
	const char *role;
	const char *scope;
	const char *org;
	int64_t version;
};

static int role_fn(struct api_ctx *c)
{
	const struct role_input *in = c->input;
	struct account a;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = accounts_assign(db, &c->who, &c->meta, id, in->role,
				     in->scope, in->org, in->version, &a,
				     &c->err);
	if (!rc)
		api_reply(c, 200, account_json(&a, true));
	return rc;
}

struct sess_ctx {
	json_t *items;
};

static int add_session(const struct session_row *s, void *data)
{
	struct sess_ctx *l = data;

	json_array_append_new(l->items, session_json(s, NULL));
	return GA_OK;
}

static int account_sessions_fn(struct api_ctx *c)
{
	struct sess_ctx l = {json_array()};
	struct account a;
	char now[24];
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	clock_now_text(now);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = accounts_get(db, &c->who, id, &a, &c->err);
	if (!rc)
		rc = store_session_list(db, id, now, add_session, &l);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", l.items));
	json_decref(l.items);
	return rc;
}

static bool username_ok(const char *s, size_t len)
{
	return accounts_username_ok(s, len);
}

static bool phone_ok(const char *s, size_t len)
{
	return accounts_phone_ok(s, len);
}

static bool scope_ok(const char *s, size_t len)
{
	return region_code_valid(s, len);
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"q", "role", "after", "limit", NULL};

static const struct api_field create_fields[] = {
    {.name = "username",
     .type = AF_STRING,
     .required = true,
     .max = USERNAME_MAX,
     .check = username_ok,
     .check_code = "invalid_username",
     .check_msg = "用户名为3–32位小写字母、数字或 . _ -，以字母开头 (username: "
		  "3–32 of a-z 0-9 . _ -, starting with a letter)",
     .offset = offsetof(struct create_input, username)},
    {.name = "display_name",
     .type = AF_STRING,
     .required = true,
     .max = DISPLAY_NAME_MAX,
     .offset = offsetof(struct create_input, display_name)},
    {.name = "phone",
     .type = AF_STRING,
     .max = PHONE_MAX,
     .check = phone_ok,
     .check_code = "invalid_phone",
     .check_msg = "电话号码格式错误 (invalid phone number)",
     .offset = offsetof(struct create_input, phone)},
    {.name = "org",
     .type = AF_STRING,
     .max = ORG_MAX,
     .offset = offsetof(struct create_input, org)},
    {0},
};

static const struct api_field role_fields[] = {
    {.name = "role",
     .type = AF_STRING,
     .required = true,
     .max = 24,
     .offset = offsetof(struct role_input, role)},
    {.name = "scope",
     .type = AF_STRING,
     .required = true,
     .max = 12,
     .check = scope_ok,
     .check_code = "invalid_code",
     .check_msg = "辖区应为12位行政区划代码 (scope must be a 12-digit "
		  "division code)",
     .offset = offsetof(struct role_input, scope)},
    {.name = "org",
     .type = AF_STRING,
     .max = ORG_MAX,
     .offset = offsetof(struct role_input, org)},
    {.name = "version",
     .type = AF_INT,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct role_input, version)},
    {0},
};

#define MANAGE(fnname)                                                         \
	{                                                                      \
		.fn = fnname, .action = ACT_ACCOUNT_MANAGE, .query = no_query  \
	}

const struct api_handler api_accounts_list = {
    .fn = list_fn, .action = ACT_ACCOUNT_READ, .query = list_query};
const struct api_handler api_accounts_create = {
    .fn = create_fn,
    .action = ACT_ACCOUNT_MANAGE,
    .query = no_query,
    .fields = create_fields,
    .input_size = sizeof(struct create_input)};
const struct api_handler api_accounts_get = {
    .fn = get_fn, .action = ACT_ACCOUNT_READ, .query = no_query};
const struct api_handler api_accounts_disable = MANAGE(disable_fn);
const struct api_handler api_accounts_enable = MANAGE(enable_fn);
const struct api_handler api_accounts_unlock = MANAGE(unlock_fn);
const struct api_handler api_accounts_reset = MANAGE(reset_fn);
const struct api_handler api_accounts_end_sessions = MANAGE(end_sessions_fn);
const struct api_handler api_accounts_sessions = MANAGE(account_sessions_fn);
const struct api_handler api_accounts_role = {.fn = role_fn,
					      .action = ACT_ACCOUNT_ASSIGN,
					      .query = no_query,
					      .fields = role_fields,
					      .input_size =
						  sizeof(struct role_input)};
