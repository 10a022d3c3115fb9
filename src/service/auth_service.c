#include "service/auth_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "crypto/keys.h"
#include "crypto/secret.h"
#include "store/account_repo.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/strutil.h"
#include "util/banned.h"

static void fill_entry(struct audit_entry *e, const struct principal *p,
		       const struct request_meta *m, const char *action,
		       const char *object_type, const char *object_id,
		       const char *outcome)
{
	memset(e, 0, sizeof(*e));
	if (p && p->account.id) {
		e->account_id = p->account.id;
		str_copy(e->role, sizeof(e->role), role_name(p->account.role));
		str_copy(e->scope, sizeof(e->scope), p->account.scope);
	}
	if (m) {
		str_copy(e->addr, sizeof(e->addr), m->addr ? m->addr : "");
		str_copy(e->request_id, sizeof(e->request_id),
			 m->request_id ? m->request_id : "");
	}
	str_copy(e->action, sizeof(e->action), action);
	str_copy(e->object_type, sizeof(e->object_type),
		 object_type ? object_type : "");
	str_copy(e->object_id, sizeof(e->object_id),
		 object_id ? object_id : "");
	str_copy(e->outcome, sizeof(e->outcome), outcome);
}

int auth_audit_in_tx(struct db *db, const struct principal *p,
		     const struct request_meta *m, const char *action,
		     const char *object_type, const char *object_id,
		     const char *outcome)
{
	struct audit_entry e;

	fill_entry(&e, p, m, action, object_type, object_id, outcome);
	return audit_append(db, &e);
}

int auth_audit(struct db *db, const struct principal *p,
	       const struct request_meta *m, const char *action,
	       const char *object_type, const char *object_id,
	       const char *outcome)
{
	struct audit_entry e;
	int rc;

	fill_entry(&e, p, m, action, object_type, object_id, outcome);
	rc = audit_append_tx(db, &e);
	if (rc)
		log_error("audit append failed: %s", ga_result_name(rc));
	return rc;
}

void auth_csrf_of(const char *token, char out[65])
{
	keyed_hash_hex(KEY_CSRF, token, strlen(token), out);
}

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int bad_credentials(struct ga_error *err)
{
	return ga_error_set(err, GA_EUNAUTH, "invalid_credentials", "",
			    "用户名或密码错误 (wrong username or password)");
}

static int login_rate_max = LOGIN_RATE_MAX;

void auth_set_login_rate(int max)
{
	login_rate_max = max > 0 ? max : LOGIN_RATE_MAX;
}

/* Count an address's login attempts; GA_ETOOMANY past the limit. */
static int rate_check(struct db *db, const struct request_meta *m,
		      struct ga_error *err)
{
	char key[64], window[24];
	time_t now = clock_now();
	int64_t count = 0;
	int rc;

	snprintf(key, sizeof(key), "login:%s", m->addr ? m->addr : "");
	clock_text(-(long)(now % LOGIN_RATE_WINDOW_S), window);
	rc = db_begin(db);
	if (!rc)
		rc = store_rate_hit(db, key, window, &count);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	if (count > login_rate_max) {
		if (count == login_rate_max + 1)
			auth_audit(db, NULL, m, "session.create", "address", "",
				   "denied:rate_limited");
		return ga_error_set(err, GA_ETOOMANY, "rate_limited", "",
				    "登录尝试过于频繁，请稍后再试 (too many "
				    "login attempts; try again later)");
	}
	return GA_OK;
}

/* A wrong password or code: count it, lock at the limit; both audited. */
static void count_failure(struct db *db, struct account *a,
			  const struct request_meta *m, const char *why)
{
	struct principal who = {.account = *a};
	char id[24], outcome[48];
	bool locks = a->failed_logins + 1 >= LOGIN_MAX_FAILURES;
	int rc;

	id_text(a->id, id);
	snprintf(outcome, sizeof(outcome), "failed:%s", why);
	rc = db_begin(db);
	if (!rc) {
		a->failed_logins = locks ? 0 : a->failed_logins + 1;
		if (locks)
			clock_text(LOGIN_LOCK_S, a->locked_until);
		clock_now_text(a->updated_at);
		rc = store_account_update(db, a);
	}
	if (!rc)
		rc = auth_audit_in_tx(db, &who, m, "session.create", "account",
				      id, outcome);
	if (!rc && locks)
		rc = auth_audit_in_tx(db, &who, m, "account.lock", "account",
				      id, "ok:too_many_failures");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
}

