/*
 * libFuzzer harness for request bodies: api_decode_json() on the input as
 * the body, then api_bind_fields() with a small field table; and the input
 * (up to its first NUL) as the Content-Type of an empty object.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "util/result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const char *name;
	int64_t n;
	bool flag;
	const char **list;
	size_t nlist;
};

static bool short_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static const struct api_field fields[] = {
    {.name = "name",
     .type = AF_STRING,
     .max = 16,
     .check = short_ascii,
     .check_code = "invalid_name",
     .check_msg = "x",
     .offset = offsetof(struct input, name)},
    {.name = "n",
     .type = AF_INT,
     .offset = offsetof(struct input, n),
     .min = -5,
     .max_int = 5},
    {.name = "flag", .type = AF_BOOL, .offset = offsetof(struct input, flag)},
    {.name = "list",
     .type = AF_STRING_LIST,
     .max = 4,
     .item_max = 8,
     .offset = offsetof(struct input, list),
     .count_offset = offsetof(struct input, nlist)},
    {.name = NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	struct input in = {0};
	struct ga_error err;
	void *owned[2];
	int nowned = 0;
	json_t *v = NULL;
	char *ct;

	if (!api_decode_json("application/json", body, size, 8, &v, &err)) {
		if (!api_bind_fields(v, fields, &in, owned, &nowned, 2, &err)) {
			/* what was bound must be readable */
			if (in.name && strlen(in.name) > 16)
				abort();
			if (in.n < -5 || in.n > 5)
				abort();
			for (size_t i = 0; in.list && i < in.nlist; i++)
				if (strlen(in.list[i]) > 8)
					abort();
		}
		for (int i = 0; i < nowned; i++)
			free(owned[i]);
		json_decref(v);
	} else if (v) {
		abort(); /* *out is NULL on failure */
	}

	ct = strndup(body, size);
	if (ct) {
		if (!api_decode_json(ct, "{}", 2, 8, &v, &err))
			json_decref(v);
		free(ct);
	}
	return 0;
}
