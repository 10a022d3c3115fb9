/*
 * Request bodies: media type, UTF-8, nesting depth, JSON syntax (jansson,
 * duplicate keys refused), then the declared fields of the route.
 */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/strutil.h"
#include "util/xalloc.h"
#include "util/banned.h"

/* "application/json" with at most a charset=utf-8 parameter */
static bool json_media_type(const char *ct)
{
	const char *p;

	if (!ct)
		return false;
	while (*ct == ' ')
		ct++;
	if (strncasecmp(ct, "application/json", 16))
		return false;
	p = ct + 16;
	while (*p == ' ')
		p++;
	if (!*p)
		return true;
	if (*p++ != ';')
		return false;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "charset=", 8))
		return false;
	p += 8;
	if (*p == '"')
		p++;
	return !strncasecmp(p, "utf-8", 5) &&
	       (!p[5] || p[5] == '"' || p[5] == ' ');
}

/* Nesting depth of a JSON text, brackets inside strings ignored. */
static size_t json_depth(const char *s, size_t len)
{
	size_t depth = 0, deepest = 0;
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > deepest)
				deepest = depth;
		} else if ((c == '}' || c == ']') && depth) {
			depth--;
		}
	}
	return deepest;
}

int api_decode_json(const char *content_type, const char *body, size_t len,
		    size_t max_depth, json_t **out, struct ga_error *err)
{
	json_error_t jerr;
	json_t *v;

	*out = NULL;
	if (!json_media_type(content_type))
		return ga_error_set(
		    err, GA_EUNSUPPORTED, "unsupported_media_type", "",
		    "请求体应为 application/json (the body must "
		    "be application/json)");
	if (!utf8_valid(body, len))
		return ga_error_set(err, GA_EINVAL, "invalid_utf8", "",
				    "请求体不是有效的 UTF-8 (the body is not "
				    "valid UTF-8)");
	if (json_depth(body, len) > max_depth)
		return ga_error_set(err, GA_EINVAL, "invalid_json", "",
				    "JSON 嵌套超过 %zu 层 (JSON nested deeper "
				    "than %zu levels)",
				    max_depth, max_depth);
	v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return ga_error_set(err, GA_EINVAL, "invalid_json", "",
				    "JSON 格式错误：第 %d 行第 %d 列（位置 %d）"
				    " (malformed JSON at line %d, column %d, "
				    "position %d: %s)",
				    jerr.line, jerr.column, jerr.position,
				    jerr.line, jerr.column, jerr.position,
				    jerr.text);
	*out = v;
	return GA_OK;
}

static int type_error(struct ga_error *err, const char *name, const char *want)
{
	return ga_error_set(err, GA_EINVAL, "invalid_type", name,
			    "字段 %s 应为%s (field %s has the wrong type)",
			    name, want, name);
}

static int check_string(const struct api_field *f, const char *field_name,
			json_t *v, size_t max, struct ga_error *err)
{
	const char *s;
	size_t len;

	if (!json_is_string(v))
		return type_error(err, field_name, "字符串");
	s = json_string_value(v);
	len = json_string_length(v);
	if (len > max && f->check)
		return ga_error_set(err, GA_EINVAL, f->check_code, field_name,
				    "%s", f->check_msg);
	if (len > max || memchr(s, '\0', len))
		return ga_error_set(err, GA_EINVAL, "too_long", field_name,
				    "字段 %s 过长或含空字符 (field %s is too "
				    "long or contains NUL)",
				    field_name, field_name);
	if (f->check && !f->check(s, len))
		return ga_error_set(err, GA_EINVAL, f->check_code, field_name,
				    "%s", f->check_msg);
	return GA_OK;
}

static int bind_list(const struct api_field *f, json_t *v, char *base,
		     void **owned, int *nowned, int owned_max,
		     struct ga_error *err)
{
	size_t n;
	const char **items;
	char name[GA_ERROR_FIELD_MAX];

	if (!json_is_array(v))
		return type_error(err, f->name, "字符串数组");
	n = json_array_size(v);
	if (n > f->max)
		return ga_error_set(err, GA_EINVAL, "too_many", f->name,
				    "字段 %s 最多 %zu 项 (field %s takes at "
				    "most %zu items)",
				    f->name, f->max, f->name, f->max);
	if (*nowned == owned_max)
		return GA_EINTERNAL;
	items = xcalloc(n + 1, sizeof(*items));
	owned[(*nowned)++] = items;
	for (size_t i = 0; i < n; i++) {
		json_t *it = json_array_get(v, i);
		int rc;

		snprintf(name, sizeof(name), "%s[%zu]", f->name, i);
		if (!json_is_string(it))
			return type_error(err, name, "字符串");
		rc = check_string(f, name, it, f->item_max, err);
		if (rc)
			return rc;
		items[i] = json_string_value(it);
	}
	memcpy(base + f->offset, &items, sizeof(items));
	memcpy(base + f->count_offset, &n, sizeof(n));
	return GA_OK;
}

static int bind_one(const struct api_field *f, json_t *v, char *base,
		    void **owned, int *nowned, int owned_max,
		    struct ga_error *err)
{
	int rc;

	switch (f->type) {
	case AF_STRING: {
		const char *s;

		rc = check_string(f, f->name, v, f->max, err);
		if (rc)
			return rc;
		s = json_string_value(v);
		memcpy(base + f->offset, &s, sizeof(s));
		return GA_OK;
	}
	case AF_INT: {
		int64_t i;

		if (!json_is_integer(v))
			return type_error(err, f->name, "整数");
		i = json_integer_value(v);
		if (i < f->min || i > f->max_int)
			return ga_error_set(err, GA_EINVAL, "out_of_range",
					    f->name,
					    "字段 %s 超出范围 (field %s is out "
					    "of range)",
					    f->name, f->name);
		memcpy(base + f->offset, &i, sizeof(i));
		return GA_OK;
	}
	case AF_BOOL: {
		bool b;

		if (!json_is_boolean(v))
			return type_error(err, f->name, "布尔值");
		b = json_is_true(v);
		memcpy(base + f->offset, &b, sizeof(b));
		return GA_OK;
	}
	case AF_STRING_LIST:
		return bind_list(f, v, base, owned, nowned, owned_max, err);
	}
	return GA_EINTERNAL;
}

int api_bind_fields(json_t *body, const struct api_field *fields, void *input,
		    void **owned, int *nowned, int owned_max,
		    struct ga_error *err)
{
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(body))
		return ga_error_set(err, GA_EINVAL, "invalid_type", "",
				    "请求体应为 JSON 对象 (the body must be a "
				    "JSON object)");
	json_object_foreach(body, key, v)
	{
		const struct api_field *f = fields;

		while (f->name && strcmp(f->name, key))
			f++;
		if (!f->name)
			return ga_error_set(err, GA_EINVAL, "unknown_field",
					    key,
					    "不接受的字段 (unknown field)");
	}
	for (const struct api_field *f = fields; f->name; f++) {
		v = json_object_get(body, f->name);
		if (!v || json_is_null(v)) {
			if (f->required)
				return ga_error_set(
				    err, GA_EINVAL, "missing_field", f->name,
				    "缺少字段 %s (field %s is required)",
				    f->name, f->name);
			continue;
		}
		rc = bind_one(f, v, input, owned, nowned, owned_max, err);
		if (rc)
			return rc;
	}
	return GA_OK;
}
