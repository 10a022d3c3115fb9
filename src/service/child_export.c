#include "service/child_export.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/idcard.h"
#include "domain/region.h"
#include "store/account_repo.h"
#include "store/region_repo.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define PAGE_ROWS 500

void child_export_query_init(struct child_export_query *x,
			     enum ledger_format format)
{
	memset(x, 0, sizeof(*x));
	x->format = format;
	x->q.filter.archived = 0;
	x->age_min = -1;
	x->age_max = -1;
}

/* ---- filters: the names and checks of GET /api/v1/children ---- */

static int bad(struct ga_error *err, const char *field)
{
	return ga_error_set(err, GA_EINVAL, "invalid_filter", field,
			    "筛选条件 %s 无效 (invalid filter %s)", field,
			    field);
}

static bool is_category(const char *s)
{
	for (unsigned b = 1; b <= CAT_PARENT_DETAINED; b <<= 1)
		if (!strcmp(s, category_id(b)))
			return true;
	return false;
}

static bool is_key_flag(const char *s)
{
	for (unsigned b = 1; b <= KEY_LIVING_ALONE; b <<= 1)
		if (!strcmp(s, key_flag_id(b)))
			return true;
	return false;
}

int child_export_filter(struct child_export_query *x, const char *key,
			const char *s, struct ga_error *err)
{
	struct child_filter *f = &x->q.filter;

	if (!strcmp(key, "region")) {
		size_t n = strlen(s);

		if (!region_code_valid(s, n))
			return bad(err, key);
		/* the division's own digits: its whole subtree */
		n = region_level_prefix_len(region_code_level(s));
		memcpy(x->region_prefix, s, n);
		x->region_prefix[n] = '\0';
		str_copy(x->region, sizeof(x->region), s);
		f->region = x->region_prefix;
	} else if (!strcmp(key, "category")) {
		if (!is_category(s))
			return bad(err, key);
		f->category = s;
	} else if (!strcmp(key, "key_flag")) {
		if (!is_key_flag(s))
			return bad(err, key);
		f->key_flag = s;
	} else if (!strcmp(key, "school_status")) {
		if (school_status_from(s) < 0)
			return bad(err, key);
		f->school_status = s;
	} else if (!strcmp(key, "guardianship_level")) {
		if (guardianship_level_from(s) < 0)
			return bad(err, key);
		f->guardianship_level = s;
	} else if (!strcmp(key, "age_min")) {
		if (parse_int64(s, 0, 18, &x->age_min))
			return bad(err, key);
	} else if (!strcmp(key, "age_max")) {
		if (parse_int64(s, 0, 18, &x->age_max))
			return bad(err, key);
	} else if (!strcmp(key, "name")) {
		if (!*s || strlen(s) > CHILD_NAME_MAX)
			return bad(err, key);
		x->q.name = s;
	} else if (!strcmp(key, "archived")) {
		if (!strcmp(s, "0"))
			f->archived = 0;
		else if (!strcmp(s, "1"))
			f->archived = 1;
		else if (!strcmp(s, "all"))
			f->archived = -1;
		else
			return bad(err, key);
	} else if (!strcmp(key, "unmask")) {
		if (strcmp(s, "0") && strcmp(s, "1"))
			return ga_error_set(err, GA_EINVAL, "invalid_value",
					    "unmask",
					    "unmask 应为 0 或 1 "
					    "(unmask must be 0 or 1)");
		x->unmask = !strcmp(s, "1");
	} else {
		return ga_error_set(err, GA_EINVAL, "unknown_parameter", key,
				    "不接受的筛选条件 %s (unknown filter %s)",
				    key, key);
	}
	return GA_OK;
}

/* birth dates that make the age lie in [min, max] on today */
static void age_bounds(struct child_export_query *x, struct date today)
{
	int64_t min = x->age_min < 0 ? 0 : x->age_min;
	int64_t max = x->age_max < 0 ? 18 : x->age_max;
	struct date to = date_add_years(today, -(int)min);
	/* born after the day the child turns max + 1 */
	struct date from = date_add_years(today, -(int)max - 1);

	from.d++;
	if (!date_valid(from))
		from = date_add_months((struct date){from.y, from.m, 1}, 1);
	date_format(to, x->birth_to);
	date_format(from, x->birth_from);
	x->q.filter.birth_from = x->birth_from;
	x->q.filter.birth_to = x->birth_to;
}

