/*
 * A visit as one record of text, for the sealed `details` column and the
 * revisions: "key\x1fvalue\x1e…" (values never hold \x1e or \x1f: texts
 * with control characters are refused before they get here). And the
 * plain columns of a visit row. Internal to src/service.
 */
#ifndef GA_SERVICE_VISIT_CODEC_H
#define GA_SERVICE_VISIT_CODEC_H

#include "service/visit_service.h"
#include "store/visit_repo.h"
#include "util/buf.h"

/* every recorded field of v into out (plain) */
int visit_encode(const struct visit *v, struct buf *out);
/* the fields of a record onto v; unknown keys are skipped */
void visit_decode(const char *text, struct visit *v);
/* the plain columns of r from v (details untouched) */
void visit_to_row(const struct visit *v, struct visit_row *r);
/* v from the plain columns of r (texts empty, details not opened) */
void visit_from_row(const struct visit_row *r, struct visit *v);

/* may `by` change a visit created at created_at now (visit_service.c)?
 * GA_EFORBIDDEN after the 7 days without visit.correct, GA_EINVAL for a
 * correction without a reason */
int visit_check_edit(const struct principal *by, const char *created_at,
		     const char *reason, struct ga_error *err);

#endif
