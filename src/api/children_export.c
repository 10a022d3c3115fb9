/*
 * GET /api/v1/children/export.xlsx   the caller's list as an XLSX ledger
 * GET /api/v1/children/export.csv    the same as CSV (UTF-8 with BOM)
 *
 * Both take the filters of GET /api/v1/children (region, category,
 * key_flag, school_status, guardianship_level, age_min, age_max, name,
 * archived) and unmask=1 (child.unmask, audited); see
 * service/child_export.h for what is exported and audited.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "service/child_export.h"
#include "util/banned.h"

struct filter_ctx {
	struct child_export_query *x;
	struct ga_error *err;
};

static int set_filter(const char *key, const char *value, void *data)
{
	struct filter_ctx *f = data;

	return child_export_filter(f->x, key, value ? value : "", f->err);
}

/* attachment; filename="ledger-YYYYMMDD.csv"; filename*=UTF-8''儿童台账-… */
static void set_disposition(struct api_ctx *c, enum ledger_format fmt,
			    struct date today)
{
	char ymd[16], value[200];

	snprintf(ymd, sizeof(ymd), "%04u%02u%02u", (unsigned)today.y % 10000,
		 (unsigned)today.m % 100, (unsigned)today.d % 100);
	snprintf(value, sizeof(value),
		 "attachment; filename=\"ledger-%s.%s\"; "
		 "filename*=UTF-8''%%E5%%84%%BF%%E7%%AB%%A5%%E5%%8F%%B0"
		 "%%E8%%B4%%A6-%s.%s",
		 ymd, ledger_format_ext(fmt), ymd, ledger_format_ext(fmt));
	http_set_header(c->resp, "Content-Disposition", value);
}

static int export_fn(struct api_ctx *c, enum ledger_format fmt)
{
	struct child_export_query x;
	struct filter_ctx f = {&x, &c->err};
	struct date today = children_today();
	struct buf out;
	struct db *db;
	long rows = 0;
	int rc;

	buf_init(&out, CHILD_EXPORT_BYTES_MAX);
	child_export_query_init(&x, fmt);
	rc = http_query_each(c->req, set_filter, &f);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_export(db, &c->who, &c->meta, &x, today, &out,
				     &rows, &c->err);
	if (rc)
		goto out;
	/* the ledger may pass the response's default cap: hand it over */
	buf_release(&c->resp->body);
	c->resp->body = out;
	buf_init(&out, 0);
	c->resp->status = 200;
	c->resp->content_type = ledger_format_mime(fmt);
	set_disposition(c, fmt, today);
out:
	buf_release(&out);
	return rc;
}

static int xlsx_fn(struct api_ctx *c)
{
	return export_fn(c, LEDGER_XLSX);
}

static int csv_fn(struct api_ctx *c)
{
	return export_fn(c, LEDGER_CSV);
}

static const char *const export_query[] = {
    "region",  "category", "key_flag", "school_status", "guardianship_level",
    "age_min", "age_max",  "name",     "archived",	"unmask",
    NULL};

const struct api_handler api_children_export_xlsx = {
    .fn = xlsx_fn, .action = ACT_CHILD_READ, .query = export_query};
const struct api_handler api_children_export_csv = {
    .fn = csv_fn, .action = ACT_CHILD_READ, .query = export_query};
