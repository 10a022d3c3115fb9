#include "service/child_service.h"
#include "service/child_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/secret.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "service/child_duplicates.h"
#include "service/child_seal.h"
#include "service/referral_service.h"
#include "service/child_validate.h"
#include "service/idempotency.h"
#include "store/region_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

struct date children_today(void)
{
	time_t t = clock_now() + 8 * 3600; /* Asia/Shanghai: UTC+8 all year */
	struct tm tm;
	struct date d = {0, 0, 0};

	if (gmtime_r(&t, &tm)) {
		d.y = tm.tm_year + 1900;
		d.m = tm.tm_mon + 1;
		d.d = tm.tm_mday;
	}
	return d;
}

void child_id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static void derive(struct child_record *r, struct date today,
		   struct derivation *d)
{
	struct child_facts f;

	child_record_facts(r, &f);
	child_derive(&f, today, d);
	r->categories = d->categories;
	r->key_flags = d->key_flags;
}

struct dup_ctx {
	const char *id_number;
	int64_t self;
	int64_t found;
	char region[13];
};

static int dup_check(const struct child_record *cand, void *data)
{
	struct dup_ctx *d = data;
	struct child_record *c;
	static __thread struct child_record copy;

	if (cand->id == d->self || !cand->id_number[0])
		return GA_OK;
	copy = *cand;
	c = &copy;
	c->nfamily = 0;
	if (child_open(c))
		return GA_OK;
	if (!strcmp(c->id_number, d->id_number)) {
		d->found = c->id;
		str_copy(d->region, sizeof(d->region), c->region);
	}
	return GA_OK;
}

/* The same ID number anywhere in the system is refused. */
static int check_duplicate(struct db *db, const struct principal *by,
			   const struct child_record *r, struct ga_error *err)
{
	struct dup_ctx d = {r->id_number, r->id, 0, ""};
	char bucket[8];
	int rc;

	if (r->no_hukou || !r->id_number[0])
		return GA_OK;
	child_index_of(r->id_number, bucket);
	rc = store_child_lock_bucket(db, bucket);
	if (!rc)
		rc = store_child_by_index(db, bucket, dup_check, &d);
	if (rc || !d.found)
		return rc;
	/* point at it only as far as the caller's scope allows */
	if (region_in_scope(d.region, by->scope_prefix))
		return ga_error_set(err, GA_ECONFLICT, "duplicate_id_number",
				    "id_number",
				    "该身份证号已登记，档案编号 %" PRId64
				    " (this ID number is already registered: "
				    "child %" PRId64 ")",
				    d.found, d.found);
	return ga_error_set(
	    err, GA_ECONFLICT, "duplicate_id_number", "id_number",
	    "该身份证号已在您辖区以外登记（区县代码 %.6s），请联系其所在地 "
	    "(this ID number is registered outside your area, in county "
	    "%.6s)",
	    d.region, d.region);
}

/* Validate, check for duplicates, derive and stamp a new dossier. */
static int create_prepare(struct db *db, const struct principal *by,
			  struct child_record *in, struct date today,
			  struct child_view *out, struct ga_error *err)
{
	int rc = child_validate(db, by, in, today, err);

	if (rc)
		return rc;
	rc = check_duplicate(db, by, in, err);
	if (rc)
		return rc;
	derive(in, today, &out->derived);
	if (!in->no_hukou)
		child_index_of(in->id_number, in->id_index);
	clock_now_text(in->created_at);
	str_copy(in->updated_at, sizeof(in->updated_at), in->created_at);
	in->created_by = in->updated_by = by->account.id;
	in->version = 1;
	return GA_OK;
}

/* The writes of a prepared dossier, inside the caller's transaction. */
static int create_write(struct db *db, const struct principal *by,
			const struct request_meta *m, struct child_record *in,
			struct child_view *out)
{
	struct child_record *sealed = &out->rec;
	char idt[24];
	int added = 0;
	int rc;

