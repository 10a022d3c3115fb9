/* Attachments of a mandatory report (photos, scans, PDF): sniffed by their
 * bytes, sealed at rest, added by the reporter within a day, read by the
 * county's case team (audited). Split from report_service.c. */
#include "service/report_service.h"
#include "service/report_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secret.h"
#include "io/image.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

/* ---- attachments ---- */

static int attach_check(const void *data, size_t len, const char **mime,
			struct ga_error *err)
{
	if (!len)
		return ga_error_set(err, GA_EINVAL, "empty_body", "",
				    "请上传文件（the file is empty）");
	if (len > REPORT_ATTACH_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_large", "",
				    "附件不能超过 %zu MB（an attachment may "
				    "have at most %zu MB）",
				    REPORT_ATTACH_MAX >> 20,
				    REPORT_ATTACH_MAX >> 20);
	*mime = document_sniff(data, len);
	if (!*mime)
		return ga_error_set(err, GA_EUNSUPPORTED, "bad_type", "",
				    "只接受 JPEG、PNG、WebP 图片或 PDF（only "
				    "JPEG, PNG or WebP images or PDF files are "
				    "accepted）");
	return GA_OK;
}

int report_attach(struct db *db, const struct principal *by,
		  const struct request_meta *m, int64_t id, const void *data,
		  size_t len, struct report_attachment_row *out,
		  struct ga_error *err)
{
	static __thread struct report_row row;
	struct report_filter f = {"", NULL, by->account.id};
	const char *mime = NULL;
	int64_t created = 0, n = 0;
	struct buf box;
	char idt[24];
	int rc = attach_check(data, len, &mime, err);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	/* only the author adds files, and only for a day */
	rc = store_report_get(db, id, &f, &row);
	if (rc == GA_ENOTFOUND)
		report_not_found(err);
	if (!rc &&
	    (!report_utc_parse(row.created_at, &created) ||
	     (int64_t)clock_now() - created > REPORT_ATTACH_HOURS * 3600))
		rc = ga_error_set(err, GA_ECONFLICT, "attach_closed", "",
				  "报告提交超过 %d 小时，不能再添加附件（files "
				  "may be added within %d hours of the "
				  "report）",
				  REPORT_ATTACH_HOURS, REPORT_ATTACH_HOURS);
	if (!rc)
		rc = store_report_attachment_count(db, id, &n);
	if (!rc && n >= REPORT_ATTACH_COUNT)
		rc = ga_error_set(err, GA_ECONFLICT, "too_many_files", "",
				  "每份报告最多 %d 个附件（at most %d files "
				  "per report）",
				  REPORT_ATTACH_COUNT, REPORT_ATTACH_COUNT);
	memset(out, 0, sizeof(*out));
	out->report_id = id;
	str_copy(out->region, sizeof(out->region), row.region);
	str_copy(out->mime, sizeof(out->mime), mime);
	out->size = (int64_t)len;
	out->created_by = by->account.id;
	clock_now_text(out->created_at);
	if (!rc)
		rc = store_report_attachment_insert(db, out);
	report_id_text(out->id, idt);
	buf_init(&box, REPORT_ATTACH_MAX / 3 * 4 + 1024);
	if (!rc)
		rc = secret_seal("report_attachment", "data", idt, data, len,
				 &box);
	if (!rc)
		rc = store_report_attachment_seal(db, out->id, box.ptr);
	buf_release(&box);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "report.attach",
				      "report_attachment", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	memset(&row, 0, sizeof(row));
	return rc;
}

/* the report within the caller's team scope (TEAM level only) */
static int team_report(struct db *db, const struct principal *by, int64_t id,
		       struct report_row *row, struct ga_error *err)
{
	struct report_filter f;
	int rc;

	if (report_level_of(by->account.role) != REPORT_TEAM)
		return report_not_found(err);
	report_filter_of(by, &f);
	rc = store_report_get(db, id, &f, row);
	return rc == GA_ENOTFOUND ? report_not_found(err) : rc;
}

int report_attachments(struct db *db, const struct principal *by, int64_t id,
		       int (*fn)(const struct report_attachment_row *a,
				 void *ctx),
		       void *ctx, struct ga_error *err)
{
	static __thread struct report_row row;
	int rc = team_report(db, by, id, &row, err);

	memset(&row, 0, sizeof(row));
	return rc ? rc : store_report_attachments(db, id, fn, ctx);
}

int report_attachment_read(struct db *db, const struct principal *by,
			   const struct request_meta *m, int64_t id,
			   int64_t att, struct buf *out, const char **mime,
			   struct ga_error *err)
{
	static __thread struct report_row row;
	struct report_attachment_row a;
	char *sealed = NULL, idt[24];
	int rc = team_report(db, by, id, &row, err);

	memset(&row, 0, sizeof(row));
	if (!rc)
		rc = store_report_attachment_get(db, id, att, &a, &sealed);
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "not_found", "",
				    "没有这个附件（no such attachment）");
	report_id_text(att, idt);
	if (!rc)
		rc = secret_open("report_attachment", "data", idt, sealed, out);
	free(sealed);
	if (!rc) {
		*mime = document_sniff(out->ptr, out->len);
		rc = auth_audit(db, by, m, "report.read_attachment",
				"report_attachment", idt, "ok");
	}
	return rc;
}
