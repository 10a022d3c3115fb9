/*
 * POST   /api/v1/session                 log in {username, password, totp?}
 * GET    /api/v1/session                 who is logged in (+ csrf_token)
 * DELETE /api/v1/session                 log out
 * POST   /api/v1/session/password        change own password; every session
 *                                         ends and this client gets a new token
 * POST   /api/v1/session/totp            start TOTP enrolment (QR code)
 * POST   /api/v1/session/totp/confirm    finish it with a code
 * GET    /api/v1/sessions                own live sessions
 * DELETE /api/v1/sessions/{id}           end one of them (sysadmin: anyone's)
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "api/json_account.h"
#include "service/account_service.h"
#include "store/account_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

const char *api_cookie_name(const struct api_ctx *c)
{
	/* __Host- binds the cookie to this origin; browsers need Secure */
	return c->req->tls ? "__Host-guanai_session" : "guanai_session";
}

void api_set_session_cookie(struct api_ctx *c, const char *token)
{
	char v[256];

	snprintf(v, sizeof(v),
		 "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		 api_cookie_name(c), token, SESSION_ABSOLUTE_S,
		 c->req->tls ? "; Secure" : "");
	http_set_header(c->resp, "Set-Cookie", v);
}

void api_clear_session_cookie(struct api_ctx *c)
{
	char v[160];

	snprintf(v, sizeof(v),
		 "%s=; Path=/; Max-Age=0; HttpOnly; "
		 "SameSite=Strict%s",
		 api_cookie_name(c), c->req->tls ? "; Secure" : "");
	http_set_header(c->resp, "Set-Cookie", v);
}

int api_param_id(struct api_ctx *c, const char *name, int64_t *out)
{
	const char *s = http_param(c->req, name);

	if (!s || parse_int64(s, 1, INT64_MAX, out))
		return ga_error_set(&c->err, GA_ENOTFOUND, "not_found", "",
				    "未找到 (not found)");
	return GA_OK;
}

static json_t *session_body(const struct principal *p, const char *csrf)
{
	const struct account *a = &p->account;

	return json_pack(
	    "{s:o, s:s, s:b, s:b, s:s}", "account", account_json(a, true),
	    "csrf_token", csrf, "must_change_password", a->must_change_password,
	    "totp_enrollment_required",
	    role_requires_totp(a->role) && !a->totp_secret_sealed[0],
	    "scope_prefix", p->scope_prefix);
}

struct login_input {
	const char *username;
	const char *password;
	const char *totp;
};

static int login_fn(struct api_ctx *c)
{
	const struct login_input *in = c->input;
	struct login_result res;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = auth_login(db, in->username, in->password, in->totp,
				&c->meta, &res, &c->err);
	if (rc)
		return rc;
	api_set_session_cookie(c, res.token);
	api_reply(c, 200, session_body(&res.who, res.csrf));
	explicit_bzero(res.token, sizeof(res.token));
	return GA_OK;
}

static int whoami_fn(struct api_ctx *c)
{
	char csrf[65];

	auth_csrf_of(http_cookie(c->req, api_cookie_name(c)), csrf);
	api_reply(c, 200, session_body(&c->who, csrf));
	return GA_OK;
}

static int logout_fn(struct api_ctx *c)
{
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = auth_logout(db, &c->who, &c->meta);
	if (rc)
		return rc;
	api_clear_session_cookie(c);
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
	return GA_OK;
}

struct password_input {
	const char *old_password;
	const char *new_password;
};

static int password_fn(struct api_ctx *c)
{
	const struct password_input *in = c->input;
	static __thread struct login_result fresh;
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc = auth_change_password(db, &c->who, in->old_password,
					  in->new_password, &c->meta, &fresh,
					  &c->err);
	if (!rc) {
		api_set_session_cookie(c, fresh.token);
		api_reply(c, 200, session_body(&c->who, fresh.csrf));
	}
	memset(&fresh, 0, sizeof(fresh));
	return rc;
}

static int totp_begin_fn(struct api_ctx *c)
{
	char secret[40];
	struct buf uri, svg;
	struct db *db;
	int rc = api_db(c, &db);

	buf_init(&uri, 1024);
	buf_init(&svg, 256 * 1024);
	if (!rc)
		rc = auth_totp_begin(db, &c->who, &c->meta, secret, &uri, &svg,
				     &c->err);
	if (!rc)
		api_reply(c, 200,
			  json_pack("{s:s, s:s, s:s}", "secret", secret, "uri",
				    uri.ptr, "qr_svg", svg.ptr));
	explicit_bzero(secret, sizeof(secret));
	buf_wipe(&uri);
	buf_release(&svg);
	return rc;
}

struct code_input {
	const char *code;
};

static int totp_confirm_fn(struct api_ctx *c)
{
	const struct code_input *in = c->input;
	char csrf[65];
	struct db *db;
	int rc = api_db(c, &db);

	if (!rc)
		rc =
		    auth_totp_confirm(db, &c->who, in->code, &c->meta, &c->err);
	if (rc)
		return rc;
	auth_csrf_of(http_cookie(c->req, api_cookie_name(c)), csrf);
	api_reply(c, 200, session_body(&c->who, csrf));
	return GA_OK;
}