	/* insert bare, then seal with the row id that binds the ciphertext */
	*sealed = *in;
	memset(sealed->name, 0, sizeof(sealed->name));
	sealed->id_number[0] = sealed->no_hukou_reason[0] = '\0';
	sealed->address[0] = sealed->illness[0] = sealed->notes[0] = '\0';
	sealed->guardian_sealed[0] = '\0';
	for (int i = 0; i < sealed->nfamily; i++) {
		sealed->family[i].name[0] = '\0';
		sealed->family[i].id_number[0] = '\0';
		sealed->family[i].phone[0] = '\0';
	}
	rc = store_child_insert(db, sealed);
	if (!rc) {
		int64_t id = sealed->id;

		*sealed = *in;
		sealed->id = id;
		in->id = id;
		rc = child_seal(sealed);
	}
	if (!rc)
		rc = store_child_rewrite(db, sealed);
	child_id_text(in->id, idt);
	/* the history starts with the registration itself */
	if (!rc) {
		struct buf box;

		buf_init(&box, 4096);
		rc = secret_seal("child_change", "changes", idt,
				 "created\x1f\x1f"
				 "1\x1e",
				 11, &box);
		if (!rc)
			rc = store_child_change_insert(
			    db, in->id, 1, in->region, in->created_at,
			    by->account.id, box.ptr);
		buf_release(&box);
	}
	if (!rc)
		rc = child_duplicates_detect(db, in, in->created_at);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "child.create", "child", idt,
				      "ok");
	/* no household registration: the police referral, once (issue 6) */
	if (!rc)
		rc = referral_auto_hukou_in_tx(db, by, m, in, children_today(),
					       &added);
	return rc;
}

int children_create(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_record *in,
		    struct date today, struct child_view *out,
		    struct ga_error *err)
{
	/* the duplicate check runs inside the transaction, under the lock of
	 * the ID number's bucket, so two registrations cannot both pass it */
	int rc = db_begin(db);

	if (!rc)
		rc = create_prepare(db, by, in, today, out, err);
	if (!rc)
		rc = create_write(db, by, m, in, out);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	out->rec = *in;
	return GA_OK;
}

int children_create_in_tx(struct db *db, const struct principal *by,
			  const struct request_meta *m, struct child_record *in,
			  struct date today, struct child_view *out,
			  struct ga_error *err)
{
	int rc = create_prepare(db, by, in, today, out, err);

	if (!rc)
		rc = create_write(db, by, m, in, out);
	if (!rc)
		out->rec = *in;
	return rc;
}

int children_check(struct db *db, const struct principal *by,
		   struct child_record *in, struct date today,
		   struct ga_error *err)
{
	int rc = child_validate(db, by, in, today, err);

	if (!rc)
		rc = check_duplicate(db, by, in, err);
	return rc;
}

int child_not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该儿童档案 (no such child)");
}

int children_get(struct db *db, const struct principal *by, int64_t id,
		 struct date today, struct child_view *out,
		 struct ga_error *err)
{
	int rc = store_child_get(db, by->scope_prefix, id, &out->rec);

	if (rc == GA_ENOTFOUND)
		return child_not_found(err);
	if (!rc)
		rc = child_open(&out->rec);
	if (!rc)
		derive(&out->rec, today, &out->derived);
	return rc;
}

static void diff_text(struct buf *b, const char *field, const char *a,
		      const char *z)
{
	if (!strcmp(a, z))
		return;
	buf_addf(b, "%s\x1f%s\x1f%s\x1e", field, a, z);
}

static void diff_int(struct buf *b, const char *field, long a, long z)
{
	char x[24], y[24];

	snprintf(x, sizeof(x), "%ld", a);
	snprintf(y, sizeof(y), "%ld", z);
	diff_text(b, field, x, y);
}

static void ids_of(unsigned bits, bool flags, char *out, size_t size)
{
	struct buf b;

	buf_init(&b, size - 1);
	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1)
		if (bits & bit) {
			if (b.len)
				buf_addch(&b, ' ');
			buf_adds(&b, flags ? key_flag_id((enum key_flag)bit)
					   : category_id((enum category)bit));
		}
	str_copy(out, size, b.ptr);
	buf_release(&b);
}

static void diff_ids(struct buf *b, const char *field, unsigned a, unsigned z,
		     bool flags)
{
	char x[200], y[200];

	ids_of(a, flags, x, sizeof(x));
	ids_of(z, flags, y, sizeof(y));
	diff_text(b, field, x, y);
}

