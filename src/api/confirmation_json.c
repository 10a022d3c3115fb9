#include "api/confirmation_json.h"

#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"
#include "util/banned.h"

/* "138****8000": a reader without child.unmask sees the ends only */
static json_t *phone_json(const char *p, bool unmasked)
{
	char out[32];
	size_t n = strlen(p);

	if (unmasked || !n)
		return json_string(p);
	if (n < 7)
		return json_string("****");
	snprintf(out, sizeof(out), "%.3s****%s", p, p + n - 4);
	return json_string(out);
}

static json_t *id_json(const char *id, bool unmasked)
{
	char out[19];

	if (unmasked || !id[0])
		return json_string(id);
	idcard_mask(id, out);
	return json_string(out);
}

static json_t *parties_json(const struct confirmation_parties *p, bool unmasked)
{
	return json_pack(
	    "{s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:s}", "father_name",
	    p->father_name, "father_phone",
	    phone_json(p->father_phone, unmasked), "mother_name",
	    p->mother_name, "mother_phone",
	    phone_json(p->mother_phone, unmasked), "guardian_name",
	    p->guardian_name, "guardian_id_number",
	    id_json(p->guardian_id_number, unmasked), "guardian_birth_date",
	    unmasked ? p->guardian_birth_date : "", "guardian_phone",
	    phone_json(p->guardian_phone, unmasked), "guardian_relation",
	    p->guardian_relation, "guardian_address", p->guardian_address);
}

static json_t *answers_json(const struct confirmation_facts *f)
{
	json_t *o = json_object();

	for (int i = 0; i < CONF_CHECK_COUNT; i++)
		json_object_set_new(
		    o, confirmation_check_info(i)->id,
		    f->checks[i] == ANSWER_NONE
			? json_null()
			: json_boolean(f->checks[i] == ANSWER_YES));
	return o;
}

static json_t *promises_json(const struct confirmation_facts *f)
{
	json_t *a = json_array();

	for (int i = 0; i < CONF_PROMISE_COUNT; i++)
		if (f->promises[i])
			json_array_append_new(
			    a, json_string(confirmation_promise_info(i)->id));
	return a;
}

json_t *confirmation_to_json(const struct confirmation *c, bool unmasked)
{
	const struct confirmation_row *r = &c->row;
	json_t *o = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:I, "
	    "s:s, s:I, s:s, s:I}",
	    "id", (json_int_t)r->id, "child_id", (json_int_t)r->child_id,
	    "region", r->region, "status", c->status, "recorded_status",
	    r->status, "period_start", r->period_start, "period_end",
	    r->period_end, "parties", parties_json(&c->parties, unmasked),
	    "checks", answers_json(&c->facts), "promises",
	    promises_json(&c->facts), "signable", c->signable, "created_by",
	    (json_int_t)r->created_by, "created_at", r->created_at,
	    "updated_by", (json_int_t)r->updated_by, "updated_at",
	    r->updated_at, "version", (json_int_t)r->version);

	if (!o)
		return NULL;
	json_object_set_new(
	    o, "unfit",
	    c->signable
		? json_null()
		: json_pack("{s:s, s:s, s:s}", "code", c->unfit.code, "field",
			    c->unfit.field, "message", c->unfit.text));
	json_object_set_new(o, "scan",
			    r->scan_mime[0]
				? json_pack("{s:s, s:I}", "mime", r->scan_mime,
					    "size", (json_int_t)r->scan_size)
				: json_null());
	return o;
}
