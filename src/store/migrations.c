/*
 * The schema, as numbered migrations. Never edit a released migration; add
 * a new one. Write the shared dialect; give `sql_pg` only where PostgreSQL
 * needs different text (identity columns, types).
 */
#include "store/migrations.h"
#include "store/migrations_internal.h"

#include <stddef.h>

#include "util/banned.h"

static const char m001_regions[] =
    "CREATE TABLE meta ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    /* administrative divisions; public reference data */
    "CREATE TABLE region ("
    "  code TEXT PRIMARY KEY," /* 12-digit statistical code */
    "  name TEXT NOT NULL,"
    "  level INTEGER NOT NULL," /* enum region_level */
    "  parent TEXT,"		/* NULL for the top level */
    "  kind TEXT NOT NULL,"
    "  zone INTEGER NOT NULL DEFAULT 0," /* management zone, no GB code */
    "  overlap_codes TEXT NOT NULL DEFAULT ''," /* zones: counties,
						   space-separated */
    "  deep_poverty INTEGER NOT NULL DEFAULT 0,"
    "  deep_poverty_confirmed INTEGER NOT NULL DEFAULT 0,"
    "  abolished_at TEXT," /* gone from the official list */
    "  source TEXT NOT NULL DEFAULT '',"
    "  batch TEXT NOT NULL DEFAULT ''," /* last import that listed it */
    "  updated_at TEXT NOT NULL"
    ");"
    "CREATE INDEX region_parent_idx ON region (parent, code);"
    "CREATE INDEX region_level_idx ON region (level, code);";

/*
 * Accounts, sessions, login throttling and the hash-chained audit log.
 * SQLite's INTEGER PRIMARY KEY assigns ids; PostgreSQL needs an identity.
 */
#define M002_TABLES(ID)                                                        \
	"CREATE TABLE account ("                                               \
	"  id " ID ","                                                         \
	"  username TEXT NOT NULL UNIQUE,"                                     \
	"  display_name TEXT NOT NULL,"                                        \
	"  phone TEXT NOT NULL DEFAULT ''," /* sealed */                       \
	"  org TEXT NOT NULL DEFAULT '',"                                      \
	"  role TEXT NOT NULL,"                                                \
	"  scope TEXT NOT NULL,"                                               \
	"  disabled INTEGER NOT NULL DEFAULT 0,"                               \
	"  password_hash TEXT NOT NULL,"                                       \
	"  must_change_password INTEGER NOT NULL DEFAULT 0,"                   \
	"  totp_secret TEXT NOT NULL DEFAULT '',"  /* sealed */                \
	"  totp_pending TEXT NOT NULL DEFAULT ''," /* sealed */                \
	"  totp_last_step BIGINT NOT NULL DEFAULT 0,"                          \
	"  failed_logins INTEGER NOT NULL DEFAULT 0,"                          \
	"  locked_until TEXT NOT NULL DEFAULT '',"                             \
	"  created_at TEXT NOT NULL,"                                          \
	"  updated_at TEXT NOT NULL,"                                          \
	"  version INTEGER NOT NULL DEFAULT 1"                                 \
	");"                                                                   \
	"CREATE INDEX account_scope_idx ON account (scope);"                   \
	"CREATE TABLE session ("                                               \
	"  token_hash TEXT PRIMARY KEY,"                                       \
	"  public_id TEXT NOT NULL UNIQUE,"                                    \
	"  account_id BIGINT NOT NULL REFERENCES account (id),"                \
	"  created_at TEXT NOT NULL,"                                          \
	"  last_seen_at TEXT NOT NULL,"                                        \
	"  expires_at TEXT NOT NULL,"                                          \
	"  addr TEXT NOT NULL DEFAULT '',"                                     \
	"  user_agent TEXT NOT NULL DEFAULT '',"                               \
	"  revoked_at TEXT NOT NULL DEFAULT ''"                                \
	");"                                                                   \
	"CREATE INDEX session_account_idx ON session (account_id);"            \
	"CREATE TABLE rate_limit ("                                            \
	"  key TEXT PRIMARY KEY,"                                              \
	"  window_start TEXT NOT NULL,"                                        \
	"  count INTEGER NOT NULL"                                             \
	");"                                                                   \
	"CREATE TABLE audit_log ("                                             \
	"  seq BIGINT PRIMARY KEY,"                                            \
	"  ts TEXT NOT NULL,"                                                  \
	"  account_id BIGINT,"                                                 \
	"  role TEXT NOT NULL DEFAULT '',"                                     \
	"  scope TEXT NOT NULL DEFAULT '',"                                    \
	"  addr TEXT NOT NULL DEFAULT '',"                                     \
	"  request_id TEXT NOT NULL DEFAULT '',"                               \
	"  action TEXT NOT NULL,"                                              \
	"  object_type TEXT NOT NULL DEFAULT '',"                              \
	"  object_id TEXT NOT NULL DEFAULT '',"                                \
	"  outcome TEXT NOT NULL,"                                             \
	"  prev_hash TEXT NOT NULL,"                                           \
	"  hash TEXT NOT NULL"                                                 \
	");"                                                                   \
	"CREATE INDEX audit_ts_idx ON audit_log (ts, seq);"                    \
	"CREATE INDEX audit_account_idx ON audit_log (account_id, seq);"       \
	"CREATE INDEX audit_action_idx ON audit_log (action, seq);"            \
	"CREATE TABLE audit_head ("                                            \
	"  id INTEGER PRIMARY KEY,"                                            \
	"  seq BIGINT NOT NULL,"                                               \
	"  hash TEXT NOT NULL,"                                                \
	"  signature TEXT NOT NULL DEFAULT ''"                                 \
	");"                                                                   \
	"INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, "                \
	"'0000000000000000000000000000000000000000000000000000000000000000');" \
	"CREATE TABLE audit_checkpoint ("                                      \
	"  seq BIGINT PRIMARY KEY,"                                            \
	"  hash TEXT NOT NULL,"                                                \
	"  ts TEXT NOT NULL,"                                                  \
	"  signature TEXT NOT NULL"                                            \
	");"

