#include "service/intervention_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/region.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/banned.h"

void iv_id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

int iv_bad(struct ga_error *err, const char *field, const char *code,
	   const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

int iv_check_text(const char *field, const char *s, size_t max, bool required,
		  bool multiline, struct ga_error *err)
{
	size_t len = s ? strlen(s) : 0;
	bool blank = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r'))) ||
		    c == 0x7f)
			return iv_bad(err, field, "invalid_text",
				      "不能含控制字符 (control characters are "
				      "not allowed)");
		if (c != ' ' && c != '\n' && c != '\r')
			blank = false;
	}
	if (required && blank)
		return ga_error_set(err, GA_EINVAL, "missing_field", field,
				    "请填写 %s (field %s is required)", field,
				    field);
	if (len > max)
		return ga_error_set(err, GA_EINVAL, "too_long", field,
				    "字段 %s 过长 (field %s is too long)",
				    field, field);
	if (!utf8_valid(s ? s : "", len))
		return iv_bad(err, field, "invalid_utf8",
			      "文字编码无效 (not valid UTF-8)");
	return GA_OK;
}

int iv_check_date(const char *field, const char *s, bool required,
		  struct date today, struct date *out, struct ga_error *err)
{
	struct date d = {0};

	if (out)
		*out = d;
	if (!s || !s[0]) {
		if (required)
			return ga_error_set(
			    err, GA_EINVAL, "missing_field", field,
			    "请填写 %s (field %s is required)", field, field);
		return GA_OK;
	}
	if (!date_parse(s, strlen(s), &d))
		return ga_error_set(err, GA_EINVAL, "invalid_date", field,
				    "日期格式应为 YYYY-MM-DD (%s must be a "
				    "date YYYY-MM-DD)",
				    field);
	if (date_cmp(d, today) > 0)
		return ga_error_set(err, GA_EINVAL, "future_date", field,
				    "日期不能晚于今天 (%s cannot be in the "
				    "future)",
				    field);
	if (out)
		*out = d;
	return GA_OK;
}

bool iv_phone_ok(const char *s)
{
	size_t len = strlen(s), digits = 0;

	if (len < 7 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' || s[i] == ' ' || (s[i] == '+' && !i)))
			return false;
	}
	return digits >= 7;
}

int iv_check_county(struct db *db, const char *field, const char *code,
		    struct ga_error *err)
{
	struct region r;
	int rc = GA_ENOTFOUND;

	if (code && region_code_valid(code, strlen(code)) &&
	    region_code_level(code) == REGION_COUNTY)
		rc = store_region_get(db, code, &r);
	if (rc == GA_ENOTFOUND || (!rc && r.abolished))
		return ga_error_set(err, GA_EINVAL, "invalid_county", field,
				    "应为现有区县的 12 位代码，如 "
				    "500229000000 (%s must be the 12-digit "
				    "code of an existing county)",
				    field);
	return rc;
}

int iv_seal(const char *table, const char *column, int64_t id,
	    const char *plain, char *field, size_t size)
{
	struct buf b;
	char row[24];
	int rc;

	if (!plain || !plain[0]) {
		field[0] = '\0';
		return GA_OK;
	}
	iv_id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_seal(table, column, row, plain, strlen(plain), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

int iv_open(const char *table, const char *column, int64_t id, char *field,
	    size_t size)
{
	struct buf b;
	char row[24];
	int rc;

	if (!field[0])
		return GA_OK;
	iv_id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_open(table, column, row, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

int iv_stale(struct ga_error *err, const char *what, int64_t current)
{
	return ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
			    "%s已被他人修改（当前版本 %" PRId64
			    "），请刷新 (it changed meanwhile: current "
			    "version %" PRId64 ")",
			    what, current, current);
}

int iv_finish(struct db *db, int rc)
{
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}
