#include "service/confirmation_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "service/child_service.h"
#include "service/confirmation_codec.h"
#include "service/idempotency.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char tbl[] = "guardianship_confirmation";

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "未找到该委托监护确认书 (no such confirmation)");
}

static int not_pending(struct ga_error *err)
{
	return ga_error_set(err, GA_ECONFLICT, "not_pending", "",
			    "确认书已签署，不能再修改 (the confirmation is "
			    "signed already)");
}

/* ---- sealing ---- */

static int seal_parties(const struct confirmation_parties *p, int64_t id,
			char *out, size_t size)
{
	char plain[CONFIRMATION_PARTIES_MAX + 1], row[24];
	struct buf b;
	int rc;

	confirmation_parties_join(p, plain, sizeof(plain));
	id_text(id, row);
	buf_init(&b, size - 1);
	rc = secret_seal(tbl, "parties", row, plain, strlen(plain), &b);
	if (!rc)
		str_copy(out, size, b.ptr);
	buf_wipe(&b);
	memset(plain, 0, sizeof(plain));
	return rc;
}

/* the row as readers get it: parties opened, answers parsed */
static int open_row(const struct confirmation_row *r, struct date today,
		    struct confirmation *out)
{
	struct date end = {0};
	char row[24];
	struct buf b;
	int rc = GA_OK;

	memset(out, 0, sizeof(*out));
	out->row = *r;
	out->row.parties[0] = '\0';
	id_text(r->id, row);
	buf_init(&b, CONFIRMATION_PARTIES_MAX);
	if (r->parties[0])
		rc = secret_open(tbl, "parties", row, r->parties, &b);
	if (!rc)
		confirmation_parties_split(b.len ? b.ptr : "", &out->parties);
	buf_wipe(&b);
	if (rc)
		return rc;
	date_parse(r->period_start, strlen(r->period_start), &out->facts.start);
	date_parse(r->period_end, strlen(r->period_end), &end);
	out->facts.end = end;
	confirmation_guardian_birth(out->parties.guardian_id_number,
				    out->parties.guardian_birth_date,
				    &out->facts.guardian_birth, NULL);
	if (!out->parties.guardian_birth_date[0] &&
	    date_is_set(out->facts.guardian_birth))
		date_format(out->facts.guardian_birth,
			    out->parties.guardian_birth_date);
	confirmation_answers_decode(r, &out->facts);
	out->status =
	    confirmation_status_shown(!strcmp(r->status, "signed"), end, today);
	out->signable = confirmation_signable(&out->facts, &out->unfit);
	return GA_OK;
}

/* ---- checks of the form ---- */

static int problem_error(const struct conf_problem *p, struct ga_error *err)
{
	return ga_error_set(err, GA_EINVAL, p->code, p->field, "%s", p->text);
}

static int check_date(const char *field, const char *s, struct date *out,
		      struct ga_error *err)
{
	if (s && date_parse(s, strlen(s), out))
		return GA_OK;
	return ga_error_set(err, GA_EINVAL, "invalid_date", field,
			    "日期应为 YYYY-MM-DD 格式的有效日期 (%s must be a "
			    "real date as YYYY-MM-DD)",
			    field);
}

/* the whole form, as the domain and the text checks see it */
static int check_input(const struct confirmation_input *in, struct date today,
		       struct confirmation_parties *p,
		       struct confirmation_facts *f, struct ga_error *err)
{
	struct conf_problem pr;
	int rc;

	memset(f, 0, sizeof(*f));
	rc = check_date("period_start", in->period_start, &f->start, err);
	if (!rc)
		rc = check_date("period_end", in->period_end, &f->end, err);
	if (!rc)
		rc = confirmation_parties_check(in, p, err);
	if (rc)
		return rc;
	if (!confirmation_guardian_birth(in->guardian_id_number,
					 in->guardian_birth_date,
					 &f->guardian_birth, &pr))
		return problem_error(&pr, err);
	memcpy(f->checks, in->checks, sizeof(f->checks));
	memcpy(f->promises, in->promises, sizeof(f->promises));
	if (!confirmation_valid(f, today, &pr))
		return problem_error(&pr, err);
	return GA_OK;
}

/* ---- writes ---- */