/* ---- village names, looked up once per export ---- */

struct name_slot {
	char code[13];
	char *name; /* NULL: free slot */
};

struct name_cache {
	struct name_slot *slot;
	size_t cap, n; /* cap a power of two */
};

static size_t code_hash(const char *code)
{
	size_t h = 14695981039346656037ULL;

	for (; *code; code++)
		h = (h ^ (unsigned char)*code) * 1099511628211ULL;
	return h;
}

static struct name_slot *cache_find(struct name_cache *c, const char *code)
{
	size_t i = code_hash(code) & (c->cap - 1);

	while (c->slot[i].name && strcmp(c->slot[i].code, code))
		i = (i + 1) & (c->cap - 1);
	return &c->slot[i];
}

static void cache_grow(struct name_cache *c)
{
	struct name_cache old = *c;

	c->cap = old.cap ? old.cap * 2 : 256;
	c->slot = xcalloc(c->cap, sizeof(*c->slot));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].name)
			*cache_find(c, old.slot[i].code) = old.slot[i];
	free(old.slot);
}

static void cache_release(struct name_cache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slot[i].name);
	free(c->slot);
	memset(c, 0, sizeof(*c));
}

/* the village's name, "" when the registry does not know the code */
static int village_name(struct db *db, struct name_cache *c, const char *code,
			const char **out)
{
	struct name_slot *s;
	struct region r;
	int rc;

	if ((c->n + 1) * 2 > c->cap)
		cache_grow(c);
	s = cache_find(c, code);
	if (!s->name) {
		rc = store_region_get(db, code, &r);
		if (rc && rc != GA_ENOTFOUND)
			return rc;
		str_copy(s->code, sizeof(s->code), code);
		s->name = xstrdup(rc ? "" : r.name);
		c->n++;
	}
	*out = s->name;
	return GA_OK;
}

/* ---- masking ---- */

static void mask_id(char *id, size_t size)
{
	char m[19];

	if (!id[0])
		return;
	idcard_mask(id, m);
	str_copy(id, size, m);
}

static void mask_phone(char *p)
{
	size_t n = strlen(p);

	for (size_t i = 3; n >= 7 && i < n - 4; i++)
		p[i] = '*';
	if (n < 7)
		memset(p, '*', n);
}

static void mask_record(struct child_record *r)
{
	mask_id(r->id_number, sizeof(r->id_number));
	for (int i = 0; i < r->nfamily && i < CHILD_FAMILY_MAX; i++) {
		mask_id(r->family[i].id_number, sizeof(r->family[i].id_number));
		mask_phone(r->family[i].phone);
	}
	mask_id(r->guardian.id_number, sizeof(r->guardian.id_number));
	mask_phone(r->guardian.phone);
}

/* ---- the walk ---- */

struct export_run {
	struct db *db;
	const struct principal *by;
	struct child_export_query *x;
	struct date today;
	struct ledger_writer *w;
	struct name_cache names;
	struct child_view *view; /* one child at a time */
	struct ledger_cells cells;
	long rows, max;
	int64_t *ids; /* every match, in id order */
	size_t nids, alloc;
};

static int too_many(struct export_run *e, struct ga_error *err)
{
	return ga_error_set(err, GA_ETOOBIG, "too_many_rows", "",
			    "导出超过 %ld 行，请缩小筛选范围（如按村、类别"
			    "筛选）后分批导出 (more than %ld rows: narrow "
			    "the filter, e.g. by region or category)",
			    e->max, e->max);
}

/* one match of the list; past the cap, stop before reading any dossier */
static int collect(const struct child_record *r, void *data)
{
	struct export_run *e = data;

	if (e->nids >= (size_t)e->max)
		return GA_ETOOBIG;
	if (e->nids == e->alloc) {
		e->alloc = e->alloc ? e->alloc * 2 : 1024;
		e->ids = xrealloc(e->ids, st_mult(e->alloc, sizeof(*e->ids)));
	}
	e->ids[e->nids++] = r->id;
	return GA_OK;
}

static int export_one(struct export_run *e, int64_t id, struct ga_error *err)
{
	struct child_record *r = &e->view->rec;
	const char *village = "";
	int rc = children_get(e->db, e->by, id, e->today, e->view, err);

	if (rc == GA_ENOTFOUND) {
		/* archived, moved or deleted since the page was read */
		ga_error_clear(err);
		return GA_OK;
	}
	if (!rc)
		e->rows++;
	if (!rc && !e->x->unmask)
		mask_record(r);
	if (!rc)
		rc = village_name(e->db, &e->names, r->region, &village);
	if (!rc) {
		ledger_cells_of(r, e->rows, village, &e->cells);
		rc = ledger_writer_row(e->w, &e->cells);
	}
	return rc;
}

