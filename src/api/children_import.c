/*
 * POST /api/v1/children/import[?dry_run=1]   import a ledger (child.write)
 *
 * The body is the file itself (a ROUTE_RAW_BODY route, so up to the upload
 * limit): Content-Type text/csv, the XLSX type, or application/octet-stream
 * (the zip magic tells). 200 {"dry_run","rows","imported","problems":[]}
 * when the file is fine; otherwise the error beside the problem list:
 * {"error":{…},"problems":[{"row","column","code","message"}…]}.
 */
#include "api/api.h"

#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "service/child_import.h"
#include "util/banned.h"

#define XLSX_TYPE                                                              \
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* the format a media type names; -1 when not accepted */
static int format_of(const char *ct)
{
	size_t n;

	if (!ct)
		return -1;
	while (*ct == ' ')
		ct++;
	n = strcspn(ct, "; ");
	if (n == strlen("text/csv") && !strncasecmp(ct, "text/csv", n))
		return LEDGER_CSV;
	if (n == strlen(XLSX_TYPE) && !strncasecmp(ct, XLSX_TYPE, n))
		return LEDGER_XLSX;
	if (n == strlen("application/octet-stream") &&
	    !strncasecmp(ct, "application/octet-stream", n))
		return LEDGER_AUTO;
	return -1;
}

static json_t *problems_json(const struct import_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; i < res->nproblems; i++) {
		const struct import_problem *p = &res->problems[i];

		json_array_append_new(
		    a, json_pack("{s:I, s:s, s:s, s:s}", "row",
				 (json_int_t)p->row, "column", p->column,
				 "code", p->code, "message", p->message));
	}
	return a;
}

static int import_fn(struct api_ctx *c)
{
	const char *dry = http_query(c->req, "dry_run");
	int fmt = format_of(http_header(c->req, "Content-Type"));
	struct import_result res;
	bool dry_run = false;
	struct db *db;
	json_t *out, *e;
	int rc;

	if (fmt < 0)
		return ga_error_set(
		    &c->err, GA_EUNSUPPORTED, "unsupported_media_type", "",
		    "请上传 CSV 或 XLSX 文件（Content-Type: text/csv 或 %s）"
		    " (send a CSV or XLSX file)",
		    XLSX_TYPE);
	if (dry) {
		if (strcmp(dry, "1") && strcmp(dry, "0") &&
		    strcmp(dry, "true") && strcmp(dry, "false"))
			return ga_error_set(&c->err, GA_EINVAL, "invalid_value",
					    "dry_run",
					    "dry_run 应为 0 或 1 (dry_run must "
					    "be 0 or 1)");
		dry_run = !strcmp(dry, "1") || !strcmp(dry, "true");
	}
	rc = api_db(c, &db);
	if (rc)
		return rc;
	import_result_init(&res);
	rc = children_import(db, &c->who, &c->meta, c->req->body,
			     c->req->body_len, (enum ledger_format)fmt, dry_run,
			     children_today(), &res, &c->err);
	if (!rc) {
		out = json_pack("{s:b, s:I, s:I, s:o}", "dry_run", dry_run,
				"rows", (json_int_t)res.rows, "imported",
				(json_int_t)res.imported, "problems",
				json_array());
		api_reply(c, 200, out);
	} else if (res.nproblems && api_status_of(rc) < 500) {
		e = json_pack("{s:s, s:s}", "code", c->err.code, "message",
			      c->err.message);
		if (c->err.field[0])
			json_object_set_new(e, "field",
					    json_string(c->err.field));
		out = json_pack("{s:o, s:o, s:b, s:I}", "error", e, "problems",
				problems_json(&res), "problems_truncated",
				res.truncated, "rows", (json_int_t)res.rows);
		api_reply(c, api_status_of(rc), out);
		rc = GA_OK;
	}
	import_result_release(&res);
	return rc;
}

static const char *const import_query[] = {"dry_run", NULL};

const struct api_handler api_children_import = {
    .fn = import_fn, .action = ACT_CHILD_WRITE, .query = import_query};
