#include "store/child_repo.h"

#include <stdio.h>
#include <string.h>

#include "store/child_codes.h"
#include "store/scope.h"
#include "util/buf.h"
#include "util/strutil.h"
#include "util/banned.h"

#define CHILD_COLUMNS                                                          \
	"id, region, version, archived, archive_reason, name, id_number, "     \
	"id_index, no_hukou, no_hukou_reason, sex, birth_date, ethnicity, "    \
	"hukou_place, rural_hukou, address, school_status, school_since, "     \
	"boarding, school_name, grade, health, illness, serious_illness, "     \
	"disability_category, disability_grade, assistance, "                  \
	"economic_hardship, guardian_type, guardian_detail, "                  \
	"guardianship_level, lives_alone, notes, categories, key_flags, "      \
	"created_at, created_by, updated_at, updated_by"

static const char sql_insert[] =
    "INSERT INTO child (region, version, archived, archive_reason, name, "
    "id_number, id_index, no_hukou, no_hukou_reason, sex, birth_date, "
    "ethnicity, hukou_place, rural_hukou, address, school_status, "
    "school_since, boarding, school_name, grade, health, illness, "
    "serious_illness, disability_category, disability_grade, assistance, "
    "economic_hardship, guardian_type, guardian_detail, "
    "guardianship_level, lives_alone, notes, categories, key_flags, "
    "created_at, created_by, updated_at, updated_by) VALUES ($1, 1, $2, "
    "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
    "$18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, "
    "$32, $33, $34, $35, $34, $35) RETURNING id";
static const char sql_update[] =
    "UPDATE child SET region = $1, version = version + 1, archived = $2, "
    "archive_reason = $3, name = $4, id_number = $5, id_index = $6, "
    "no_hukou = $7, no_hukou_reason = $8, sex = $9, birth_date = $10, "
    "ethnicity = $11, hukou_place = $12, rural_hukou = $13, address = $14, "
    "school_status = $15, school_since = $16, boarding = $17, "
    "school_name = $18, grade = $19, health = $20, illness = $21, "
    "serious_illness = $22, disability_category = $23, "
    "disability_grade = $24, assistance = $25, economic_hardship = $26, "
    "guardian_type = $27, guardian_detail = $28, guardianship_level = $29, "
    "lives_alone = $30, notes = $31, categories = $32, key_flags = $33, "
    "updated_at = $34, updated_by = $35 "
    "WHERE id = $36 AND version = $37 AND region >= $38 AND region < $39";
static const char sql_rewrite[] =
    "UPDATE child SET region = $1, archived = $2, "
    "archive_reason = $3, name = $4, id_number = $5, id_index = $6, "
    "no_hukou = $7, no_hukou_reason = $8, sex = $9, birth_date = $10, "
    "ethnicity = $11, hukou_place = $12, rural_hukou = $13, address = $14, "
    "school_status = $15, school_since = $16, boarding = $17, "
    "school_name = $18, grade = $19, health = $20, illness = $21, "
    "serious_illness = $22, disability_category = $23, "
    "disability_grade = $24, assistance = $25, economic_hardship = $26, "
    "guardian_type = $27, guardian_detail = $28, guardianship_level = $29, "
    "lives_alone = $30, notes = $31, categories = $32, key_flags = $33 "
    "WHERE id = $34";
static const char sql_version[] =
    "SELECT version FROM child WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_get[] =
    "SELECT " CHILD_COLUMNS " FROM child WHERE id = $1 AND region >= $2 "
    "AND region < $3";
static const char sql_by_index[] =
    "SELECT " CHILD_COLUMNS " FROM child WHERE id_index = $1 ORDER BY id "
    "LIMIT 1000";
static const char sql_same_birth[] =
    "SELECT " CHILD_COLUMNS " FROM child WHERE region = $1 AND "
    "birth_date = $2 AND archived = 0 ORDER BY id LIMIT 1000";
