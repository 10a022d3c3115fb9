/*
 * A centre's activity log and its photos (儿童之家):
 * GET  /api/v1/centres/{id}/activities           newest first (centre.read)
 * POST /api/v1/centres/{id}/activities           log one; client_uuid for
 *                                                offline phones (centre.write)
 * PATCH /api/v1/centre-activities/{id}           correct one (centre.write)
 * POST /api/v1/centre-activities/{id}/photos     a photo (centre.write)
 * GET  /api/v1/centre-activities/{id}/photos/{p} one photo (centre.read)
 * The centre itself is in centres.c.
 */
#include "api/api.h"

#include <string.h>

#include "api/centres_internal.h"
#include "api/client_uuid.h"
#include "api/handlers.h"
#include "io/image.h"
#include "service/centre_service.h"
#include "util/strutil.h"
#include "util/banned.h"

/* ---- handlers: activities ---- */

static json_t *activity_json(const struct centre_activity_view *v)
{
	const struct centre_activity_row *r = &v->row;
	json_t *photos = json_array();

	for (int i = 0; i < v->nphotos; i++)
		json_array_append_new(
		    photos, json_pack("{s:I, s:s, s:I, s:s}", "id",
				      (json_int_t)v->photos[i].id, "mime",
				      v->photos[i].mime, "size",
				      (json_int_t)v->photos[i].size,
				      "created_at", v->photos[i].created_at));
	return json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:s, s:o, s:I, s:s, s:I, "
	    "s:s, s:I}",
	    "id", (json_int_t)r->id, "centre_id", (json_int_t)r->centre_id,
	    "region", r->region, "activity_date", r->activity_date, "kind",
	    r->kind, "participants", (json_int_t)r->participants,
	    "children_count", (json_int_t)r->children_count, "note", r->note,
	    "photos", photos, "created_by", (json_int_t)r->created_by,
	    "created_at", r->created_at, "updated_by",
	    (json_int_t)r->updated_by, "updated_at", r->updated_at, "version",
	    (json_int_t)r->version);
}

static int add_activity(const struct centre_activity_view *v, void *data)
{
	json_array_append_new(data, activity_json(v));
	return GA_OK;
}

static int activities_fn(struct api_ctx *c)
{
	char next[40];
	int64_t id;
	int limit;
	struct db *db;
	json_t *items, *out;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = centres_page_limit(c, &limit);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = centres_activity_list(db, &c->who, id, http_query(c->req, "after"),
				   limit, add_activity, items, next, &c->err);
	if (!rc) {
		out = json_pack("{s:O}", "items", items);
		json_object_set_new(out, "next",
				    next[0] ? json_string(next) : json_null());
		api_reply(c, 200, out);
	}
	json_decref(items);
	return rc;
}

/* presence of the integer fields, which the binder cannot tell */
static void mark_present(struct api_ctx *c, struct centre_activity_input *in)
{
	in->has_participants = json_object_get(c->body, "participants") != NULL;
	in->has_children_count =
	    json_object_get(c->body, "children_count") != NULL;
}

