#include "service/centre_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "domain/region.h"
#include "io/centre_hours.h"
#include "service/centre_internal.h"
#include "store/account_repo.h"
#include "store/region_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

void centre_id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

/* ---- sealing ---- */

int centre_seal_into(const char *table, const char *column, int64_t id,
		     const char *plain, char *field, size_t size)
{
	struct buf b;
	char row[24];
	int rc;

	if (!plain || !plain[0]) {
		field[0] = '\0';
		return GA_OK;
	}
	centre_id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_seal(table, column, row, plain, strlen(plain), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_field(const char *table, const char *column, int64_t id,
		      char *field, size_t size)
{
	struct buf b;
	char row[24];
	int rc;

	if (!field[0])
		return GA_OK;
	centre_id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_open(table, column, row, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int centre_open(struct centre_row *r)
{
	int rc = open_field("centre", "manager_name", r->id, r->manager_name,
			    sizeof(r->manager_name));

	if (!rc)
		rc = open_field("centre", "manager_phone", r->id,
				r->manager_phone, sizeof(r->manager_phone));
	return rc;
}

int centre_activity_open(struct centre_activity_row *r)
{
	return open_field("centre_activity", "note", r->id, r->note,
			  sizeof(r->note));
}

/* ---- checks ---- */

int centre_bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

/* one line of text: UTF-8, no control characters, not blank if required */
int centre_check_text(const char *field, const char *s, size_t max,
		      bool required, bool multiline, struct ga_error *err)
{
	size_t len = s ? strlen(s) : 0;
	bool blank = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r'))) ||
		    c == 0x7f)
			return centre_bad(
			    err, field, "invalid_text",
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
		return centre_bad(err, field, "invalid_utf8",
				  "文字编码无效 (not valid UTF-8)");
	return GA_OK;
}

/* a mobile or landline number: digits, spaces and dashes, 7 to 20 */
static bool phone_ok(const char *s)
{
	size_t len = strlen(s), digits = 0;

	if (len < 7 || len > CENTRE_PHONE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' || s[i] == ' ' || (s[i] == '+' && !i)))
			return false;
	}
	return digits >= 7;
}

static int check_hours(const struct centre_input *in, struct ga_error *err)
{
	char field[32];

	if (in->nhours < 0 || in->nhours > CENTRE_HOURS_MAX)
		return centre_bad(err, "opening_hours", "too_many",
				  "开放时间最多 7 段 (at most 7 opening-hour "
				  "entries)");
	for (int i = 0; i < in->nhours; i++) {
		const char *code = centre_hours_check(&in->hours[i]);

		snprintf(field, sizeof(field), "opening_hours[%d]", i);
		if (code && !strcmp(code, "invalid_days"))
			return centre_bad(err, field, code,
					  "请选择开放的星期（1 周一 … 7 周日） "
					  "(days must be weekdays 1 to 7)");
		if (code && !strcmp(code, "invalid_time"))
			return centre_bad(
			    err, field, code,
			    "时间格式应为 HH:MM，如 16:00 (times must "
			    "be HH:MM)");
		if (code)
			return centre_bad(
			    err, field, code,
			    "结束时间应晚于开始时间 (the end must be "
			    "after the start)");
		for (int j = 0; j < i; j++)
			if (centre_hours_overlap(&in->hours[i], &in->hours[j]))
				return centre_bad(
				    err, field, "overlapping_hours",
				    "开放时间段重叠 (opening hours "
				    "overlap)");
	}
	return GA_OK;
}

static int check_centre(struct db *db, const struct principal *by,
			const struct centre_input *in, struct ga_error *err)
{
	struct account a;
	const char *code;
	int badi = -1;
	int rc = centre_check_text("name", in->name, CENTRE_NAME_MAX, true,
				   false, err);

	if (!rc)
		rc = centre_check_text("address", in->address,
				       CENTRE_ADDRESS_MAX, false, false, err);
	if (!rc)
		rc = centre_check_text("manager_name", in->manager_name,
				       CENTRE_MANAGER_MAX, false, false, err);
	if (!rc)
		rc = centre_check_text("manager_phone", in->manager_phone,
				       CENTRE_PHONE_MAX, false, false, err);
	if (!rc && in->manager_phone && in->manager_phone[0] &&
	    !phone_ok(in->manager_phone))
		rc = centre_bad(
		    err, "manager_phone", "invalid_phone",
		    "电话号码格式不正确，如 13800138000 (phone must be "
		    "a number such as 13800138000)");
	if (!rc)
		rc = check_hours(in, err);
	if (rc)
		return rc;
	code = centre_facilities_check(in->facilities, in->nfacilities, &badi);
	if (code) {
		char field[32];

		snprintf(field, sizeof(field), "facilities[%d]", badi);
		if (!strcmp(code, "duplicate_facility"))
			return centre_bad(
			    err, field, code,
			    "设施重复 (a facility is listed twice)");
		if (!strcmp(code, "too_many"))
			return centre_bad(err, "facilities", code,
					  "设施过多 (too many facilities)");
		return centre_bad(
		    err, field, code,
		    "未知的设施，可选 reading_corner、activity_room、"
		    "counselling_room、sports、computers、first_aid、"
		    "other (unknown facility)");
	}
	if (in->manager_account) {
		rc = store_account_by_id(db, in->manager_account,
					 by->scope_prefix, &a);
		memset(&a, 0, sizeof(a));
		if (rc == GA_ENOTFOUND)
			return centre_bad(
			    err, "manager_account", "unknown_account",
			    "负责人账号不存在或不在本辖区 (no such "
			    "account within your area)");
	}
	return rc;
}

static int village_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该村（社区） (no such village)");
}

/* an existing village within the caller's scope; its name into name */
static int check_village(struct db *db, const struct principal *by,
			 const char *code, char *name, size_t size,
			 struct ga_error *err)
{
	struct region r;
	int rc = GA_ENOTFOUND;

	if (code && region_code_valid(code, strlen(code)) &&
	    region_in_scope(code, by->scope_prefix))
		rc = store_region_get(db, code, &r);
	if (!rc && (r.abolished || r.level != REGION_VILLAGE))
		rc = GA_ENOTFOUND;
	if (rc == GA_ENOTFOUND)
		return village_not_found(err);
	if (!rc && name)
		str_copy(name, size, r.name);
	return rc;
}

static void region_name(struct db *db, const char *code, char *out, size_t size)
{
	struct region r;

	out[0] = '\0';
	if (!store_region_get(db, code, &r))
		str_copy(out, size, r.name);
}

int centre_stale(struct ga_error *err, const char *what, int64_t current)
{
	return ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
			    "%s已被他人修改（当前版本 %" PRId64
			    "），请刷新 (it changed meanwhile: current "
			    "version %" PRId64 ")",
			    what, current, current);
}

/* ---- the centre ---- */

static int fill_centre(const struct centre_input *in, struct centre_row *r)
{
	struct buf b;
	int rc;

	str_copy(r->name, sizeof(r->name), in->name);
	str_copy(r->address, sizeof(r->address),
		 in->address ? in->address : "");
	r->manager_account = in->manager_account;
	r->facilities[0] = '\0';
	for (size_t i = 0; i < in->nfacilities; i++) {
		size_t n = strlen(r->facilities);

		snprintf(r->facilities + n, sizeof(r->facilities) - n, "%s%s",
			 i ? " " : "", in->facilities[i]);
	}
	buf_init(&b, sizeof(r->hours) - 1);
	rc = centre_hours_to_text(in->hours, in->nhours, &b);
	if (!rc)
		str_copy(r->hours, sizeof(r->hours), b.ptr);
	buf_release(&b);
	return rc;
}

static int seal_manager(struct centre_row *r, const struct centre_input *in)
{
	int rc =
	    centre_seal_into("centre", "manager_name", r->id, in->manager_name,
			     r->manager_name, sizeof(r->manager_name));

	if (!rc)
		rc = centre_seal_into("centre", "manager_phone", r->id,
				      in->manager_phone, r->manager_phone,
				      sizeof(r->manager_phone));
	return rc;
}

int centres_put(struct db *db, const struct principal *by,
		const struct request_meta *m, const char *code,
		const struct centre_input *in, struct centre_view *out,
		bool *created, struct ga_error *err)
{
	struct centre_row *r = &out->row;
	char idt[24];
	int rc;

	memset(out, 0, sizeof(*out));
	*created = false;
	rc = check_village(db, by, code, out->region_name,
			   sizeof(out->region_name), err);
	if (!rc)
		rc = check_centre(db, by, in, err);
	if (!rc)
		rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_centre_get_region(db, by->scope_prefix, code, r);
	if (rc == GA_ENOTFOUND) {
		rc = in->version ? centre_stale(err, "儿童之家", 0) : GA_OK;
		*created = true;
	} else if (!rc && r->version != in->version) {
		rc = centre_stale(err, "儿童之家", r->version);
	}
	if (!rc)
		rc = fill_centre(in, r);
	clock_now_text(r->updated_at);
	r->updated_by = by->account.id;
	if (!rc && *created) {
		str_copy(r->region, sizeof(r->region), code);
		str_copy(r->created_at, sizeof(r->created_at), r->updated_at);
		r->created_by = by->account.id;
		r->manager_name[0] = r->manager_phone[0] = '\0';
		rc = store_centre_insert(db, r);
		if (rc == GA_ECONFLICT) /* another PUT created it meanwhile */
			centre_stale(err, "儿童之家", 1);
	}
	/* sealed with the row id, then written with the version check */
	if (!rc)
		rc = seal_manager(r, in);
	if (!rc && *created)
		rc = store_centre_seal(db, r);
	else if (!rc)
		rc = store_centre_update(db, by->scope_prefix, r, r->version);
	if (rc == GA_ECONFLICT && !err->code[0])
		centre_stale(err, "儿童之家", r->version);
	centre_id_text(r->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(
		    db, by, m, *created ? "centre.create" : "centre.update",
		    "centre", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	/* read back what was stored, with its version */
	rc = store_centre_get_region(db, by->scope_prefix, code, r);
	if (!rc)
		rc = centre_open(r);
	return rc;
}

int centres_get_village(struct db *db, const struct principal *by,
			const char *code, struct centre_view *out,
			struct ga_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_village(db, by, code, out->region_name,
			   sizeof(out->region_name), err);
	if (rc)
		return rc;
	rc = store_centre_get_region(db, by->scope_prefix, code, &out->row);
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "no_centre", "",
				    "该村（社区）尚未登记儿童之家 (this "
				    "village has no centre yet)");
	if (!rc)
		rc = centre_open(&out->row);
	return rc;
}

struct list_ctx {
	struct db *db;
	int (*fn)(const struct centre_view *c, void *ctx);
	void *ctx;
	int n, limit;
	char last[13];
};

static int open_centre(const struct centre_row *r, void *data)
{
	static __thread struct centre_view v;
	struct list_ctx *l = data;
	int rc;

	if (++l->n > l->limit)
		return GA_OK; /* the one past the page: there is a next */
	v.row = *r;
	str_copy(l->last, sizeof(l->last), r->region);
	region_name(l->db, r->region, v.region_name, sizeof(v.region_name));
	rc = centre_open(&v.row);
	if (!rc)
		rc = l->fn(&v, l->ctx);
	memset(&v, 0, sizeof(v));
	return rc;
}

int centres_list(struct db *db, const struct principal *by,
		 const struct centre_list_query *q,
		 int (*fn)(const struct centre_view *c, void *ctx),
		 int (*without)(const char *code, const char *name, void *ctx),
		 void *ctx, char next[13], bool *listed_without,
		 struct ga_error *err)
{
	struct list_ctx l = {db, fn, ctx, 0, q->limit, ""};
	char prefix[13];
	enum region_level level;
	struct region r;
	int rc = GA_OK;

	next[0] = '\0';
	*listed_without = false;
	if (q->region) {
		if (!region_code_valid(q->region, strlen(q->region)) ||
		    !region_in_scope(q->region, by->scope_prefix) ||
		    store_region_get(db, q->region, &r))
			return ga_error_set(err, GA_ENOTFOUND, "not_found",
					    "region",
					    "未找到该地区 (no such region)");
		level = r.level;
		str_copy(prefix, sizeof(prefix), q->region);
		prefix[region_level_prefix_len(level)] = '\0';
	} else {
		str_copy(prefix, sizeof(prefix), by->scope_prefix);
		level = strlen(prefix) == 9   ? REGION_TOWNSHIP
			: strlen(prefix) == 6 ? REGION_COUNTY
					      : REGION_VILLAGE;
	}
	if (q->after && *q->after &&
	    !(strlen(q->after) == 12 && str_all_digits(q->after, 12)))
		return centre_bad(err, "after", "invalid_cursor",
				  "翻页参数无效 (invalid page cursor)");
	rc = store_centre_list(db, by->scope_prefix, prefix, q->after,
			       q->limit + 1, open_centre, &l);
	if (!rc && l.n > q->limit)
		str_copy(next, 13, l.last);
	*listed_without = level == REGION_TOWNSHIP || level == REGION_COUNTY;
	if (!rc && *listed_without && without && !(q->after && *q->after))
		rc = store_centre_villages_without(
		    db, prefix, CENTRE_WITHOUT_MAX, without, ctx);
	return rc;
}

/* ---- activities ---- */
