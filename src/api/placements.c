/*
 * Placements, the guardianship intervention branch (issue 6):
 * POST /api/v1/children/{id}/placements   place a child
 *      (intervention.write), 201
 * GET  /api/v1/children/{id}/placements   the child's, newest first
 *      (intervention.read)
 * GET  /api/v1/placements/{id}            one (intervention.read)
 * POST /api/v1/placements/{id}/end        end it with the version read
 *      (intervention.write); returned_home needs assessment_id (Art. 93)
 * Reasons come back with their Chinese labels so a reader needs no table.
 */
#include "api/api.h"

#include <string.h>

#include "api/handlers.h"
#include "service/placement_service.h"
#include "util/banned.h"

static json_t *reasons_json(const struct placement_row *r)
{
	size_t n, k;
	const struct placement_code *kinds = placement_kinds(&k);
	int ki = placement_code_index(kinds, k, r->kind);
	const struct placement_code *t =
	    ki >= 0 ? placement_reasons((enum placement_kind)ki, &n) : NULL;
	json_t *a = json_array();
	const char *p = r->reasons;
	char id[40];

	while (*p) {
		size_t w = strcspn(p, " ");
		int x;

		if (w < sizeof(id)) {
			memcpy(id, p, w);
			id[w] = '\0';
			x = t ? placement_code_index(t, n, id) : -1;
			json_array_append_new(
			    a, json_pack("{s:s, s:s}", "id", id, "zh",
					 x >= 0 ? t[x].zh : ""));
		}
		p += w;
		while (*p == ' ')
			p++;
	}
	return a;
}

static json_t *ref_json(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *placement_to_json(const struct placement_view *v)
{
	const struct placement_row *r = &v->row;
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s, "
	    "s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:I, "
	    "s:s, s:s, s:I}",
	    "id", (json_int_t)r->id, "child_id", (json_int_t)r->child_id,
	    "region", r->region, "case_id", ref_json(r->case_id), "kind",
	    r->kind, "reasons", reasons_json(r), "setting", r->setting,
	    "institution_id", ref_json(r->institution_id), "institution_name",
	    v->institution_name, "institution_kind", v->institution_kind,
	    "agreement_no", r->agreement_no, "agreement_start",
	    r->agreement_start, "agreement_end", r->agreement_end, "court",
	    r->court, "court_filed_on", r->court_filed_on, "court_status",
	    r->court_status, "sending_county", r->sending_county,
	    "receiving_county", r->receiving_county, "start_date",
	    r->start_date, "end_date", r->end_date, "status", r->status,
	    "end_reason", r->end_reason, "end_assessment_id",
	    ref_json(r->end_assessment_id), "over_capacity", r->over_capacity,
	    "created_by", (json_int_t)r->created_by, "created_at",
	    r->created_at, "updated_at", r->updated_at, "version",
	    (json_int_t)r->version);

	if (o) {
		json_object_set_new(o, "carer", json_string(r->carer));
		json_object_set_new(o, "note", json_string(r->note));
	}
	return o;
}

struct create_body {
	const char *kind;
	const char **reasons;
	size_t nreasons;
	const char *setting;
	int64_t institution_id;
	const char *agreement_no, *agreement_start, *agreement_end;
	const char *court, *court_filed_on, *court_status;
	const char *sending_county, *receiving_county;
	const char *carer, *note, *start_date;
	int64_t case_id;
	bool accept_over_capacity;
};

