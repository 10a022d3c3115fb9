/*
 * Unit tests for the body decoding of src/api (api.h, body.c):
 * api_decode_json (media type, UTF-8, depth, syntax) and api_bind_fields
 * (declared fields, types, bounds, checks) with a local field table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/api.h"
#include "util/result.h"
#include "util/strutil.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- api_decode_json ----------------------------------------------------- */

static void media_types(void **state)
{
	static const struct {
		const char *ct;
		int want;
	} cases[] = {
	    {"application/json", GA_OK},
	    {"application/json; charset=utf-8", GA_OK},
	    {"application/json;charset=UTF-8", GA_OK},
	    {"application/json; charset=\"utf-8\"", GA_OK},
	    {"Application/JSON", GA_OK},
	    {" application/json ", GA_OK},
	    {NULL, GA_EUNSUPPORTED},
	    {"", GA_EUNSUPPORTED},
	    {"text/plain", GA_EUNSUPPORTED},
	    {"application/jsonx", GA_EUNSUPPORTED},
	    {"application/json-patch+json", GA_EUNSUPPORTED},
	    {"application/x-www-form-urlencoded", GA_EUNSUPPORTED},
	    {"multipart/form-data; boundary=x", GA_EUNSUPPORTED},
	    {"application/json; charset=latin1", GA_EUNSUPPORTED},
	    {"application/json; charset=utf-16", GA_EUNSUPPORTED},
	    {"application/json; charset=utf-88", GA_EUNSUPPORTED},
	    {"application/json; boundary=x", GA_EUNSUPPORTED},
	    {"application/json; charset=utf-8; x=y", GA_EUNSUPPORTED},
	    {"application/json, text/plain", GA_EUNSUPPORTED},
	};

	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		struct ga_error err;
		json_t *v = (json_t *)&err; /* must be reset to NULL */
		int rc;

		ga_error_clear(&err);
		rc = api_decode_json(cases[i].ct, "{}", 2, 8, &v, &err);
		if (rc != cases[i].want)
			fail_msg("content type \"%s\": rc %d, want %d",
				 cases[i].ct ? cases[i].ct : "(null)", rc,
				 cases[i].want);
		if (rc) {
			assert_null(v);
			assert_int_equal(err.result, rc);
			assert_string_equal(err.code, "unsupported_media_type");
		} else {
			assert_true(json_is_object(v));
			json_decref(v);
		}
	}
}

struct decode_case {
	const char *name;
	const char *body;
	size_t len; /* 0: strlen(body) */
	size_t max_depth;
	int rc;
	const char *code;	/* on error */
	const char *in_message; /* on error, NULL: not checked */
};