/* Nothing deletes audit entries younger than 180 days. */
static const char m002_sqlite[] = M002_TABLES(
    "INTEGER PRIMARY KEY") "CREATE TRIGGER audit_keep BEFORE DELETE ON "
			   "audit_log "
			   "WHEN old.ts > strftime('%Y-%m-%dT%H:%M:%SZ', "
			   "'now', '-180 days') "
			   "BEGIN SELECT RAISE(ABORT, 'audit entries younger "
			   "than 180 days "
			   "cannot be deleted'); END;";
static const char m002_pg[] =
    M002_TABLES("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY "
		"KEY") "CREATE FUNCTION audit_keep() RETURNS "
		       "trigger LANGUAGE plpgsql AS $$ "
		       "BEGIN IF old.ts > to_char(now() AT TIME "
		       "ZONE 'UTC' - interval "
		       "'180 days', "
		       "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') THEN "
		       "RAISE EXCEPTION "
		       "'audit entries younger than 180 days "
		       "cannot be deleted'; END IF; "
		       "RETURN old; END $$;"
		       "CREATE TRIGGER audit_keep BEFORE DELETE ON "
		       "audit_log FOR EACH ROW "
		       "EXECUTE FUNCTION audit_keep();";

/*
 * The child registry (一人一档). Identifying fields (names, ID numbers,
 * phones, addresses, health details, free text) are sealed by the service
 * before they reach these columns; what stays plain is what lists filter
 * and count on. Every table carries the child's village code (region).
 */
