#include "service/case_closure.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static int note_ok(const char *note, bool required, struct ga_error *err)
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

/* begin, lock the case, check the version and whether by may do a */
static int begin_action(struct db *db, const struct principal *by, int64_t id,
			enum case_action a, int64_t version,
			struct case_row *out, struct ga_error *err)
{
	struct case_facts f;
	enum case_move_result res;
	const char *why, *code;
	int rc = db_begin(db);

	if (rc)
		return rc;
	rc = case_lock_in_tx(db, by, id, out, err);
	if (!rc)
		rc = case_version_check(out, version, err);
	if (!rc) {
		case_facts_of(out, &f);
		res = case_action_check(&f, a, by->account.role, by->account.id,
					&why, &code);
		rc = case_refusal(res, code, why, "", err);
	}
	if (rc)
		db_rollback(db);
	return rc;
}

static int end_action(struct db *db, int rc, const struct principal *by,
		      const struct request_meta *m, const char *action,
		      const struct case_row *c)
{
	char idt[24];

	snprintf(idt, sizeof(idt), "%" PRId64, c->id);
	if (!rc)
		rc = auth_audit_in_tx(db, by, m, action, "case", idt, "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

int case_closure_request(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const char *reason, const char *note, int64_t version,
			 struct case_row *out, struct ga_error *err)
{
	int rc = note_ok(note, true, err);

	if (!rc && !case_closure_reason_valid(reason))
		rc = ga_error_set(err, GA_EINVAL, "bad_reason", "reason",
				  "请选择结案原因（choose a closure reason）");
	if (!rc)
		rc = begin_action(db, by, id, CASE_ACT_CLOSURE_REQUEST, version,
				  out, err);
	if (rc)
		return rc;
	out->closure_requested_by = by->account.id;
	clock_now_text(out->closure_requested_at);
	str_copy(out->closure_reason, sizeof(out->closure_reason), reason);
	rc = case_save_in_tx(db, out, err);
	if (!rc)
		rc = case_event_add_in_tx(db, by, out, "closure_requested",
					  reason, note, "", 0);
	return end_action(db, rc, by, m, "case.closure_request", out);
}

static int clear_request(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 enum case_action a, const char *note, int64_t version,
			 struct case_row *out, struct ga_error *err)
{
	bool decline = a == CASE_ACT_CLOSURE_DECLINE;
	int rc = note_ok(note, decline, err);

	if (!rc)
		rc = begin_action(db, by, id, a, version, out, err);
	if (rc)
		return rc;
	out->closure_requested_by = 0;
	out->closure_requested_at[0] = '\0';
	out->closure_reason[0] = '\0';
	rc = case_save_in_tx(db, out, err);
	if (!rc)
		rc = case_event_add_in_tx(db, by, out,
					  decline ? "closure_declined"
						  : "closure_withdrawn",
					  "", note, "", 0);
	return end_action(
	    db, rc, by, m,
	    decline ? "case.closure_decline" : "case.closure_withdraw", out);
}

int case_closure_withdraw(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t id,
			  const char *note, int64_t version,
			  struct case_row *out, struct ga_error *err)
{
	return clear_request(db, by, m, id, CASE_ACT_CLOSURE_WITHDRAW, note,
			     version, out, err);
}

int case_closure_decline(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const char *note, int64_t version,
			 struct case_row *out, struct ga_error *err)
{
	return clear_request(db, by, m, id, CASE_ACT_CLOSURE_DECLINE, note,
			     version, out, err);
}
