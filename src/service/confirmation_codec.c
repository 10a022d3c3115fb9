#include "service/confirmation_codec.h"

#include <stdio.h>
#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

#define NPARTS 10

static void parts_of(struct confirmation_parties *p, char *parts[NPARTS],
		     size_t sizes[NPARTS])
{
	char *f[NPARTS] = {p->father_name,	   p->father_phone,
			   p->mother_name,	   p->mother_phone,
			   p->guardian_name,	   p->guardian_id_number,
			   p->guardian_birth_date, p->guardian_phone,
			   p->guardian_relation,   p->guardian_address};
	size_t s[NPARTS] = {
	    sizeof(p->father_name),	    sizeof(p->father_phone),
	    sizeof(p->mother_name),	    sizeof(p->mother_phone),
	    sizeof(p->guardian_name),	    sizeof(p->guardian_id_number),
	    sizeof(p->guardian_birth_date), sizeof(p->guardian_phone),
	    sizeof(p->guardian_relation),   sizeof(p->guardian_address)};

	memcpy(parts, f, sizeof(f));
	memcpy(sizes, s, sizeof(s));
}

void confirmation_parties_join(const struct confirmation_parties *p, char *out,
			       size_t size)
{
	struct confirmation_parties copy = *p;
	char *parts[NPARTS];
	size_t sizes[NPARTS], at = 0;

	parts_of(&copy, parts, sizes);
	out[0] = '\0';
	for (int i = 0; i < NPARTS && at < size; i++) {
		int n = snprintf(out + at, size - at, "%s%s", i ? "\x1f" : "",
				 parts[i]);

		if (n < 0)
			break;
		at += (size_t)n;
	}
	memset(&copy, 0, sizeof(copy));
}

void confirmation_parties_split(const char *s, struct confirmation_parties *p)
{
	char *parts[NPARTS];
	size_t sizes[NPARTS];

	memset(p, 0, sizeof(*p));
	parts_of(p, parts, sizes);
	for (int i = 0; i < NPARTS; i++) {
		size_t n = strcspn(s, "\x1f");
		size_t k = n < sizes[i] - 1 ? n : sizes[i] - 1;

		memcpy(parts[i], s, k);
		parts[i][k] = '\0';
		s += n;
		if (*s)
			s++;
	}
}

void confirmation_answers_encode(const struct confirmation_facts *f,
				 struct confirmation_row *r)
{
	size_t at = 0;

	r->checks[0] = r->promises[0] = '\0';
	for (int i = 0; i < CONF_CHECK_COUNT; i++) {
		int n =
		    snprintf(r->checks + at, sizeof(r->checks) - at, "%s%s=%c",
			     i ? " " : "", confirmation_check_info(i)->id,
			     f->checks[i] == ANSWER_YES ? 'y' : 'n');

		if (n > 0 && (size_t)n < sizeof(r->checks) - at)
			at += (size_t)n;
	}
	at = 0;
	for (int i = 0; i < CONF_PROMISE_COUNT; i++) {
		int n;

		if (!f->promises[i])
			continue;
		n = snprintf(r->promises + at, sizeof(r->promises) - at, "%s%s",
			     at ? " " : "", confirmation_promise_info(i)->id);
		if (n > 0 && (size_t)n < sizeof(r->promises) - at)
			at += (size_t)n;
	}
}

void confirmation_answers_decode(const struct confirmation_row *r,
				 struct confirmation_facts *f)
{
	const char *s = r->checks;