static int finish_tx(struct db *db, int rc)
{
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int confirmations_create(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t child_id,
			 const struct confirmation_input *in, struct date today,
			 struct confirmation *out, struct ga_error *err)
{
	static __thread struct child_view child;
	static __thread struct confirmation_parties p;
	struct confirmation_facts f;
	struct confirmation_row r;
	char idt[24];
	int rc = children_get(db, by, child_id, today, &child, err);

	if (!rc && child.rec.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "",
				  "已归档的档案不能记录确认书 (an archived "
				  "dossier cannot take a confirmation)");
	if (!rc)
		rc = check_input(in, today, &p, &f, err);
	if (rc)
		goto out;
	memset(&r, 0, sizeof(r));
	r.child_id = child_id;
	str_copy(r.region, sizeof(r.region), child.rec.region);
	date_format(f.start, r.period_start);
	date_format(f.end, r.period_end);
	confirmation_answers_encode(&f, &r);
	r.created_by = by->account.id;
	clock_now_text(r.created_at);
	rc = db_begin(db);
	if (rc)
		goto out;
	rc = store_confirmation_insert(db, &r);
	if (!rc)
		rc = seal_parties(&p, r.id, r.parties, sizeof(r.parties));
	if (!rc)
		rc = store_confirmation_seal(db, r.id, r.parties);
	id_text(r.id, idt);
	if (!rc && in->idem && in->idem->client_uuid)
		rc = idem_record_in_tx(db, by, in->idem, r.id, err);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "confirmation.create",
				      "guardianship_confirmation", idt, "ok");
	rc = finish_tx(db, rc);
	if (!rc)
		rc = open_row(&r, today, out);
out:
	memset(&child, 0, sizeof(child));
	memset(&p, 0, sizeof(p));
	return rc;
}

int confirmations_get(struct db *db, const struct principal *by, int64_t id,
		      struct date today, struct confirmation *out,
		      struct ga_error *err)
{
	static __thread struct confirmation_row r;
	int rc = store_confirmation_get(db, by->scope_prefix, id, &r);

	if (rc == GA_ENOTFOUND)
		return not_found(err);
	if (!rc)
		rc = open_row(&r, today, out);
	memset(&r, 0, sizeof(r));
	return rc;
}

int confirmations_update(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const struct confirmation_input *in, struct date today,
			 struct confirmation *out, struct ga_error *err)
{
	static __thread struct confirmation_row r;
	static __thread struct confirmation_parties p;
	struct confirmation_facts f;
	char idt[24];
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = store_confirmation_get(db, by->scope_prefix, id, &r);
	if (rc == GA_ENOTFOUND)
		not_found(err);
	if (!rc && strcmp(r.status, "pending"))
		rc = not_pending(err);
	if (!rc && r.version != in->version)
		rc = ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
				  "确认书已被他人修改（当前版本 %" PRId64
				  "），请刷新 (the confirmation changed "
				  "meanwhile: current version %" PRId64 ")",
				  r.version, r.version);
	if (!rc)
		rc = check_input(in, today, &p, &f, err);
	if (!rc) {
		date_format(f.start, r.period_start);
		date_format(f.end, r.period_end);
		confirmation_answers_encode(&f, &r);
		r.updated_by = by->account.id;
		clock_now_text(r.updated_at);
		rc = seal_parties(&p, r.id, r.parties, sizeof(r.parties));
	}
	if (!rc)
		rc = store_confirmation_update(db, by->scope_prefix, &r);
	if (rc == GA_ECONFLICT && !err->code[0])
		ga_error_set(err, rc, "stale_version", "version",
			     "确认书已被他人修改，请刷新 (the confirmation "
			     "changed meanwhile; reload it)");
	id_text(id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "confirmation.update",
				      "guardianship_confirmation", idt, "ok");
	rc = finish_tx(db, rc);
	if (!rc) {
		r.version++;
		rc = open_row(&r, today, out);
	}
	memset(&r, 0, sizeof(r));
	memset(&p, 0, sizeof(p));
	return rc;
}

const char *confirmation_scan_type(const void *data, size_t len)
{
	static const unsigned char png[8] = {0x89, 'P',	 'N',  'G',
					     '\r', '\n', 0x1a, '\n'};
	const unsigned char *b = data;

	if (len >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff)
		return "image/jpeg";
	if (len >= sizeof(png) && !memcmp(b, png, sizeof(png)))
		return "image/png";
	if (len >= 5 && !memcmp(b, "%PDF-", 5))
		return "application/pdf";
	return NULL;
}

static int check_scan(const void *data, size_t len, const char **mime,
		      struct ga_error *err)
{
	if (!len)
		return ga_error_set(err, GA_EINVAL, "empty_scan", "",
				    "请上传签字后的确认书扫描件或照片 (send "
				    "the signed scan)");
	if (len > CONFIRMATION_SCAN_MAX)
		return ga_error_set(err, GA_ETOOBIG, "too_large", "",
				    "扫描件不能超过 5 MB (the scan may be at "
				    "most 5 MiB)");
	*mime = confirmation_scan_type(data, len);
	if (!*mime)
		return ga_error_set(err, GA_EUNSUPPORTED,
				    "unsupported_media_type", "",
				    "扫描件应为 JPEG、PNG 图片或 PDF 文件 (the "
				    "scan must be a JPEG, PNG or PDF file)");
	return GA_OK;
}

