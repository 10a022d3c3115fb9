/*
 * Entrusted-guardianship confirmations (委托监护确认书, POLICY.md A3.3):
 * record one for a child, correct it while it waits for signatures,
 * accept the signed scan, read them, and list what needs attention for
 * the worklist. The rules are domain/confirmation.h; each write is one
 * transaction with its audit entry. The parties (the parents' names and
 * phones; the entrusted guardian's name, ID number, birth date, phone,
 * relation and address) are sealed as one value bound to the row
 * (joined by 0x1f: the service layer does not use JSON), and so is the
 * scan. The child's name is never copied: it is read from the dossier.
 */
#ifndef GA_SERVICE_CONFIRMATION_H
#define GA_SERVICE_CONFIRMATION_H

#include "domain/confirmation.h"
#include "service/auth_service.h"
#include "store/confirmation_repo.h"
#include "util/buf.h"

#define CONFIRMATION_NAME_MAX	 64
#define CONFIRMATION_PHONE_MAX	 20
#define CONFIRMATION_SHORT_MAX	 32
#define CONFIRMATION_ADDRESS_MAX 200
#define CONFIRMATION_SCAN_MAX	 ((size_t)5 << 20) /* 5 MiB */

/* What a form sends; strings borrowed; optional ones NULL or "". */
struct idem_key;

struct confirmation_input {
	const char *period_start, *period_end; /* YYYY-MM-DD */
	const char *father_name, *father_phone;
	const char *mother_name, *mother_phone;
	const char *guardian_name;	 /* required */
	const char *guardian_id_number;	 /* this or the birth date */
	const char *guardian_birth_date; /* YYYY-MM-DD */
	const char *guardian_phone;	 /* required */
	const char *guardian_relation;	 /* required, e.g. 祖母, 舅舅 */
	const char *guardian_address;
	enum conf_answer checks[CONF_CHECK_COUNT];
	bool promises[CONF_PROMISE_COUNT];
	int64_t version; /* confirmations_update: the version read */
	/* an offline client's write: remembered in the same transaction */
	const struct idem_key *idem;
};

struct confirmation_parties {
	char father_name[CONFIRMATION_NAME_MAX + 1];
	char father_phone[CONFIRMATION_PHONE_MAX + 1];
	char mother_name[CONFIRMATION_NAME_MAX + 1];
	char mother_phone[CONFIRMATION_PHONE_MAX + 1];
	char guardian_name[CONFIRMATION_NAME_MAX + 1];
	char guardian_id_number[19];
	char guardian_birth_date[11];
	char guardian_phone[CONFIRMATION_PHONE_MAX + 1];
	char guardian_relation[CONFIRMATION_SHORT_MAX + 1];
	char guardian_address[CONFIRMATION_ADDRESS_MAX + 1];
};

/* One confirmation as readers get it: plain parties, parsed answers. */
struct confirmation {
	struct confirmation_row row; /* row.parties is cleared */
	struct confirmation_parties parties;
	struct confirmation_facts facts;
	const char *status;	   /* shown: pending, signed, expired */
	bool signable;		   /* the answers allow signing */
	struct conf_problem unfit; /* why not, when !signable */
};

/*
 * Record a confirmation (status pending) for child_id, a live dossier
 * within the caller's scope (GA_ENOTFOUND otherwise, GA_ECONFLICT when
 * archived). GA_EINVAL with the field named for bad input, e.g. an
 * entrusted guardian under 18 on the start date; nothing is written.
 */
int confirmations_create(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t child_id,
			 const struct confirmation_input *in, struct date today,
			 struct confirmation *out, struct ga_error *err);

/* Where a child stands: whether it needs one, and the state on today. */
struct confirmation_standing {
	bool required;
	enum conf_state state;
	struct date due;
};

/* A child's confirmations (newest first) and its standing. */
int confirmations_list(struct db *db, const struct principal *by,
		       int64_t child_id, struct date today,
		       struct confirmation_standing *standing,
		       int (*fn)(const struct confirmation *c, void *ctx),
		       void *ctx, struct ga_error *err);
int confirmations_get(struct db *db, const struct principal *by, int64_t id,
		      struct date today, struct confirmation *out,
		      struct ga_error *err);
/*
 * Replace a pending confirmation's period, parties, answers and promises;
 * in->version must be the current one (GA_ECONFLICT "stale_version"
 * otherwise; "not_pending" once signed).
 */
int confirmations_update(struct db *db, const struct principal *by,
			 const struct request_meta *m, int64_t id,
			 const struct confirmation_input *in, struct date today,
			 struct confirmation *out, struct ga_error *err);
/*
 * The signed scan of a pending confirmation: mime is image/jpeg, image/png
 * or application/pdf as the bytes' magic says (GA_EUNSUPPORTED otherwise,
 * GA_EINVAL when empty, GA_ETOOBIG past CONFIRMATION_SCAN_MAX). Refused
 * with GA_ECONFLICT when the answers bar signing or it is signed already.
 * The confirmation becomes signed.
 */
int confirmations_sign(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       const void *data, size_t len, struct date today,
		       struct confirmation *out, struct ga_error *err);
/* The scan's bytes into out (cap ≥ CONFIRMATION_SCAN_MAX) and its type;
 * audited as "confirmation.scan". */
int confirmations_scan(struct db *db, const struct principal *by,
		       const struct request_meta *m, int64_t id,
		       struct buf *out, char mime[32], struct ga_error *err);
/* "image/jpeg", "image/png", "application/pdf", or NULL */
const char *confirmation_scan_type(const void *data, size_t len);

/* One child that needs attention. */
struct confirmation_due {
	int64_t child_id;
	const char *region;    /* the child's village, borrowed for the call */
	enum conf_state state; /* missing, expired, expiring or pending */
	struct date due;       /* see confirmation_state() */
};

/*
 * Every live (not archived) child whose village code starts with
 * scope_prefix ("" for all), who needs a confirmation and whose
 * confirmations are missing, expired, expiring (signed, ending within
 * CONFIRMATION_EXPIRING_DAYS of today) or pending (recorded, unsigned):
 * fn is called once per such child, in child id order; a nonzero return
 * from fn stops the walk and is returned. Children whose confirmation is
 * signed and in force, or who need none, are skipped. One SQL query (the
 * children with an entrusted guardian, their parents' situations and
 * their confirmations folded by the database), no decryption, no audit:
 * cheap enough for a worklist of a county.
 */
int confirmations_due(struct db *db, const char *scope_prefix,
		      struct date today,
		      int (*fn)(const struct confirmation_due *d, void *ctx),
		      void *ctx);

#endif