	memset(f->checks, 0, sizeof(f->checks));
	memset(f->promises, 0, sizeof(f->promises));
	while (*s) {
		size_t n = strcspn(s, " ");
		const char *eq = memchr(s, '=', n);

		if (eq && eq + 1 < s + n) {
			int i = confirmation_check_from(s, (size_t)(eq - s));

			if (i >= 0)
				f->checks[i] =
				    eq[1] == 'y' ? ANSWER_YES : ANSWER_NO;
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	s = r->promises;
	while (*s) {
		size_t n = strcspn(s, " ");
		int i = confirmation_promise_from(s, n);

		if (i >= 0)
			f->promises[i] = true;
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* ---- the form's text ---- */

static int check_text(const char *field, const char *s, size_t max,
		      bool required, struct ga_error *err)
{
	size_t len = s ? strlen(s) : 0;
	bool blank = true;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return ga_error_set(err, GA_EINVAL, "invalid_text",
					    field,
					    "不能含控制字符 (control "
					    "characters are not allowed)");
		if (c != ' ')
			blank = false;
	}
	if (required && blank)
		return ga_error_set(err, GA_EINVAL, "missing_field", field,
				    "请填写 %s (field %s is required)", field,
				    field);
	if (len > max)
		return ga_error_set(err, GA_EINVAL, "too_long", field,
				    "字段 %s 过长 (field %s is too long)",
				    field, field);
	if (!utf8_valid(s ? s : "", len))
		return ga_error_set(err, GA_EINVAL, "invalid_utf8", field,
				    "文字编码无效 (not valid UTF-8)");
	return GA_OK;
}

/* a mobile or landline number: digits, spaces and dashes, 7 to 20 */
static bool phone_ok(const char *s)
{
	size_t len = strlen(s), digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!(s[i] == '-' || s[i] == ' ' || (s[i] == '+' && !i)))
			return false;
	}
	return digits >= 7;
}

static int check_phone(const char *field, const char *s, bool required,
		       struct ga_error *err)
{
	int rc = check_text(field, s, CONFIRMATION_PHONE_MAX, required, err);

	if (!rc && s && *s && !phone_ok(s))
		rc = ga_error_set(err, GA_EINVAL, "invalid_phone", field,
				  "电话号码格式不正确，如 13800138000 (phone "
				  "must be a number such as 13800138000)");
	return rc;
}

#define PUT(f) str_copy(p->f, sizeof(p->f), in->f ? in->f : "")

int confirmation_parties_check(const struct confirmation_input *in,
			       struct confirmation_parties *p,
			       struct ga_error *err)
{
	bool father = in->father_name && *in->father_name;
	bool mother = in->mother_name && *in->mother_name;
	int rc = check_text("father_name", in->father_name,
			    CONFIRMATION_NAME_MAX, false, err);

	if (!rc)
		rc = check_phone("father_phone", in->father_phone, false, err);
	if (!rc)
		rc = check_text("mother_name", in->mother_name,
				CONFIRMATION_NAME_MAX, false, err);
	if (!rc)
		rc = check_phone("mother_phone", in->mother_phone, false, err);
	if (!rc && !father && !mother)
		rc =
		    ga_error_set(err, GA_EINVAL, "missing_field", "father_name",
				 "请填写委托的父亲或母亲 (the father or the "
				 "mother who entrusts is required)");
	if (!rc)
		rc = check_text("guardian_name", in->guardian_name,
				CONFIRMATION_NAME_MAX, true, err);
	if (!rc)
		rc = check_phone("guardian_phone", in->guardian_phone, true,
				 err);
	if (!rc)
		rc = check_text("guardian_relation", in->guardian_relation,
				CONFIRMATION_SHORT_MAX, true, err);
	if (!rc)
		rc = check_text("guardian_address", in->guardian_address,
				CONFIRMATION_ADDRESS_MAX, false, err);
	if (rc)
		return rc;
	memset(p, 0, sizeof(*p));
	PUT(father_name);
	PUT(father_phone);
	PUT(mother_name);
	PUT(mother_phone);
	PUT(guardian_name);
	PUT(guardian_phone);
	PUT(guardian_relation);
	PUT(guardian_address);
	PUT(guardian_birth_date);
	PUT(guardian_id_number);
	/* callers store an X check character uppercase */
	if (p->guardian_id_number[17] == 'x')
		p->guardian_id_number[17] = 'X';
	return GA_OK;
}