#define M003_TABLES(ID)                                                        \
	"CREATE TABLE child ("                                                 \
	"  id " ID ","                                                         \
	"  region TEXT NOT NULL,"                                              \
	"  version INTEGER NOT NULL DEFAULT 1,"                                \
	"  archived INTEGER NOT NULL DEFAULT 0,"                               \
	"  archive_reason TEXT NOT NULL DEFAULT '',"                           \
	"  name TEXT NOT NULL,"                                                \
	"  id_number TEXT NOT NULL DEFAULT '',"                                \
	"  id_index TEXT NOT NULL DEFAULT '',"                                 \
	"  no_hukou INTEGER NOT NULL DEFAULT 0,"                               \
	"  no_hukou_reason TEXT NOT NULL DEFAULT '',"                          \
	"  sex TEXT NOT NULL,"                                                 \
	"  birth_date TEXT NOT NULL,"                                          \
	"  ethnicity TEXT NOT NULL DEFAULT '',"                                \
	"  hukou_place TEXT NOT NULL DEFAULT '',"                              \
	"  rural_hukou INTEGER NOT NULL DEFAULT 0,"                            \
	"  address TEXT NOT NULL DEFAULT '',"                                  \
	"  school_status TEXT NOT NULL,"                                       \
	"  school_since TEXT NOT NULL DEFAULT '',"                             \
	"  boarding INTEGER NOT NULL DEFAULT 0,"                               \
	"  school_name TEXT NOT NULL DEFAULT '',"                              \
	"  grade TEXT NOT NULL DEFAULT '',"                                    \
	"  health TEXT NOT NULL,"                                              \
	"  illness TEXT NOT NULL DEFAULT '',"                                  \
	"  serious_illness INTEGER NOT NULL DEFAULT 0,"                        \
	"  disability_category TEXT NOT NULL DEFAULT '',"                      \
	"  disability_grade INTEGER NOT NULL DEFAULT 0,"                       \
	"  assistance TEXT NOT NULL DEFAULT '',"                               \
	"  economic_hardship INTEGER NOT NULL DEFAULT 0,"                      \
	"  guardian_type TEXT NOT NULL,"                                       \
	"  guardian_detail TEXT NOT NULL DEFAULT '',"                          \
	"  guardianship_level TEXT NOT NULL,"                                  \
	"  lives_alone INTEGER NOT NULL DEFAULT 0,"                            \
	"  notes TEXT NOT NULL DEFAULT '',"                                    \
	"  categories TEXT NOT NULL DEFAULT '',"                               \
	"  key_flags TEXT NOT NULL DEFAULT '',"                                \
	"  created_at TEXT NOT NULL,"                                          \
	"  created_by BIGINT NOT NULL,"                                        \
	"  updated_at TEXT NOT NULL,"                                          \
	"  updated_by BIGINT NOT NULL"                                         \
	");"                                                                   \
	"CREATE INDEX child_region_idx ON child (region, id);"                 \
	"CREATE INDEX child_id_index_idx ON child (id_index);"                 \
	"CREATE TABLE child_member ("                                          \
	"  child_id BIGINT NOT NULL REFERENCES child (id),"                    \
	"  ord INTEGER NOT NULL,"                                              \
	"  region TEXT NOT NULL,"                                              \
	"  relation TEXT NOT NULL,"                                            \
	"  name TEXT NOT NULL DEFAULT '',"                                     \
	"  id_number TEXT NOT NULL DEFAULT '',"                                \
	"  birth_date TEXT NOT NULL DEFAULT '',"                               \
	"  phone TEXT NOT NULL DEFAULT '',"                                    \
	"  situation TEXT NOT NULL,"                                           \
	"  since_date TEXT NOT NULL DEFAULT '',"                               \
	"  until_date TEXT NOT NULL DEFAULT '',"                               \
	"  police_accepted TEXT NOT NULL DEFAULT '',"                          \
	"  work_place TEXT NOT NULL DEFAULT '',"                               \
	"  disability_grade INTEGER NOT NULL DEFAULT 0,"                       \
	"  disability_mental INTEGER NOT NULL DEFAULT 0,"                      \
	"  contact TEXT NOT NULL DEFAULT '',"                                  \
	"  PRIMARY KEY (child_id, ord)"                                        \
	");"                                                                   \
	"CREATE INDEX child_member_region_idx ON child_member (region);"       \
	"CREATE TABLE child_change ("                                          \
	"  child_id BIGINT NOT NULL REFERENCES child (id),"                    \
	"  version INTEGER NOT NULL,"                                          \
	"  region TEXT NOT NULL,"                                              \
	"  changed_at TEXT NOT NULL,"                                          \
	"  changed_by BIGINT NOT NULL,"                                        \
	"  changes TEXT NOT NULL," /* sealed: field, old, new */               \
	"  PRIMARY KEY (child_id, version)"                                    \
	");"