/* a fresh session row for a: its token and CSRF token into out */
static void session_fill(const struct account *a, const struct request_meta *m,
			 struct session_row *s, struct login_result *out)
{
	memset(s, 0, sizeof(*s));
	token_new(out->token);
	token_hash(out->token, s->token_hash);
	auth_csrf_of(out->token, out->csrf);
	memcpy(s->public_id, s->token_hash + 48, 16); /* not the token itself */
	s->account_id = a->id;
	clock_now_text(s->created_at);
	str_copy(s->last_seen_at, sizeof(s->last_seen_at), s->created_at);
	clock_text(SESSION_ABSOLUTE_S, s->expires_at);
	str_copy(s->addr, sizeof(s->addr), m->addr ? m->addr : "");
	str_copy(s->user_agent, sizeof(s->user_agent),
		 m->user_agent ? m->user_agent : "");
	for (char *c = s->user_agent; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
}

static int new_session(struct db *db, struct account *a,
		       const struct request_meta *m, struct login_result *out)
{
	struct session_row s;
	char id[24];
	int rc;

	session_fill(a, m, &s, out);
	id_text(a->id, id);
	rc = db_begin(db);
	a->failed_logins = 0;
	a->locked_until[0] = '\0';
	str_copy(a->updated_at, sizeof(a->updated_at), s.created_at);
	if (!rc)
		rc = store_account_update(db, a);
	if (!rc)
		rc = store_session_insert(db, &s);
	out->who.account = *a;
	if (!rc)
		rc = auth_audit_in_tx(db, &out->who, m, "session.create",
				      "account", id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	str_copy(out->who.session_id, sizeof(out->who.session_id), s.public_id);
	str_copy(out->who.token_hash, sizeof(out->who.token_hash),
		 s.token_hash);
	return rc;
}

static void set_restricted(struct principal *p)
{
	const struct account *a = &p->account;

	p->authenticated = true;
	p->restricted =
	    a->must_change_password ||
	    (role_requires_totp(a->role) && !a->totp_secret_sealed[0]);
	principal_set_scope(p);
}

static int check_totp(struct account *a, const char *code, int64_t *step)
{
	struct buf secret;
	char id[24];
	int rc;

	buf_init(&secret, 128);
	id_text(a->id, id);
	rc = secret_open("account", "totp_secret", id, a->totp_secret_sealed,
			 &secret);
	if (!rc)
		rc = totp_verify(secret.ptr, code, clock_now(),
				 a->totp_last_step, step);
	buf_wipe(&secret);
	return rc;
}

int auth_login(struct db *db, const char *username, const char *password,
	       const char *totp, const struct request_meta *m,
	       struct login_result *out, struct ga_error *err)
{
	struct account a;
	char now[24], id[24];
	int64_t step = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = rate_check(db, m, err);
	if (rc)
		return rc;
	rc = store_account_by_username(db, username, &a);
	if (rc == GA_ENOTFOUND) {
		password_dummy_verify(password);
		auth_audit(db, NULL, m, "session.create", "account", "",
			   "failed:unknown_account");
		return bad_credentials(err);
	}
	if (rc)
		return rc;
	id_text(a.id, id);
	clock_now_text(now);
	if (!strcmp(account_state(&a, now), "locked")) {
		struct principal who = {.account = a};

		auth_audit(db, &who, m, "session.create", "account", id,
			   "denied:locked");
		return ga_error_set(err, GA_EFORBIDDEN, "account_locked", "",
				    "账号因多次登录失败已锁定 15 分钟 (account "
				    "locked for 15 minutes after repeated "
				    "failures)");
	}
	if (!password_verify(a.password_hash, password)) {
		count_failure(db, &a, m, "bad_password");
		return bad_credentials(err);
	}
	if (a.disabled) {
		struct principal who = {.account = a};

		auth_audit(db, &who, m, "session.create", "account", id,
			   "denied:disabled");
		return ga_error_set(err, GA_EFORBIDDEN, "account_disabled", "",
				    "账号已停用，请联系系统管理员 (account "
				    "disabled; ask your administrator)");
	}
	if (a.totp_secret_sealed[0]) {
		if (!totp || !*totp)
			return ga_error_set(
			    err, GA_EUNAUTH, "totp_required", "totp",
			    "请输入动态口令 (enter the code from "
			    "your authenticator app)");
		if (check_totp(&a, totp, &step)) {
			count_failure(db, &a, m, "bad_totp");
			return ga_error_set(err, GA_EUNAUTH, "invalid_totp",
					    "totp",
					    "动态口令错误或已使用 (wrong or "
					    "already used code)");
		}
		a.totp_last_step = step;
	}
	rc = new_session(db, &a, m, out);
	if (rc)
		return rc;
	set_restricted(&out->who);
	return GA_OK;
}

int auth_resolve(struct db *db, const char *token, struct principal *out)
{
	struct session_row s;
	char hash[65], now[24], idle[24];
	int rc;

	memset(out, 0, sizeof(*out));
	if (strlen(token) != 64 || !str_is_hex(token, 64))
		return GA_EUNAUTH;
	token_hash(token, hash);
	rc = store_session_get(db, hash, &s);
	if (rc == GA_ENOTFOUND)
		return GA_EUNAUTH;
	if (rc)
		return rc;
	clock_now_text(now);
	clock_text(-SESSION_IDLE_S, idle);
	if (s.revoked_at[0] || strcmp(s.expires_at, now) <= 0 ||
	    strcmp(s.last_seen_at, idle) < 0)
		return GA_EUNAUTH;
	rc = store_account_by_id(db, s.account_id, "", &out->account);
	if (rc == GA_ENOTFOUND)
		return GA_EUNAUTH;
	if (rc)
		return rc;
	if (out->account.disabled)
		return GA_EUNAUTH;
	/* touch at most once a minute: a write per request costs too much */
	clock_text(-60, idle);
	if (strcmp(s.last_seen_at, idle) < 0)
		store_session_touch(db, hash, now);
	str_copy(out->session_id, sizeof(out->session_id), s.public_id);
	str_copy(out->token_hash, sizeof(out->token_hash), hash);
	set_restricted(out);
	return GA_OK;
}

int auth_logout(struct db *db, const struct principal *p,
		const struct request_meta *m)
{
	char now[24];
	int rc;

	clock_now_text(now);
	rc = db_begin(db);
	if (!rc)
		rc =
		    store_session_revoke(db, p->session_id, p->account.id, now);
	if (!rc)
		rc = auth_audit_in_tx(db, p, m, "session.delete", "session",
				      p->session_id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int auth_change_password(struct db *db, struct principal *p,
			 const char *old_password, const char *new_password,
			 const struct request_meta *m,
			 struct login_result *fresh, struct ga_error *err)
{
	struct account *a = &p->account;
	char hash[PASSWORD_HASH_MAX], id[24];
	struct session_row s;
	int rc;

	if (!password_verify(a->password_hash, old_password))
		return ga_error_set(
		    err, GA_EINVAL, "wrong_password", "old_password",
		    "原密码错误 (the current password is wrong)");
	if (!strcmp(old_password, new_password))
		return ga_error_set(err, GA_EINVAL, "weak_password",
				    "new_password",
				    "新密码不能与原密码相同 (the new password "
				    "must differ from the old one)");
	rc = password_check_policy(new_password, a->username, err);
	if (rc) {
		str_copy(err->field, sizeof(err->field), "new_password");
		return rc;
	}
	if (password_hash(new_password, hash))
		return GA_EINTERNAL;
	id_text(a->id, id);
	str_copy(a->password_hash, sizeof(a->password_hash), hash);
	a->must_change_password = false;
	clock_now_text(a->updated_at);
	rc = db_begin(db);
	if (!rc)
		rc = store_account_update(db, a);
	/* every session ends, this one too: whoever knew the old password
	 * (or this session's token) is out; this client goes on with a new
	 * token (no session fixation across a password change) */
	if (!rc)
		rc = store_session_revoke_all(db, a->id, a->updated_at, "");
	if (!rc) {
		session_fill(a, m, &s, fresh);
		rc = store_session_insert(db, &s);
	}
	if (!rc)
		rc = auth_audit_in_tx(db, p, m, "account.password", "account",
				      id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	str_copy(p->session_id, sizeof(p->session_id), s.public_id);
	str_copy(p->token_hash, sizeof(p->token_hash), s.token_hash);
	set_restricted(p);
	fresh->who = *p;
	return GA_OK;
}

int auth_totp_begin(struct db *db, struct principal *p,
		    const struct request_meta *m, char secret[40],
		    struct buf *uri, struct buf *svg, struct ga_error *err)
{
	struct account *a = &p->account;
	struct buf sealed;
	char id[24];
	int rc;

	if (a->totp_secret_sealed[0])
		return ga_error_set(
		    err, GA_ECONFLICT, "totp_enrolled", "",
		    "已启用动态口令 (a second factor is already "
		    "enrolled)");
	id_text(a->id, id);
	totp_secret_new(secret);
	buf_init(&sealed, sizeof(a->totp_pending_sealed) - 1);
	rc = secret_seal("account", "totp_pending", id, secret, strlen(secret),
			 &sealed);
	if (!rc)
		str_copy(a->totp_pending_sealed, sizeof(a->totp_pending_sealed),
			 sealed.ptr);
	buf_release(&sealed);
	clock_now_text(a->updated_at);
	if (!rc)
		rc = db_begin(db);
	if (!rc)
		rc = store_account_update(db, a);
	if (!rc)
		rc = auth_audit_in_tx(db, p, m, "account.totp_begin", "account",
				      id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	rc = totp_uri("guanai", a->username, secret, uri);
	if (!rc)
		rc = totp_qr_svg(uri->ptr, svg);
	return rc;
}

int auth_totp_confirm(struct db *db, struct principal *p, const char *code,
		      const struct request_meta *m, struct ga_error *err)
{
	struct account *a = &p->account;
	struct buf secret, sealed;
	int64_t step = 0;
	char id[24];
	int rc;

	if (!a->totp_pending_sealed[0])
		return ga_error_set(err, GA_ECONFLICT, "totp_not_started", "",
				    "请先开始绑定动态口令 (start the enrolment "
				    "first)");
	id_text(a->id, id);
	buf_init(&secret, 128);
	buf_init(&sealed, sizeof(a->totp_secret_sealed) - 1);
	rc = secret_open("account", "totp_pending", id, a->totp_pending_sealed,
			 &secret);
	if (!rc && totp_verify(secret.ptr, code, clock_now(), 0, &step))
		rc = ga_error_set(err, GA_EINVAL, "invalid_totp", "code",
				  "动态口令错误 (wrong code)");
	if (!rc)
		rc = secret_seal("account", "totp_secret", id, secret.ptr,
				 secret.len, &sealed);
	buf_wipe(&secret);
	if (rc)
		goto out;
	str_copy(a->totp_secret_sealed, sizeof(a->totp_secret_sealed),
		 sealed.ptr);
	a->totp_pending_sealed[0] = '\0';
	a->totp_last_step = step;
	clock_now_text(a->updated_at);
	rc = db_begin(db);
	if (!rc)
		rc = store_account_update(db, a);
	if (!rc)
		rc = auth_audit_in_tx(db, p, m, "account.totp_enrol", "account",
				      id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	else
		set_restricted(p);
out:
	buf_release(&sealed);
	return rc;
}
