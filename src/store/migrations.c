/*
 * The schema, as numbered migrations. Never edit a released migration; add
 * a new one. Write the shared dialect; give `sql_pg` only where PostgreSQL
 * needs different text (identity columns, types).
 */
#include "store/migrations.h"

#include <stddef.h>

#include "util/banned.h"

static const char m001_regions[] =
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	");"
	/* administrative divisions; public reference data */
	"CREATE TABLE region ("
	"  code TEXT PRIMARY KEY,"            /* 12-digit statistical code */
	"  name TEXT NOT NULL,"
	"  level INTEGER NOT NULL,"           /* enum region_level */
	"  parent TEXT,"                      /* NULL for the top level */
	"  kind TEXT NOT NULL,"
	"  zone INTEGER NOT NULL DEFAULT 0,"  /* management zone, no GB code */
	"  overlap_codes TEXT NOT NULL DEFAULT '',"/* zones: counties, space-separated */
	"  deep_poverty INTEGER NOT NULL DEFAULT 0,"
	"  deep_poverty_confirmed INTEGER NOT NULL DEFAULT 0,"
	"  abolished_at TEXT,"                /* gone from the official list */
	"  source TEXT NOT NULL DEFAULT '',"
	"  batch TEXT NOT NULL DEFAULT '',"   /* last import that listed it */
	"  updated_at TEXT NOT NULL"
	");"
	"CREATE INDEX region_parent_idx ON region (parent, code);"
	"CREATE INDEX region_level_idx ON region (level, code);";

/*
 * Accounts, sessions, login throttling and the hash-chained audit log.
 * SQLite's INTEGER PRIMARY KEY assigns ids; PostgreSQL needs an identity.
 */
#define M002_TABLES(ID)                                                       \
	"CREATE TABLE account ("                                              \
	"  id " ID ","                                                        \
	"  username TEXT NOT NULL UNIQUE,"                                    \
	"  display_name TEXT NOT NULL,"                                       \
	"  phone TEXT NOT NULL DEFAULT '',"  /* sealed */                      \
	"  org TEXT NOT NULL DEFAULT '',"                                     \
	"  role TEXT NOT NULL,"                                               \
	"  scope TEXT NOT NULL,"                                              \
	"  disabled INTEGER NOT NULL DEFAULT 0,"                              \
	"  password_hash TEXT NOT NULL,"                                      \
	"  must_change_password INTEGER NOT NULL DEFAULT 0,"                  \
	"  totp_secret TEXT NOT NULL DEFAULT '',"  /* sealed */                \
	"  totp_pending TEXT NOT NULL DEFAULT '',"  /* sealed */               \
	"  totp_last_step BIGINT NOT NULL DEFAULT 0,"                         \
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"                         \
	"  locked_until TEXT NOT NULL DEFAULT '',"                            \
	"  created_at TEXT NOT NULL,"                                         \
	"  updated_at TEXT NOT NULL,"                                         \
	"  version INTEGER NOT NULL DEFAULT 1"                                \
	");"                                                                  \
	"CREATE INDEX account_scope_idx ON account (scope);"                  \
	"CREATE TABLE session ("                                              \
	"  token_hash TEXT PRIMARY KEY,"                                      \
	"  public_id TEXT NOT NULL UNIQUE,"                                   \
	"  account_id BIGINT NOT NULL REFERENCES account (id),"               \
	"  created_at TEXT NOT NULL,"                                         \
	"  last_seen_at TEXT NOT NULL,"                                       \
	"  expires_at TEXT NOT NULL,"                                         \
	"  addr TEXT NOT NULL DEFAULT '',"                                    \
	"  user_agent TEXT NOT NULL DEFAULT '',"                              \
	"  revoked_at TEXT NOT NULL DEFAULT ''"                               \
	");"                                                                  \
	"CREATE INDEX session_account_idx ON session (account_id);"           \
	"CREATE TABLE rate_limit ("                                           \
	"  key TEXT PRIMARY KEY,"                                             \
	"  window_start TEXT NOT NULL,"                                       \
	"  count INTEGER NOT NULL"                                            \
	");"                                                                  \
	"CREATE TABLE audit_log ("                                            \
	"  seq BIGINT PRIMARY KEY,"                                           \
	"  ts TEXT NOT NULL,"                                                 \
	"  account_id BIGINT,"                                                \
	"  role TEXT NOT NULL DEFAULT '',"                                    \
	"  scope TEXT NOT NULL DEFAULT '',"                                   \
	"  addr TEXT NOT NULL DEFAULT '',"                                    \
	"  request_id TEXT NOT NULL DEFAULT '',"                              \
	"  action TEXT NOT NULL,"                                             \
	"  object_type TEXT NOT NULL DEFAULT '',"                             \
	"  object_id TEXT NOT NULL DEFAULT '',"                               \
	"  outcome TEXT NOT NULL,"                                            \
	"  prev_hash TEXT NOT NULL,"                                          \
	"  hash TEXT NOT NULL"                                                \
	");"                                                                  \
	"CREATE INDEX audit_ts_idx ON audit_log (ts, seq);"                   \
	"CREATE INDEX audit_account_idx ON audit_log (account_id, seq);"      \
	"CREATE INDEX audit_action_idx ON audit_log (action, seq);"           \
	"CREATE TABLE audit_head ("                                           \
	"  id INTEGER PRIMARY KEY,"                                           \
	"  seq BIGINT NOT NULL,"                                              \
	"  hash TEXT NOT NULL,"                                               \
	"  signature TEXT NOT NULL DEFAULT ''"                                \
	");"                                                                  \
	"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, "               \
	"'0000000000000000000000000000000000000000000000000000000000000000');" \
	"CREATE TABLE audit_checkpoint ("                                     \
	"  seq BIGINT PRIMARY KEY,"                                           \
	"  hash TEXT NOT NULL,"                                               \
	"  ts TEXT NOT NULL,"                                                 \
	"  signature TEXT NOT NULL"                                           \
	");"

/* Nothing deletes audit entries younger than 180 days. */
static const char m002_sqlite[] = M002_TABLES("INTEGER PRIMARY KEY")
	"CREATE TRIGGER audit_keep BEFORE DELETE ON audit_log "
	"WHEN old.ts > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-180 days') "
	"BEGIN SELECT RAISE(ABORT, 'audit entries younger than 180 days "
	"cannot be deleted'); END;";
static const char m002_pg[] = M002_TABLES(
	"BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
	"CREATE FUNCTION audit_keep() RETURNS trigger LANGUAGE plpgsql AS $$ "
	"BEGIN IF old.ts > to_char(now() AT TIME ZONE 'UTC' - interval "
	"'180 days', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') THEN RAISE EXCEPTION "
	"'audit entries younger than 180 days cannot be deleted'; END IF; "
	"RETURN old; END $$;"
	"CREATE TRIGGER audit_keep BEFORE DELETE ON audit_log FOR EACH ROW "
	"EXECUTE FUNCTION audit_keep();";

const struct migration migrations[] = {
	{1, "regions", m001_regions, NULL},
	{2, "identity and audit", m002_sqlite, m002_pg},
};

const int migrations_count = sizeof(migrations) / sizeof(migrations[0]);
