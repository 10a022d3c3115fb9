#include "api/report_json.h"

#include "util/banned.h"

static json_t *opt(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *report_view_json(const struct report_view *v)
{
	const struct report_row *r = &v->row;
	const struct report_situation *s = report_situation_find(r->situation);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "status",
			    json_string(report_status_name(v->status)));
	json_object_set_new(o, "situation", json_string(r->situation));
	json_object_set_new(o, "situation_zh", json_string(s ? s->zh : ""));
	json_object_set_new(o, "urgency", json_string(r->urgency));
	json_object_set_new(o, "discovered_at", json_string(r->discovered_at));
	json_object_set_new(o, "submitted_at", json_string(r->created_at));
	json_object_set_new(o, "received_at", opt(v->received_at));
	json_object_set_new(o, "police_ack_at", opt(r->police_ack_at));
	json_object_set_new(o, "feedback_at", opt(r->feedback_at));
	json_object_set_new(o, "handled_at",
			    v->status >= RSTATUS_HANDLED ? opt(r->stage_since)
							 : json_null());
	json_object_set_new(o, "closed_at", opt(r->closed_at));
	if (v->level == REPORT_OWN)
		return o;
	json_object_set_new(o, "child_id", json_integer(r->child_id));
	json_object_set_new(o, "region", json_string(r->region));
	json_object_set_new(o, "case_id", opt_id(r->case_id));
	json_object_set_new(o, "source", json_string(r->source));
	json_object_set_new(o, "visit_id", opt_id(r->visit_id));
	json_object_set_new(o, "call_id", opt_id(r->call_id));
	if (v->level != REPORT_TEAM)
		return o;
	json_object_set_new(o, "reporter",
			    json_pack("{s:I, s:s, s:s, s:o}", "id",
				      (json_int_t)r->reporter_id, "role",
				      r->reporter_role, "org", r->reporter_org,
				      "name", opt(v->reporter_name)));
	if (r->narrative[0] || r->place[0]) {
		json_object_set_new(o, "place", json_string(r->place));
		json_object_set_new(o, "narrative", json_string(r->narrative));
	}
	return o;
}

json_t *hotline_view_json(const struct hotline_view *v, int full)
{
	const struct hotline_call_row *r = &v->row;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "received_at", json_string(r->received_at));
	json_object_set_new(o, "caller_type", json_string(r->caller_type));
	json_object_set_new(o, "class", json_string(r->class_));
	json_object_set_new(o, "emergency", json_boolean(r->emergency));
	json_object_set_new(o, "status", json_string(v->status));
	json_object_set_new(o, "parts", json_integer(v->parts));
	json_object_set_new(o, "answered", json_integer(v->answered));
	json_object_set_new(o, "child_id", opt_id(r->child_id));
	json_object_set_new(o, "region", json_string(r->region));
	json_object_set_new(o, "report_id", opt_id(r->report_id));
	json_object_set_new(o, "case_id", opt_id(r->case_id));
	json_object_set_new(o, "callback_at", opt(r->callback_at));
	json_object_set_new(o, "closed_at", opt(r->closed_at));
	json_object_set_new(o, "created_at", json_string(r->created_at));
	json_object_set_new(o, "version", json_integer(r->version));
	if (full) {
		json_object_set_new(o, "callback", json_string(r->callback));
		json_object_set_new(o, "matter", json_string(r->matter));
		json_object_set_new(o, "callback_note", opt(r->callback_note));
	}
	return o;
}