static const struct decode_case decodes[] = {
    {"object", "{\"a\":1}", 0, 4, GA_OK, NULL, NULL},
    {"array at top", "[1,2]", 0, 4, GA_OK, NULL, NULL},
    {"Chinese", "{\"name\":\"城口县\"}", 0, 4, GA_OK, NULL, NULL},
    {"escaped non-BMP", "{\"a\":\"\\ud83d\\ude00\"}", 0, 4, GA_OK, NULL, NULL},
    /* UTF-8 */
    {"invalid byte", "{\"a\":\"\xff\"}", 0, 4, GA_EINVAL, "invalid_utf8", NULL},
    {"truncated sequence", "{\"a\":\"\xe5\x9f\"}", 0, 4, GA_EINVAL,
     "invalid_utf8", NULL},
    {"overlong slash", "{\"a\":\"\xc0\xaf\"}", 0, 4, GA_EINVAL, "invalid_utf8",
     NULL},
    {"surrogate", "{\"a\":\"\xed\xa0\x80\"}", 0, 4, GA_EINVAL, "invalid_utf8",
     NULL},
    {"invalid outside strings", "{\"a\":1}\xfe", 0, 4, GA_EINVAL,
     "invalid_utf8", NULL},
    /* depth */
    {"arrays at the limit", "[[[1]]]", 0, 3, GA_OK, NULL, NULL},
    {"arrays one above", "[[[[1]]]]", 0, 3, GA_EINVAL, "invalid_json", "3"},
    {"objects at the limit", "{\"a\":{\"b\":{\"c\":1}}}", 0, 3, GA_OK, NULL,
     NULL},
    {"objects one above", "{\"a\":{\"b\":{\"c\":{}}}}", 0, 3, GA_EINVAL,
     "invalid_json", NULL},
    {"mixed one above", "{\"a\":[{\"b\":[]}]}", 0, 3, GA_EINVAL, "invalid_json",
     NULL},
    {"siblings do not add up", "[[[1]],[[2]],[[3]]]", 0, 3, GA_OK, NULL, NULL},
    {"brackets in strings", "{\"a\":\"[[[[{{{{\",\"b\":\"]]]}}}\"}", 0, 1,
     GA_OK, NULL, NULL},
    {"escaped quote keeps the string open", "[\"\\\"[[[[\"]", 0, 1, GA_OK, NULL,
     NULL},
    {"escaped backslash closes the string", "[\"\\\\\",[[[1]]]]", 0, 3,
     GA_EINVAL, "invalid_json", NULL},
    {"escaped backslash then quote", "[\"\\\\\\\"[[\",[[1]]]", 0, 3, GA_OK,
     NULL, NULL},
    /* syntax */
    {"duplicate keys", "{\"a\":1,\"a\":2}", 0, 4, GA_EINVAL, "invalid_json",
     NULL},
    {"nested duplicate keys", "{\"o\":{\"k\":1,\"k\":1}}", 0, 4, GA_EINVAL,
     "invalid_json", NULL},
    {"missing value", "{\"a\":}", 0, 4, GA_EINVAL, "invalid_json", "position"},
    {"error on line 2", "{\n\"a\": x}", 0, 4, GA_EINVAL, "invalid_json",
     "line 2"},
    {"trailing comma", "{\"a\":1,}", 0, 4, GA_EINVAL, "invalid_json",
     "position"},
    {"trailing garbage", "{} {}", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"empty body", "", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"scalar at top", "1", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"string at top", "\"x\"", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"single quotes", "{'a':1}", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"unterminated", "{\"a\":\"x", 0, 4, GA_EINVAL, "invalid_json", NULL},
    {"escaped NUL", "{\"a\":\"\\u0000\"}", 0, 4, GA_EINVAL, "invalid_json",
     NULL},
    {"raw NUL after the object", "{}\0", 3, 4, GA_EINVAL, "invalid_json", NULL},
    {"raw NUL in a string", "{\"a\":\"x\0y\"}", 11, 4, GA_EINVAL,
     "invalid_json", NULL},
    {"len shorter than the text", "{\"a\":1}garbage", 7, 4, GA_OK, NULL, NULL},
};

static void decode_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(decodes); i++) {
		const struct decode_case *tc = &decodes[i];
		size_t len = tc->len ? tc->len : strlen(tc->body);
		struct ga_error err;
		json_t *v = NULL;
		int rc;

		ga_error_clear(&err);
		rc = api_decode_json("application/json", tc->body, len,
				     tc->max_depth, &v, &err);
		if (rc != tc->rc)
			fail_msg("%s: rc %d, want %d (%s %s)", tc->name, rc,
				 tc->rc, err.code, err.message);
		if (!rc) {
			assert_non_null(v);
			json_decref(v);
			continue;
		}
		assert_null(v);
		assert_int_equal(err.result, rc);
		if (strcmp(err.code, tc->code))
			fail_msg("%s: code %s, want %s", tc->name, err.code,
				 tc->code);
		if (tc->in_message && !strstr(err.message, tc->in_message))
			fail_msg("%s: message \"%s\" lacks \"%s\"", tc->name,
				 err.message, tc->in_message);
	}
}

/* The position in the message is jansson's byte offset of the error. */
static void decode_message_names_position(void **state)
{
	const char *body = "{\"name\": \"x\", \"age\": }";
	json_error_t jerr;
	struct ga_error err;
	char want[32];
	json_t *v;

	(void)state;
	assert_null(json_loads(body, JSON_REJECT_DUPLICATES, &jerr));
	snprintf(want, sizeof(want), "position %d", jerr.position);
	assert_int_equal(api_decode_json("application/json", body, strlen(body),
					 8, &v, &err),
			 GA_EINVAL);
	assert_non_null(strstr(err.message, want));
	snprintf(want, sizeof(want), "位置 %d", jerr.position);
	assert_non_null(strstr(err.message, want));
	assert_true(jerr.position > 15);
}

