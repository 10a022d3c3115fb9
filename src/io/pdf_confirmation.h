/*
 * The entrusted-guardianship confirmation (委托监护确认书) as a filled A4
 * PDF to print and sign (libharu, CJK font as in pdf_dossier.h): title,
 * the parties, the period, the entrusted guardian's statements of
 * 未成年人保护法 Art. 22 with the answers recorded, the parents' promises
 * of Art. 23, and signature lines for the father, the mother, the
 * entrusted guardian and the village (residents') committee, each with a
 * date. Formatting only: the caller reads the record within its scope and
 * writes the audit entry. Everything is borrowed for the call; the PDF is
 * appended to `out` (whose cap bounds it).
 */
#ifndef GA_IO_PDF_CONFIRMATION_H
#define GA_IO_PDF_CONFIRMATION_H

#include <stdint.h>

#include "domain/confirmation.h"
#include "util/buf.h"
#include "util/result.h"

struct pdf_confirmation_doc {
	int64_t id;
	const char *child_name, *child_birth_date, *child_address;
	const char *father_name, *father_phone;
	const char *mother_name, *mother_phone;
	const char *guardian_name, *guardian_id_number, *guardian_birth_date;
	const char *guardian_phone, *guardian_relation, *guardian_address;
	const char *period_start, *period_end; /* YYYY-MM-DD */
	enum conf_answer checks[CONF_CHECK_COUNT];
	bool promises[CONF_PROMISE_COUNT];
};

/* GA_EIO when the font cannot be read or libharu fails; err says so. */
int pdf_confirmation(const struct pdf_confirmation_doc *d,
		     const char *font_path, const char *printed_by,
		     const char *printed_at, struct buf *out,
		     struct ga_error *err);

#endif