static const char sql_list[] =
    "SELECT " CHILD_COLUMNS " FROM child WHERE region >= $1 AND region < $2 "
    "AND region >= $3 AND region < $4 "
    "AND (CAST($5 AS TEXT) = '' OR categories LIKE $5) "
    "AND (CAST($6 AS TEXT) = '' OR key_flags LIKE $6) "
    "AND (CAST($7 AS TEXT) = '' OR school_status = $7) "
    "AND (CAST($8 AS TEXT) = '' OR guardianship_level = $8) "
    "AND (CAST($9 AS TEXT) = '' OR birth_date >= $9) "
    "AND (CAST($10 AS TEXT) = '' OR birth_date <= $10) "
    "AND (CAST($11 AS TEXT) = '' OR id_index = $11) "
    "AND (CAST($12 AS BIGINT) < 0 OR archived = $12) "
    "AND (CAST($15 AS BIGINT) = 0 OR employment_referral = 1) "
    "AND id > $13 ORDER BY id LIMIT $14";
static const char sql_member_delete[] =
    "DELETE FROM child_member WHERE child_id = $1";
static const char sql_member_insert[] =
    "INSERT INTO child_member (child_id, ord, region, relation, name, "
    "id_number, birth_date, phone, situation, since_date, until_date, "
    "police_accepted, work_place, disability_grade, disability_mental, "
    "contact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
    "$13, $14, $15, $16)";
static const char sql_members[] =
    "SELECT relation, name, id_number, birth_date, phone, situation, "
    "since_date, until_date, police_accepted, work_place, "
    "disability_grade, disability_mental, contact FROM child_member "
    "WHERE child_id = $1 ORDER BY ord";
#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))

/* binds $1..$35 of insert and $1..$35 of update identically */
static int bind_child(struct db_stmt *st, const struct child_record *r,
		      bool insert)
{
	char cats[200], flags[200], aid[200];
	int rc = GA_OK;
	int o = insert ? 0 : 1; /* update has version at no slot: same */

	(void)o;
	store_ids_text(r->categories, false, cats, sizeof(cats));
	store_ids_text(r->key_flags, true, flags, sizeof(flags));
	store_assistance_text(r->assistance, aid, sizeof(aid));
	BT(1, r->region);
	BI(2, r->archived);
	BT(3, r->archive_reason);
	BT(4, r->name);
	BT(5, r->id_number);
	BT(6, r->id_index);
	BI(7, r->no_hukou);
	BT(8, r->no_hukou_reason);
	BT(9, r->sex == SEX_FEMALE ? "female" : "male");
	BT(10, r->birth_date);
	BT(11, r->ethnicity);
	BT(12, r->hukou_place);
	BI(13, r->rural_hukou);
	BT(14, r->address);
	BT(15, school_status_id(r->school));
	BT(16, r->school_since);
	BI(17, r->boarding);
	BT(18, r->school_name);
	BT(19, r->grade);
	BT(20, health_id(r->health));
	BT(21, r->illness);
	BI(22, r->serious_illness);
	BT(23, r->disability_category);
	BI(24, r->disability_grade);
	BT(25, aid);
	BI(26, r->economic_hardship);
	BT(27, guardian_type_id(r->guardian.type));
	BT(28, r->guardian_sealed);
	BT(29, guardianship_level_id(r->guardianship));
	BI(30, r->lives_alone);
	BT(31, r->notes);
	BT(32, cats);
	BT(33, flags);
	return rc;
}