int confirmations_sign(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       const void *data, size_t len, struct date today,
		       struct confirmation *out, struct ga_error *err)
{
	const char *mime = NULL;
	char idt[24], at[24];
	struct buf sealed;
	int rc = check_scan(data, len, &mime, err);

	if (rc)
		return rc;
	buf_init(&sealed, CONFIRMATION_SCAN_MAX * 2);
	rc = confirmations_get(db, by, id, today, out, err);
	if (!rc && strcmp(out->row.status, "pending"))
		rc = not_pending(err);
	if (!rc && !strcmp(out->status, "expired"))
		rc = ga_error_set(err, GA_ECONFLICT, "period_over", "",
				  "委托期限已经结束，请重新记录确认书 (the "
				  "period is over; record a new confirmation)");
	if (!rc && !out->signable)
		rc = ga_error_set(err, GA_ECONFLICT, out->unfit.code,
				  out->unfit.field, "%s", out->unfit.text);
	id_text(id, idt);
	if (!rc)
		rc = secret_seal(tbl, "scan", idt, data, len, &sealed);
	if (rc)
		goto out;
	clock_now_text(at);
	rc = db_begin(db);
	if (rc)
		goto out;
	/* at the version whose answers were checked above */
	rc = store_confirmation_sign(db, by->scope_prefix, id, out->row.version,
				     sealed.ptr, mime, (int64_t)len,
				     by->account.id, at);
	if (rc == GA_ECONFLICT)
		ga_error_set(err, rc, "stale_version", "",
			     "确认书已被他人修改或签署，请刷新 (the "
			     "confirmation changed meanwhile; reload it)");
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, "confirmation.sign",
				      "guardianship_confirmation", idt, "ok");
	rc = finish_tx(db, rc);
	if (!rc)
		rc = confirmations_get(db, by, id, today, out, err);
out:
	buf_release(&sealed);
	return rc;
}

int confirmations_scan(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       struct buf *out, char mime[32], struct ga_error *err)
{
	struct buf sealed;
	char idt[24];
	int rc;

	buf_init(&sealed, CONFIRMATION_SCAN_MAX * 2);
	id_text(id, idt);
	rc = store_confirmation_scan(db, by->scope_prefix, id, &sealed, mime);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "没有签字扫描件 (no signed scan)");
	if (!rc)
		rc = secret_open(tbl, "scan", idt, sealed.ptr, out);
	/* no entry, no scan */
	if (!rc)
		rc = auth_audit(db, by, m, "confirmation.scan",
				"guardianship_confirmation", idt, "ok");
	buf_release(&sealed);
	return rc;
}

/* ---- reading a child's ---- */

struct list_ctx {
	struct date today;
	struct conf_summary sum;
	int (*fn)(const struct confirmation *c, void *ctx);
	void *ctx;
};

static int open_each(const struct confirmation_row *r, void *data)
{
	static __thread struct confirmation c;
	struct list_ctx *l = data;
	int rc = open_row(r, l->today, &c);

	if (!rc) {
		confirmation_summary_add(&l->sum, !strcmp(r->status, "signed"),
					 c.facts.start, c.facts.end, l->today);
		rc = l->fn ? l->fn(&c, l->ctx) : GA_OK;
	}
	memset(&c, 0, sizeof(c));
	return rc;
}

int confirmations_list(struct db *db, const struct principal *by,
		       int64_t child_id, struct date today,
		       struct confirmation_standing *standing,
		       int (*fn)(const struct confirmation *c, void *ctx),
		       void *ctx, struct ga_error *err)
{
	static __thread struct child_view child;
	struct list_ctx l;
	struct child_facts facts;
	int rc = children_get(db, by, child_id, today, &child, err);

	memset(&l, 0, sizeof(l));
	l.today = today;
	l.fn = fn;
	l.ctx = ctx;
	if (!rc) {
		child_record_facts(&child.rec, &facts);
		standing->required =
		    !child.rec.archived && confirmation_required(&facts);
		rc = store_confirmation_list(db, by->scope_prefix, child_id,
					     open_each, &l);
	}
	if (!rc)
		standing->state = confirmation_state(standing->required, &l.sum,
						     today, &standing->due);
	memset(&child, 0, sizeof(child));
	return rc;
}
