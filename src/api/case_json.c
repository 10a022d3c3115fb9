#include "api/case_json.h"

#include "util/banned.h"

static json_t *opt(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

json_t *case_json(const struct case_row *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "child_id", json_integer(c->child_id));
	json_object_set_new(o, "region", json_string(c->region));
	json_object_set_new(o, "stage", json_string(c->stage));
	json_object_set_new(o, "stage_since", json_string(c->stage_since));
	json_object_set_new(o, "urgency", json_string(c->urgency));
	json_object_set_new(o, "source", json_string(c->source));
	json_object_set_new(o, "source_id", json_integer(c->source_id));
	json_object_set_new(o, "opened_at", json_string(c->opened_at));
	json_object_set_new(o, "police_ack", opt(c->police_ack));
	json_object_set_new(o, "police_ack_at", opt(c->police_ack_at));
	json_object_set_new(o, "protection_ack_at", opt(c->protection_ack_at));
	json_object_set_new(o, "safety", opt(c->safety));
	json_object_set_new(o, "assessment_id",
			    c->assessment_id ? json_integer(c->assessment_id)
					     : json_null());
	json_object_set_new(o, "assessment_outcome",
			    opt(c->assessment_outcome));
	json_object_set_new(o, "plan_items", json_integer(c->plan_items));
	json_object_set_new(o, "closure_requested_by",
			    c->closure_requested_by
				? json_integer(c->closure_requested_by)
				: json_null());
	json_object_set_new(o, "closure_requested_at",
			    opt(c->closure_requested_at));
	json_object_set_new(o, "closure_reason", opt(c->closure_reason));
	json_object_set_new(o, "closed_at", opt(c->closed_at));
	json_object_set_new(o, "updated_at", json_string(c->updated_at));
	json_object_set_new(o, "version", json_integer(c->version));
	return o;
}

json_t *case_event_json(const struct case_event_row *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "at", json_string(e->at));
	json_object_set_new(o, "actor", json_integer(e->actor));
	json_object_set_new(o, "actor_role", json_string(e->actor_role));
	json_object_set_new(o, "kind", json_string(e->kind));
	json_object_set_new(o, "from_stage", opt(e->from_stage));
	json_object_set_new(o, "to_stage", opt(e->to_stage));
	json_object_set_new(o, "detail", opt(e->detail));
	json_object_set_new(o, "note", opt(e->note));
	json_object_set_new(o, "ref_type", opt(e->ref_type));
	json_object_set_new(o, "ref_id",
			    e->ref_id ? json_integer(e->ref_id) : json_null());
	return o;
}
