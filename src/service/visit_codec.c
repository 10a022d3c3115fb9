#include "service/visit_codec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

void visit_blank(struct visit *v)
{
	memset(v, 0, sizeof(*v));
	v->contact = -1;
	for (int i = 0; i < VA_COUNT; i++)
		v->findings[i].level = -1;
}

static void put(struct buf *b, const char *key, const char *value)
{
	buf_adds(b, key);
	buf_addch(b, '\x1f');
	buf_adds(b, value);
	buf_addch(b, '\x1e');
}

static void put_set(struct buf *b, const char *key, enum visit_vocab vv,
		    uint32_t set)
{
	char ids[256];

	visit_set_format(vv, set, ids, sizeof(ids));
	put(b, key, ids);
}

int visit_encode(const struct visit *v, struct buf *b)
{
	char key[48];

	put(b, "date", v->date);
	put(b, "kind", visit_vocab_id(VV_KIND, v->kind));
	put(b, "visitor_role", visit_vocab_id(VV_VISITOR, v->visitor_role));
	put_set(b, "met", VV_MET, v->met);
	put(b, "met_other", v->met_other);
	put(b, "contact", visit_vocab_id(VV_CONTACT, v->contact));
	for (int i = 0; i < VA_COUNT; i++) {
		const char *area = visit_vocab_id(VV_AREA, i);

		snprintf(key, sizeof(key), "%s.level", area);
		put(b, key, visit_vocab_id(VV_LEVEL, v->findings[i].level));
		snprintf(key, sizeof(key), "%s.note", area);
		put(b, key, v->findings[i].note);
	}
	put_set(b, "problems", VV_PROBLEM, v->problems);
	put(b, "problem_text", v->problem_text);
	put_set(b, "actions", VV_ACTION, v->actions);
	put(b, "next_steps", v->next_steps);
	put(b, "report_requested", v->report_requested ? "1" : "0");
	return b->len ? GA_OK : GA_ETOOBIG; /* a capped buffer emptied */
}

static void text_to(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void one(struct visit *v, const char *key, const char *val)
{
	const char *dot = strchr(key, '.');
	uint32_t set;

	if (dot) {
		char area[32];
		int i;

		text_to(area, sizeof(area), key, (size_t)(dot - key));
		i = visit_vocab_find(VV_AREA, area);
		if (i < 0)
			return;
		if (!strcmp(dot + 1, "level"))
			v->findings[i].level = visit_vocab_find(VV_LEVEL, val);
		else if (!strcmp(dot + 1, "note"))
			str_copy(v->findings[i].note,
				 sizeof(v->findings[i].note), val);
	} else if (!strcmp(key, "date")) {
		str_copy(v->date, sizeof(v->date), val);
	} else if (!strcmp(key, "kind")) {
		v->kind = visit_vocab_find(VV_KIND, val);
	} else if (!strcmp(key, "visitor_role")) {
		v->visitor_role = visit_vocab_find(VV_VISITOR, val);
	} else if (!strcmp(key, "met") && visit_set_parse(VV_MET, val, &set)) {
		v->met = set;
	} else if (!strcmp(key, "met_other")) {
		str_copy(v->met_other, sizeof(v->met_other), val);
	} else if (!strcmp(key, "contact")) {
		v->contact = visit_vocab_find(VV_CONTACT, val);
	} else if (!strcmp(key, "problems") &&
		   visit_set_parse(VV_PROBLEM, val, &set)) {
		v->problems = set;
	} else if (!strcmp(key, "problem_text")) {
		str_copy(v->problem_text, sizeof(v->problem_text), val);
	} else if (!strcmp(key, "actions") &&
		   visit_set_parse(VV_ACTION, val, &set)) {
		v->actions = set;
	} else if (!strcmp(key, "next_steps")) {
		str_copy(v->next_steps, sizeof(v->next_steps), val);
	} else if (!strcmp(key, "report_requested")) {
		v->report_requested = !strcmp(val, "1");
	}
}

void visit_decode(const char *text, struct visit *v)
{
	static __thread char key[48], val[VISIT_TEXT_MAX + 1];
	const char *p = text;

	while (*p) {
		const char *us = strchr(p, '\x1f');
		const char *rs = us ? strchr(us + 1, '\x1e') : NULL;

		if (!rs)
			break;
		text_to(key, sizeof(key), p, (size_t)(us - p));
		text_to(val, sizeof(val), us + 1, (size_t)(rs - us - 1));
		one(v, key, val);
		p = rs + 1;
	}
	memset(val, 0, sizeof(val));
}

static void levels_text(const struct visit *v, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < VA_COUNT; i++) {
		if (v->findings[i].level < 0)
			continue;
		o += (size_t)snprintf(
		    out + o, size - o, "%s%s=%s", o ? " " : "",
		    visit_vocab_id(VV_AREA, i),
		    visit_vocab_id(VV_LEVEL, v->findings[i].level));
		if (o >= size)
			break;
	}
}