static const char m003_sqlite[] = M003_TABLES("INTEGER PRIMARY KEY");
static const char m003_pg[] =
    M003_TABLES("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/* one row per blind-index bucket in use: the lock that duplicate checks take */
/* moving a dossier to another village: asked by one side, accepted by the
 * receiving one (number 6: 5 is taken by the parents' reports) */
#define M006_TRANSFER(ID)                                                      \
	"CREATE TABLE child_transfer ("                                        \
	"  id " ID ","                                                         \
	"  child_id BIGINT NOT NULL REFERENCES child (id),"                    \
	"  from_region TEXT NOT NULL,"                                         \
	"  to_region TEXT NOT NULL,"                                           \
	"  status TEXT NOT NULL,"                                              \
	"  requested_by BIGINT NOT NULL,"                                      \
	"  requested_at TEXT NOT NULL,"                                        \
	"  handled_by BIGINT NOT NULL DEFAULT 0,"                              \
	"  handled_at TEXT NOT NULL DEFAULT ''"                                \
	");"                                                                   \
	"CREATE INDEX child_transfer_to_idx ON child_transfer (to_region, "    \
	"id);"                                                                 \
	"CREATE INDEX child_transfer_from_idx ON child_transfer "              \
	"(from_region, id);"                                                   \
	"CREATE INDEX child_transfer_child_idx ON child_transfer (child_id);"
static const char m006_sqlite[] = M006_TRANSFER("INTEGER PRIMARY KEY");
static const char m006_pg[] =
    M006_TRANSFER("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/* children archived at 18 who are to be referred for employment help */
static const char m007_referral[] =
    "ALTER TABLE child ADD COLUMN employment_referral INTEGER NOT NULL "
    "DEFAULT 0;";

static const char m004_index_lock[] =
    "CREATE TABLE child_index_lock (bucket TEXT PRIMARY KEY);";

/*
 * The parents' own reports (外出务工父母报备): what a parent sent through
 * the village's public form, waiting for the director. Names, phones and
 * free text are sealed by the service; the work place (province and city)
 * and the village code stay plain.
 */
#define M005_PARENT_REPORT(ID)                                                 \
	"CREATE TABLE parent_report ("                                         \
	"  id " ID ","                                                         \
	"  region TEXT NOT NULL,"                                              \
	"  status TEXT NOT NULL,"                                              \
	"  relation TEXT NOT NULL,"                                            \
	"  child_name TEXT NOT NULL DEFAULT '',"                               \
	"  parent_name TEXT NOT NULL DEFAULT '',"                              \
	"  phone TEXT NOT NULL DEFAULT '',"                                    \
	"  work_place TEXT NOT NULL DEFAULT '',"                               \
	"  carer_name TEXT NOT NULL DEFAULT '',"                               \
	"  carer_relation TEXT NOT NULL DEFAULT '',"                           \
	"  carer_phone TEXT NOT NULL DEFAULT '',"                              \
	"  note TEXT NOT NULL DEFAULT '',"                                     \
	"  created_at TEXT NOT NULL,"                                          \
	"  handled_by BIGINT NOT NULL DEFAULT 0,"                              \
	"  handled_at TEXT NOT NULL DEFAULT '',"                               \
	"  child_id BIGINT REFERENCES child (id),"                             \
	"  reason TEXT NOT NULL DEFAULT ''"                                    \
	");"                                                                   \
	"CREATE INDEX parent_report_region_idx ON parent_report (region, "     \
	"status, id);"
static const char m005_sqlite[] = M005_PARENT_REPORT("INTEGER PRIMARY KEY");
static const char m005_pg[] =
    M005_PARENT_REPORT("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Home visits (附件3 item 3): the plain columns are what schedules,
 * worklists and figures query; the whole visit, notes and next steps
 * included, is one sealed record in `details` (service/visit_codec.c).
 * Every edit keeps the earlier record (and a correction's reason, sealed)
 * in visit_revision. Photos are sealed like every other
 * identifying field (they show the child).
 */
#define M008_VISIT(ID)                                                         \
	"CREATE TABLE visit ("                                                 \
	"  id " ID ","                                                         \
	"  child_id BIGINT NOT NULL REFERENCES child (id),"                    \
	"  region TEXT NOT NULL," /* the child's village when visited */       \
	"  visit_date TEXT NOT NULL,"                                          \
	"  kind TEXT NOT NULL,"                                                \
	"  visitor_role TEXT NOT NULL,"                                        \
	"  met TEXT NOT NULL DEFAULT '',"      /* ids, space-separated */      \
	"  contact TEXT NOT NULL DEFAULT '',"  /* parents' contact */          \
	"  problems TEXT NOT NULL DEFAULT ''," /* ids, space-separated */      \
	"  actions TEXT NOT NULL DEFAULT '',"  /* ids, space-separated */      \
	"  levels TEXT NOT NULL DEFAULT ''," /* area=level, space-separated */ \
	"  harm_found INTEGER NOT NULL DEFAULT 0,"                             \
	"  report_requested INTEGER NOT NULL DEFAULT 0,"                       \
	"  details TEXT NOT NULL DEFAULT ''," /* sealed, visit_codec.c */      \
	"  client_uuid TEXT UNIQUE,"                                           \
	"  body_hash TEXT NOT NULL DEFAULT ''," /* of the request, for         \
						   replays */                  \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL,"                                          \
	"  updated_by BIGINT NOT NULL,"                                        \
	"  updated_at TEXT NOT NULL,"                                          \
	"  version INTEGER NOT NULL DEFAULT 1"                                 \
	");"                                                                   \
	"CREATE INDEX visit_child_idx ON visit (child_id, visit_date);"        \
	"CREATE INDEX visit_region_idx ON visit (region, visit_date);"         \
	"CREATE TABLE visit_revision ("                                        \
	"  visit_id BIGINT NOT NULL REFERENCES visit (id),"                    \
	"  version INTEGER NOT NULL,"                                          \
	"  changed_by BIGINT NOT NULL,"                                        \
	"  changed_at TEXT NOT NULL,"                                          \
	"  reason TEXT NOT NULL DEFAULT '',"                                   \
	"  previous TEXT NOT NULL," /* sealed: the visit as it was */          \
	"  PRIMARY KEY (visit_id, version)"                                    \
	");"                                                                   \
	"CREATE TABLE visit_photo ("                                           \
	"  id " ID ","                                                         \
	"  visit_id BIGINT NOT NULL REFERENCES visit (id),"                    \
	"  region TEXT NOT NULL,"                                              \
	"  mime TEXT NOT NULL,"                                                \
	"  size INTEGER NOT NULL,"                                             \
	"  data TEXT NOT NULL," /* sealed */                                   \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL"                                           \
	");"                                                                   \
	"CREATE INDEX visit_photo_visit_idx ON visit_photo (visit_id);"
static const char m008_sqlite[] = M008_VISIT("INTEGER PRIMARY KEY");
static const char m008_pg[] =
    M008_VISIT("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Probable duplicates without an ID number (same name, birth date and
 * village): flagged when a dossier is written, merged or dismissed by the
 * township supervisor. A pair is stored once, smaller id first, so a
 * dismissed pair is not flagged again.
 */
#define M012_DUPLICATE(ID)                                                     \
	"CREATE TABLE child_duplicate ("                                       \
	"  id " ID ","                                                         \
	"  child_a BIGINT NOT NULL REFERENCES child (id),"                     \
	"  child_b BIGINT NOT NULL REFERENCES child (id),"                     \
	"  region TEXT NOT NULL,"                                              \
	"  status TEXT NOT NULL," /* open, merged, dismissed, superseded */    \
	"  found_at TEXT NOT NULL,"                                            \
	"  kept BIGINT NOT NULL DEFAULT 0,"                                    \
	"  handled_by BIGINT NOT NULL DEFAULT 0,"                              \
	"  handled_at TEXT NOT NULL DEFAULT '',"                               \
	"  note TEXT NOT NULL DEFAULT ''," /* sealed */                        \
	"  UNIQUE (child_a, child_b)"                                          \
	");"                                                                   \
	"CREATE INDEX child_duplicate_region_idx ON child_duplicate (region, " \
	"status, id);"                                                         \
	"CREATE INDEX child_duplicate_b_idx ON child_duplicate (child_b);"     \
	"CREATE INDEX child_region_birth_idx ON child (region, birth_date);"
/* the candidates of a duplicate check: one village, one birth date (above) */
static const char m012_sqlite[] = M012_DUPLICATE("INTEGER PRIMARY KEY");
static const char m012_pg[] =
    M012_DUPLICATE("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Village children's centres (儿童之家, POLICY.md A2.5, A3.6): one per
 * village, with an activity log and its photos. The manager's name and
 * phone, activity notes and photos are sealed by the service; the rest
 * (the centre's own name and address, hours, facilities, counts) is what
 * the township's overview queries and stays plain.
 */
#define M011_CENTRE(ID)                                                        \
	"CREATE TABLE centre ("                                                \
	"  id " ID ","                                                         \
	"  region TEXT NOT NULL UNIQUE," /* the village */                     \
	"  name TEXT NOT NULL,"                                                \
	"  address TEXT NOT NULL DEFAULT '',"                                  \
	"  hours TEXT NOT NULL DEFAULT '[]',"	   /* JSON [{days,from,to}] */ \
	"  facilities TEXT NOT NULL DEFAULT '',"   /* ids, space-separated */  \
	"  manager_name TEXT NOT NULL DEFAULT ''," /* sealed */                \
	"  manager_phone TEXT NOT NULL DEFAULT ''," /* sealed */               \
	"  manager_account BIGINT NOT NULL DEFAULT 0,"                         \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL,"                                          \
	"  updated_by BIGINT NOT NULL,"                                        \
	"  updated_at TEXT NOT NULL,"                                          \
	"  version INTEGER NOT NULL DEFAULT 1"                                 \
	");"                                                                   \
	"CREATE TABLE centre_activity ("                                       \
	"  id " ID ","                                                         \
	"  centre_id BIGINT NOT NULL REFERENCES centre (id),"                  \
	"  region TEXT NOT NULL,"                                              \
	"  activity_date TEXT NOT NULL,"                                       \
	"  kind TEXT NOT NULL,"                                                \
	"  participants INTEGER NOT NULL,"                                     \
	"  children_count INTEGER NOT NULL,"                                   \
	"  note TEXT NOT NULL DEFAULT ''," /* sealed */                        \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL,"                                          \
	"  updated_by BIGINT NOT NULL,"                                        \
	"  updated_at TEXT NOT NULL,"                                          \
	"  version INTEGER NOT NULL DEFAULT 1"                                 \
	");"                                                                   \
	"CREATE INDEX centre_activity_centre_idx ON centre_activity "          \
	"(centre_id, activity_date, id);"                                      \
	"CREATE INDEX centre_activity_region_idx ON centre_activity "          \
	"(region, activity_date);"                                             \
	"CREATE TABLE centre_photo ("                                          \
	"  id " ID ","                                                         \
	"  activity_id BIGINT NOT NULL REFERENCES centre_activity (id),"       \
	"  region TEXT NOT NULL,"                                              \
	"  mime TEXT NOT NULL,"                                                \
	"  size INTEGER NOT NULL,"                                             \
	"  data TEXT NOT NULL DEFAULT ''," /* sealed */                        \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL"                                           \
	");"                                                                   \
	"CREATE INDEX centre_photo_activity_idx ON centre_photo "              \
	"(activity_id);"
static const char m011_sqlite[] = M011_CENTRE("INTEGER PRIMARY KEY");
static const char m011_pg[] =
    M011_CENTRE("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Entrusted-guardianship confirmations (委托监护确认书, 附件3 item 3;
 * number 10: 9 is taken by another change of the same issue). The parties
 * (parents, entrusted guardian with ID number, phone and address) are one
 * sealed value; the fitness checks and promises are plain ids, what the
 * state and the signing rule read. The signed scan is sealed too.
 */
#define M010_CONFIRMATION(ID)                                                  \
	"CREATE TABLE guardianship_confirmation ("                             \
	"  id " ID ","                                                         \
	"  child_id BIGINT NOT NULL REFERENCES child (id),"                    \
	"  region TEXT NOT NULL," /* the child's village */                    \
	"  status TEXT NOT NULL," /* pending, signed */                        \
	"  period_start TEXT NOT NULL,"                                        \
	"  period_end TEXT NOT NULL,"                                          \
	"  parties TEXT NOT NULL DEFAULT '',"  /* sealed */                    \
	"  checks TEXT NOT NULL DEFAULT '',"   /* id=y|n, space-separated */   \
	"  promises TEXT NOT NULL DEFAULT ''," /* ids, space-separated */      \
	"  scan TEXT NOT NULL DEFAULT '',"     /* sealed */                    \
	"  scan_mime TEXT NOT NULL DEFAULT '',"                                \
	"  scan_size INTEGER NOT NULL DEFAULT 0,"                              \
	"  created_by BIGINT NOT NULL,"                                        \
	"  created_at TEXT NOT NULL,"                                          \
	"  updated_by BIGINT NOT NULL,"                                        \
	"  updated_at TEXT NOT NULL,"                                          \
	"  version INTEGER NOT NULL DEFAULT 1"                                 \
	");"                                                                   \
	"CREATE INDEX guardianship_confirmation_child_idx ON "                 \
	"guardianship_confirmation (child_id, id);"                            \
	"CREATE INDEX guardianship_confirmation_region_idx ON "                \
	"guardianship_confirmation (region, child_id);"
static const char m010_sqlite[] = M010_CONFIRMATION("INTEGER PRIMARY KEY");
static const char m010_pg[] =
    M010_CONFIRMATION("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Visit schedules and notifications (#5). schedule_rule holds the default
 * rules from data/visit_schedule.csv (scope '') and the overrides a county
 * or city set for its own scope (a division-code prefix); the longest
 * matching scope wins. A notification is generated once per (account,
 * kind, child, due date) by `guanai daily`; its text is made by the web app
 * from its kind, so no personal data is stored in it.
 */
#define M009_SCHEDULE(ID)                                                      \
	"CREATE TABLE schedule_rule ("                                         \
	"  scope TEXT NOT NULL,"                                               \
	"  rule_key TEXT NOT NULL,"                                            \
	"  reason TEXT NOT NULL,"                                              \
	"  interval_days INTEGER NOT NULL,"                                    \
	"  kind TEXT NOT NULL,"                                                \
	"  window_start TEXT NOT NULL DEFAULT '',"                             \
	"  window_end TEXT NOT NULL DEFAULT '',"                               \
	"  updated_by BIGINT NOT NULL DEFAULT 0,"                              \
	"  updated_at TEXT NOT NULL,"                                          \
	"  PRIMARY KEY (scope, rule_key)"                                      \
	");"                                                                   \
	"CREATE TABLE notification ("                                          \
	"  id " ID ","                                                         \
	"  account_id BIGINT NOT NULL REFERENCES account (id),"                \
	"  kind TEXT NOT NULL,"                                                \
	"  child_id BIGINT REFERENCES child (id),"                             \
	"  region TEXT NOT NULL,"                                              \
	"  due_date TEXT NOT NULL,"                                            \
	"  item_count INTEGER NOT NULL DEFAULT 0,"                             \
	"  created_at TEXT NOT NULL,"                                          \
	"  read_at TEXT NOT NULL DEFAULT ''"                                   \
	");"                                                                   \
	"CREATE UNIQUE INDEX notification_once_idx ON notification "           \
	"(account_id, kind, (COALESCE(child_id, 0)), due_date);"               \
	"CREATE INDEX notification_account_idx ON notification (account_id, "  \
	"id);"
static const char m009_sqlite[] = M009_SCHEDULE("INTEGER PRIMARY KEY");
static const char m009_pg[] =
    M009_SCHEDULE("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");

/*
 * Writes of offline clients by their UUID (issue 5): a write sent twice is
 * applied once; the same UUID with another body is refused.
 */
static const char m013_client_write[] = "CREATE TABLE client_write ("
					"  client_uuid TEXT PRIMARY KEY,"
					"  account_id BIGINT NOT NULL,"
					"  kind TEXT NOT NULL,"
					"  object_id BIGINT NOT NULL,"
					"  body_hash TEXT NOT NULL,"
					"  result_version BIGINT NOT NULL,"
					"  created_at TEXT NOT NULL"
					");";

const struct migration migrations[] = {
    {1, "regions", m001_regions, NULL},
    {2, "identity and audit", m002_sqlite, m002_pg},
    {3, "child registry", m003_sqlite, m003_pg},
    {4, "duplicate check lock", m004_index_lock, NULL},
    {5, "parent reports", m005_sqlite, m005_pg},
    {6, "transfers", m006_sqlite, m006_pg},
    {7, "employment referral", m007_referral, NULL},
    {8, "visits", m008_sqlite, m008_pg},
    {9, "schedules and notifications", m009_sqlite, m009_pg},
    {10, "guardianship confirmations", m010_sqlite, m010_pg},
    {11, "children's centres", m011_sqlite, m011_pg},
    {12, "probable duplicates", m012_sqlite, m012_pg},
    {13, "offline client writes", m013_client_write, NULL},
    {14, "cases", m014_sqlite, m014_pg},
    {15, "reports, hotline and case deadlines", m015_sqlite, m015_pg},
    {16, "referrals and notices", m016_sqlite, m016_pg},
    {17, "institutions, placements and guardianship assessments", m017_sqlite,
     m017_pg},
    {18, "case plans and conferences", m018_sqlite, m018_pg},
};

const int migrations_count = sizeof(migrations) / sizeof(migrations[0]);
