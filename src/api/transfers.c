/*
 * POST /api/v1/children/{id}/transfer   ask to move a dossier (child.write)
 * GET  /api/v1/transfers                incoming or outgoing (child.read)
 * POST /api/v1/transfers/{id}/accept|reject   the receiving side
 * POST /api/v1/transfers/{id}/cancel          the sending side
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "domain/region.h"
#include "service/child_transfer.h"
#include "util/strutil.h"
#include "util/banned.h"

static json_t *view_json(const struct transfer_view *v)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, "
			 "s:s}",
			 "id", (json_int_t)v->t.id, "child_id",
			 (json_int_t)v->t.child_id, "child_name", v->child_name,
			 "birth_date", v->birth_date, "sex", v->sex,
			 "from_region", v->t.from_region, "to_region",
			 v->t.to_region, "status", v->t.status, "requested_by",
			 (json_int_t)v->t.requested_by, "requested_at",
			 v->t.requested_at, "handled_at", v->t.handled_at);
}

struct request_input {
	const char *to_region;
	int64_t version;
};

static int request_fn(struct api_ctx *c)
{
	const struct request_input *in = c->input;
	struct transfer_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = transfers_request(db, &c->who, &c->meta, id, in->version,
				       in->to_region, &v, &c->err);
	if (!rc)
		api_reply(c, 201, view_json(&v));
	return rc;
}

static int finish(struct api_ctx *c, enum transfer_op op)
{
	struct transfer_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = transfers_finish(db, &c->who, &c->meta, id, op, &v,
				      &c->err);
	if (!rc)
		api_reply(c, 200, view_json(&v));
	return rc;
}

static int accept_fn(struct api_ctx *c)
{
	return finish(c, TRANSFER_ACCEPT);
}

static int reject_fn(struct api_ctx *c)
{
	return finish(c, TRANSFER_REJECT);
}

static int cancel_fn(struct api_ctx *c)
{
	return finish(c, TRANSFER_CANCEL);
}

static int add_view(const struct transfer_view *v, void *ctx)
{
	json_array_append_new(ctx, view_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	const char *dir = http_query(c->req, "direction");
	const char *status = http_query(c->req, "status");
	json_t *items;
	struct db *db;
	int rc;

	if (dir && strcmp(dir, "incoming") && strcmp(dir, "outgoing"))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_filter",
				    "direction",
				    "direction 应为 incoming 或 outgoing "
				    "(direction must be incoming or outgoing)");
	if (status && strcmp(status, "pending") && strcmp(status, "accepted") &&
	    strcmp(status, "rejected") && strcmp(status, "cancelled"))
		return ga_error_set(&c->err, GA_EINVAL, "invalid_filter",
				    "status", "迁移状态无效 (invalid status)");
	rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = transfers_list(db, &c->who, !dir || !strcmp(dir, "incoming"),
			    status, add_view, items);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static bool code_ok(const char *s, size_t len)
{
	return region_code_valid(s, len);
}

static const char *const no_query[] = {NULL};
static const char *const list_query[] = {"direction", "status", NULL};

static const struct api_field request_fields[] = {
    {.name = "to_region",
     .type = AF_STRING,
     .required = true,
     .max = 12,
     .check = code_ok,
     .check_code = "invalid_code",
     .check_msg = "迁入地应为12位村（社区）代码 (to_region must be a "
		  "12-digit village code)",
     .offset = offsetof(struct request_input, to_region)},
    {.name = "version",
     .type = AF_INT,
     .required = true,
     .min = 1,
     .max_int = INT64_MAX,
     .offset = offsetof(struct request_input, version)},
    {0},
};

#define FINISH(f)                                                              \
	{                                                                      \
		.fn = f, .action = ACT_CHILD_WRITE, .query = no_query          \
	}

const struct api_handler api_transfer_request = {
    .fn = request_fn,
    .action = ACT_CHILD_WRITE,
    .query = no_query,
    .fields = request_fields,
    .input_size = sizeof(struct request_input)};
const struct api_handler api_transfers_list = {
    .fn = list_fn, .action = ACT_CHILD_READ, .query = list_query};
const struct api_handler api_transfer_accept = FINISH(accept_fn);
const struct api_handler api_transfer_reject = FINISH(reject_fn);
const struct api_handler api_transfer_cancel = FINISH(cancel_fn);
