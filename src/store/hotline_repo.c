#include "store/hotline_repo.h"

#include <string.h>

#include "store/scope.h"
#include "util/strutil.h"
#include "util/banned.h"

#define COLS                                                                   \
	"id, region, received_at, caller_type, callback, matter, "             \
	"COALESCE(child_id, 0), class, emergency, status, report_id, "         \
	"case_id, callback_at, callback_by, callback_note, closed_at, "        \
	"created_by, created_at, version"

static const char sql_insert[] =
    "INSERT INTO hotline_call (region, received_at, caller_type, child_id, "
    "class, emergency, status, created_by, created_at, version) VALUES ($1, "
    "$2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id";
static const char sql_update[] =
    "UPDATE hotline_call SET callback = $3, matter = $4, status = $5, "
    "report_id = $6, case_id = $7, callback_at = $8, callback_by = $9, "
    "callback_note = $10, closed_at = $11, class = $12, emergency = $13, "
    "version = version + 1 WHERE id = $1 AND version = $2";
static const char sql_get[] = "SELECT " COLS " FROM hotline_call WHERE id = $1 "
			      "AND region >= $2 AND region < $3";
static const char sql_list[] =
    "SELECT " COLS " FROM hotline_call WHERE region >= $1 AND region < $2 "
    "AND ($3 = 0 OR id < $3) ORDER BY id DESC LIMIT $4";
static const char sql_rule_count[] = "SELECT COUNT(*) FROM case_deadline_rule";
static const char sql_rule_put[] =
    "INSERT INTO case_deadline_rule (rule_key, event, hours, who, source, "
    "confirmed, position) VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char sql_rules[] =
    "SELECT rule_key, event, hours, who, source, confirmed FROM "
    "case_deadline_rule ORDER BY position, rule_key";

#define BT(i, v) (rc = rc ? rc : db_bind_text(st, (i), (v)))
#define BI(i, v) (rc = rc ? rc : db_bind_int64(st, (i), (v)))
#define CT(f, c) str_copy(f, sizeof(f), db_column_text(st, (c)))

static void read_call(struct db_stmt *st, struct hotline_call_row *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_column_int64(st, 0);
	CT(c->region, 1);
	CT(c->received_at, 2);
	CT(c->caller_type, 3);
	CT(c->callback, 4);
	CT(c->matter, 5);
	c->child_id = db_column_int64(st, 6);
	CT(c->class_, 7);
	c->emergency = db_column_int64(st, 8) != 0;
	CT(c->status, 9);
	c->report_id = db_column_int64(st, 10);
	c->case_id = db_column_int64(st, 11);
	CT(c->callback_at, 12);
	c->callback_by = db_column_int64(st, 13);
	CT(c->callback_note, 14);
	CT(c->closed_at, 15);
	c->created_by = db_column_int64(st, 16);
	CT(c->created_at, 17);
	c->version = db_column_int64(st, 18);
}

int store_hotline_insert(struct db *db, struct hotline_call_row *c)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_insert, &st);

	BT(1, c->region);
	BT(2, c->received_at);
	BT(3, c->caller_type);
	if (!rc)
		rc = c->child_id ? db_bind_int64(st, 4, c->child_id)
				 : db_bind_null(st, 4);
	BT(5, c->class_);
	BI(6, c->emergency ? 1 : 0);
	BT(7, c->status);
	BI(8, c->created_by);
	BT(9, c->created_at);
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		c->id = db_column_int64(st, 0);
		c->version = 1;
		rc = GA_OK;
	} else if (!rc || rc == GA_DONE) {
		rc = GA_EDB;
	}
	db_finalize(st);
	return rc;
}

int store_hotline_update(struct db *db, const struct hotline_call_row *c)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_update, &st);

	BI(1, c->id);
	BI(2, c->version);
	BT(3, c->callback);
	BT(4, c->matter);
	BT(5, c->status);
	BI(6, c->report_id);
	BI(7, c->case_id);
	BT(8, c->callback_at);
	BI(9, c->callback_by);
	BT(10, c->callback_note);
	BT(11, c->closed_at);
	BT(12, c->class_);
	BI(13, c->emergency ? 1 : 0);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	if (!rc && db_changes(st) != 1)
		rc = GA_ECONFLICT;
	db_finalize(st);
	return rc;
}

int store_hotline_get(struct db *db, int64_t id, const char *scope_prefix,
		      struct hotline_call_row *out)
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
		read_call(st, out);
		rc = GA_OK;
	} else if (rc == GA_DONE) {
		rc = GA_ENOTFOUND;
	}
	db_finalize(st);
	return rc;
}

int store_hotline_list(struct db *db, const char *scope_prefix,
		       int64_t before_id, int limit,
		       int (*fn)(const struct hotline_call_row *c, void *ctx),
		       void *ctx)
{
	static __thread struct hotline_call_row c;
	struct scope_range sr;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_list, &st);

	scope_range_of(scope_prefix, &sr);
	BT(1, sr.lo);
	BT(2, sr.hi);
	BI(3, before_id);
	BI(4, limit);
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		read_call(st, &c);
		rc = fn(&c, ctx);
	}
	if (rc == GA_DONE)
		rc = GA_OK;
	db_finalize(st);
	memset(&c, 0, sizeof(c));
	return rc;
}

int store_deadline_rule_count(struct db *db, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rule_count, &st);

	*n = 0;
	if (!rc)
		rc = db_step(st);
	if (rc == GA_ROW) {
		*n = db_column_int64(st, 0);
		rc = GA_OK;
	}
	db_finalize(st);
	return rc;
}

int store_deadline_rule_put(struct db *db, const struct deadline_rule *r,
			    int position)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rule_put, &st);

	BT(1, r->key);
	BT(2, r->event);
	BI(3, r->hours);
	BT(4, r->who);
	BT(5, r->source);
	BI(6, r->confirmed ? 1 : 0);
	BI(7, position);
	if (!rc)
		rc = db_step(st) == GA_DONE ? GA_OK : GA_EDB;
	db_finalize(st);
	return rc;
}

int store_deadline_rules(struct db *db, struct deadline_rule *out, int max,
			 int *n)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql_rules, &st);

	*n = 0;
	while (!rc && (rc = db_step(st)) == GA_ROW) {
		struct deadline_rule *r = &out[*n];

		if (*n == max)
			break;
		memset(r, 0, sizeof(*r));
		CT(r->key, 0);
		CT(r->event, 1);
		r->hours = (int)db_column_int64(st, 2);
		CT(r->who, 3);
		CT(r->source, 4);
		r->confirmed = db_column_int64(st, 5) != 0;
		(*n)++;
		rc = GA_OK;
	}
	if (rc == GA_DONE || rc == GA_ROW)
		rc = GA_OK;
	db_finalize(st);
	return rc;
}
