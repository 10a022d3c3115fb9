/*
 * Closing a case (issue 6):
 * POST /api/v1/cases/{id}/closure-request           reason, note, version?
 *      (the case worker: protection, police; or the county) (case.write)
 * POST /api/v1/cases/{id}/closure-request/withdraw  note?, version? (who
 *      asked) (case.write)
 * POST /api/v1/cases/{id}/closure-decline           note (why), version?
 *      (county civil affairs) (case.write)
 * Approval is the transition to closed; reopening the one to assessment
 * (api/cases.c). Each answers with the case as GET /api/v1/cases/{id}.
 */
#include "api/api.h"

#include <stddef.h>

#include "api/case_json.h"
#include "api/handlers.h"
#include "service/case_closure.h"
#include "util/banned.h"

struct closure_body {
	const char *reason, *note;
	int64_t version;
};

enum closure_op { OP_REQUEST, OP_WITHDRAW, OP_DECLINE };

static int run(struct api_ctx *c, enum closure_op op)
{
	const struct closure_body *b = c->input;
	struct case_row row;
	struct db *db;
	int64_t id;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	switch (op) {
	case OP_REQUEST:
		rc = case_closure_request(db, &c->who, &c->meta, id, b->reason,
					  b->note, b->version, &row, &c->err);
		break;
	case OP_WITHDRAW:
		rc = case_closure_withdraw(db, &c->who, &c->meta, id, b->note,
					   b->version, &row, &c->err);
		break;
	case OP_DECLINE:
		rc = case_closure_decline(db, &c->who, &c->meta, id, b->note,
					  b->version, &row, &c->err);
		break;
	}
	if (!rc)
		rc = api_case_reply(c, db, 200, &row);
	return rc;
}

static int request_fn(struct api_ctx *c)
{
	return run(c, OP_REQUEST);
}

static int withdraw_fn(struct api_ctx *c)
{
	return run(c, OP_WITHDRAW);
}

static int decline_fn(struct api_ctx *c)
{
	return run(c, OP_DECLINE);
}

#define TEXT(n, req, size)                                                     \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct closure_body, n)                     \
	}
#define VERSION                                                                \
	{                                                                      \
		.name = "version", .type = AF_INT, .min = 1,                   \
		.max_int = INT64_MAX,                                          \
		.offset = offsetof(struct closure_body, version)               \
	}

static const struct api_field request_fields[] = {
    TEXT(reason, true, 32), TEXT(note, true, 8192), VERSION, {0}};
static const struct api_field withdraw_fields[] = {
    TEXT(note, false, 8192), VERSION, {0}};
static const struct api_field decline_fields[] = {
    TEXT(note, true, 8192), VERSION, {0}};

static const char *const no_query[] = {NULL};

#define HANDLER(name, f, fl)                                                   \
	const struct api_handler name = {.fn = f,                              \
					 .action = ACT_CASE_WRITE,             \
					 .query = no_query,                    \
					 .fields = fl,                         \
					 .input_size =                         \
					     sizeof(struct closure_body)}

HANDLER(api_case_closure_request, request_fn, request_fields);
HANDLER(api_case_closure_withdraw, withdraw_fn, withdraw_fields);
HANDLER(api_case_closure_decline, decline_fn, decline_fields);
