#include "audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crypto/keys.h"
#include "store/audit_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

/*
 * Fields in a fixed order, separated by 0x1f (which no field contains).
 * The sequence number is left out: an entry's place in the chain is fixed
 * by the previous hash it covers.
 */
void audit_canonical(const struct audit_entry *e, struct buf *out)
{
	buf_addf(
	    out, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
	    e->ts, (long long)e->account_id, e->role, e->scope, e->addr,
	    e->request_id, e->action, e->object_type, e->object_id, e->outcome);
}

void audit_hash(const char *prev_hash, const struct audit_entry *e,
		char out[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	struct buf b;

	buf_init(&b, 4096);
	audit_canonical(e, &b);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)prev_hash,
				  strlen(prev_hash));
	crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	crypto_generichash_update(&st, (const unsigned char *)b.ptr, b.len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 65, h, sizeof(h));
	buf_release(&b);
}

/*
 * The signed texts: "head:seq:hash" and "checkpoint:seq:hash". They differ
 * so that a checkpoint's signature can never pass for the head's: cutting
 * the log back to a checkpoint and copying it into the head shows.
 */
static void head_text(const char *kind, int64_t seq, const char *hash,
		      char out[112])
{
	snprintf(out, 112, "%s:%lld:%s", kind, (long long)seq, hash);
}

static int sign(const char *kind, int64_t seq, const char *hash,
		char sig_hex[129])
{
	const unsigned char *sk = keys_audit_secret();
	unsigned char sig[crypto_sign_BYTES];
	char text[112];

	if (!sk)
		return GA_EINTERNAL;
	head_text(kind, seq, hash, text);
	crypto_sign_detached(sig, NULL, (const unsigned char *)text,
			     strlen(text), sk);
	sodium_bin2hex(sig_hex, 129, sig, sizeof(sig));
	return GA_OK;
}

static bool signature_ok(const char *kind, int64_t seq, const char *hash,
			 const char *sig_hex)
{
	const unsigned char *pk = keys_audit_public();
	unsigned char sig[crypto_sign_BYTES];
	size_t len = 0;
	char text[112];

	if (!pk ||
	    sodium_hex2bin(sig, sizeof(sig), sig_hex, strlen(sig_hex), NULL,
			   &len, NULL) ||
	    len != sizeof(sig))
		return false;
	head_text(kind, seq, hash, text);
	return !crypto_sign_verify_detached(sig, (const unsigned char *)text,
					    strlen(text), pk);
}

int audit_append(struct db *db, struct audit_entry *e)
{
	char sig[129], cp_sig[129];
	int rc;

	clock_now_text(e->ts);
	rc = store_audit_next(db, &e->seq, e->prev_hash);
	if (rc)
		return rc;
	audit_hash(e->prev_hash, e, e->hash);
	rc = store_audit_insert(db, e);
	if (!rc)
		rc = sign("head", e->seq, e->hash, sig);
	if (!rc)
		rc = store_audit_set_head(db, e->seq, e->hash, sig);
	if (!rc && e->seq % AUDIT_CHECKPOINT_EVERY == 0)
		rc = sign("checkpoint", e->seq, e->hash, cp_sig);
	if (!rc && e->seq % AUDIT_CHECKPOINT_EVERY == 0)
		rc = store_audit_checkpoint(db, e->seq, e->hash, e->ts, cp_sig);
	return rc;
}

int audit_append_tx(struct db *db, struct audit_entry *e)
{
	int rc = db_begin(db);

	if (!rc)
		rc = audit_append(db, e);
	if (!rc)
		rc = db_commit(db);
	if (rc)
		db_rollback(db);
	return rc;
}

struct walk {
	struct db *db;
	struct audit_problem *p;
	int64_t expect; /* the next sequence number */
	char prev_hash[65];
	bool failed;
};

static int problem(struct audit_problem *p, int64_t seq, const char *kind,
		   const char *detail)
{
	p->seq = seq;
	str_copy(p->kind, sizeof(p->kind), kind);
	str_copy(p->detail, sizeof(p->detail), detail);
	return GA_EINVAL;
}

