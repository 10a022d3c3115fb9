/* Reading the registry: the list with its filters, and a dossier's change
 * history (split from child_service.c). */
#include "service/child_service.h"
#include "service/child_internal.h"

#include <string.h>

#include "crypto/secret.h"
#include "domain/region.h"
#include "service/child_seal.h"
#include "util/banned.h"

struct list_ctx {
	struct child_query *q;
	int (*fn)(const struct child_record *r, void *ctx);
	void *ctx;
	int64_t last;
	int n;
};

static bool contains(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static int list_one(const struct child_record *r, void *data)
{
	static __thread struct child_record plain;
	struct list_ctx *l = data;

	l->last = r->id;
	l->n++;
	if (l->q->ids_only && !l->q->name && !l->q->id_number)
		return l->fn(r, l->ctx);
	plain = *r;
	plain.nfamily = 0;
	if (child_open(&plain))
		return GA_OK; /* a value that does not open is not shown */
	if (l->q->name && !contains(plain.name, l->q->name))
		return GA_OK;
	if (l->q->id_number && strcmp(plain.id_number, l->q->id_number))
		return GA_OK;
	return l->fn(&plain, l->ctx);
}

int children_list(struct db *db, const struct principal *by,
		  struct child_query *q, int64_t *next,
		  int (*fn)(const struct child_record *r, void *ctx), void *ctx,
		  struct ga_error *err)
{
	struct list_ctx l = {q, fn, ctx, 0, 0};
	char bucket[8];
	int rc;

	q->filter.scope_prefix = by->scope_prefix;
	if (q->filter.region &&
	    !region_in_scope(q->filter.region, by->scope_prefix) &&
	    !region_in_scope(by->scope_prefix, q->filter.region))
		return ga_error_set(err, GA_ENOTFOUND, "not_found", "region",
				    "未找到该区划 (no such division in your "
				    "area)");
	if (q->id_number) {
		child_index_of(q->id_number, bucket);
		q->filter.id_index = bucket;
	}
	rc = store_child_list(db, &q->filter, list_one, &l);
	*next = l.n == q->filter.limit ? l.last : 0;
	return rc;
}

struct history_ctx {
	const char *id;
	int (*fn)(const struct child_change *c, void *ctx);
	void *ctx;
};

static int history_one(const struct child_change_row *row, void *data)
{
	struct history_ctx *h = data;
	struct child_change c = {row->version, row->changed_at, row->changed_by,
				 NULL};
	struct buf plain;
	int rc;

	buf_init(&plain, 256 * 1024);
	rc =
	    secret_open("child_change", "changes", h->id, row->changes, &plain);
	c.changes = rc ? "" : plain.ptr;
	rc = h->fn(&c, h->ctx);
	buf_wipe(&plain);
	return rc;
}

int children_history(struct db *db, const struct principal *by, int64_t id,
		     const struct request_meta *m,
		     int (*fn)(const struct child_change *c, void *ctx),
		     void *ctx, struct ga_error *err)
{
	static __thread struct child_record r;
	struct history_ctx h = {NULL, fn, ctx};
	char idt[24];
	int rc = store_child_get(db, by->scope_prefix, id, &r);

	if (rc == GA_ENOTFOUND)
		return child_not_found(err);
	if (rc)
		return rc;
	child_id_text(id, idt);
	h.id = idt;
	rc = store_child_changes(db, by->scope_prefix, id, history_one, &h);
	if (!rc)
		rc = auth_audit(db, by, m, "child.history", "child", idt, "ok");
	return rc;
}