static void read_child(struct db_stmt *st, struct child_record *r)
{
	int e;

	memset(r, 0, sizeof(*r));
	r->id = db_column_int64(st, 0);
	str_copy(r->region, sizeof(r->region), db_column_text(st, 1));
	r->version = db_column_int64(st, 2);
	r->archived = db_column_int64(st, 3) != 0;
	str_copy(r->archive_reason, sizeof(r->archive_reason),
		 db_column_text(st, 4));
	str_copy(r->name, sizeof(r->name), db_column_text(st, 5));
	str_copy(r->id_number, sizeof(r->id_number), db_column_text(st, 6));
	str_copy(r->id_index, sizeof(r->id_index), db_column_text(st, 7));
	r->no_hukou = db_column_int64(st, 8) != 0;
	str_copy(r->no_hukou_reason, sizeof(r->no_hukou_reason),
		 db_column_text(st, 9));
	r->sex =
	    !strcmp(db_column_text(st, 10), "female") ? SEX_FEMALE : SEX_MALE;
	str_copy(r->birth_date, sizeof(r->birth_date), db_column_text(st, 11));
	str_copy(r->ethnicity, sizeof(r->ethnicity), db_column_text(st, 12));
	str_copy(r->hukou_place, sizeof(r->hukou_place),
		 db_column_text(st, 13));
	r->rural_hukou = db_column_int64(st, 14) != 0;
	str_copy(r->address, sizeof(r->address), db_column_text(st, 15));
	e = school_status_from(db_column_text(st, 16));
	r->school = e < 0 ? SCHOOL_NOT_ENROLLED : (enum school_status)e;
	str_copy(r->school_since, sizeof(r->school_since),
		 db_column_text(st, 17));
	r->boarding = db_column_int64(st, 18) != 0;
	str_copy(r->school_name, sizeof(r->school_name),
		 db_column_text(st, 19));
	str_copy(r->grade, sizeof(r->grade), db_column_text(st, 20));
	e = health_from(db_column_text(st, 21));
	r->health = e < 0 ? HEALTH_HEALTHY : (enum health)e;
	str_copy(r->illness, sizeof(r->illness), db_column_text(st, 22));
	r->serious_illness = db_column_int64(st, 23) != 0;
	str_copy(r->disability_category, sizeof(r->disability_category),
		 db_column_text(st, 24));
	r->disability_grade = (int)db_column_int64(st, 25);
	r->assistance = store_assistance_bits(db_column_text(st, 26));
	r->economic_hardship = db_column_int64(st, 27) != 0;
	e = guardian_type_from(db_column_text(st, 28));
	r->guardian.type = e < 0 ? GUARDIAN_NONE : (enum guardian_type)e;
	str_copy(r->guardian_sealed, sizeof(r->guardian_sealed),
		 db_column_text(st, 29));
	e = guardianship_level_from(db_column_text(st, 30));
	r->guardianship = e < 0 ? GL_FAIR : (enum guardianship_level)e;
	r->lives_alone = db_column_int64(st, 31) != 0;
	str_copy(r->notes, sizeof(r->notes), db_column_text(st, 32));
	r->categories = store_ids_bits(db_column_text(st, 33), false);
	r->key_flags = store_ids_bits(db_column_text(st, 34), true);
	str_copy(r->created_at, sizeof(r->created_at), db_column_text(st, 35));
	r->created_by = db_column_int64(st, 36);
	str_copy(r->updated_at, sizeof(r->updated_at), db_column_text(st, 37));
	r->updated_by = db_column_int64(st, 38);
}

static int write_members(struct db *db, const struct child_record *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_member_delete, &st);

	BI(1, r->id);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	st = NULL;
	for (int i = 0; !rc && i < r->nfamily; i++) {
		const struct member_record *m = &r->family[i];

		rc = db_prepare(db, sql_member_insert, &st);
		BI(1, r->id);
		BI(2, i);
		BT(3, r->region);
		BT(4, relation_id(m->relation));
		BT(5, m->name);
		BT(6, m->id_number);
		BT(7, m->birth_date);
		BT(8, m->phone);
		BT(9, situation_id(m->situation));
		BT(10, m->since);
		BT(11, m->until);
		BT(12, m->police_accepted);
		BT(13, m->work_place);
		BI(14, m->disability_grade);
		BI(15, m->disability_mental);
		BT(16, m->contact);
		if (!rc)
			rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
		db_finalize(st);
		st = NULL;
	}
	return rc;
}

static int read_members(struct db *db, struct child_record *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_members, &st);

	BI(1, r->id);
	r->nfamily = 0;
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		struct member_record *m;
		int e;

		rc = GA_OK;
		if (r->nfamily == CHILD_FAMILY_MAX)
			break;
		m = &r->family[r->nfamily++];
		memset(m, 0, sizeof(*m));
		e = relation_from(db_column_text(st, 0));
		m->relation = e < 0 ? REL_OTHER : (enum relation)e;
		str_copy(m->name, sizeof(m->name), db_column_text(st, 1));
		str_copy(m->id_number, sizeof(m->id_number),
			 db_column_text(st, 2));
		str_copy(m->birth_date, sizeof(m->birth_date),
			 db_column_text(st, 3));
		str_copy(m->phone, sizeof(m->phone), db_column_text(st, 4));
		e = situation_from(db_column_text(st, 5));
		m->situation = e < 0 ? SIT_HOME : (enum situation)e;
		str_copy(m->since, sizeof(m->since), db_column_text(st, 6));
		str_copy(m->until, sizeof(m->until), db_column_text(st, 7));
		str_copy(m->police_accepted, sizeof(m->police_accepted),
			 db_column_text(st, 8));
		str_copy(m->work_place, sizeof(m->work_place),
			 db_column_text(st, 9));
		m->disability_grade = (int)db_column_int64(st, 10);
		m->disability_mental = db_column_int64(st, 11) != 0;
		str_copy(m->contact, sizeof(m->contact),
			 db_column_text(st, 12));
	}
	if (rc == GA_DONE || rc == GA_ROW)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_child_insert(struct db *db, struct child_record *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	if (!rc)
		rc = bind_child(st, r, true);
	BT(34, r->created_at);
	BI(35, r->created_by);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		r->id = db_column_int64(st, 0);
		r->version = 1;
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	} else if (rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	if (!rc)
		rc = write_members(db, r);
	return rc;
}

