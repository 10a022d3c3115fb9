#include "io/centre_hours.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/result.h"
#include "util/strutil.h"
#include "util/banned.h"

int centre_hours_to_text(const struct centre_hours *h, int n, struct buf *out)
{
	json_t *a = json_array();
	char *text;
	int rc;

	for (int i = 0; i < n; i++) {
		json_t *days = json_array();

		for (int d = 0; d < 7; d++)
			if (h[i].days & (1u << d))
				json_array_append_new(days,
						      json_integer(d + 1));
		json_array_append_new(a, json_pack("{s:o, s:s, s:s}", "days",
						   days, "from", h[i].from,
						   "to", h[i].to));
	}
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (!text)
		return GA_EINTERNAL;
	rc = buf_adds(out, text);
	free(text);
	return rc;
}

/* one entry of the array */
static int entry_from(json_t *o, struct centre_hours *h)
{
	json_t *days = json_object_get(o, "days"), *d;
	const char *from = json_string_value(json_object_get(o, "from"));
	const char *to = json_string_value(json_object_get(o, "to"));
	size_t i;

	if (!json_is_array(days) || !from || !to)
		return GA_EINVAL;
	memset(h, 0, sizeof(*h));
	json_array_foreach(days, i, d)
	{
		json_int_t v = json_integer_value(d);

		if (!json_is_integer(d) || v < 1 || v > 7)
			return GA_EINVAL;
		h->days |= 1u << (v - 1);
	}
	str_copy(h->from, sizeof(h->from), from);
	str_copy(h->to, sizeof(h->to), to);
	return GA_OK;
}

int centre_hours_from_text(const char *text, struct centre_hours *h, int *n)
{
	json_t *a, *o;
	size_t i;
	int rc = GA_OK;

	*n = 0;
	if (!text || !*text)
		return GA_OK;
	a = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_array(a) || json_array_size(a) > CENTRE_HOURS_MAX)
		rc = GA_EINVAL;
	json_array_foreach(a, i, o)
	{
		if (rc)
			break;
		rc = entry_from(o, &h[i]);
	}
	if (!rc)
		*n = (int)json_array_size(a);
	json_decref(a);
	return rc;
}