/* an activity sent again: answer with the one stored the first time */
static int replay_activity(struct api_ctx *c, struct db *db, int64_t id,
			   void *ctx)
{
	static __thread struct centre_activity_view v;
	int rc = centres_activity_get(db, &c->who, id, &v, &c->err);

	(void)ctx;
	if (!rc)
		api_reply(c, 200, activity_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

static int activity_create_fn(struct api_ctx *c)
{
	static __thread struct centre_activity_view v;
	struct centre_activity_input *in = c->input;
	struct idem_key key;
	bool replied = false;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	mark_present(c, in);
	/* an offline phone sends the same activity again until it hears */
	if (!rc)
		rc = api_client_uuid(c, "centre.activity.create", id, &key);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = api_idem_replay(c, db, &key, replay_activity, NULL,
				     &replied);
	if (rc || replied)
		return rc;
	in->idem = key.client_uuid ? &key : NULL;
	rc = centres_activity_add(db, &c->who, &c->meta, id, in, &v, &c->err);
	if (!rc)
		api_reply(c, 201, activity_json(&v));
	memset(&v, 0, sizeof(v));
	return rc ? api_idem_race(c, db, &key, rc, replay_activity, NULL) : rc;
}

static int activity_patch_fn(struct api_ctx *c)
{
	static __thread struct centre_activity_view v;
	struct centre_activity_input *in = c->input;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	mark_present(c, in);
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = centres_activity_patch(db, &c->who, &c->meta, id, in, &v,
					    &c->err);
	if (!rc)
		api_reply(c, 200, activity_json(&v));
	memset(&v, 0, sizeof(v));
	return rc;
}

/* ---- handlers: photos ---- */

static int photo_upload_fn(struct api_ctx *c)
{
	struct centre_photo_row p;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc && !image_content_type_ok(http_header(c->req, "Content-Type")))
		rc = ga_error_set(&c->err, GA_EUNSUPPORTED,
				  "unsupported_media_type", "",
				  "只接受 JPEG、PNG 或 WebP 图片 (send a JPEG, "
				  "PNG or WebP image)");
	if (!rc && !c->req->body_len)
		rc = ga_error_set(&c->err, GA_EINVAL, "empty_body", "",
				  "请选择要上传的照片 (the photo is empty)");
	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = centres_photo_add(db, &c->who, &c->meta, id, c->req->body,
				       c->req->body_len, &p, &c->err);
	if (!rc)
		api_reply(c, 201,
			  json_pack("{s:I, s:I, s:s, s:I, s:s}", "id",
				    (json_int_t)p.id, "activity_id",
				    (json_int_t)p.activity_id, "mime", p.mime,
				    "size", (json_int_t)p.size, "created_at",
				    p.created_at));
	return rc;
}

static int photo_get_fn(struct api_ctx *c)
{
	struct centre_photo_row p;
	struct buf data;
	int64_t id, photo;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_param_id(c, "photo", &photo);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	buf_init(&data, CENTRE_PHOTO_MAX_BYTES);
	rc = centres_photo_get(db, &c->who, &c->meta, id, photo, &p, &data,
			       &c->err);
	/* the static type names of image_sniff, never the stored text */
	if (!rc)
		api_reply_raw(c, 200, image_sniff(data.ptr, data.len), data.ptr,
			      data.len);
	buf_wipe(&data);
	return rc;
}

/* ---- tables ---- */

static const char *const no_query[] = {NULL};
static const char *const page_query[] = {"after", "limit", NULL};

#define ATEXT(n, req, size)                                                    \
	{                                                                      \
		.name = #n, .type = AF_STRING, .required = req, .max = size,   \
		.offset = offsetof(struct centre_activity_input, n)            \
	}
#define AINT(n, lo, hi, req)                                                   \
	{                                                                      \
		.name = #n, .type = AF_INT, .required = req, .min = lo,        \
		.max_int = hi,                                                 \
		.offset = offsetof(struct centre_activity_input, n)            \
	}

static const struct api_field activity_fields[] = {
    ATEXT(activity_date, true, 10),
    ATEXT(kind, true, 24),
    AINT(participants, 0, CENTRE_PARTICIPANTS_MAX, true),
    AINT(children_count, 0, CENTRE_PARTICIPANTS_MAX, false),
    ATEXT(note, false, CENTRE_NOTE_MAX),
    ATEXT(client_uuid, false, 36),
    {0},
};

static const struct api_field activity_patch_fields[] = {
    ATEXT(activity_date, false, 10),
    ATEXT(kind, false, 24),
    AINT(participants, 0, CENTRE_PARTICIPANTS_MAX, false),
    AINT(children_count, 0, CENTRE_PARTICIPANTS_MAX, false),
    ATEXT(note, false, CENTRE_NOTE_MAX),
    AINT(version, 1, INT64_MAX, true),
    {0},
};

const struct api_handler api_centre_activities = {
    .fn = activities_fn, .action = ACT_CENTRE_READ, .query = page_query};
const struct api_handler api_centre_activity_create = {
    .fn = activity_create_fn,
    .action = ACT_CENTRE_WRITE,
    .query = no_query,
    .fields = activity_fields,
    .input_size = sizeof(struct centre_activity_input)};
const struct api_handler api_centre_activity_patch = {
    .fn = activity_patch_fn,
    .action = ACT_CENTRE_WRITE,
    .query = no_query,
    .fields = activity_patch_fields,
    .input_size = sizeof(struct centre_activity_input)};
const struct api_handler api_centre_photo_upload = {
    .fn = photo_upload_fn, .action = ACT_CENTRE_WRITE, .query = no_query};
const struct api_handler api_centre_photo_get = {
    .fn = photo_get_fn, .action = ACT_CENTRE_READ, .query = no_query};
