/*
 * GET /api/v1/children/{id}/print.pdf   one child's dossier as an A4 PDF
 *
 * child.read, within the caller's scope (404 outside it, like the JSON
 * dossier). ID numbers and phones are masked unless ?unmask=1, which needs
 * child.unmask. Every print is audited as "child.print" (outcome "ok", or
 * "ok:unmasked"); an unmasked print is also audited as "child.unmask"
 * ("ok:print"), like GET /api/v1/children/{id}?unmask=1. The audit entries
 * are written before the PDF is handed out: no entry, no PDF.
 *
 * The font comes from the serve option pdf-font (api_pdf_font()).
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/handlers.h"
#include "io/pdf_dossier.h"
#include "service/child_service.h"
#include "util/clock.h"
#include "util/banned.h"

#define PRINT_BYTES_MAX ((size_t)8 << 20)

/* now in Beijing (UTC+8, no daylight saving): "YYYY-MM-DD HH:MM" */
static void beijing_now(char out[24])
{
	time_t t = clock_now() + 8 * 3600;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 24, "%Y-%m-%d %H:%M", &tm))
		out[0] = '\0';
}

static int unmask_param(struct api_ctx *c, bool *full)
{
	const char *unmask = http_query(c->req, "unmask");

	*full = false;
	if (!unmask)
		return GA_OK;
	if (strcmp(unmask, "1") && strcmp(unmask, "0"))
		return ga_error_set(
		    &c->err, GA_EINVAL, "invalid_value", "unmask",
		    "unmask 应为 0 或 1 (unmask must be 0 or 1)");
	*full = !strcmp(unmask, "1");
	if (*full && !role_may(c->who.account.role, ACT_CHILD_UNMASK))
		return ga_error_set(&c->err, GA_EFORBIDDEN, "forbidden",
				    "unmask",
				    "无权查看完整身份信息 (you may not see "
				    "full identity numbers)");
	return GA_OK;
}

static int print_fn(struct api_ctx *c)
{
	static __thread struct child_view v;
	const struct account *a = &c->who.account;
	struct date today = children_today();
	char idt[24], at[24], disp[80];
	bool full = false;
	struct buf pdf;
	struct db *db;
	int64_t id;
	int rc;

	buf_init(&pdf, PRINT_BYTES_MAX);
	rc = api_param_id(c, "id", &id);
	if (!rc)
		rc = unmask_param(c, &full);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = children_get(db, &c->who, id, today, &v, &c->err);
	if (rc)
		goto out;
	beijing_now(at);
	rc = pdf_dossier(&v, today, full, api_pdf_font(),
			 a->display_name[0] ? a->display_name : a->username, at,
			 &pdf, &c->err);
	snprintf(idt, sizeof(idt), "%lld", (long long)id);
	if (!rc && full)
		rc = auth_audit(db, &c->who, &c->meta, "child.unmask", "child",
				idt, "ok:print");
	if (!rc)
		rc = auth_audit(db, &c->who, &c->meta, "child.print", "child",
				idt, full ? "ok:unmasked" : "ok");
	if (rc)
		goto out;
	/* the PDF may pass the response's default cap: hand it over */
	buf_release(&c->resp->body);
	c->resp->body = pdf;
	buf_init(&pdf, 0);
	c->resp->status = 200;
	c->resp->content_type = "application/pdf";
	snprintf(disp, sizeof(disp), "inline; filename=\"child-%lld.pdf\"",
		 (long long)id);
	http_set_header(c->resp, "Content-Disposition", disp);
out:
	memset(&v, 0, sizeof(v)); /* plain identifying text */
	buf_release(&pdf);
	return rc;
}

static const char *const print_query[] = {"unmask", NULL};

const struct api_handler api_children_print = {
    .fn = print_fn, .action = ACT_CHILD_READ, .query = print_query};