static void diff_aid(struct buf *b, unsigned a, unsigned z)
{
	char x[200] = "", y[200] = "";
	size_t nx = 0, ny = 0;

	for (unsigned bit = 1; bit <= AID_UNSUPPORTED; bit <<= 1) {
		if (a & bit)
			nx += (size_t)snprintf(
			    x + nx, sizeof(x) - nx, "%s%s", nx ? " " : "",
			    assistance_id((enum assistance)bit));
		if (z & bit)
			ny += (size_t)snprintf(
			    y + ny, sizeof(y) - ny, "%s%s", ny ? " " : "",
			    assistance_id((enum assistance)bit));
	}
	diff_text(b, "assistance", x, y);
}

/* field-by-field differences of two plain records */
static void diff(const struct child_record *a, const struct child_record *z,
		 struct buf *b)
{
	char name[40];

	diff_text(b, "region", a->region, z->region);
	diff_text(b, "name", a->name, z->name);
	diff_text(b, "id_number", a->id_number, z->id_number);
	diff_int(b, "no_hukou", a->no_hukou, z->no_hukou);
	diff_text(b, "no_hukou_reason", a->no_hukou_reason, z->no_hukou_reason);
	diff_text(b, "sex", a->sex == SEX_FEMALE ? "female" : "male",
		  z->sex == SEX_FEMALE ? "female" : "male");
	diff_text(b, "birth_date", a->birth_date, z->birth_date);
	diff_text(b, "ethnicity", a->ethnicity, z->ethnicity);
	diff_text(b, "hukou_place", a->hukou_place, z->hukou_place);
	diff_int(b, "rural_hukou", a->rural_hukou, z->rural_hukou);
	diff_text(b, "address", a->address, z->address);
	diff_text(b, "school_status", school_status_id(a->school),
		  school_status_id(z->school));
	diff_text(b, "school_since", a->school_since, z->school_since);
	diff_int(b, "boarding", a->boarding, z->boarding);
	diff_text(b, "school_name", a->school_name, z->school_name);
	diff_text(b, "grade", a->grade, z->grade);
	diff_text(b, "health", health_id(a->health), health_id(z->health));
	diff_text(b, "illness", a->illness, z->illness);
	diff_int(b, "serious_illness", a->serious_illness, z->serious_illness);
	diff_text(b, "disability_category", a->disability_category,
		  z->disability_category);
	diff_int(b, "disability_grade", a->disability_grade,
		 z->disability_grade);
	diff_aid(b, a->assistance, z->assistance);
	diff_int(b, "economic_hardship", a->economic_hardship,
		 z->economic_hardship);
	diff_text(b, "guardian", guardian_type_id(a->guardian.type),
		  guardian_type_id(z->guardian.type));
	diff_text(b, "guardian.name", a->guardian.name, z->guardian.name);
	diff_text(b, "guardian.id_number", a->guardian.id_number,
		  z->guardian.id_number);
	diff_text(b, "guardian.phone", a->guardian.phone, z->guardian.phone);
	diff_text(b, "guardian.relation", a->guardian.relation,
		  z->guardian.relation);
	diff_text(b, "guardian.address", a->guardian.address,
		  z->guardian.address);
	diff_text(b, "guardianship_level",
		  guardianship_level_id(a->guardianship),
		  guardianship_level_id(z->guardianship));
	diff_int(b, "lives_alone", a->lives_alone, z->lives_alone);
	diff_text(b, "notes", a->notes, z->notes);
	diff_ids(b, "categories", a->categories, z->categories, false);
	diff_ids(b, "key_flags", a->key_flags, z->key_flags, true);
	diff_int(b, "family.count", a->nfamily, z->nfamily);
	for (int i = 0; i < a->nfamily && i < z->nfamily; i++) {
		const struct member_record *x = &a->family[i],
					   *y = &z->family[i];

#define MF(f) (snprintf(name, sizeof(name), "family[%d].%s", i, #f), name)
		diff_text(b, MF(relation), relation_id(x->relation),
			  relation_id(y->relation));
		diff_text(b, MF(name), x->name, y->name);
		diff_text(b, MF(id_number), x->id_number, y->id_number);
		diff_text(b, MF(birth_date), x->birth_date, y->birth_date);
		diff_text(b, MF(phone), x->phone, y->phone);
		diff_text(b, MF(situation), situation_id(x->situation),
			  situation_id(y->situation));
		diff_text(b, MF(since), x->since, y->since);
		diff_text(b, MF(until), x->until, y->until);
		diff_text(b, MF(police_accepted), x->police_accepted,
			  y->police_accepted);
		diff_text(b, MF(work_place), x->work_place, y->work_place);
		diff_int(b, MF(disability_grade), x->disability_grade,
			 y->disability_grade);
		diff_text(b, MF(contact), x->contact, y->contact);
#undef MF
	}
}

