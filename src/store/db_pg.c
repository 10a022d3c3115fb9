/*
 * The PostgreSQL driver (libpq), one `struct db_ops` instance: db_pg_ops.
 *
 * Statements are not prepared on the server: db_step() sends the SQL and the
 * bound values with PQexecParams() (text format both ways), which keeps one
 * round trip per statement and lets the server infer parameter types.
 *
 * Parameters: prepare scans the SQL for `$N` (outside quotes and comments);
 * the highest N is the number of parameters sent. Unbound ones go as NULL,
 * as SQLite does; binding an index the SQL does not use is GA_EINVAL.
 *
 * Ownership: the statement owns copies of its SQL and bound values; the
 * PGresult lives until the next reset or finalize, so column text is borrowed
 * until then (stricter callers may assume "until the next step", per db.h).
 *
 * Database messages go to the log ("db_pg: …") and to errmsg(), never to a
 * ga_error.
 */
#include "store/db.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "util/log.h"
#include "util/result.h"
#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define PG_MAX_PARAMS 64
/* pg_type.h is a server header; the OID of `boolean` is fixed. */
#define PG_BOOLOID 16

struct pg_db {
	struct db base;
	PGconn *conn;
	bool in_tx;
	char errbuf[256];
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;
	int nparams; /* highest $N in sql */
	char *values[PG_MAX_PARAMS];
	PGresult *res;
	bool executed;
	int result; /* of the execution: GA_OK or an error */
	int row;    /* current row, -1 before the first */
	int nrows;
	int64_t changes;
};

