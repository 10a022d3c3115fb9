/*
 * The parents' own reports (外出务工父母报备, parent_report table). A report
 * belongs to the village whose public form it came through; every read and
 * every change of state takes the caller's scope and filters by it in SQL.
 * Sealed columns hold what the service sealed (crypto/secret.h); the
 * repository never sees their plain text. Plain values; no owned memory.
 */
#ifndef GA_STORE_PARENT_REPORT_REPO_H
#define GA_STORE_PARENT_REPORT_REPO_H

#include <stdint.h>

#include "domain/child_record.h"
#include "store/db.h"

#define PARENT_REPORT_NAME_MAX	 64
#define PARENT_REPORT_PHONE_MAX	 20
#define PARENT_REPORT_PLACE_MAX	 100
#define PARENT_REPORT_SHORT_MAX	 32
#define PARENT_REPORT_NOTE_MAX	 500
#define PARENT_REPORT_REASON_MAX 200

struct parent_report_row {
	int64_t id;
	char region[13];  /* the village of the form */
	char status[12];  /* pending, confirmed, rejected */
	char relation[8]; /* father, mother */
	char child_name[SEALED(PARENT_REPORT_NAME_MAX)];  /* [id] */
	char parent_name[SEALED(PARENT_REPORT_NAME_MAX)]; /* [id] */
	char phone[SEALED(PARENT_REPORT_PHONE_MAX)];	  /* [id] */
	char work_place[PARENT_REPORT_PLACE_MAX + 1];	  /* province, city */
	char carer_name[SEALED(PARENT_REPORT_NAME_MAX)];  /* [id] */
	char carer_relation[PARENT_REPORT_SHORT_MAX + 1];
	char carer_phone[SEALED(PARENT_REPORT_PHONE_MAX)]; /* [id] */
	char note[SEALED(PARENT_REPORT_NOTE_MAX)];	   /* [id] */
	char created_at[24];
	int64_t handled_by;
	char handled_at[24];
	int64_t child_id;			       /* 0 until confirmed */
	char reason[SEALED(PARENT_REPORT_REASON_MAX)]; /* [id] of a rejection */
};

/* insert as given (status pending); sets r->id */
int store_parent_report_insert(struct db *db, struct parent_report_row *r);
/* write the sealed columns of row r->id (sealing needs the id first) */
int store_parent_report_seal(struct db *db, const struct parent_report_row *r);
/* by id within scope; GA_ENOTFOUND when absent or outside it */
int store_parent_report_get(struct db *db, const char *scope_prefix, int64_t id,
			    struct parent_report_row *out);
/*
 * pending → status (confirmed with child_id, or rejected with the sealed
 * reason), within scope; GA_ECONFLICT when the report is not pending.
 */
int store_parent_report_finish(struct db *db, const char *scope_prefix,
			       int64_t id, const char *status, int64_t by,
			       const char *at, int64_t child_id,
			       const char *reason);
/* confirmed → pending again, when applying it to the dossier failed */
int store_parent_report_reopen(struct db *db, int64_t id);
/* newest first, at most 500; status NULL or "" for all */
int store_parent_report_list(
    struct db *db, const char *scope_prefix, const char *status,
    int (*fn)(const struct parent_report_row *r, void *ctx), void *ctx);

#endif
