/*
 * A centre's activity log and its photos (儿童之家): the second half of
 * centre_service.h; the centre itself is in centre_service.c.
 */
#include "service/centre_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "io/image.h"
#include "service/centre_internal.h"
#include "service/idempotency.h"
#include "service/child_service.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char act_tbl[] = "centre_activity";

static int activity_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该活动记录 (no such activity)");
}

static int centre_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该儿童之家 (no such centre)");
}

static int check_activity(const struct centre_activity_input *in, bool create,
			  struct ga_error *err)
{
	struct date d;
	const char *code;

	if (create && !in->activity_date)
		return ga_error_set(err, GA_EINVAL, "missing_field",
				    "activity_date",
				    "请填写活动日期 (activity_date is "
				    "required)");
	if (in->activity_date) {
		if (!date_parse(in->activity_date, strlen(in->activity_date),
				&d))
			return centre_bad(err, "activity_date", "invalid_date",
					  "日期格式应为 YYYY-MM-DD (dates are "
					  "YYYY-MM-DD)");
		code = centre_activity_date_check(d, children_today());
		if (code && !strcmp(code, "future_date"))
			return centre_bad(
			    err, "activity_date", code,
			    "活动日期不能晚于今天 (the activity date "
			    "cannot be in the future)");
		if (code)
			return centre_bad(
			    err, "activity_date", code,
			    "只能记录一年内的活动 (only activities of "
			    "the past year can be logged)");
	}
	if (create && !in->kind)
		return ga_error_set(err, GA_EINVAL, "missing_field", "kind",
				    "请选择活动类型 (kind is required)");
	if (in->kind && !centre_activity_kind_valid(in->kind))
		return centre_bad(err, "kind", "invalid_kind",
				  "未知的活动类型 (unknown activity kind)");
	return centre_check_text("note", in->note, CENTRE_NOTE_MAX, false, true,
				 err);
}

static int check_counts(const struct centre_activity_row *r,
			struct ga_error *err)
{
	const char *code =
	    centre_participants_check(r->participants, r->children_count);

	if (code && !strcmp(code, "invalid_participants"))
		return centre_bad(
		    err, "participants", code,
		    "参加人数应在 0 到 1000 之间 (participants must be "
		    "0 to 1000)");
	if (code)
		return centre_bad(err, "children_count", code,
				  "儿童人数不能超过参加人数 (children cannot "
				  "outnumber participants)");
	return GA_OK;
}

static int add_photo_row(const struct centre_photo_row *p, void *data)
{
	struct centre_activity_view *v = data;

	if (v->nphotos < CENTRE_PHOTOS_MAX)
		v->photos[v->nphotos++] = *p;
	return GA_OK;
}

/* the view of row r (opened in place), photos included */
static int activity_view(struct db *db, struct centre_activity_view *v)
{
	int rc = centre_activity_open(&v->row);

	v->nphotos = 0;
	if (!rc)
		rc = store_centre_photo_list(db, v->row.id, add_photo_row, v);
	return rc;
}