/* ---- api_bind_fields ----------------------------------------------------- */

struct input {
	const char *name;
	const char *code;
	int64_t age;
	bool active;
	const char **tags;
	size_t ntags;
};

static bool six_digits(const char *s, size_t len)
{
	return len == 6 && str_all_digits(s, len);
}

static bool lower_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return false;
	return len > 0;
}

static const struct api_field fields[] = {
    {.name = "name",
     .type = AF_STRING,
     .required = true,
     .max = 8,
     .offset = offsetof(struct input, name)},
    {.name = "code",
     .type = AF_STRING,
     .max = 6,
     .check = six_digits,
     .check_code = "invalid_code",
     .check_msg = "代码应为 6 位数字 (code must be 6 digits)",
     .offset = offsetof(struct input, code)},
    {.name = "age",
     .type = AF_INT,
     .offset = offsetof(struct input, age),
     .min = 0,
     .max_int = 150},
    {.name = "active",
     .type = AF_BOOL,
     .offset = offsetof(struct input, active)},
    {.name = "tags",
     .type = AF_STRING_LIST,
     .max = 3,
     .item_max = 4,
     .check = lower_ascii,
     .check_code = "invalid_tag",
     .check_msg = "标签应为小写字母 (tags are lowercase letters)",
     .offset = offsetof(struct input, tags),
     .count_offset = offsetof(struct input, ntags)},
    {.name = NULL},
};

#define OWNED_MAX 4

struct bound {
	json_t *body;
	struct input in;
	void *owned[OWNED_MAX];
	int nowned;
	struct ga_error err;
};

/* Parse `json` (must be valid) and bind it; the sentinel values show what
 * was left untouched. */
static int bind_json(struct bound *b, const char *json)
{
	json_error_t jerr;

	memset(b, 0, sizeof(*b));
	b->in.age = -42;
	b->in.ntags = 99;
	b->body = json_loads(json, JSON_DECODE_ANY, &jerr);
	if (!b->body)
		fail_msg("test JSON %s: %s", json, jerr.text);
	return api_bind_fields(b->body, fields, &b->in, b->owned, &b->nowned,
			       OWNED_MAX, &b->err);
}

static void unbind(struct bound *b)
{
	for (int i = 0; i < b->nowned; i++)
		free(b->owned[i]);
	json_decref(b->body);
}

struct bind_case {
	const char *json;
	int rc;
	const char *code;  /* on error */
	const char *field; /* on error */
};

