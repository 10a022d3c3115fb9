#include "service/case_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "store/child_repo.h"
#include "store/placement_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int note_check(const char *note, bool required, struct ga_error *err)
{
	if (required && (!note || !note[0]))
		return ga_error_set(err, GA_EINVAL, "note_required", "note",
				    "请填写说明（a note saying why is "
				    "required）");
	if (note && strlen(note) > CASE_NOTE_MAX)
		return ga_error_set(err, GA_ETOOBIG, "note_too_long", "note",
				    "说明不能超过 %d 字节（the note is longer "
				    "than %d bytes）",
				    CASE_NOTE_MAX, CASE_NOTE_MAX);
	return GA_OK;
}

static int event_add(struct db *db, const struct principal *by,
		     const struct case_row *c, const char *kind,
		     const char *from, const char *detail, const char *note,
		     const char *ref_type, int64_t ref_id)
{
	struct case_event_row e;
	char idt[24];
	struct buf b;
	int rc;

	memset(&e, 0, sizeof(e));
	e.case_id = c->id;
	str_copy(e.region, sizeof(e.region), c->region);
	clock_now_text(e.at);
	e.actor = by ? by->account.id : 0;
	str_copy(e.actor_role, sizeof(e.actor_role),
		 by ? role_name(by->account.role) : "system");
	str_copy(e.kind, sizeof(e.kind), kind);
	str_copy(e.from_stage, sizeof(e.from_stage), from ? from : "");
	str_copy(e.to_stage, sizeof(e.to_stage), c->stage);
	str_copy(e.detail, sizeof(e.detail), detail ? detail : "");
	str_copy(e.ref_type, sizeof(e.ref_type), ref_type ? ref_type : "");
	e.ref_id = ref_id;
	rc = store_case_event_insert(db, &e);
	if (rc || !note || !note[0])
		return rc;
	id_text(e.id, idt);
	buf_init(&b, sizeof(e.note) - 1);
	rc = secret_seal("case_event", "note", idt, note, strlen(note), &b);
	if (!rc)
		rc = store_case_event_seal(db, e.id, b.ptr);
	buf_wipe(&b);
	return rc;
}

int case_event_add_in_tx(struct db *db, const struct principal *by,
			 const struct case_row *c, const char *kind,
			 const char *detail, const char *note,
			 const char *ref_type, int64_t ref_id)
{
	return event_add(db, by, c, kind, NULL, detail, note, ref_type, ref_id);
}

int case_open_in_tx(struct db *db, const struct principal *by,
		    const struct request_meta *m,
		    const struct case_open_input *in, int64_t *case_id,
		    struct ga_error *err)
{
	static __thread struct child_record child;
	struct case_row c;
	char idt[24];
	int rc;

	if (!case_source_valid(in->source))
		return ga_error_set(err, GA_EINVAL, "bad_source", "source",
				    "未知的个案来源（unknown case source）");
	if (!case_urgency_valid(in->urgency))
		return ga_error_set(err, GA_EINVAL, "bad_urgency", "urgency",
				    "紧急程度须为 immediate、urgent 或 normal"
				    "（urgency must be immediate, urgent or "
				    "normal）");
	rc = note_check(in->note, false, err);
	if (rc)
		return rc;
	rc = store_child_get(db, "", in->child_id, &child);
	if (rc == GA_ENOTFOUND)
		return ga_error_set(err, rc, "child_not_found", "child_id",
				    "没有这名儿童（no such child）");
	if (rc)
		return rc;
	memset(&c, 0, sizeof(c));
	c.child_id = in->child_id;
	str_copy(c.region, sizeof(c.region), child.region);
	str_copy(c.stage, sizeof(c.stage), case_stage_name(STAGE_RECEIVED));
	clock_now_text(c.opened_at);
	str_copy(c.stage_since, sizeof(c.stage_since), c.opened_at);
	str_copy(c.urgency, sizeof(c.urgency), in->urgency);
	str_copy(c.source, sizeof(c.source), in->source);
	c.source_id = in->source_id;
	c.opened_by = by ? by->account.id : 0;
	rc = store_case_insert(db, &c);
	if (!rc)
		rc = case_event_add_in_tx(db, by, &c, "opened", in->source,
					  in->note, in->source, in->source_id);
	id_text(c.id, idt);
	if (!rc)
		rc =
		    auth_audit_in_tx(db, by, m, "case.open", "case", idt, "ok");
	if (!rc)
		*case_id = c.id;
	return rc;
}

