/*
 * Ledger export (信息台账导出, issue 4): the caller's current list of
 * children, within their scope and the filters of GET /api/v1/children,
 * as one CSV or XLSX ledger (io/ledger_export.h), for the API and the CLI
 * alike.
 *
 * - Every page of the list is walked first (keyset, in id order), keeping
 *   only the ids, so an export past the cap is refused before any dossier
 *   is read; then each child is read whole (family and guardian) through
 *   children_get, so scope and decryption are the registry's own. Cost:
 *   about 0.7 ms per child on SQLite (mostly decryption), so a full
 *   100,000-row export takes about a minute.
 * - ID numbers and phones (the child's, the parents', the entrusted
 *   guardian's) are masked unless the query asks to unmask, which needs
 *   child.unmask.
 * - Every export is audited: "child.export" with outcome "ok:N" (N rows),
 *   plus "child.export_unmask" when unmasked; both before any byte leaves.
 *   A refused export (too many rows) is audited as "failed:too_many_rows".
 * - At most CHILD_EXPORT_ROWS_MAX rows: beyond, GA_ETOOBIG with the code
 *   too_many_rows and a message asking for a narrower filter.
 * - 现居住地 is the village's name from the division registry, looked up
 *   once per village per export.
 */
#ifndef GA_SERVICE_CHILD_EXPORT_H
#define GA_SERVICE_CHILD_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "io/ledger_export.h"
#include "service/child_service.h"
#include "util/buf.h"

#define CHILD_EXPORT_ROWS_MAX 100000
/* cap of the bytes of one export (100,000 full rows fit) */
#define CHILD_EXPORT_BYTES_MAX ((size_t)256 << 20)

struct child_export_query {
	enum ledger_format format;
	struct child_query q; /* the list filters; strings are borrowed */
	int64_t age_min;      /* -1: none */
	int64_t age_max;      /* -1: none */
	bool unmask;
	long max_rows; /* 0: CHILD_EXPORT_ROWS_MAX */
	char birth_from[11], birth_to[11];
	char region[13];	/* the region filter as given */
	char region_prefix[13]; /* its significant digits */
};

void child_export_query_init(struct child_export_query *x,
			     enum ledger_format format);
/*
 * Set one filter by its query-parameter name: region, category, key_flag,
 * school_status, guardianship_level, age_min, age_max, name, archived
 * (0, 1, all), unmask (0, 1). `value` is borrowed until the export ends.
 * GA_EINVAL (invalid_filter, or unknown_parameter) with the field named.
 */
int child_export_filter(struct child_export_query *x, const char *key,
			const char *value, struct ga_error *err);

/*
 * Write the ledger for `by` into out (whose cap bounds it; see
 * CHILD_EXPORT_BYTES_MAX); *rows gets the number of children. GA_EFORBIDDEN
 * without child.read, or child.unmask when unmasking; GA_ENOTFOUND for a
 * region filter outside the scope; GA_ETOOBIG past the row cap.
 */
int children_export(struct db *db, const struct principal *by,
		    const struct request_meta *m, struct child_export_query *x,
		    struct date today, struct buf *out, long *rows,
		    struct ga_error *err);

/*
 * The principal an offline export acts as (CLI --as): the account's role
 * and scope, as a login would give them. GA_ENOTFOUND for an unknown
 * username, GA_EFORBIDDEN for a disabled account.
 */
int child_export_principal(struct db *db, const char *username,
			   struct principal *out, struct ga_error *err);

#endif