int centres_activity_add(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t centre_id,
			 const struct centre_activity_input *in,
			 struct centre_activity_view *out, struct ga_error *err)
{
	static __thread struct centre_row c;
	struct centre_activity_row *r = &out->row;
	char idt[24];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_centre_get(db, by->scope_prefix, centre_id, &c);
	memset(&c.manager_name, 0, sizeof(c.manager_name));
	if (rc == GA_ENOTFOUND)
		return centre_not_found(err);
	if (!rc)
		rc = check_activity(in, true, err);
	r->participants = in->has_participants ? in->participants : 0;
	r->children_count = in->has_children_count ? in->children_count : 0;
	if (!rc)
		rc = check_counts(r, err);
	if (rc)
		return rc;
	r->centre_id = centre_id;
	str_copy(r->region, sizeof(r->region), c.region);
	str_copy(r->activity_date, sizeof(r->activity_date), in->activity_date);
	str_copy(r->kind, sizeof(r->kind), in->kind);
	clock_now_text(r->created_at);
	str_copy(r->updated_at, sizeof(r->updated_at), r->created_at);
	r->created_by = r->updated_by = by->account.id;
	rc = db_begin(db);
	if (!rc)
		rc = store_centre_activity_insert(db, r);
	if (!rc)
		rc = centre_seal_into(act_tbl, "note", r->id, in->note, r->note,
				      sizeof(r->note));
	if (!rc && r->note[0])
		rc = store_centre_activity_seal(db, r->id, r->note);
	if (!rc && in->idem && in->idem->client_uuid)
		rc = idem_record_in_tx(db, by, in->idem, r->id, err);
	centre_id_text(r->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "centre.activity.create",
				      act_tbl, idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return activity_view(db, out);
}

int centres_activity_get(struct db *db, const struct principal *by, int64_t id,
			 struct centre_activity_view *out, struct ga_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_centre_activity_get(db, by->scope_prefix, id, &out->row);
	if (rc == GA_ENOTFOUND)
		return activity_not_found(err);
	return rc ? rc : activity_view(db, out);
}

int centres_activity_patch(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   const struct centre_activity_input *in,
			   struct centre_activity_view *out,
			   struct ga_error *err)
{
	struct centre_activity_row *r = &out->row;
	char idt[24];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = check_activity(in, false, err);
	if (!rc)
		rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_centre_activity_get(db, by->scope_prefix, id, r);
	if (rc == GA_ENOTFOUND)
		activity_not_found(err);
	if (!rc)
		rc = centre_activity_open(r);
	if (!rc && r->version != in->version)
		rc = centre_stale(err, "活动记录", r->version);
	if (!rc) {
		if (in->activity_date)
			str_copy(r->activity_date, sizeof(r->activity_date),
				 in->activity_date);
		if (in->kind)
			str_copy(r->kind, sizeof(r->kind), in->kind);
		if (in->has_participants)
			r->participants = in->participants;
		if (in->has_children_count)
			r->children_count = in->children_count;
		rc = check_counts(r, err);
	}
	if (!rc && in->note)
		rc = centre_seal_into(act_tbl, "note", r->id, in->note, r->note,
				      sizeof(r->note));
	else if (!rc)
		rc = centre_seal_into(act_tbl, "note", r->id, r->note, r->note,
				      sizeof(r->note));
	clock_now_text(r->updated_at);
	r->updated_by = by->account.id;
	if (!rc)
		rc = store_centre_activity_update(db, by->scope_prefix, r,
						  in->version);
	if (rc == GA_ECONFLICT && !err->code[0])
		centre_stale(err, "活动记录", in->version + 1);
	centre_id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "centre.activity.update",
				      act_tbl, idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		memset(out, 0, sizeof(*out));
		return rc;
	}
	rc = store_centre_activity_get(db, by->scope_prefix, id, r);
	if (!rc)
		rc = activity_view(db, out);
	return rc;
}

struct act_page {
	struct centre_activity_row rows[CENTRE_PAGE_MAX + 1];
	int n;
};

static int keep_row(const struct centre_activity_row *r, void *data)
{
	struct act_page *p = data;

	if (p->n < CENTRE_PAGE_MAX + 1)
		p->rows[p->n++] = *r;
	return GA_OK;
}

/* "YYYY-MM-DD.id" */
static int parse_cursor(const char *after, char date[11], int64_t *id)
{
	struct date d;

	date[0] = '\0';
	*id = 0;
	if (!after || !*after)
		return GA_OK;
	if (strlen(after) < 12 || after[10] != '.' ||
	    !date_parse(after, 10, &d) ||
	    parse_int64(after + 11, 1, INT64_MAX, id))
		return GA_EINVAL;
	memcpy(date, after, 10);
	date[10] = '\0';
	return GA_OK;
}