static int walk(struct export_run *e, struct ga_error *err)
{
	int64_t next = 0;
	int rc;

	/* every matching id first, so that an export past the cap is
	 * refused before any dossier is read, then each dossier */
	e->x->q.filter.limit = PAGE_ROWS;
	e->x->q.filter.after_id = 0;
	e->x->q.ids_only = true;
	do {
		rc = children_list(e->db, e->by, &e->x->q, &next, collect, e,
				   err);
		e->x->q.filter.after_id = next;
	} while (!rc && next);
	if (rc == GA_ETOOBIG)
		return too_many(e, err);
	for (size_t i = 0; !rc && i < e->nids; i++)
		rc = export_one(e, e->ids[i], err);
	if (!rc)
		rc = ledger_writer_finish(e->w);
	return rc;
}

static int check_access(const struct principal *by,
			const struct child_export_query *x,
			struct ga_error *err)
{
	if (!role_may(by->account.role, ACT_CHILD_READ))
		return ga_error_set(err, GA_EFORBIDDEN, "forbidden", "",
				    "无权导出儿童台账 (you may not export "
				    "the ledger)");
	if (x->unmask && !role_may(by->account.role, ACT_CHILD_UNMASK))
		return ga_error_set(err, GA_EFORBIDDEN, "forbidden", "unmask",
				    "无权查看完整身份信息 (you may not see "
				    "full identity numbers)");
	return GA_OK;
}

static int audit(struct export_run *e, const struct request_meta *m, int rc)
{
	const char *what =
	    e->x->region[0] ? e->x->region : e->by->account.scope;
	char outcome[48];
	int arc;

	if (rc && rc != GA_ETOOBIG)
		return rc;
	if (rc) {
		/* a refused export is on record too; the refusal stands */
		auth_audit(e->db, e->by, m, "child.export", "region", what,
			   "failed:too_many_rows");
		return rc;
	}
	snprintf(outcome, sizeof(outcome), "ok:%ld", e->rows);
	arc = auth_audit(e->db, e->by, m, "child.export", "region", what,
			 outcome);
	if (!arc && e->x->unmask)
		arc = auth_audit(e->db, e->by, m, "child.export_unmask",
				 "region", what, outcome);
	return arc;
}

int children_export(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_export_query *x,
		    struct date today, struct buf *out, long *rows,
		    struct ga_error *err)
{
	struct export_run e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.db = db;
	e.by = by;
	e.x = x;
	e.today = today;
	e.max = x->max_rows > 0 ? x->max_rows : CHILD_EXPORT_ROWS_MAX;
	*rows = 0;
	rc = check_access(by, x, err);
	if (rc)
		goto out;
	if (x->age_min >= 0 || x->age_max >= 0)
		age_bounds(x, today);
	e.view = xmalloc(sizeof(*e.view));
	rc = ledger_writer_new(x->format, out, &e.w, err);
	if (!rc)
		rc = walk(&e, err);
	if (rc == GA_ETOOBIG && !err->code[0])
		rc = ga_error_set(err, GA_ETOOBIG, "too_many_rows", "",
				  "导出文件过大，请缩小筛选范围后分批导出 "
				  "(the export is too large: narrow the "
				  "filter)");
	rc = audit(&e, m, rc);
	if (!rc)
		*rows = e.rows;
out:
	if (rc)
		buf_reset(out);
	ledger_writer_free(e.w);
	cache_release(&e.names);
	free(e.ids);
	if (e.view)
		explicit_bzero(e.view, sizeof(*e.view)); /* plain identities */
	free(e.view);
	return rc;
}

int child_export_principal(struct db *db, const char *username,
			   struct principal *out, struct ga_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_account_by_username(db, username, &out->account);
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "not_found", "as",
				    "没有该账号 (no such account)");
	if (rc)
		return rc;
	if (out->account.disabled)
		return ga_error_set(err, GA_EFORBIDDEN, "account_disabled",
				    "as", "该账号已停用 (account disabled)");
	out->authenticated = true;
	principal_set_scope(out);
	return GA_OK;
}