int case_open(struct db *db, const struct principal *by,
	      const struct request_meta *m, const struct case_open_input *in,
	      struct case_row *out, struct ga_error *err)
{
	static __thread struct child_record child;
	int64_t id = 0;
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = store_child_get(db, by->scope_prefix, in->child_id, &child);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "child_not_found", "child_id",
			     "没有这名儿童（no such child）");
	if (!rc)
		rc = case_open_in_tx(db, by, m, in, &id, err);
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return case_get(db, by, id, out, err);
}

static int not_found(struct ga_error *err)
{
	return ga_error_set(err, GA_ENOTFOUND, "not_found", "",
			    "没有这个个案（no such case）");
}

int case_get(struct db *db, const struct principal *by, int64_t id,
	     struct case_row *out, struct ga_error *err)
{
	int rc = store_case_get(db, id, by->scope_prefix, out);

	return rc == GA_ENOTFOUND ? not_found(err) : rc;
}

int case_lock_in_tx(struct db *db, const struct principal *by, int64_t id,
		    struct case_row *out, struct ga_error *err)
{
	return case_get(db, by, id, out, err);
}

int case_save_in_tx(struct db *db, struct case_row *c, struct ga_error *err)
{
	int rc;

	clock_now_text(c->updated_at);
	rc = store_case_update(db, c, c->version);
	if (rc == GA_ECONFLICT)
		return ga_error_set(
		    err, rc, "stale_version", "version",
		    "个案已被他人更新，请刷新后重试（the case "
		    "was changed meanwhile; reload and retry）");
	if (!rc)
		c->version++;
	return rc;
}

struct timeline_ctx {
	int (*fn)(const struct case_event_row *e, void *ctx);
	void *ctx;
};

static int open_event(const struct case_event_row *e, void *p)
{
	static __thread struct case_event_row copy;
	struct timeline_ctx *t = p;
	char idt[24];
	struct buf b;
	int rc = GA_OK;

	copy = *e;
	if (e->note[0]) {
		id_text(e->id, idt);
		buf_init(&b, sizeof(copy.note) - 1);
		rc = secret_open("case_event", "note", idt, e->note, &b);
		if (!rc)
			str_copy(copy.note, sizeof(copy.note), b.ptr);
		buf_wipe(&b);
	}
	if (!rc)
		rc = t->fn(&copy, t->ctx);
	explicit_bzero(copy.note, sizeof(copy.note));
	return rc;
}

int case_timeline(struct db *db, const struct principal *by,
		  const struct request_meta *m, const struct case_row *c,
		  int (*fn)(const struct case_event_row *e, void *ctx),
		  void *ctx)
{
	struct timeline_ctx t = {fn, ctx};
	char idt[24];
	int rc;

	id_text(c->id, idt);
	rc = auth_audit(db, by, m, "case.read", "case", idt, "ok");
	if (!rc)
		rc = store_case_events(db, c->id, open_event, &t);
	return rc;
}

int case_version_check(const struct case_row *c, int64_t version,
		       struct ga_error *err)
{
	if (!version || version == c->version)
		return GA_OK;
	return ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
			    "个案已被他人更新（当前版本 %" PRId64
			    "），请刷新后重试（the case was changed "
			    "meanwhile; current version %" PRId64 "）",
			    c->version, c->version);
}

