/*
 * Home visits (走访, issue 5):
 * POST  /api/v1/children/{id}/visits        record a visit (visit.write)
 * GET   /api/v1/children/{id}/visits        a child's visits, newest first
 * GET   /api/v1/visits/{id}                 one visit with its photos
 * PATCH /api/v1/visits/{id}                 edit (7 days) or correct
 * GET   /api/v1/visits/{id}/revisions       the records an edit replaced
 * POST  /api/v1/visits/{id}/photos          add a photo (raw body)
 * GET   /api/v1/visits/{id}/photos/{photo}  a photo's bytes (visit.photo)
 *
 * A create answers 201 with the visit, or 200 with the stored one when its
 * client_uuid was seen with the same body. report_suggested tells the
 * client to offer the mandatory report (强制报告): harm was found.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/visit_json.h"
#include "service/account_service.h"
#include "util/strutil.h"
#include "util/banned.h"

static int add_photo_json(const struct visit_photo *p, void *data)
{
	json_array_append_new(data,
			      json_pack("{s:I, s:s, s:I, s:I, s:s}", "id",
					(json_int_t)p->id, "mime", p->mime,
					"size", (json_int_t)p->size,
					"created_by", (json_int_t)p->created_by,
					"created_at", p->created_at));
	return GA_OK;
}

/* the whole visit with its photos' descriptions */
static int reply_visit(struct api_ctx *c, struct db *db, int status,
		       const struct visit *v)
{
	json_t *o = visit_to_json(v), *photos = json_array();
	int rc = visits_photos(db, v->id, add_photo_json, photos);

	if (rc) {
		json_decref(o);
		json_decref(photos);
		return rc;
	}
	json_object_set_new(o, "photos", photos);
	api_reply(c, status, o);
	return GA_OK;
}

static int dossier_apply(struct child_record *rec, void *ctx,
			 struct ga_error *err)
{
	return visit_dossier_apply(ctx, rec, err);
}

static int create_fn(struct api_ctx *c)
{
	static __thread struct visit v;
	struct visit_extra x;
	struct visit_dossier dossier = {dossier_apply, NULL};
	char *canonical = NULL;
	bool replayed = false;
	int64_t child;
	struct db *db;
	int rc = api_param_id(c, "id", &child);

	visit_blank(&v);
	v.visitor_role = -1;
	if (!rc)
		rc = visit_from_json(c->body, true, &v, &x, &c->err);
	v.child_id = child;
	if (!rc)
		rc = api_db(c, &db);
	if (!rc && v.client_uuid[0])
		canonical = visit_canonical(c->body);
	dossier.ctx = x.dossier;
	if (!rc)
		rc = visits_create(db, &c->who, &c->meta, &v, canonical,
				   x.dossier ? &dossier : NULL, &replayed,
				   &c->err);
	if (canonical) {
		memset(canonical, 0, strlen(canonical));
		free(canonical);
	}
	if (!rc)
		rc = reply_visit(c, db, replayed ? 200 : 201, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

struct rows_ctx {
	struct db *db;
	json_t *items;
};

/* a row with the visitor's name (the list showed an account id) */
static int add_row(const struct visit *v, void *data)
{
	struct rows_ctx *r = data;
	json_t *o = visit_row_json(v);
	char name[128];
	int rc = accounts_worker_name(r->db, v->created_by, name, sizeof(name));

	json_object_set_new(o, "created_by_name", json_string(name));
	json_array_append_new(r->items, o);
	return rc;
}

static int list_fn(struct api_ctx *c)
{
	struct rows_ctx r = {NULL, NULL};
	int64_t child;
	int rc = api_param_id(c, "id", &child);

	if (!rc)
		rc = api_db(c, &r.db);
	if (rc)
		return rc;
	r.items = json_array();
	rc = visits_list(r.db, &c->who, child, add_row, &r, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", r.items));
	json_decref(r.items);
	return rc;
}

static int get_fn(struct api_ctx *c)
{
	static __thread struct visit v;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = visits_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		rc = reply_visit(c, db, 200, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

static int patch_fn(struct api_ctx *c)
{
	static __thread struct visit v;
	struct visit_extra x;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = visits_get(db, &c->who, id, &v, &c->err);
	if (!rc)
		rc = visit_from_json(c->body, false, &v, &x, &c->err);
	if (!rc)
		rc =
		    visits_update(db, &c->who, &c->meta, &v, x.reason, &c->err);
	if (!rc)
		rc = reply_visit(c, db, 200, &v);
	memset(&v, 0, sizeof(v));
	return rc;
}

static int add_revision(const struct visit_revision *r, void *data)
{
	json_array_append_new(
	    data, json_pack("{s:I, s:I, s:s, s:s, s:o}", "version",
			    (json_int_t)r->version, "changed_by",
			    (json_int_t)r->changed_by, "changed_at",
			    r->changed_at, "reason", r->reason, "previous",
			    visit_to_json(r->previous)));
	return GA_OK;
}

static int revisions_fn(struct api_ctx *c)
{
	json_t *items;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	items = json_array();
	rc = visits_revisions(db, &c->who, id, add_revision, items, &c->err);
	if (!rc)
		api_reply(c, 200, json_pack("{s:O}", "items", items));
	json_decref(items);
	return rc;
}

static int photo_add_fn(struct api_ctx *c)
{
	struct visit_photo p;
	int64_t id;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_db(c, &db);
	if (!rc)
		rc = visits_photo_add(db, &c->who, &c->meta, id, c->req->body,
				      c->req->body_len, &p, &c->err);
	if (!rc)
		api_reply(c, 201,
			  json_pack("{s:I, s:s, s:I}", "id", (json_int_t)p.id,
				    "mime", p.mime, "size",
				    (json_int_t)p.size));
	return rc;
}

static int photo_get_fn(struct api_ctx *c)
{
	const char *mime = NULL;
	struct buf bytes;
	int64_t id, photo;
	struct db *db;
	int rc = api_param_id(c, "id", &id);

	if (!rc)
		rc = api_param_id(c, "photo", &photo);
	if (!rc)
		rc = api_db(c, &db);
	if (rc)
		return rc;
	buf_init(&bytes, VISIT_PHOTO_MAX + 1);
	rc = visits_photo_get(db, &c->who, &c->meta, id, photo, &bytes, &mime,
			      &c->err);
	if (!rc) {
		api_reply_raw(c, 200, mime, bytes.ptr, bytes.len);
		http_set_header(c->resp, "Cache-Control", "no-store");
	}
	buf_wipe(&bytes);
	return rc;
}

static const char *const no_query[] = {NULL};

const struct api_handler api_visits_create = {
    .fn = create_fn, .action = ACT_VISIT_WRITE, .query = no_query};
const struct api_handler api_visits_list = {
    .fn = list_fn, .action = ACT_VISIT_READ, .query = no_query};
const struct api_handler api_visits_get = {
    .fn = get_fn, .action = ACT_VISIT_READ, .query = no_query};
const struct api_handler api_visits_patch = {
    .fn = patch_fn, .action = ACT_VISIT_WRITE, .query = no_query};
const struct api_handler api_visits_revisions = {
    .fn = revisions_fn, .action = ACT_VISIT_READ, .query = no_query};
const struct api_handler api_visits_photo_add = {
    .fn = photo_add_fn, .action = ACT_VISIT_WRITE, .query = no_query};
const struct api_handler api_visits_photo_get = {
    .fn = photo_get_fn, .action = ACT_VISIT_PHOTO, .query = no_query};