int store_child_update(struct db *db, const char *scope_prefix,
		       struct child_record *r)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	scope_range_of(scope_prefix, &sr);
	if (!rc)
		rc = bind_child(st, r, false);
	BT(34, r->updated_at);
	BI(35, r->updated_by);
	BI(36, r->id);
	BI(37, r->version);
	BT(38, sr.lo);
	BT(39, sr.hi);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1) {
		/* absent, out of scope, or a newer version: which one? */
		db_finalize(st);
		st = NULL;
		rc = db_prepare(db, sql_version, &st);
		BI(1, r->id);
		BT(2, sr.lo);
		BT(3, sr.hi);
		if (!rc)
			rc =
			    db_step(st) == GA_ROW ? GA_ECONFLICT : GA_ENOTFOUND;
	}
	db_finalize(st);
	if (!rc) {
		r->version++;
		rc = write_members(db, r);
	}
	return rc;
}

int store_child_rewrite(struct db *db, const struct child_record *r)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rewrite, &st);

	if (!rc)
		rc = bind_child(st, r, false);
	BI(34, r->id);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ENOTFOUND;
	db_finalize(st);
	if (!rc)
		rc = write_members(db, r);
	return rc;
}

int store_child_get(struct db *db, const char *scope_prefix, int64_t id,
		    struct child_record *out)
{
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_get, &st);

	scope_range_of(scope_prefix, &sr);
	BI(1, id);
	BT(2, sr.lo);
	BT(3, sr.hi);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		read_child(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	if (!rc)
		rc = read_members(db, out);
	return rc;
}

int store_child_by_index(struct db *db, const char *bucket,
			 int (*fn)(const struct child_record *r, void *ctx),
			 void *ctx)
{
	struct child_record *r = NULL;
	struct db_stmt *st = NULL;
	static __thread struct child_record row;
	int rc = db_prepare(db, sql_by_index, &st);

	BT(1, bucket);
	r = &row;
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_child(st, r);
		rc = fn(r, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_child_same_birth(struct db *db, const char *village,
			   const char *birth_date,
			   int (*fn)(const struct child_record *r, void *ctx),
			   void *ctx)
{
	static __thread struct child_record row;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_same_birth, &st);

	BT(1, village);
	BT(2, birth_date);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_child(st, &row);
		rc = fn(&row, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}

int store_child_list(struct db *db, const struct child_filter *f,
		     int (*fn)(const struct child_record *r, void *ctx),
		     void *ctx)
{
	static __thread struct child_record row;
	struct scope_range sr, rr;
	char cat[48] = "", flag[48] = "";
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(f->scope_prefix, &sr);
	scope_range_of(f->region ? f->region : "", &rr);
	if (f->category)
		snprintf(cat, sizeof(cat), "%% %s %%", f->category);
	if (f->key_flag)
		snprintf(flag, sizeof(flag), "%% %s %%", f->key_flag);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BT(3, rr.lo);
	BT(4, rr.hi);
	BT(5, cat);
	BT(6, flag);
	BT(7, f->school_status ? f->school_status : "");
	BT(8, f->guardianship_level ? f->guardianship_level : "");
	BT(9, f->birth_from ? f->birth_from : "");
	BT(10, f->birth_to ? f->birth_to : "");
	BT(11, f->id_index ? f->id_index : "");
	BI(12, f->archived);
	BI(13, f->after_id);
	BI(14, f->limit);
	BI(15, f->referral);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_child(st, &row);
		rc = fn(&row, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
