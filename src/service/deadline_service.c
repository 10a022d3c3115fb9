#include "service/deadline_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/report.h"
#include "io/csv.h"
#include "service/case_service.h"
#include "store/hotline_repo.h"
#include "store/schedule_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define EVENTS_MAX 512 /* timeline events a computation looks at */

/* ---- the policy table ---- */

static int bad_csv(struct ga_error *err, const char *path, long line)
{
	return ga_error_set(err, GA_EINVAL, "invalid_deadline_file", "",
			    "个案时限表 %s 第 %ld 行有误 (bad rule at line "
			    "%ld of %s)",
			    path, line, line, path);
}

static bool csv_rule(const struct csv *c, const int col[6],
		     struct deadline_rule *r)
{
	int64_t hours = 0, confirmed = 0;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < 6; i++)
		if (col[i] < 0 || col[i] >= c->nfields)
			return false;
	str_copy(r->key, sizeof(r->key), c->field[col[0]]);
	str_copy(r->event, sizeof(r->event), c->field[col[1]]);
	str_copy(r->who, sizeof(r->who), c->field[col[3]]);
	str_copy(r->source, sizeof(r->source), c->field[col[4]]);
	if (!deadline_key_valid(r->key) || !r->event[0] || !r->who[0] ||
	    !r->source[0] ||
	    parse_int64(c->field[col[2]], 1, DEADLINE_HOURS_MAX, &hours) ||
	    parse_int64(c->field[col[5]], 0, 1, &confirmed))
		return false;
	r->hours = (int)hours;
	r->confirmed = confirmed != 0;
	return true;
}

static int read_rules(const char *path, struct deadline_rule *out, int *n,
		      struct ga_error *err)
{
	static const char *const names[6] = {"key", "event",  "hours",
					     "who", "source", "confirmed"};
	int col[6] = {-1, -1, -1, -1, -1, -1};
	bool header = false;
	struct csv c;
	FILE *f = fopen(path, "r");
	int rc;

	*n = 0;
	if (!f)
		return ga_error_set(err, GA_EIO, "no_deadline_file", "",
				    "找不到个案时限表 %s (cannot open %s)",
				    path, path);
	csv_init(&c, f);
	while ((rc = csv_next(&c)) == GA_ROW) {
		if (!c.nfields || c.field[0][0] == '#' ||
		    (c.nfields == 1 && !c.field[0][0]))
			continue;
		if (!header) {
			for (int i = 0; i < 6; i++)
				col[i] = csv_find(&c, names[i]);
			header = true;
			continue;
		}
		if (*n == DEADLINE_RULES_MAX || !csv_rule(&c, col, &out[*n])) {
			rc = bad_csv(err, path, c.line);
			break;
		}
		(*n)++;
	}
	if (rc == GA_DONE)
		rc = *n ? GA_OK : bad_csv(err, path, c.line);
	else if (rc != GA_EINVAL || !err->message[0])
		rc = bad_csv(err, path, c.line);
	csv_release(&c);
	fclose(f);
	return rc;
}

int deadline_load_defaults(struct db *db, const char *data_dir, int *loaded,
			   struct ga_error *err)
{
	static struct deadline_rule rules[DEADLINE_RULES_MAX];
	char path[4200];
	int64_t have = 0;
	int n = 0, rc = store_deadline_rule_count(db, &have);

	*loaded = 0;
	if (rc || have)
		return rc;
	snprintf(path, sizeof(path), "%s/case_deadlines.csv", data_dir);
	rc = read_rules(path, rules, &n, err);
	if (!rc)
		rc = db_begin(db);
	for (int i = 0; !rc && i < n; i++)
		rc = store_deadline_rule_put(db, &rules[i], i);
	/* reference data, like the schedule: no audit key at init */
	if (!rc)
		rc = db_commit(db);
	if (rc && rc != GA_EIO && rc != GA_EINVAL)
		db_rollback(db);
	if (!rc)
		*loaded = n;
	return rc;
}

/* ---- one case's deadlines ---- */

struct ev {
	int64_t at;
	char kind[32];
	char from[16], to[16];
	char detail[64];
};

struct events {
	struct ev e[EVENTS_MAX];
	int n;
};

static int64_t when(const char *text)
{
	int64_t t = 0;

	return text && text[0] && report_utc_parse(text, &t) ? t : 0;
}