static int walk_entry(const struct audit_entry *e, void *ctx)
{
	struct walk *w = ctx;
	char h[65];
	char detail[160];

	if (e->seq != w->expect) {
		snprintf(detail, sizeof(detail),
			 "entries %lld to %lld are missing",
			 (long long)w->expect, (long long)e->seq - 1);
		return problem(w->p, w->expect, "removed", detail);
	}
	audit_hash(e->prev_hash, e, h);
	if (strcmp(h, e->hash)) {
		snprintf(detail, sizeof(detail),
			 "entry %lld does not match its hash",
			 (long long)e->seq);
		return problem(w->p, e->seq, "altered", detail);
	}
	if (strcmp(e->prev_hash, w->prev_hash)) {
		int64_t other = 0;

		/* a chained entry that belongs elsewhere: moved, or its
		 * predecessor was removed and the rest renumbered */
		if (!store_audit_seq_of_hash(w->db, e->prev_hash, &other) &&
		    other > e->seq) {
			snprintf(detail, sizeof(detail),
				 "entry %lld follows entry %lld in the chain",
				 (long long)e->seq, (long long)other);
			return problem(w->p, e->seq, "reordered", detail);
		}
		snprintf(detail, sizeof(detail),
			 "the entry before %lld was removed or replaced",
			 (long long)e->seq);
		return problem(w->p, e->seq, "removed", detail);
	}
	str_copy(w->prev_hash, sizeof(w->prev_hash), e->hash);
	w->expect++;
	return GA_OK;
}

struct cp_walk {
	struct db *db;
	struct audit_problem *p;
	int64_t last;
};

static int check_checkpoint(const struct audit_checkpoint_row *c, void *ctx)
{
	struct cp_walk *w = ctx;
	char detail[160];

	if (!signature_ok("checkpoint", c->seq, c->hash, c->signature)) {
		snprintf(detail, sizeof(detail),
			 "checkpoint %lld has a bad signature",
			 (long long)c->seq);
		return problem(w->p, c->seq, "signature", detail);
	}
	if (c->seq <= w->last) {
		int64_t at = 0;

		if (store_audit_seq_of_hash(w->db, c->hash, &at) ||
		    at != c->seq) {
			snprintf(detail, sizeof(detail),
				 "entry %lld no longer has the hash its signed "
				 "checkpoint recorded",
				 (long long)c->seq);
			return problem(w->p, c->seq, "altered", detail);
		}
	}
	if (c->seq > w->last) {
		snprintf(detail, sizeof(detail),
			 "a signed checkpoint names entry %lld but the log "
			 "ends at %lld",
			 (long long)c->seq, (long long)w->last);
		return problem(w->p, w->last + 1, "cut", detail);
	}
	return GA_OK;
}

int audit_verify(struct db *db, int64_t *count, struct audit_problem *p)
{
	struct walk w = {.db = db, .p = p, .expect = 1};
	struct cp_walk cw = {.db = db, .p = p};
	char head_hash[65], head_sig[129], detail[160];
	int64_t head_seq = 0;
	int rc;

	memset(p, 0, sizeof(*p));
	memset(w.prev_hash, '0', 64);
	w.prev_hash[64] = '\0';
	*count = 0;
	rc = store_audit_each(db, walk_entry, &w);
	if (rc)
		return rc;
	*count = w.expect - 1;
	cw.last = w.expect - 1;
	rc = store_audit_checkpoints(db, check_checkpoint, &cw);
	if (rc)
		return rc;
	/* checkpoints name entries that must still have those hashes */
	rc = store_audit_get_head(db, &head_seq, head_hash, head_sig);
	if (rc)
		return rc;
	if (head_seq > cw.last) {
		snprintf(detail, sizeof(detail),
			 "the head names entry %lld but the log ends at %lld",
			 (long long)head_seq, (long long)cw.last);
		return problem(p, cw.last + 1, "cut", detail);
	}
	if (head_seq < cw.last || strcmp(head_hash, w.prev_hash)) {
		snprintf(detail, sizeof(detail),
			 "the log's last entry %lld is not the signed head",
			 (long long)cw.last);
		return problem(p, cw.last, "altered", detail);
	}
	if (head_seq && !signature_ok("head", head_seq, head_hash, head_sig)) {
		snprintf(detail, sizeof(detail),
			 "the head signature does not match entry %lld",
			 (long long)head_seq);
		return problem(p, head_seq, "signature", detail);
	}
	return GA_OK;
}