static int create_fn(struct api_ctx *c)
{
	static __thread struct placement_view v;
	const struct create_body *b = c->input;
	struct placement_input in = {
	    .kind = b->kind,
	    .reasons = b->reasons,
	    .nreasons = b->nreasons,
	    .setting = b->setting,
	    .institution_id = b->institution_id,
	    .agreement_no = b->agreement_no,
	    .agreement_start = b->agreement_start,
	    .agreement_end = b->agreement_end,
	    .court = b->court,
	    .court_filed_on = b->court_filed_on,
	    .court_status = b->court_status,
	    .sending_county = b->sending_county,
	    .receiving_county = b->receiving_county,
	    .carer = b->carer,
	    .note = b->note,
	    .start_date = b->start_date,
	    .case_id = b->case_id,
	    .accept_over_capacity = b->accept_over_capacity,
	};
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = placements_create(db, &c->who, &c->meta, child_id, &in, &v,
				       &c->err);
	if (!rc)
		api_reply(c, 201, placement_to_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int add_item(const struct placement_view *v, void *data)
{
	json_array_append_new(data, placement_to_json(v));
	return GA_OK;
}

static int list_fn(struct api_ctx *c)
{
	json_t *items;
	int64_t child_id;
	struct db *db;
	int rc = api_param_id(c, "id", &child_id);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = placements_list_child(db, &c->who, child_id, add_item, items,
				   &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct placement_view v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = placements_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		api_reply(c, 200, placement_to_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

struct end_body {
	const char *end_date, *reason;
	int64_t assessment_id, version;
};

static int end_fn(struct api_ctx *c)
{
	static __thread struct placement_view v;
	const struct end_body *b = c->input;
	struct placement_end_input in = {b->end_date, b->reason,
					 b->assessment_id, b->version};
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc =
		    placements_end(db, &c->who, &c->meta, id, &in, &v, &c->err);
	if (!rc)
		api_reply(c, 200, placement_to_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static const char *const no_query[] = {NULL};

#define TEXT(s, n, req, size)                                                  \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct s, n)                                \
	}
#define ID(s, n, req)                                                          \
	{                                                                      \
		.name = #n, .type = AF_INT, .required = req, .min = 1,         \
		.max_int = INT64_MAX, .offset = offsetof(struct s, n)          \
	}

static const struct api_field create_fields[] = {
    TEXT(create_body, kind, true, 32),
    {.name = "reasons",
     .type = AF_STRING_LIST,
     .max = PLACEMENT_REASONS_MAX,
     .item_max = 32,
     .offset = offsetof(struct create_body, reasons),
     .count_offset = offsetof(struct create_body, nreasons)},
    TEXT(create_body, setting, false, 16),
    ID(create_body, institution_id, false),
    TEXT(create_body, agreement_no, false, PLACEMENT_SHORT_MAX),
    TEXT(create_body, agreement_start, false, 10),
    TEXT(create_body, agreement_end, false, 10),
    TEXT(create_body, court, false, PLACEMENT_COURT_MAX),
    TEXT(create_body, court_filed_on, false, 10),
    TEXT(create_body, court_status, false, 16),
    TEXT(create_body, sending_county, false, 12),
    TEXT(create_body, receiving_county, false, 12),
    TEXT(create_body, carer, false, PLACEMENT_CARER_MAX),
    TEXT(create_body, note, false, PLACEMENT_NOTE_MAX),
    TEXT(create_body, start_date, true, 10),
    ID(create_body, case_id, false),
    {.name = "accept_over_capacity",
     .type = AF_BOOL,
     .offset = offsetof(struct create_body, accept_over_capacity)},
    {0},
};

static const struct api_field end_fields[] = {
    TEXT(end_body, end_date, true, 10),
    TEXT(end_body, reason, true, 16),
    ID(end_body, assessment_id, false),
    ID(end_body, version, true),
    {0},
};

const struct api_handler api_placements_create = {
    .fn = create_fn,
    .action = ACT_INTERVENTION_WRITE,
    .query = no_query,
    .fields = create_fields,
    .input_size = sizeof(struct create_body)};
const struct api_handler api_placements_list = {
    .fn = list_fn, .action = ACT_INTERVENTION_READ, .query = no_query};
const struct api_handler api_placements_get = {
    .fn = get_fn, .action = ACT_INTERVENTION_READ, .query = no_query};
const struct api_handler api_placements_end = {.fn = end_fn,
					       .action = ACT_INTERVENTION_WRITE,
					       .query = no_query,
					       .fields = end_fields,
					       .input_size =
						   sizeof(struct end_body)};
