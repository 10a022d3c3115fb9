#include "service/institution_service.h"

#include <stdio.h>
#include <string.h>

#include "domain/placement.h"
#include "domain/region.h"
#include "service/child_service.h"
#include "service/intervention_internal.h"
#include "store/region_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该机构 (no such institution)");
}

static void county_name(struct db *db, const char *code, char *out, size_t size)
{
	struct region r;

	out[0] = '\0';
	if (!store_region_get(db, code, &r))
		str_copy(out, size, r.name);
}

static int check_input(const struct institution_input *in, struct ga_error *err)
{
	struct date today = children_today();
	size_t nk;
	const struct placement_code *kinds = institution_kinds(&nk);
	int rc = iv_check_text("name", in->name, INSTITUTION_NAME_MAX, true,
			       false, err);

	if (!rc && placement_code_index(kinds, nk, in->kind) < 0)
		rc = iv_bad(err, "kind", "invalid_kind",
			    "机构类型应为 protection、welfare、"
			    "regional_welfare 或 other (kind must be "
			    "protection, welfare, regional_welfare or other)");
	if (!rc && in->transformed && strcmp(in->kind, "protection"))
		rc = iv_bad(err, "transformed", "not_protection",
			    "只有未成年人救助保护机构有转型状态 (only a "
			    "protection institution is transformed)");
	if (!rc)
		rc = iv_check_date("transformed_on", in->transformed_on, false,
				   today, NULL, err);
	if (!rc && in->transformed_on && in->transformed_on[0] &&
	    !in->transformed)
		rc = iv_bad(err, "transformed_on", "not_transformed",
			    "未转型的机构不能填写转型日期 (a transformation "
			    "date needs transformed = true)");
	if (!rc &&
	    (in->capacity < 0 || in->capacity > INSTITUTION_CAPACITY_MAX))
		rc = iv_bad(err, "capacity", "out_of_range",
			    "床位数应在 0 到 100000 之间 (capacity must be "
			    "0 to 100000)");
	if (!rc)
		rc = iv_check_text("address", in->address,
				   INSTITUTION_ADDRESS_MAX, false, false, err);
	if (!rc)
		rc = iv_check_text("phone", in->phone, INSTITUTION_PHONE_MAX,
				   false, false, err);
	if (!rc && in->phone && in->phone[0] && !iv_phone_ok(in->phone))
		rc = iv_bad(err, "phone", "invalid_phone",
			    "电话号码格式不正确，如 023-12345678 (phone must "
			    "be a number such as 023-12345678)");
	return rc;
}

static void fill(struct institution_row *r, const struct institution_input *in,
		 const struct principal *by)
{
	str_copy(r->name, sizeof(r->name), in->name);
	str_copy(r->kind, sizeof(r->kind), in->kind);
	r->transformed = in->transformed;
	str_copy(r->transformed_on, sizeof(r->transformed_on),
		 in->transformed_on ? in->transformed_on : "");
	r->capacity = in->capacity;
	str_copy(r->address, sizeof(r->address),
		 in->address ? in->address : "");
	str_copy(r->phone, sizeof(r->phone), in->phone ? in->phone : "");
	if (in->has_active)
		r->active = in->active;
	r->updated_by = by->account.id;
	clock_now_text(r->updated_at);
}

static int name_taken(struct ga_error *err)
{
	return ga_error_set(err, GA_ECONFLICT, "duplicate_name", "name",
			    "本区县已有同名机构 (the county has an institution "
			    "of that name)");
}

int institutions_create(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct institution_input *in,
			struct institution_view *out, struct ga_error *err)
{
	struct institution_row *r = &out->row;
	char county[13] = "", idt[24];
	int rc;

	memset(out, 0, sizeof(*out));
	if (in->county)
		str_copy(county, sizeof(county), in->county);
	else if (strlen(by->scope_prefix) == 6)
		snprintf(county, sizeof(county), "%.6s000000",
			 by->scope_prefix);
	rc = iv_check_county(db, "county", county, err);
	if (!rc && !region_in_scope(county, by->scope_prefix))
		rc = ga_error_set(err, GA_EINVAL, "out_of_scope", "county",
				  "只能登记本辖区的机构 (the county is outside "
				  "your area)");
	if (!rc)
		rc = check_input(in, err);
	if (rc)
		return rc;
	str_copy(r->county, sizeof(r->county), county);
	r->active = true;
	fill(r, in, by);
	r->created_by = by->account.id;
	str_copy(r->created_at, sizeof(r->created_at), r->updated_at);
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_institution_insert(db, r);
	if (rc == GA_ECONFLICT)
		name_taken(err);
	iv_id_text(r->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "institution.create",
				      "institution", idt, "ok");
	rc = iv_finish(db, rc);
	if (!rc)
		rc = institutions_get(db, by, r->id, out, err);
	return rc;
}

int institutions_update(struct db *db, const struct principal *by,
			const struct request_meta *m, int64_t id,
			const struct institution_input *in,
			struct institution_view *out, struct ga_error *err)
{
	struct institution_row *r = &out->row;
	char idt[24];
	int rc = check_input(in, err);

	memset(out, 0, sizeof(*out));
	if (!rc)
		rc = db_begin(db);
	if (rc)
		return rc;
	rc = store_institution_get(db, by->scope_prefix, id, r);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && in->county && strcmp(in->county, r->county))
		rc = iv_bad(err, "county", "county_fixed",
			    "机构所在区县不能修改 (an institution's county "
			    "cannot change)");
	if (!rc && r->version != in->version)
		rc = iv_stale(err, "机构", r->version);
	if (!rc) {
		fill(r, in, by);
		rc = store_institution_update(db, by->scope_prefix, r,
					      in->version);
		if (rc == GA_ECONFLICT)
			name_taken(err);
	}
	iv_id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "institution.update",
				      "institution", idt, "ok");
	rc = iv_finish(db, rc);
	if (!rc)
		rc = institutions_get(db, by, id, out, err);
	return rc;
}

int institutions_get(struct db *db, const struct principal *by, int64_t id,
		     struct institution_view *out, struct ga_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_institution_get(db, by->scope_prefix, id, &out->row);
	if (rc == GA_ENOTFOUND)
		return not_found(err);
	if (!rc)
		county_name(db, out->row.county, out->county_name,
			    sizeof(out->county_name));
	return rc;
}

struct list_ctx {
	struct db *db;
	int (*fn)(const struct institution_view *v, void *ctx);
	void *ctx;
};

static int each(const struct institution_row *r, void *data)
{
	struct list_ctx *l = data;
	struct institution_view v;

	v.row = *r;
	county_name(l->db, r->county, v.county_name, sizeof(v.county_name));
	return l->fn(&v, l->ctx);
}

int institutions_list(struct db *db, const struct principal *by,
		      bool with_regional, const char *kind,
		      int (*fn)(const struct institution_view *v, void *ctx),
		      void *ctx, struct ga_error *err)
{
	struct list_ctx l = {db, fn, ctx};
	size_t nk;
	const struct placement_code *kinds = institution_kinds(&nk);

	if (kind && placement_code_index(kinds, nk, kind) < 0)
		return iv_bad(err, "kind", "invalid_filter",
			      "机构类型无效 (unknown institution kind)");
	return store_institution_list(db, by->scope_prefix, with_regional, kind,
				      INSTITUTION_LIST_MAX, each, &l);
}
