/*
 * Archiving a dossier (aged out, moved away, died, other) and restoring it.
 * Archived dossiers are kept, never deleted: they leave the default lists
 * and the daily recompute, and stay readable with their history.
 */
#include "service/child_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/secret.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

static const char *const reasons[] = {"aged_out", "moved_away", "died",
				      "other"};

bool children_archive_reason_ok(const char *s)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(*reasons); i++)
		if (!strcmp(s, reasons[i]))
			return true;
	return false;
}

int children_archive(struct db *db, const struct principal *by,
		     const struct request_meta *m, int64_t id, int64_t version,
		     const char *reason, struct ga_error *err)
{
	static __thread struct child_record r;
	bool archive = reason != NULL;
	char now[24], idt[24], change[96];
	struct buf box;
	int rc;

	if (archive && !children_archive_reason_ok(reason))
		return ga_error_set(
		    err, GA_EINVAL, "invalid_value", "reason",
		    "归档原因应为 aged_out、moved_away、died 或 "
		    "other (reason must be aged_out, moved_away, "
		    "died or other)");
	buf_init(&box, 4096);
	rc = db_begin(db);
	if (!rc)
		rc = store_child_get(db, by->scope_prefix, id, &r);
	if (rc == GA_ENOTFOUND)
		ga_error_set(err, rc, "not_found", "",
			     "未找到该儿童档案 (no such child)");
	if (!rc && r.version != version)
		rc = ga_error_set(err, GA_ECONFLICT, "stale_version", "version",
				  "档案已被他人修改（当前版本 %" PRId64
				  "），请刷新 (the dossier changed meanwhile: "
				  "current version %" PRId64 ")",
				  r.version, r.version);
	if (!rc && r.archived == archive)
		rc = ga_error_set(err, GA_ECONFLICT,
				  archive ? "already_archived" : "not_archived",
				  "",
				  archive ? "档案已归档 (already archived)"
					  : "档案未归档 (not archived)");
	clock_now_text(now);
	snprintf(idt, sizeof(idt), "%" PRId64, id);
	snprintf(change, sizeof(change), "archived\x1f%s\x1f%s\x1e",
		 r.archived ? r.archive_reason : "", archive ? reason : "");
	if (!rc)
		rc = store_child_set_derived(db, id, version, r.categories,
					     r.key_flags, archive,
					     archive ? reason : "", now);
	if (!rc)
		rc = secret_seal("child_change", "changes", idt, change,
				 strlen(change), &box);
	if (!rc)
		rc = store_child_change_insert(db, id, version + 1, r.region,
					       now, by->account.id, box.ptr);
	if (!rc)
		rc = auth_audit_in_tx(
		    db, by, m, archive ? "child.archive" : "child.restore",
		    "child", idt, archive ? reason : "ok");
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	buf_release(&box);
	return rc;
}