int centres_activity_list(struct db *db, const struct principal *by,
			  int64_t centre_id, const char *after, int limit,
			  int (*fn)(const struct centre_activity_view *a,
				    void *ctx),
			  void *ctx, char next[40], struct ga_error *err)
{
	static __thread struct act_page page;
	static __thread struct centre_row c;
	static __thread struct centre_activity_view v;
	char date[11];
	int64_t after_id;
	int rc;

	next[0] = '\0';
	if (parse_cursor(after, date, &after_id))
		return centre_bad(err, "after", "invalid_cursor",
				  "翻页参数无效 (invalid page cursor)");
	rc = store_centre_get(db, by->scope_prefix, centre_id, &c);
	memset(&c, 0, sizeof(c));
	if (rc == GA_ENOTFOUND)
		return centre_not_found(err);
	page.n = 0;
	if (!rc)
		rc = store_centre_activity_list(db, by->scope_prefix, centre_id,
						date, after_id, limit + 1,
						keep_row, &page);
	/* the photos are read after the list: one statement at a time */
	for (int i = 0; !rc && i < page.n && i < limit; i++) {
		v.row = page.rows[i];
		rc = activity_view(db, &v);
		if (!rc)
			rc = fn(&v, ctx);
	}
	if (!rc && page.n > limit)
		snprintf(next, 40, "%s.%" PRId64,
			 page.rows[limit - 1].activity_date,
			 page.rows[limit - 1].id);
	memset(&page, 0, sizeof(page));
	memset(&v, 0, sizeof(v));
	return rc;
}

/* ---- photos ---- */

int centres_photo_add(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t activity_id,
		      const void *data, size_t len,
		      struct centre_photo_row *out, struct ga_error *err)
{
	static __thread struct centre_activity_row act;
	const char *mime;
	struct buf sealed;
	int64_t count = 0;
	char idt[24], row[24];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_centre_activity_get(db, by->scope_prefix, activity_id, &act);
	memset(act.note, 0, sizeof(act.note));
	if (rc == GA_ENOTFOUND)
		return activity_not_found(err);
	if (rc)
		return rc;
	if (len > CENTRE_PHOTO_MAX_BYTES)
		return ga_error_set(err, GA_ETOOBIG, "too_large", "",
				    "照片不能超过 3 MiB (a photo may be at "
				    "most 3 MiB)");
	mime = image_sniff(data, len);
	if (!mime)
		return ga_error_set(err, GA_EUNSUPPORTED,
				    "unsupported_media_type", "",
				    "只接受 JPEG、PNG 或 WebP 图片 (only JPEG, "
				    "PNG or WebP images are accepted)");
	rc = db_begin(db);
	if (!rc)
		rc = store_centre_photo_count(db, activity_id, &count);
	if (!rc && count >= CENTRE_PHOTOS_MAX)
		rc = ga_error_set(err, GA_ECONFLICT, "too_many_photos", "",
				  "每次活动最多 6 张照片 (at most 6 photos "
				  "per activity)");
	out->activity_id = activity_id;
	str_copy(out->region, sizeof(out->region), act.region);
	str_copy(out->mime, sizeof(out->mime), mime);
	out->size = (int64_t)len;
	out->created_by = by->account.id;
	clock_now_text(out->created_at);
	if (!rc)
		rc = store_centre_photo_insert(db, out);
	buf_init(&sealed, len * 4 / 3 + 256);
	centre_id_text(out->id, row);
	if (!rc)
		rc = secret_seal("centre_photo", "data", row, data, len,
				 &sealed);
	if (!rc)
		rc = store_centre_photo_seal(db, out->id, sealed.ptr);
	buf_release(&sealed);
	centre_id_text(out->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "centre.photo.create",
				      "centre_photo", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int centres_photo_get(struct db *db, const struct principal *by,
		      const struct request_meta *m, int64_t activity_id,
		      int64_t photo_id, struct centre_photo_row *out,
		      struct buf *data, struct ga_error *err)
{
	struct buf sealed;
	char row[24];
	int rc;

	buf_init(&sealed, CENTRE_PHOTO_MAX_BYTES * 2);
	rc = store_centre_photo_get(db, by->scope_prefix, activity_id, photo_id,
				    out, &sealed);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "未找到该照片 (no such photo)");
	centre_id_text(photo_id, row);
	if (!rc)
		rc = secret_open("centre_photo", "data", row, sealed.ptr, data);
	buf_release(&sealed);
	if (!rc)
		rc = auth_audit(db, by, m, "centre.photo.read", "centre_photo",
				row, "ok");
	return rc;
}