static int keep_event(const struct case_event_row *e, void *p)
{
	struct events *evs = p;
	struct ev *v;

	if (evs->n == EVENTS_MAX) /* the oldest are kept; enough for facts */
		return GA_OK;
	v = &evs->e[evs->n++];
	v->at = when(e->at);
	str_copy(v->kind, sizeof(v->kind), e->kind);
	str_copy(v->from, sizeof(v->from), e->from_stage);
	str_copy(v->to, sizeof(v->to), e->to_stage);
	str_copy(v->detail, sizeof(v->detail), e->detail);
	return GA_OK;
}

static void facts_of(const struct case_row *c, const struct events *evs,
		     struct deadline_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->stage = case_stage_from_name(c->stage);
	f->police_expected =
	    !strcmp(c->source, "report") || !strcmp(c->source, "hotline");
	f->opened = when(c->opened_at);
	f->protection_ack = when(c->protection_ack_at);
	f->police_ack = when(c->police_ack_at);
	if (!strcmp(c->police_ack, "accepted") ||
	    !strcmp(c->police_ack, "filed"))
		f->police_accepted = f->police_ack;
	f->entered[STAGE_RECEIVED] = f->opened;
	for (int i = 0; i < evs->n; i++) {
		const struct ev *e = &evs->e[i];
		enum case_stage from = case_stage_from_name(e->from);
		enum case_stage to = case_stage_from_name(e->to);

		if (strcmp(e->kind, "escalated") && e->at > f->last_event)
			f->last_event = e->at;
		if (!strcmp(e->kind, "transition") ||
		    !strcmp(e->kind, "reopened")) {
			if (from != CASE_STAGE_COUNT)
				f->left[from] = e->at;
			if (to != CASE_STAGE_COUNT) {
				f->entered[to] = e->at;
				f->left[to] = 0;
				if (to == STAGE_ASSESSMENT)
					f->assessed = 0;
				if (to == STAGE_ASSISTANCE)
					f->planned = 0;
			}
		} else if (!strcmp(e->kind, "assessment") && !f->assessed &&
			   f->entered[STAGE_ASSESSMENT]) {
			f->assessed = e->at;
		} else if (!strcmp(e->kind, "plan_item") && !f->planned &&
			   f->entered[STAGE_ASSISTANCE]) {
			f->planned = e->at;
		} else if (!strcmp(e->kind, "feedback") &&
			   !f->police_feedback) {
			f->police_feedback = e->at;
		}
	}
}

static __thread struct deadline_rule rules[DEADLINE_RULES_MAX];
static __thread int nrules;
static __thread struct events evs;

static int compute(struct db *db, const struct case_row *c, int64_t now,
		   struct deadline *out, int max, int *n)
{
	struct deadline_facts f;
	int rc;

	evs.n = 0;
	rc = store_case_events(db, c->id, keep_event, &evs);
	if (rc)
		return rc;
	facts_of(c, &evs, &f);
	*n = deadline_compute(rules, nrules, &f, now, out, max);
	return GA_OK;
}

int case_deadlines(struct db *db, const struct case_row *c, int64_t now,
		   struct deadline *out, int max, int *n)
{
	int rc = store_deadline_rules(db, rules, DEADLINE_RULES_MAX, &nrules);

	*n = 0;
	return rc ? rc : compute(db, c, now, out, max, n);
}

/* ---- the board ---- */

struct walk {
	struct db *db;
	int64_t now;
	int64_t last;
	int seen;
	struct case_board *board;
	struct case_row rows[CASE_PAGE_MAX];
};

static int keep_row(const struct case_row *c, void *p)
{
	struct walk *w = p;

	w->rows[w->seen++] = *c;
	w->last = c->id;
	return GA_OK;
}

static void board_case(struct walk *w, const struct case_row *c,
		       const struct deadline *d, int n)
{
	struct case_board *b = w->board;
	enum case_stage s = case_stage_from_name(c->stage);
	bool any = false;

	for (int i = 0; i < n; i++) {
		struct board_item *it;

		if (!d[i].overdue)
			continue;
		any = true;
		if (b->nitems == BOARD_OVERDUE_MAX)
			continue;
		it = &b->items[b->nitems++];
		it->case_id = c->id;
		it->child_id = c->child_id;
		str_copy(it->region, sizeof(it->region), c->region);
		str_copy(it->stage, sizeof(it->stage), c->stage);
		str_copy(it->urgency, sizeof(it->urgency), c->urgency);
		it->key = d[i].rule->key;
		it->due = d[i].due;
	}
	if (any && s != CASE_STAGE_COUNT)
		b->overdue[s]++;
}

static int count_stage(const char *stage, int64_t n, void *p)
{
	struct case_board *b = p;
	enum case_stage s = case_stage_from_name(stage);

	if (s != CASE_STAGE_COUNT)
		b->count[s] = n;
	return GA_OK;
}