static int finish(struct db *db, int rc, const struct principal *by,
		  const struct request_meta *m, const char *action,
		  const struct case_row *c)
{
	char idt[24];

	id_text(c->id, idt);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, action, "case", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int case_acknowledge(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, const char *kind,
		     const char *note, int64_t version, struct case_row *out,
		     struct ga_error *err)
{
	enum role r = by->account.role;
	int rc = note_check(note, false, err);

	if (rc)
		return rc;
	if (r != ROLE_POLICE && r != ROLE_PROTECTION)
		return ga_error_set(err, GA_EFORBIDDEN, "ack_role", "",
				    "只有公安和未成年人救助保护机构受理个案"
				    "（only the police and the protection "
				    "institution acknowledge a case）");
	if (r == ROLE_POLICE && !case_police_ack_valid(kind))
		return ga_error_set(err, GA_EINVAL, "bad_ack", "kind",
				    "请选择受案、立案或移送（kind must be "
				    "accepted, filed or transferred）");
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = case_lock_in_tx(db, by, id, out, err);
	if (!rc)
		rc = case_version_check(out, version, err);
	if (!rc && !strcmp(out->stage, "closed"))
		rc = ga_error_set(err, GA_ECONFLICT, "case_closed", "",
				  "个案已结案（the case is closed）");
	if (!rc && r == ROLE_PROTECTION && out->protection_ack_at[0])
		rc = ga_error_set(err, GA_ECONFLICT, "already_acknowledged", "",
				  "已受理（already acknowledged）");
	if (!rc && r == ROLE_POLICE && !strcmp(out->police_ack, kind))
		rc = ga_error_set(err, GA_ECONFLICT, "already_acknowledged",
				  "kind", "已记录（already recorded）");
	if (!rc && r == ROLE_POLICE) {
		str_copy(out->police_ack, sizeof(out->police_ack), kind);
		clock_now_text(out->police_ack_at);
	} else if (!rc) {
		clock_now_text(out->protection_ack_at);
	}
	if (!rc)
		rc = case_save_in_tx(db, out, err);
	if (!rc)
		rc = case_event_add_in_tx(
		    db, by, out, "acknowledged",
		    r == ROLE_POLICE ? kind : "protection", note, "", 0);
	if (rc && !err->code[0] && rc != GA_EDB)
		ga_error_set(err, rc, "failed", "", "受理失败（failed）");
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return finish(db, rc, by, m, "case.acknowledge", out);
}

void case_facts_of(const struct case_row *c, struct case_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->stage = case_stage_from_name(c->stage);
	f->protection_acknowledged = c->protection_ack_at[0] != 0;
	f->assessed = c->assessment_id != 0;
	f->plan_items = (int)c->plan_items;
	f->closure_requested = c->closure_requested_at[0] != 0;
	f->requested_by = c->closure_requested_by;
}

int case_transition(struct db *db, const struct principal *by,
		    const struct request_meta *m, int64_t id,
		    const struct case_transition_input *in,
		    struct case_row *out, struct ga_error *err)
{
	static const int results[] = {
	    [MOVE_OK] = GA_OK,
	    [MOVE_OUT_OF_ORDER] = GA_ECONFLICT,
	    [MOVE_WRONG_ROLE] = GA_EFORBIDDEN,
	    [MOVE_BAD_INPUT] = GA_EINVAL,
	};
	struct case_facts f;
	struct case_move mv = {0};
	enum case_move_result res;
	const char *why, *code;
	char from[16];
	int rc = note_check(in->note, true, err);

	if (rc)
		return rc;
	mv.to = case_stage_from_name(in->to);
	mv.role = by->account.role;
	mv.actor = by->account.id;
	mv.safety = in->safety;
	if (mv.to == CASE_STAGE_COUNT)
		return ga_error_set(err, GA_EINVAL, "bad_stage", "to",
				    "未知的阶段（unknown stage）");
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = case_lock_in_tx(db, by, id, out, err);
	if (!rc)
		rc = case_version_check(out, in->version, err);
	if (!rc) {
		case_facts_of(out, &f);
		/* temporary guardianship: the placement must be on record */
		if (f.stage == STAGE_EMERGENCY && in->safety &&
		    !strcmp(in->safety, "temporary_guardianship"))
			rc = store_placement_active_temporary(
			    db, out->child_id, &f.temporary_placement);
	}
	if (!rc) {
		res = case_move_check(&f, &mv, &why, &code);
		if (res != MOVE_OK)
			rc = ga_error_set(
			    err, results[res], code,
			    res == MOVE_BAD_INPUT ? "safety" : "to", "%s", why);
	}
	if (!rc && mv.to == STAGE_CLOSED &&
	    !case_closure_reason_valid(in->reason ? in->reason
						  : out->closure_reason))
		rc = ga_error_set(err, GA_EINVAL, "bad_reason", "reason",
				  "请选择结案原因（choose a closure reason）");
	if (!rc) {
		str_copy(from, sizeof(from), out->stage);
		str_copy(out->stage, sizeof(out->stage), in->to);
		clock_now_text(out->stage_since);
		if (f.stage == STAGE_EMERGENCY)
			str_copy(out->safety, sizeof(out->safety), in->safety);
		if (mv.to == STAGE_CLOSED) {
			if (in->reason && in->reason[0])
				str_copy(out->closure_reason,
					 sizeof(out->closure_reason),
					 in->reason);
			str_copy(out->closed_at, sizeof(out->closed_at),
				 out->stage_since);
		}
		if (f.stage == STAGE_CLOSED) { /* reopened */
			out->closed_at[0] = 0;
			out->closure_requested_at[0] = 0;
			out->closure_requested_by = 0;
			out->closure_reason[0] = 0;
		}
		rc = case_save_in_tx(db, out, err);
	}
	if (!rc)
		rc = event_add(
		    db, by, out,
		    f.stage == STAGE_CLOSED ? "reopened" : "transition", from,
		    mv.to == STAGE_CLOSED	 ? out->closure_reason
		    : f.stage == STAGE_EMERGENCY ? out->safety
						 : "",
		    in->note, "", 0);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return finish(db, rc, by, m, "case.transition", out);
}

int case_note(struct db *db, const struct principal *by,
	      const struct request_meta *m, int64_t id, const char *note,
	      struct case_row *out, struct ga_error *err)
{
	int rc = note_check(note, true, err);

	if (rc)
		return rc;
	rc = db_begin(db);
	if (rc)
		return rc;
	rc = case_lock_in_tx(db, by, id, out, err);
	if (!rc)
		rc = case_event_add_in_tx(db, by, out, "note", "", note, "", 0);
	if (rc) {
		db_rollback(db);
		return rc;
	}
	return finish(db, rc, by, m, "case.note", out);
}

int case_list(struct db *db, const struct principal *by,
	      struct case_list_filter *f,
	      int (*fn)(const struct case_row *c, void *ctx), void *ctx,
	      struct ga_error *err)
{
	if (f->stage && f->stage[0] && strcmp(f->stage, "all") &&
	    case_stage_from_name(f->stage) == CASE_STAGE_COUNT)
		return ga_error_set(err, GA_EINVAL, "bad_stage", "stage",
				    "未知的阶段（unknown stage）");
	if (f->limit < 1 || f->limit > CASE_PAGE_MAX)
		f->limit = CASE_PAGE_MAX;
	f->scope_prefix = by->scope_prefix;
	return store_case_list(db, f, fn, ctx);
}

int case_refusal(enum case_move_result res, const char *code, const char *why,
		 const char *field, struct ga_error *err)
{
	static const int results[] = {
	    [MOVE_OK] = GA_OK,
	    [MOVE_OUT_OF_ORDER] = GA_ECONFLICT,
	    [MOVE_WRONG_ROLE] = GA_EFORBIDDEN,
	    [MOVE_BAD_INPUT] = GA_EINVAL,
	};

	if (res == MOVE_OK)
		return GA_OK;
	return ga_error_set(err, results[res], code, field, "%s", why);
}

int case_set_assessment_in_tx(struct db *db, const struct principal *by,
			      int64_t case_id, int64_t assessment_id,
			      const char *outcome, const char *note,
			      struct case_row *out, struct ga_error *err)
{
	int rc;

	if (!case_assessment_outcome_valid(outcome))
		return ga_error_set(err, GA_EINVAL, "bad_outcome", "outcome",
				    "评估结论须为 good、insufficient 或 "
				    "failed（the outcome must be good, "
				    "insufficient or failed）");
	rc = note_check(note, false, err);
	if (!rc)
		rc = case_lock_in_tx(db, by, case_id, out, err);
	if (!rc) {
		out->assessment_id = assessment_id;
		str_copy(out->assessment_outcome,
			 sizeof(out->assessment_outcome), outcome);
		rc = case_save_in_tx(db, out, err);
	}
	if (!rc)
		rc = case_event_add_in_tx(
		    db, by, out, "assessment", outcome, note,
		    assessment_id > 0 ? "assessment" : "",
		    assessment_id > 0 ? assessment_id : 0);
	return rc;
}