static const struct bind_case binds[] = {
    {"{\"name\":\"a\"}", GA_OK, NULL, NULL},
    {"{\"name\":\"abcdefgh\"}", GA_OK, NULL, NULL},
    /* top level */
    {"[1]", GA_EINVAL, "invalid_type", ""},
    {"\"name\"", GA_EINVAL, "invalid_type", ""},
    {"null", GA_EINVAL, "invalid_type", ""},
    /* unknown, missing, null */
    {"{\"name\":\"a\",\"zzz\":1}", GA_EINVAL, "unknown_field", "zzz"},
    {"{\"Name\":\"a\"}", GA_EINVAL, "unknown_field", "Name"},
    {"{\"zzz\":null}", GA_EINVAL, "unknown_field", "zzz"},
    {"{}", GA_EINVAL, "missing_field", "name"},
    {"{\"name\":null}", GA_EINVAL, "missing_field", "name"},
    {"{\"age\":3}", GA_EINVAL, "missing_field", "name"},
    /* AF_STRING */
    {"{\"name\":1}", GA_EINVAL, "invalid_type", "name"},
    {"{\"name\":[\"a\"]}", GA_EINVAL, "invalid_type", "name"},
    {"{\"name\":\"abcdefghi\"}", GA_EINVAL, "too_long", "name"},
    {"{\"name\":\"重庆市\"}", GA_EINVAL, "too_long", "name"}, /* 9 bytes */
    {"{\"name\":\"a\",\"code\":\"12345\"}", GA_EINVAL, "invalid_code", "code"},
    {"{\"name\":\"a\",\"code\":\"12345a\"}", GA_EINVAL, "invalid_code", "code"},
    /* too long with a check: the check's code */
    {"{\"name\":\"a\",\"code\":\"1234567\"}", GA_EINVAL, "invalid_code",
     "code"},
    {"{\"name\":\"a\",\"code\":5002}", GA_EINVAL, "invalid_type", "code"},
    /* AF_INT */
    {"{\"name\":\"a\",\"age\":0}", GA_OK, NULL, NULL},
    {"{\"name\":\"a\",\"age\":150}", GA_OK, NULL, NULL},
    {"{\"name\":\"a\",\"age\":151}", GA_EINVAL, "out_of_range", "age"},
    {"{\"name\":\"a\",\"age\":-1}", GA_EINVAL, "out_of_range", "age"},
    {"{\"name\":\"a\",\"age\":-9223372036854775808}", GA_EINVAL, "out_of_range",
     "age"},
    {"{\"name\":\"a\",\"age\":1.5}", GA_EINVAL, "invalid_type", "age"},
    {"{\"name\":\"a\",\"age\":1.0}", GA_EINVAL, "invalid_type", "age"},
    {"{\"name\":\"a\",\"age\":\"5\"}", GA_EINVAL, "invalid_type", "age"},
    {"{\"name\":\"a\",\"age\":true}", GA_EINVAL, "invalid_type", "age"},
    /* AF_BOOL */
    {"{\"name\":\"a\",\"active\":false}", GA_OK, NULL, NULL},
    {"{\"name\":\"a\",\"active\":1}", GA_EINVAL, "invalid_type", "active"},
    {"{\"name\":\"a\",\"active\":\"true\"}", GA_EINVAL, "invalid_type",
     "active"},
    /* AF_STRING_LIST */
    {"{\"name\":\"a\",\"tags\":[]}", GA_OK, NULL, NULL},
    {"{\"name\":\"a\",\"tags\":[\"ab\",\"cd\",\"ef\"]}", GA_OK, NULL, NULL},
    {"{\"name\":\"a\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}", GA_EINVAL,
     "too_many", "tags"},
    {"{\"name\":\"a\",\"tags\":\"ab\"}", GA_EINVAL, "invalid_type", "tags"},
    {"{\"name\":\"a\",\"tags\":{\"x\":\"y\"}}", GA_EINVAL, "invalid_type",
     "tags"},
    {"{\"name\":\"a\",\"tags\":[\"ab\",\"AB\"]}", GA_EINVAL, "invalid_tag",
     "tags[1]"},
    {"{\"name\":\"a\",\"tags\":[\"\"]}", GA_EINVAL, "invalid_tag", "tags[0]"},
    {"{\"name\":\"a\",\"tags\":[\"abcde\"]}", GA_EINVAL, "invalid_tag",
     "tags[0]"},
    {"{\"name\":\"a\",\"tags\":[\"ab\",\"cd\",1]}", GA_EINVAL, "invalid_type",
     "tags[2]"},
    {"{\"name\":\"a\",\"tags\":[null]}", GA_EINVAL, "invalid_type", "tags[0]"},
    {"{\"name\":\"a\",\"tags\":[[\"ab\"]]}", GA_EINVAL, "invalid_type",
     "tags[0]"},
};

static void bind_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(binds); i++) {
		const struct bind_case *tc = &binds[i];
		struct bound b;
		int rc = bind_json(&b, tc->json);

		if (rc != tc->rc)
			fail_msg("%s: rc %d, want %d (%s %s)", tc->json, rc,
				 tc->rc, b.err.code, b.err.field);
		if (rc) {
			assert_int_equal(b.err.result, rc);
			if (strcmp(b.err.code, tc->code) ||
			    strcmp(b.err.field, tc->field))
				fail_msg("%s: error %s on \"%s\", want %s on "
					 "\"%s\"",
					 tc->json, b.err.code, b.err.field,
					 tc->code, tc->field);
			assert_true(b.err.message[0] != '\0');
		}
		unbind(&b);
	}
}