/*
 * The writes of an update inside the caller's transaction; key, when
 * given, remembers an offline client's write by its UUID in the same
 * transaction.
 */
static int update_write(struct db *db, const struct principal *by,
			const struct request_meta *m, struct child_record *in,
			struct date today, const struct idem_key *key,
			struct child_view *out, struct ga_error *err)
{
	static __thread struct child_record old, sealed;
	struct buf changes, box;
	char idt[24];
	int added = 0;
	int rc;

	buf_init(&changes, 256 * 1024);
	buf_init(&box, 512 * 1024);
	rc = store_child_get(db, by->scope_prefix, in->id, &old);
	if (rc == GA_ENOTFOUND)
		child_not_found(err);
	if (!rc)
		rc = child_open(&old);
	if (!rc && old.version != in->version)
		rc = ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
				  "档案已被他人修改（当前版本 %" PRId64
				  "），请刷新 "
				  "(the dossier changed meanwhile: current "
				  "version %" PRId64 ")",
				  old.version, old.version);
	if (!rc)
		rc = child_validate(db, by, in, today, err);
	if (!rc)
		rc = check_duplicate(db, by, in, err);
	if (rc)
		goto out;
	derive(in, today, &out->derived);
	in->id_index[0] = '\0';
	if (!in->no_hukou)
		child_index_of(in->id_number, in->id_index);
	str_copy(in->created_at, sizeof(in->created_at), old.created_at);
	in->created_by = old.created_by;
	in->archived = old.archived;
	str_copy(in->archive_reason, sizeof(in->archive_reason),
		 old.archive_reason);
	clock_now_text(in->updated_at);
	in->updated_by = by->account.id;
	diff(&old, in, &changes);
	sealed = *in;
	rc = child_seal(&sealed);
	if (!rc)
		rc = store_child_update(db, by->scope_prefix, &sealed);
	if (rc == GA_ECONFLICT)
		ga_error_set(err, rc, "stale_version", "version",
			     "档案已被他人修改，请刷新 (the dossier changed "
			     "meanwhile; reload it)");
	child_id_text(in->id, idt);
	if (!rc && changes.len) {
		rc = secret_seal("child_change", "changes", idt, changes.ptr,
				 changes.len, &box);
		if (!rc)
			rc = store_child_change_insert(
			    db, in->id, sealed.version, in->region,
			    in->updated_at, by->account.id, box.ptr);
	}
	if (!rc)
		rc = idem_record_in_tx(db, by, key, sealed.version, err);
	if (!rc)
		rc = child_duplicates_detect(db, in, in->updated_at);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "child.update", "child", idt,
				      "ok");
	/* no household registration: the police referral, once (issue 6) */
	if (!rc)
		rc = referral_auto_hukou_in_tx(db, by, m, in, today, &added);
out:
	if (!rc) {
		in->version = sealed.version;
		out->rec = *in;
	}
	buf_wipe(&changes);
	buf_release(&box);
	return rc;
}

int children_update_once(struct db *db, const struct principal *by,
			 const struct request_meta *m, struct child_record *in,
			 struct date today, const struct idem_key *key,
			 struct child_view *out, struct ga_error *err)
{
	int rc = db_begin(db);

	if (!rc)
		rc = update_write(db, by, m, in, today, key, out, err);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int children_update(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_record *in,
		    struct date today, struct child_view *out,
		    struct ga_error *err)
{
	return children_update_once(db, by, m, in, today, NULL, out, err);
}

int children_update_in_tx(struct db *db, const struct principal *by,
			  const struct request_meta *m, struct child_record *in,
			  struct date today, struct child_view *out,
			  struct ga_error *err)
{
	return update_write(db, by, m, in, today, NULL, out, err);
}