struct list_ctx {
	json_t *items;
	const char *current;
};

static int add_session(const struct session_row *s, void *data)
{
	struct list_ctx *l = data;

	json_array_append_new(l->items, session_json(s, l->current));
	return GA_OK;
}

static int sessions_fn(struct api_ctx *c)
{
	struct list_ctx l = {json_array(), c->who.session_id};
	char now[24];
	struct db *db;
	int rc = api_db(c, &db);

	clock_now_text(now);
	if (!rc)
		rc = store_session_list(db, c->who.account.id, now, add_session,
					&l);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", l.items));
	json_decref(l.items);
	return rc;
}

/*
 * One's own sessions; a sysadmin also those of the non-admin accounts in
 * its scope. Anything else answers 404, as an absent session.
 */
static int session_revoke_fn(struct api_ctx *c)
{
	const char *id = http_param(c->req, "id");
	struct session_row s;
	struct account target;
	char now[24];
	struct db *db;
	int rc = api_db(c, &db);

	if (!str_is_hex(id, 16))
		return ga_error_set(&c->err, GA_ENOTFOUND, "not_found", "",
				    "未找到该会话 (no such session)");
	clock_now_text(now);
	if (!rc)
		rc = db_begin(db);
	if (!rc)
		rc = store_session_by_public_id(db, id, &s);
	if (!rc && s.account_id != c->who.account.id) {
		if (!role_may(c->who.account.role, ACT_ACCOUNT_MANAGE))
			rc = GA_ENOTFOUND;
		if (!rc)
			rc = store_account_by_id(db, s.account_id,
						 c->who.scope_prefix, &target);
		if (!rc && role_is_admin(target.role))
			rc = ga_error_set(
			    &c->err, GA_EFORBIDDEN, "admin_account", "",
			    "管理员账号只能在服务器命令行管理 (admin "
			    "accounts are managed from the command "
			    "line)");
	}
	if (!rc)
		rc = store_session_revoke(db, id, s.account_id, now);
	if (rc == GA_ENOTFOUND)
		ga_error_set(&c->err, rc, "not_found", "",
			     "未找到该会话 (no such session)");
	if (!rc)
		rc = auth_audit_in_tx(db, &c->who, &c->meta, "session.revoke",
				      "session", id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	api_reply(c, 200, json_pack("{s:b}", "ok", 1));
	return GA_OK;
}

static bool password_ok(const char *s, size_t len)
{
	(void)s;
	return len >= 1;
}

static bool code_ok(const char *s, size_t len)
{
	return len == 6 && str_all_digits(s, len);
}

static const char *const no_query[] = {NULL};

static const struct api_field login_fields[] = {
    {.name = "username",
     .type = AF_STRING,
     .required = true,
     .max = 64,
     .offset = offsetof(struct login_input, username)},
    {.name = "password",
     .type = AF_STRING,
     .required = true,
     .max = 256,
     .check = password_ok,
     .check_code = "missing_field",
     .check_msg = "请输入密码 (enter the password)",
     .offset = offsetof(struct login_input, password)},
    {.name = "totp",
     .type = AF_STRING,
     .max = 16,
     .offset = offsetof(struct login_input, totp)},
    {0},
};

static const struct api_field password_fields[] = {
    {.name = "old_password",
     .type = AF_STRING,
     .required = true,
     .max = 256,
     .offset = offsetof(struct password_input, old_password)},
    {.name = "new_password",
     .type = AF_STRING,
     .required = true,
     .max = 256,
     .offset = offsetof(struct password_input, new_password)},
    {0},
};

static const struct api_field code_fields[] = {
    {.name = "code",
     .type = AF_STRING,
     .required = true,
     .max = 6,
     .check = code_ok,
     .check_code = "invalid_totp",
     .check_msg = "动态口令为6位数字 (the code has 6 digits)",
     .offset = offsetof(struct code_input, code)},
    {0},
};

const struct api_handler api_session_create = {.fn = login_fn,
					       .query = no_query,
					       .fields = login_fields,
					       .input_size =
						   sizeof(struct login_input)};
const struct api_handler api_session_get = {.fn = whoami_fn,
					    .action = ACT_SELF,
					    .restricted_ok = true,
					    .query = no_query};
const struct api_handler api_session_delete = {.fn = logout_fn,
					       .action = ACT_SELF,
					       .restricted_ok = true,
					       .query = no_query};
const struct api_handler api_session_password = {
    .fn = password_fn,
    .action = ACT_SELF,
    .restricted_ok = true,
    .query = no_query,
    .fields = password_fields,
    .input_size = sizeof(struct password_input)};
const struct api_handler api_session_totp = {.fn = totp_begin_fn,
					     .action = ACT_SELF,
					     .restricted_ok = true,
					     .query = no_query};
const struct api_handler api_session_totp_confirm = {
    .fn = totp_confirm_fn,
    .action = ACT_SELF,
    .restricted_ok = true,
    .query = no_query,
    .fields = code_fields,
    .input_size = sizeof(struct code_input)};
const struct api_handler api_sessions_list = {
    .fn = sessions_fn, .action = ACT_SELF, .query = no_query};
const struct api_handler api_session_revoke = {
    .fn = session_revoke_fn, .action = ACT_SELF, .query = no_query};