static struct pg_db *to_pg(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *to_stmt(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

static void pg_discard_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/*
 * Remember a message for errmsg() and log it, on one line: newlines and tabs
 * become spaces, trailing ones go.
 */
static void pg_note_error(struct pg_db *pdb, const char *msg)
{
	size_t n;

	if (!msg || !*msg)
		msg = "unknown error";
	str_copy(pdb->errbuf, sizeof(pdb->errbuf), msg);
	for (n = 0; pdb->errbuf[n]; n++)
		if (pdb->errbuf[n] == '\n' || pdb->errbuf[n] == '\t')
			pdb->errbuf[n] = ' ';
	while (n && pdb->errbuf[n - 1] == ' ')
		pdb->errbuf[--n] = '\0';
	log_error("db_pg: %s", pdb->errbuf);
}

static int pg_map_sqlstate(const char *state)
{
	static const struct {
		const char *state;
		int result;
	} map[] = {
	    {"23505", GA_ECONFLICT}, /* unique_violation */
	    {"23P01", GA_ECONFLICT}, /* exclusion_violation */
	    {"23503", GA_EINVAL},    /* foreign_key_violation */
	    {"23502", GA_EINVAL},    /* not_null_violation */
	    {"23514", GA_EINVAL},    /* check_violation */
	    {"40001", GA_EBUSY},     /* serialization_failure */
	    {"40P01", GA_EBUSY},     /* deadlock_detected */
	};
	size_t i;

	if (!state)
		return GA_EDB;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(state, map[i].state))
			return map[i].result;
	return GA_EDB;
}

/*
 * Map a failed (or missing) result to a ga_result, logging the message.
 * `res` may be NULL (out of memory, lost connection). Only the SQLSTATE and
 * the primary message are logged: the DETAIL of a constraint error quotes
 * the row ("Key (name)=(…)"), which is personal data.
 */
static int pg_fail(struct pg_db *pdb, const PGresult *res)
{
	const char *state, *primary;
	char msg[256];

	if (!res || PQresultStatus(res) != PGRES_FATAL_ERROR) {
		pg_note_error(pdb, res ? PQresultErrorMessage(res)
				       : PQerrorMessage(pdb->conn));
		return GA_EDB;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (state && primary) {
		snprintf(msg, sizeof(msg), "%s %s", state, primary);
		pg_note_error(pdb, msg);
	} else {
		pg_note_error(pdb, PQresultErrorMessage(res));
	}
	return pg_map_sqlstate(state);
}

static bool pg_result_ok(const PGresult *res)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Run SQL without parameters; GA_OK or a mapped error. */
static int pg_run(struct pg_db *pdb, const char *sql)
{
	PGresult *res = PQexec(pdb->conn, sql);
	int rc = GA_OK;

	if (!pg_result_ok(res))
		rc = pg_fail(pdb, res);
	PQclear(res);
	return rc;
}

static int pg_session_setup(struct pg_db *pdb)
{
	PQsetNoticeProcessor(pdb->conn, pg_discard_notice, NULL);
	return pg_run(pdb, "SET client_encoding TO 'UTF8';"
			   "SET TIME ZONE 'UTC';"
			   "SET client_min_messages TO warning");
}

/*
 * A pooled connection may have been dropped by the server (restart, idle
 * timeout). Reconnect between transactions only: inside one, the work is
 * already lost and the caller must see the error and roll back.
 */
static int pg_ensure_conn(struct pg_db *pdb)
{
	if (PQstatus(pdb->conn) == CONNECTION_OK)
		return GA_OK;
	if (pdb->in_tx) {
		pg_note_error(pdb, "connection lost inside a transaction");
		return GA_EDB;
	}
	PQreset(pdb->conn);
	if (PQstatus(pdb->conn) != CONNECTION_OK) {
		pg_note_error(pdb, PQerrorMessage(pdb->conn));
		return GA_EDB;
	}
	return pg_session_setup(pdb);
}

static int pg_open(const char *url, struct db **out, struct ga_error *err)
{
	struct pg_db *pdb = xcalloc(1, sizeof(*pdb));
	int rc = GA_OK;

	*out = NULL;
	pdb->base.ops = &db_pg_ops;
	pdb->conn = PQconnectdb(url);
	if (!pdb->conn || PQstatus(pdb->conn) != CONNECTION_OK) {
		pg_note_error(pdb, pdb->conn ? PQerrorMessage(pdb->conn)
					     : "out of memory");
		rc = GA_EDB;
		goto out;
	}
	rc = pg_session_setup(pdb);
out:
	if (rc) {
		PQfinish(pdb->conn);
		free(pdb);
		return ga_error_set(err, GA_EDB, "db_unavailable", "db",
				    "无法连接数据库 (cannot connect to the "
				    "database)");
	}
	*out = &pdb->base;
	return GA_OK;
}

static void pg_close(struct db *db)
{
	struct pg_db *pdb = to_pg(db);

	if (!pdb)
		return;
	PQfinish(pdb->conn);
	free(pdb);
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg_db *pdb = to_pg(db);
	int rc = pg_ensure_conn(pdb);

	if (rc)
		return rc;
	return pg_run(pdb, sql);
}

static bool is_ident_char(char c)
{
	return c == '_' || c == '$' || (c >= '0' && c <= '9') ||
	       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (unsigned char)c >= 0x80;
}

/* Skip a quoted span starting at s[0] (the quote); '' or "" escape. */
static const char *skip_quoted(const char *s)
{
	char q = *s++;

	for (; *s; s++) {
		if (*s != q)
			continue;
		if (s[1] != q)
			return s + 1;
		s++;
	}
	return s;
}

/* Skip a $tag$…$tag$ string starting at s[0]; NULL when s is not one. */
static const char *skip_dollar_quoted(const char *s)
{
	const char *p = s + 1;
	const char *end;
	size_t taglen;

	while (is_ident_char(*p) && *p != '$')
		p++;
	if (*p != '$')
		return NULL;
	taglen = (size_t)(p - s) + 1;
	for (end = p + 1; *end; end++)
		if (*end == '$' && !strncmp(end, s, taglen))
			return end + taglen;
	return end;
}

/*
 * The highest $N in sql, outside strings, quoted identifiers and comments,
 * or -1 when some N is above PG_MAX_PARAMS.
 */
static int scan_params(const char *sql)
{
	const char *s = sql;
	int max = 0;

	while (*s) {
		if (*s == '\'' || *s == '"') {
			s = skip_quoted(s);
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			s = e ? e + 2 : s + strlen(s);
		} else if (*s == '$' && s > sql && is_ident_char(s[-1])) {
			s++; /* part of an identifier such as a$1 */
		} else if (*s == '$' && s[1] >= '0' && s[1] <= '9') {
			int64_t n;
			size_t len = strspn(s + 1, "0123456789");

			if (parse_int64n(s + 1, len, 1, PG_MAX_PARAMS, &n))
				return -1;
			if (n > max)
				max = (int)n;
			s += 1 + len;
		} else if (*s == '$') {
			const char *e = skip_dollar_quoted(s);

			s = e ? e : s + 1;
		} else {
			s++;
		}
	}
	return max;
}

static int pg_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct pg_db *pdb = to_pg(db);
	struct pg_stmt *st;
	int n = scan_params(sql);

	*out = NULL;
	if (n < 0) {
		pg_note_error(pdb, "too many parameters in a statement");
		return GA_EINVAL;
	}
	st = xcalloc(1, sizeof(*st));
	st->base.db = db;
	st->sql = xstrdup(sql);
	st->nparams = n;
	st->row = -1;
	*out = &st->base;
	return GA_OK;
}

static void pg_clear(struct pg_stmt *st)
{
	int i;

	PQclear(st->res);
	st->res = NULL;
	st->executed = false;
	st->result = GA_OK;
	st->row = -1;
	st->nrows = 0;
	for (i = 0; i < PG_MAX_PARAMS; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

/* Store `v` (owned) as parameter idx, or free it and fail. */
static int pg_bind(struct pg_stmt *st, int idx, char *v)
{
	if (st->executed || idx < 1 || idx > st->nparams) {
		free(v);
		pg_note_error(to_pg(st->base.db),
			      st->executed ? "bind after step without reset"
					   : "parameter index out of range");
		return GA_EINVAL;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = v;
	return GA_OK;
}

static int pg_bind_null(struct db_stmt *st, int idx)
{
	return pg_bind(to_stmt(st), idx, NULL);
}

static int pg_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	char *v;

	if (!s)
		return pg_bind_null(st, idx);
	/* text parameters are NUL-terminated; PostgreSQL refuses NUL anyway */
	if (memchr(s, '\0', len)) {
		pg_note_error(to_pg(st->db), "NUL byte in a text parameter");
		return GA_EINVAL;
	}
	if (len > INT_MAX)
		return GA_ETOOBIG;
	v = xmalloc(st_add(len, 1));
	memcpy(v, s, len);
	v[len] = '\0';
	return pg_bind(to_stmt(st), idx, v);
}

static int pg_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	return pg_bind(to_stmt(st), idx, xstrdup(num));
}

static int64_t pg_cmd_tuples(PGresult *res)
{
	const char *s = PQcmdTuples(res);
	int64_t n = 0;

	/* a plain SELECT reports its row count; it changed nothing */
	if (!strncmp(PQcmdStatus(res), "SELECT", 6))
		return 0;
	if (parse_int64(s, 0, INT64_MAX, &n))
		return 0;
	return n;
}

static int pg_execute(struct pg_stmt *st)
{
	struct pg_db *pdb = to_pg(st->base.db);
	int rc = pg_ensure_conn(pdb);

	st->executed = true;
	if (rc)
		return st->result = rc;
	st->res = PQexecParams(pdb->conn, st->sql, st->nparams, NULL,
			       (const char *const *)st->values, NULL, NULL, 0);
	if (!pg_result_ok(st->res))
		return st->result = pg_fail(pdb, st->res);
	st->nrows = PQntuples(st->res);
	st->changes = pg_cmd_tuples(st->res);
	return GA_OK;
}

static int pg_step(struct db_stmt *base)
{
	struct pg_stmt *st = to_stmt(base);

	if (!st->executed) {
		int rc = pg_execute(st);

		if (rc)
			return rc;
	}
	if (st->result)
		return st->result;
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? GA_ROW : GA_DONE;
}

static int pg_reset(struct db_stmt *st)
{
	pg_clear(to_stmt(st));
	return GA_OK;
}

static void pg_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = to_stmt(base);

	if (!st)
		return;
	pg_clear(st);
	free(st->sql);
	free(st);
}

/* True when a row is current and col is one of its columns. */
static bool pg_has_cell(struct pg_stmt *st, int col)
{
	return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 &&
	       col < PQnfields(st->res);
}

static int pg_column_count(struct db_stmt *base)
{
	struct pg_stmt *st = to_stmt(base);

	return st->res ? PQnfields(st->res) : 0;
}

static bool pg_column_is_null(struct db_stmt *base, int col)
{
	struct pg_stmt *st = to_stmt(base);

	return !pg_has_cell(st, col) || PQgetisnull(st->res, st->row, col);
}

static const char *pg_column_text(struct db_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = to_stmt(base);

	if (len)
		*len = 0;
	if (pg_column_is_null(base, col))
		return NULL;
	if (len)
		*len = (size_t)PQgetlength(st->res, st->row, col);
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_column_int64(struct db_stmt *base, int col)
{
	struct pg_stmt *st = to_stmt(base);
	size_t len;
	const char *s = pg_column_text(base, col, &len);
	int64_t v = 0;

	if (!s)
		return 0;
	if (PQftype(st->res, col) == PG_BOOLOID)
		return s[0] == 't';
	if (parse_int64n(s, len, INT64_MIN, INT64_MAX, &v))
		return 0;
	return v;
}

static int64_t pg_changes(struct db_stmt *st)
{
	return to_stmt(st)->changes;
}

static int pg_begin(struct db *db)
{
	struct pg_db *pdb = to_pg(db);
	int rc = pg_ensure_conn(pdb);

	if (!rc)
		rc = pg_run(pdb, "BEGIN");
	pdb->in_tx = !rc;
	return rc;
}

static int pg_commit(struct db *db)
{
	struct pg_db *pdb = to_pg(db);
	PGresult *res = PQexec(pdb->conn, "COMMIT");
	int rc = GA_OK;

	if (!pg_result_ok(res))
		rc = pg_fail(pdb, res);
	else if (!strcmp(PQcmdStatus(res), "ROLLBACK")) {
		/* an earlier statement failed; the server rolled back */
		pg_note_error(pdb,
			      "commit of a failed transaction rolled back");
		rc = GA_EDB;
	}
	PQclear(res);
	pdb->in_tx = false;
	return rc;
}

static int pg_rollback(struct db *db)
{
	struct pg_db *pdb = to_pg(db);

	pdb->in_tx = false;
	if (PQstatus(pdb->conn) != CONNECTION_OK)
		return GA_OK; /* nothing to roll back on a dead connection */
	return pg_run(pdb, "ROLLBACK");
}

static const char *pg_errmsg(struct db *db)
{
	return to_pg(db)->errbuf;
}

const struct db_ops db_pg_ops = {
    .name = "postgresql",
    .dialect = DB_POSTGRES,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_text = pg_column_text,
    .column_int64 = pg_column_int64,
    .changes = pg_changes,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .errmsg = pg_errmsg,
};