/* each open case within scope, a page at a time, into fn */
static int walk_open(struct db *db, const char *scope, struct walk *w,
		     int (*fn)(struct walk *w, const struct case_row *c))
{
	struct case_list_filter f = {0};
	int rc = GA_OK;

	w->last = 0;
	do {
		f.scope_prefix = scope;
		f.stage = "";
		f.after_id = w->last;
		f.limit = CASE_PAGE_MAX;
		w->seen = 0;
		rc = store_case_list(db, &f, keep_row, w);
		for (int i = 0; !rc && i < w->seen; i++)
			rc = fn(w, &w->rows[i]);
	} while (!rc && w->seen == CASE_PAGE_MAX);
	return rc;
}

static int board_one(struct walk *w, const struct case_row *c)
{
	struct deadline d[CASE_DEADLINES_MAX];
	int n = 0;
	int rc = compute(w->db, c, w->now, d, CASE_DEADLINES_MAX, &n);

	if (!rc)
		board_case(w, c, d, n);
	return rc;
}

int case_board_get(struct db *db, const struct principal *by, int64_t now,
		   struct case_board *out)
{
	static __thread struct walk w;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.db = db;
	w.now = now;
	w.board = out;
	rc = store_deadline_rules(db, rules, DEADLINE_RULES_MAX, &nrules);
	if (!rc)
		rc = store_case_stage_counts(db, by->scope_prefix, count_stage,
					     out);
	if (!rc)
		rc = walk_open(db, by->scope_prefix, &w, board_one);
	return rc;
}

/* ---- escalation ---- */

static __thread struct escalate_stats *stats;

static bool escalated(const char *detail)
{
	for (int i = 0; i < evs.n; i++)
		if (!strcmp(evs.e[i].kind, "escalated") &&
		    !strcmp(evs.e[i].detail, detail))
			return true;
	return false;
}

static int notify_county(struct db *db, const struct case_row *c,
			 const char *due_day)
{
	struct notification_row n;
	char county[13];
	int64_t ids[64];
	int count = 0, added = 0;
	int rc;

	snprintf(county, sizeof(county), "%.6s000000", c->region);
	rc = store_accounts_at(db, "county_civil", county, ids, 64, &count);
	memset(&n, 0, sizeof(n));
	str_copy(n.kind, sizeof(n.kind), "case_overdue");
	n.child_id = c->child_id;
	str_copy(n.region, sizeof(n.region), c->region);
	str_copy(n.due_date, sizeof(n.due_date), due_day);
	n.count = 1;
	clock_now_text(n.created_at);
	for (int i = 0; !rc && i < count; i++) {
		n.account_id = ids[i];
		rc = store_notification_add(db, &n, &added);
		stats->notified += added;
	}
	return rc;
}

static int escalate_one(struct walk *w, const struct case_row *c)
{
	struct deadline d[CASE_DEADLINES_MAX];
	char detail[64], due[24];
	int n = 0;
	int rc = compute(w->db, c, w->now, d, CASE_DEADLINES_MAX, &n);
	bool began = false;

	stats->cases++;
	for (int i = 0; !rc && i < n; i++) {
		if (!d[i].overdue)
			continue;
		report_utc_format(d[i].due, due);
		/* a recurring review escalates once per due date */
		if (!strcmp(d[i].rule->key, "follow_up_review"))
			snprintf(detail, sizeof(detail), "%s@%.10s",
				 d[i].rule->key, due);
		else
			str_copy(detail, sizeof(detail), d[i].rule->key);
		if (escalated(detail))
			continue;
		if (!began) {
			rc = db_begin(w->db);
			began = !rc;
		}
		if (!rc)
			rc = case_event_add_in_tx(w->db, NULL, c, "escalated",
						  detail, NULL, "deadline", 0);
		if (!rc)
			rc = notify_county(w->db, c, due);
		if (!rc)
			stats->escalated++;
	}
	if (began && !rc)
		rc = db_commit(w->db);
	if (began && rc)
		db_rollback(w->db);
	return rc;
}

int deadline_escalate(struct db *db, int64_t now, struct escalate_stats *st)
{
	static struct walk w;
	struct case_board unused;
	int rc;

	memset(st, 0, sizeof(*st));
	memset(&w, 0, sizeof(w));
	stats = st;
	w.db = db;
	w.now = now;
	w.board = &unused;
	rc = store_deadline_rules(db, rules, DEADLINE_RULES_MAX, &nrules);
	if (!rc)
		rc = walk_open(db, "", &w, escalate_one);
	return rc;
}
