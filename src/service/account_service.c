#include "service/account_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "crypto/secret.h"
#include "domain/region.h"
#include "store/region_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

bool accounts_username_ok(const char *s, size_t len)
{
	if (len < 3 || len > USERNAME_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool accounts_phone_ok(const char *s, size_t len)
{
	if (len > PHONE_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
		      s[i] == '-' || s[i] == ' '))
			return false;
	return true;
}

/* printable UTF-8 without control characters */
bool accounts_text_ok(const char *s, size_t len)
{
	if (!utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static int invalid(struct ga_error *err, const char *code, const char *field,
		   const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* A scope must be a known division of the level the role works at. */
static int check_scope(struct db *db, enum role role, const char *scope,
		       const struct principal *by, struct ga_error *err)
{
	struct region r;
	int want = role_scope_level(role);

	if (!region_code_valid(scope, strlen(scope)))
		return invalid(err, "invalid_code", "scope",
			       "辖区应为12位行政区划代码 (scope must be a "
			       "12-digit division code)");
	if (store_region_get(db, scope, &r))
		return invalid(err, "unknown_region", "scope",
			       "无此行政区划 (no such division)");
	if (want && ((int)r.level != want || r.zone))
		return ga_error_set(err, GA_EINVAL, "scope_level", "scope",
				    "该角色的辖区应为%s级 (this role works at "
				    "%s level)",
				    want == 5	? "村（社区）"
				    : want == 4 ? "乡镇（街道）"
						: "区县",
				    region_level_name((enum region_level)want));
	if (by && !region_in_scope(scope, by->scope_prefix))
		return invalid(err, "out_of_scope", "scope",
			       "辖区超出您的管辖范围 (scope outside your own)");
	return GA_OK;
}

static int seal_phone(struct account *a, const char *phone)
{
	struct buf b;
	char id[24];
	int rc;

	a->phone_sealed[0] = '\0';
	if (!phone || !*phone)
		return GA_OK;
	id_text(a->id, id);
	buf_init(&b, sizeof(a->phone_sealed) - 1);
	rc = secret_seal("account", "phone", id, phone, strlen(phone), &b);
	if (!rc)
		str_copy(a->phone_sealed, sizeof(a->phone_sealed), b.ptr);
	buf_release(&b);
	return rc;
}

int accounts_phone(const struct account *a, char out[32])
{
	struct buf b;
	char id[24];
	int rc;

	out[0] = '\0';
	if (!a->phone_sealed[0])
		return GA_OK;
	id_text(a->id, id);
	buf_init(&b, 64);
	rc = secret_open("account", "phone", id, a->phone_sealed, &b);
	if (!rc)
		str_copy(out, 32, b.ptr);
	buf_release(&b);
	return rc;
}

static int validate_new(struct db *db, const struct principal *by,
			const struct account_new *in, enum role *role,
			struct ga_error *err)
{
	const char *dn = in->display_name ? in->display_name : "";

	if (!in->username ||
	    !accounts_username_ok(in->username, strlen(in->username)))
		return invalid(
		    err, "invalid_username", "username",
		    "用户名为3–32位小写字母、数字或 . _ -，以字母开头 "
		    "(username: 3–32 of a-z 0-9 . _ -, starting "
		    "with a letter)");
	if (!*dn || strlen(dn) > DISPLAY_NAME_MAX ||
	    !accounts_text_ok(dn, strlen(dn)))
		return invalid(err, "invalid_name", "display_name",
			       "姓名不能为空且不超过96字节 (display name "
			       "required, at most 96 bytes)");
	if (in->phone && !accounts_phone_ok(in->phone, strlen(in->phone)))
		return invalid(err, "invalid_phone", "phone",
			       "电话号码格式错误 (invalid phone number)");
	if (in->org && (strlen(in->org) > ORG_MAX ||
			!accounts_text_ok(in->org, strlen(in->org))))
		return invalid(err, "invalid_org", "org",
			       "单位名称过长或含无效字符 (invalid "
			       "organisation)");
	*role = in->role ? role_from_name(in->role) : ROLE_NONE;
	if (*role == ROLE_COUNT)
		return invalid(err, "invalid_role", "role",
			       "无此角色 (no such role)");
	if (by && *role != ROLE_NONE)
		return invalid(
		    err, "forbidden_field", "role",
		    "角色由安全管理员分配 (roles are assigned by the "
		    "security administrator)");
	if (in->scope)
		return check_scope(db, *role, in->scope, by, err);
	return GA_OK;
}

int accounts_create(struct db *db, const struct principal *by,
		    const struct request_meta *m, const struct account_new *in,
		    struct account *out, char temp_password[17],
		    struct ga_error *err)
{
	char hash[PASSWORD_HASH_MAX], id[24];
	const char *password = in->password;
	enum role role = ROLE_NONE;
	int rc = validate_new(db, by, in, &role, err);

	temp_password[0] = '\0';
	if (rc)
		return rc;
	if (!in->scope && !by)
		return invalid(err, "missing_field", "scope",
			       "缺少辖区 (scope is required)");
	if (!password) {
		password_generate(temp_password);
		password = temp_password;
	} else {
		rc = password_check_policy(password, in->username, err);
		if (rc)
			return rc;
	}
	if (password_hash(password, hash))
		return GA_EINTERNAL;
	memset(out, 0, sizeof(*out));
	str_copy(out->username, sizeof(out->username), in->username);
	str_copy(out->display_name, sizeof(out->display_name),
		 in->display_name);
	str_copy(out->org, sizeof(out->org), in->org ? in->org : "");
	out->role = role;
	str_copy(out->scope, sizeof(out->scope),
		 in->scope ? in->scope : by->account.scope);
	str_copy(out->password_hash, sizeof(out->password_hash), hash);
	out->must_change_password = in->temporary || !in->password || by;
	clock_now_text(out->created_at);
	rc = db_begin(db);
	if (!rc)
		rc = store_account_insert(db, out);
	if (rc == GA_ECONFLICT)
		ga_error_set(err, rc, "duplicate_username", "username",
			     "用户名已被使用 (username already taken)");
	if (!rc && in->phone && *in->phone) {
		rc = seal_phone(out, in->phone);
		if (!rc)
			rc = store_account_update(db, out);
	}
	id_text(out->id, id);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "account.create", "account",
				      id, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该账号 (no such account)");
}

int accounts_worker_name(struct db *db, int64_t id, char *out, size_t size)
{
	static __thread struct account a;
	int rc = store_account_by_id(db, id, "", &a);

	out[0] = '\0';
	if (!rc)
		str_copy(out, size,
			 a.display_name[0] ? a.display_name : a.username);
	memset(&a, 0, sizeof(a));
	return rc == GA_ENOTFOUND ? GA_OK : rc;
}

int accounts_get(struct db *db, const struct principal *by, int64_t id,
		 struct account *out, struct ga_error *err)
{
	int rc = store_account_by_id(db, id, by->scope_prefix, out);

	return rc == GA_ENOTFOUND ? not_found(err) : rc;
}

static const char *op_action(enum account_op op)
{
	switch (op) {
	case ACCOUNT_DISABLE: return "account.disable";
	case ACCOUNT_ENABLE: return "account.enable";
	case ACCOUNT_UNLOCK: return "account.unlock";
	case ACCOUNT_RESET_PASSWORD: return "account.reset_password";
	case ACCOUNT_END_SESSIONS: return "account.end_sessions";
	}
	return "account.unknown";
}

/* Admins do not manage themselves or each other here (CLI only). */
static int check_target(const struct principal *by, const struct account *a,
			struct ga_error *err)
{
	if (a->id == by->account.id)
		return ga_error_set(
		    err, GA_EFORBIDDEN, "own_account", "",
		    "不能对自己的账号执行此操作 (not on your own "
		    "account)");
	if (role_is_admin(a->role))
		return ga_error_set(err, GA_EFORBIDDEN, "admin_account", "",
				    "管理员账号只能在服务器命令行管理 (admin "
				    "accounts are managed from the command "
				    "line)");
	return GA_OK;
}

int accounts_apply(struct db *db, const struct principal *by,
		   const struct request_meta *m, int64_t id, enum account_op op,
		   struct account *out, char temp_password[17],
		   struct ga_error *err)
{
	char hash[PASSWORD_HASH_MAX], idt[24], now[24];
	int rc;

	temp_password[0] = '\0';
	rc = db_begin(db);
	if (!rc)
		rc = store_account_by_id(db, id, by->scope_prefix, out);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc)
		rc = check_target(by, out, err);
	clock_now_text(now);
	if (!rc) {
		switch (op) {
		case ACCOUNT_DISABLE:
			out->disabled = true;
			rc = store_session_revoke_all(db, id, now, NULL);
			break;
		case ACCOUNT_ENABLE: out->disabled = false; break;
		case ACCOUNT_UNLOCK:
			out->locked_until[0] = '\0';
			out->failed_logins = 0;
			break;
		case ACCOUNT_RESET_PASSWORD:
			password_generate(temp_password);
			rc = password_hash(temp_password, hash);
			str_copy(out->password_hash, sizeof(out->password_hash),
				 hash);
			out->must_change_password = true;
			out->locked_until[0] = '\0';
			out->failed_logins = 0;
			if (!rc)
				rc =
				    store_session_revoke_all(db, id, now, NULL);
			break;
		case ACCOUNT_END_SESSIONS:
			rc = store_session_revoke_all(db, id, now, NULL);
			break;
		}
	}
	str_copy(out->updated_at, sizeof(out->updated_at), now);
	if (!rc)
		rc = store_account_update(db, out);
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, op_action(op), "account", idt,
				      "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		temp_password[0] = '\0';
	}
	return rc;
}

int accounts_assign(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id, const char *role,
		    const char *scope, const char *org, int64_t version,
		    struct account *out, struct ga_error *err)
{
	enum role r = role_from_name(role);
	char idt[24], outcome[48];
	int rc;

	if (r == ROLE_COUNT)
		return invalid(err, "invalid_role", "role",
			       "无此角色 (no such role)");
	if (r == ROLE_SECADMIN)
		return ga_error_set(
		    err, GA_EFORBIDDEN, "admin_role", "role",
		    "安全管理员只能在服务器命令行创建 (security "
		    "administrators are created from the "
		    "command line)");
	if (org &&
	    (strlen(org) > ORG_MAX || !accounts_text_ok(org, strlen(org))))
		return invalid(err, "invalid_org", "org",
			       "单位名称过长或含无效字符 (invalid "
			       "organisation)");
	rc = db_begin(db);
	if (!rc)
		rc = store_account_by_id(db, id, by->scope_prefix, out);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && out->id == by->account.id)
		rc = ga_error_set(err, GA_EFORBIDDEN, "own_account", "",
				  "不能修改自己的角色 (not your own role)");
	if (!rc && role_is_admin(out->role))
		rc =
		    ga_error_set(err, GA_EFORBIDDEN, "admin_account", "",
				 "管理员账号只能在服务器命令行管理 (admin "
				 "accounts are managed from the command line)");
	if (!rc && version && version != out->version)
		rc = ga_error_set(
		    err, GA_ECONFLICT, "stale_version", "version",
		    "账号已被他人修改，请刷新 (the account changed "
		    "meanwhile; reload it)");
	if (!rc)
		rc = check_scope(db, r, scope, by, err);
	if (!rc) {
		out->role = r;
		str_copy(out->scope, sizeof(out->scope), scope);
		if (org)
			str_copy(out->org, sizeof(out->org), org);
		clock_now_text(out->updated_at);
		rc = store_account_update(db, out);
	}
	/* a new role starts with fresh sessions */
	if (!rc)
		rc = store_session_revoke_all(db, id, out->updated_at, NULL);
	id_text(id, idt);
	snprintf(outcome, sizeof(outcome), "ok:%s", role_name(r));
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "account.assign", "account",
				      idt, outcome);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}