static void bind_fills_input(void **state)
{
	struct bound b;

	(void)state;
	assert_int_equal(bind_json(&b, "{\"name\":\"城口\",\"code\":\"500229\","
				       "\"age\":7,\"active\":true,"
				       "\"tags\":[\"ab\",\"cd\"]}"),
			 GA_OK);
	assert_string_equal(b.in.name, "城口");
	assert_string_equal(b.in.code, "500229");
	assert_int_equal(b.in.age, 7);
	assert_true(b.in.active);
	assert_int_equal(b.in.ntags, 2);
	assert_string_equal(b.in.tags[0], "ab");
	assert_string_equal(b.in.tags[1], "cd");
	assert_null(b.in.tags[2]); /* NULL-ended */
	assert_int_equal(b.nowned, 1);
	assert_ptr_equal(b.owned[0], (void *)b.in.tags);
	unbind(&b);
}

static void bind_null_is_absent(void **state)
{
	struct bound b;

	(void)state;
	assert_int_equal(bind_json(&b,
				   "{\"name\":\"a\",\"code\":null,\"age\":null,"
				   "\"active\":null,\"tags\":null}"),
			 GA_OK);
	assert_string_equal(b.in.name, "a");
	assert_null(b.in.code);
	assert_int_equal(b.in.age, -42);
	assert_false(b.in.active);
	assert_null(b.in.tags);
	assert_int_equal(b.in.ntags, 99);
	assert_int_equal(b.nowned, 0);
	unbind(&b);
}

static void bind_empty_list(void **state)
{
	struct bound b;

	(void)state;
	assert_int_equal(bind_json(&b, "{\"name\":\"a\",\"tags\":[]}"), GA_OK);
	assert_non_null(b.in.tags);
	assert_null(b.in.tags[0]);
	assert_int_equal(b.in.ntags, 0);
	unbind(&b);
}

/* A NUL inside a string (possible when a caller builds the JSON itself). */
static void bind_string_with_nul(void **state)
{
	struct input in = {0};
	struct ga_error err;
	void *owned[OWNED_MAX];
	int nowned = 0;
	json_t *body = json_object();

	(void)state;
	json_object_set_new(body, "name", json_stringn("a\0b", 3));
	assert_int_equal(
	    api_bind_fields(body, fields, &in, owned, &nowned, OWNED_MAX, &err),
	    GA_EINVAL);
	assert_string_equal(err.code, "too_long");
	assert_string_equal(err.field, "name");
	json_decref(body);
}

/* A list needs an owned slot; none left is an internal error, not a crash. */
static void bind_owned_exhausted(void **state)
{
	struct input in = {0};
	struct ga_error err;
	void *owned[1];
	int nowned = 0;
	json_error_t jerr;
	json_t *body =
	    json_loads("{\"name\":\"a\",\"tags\":[\"ab\"]}", 0, &jerr);

	(void)state;
	assert_non_null(body);
	assert_int_equal(
	    api_bind_fields(body, fields, &in, owned, &nowned, 0, &err),
	    GA_EINTERNAL);
	assert_int_equal(nowned, 0);
	json_decref(body);
}

/* Decode then bind, as the dispatcher does. */
static void decode_then_bind(void **state)
{
	const char *body = "{\"name\":\"ab\",\"tags\":[\"x\"],\"age\":9}";
	struct input in = {0};
	struct ga_error err;
	void *owned[OWNED_MAX];
	int nowned = 0;
	json_t *v;

	(void)state;
	assert_int_equal(api_decode_json("application/json; charset=utf-8",
					 body, strlen(body), 32, &v, &err),
			 GA_OK);
	assert_int_equal(
	    api_bind_fields(v, fields, &in, owned, &nowned, OWNED_MAX, &err),
	    GA_OK);
	assert_string_equal(in.name, "ab");
	assert_int_equal(in.ntags, 1);
	assert_int_equal(in.age, 9);
	for (int i = 0; i < nowned; i++)
		free(owned[i]);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(media_types),
	    cmocka_unit_test(decode_table),
	    cmocka_unit_test(decode_message_names_position),
	    cmocka_unit_test(bind_table),
	    cmocka_unit_test(bind_fills_input),
	    cmocka_unit_test(bind_null_is_absent),
	    cmocka_unit_test(bind_empty_list),
	    cmocka_unit_test(bind_string_with_nul),
	    cmocka_unit_test(bind_owned_exhausted),
	    cmocka_unit_test(decode_then_bind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
