#include "service/child_daily.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "crypto/secret.h"
#include "service/auth_service.h"
#include "store/child_repo.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define BATCH 500

static void bits_text(unsigned bits, bool flags, struct buf *b)
{
	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
		if (!(bits & bit))
			continue;
		if (b->len && b->ptr[b->len - 1] != '\x1f')
			buf_addch(b, ' ');
		buf_adds(b, flags ? key_flag_id((enum key_flag)bit)
				  : category_id((enum category)bit));
	}
}

/* "field\x1fold\x1fnew\x1e" for categories, flags and archive state */
static void changes_of(const struct child_record *r, const struct derivation *d,
		       bool archive, struct buf *out)
{
	if (r->categories != d->categories) {
		buf_adds(out, "categories\x1f");
		bits_text(r->categories, false, out);
		buf_addch(out, '\x1f');
		bits_text(d->categories, false, out);
		buf_addch(out, '\x1e');
	}
	if (r->key_flags != d->key_flags) {
		buf_adds(out, "key_flags\x1f");
		bits_text(r->key_flags, true, out);
		buf_addch(out, '\x1f');
		bits_text(d->key_flags, true, out);
		buf_addch(out, '\x1e');
	}
	if (archive)
		buf_adds(out, "archived\x1f"
			      "0\x1f"
			      "1 (aged_out)\x1e");
}

static int one_child(struct db *db, int64_t id, struct date today,
		     struct daily_stats *st)
{
	static struct child_record r;
	struct derivation d;
	struct child_facts f;
	struct buf changes, box;
	char now[24], idt[24];
	bool archive;
	int rc;

	buf_init(&changes, 8192);
	buf_init(&box, 16384);
	rc = db_begin(db);
	if (!rc)
		rc = store_child_get(db, "", id, &r);
	if (rc)
		goto out;
	child_record_facts(&r, &f);
	child_derive(&f, today, &d);
	archive = d.aged_out && !r.archived;
	st->children++;
	if (r.categories == d.categories && r.key_flags == d.key_flags &&
	    !archive)
		goto out;
	changes_of(&r, &d, archive, &changes);
	clock_now_text(now);
	snprintf(idt, sizeof(idt), "%" PRId64, id);
	/* updated_at stays: it tells when a person last reviewed the dossier
	 * (the yearly re-check); the history entry below records this run */
	rc = store_child_set_derived(
	    db, id, r.version, d.categories, d.key_flags, archive || r.archived,
	    archive ? "aged_out" : r.archive_reason, r.updated_at);
	/* 五(三) 人社: orphans and unsupported children at 18 */
	if (!rc && archive && d.employment_referral)
		rc = store_child_set_referral(db, id);
	if (!rc)
		rc = secret_seal("child_change", "changes", idt, changes.ptr,
				 changes.len, &box);
	if (!rc)
		rc = store_child_change_insert(db, id, r.version + 1, r.region,
					       now, 0, box.ptr);
	if (!rc)
		rc = auth_audit_in_tx(
		    db, NULL, NULL, archive ? "child.archive" : "child.derive",
		    "child", idt, "ok:daily");
	if (!rc) {
		st->changed++;
		st->aged_out += archive;
		st->referrals += archive && d.employment_referral;
	}
out:
	if (!rc)
		rc = db_commit(db);
	if (rc) {
		db_rollback(db);
		if (rc == GA_ECONFLICT) {
			st->conflicts++;
			rc = GA_OK;
		}
	}
	buf_wipe(&changes);
	buf_release(&box);
	return rc;
}

int children_daily(struct db *db, struct date today, struct daily_stats *st)
{
	int64_t ids[BATCH], after = 0;
	int n = 0;
	int rc;

	memset(st, 0, sizeof(*st));
	do {
		rc = store_child_ids(db, after, BATCH, ids, &n);
		for (int i = 0; !rc && i < n; i++)
			rc = one_child(db, ids[i], today, st);
		if (n)
			after = ids[n - 1];
	} while (!rc && n == BATCH);
	return rc;
}
