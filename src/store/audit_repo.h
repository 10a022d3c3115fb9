/* SQL of the audit log (see audit/audit.h for what it means). */
#ifndef GA_STORE_AUDIT_REPO_H
#define GA_STORE_AUDIT_REPO_H

#include <stdint.h>

#include "audit/audit.h"
#include "store/db.h"

/* Take the next sequence number (locks the head until commit). */
int store_audit_next(struct db *db, int64_t *seq, char prev_hash[65]);
int store_audit_insert(struct db *db, const struct audit_entry *e);
int store_audit_set_head(struct db *db, int64_t seq, const char *hash,
			 const char *signature);
int store_audit_get_head(struct db *db, int64_t *seq, char hash[65],
			 char signature[129]);
int store_audit_checkpoint(struct db *db, int64_t seq, const char *hash,
			   const char *ts, const char *signature);

/* every entry in sequence order */
int store_audit_each(struct db *db,
		     int (*fn)(const struct audit_entry *e, void *ctx),
		     void *ctx);
/* the seq of the entry whose hash is `hash`, or GA_ENOTFOUND */
int store_audit_seq_of_hash(struct db *db, const char *hash, int64_t *seq);

struct audit_checkpoint_row {
	int64_t seq;
	char hash[65];
	char ts[24];
	char signature[129];
};
int store_audit_checkpoints(struct db *db,
			    int (*fn)(const struct audit_checkpoint_row *c,
				      void *ctx),
			    void *ctx);

struct audit_filter {
	const char *from;   /* ts >= from, "" for none */
	const char *to;	    /* ts < to, "" for none */
	int64_t account_id; /* 0: any */
	const char *action; /* "" any; a trailing '.' matches a prefix */
	const char *object_type;
	const char *object_id;
	int64_t before_seq; /* keyset paging, newest first; 0: newest */
	int limit;
};
int store_audit_query(struct db *db, const struct audit_filter *f,
		      int (*fn)(const struct audit_entry *e, void *ctx),
		      void *ctx);

#endif
