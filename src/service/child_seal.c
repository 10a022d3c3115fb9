#include "service/child_seal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/keys.h"
#include "crypto/secret.h"
#include "service/child_service.h"
#include "util/buf.h"
#include "util/strutil.h"
#include "util/banned.h"

static int seal_field(const char *table, const char *column, const char *row,
		      char *field, size_t size)
{
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK; /* empty stays empty: nothing to hide */
	buf_init(&b, size - 1);
	rc = secret_seal(table, column, row, field, strlen(field), &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

static int open_field(const char *table, const char *column, const char *row,
		      char *field, size_t size)
{
	struct buf b;
	int rc;

	if (!field[0])
		return GA_OK;
	buf_init(&b, size - 1);
	rc = secret_open(table, column, row, field, &b);
	if (!rc)
		str_copy(field, size, b.ptr);
	buf_wipe(&b);
	return rc;
}

#define SEAL(col, f) (rc = rc ? rc : seal_field(tbl, col, row, f, sizeof(f)))
#define OPEN(col, f) (rc = rc ? rc : open_field(tbl, col, row, f, sizeof(f)))

/* the entrusted guardian's details, joined by 0x1f, sealed as one value */
static void guardian_join(const struct guardian_record *g, char *out,
			  size_t size)
{
	snprintf(out, size, "%s\x1f%s\x1f%s\x1f%s\x1f%s", g->name, g->id_number,
		 g->phone, g->relation, g->address);
}

static void guardian_split(const char *s, struct guardian_record *g)
{
	char *parts[5] = {g->name, g->id_number, g->phone, g->relation,
			  g->address};
	size_t sizes[5] = {sizeof(g->name), sizeof(g->id_number),
			   sizeof(g->phone), sizeof(g->relation),
			   sizeof(g->address)};

	for (int i = 0; i < 5; i++) {
		size_t n = strcspn(s, "\x1f");
		size_t k = n < sizes[i] - 1 ? n : sizes[i] - 1;

		memcpy(parts[i], s, k);
		parts[i][k] = '\0';
		s += n;
		if (*s)
			s++;
	}
}

int child_seal(struct child_record *r)
{
	const char *tbl = "child";
	char row[48];
	int rc = GA_OK;

	snprintf(row, sizeof(row), "%" PRId64, r->id);
	guardian_join(&r->guardian, r->guardian_sealed,
		      sizeof(r->guardian_sealed));
	if (!strcmp(r->guardian_sealed, "\x1f\x1f\x1f\x1f"))
		r->guardian_sealed[0] = '\0';
	SEAL("name", r->name);
	SEAL("id_number", r->id_number);
	SEAL("no_hukou_reason", r->no_hukou_reason);
	SEAL("address", r->address);
	SEAL("illness", r->illness);
	SEAL("guardian_detail", r->guardian_sealed);
	SEAL("notes", r->notes);
	tbl = "child_member";
	for (int i = 0; !rc && i < r->nfamily; i++) {
		struct member_record *m = &r->family[i];

		snprintf(row, sizeof(row), "%" PRId64 "/%d", r->id, i);
		SEAL("name", m->name);
		SEAL("id_number", m->id_number);
		SEAL("phone", m->phone);
	}
	return rc;
}

int child_open(struct child_record *r)
{
	const char *tbl = "child";
	char row[48];
	int rc = GA_OK;

	snprintf(row, sizeof(row), "%" PRId64, r->id);
	OPEN("name", r->name);
	OPEN("id_number", r->id_number);
	OPEN("no_hukou_reason", r->no_hukou_reason);
	OPEN("address", r->address);
	OPEN("illness", r->illness);
	OPEN("guardian_detail", r->guardian_sealed);
	OPEN("notes", r->notes);
	if (!rc)
		guardian_split(r->guardian_sealed, &r->guardian);
	tbl = "child_member";
	for (int i = 0; !rc && i < r->nfamily; i++) {
		struct member_record *m = &r->family[i];

		snprintf(row, sizeof(row), "%" PRId64 "/%d", r->id, i);
		OPEN("name", m->name);
		OPEN("id_number", m->id_number);
		OPEN("phone", m->phone);
	}
	return rc;
}

void child_index_of(const char *id_number, char out[8])
{
	char full[65];

	keyed_hash_hex(KEY_BLIND_INDEX, id_number, strlen(id_number), full);
	/* CHILD_INDEX_BITS = 20 bits: five hex digits */
	memcpy(out, full, CHILD_INDEX_BITS / 4);
	out[CHILD_INDEX_BITS / 4] = '\0';
}