void visit_to_row(const struct visit *v, struct visit_row *r)
{
	r->id = v->id;
	r->child_id = v->child_id;
	str_copy(r->region, sizeof(r->region), v->region);
	str_copy(r->visit_date, sizeof(r->visit_date), v->date);
	str_copy(r->kind, sizeof(r->kind), visit_vocab_id(VV_KIND, v->kind));
	str_copy(r->visitor_role, sizeof(r->visitor_role),
		 visit_vocab_id(VV_VISITOR, v->visitor_role));
	visit_set_format(VV_MET, v->met, r->met, sizeof(r->met));
	str_copy(r->contact, sizeof(r->contact),
		 visit_vocab_id(VV_CONTACT, v->contact));
	visit_set_format(VV_PROBLEM, v->problems, r->problems,
			 sizeof(r->problems));
	visit_set_format(VV_ACTION, v->actions, r->actions, sizeof(r->actions));
	levels_text(v, r->levels, sizeof(r->levels));
	r->harm_found = v->harm_found;
	r->report_requested = v->report_requested;
	str_copy(r->client_uuid, sizeof(r->client_uuid), v->client_uuid);
	r->created_by = v->created_by;
	str_copy(r->created_at, sizeof(r->created_at), v->created_at);
	r->updated_by = v->updated_by;
	str_copy(r->updated_at, sizeof(r->updated_at), v->updated_at);
	r->version = v->version;
}

/* "living=good safety=danger" onto v's levels */
static void levels_from(const char *s, struct visit *v)
{
	char area[32], level[16];

	while (*s) {
		size_t n = strcspn(s, " "), eq = strcspn(s, "=");
		int a;

		if (eq < n && eq < sizeof(area) && n - eq - 1 < sizeof(level)) {
			text_to(area, sizeof(area), s, eq);
			text_to(level, sizeof(level), s + eq + 1, n - eq - 1);
			a = visit_vocab_find(VV_AREA, area);
			if (a >= 0)
				v->findings[a].level =
				    visit_vocab_find(VV_LEVEL, level);
		}
		s += n;
		while (*s == ' ')
			s++;
	}
}

void visit_from_row(const struct visit_row *r, struct visit *v)
{
	visit_blank(v);
	v->id = r->id;
	v->child_id = r->child_id;
	str_copy(v->region, sizeof(v->region), r->region);
	str_copy(v->date, sizeof(v->date), r->visit_date);
	v->kind = visit_vocab_find(VV_KIND, r->kind);
	v->visitor_role = visit_vocab_find(VV_VISITOR, r->visitor_role);
	visit_set_parse(VV_MET, r->met, &v->met);
	v->contact = visit_vocab_find(VV_CONTACT, r->contact);
	visit_set_parse(VV_PROBLEM, r->problems, &v->problems);
	visit_set_parse(VV_ACTION, r->actions, &v->actions);
	levels_from(r->levels, v);
	v->harm_found = r->harm_found;
	v->report_requested = r->report_requested;
	str_copy(v->client_uuid, sizeof(v->client_uuid), r->client_uuid);
	v->created_by = r->created_by;
	str_copy(v->created_at, sizeof(v->created_at), r->created_at);
	v->updated_by = r->updated_by;
	str_copy(v->updated_at, sizeof(v->updated_at), r->updated_at);
	v->version = r->version;
	v->nphotos = r->nphotos;
}
