/*
 * The tamper-evident audit log (DESIGN.md, Audit).
 *
 * Every state change, login success and failure, denial and read of
 * unmasked sensitive data appends one entry. Each entry's hash is
 * BLAKE2b-256 over the previous entry's hash and the entry's canonical text,
 * so changing, removing or reordering an entry breaks the chain. The head
 * (last sequence and hash) is signed with Ed25519 on every append and a
 * signed checkpoint is kept every AUDIT_CHECKPOINT_EVERY entries; the signing
 * key lives outside the database, so cutting the tail or rewriting the
 * chain after an edit shows too.
 *
 * Entries carry no personal data: ids, codes and outcomes only.
 */
#ifndef GA_AUDIT_H
#define GA_AUDIT_H

#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"

#define AUDIT_CHECKPOINT_EVERY 100

struct audit_entry {
	int64_t seq;
	char ts[24];
	int64_t account_id; /* 0: nobody logged in */
	char role[24];
	char scope[13];
	char addr[48];
	char request_id[40];
	char action[48];      /* e.g. "session.create" */
	char object_type[24]; /* e.g. "account" */
	char object_id[40];
	char outcome[48]; /* "ok", "denied", "failed:bad_password" … */
	char prev_hash[65];
	char hash[65];
};

/*
 * Append e (seq, ts, hashes are filled in) inside the caller's open
 * transaction, so the entry commits or rolls back with the change it
 * describes. Needs the audit signing key (keys_load).
 */
int audit_append(struct db *db, struct audit_entry *e);
/* The same in a transaction of its own (logins, denials). */
int audit_append_tx(struct db *db, struct audit_entry *e);

/* canonical text and hash of an entry, exposed for tests */
void audit_canonical(const struct audit_entry *e, struct buf *out);
void audit_hash(const char *prev_hash, const struct audit_entry *e,
		char out[65]);

struct audit_problem {
	int64_t seq;   /* the first entry found wrong */
	char kind[16]; /* altered, removed, reordered, cut, signature */
	char detail[160];
};

/*
 * Walk the whole chain. GA_OK when intact (*count entries), GA_EINVAL with
 * the first problem otherwise. Needs the audit public key.
 */
int audit_verify(struct db *db, int64_t *count, struct audit_problem *p);

#endif
