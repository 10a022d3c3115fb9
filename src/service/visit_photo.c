/*
 * Photos of a visit (visits_photo_add, visits_photo_get): the type is
 * decided by the bytes, never by the name or the Content-Type; each photo
 * is sealed bound to its row like every identifying field, since it shows
 * the child; reading one is audited.
 */
#include "service/visit_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secret.h"
#include "io/image.h"
#include "service/visit_codec.h"
#include "store/visit_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int check_bytes(const void *data, size_t len, const char **mime,
		       struct ga_error *err)
{
	if (!len)
		return ga_error_set(err, GA_EINVAL, "empty_body", "",
				    "请上传照片文件 (the photo is empty)");
	if (len > VISIT_PHOTO_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_large", "",
				    "照片不能超过 %zu MB (a photo may have at "
				    "most %zu MB)",
				    VISIT_PHOTO_MAX >> 20,
				    VISIT_PHOTO_MAX >> 20);
	*mime = image_sniff(data, len);
	if (!*mime)
		return ga_error_set(err, GA_EUNSUPPORTED, "not_an_image", "",
				    "只接受 JPEG、PNG 或 WebP 格式的照片 (only "
				    "JPEG, PNG or WebP images are accepted)");
	return GA_OK;
}

static int add_write(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const void *data,
		     size_t len, const char *mime, struct visit_photo *out,
		     struct ga_error *err)
{
	static __thread struct visit_row v;
	struct visit_photo_row p;
	struct buf box;
	char idt[24];
	int64_t n = 0;
	int rc = store_visit_get(db, by->scope_prefix, id, &v);

	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "not_found", "",
				    "未找到该走访记录 (no such visit)");
	if (!rc)
		/* after the 7 days a supervisor may still add one: the
		 * photo itself is the correction, no text replaced */
		rc = visit_check_edit(by, v.created_at, "photo", err);
	if (!rc)
		rc = store_visit_photo_count(db, id, &n);
	if (!rc && n >= VISIT_PHOTOS_MAX)
		rc = ga_error_set(err, GA_ECONFLICT, "too_many_photos", "",
				  "每次走访最多 %d 张照片 (at most %d photos "
				  "per visit)",
				  VISIT_PHOTOS_MAX, VISIT_PHOTOS_MAX);
	if (rc)
		return rc;
	memset(&p, 0, sizeof(p));
	p.visit_id = id;
	str_copy(p.region, sizeof(p.region), v.region);
	str_copy(p.mime, sizeof(p.mime), mime);
	p.size = (int64_t)len;
	p.created_by = by->account.id;
	clock_now_text(p.created_at);
	rc = store_visit_photo_insert(db, &p);
	id_text(p.id, idt);
	buf_init(&box, VISIT_PHOTO_MAX / 3 * 4 + 1024);
	if (!rc)
		rc = secret_seal("visit_photo", "data", idt, data, len, &box);
	if (!rc)
		rc = store_visit_photo_seal(db, p.id, box.ptr);
	buf_release(&box);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "visit.photo.add",
				      "visit_photo", idt, "ok");
	if (!rc) {
		out->id = p.id;
		out->mime = mime;
		out->size = p.size;
		out->created_by = p.created_by;
		out->created_at = "";
	}
	memset(&v, 0, sizeof(v));
	return rc;
}

int visits_photo_add(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const void *data,
		     size_t len, struct visit_photo *out, struct ga_error *err)
{
	const char *mime = NULL;
	int rc = check_bytes(data, len, &mime, err);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (!rc)
		rc = add_write(db, by, m, id, data, len, mime, out, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

struct photos_ctx {
	int (*fn)(const struct visit_photo *p, void *ctx);
	void *ctx;
};

static int photo_one(const struct visit_photo_row *r, void *data)
{
	struct photos_ctx *x = data;
	struct visit_photo p = {r->id, r->mime, r->size, r->created_by,
				r->created_at};

	return x->fn(&p, x->ctx);
}

int visits_photos(struct db *db, int64_t id,
		  int (*fn)(const struct visit_photo *p, void *ctx), void *ctx)
{
	struct photos_ctx x = {fn, ctx};

	return store_visit_photos(db, id, photo_one, &x);
}

/* the static string of a stored type */
static const char *known_mime(const char *m)
{
	static const char *const types[] = {"image/jpeg", "image/png",
					    "image/webp"};

	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (!strcmp(m, types[i]))
			return types[i];
	return "application/octet-stream";
}

int visits_photo_get(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t photo,
		     struct buf *bytes, const char **mime, struct ga_error *err)
{
	struct visit_photo_row p;
	char *sealed = NULL, idt[24];
	int rc =
	    store_visit_photo_get(db, by->scope_prefix, id, photo, &p, &sealed);

	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "未找到该照片 (no such photo)");
	id_text(photo, idt);
	if (!rc)
		rc = secret_open("visit_photo", "data", idt, sealed, bytes);
	if (!rc)
		*mime = known_mime(p.mime);
	if (!rc)
		rc = auth_audit(db, by, m, "visit.photo.read", "visit_photo",
				idt, "ok");
	free(sealed);
	return rc;
}
