/*
 * Unit tests for src/service/visit_codec.c: a visit survives the sealed
 * record (encode → decode) and the plain columns (to_row → from_row)
 * field for field, texts with newlines and CJK included; unknown keys and
 * a truncated record are skipped, not misread.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "service/visit_codec.h"
#include "util/strutil.h"

static void sample(struct visit *v)
{
	visit_blank(v);
	v->id = 42;
	v->child_id = 7;
	str_copy(v->region, sizeof(v->region), "500229212201");
	str_copy(v->date, sizeof(v->date), "2026-11-20");
	v->kind = visit_vocab_find(VV_KIND, "key_check");
	v->visitor_role = visit_vocab_find(VV_VISITOR, "supervisor");
	assert_true(
	    visit_set_parse(VV_MET, "child entrusted_guardian other", &v->met));
	str_copy(v->met_other, sizeof(v->met_other), "邻居张婶");
	v->contact = visit_vocab_find(VV_CONTACT, "rarely");
	v->findings[VA_LIVING].level = VL_POOR;
	str_copy(v->findings[VA_LIVING].note,
		 sizeof(v->findings[VA_LIVING].note), "房屋漏雨\n灶台脏乱");
	v->findings[VA_SAFETY].level = VL_DANGER;
	str_copy(v->findings[VA_EMOTIONAL].note,
		 sizeof(v->findings[VA_EMOTIONAL].note), "不愿说话");
	assert_true(visit_set_parse(
	    VV_PROBLEM, "living_hardship suspected_harm", &v->problems));
	str_copy(v->problem_text, sizeof(v->problem_text), "手臂淤青");
	assert_true(
	    visit_set_parse(VV_ACTION, "referral report_made", &v->actions));
	str_copy(v->next_steps, sizeof(v->next_steps), "三天内复访");
	v->harm_found = true;
	v->report_requested = true;
	str_copy(v->client_uuid, sizeof(v->client_uuid),
		 "3f2b8c1e-0d4a-4e6b-9a7c-1b2c3d4e5f60");
	v->created_by = v->updated_by = 5;
	str_copy(v->created_at, sizeof(v->created_at), "2026-11-20T02:00:00Z");
	str_copy(v->updated_at, sizeof(v->updated_at), "2026-11-21T02:00:00Z");
	v->version = 3;
}

static void same_content(const struct visit *a, const struct visit *b)
{
	assert_string_equal(a->date, b->date);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->visitor_role, b->visitor_role);
	assert_int_equal(a->met, b->met);
	assert_string_equal(a->met_other, b->met_other);
	assert_int_equal(a->contact, b->contact);
	for (int i = 0; i < VA_COUNT; i++) {
		assert_int_equal(a->findings[i].level, b->findings[i].level);
		assert_string_equal(a->findings[i].note, b->findings[i].note);
	}
	assert_int_equal(a->problems, b->problems);
	assert_string_equal(a->problem_text, b->problem_text);
	assert_int_equal(a->actions, b->actions);
	assert_string_equal(a->next_steps, b->next_steps);
	assert_int_equal(a->report_requested, b->report_requested);
}

static void record_round_trip(void **state)
{
	static struct visit v, back;
	struct buf b;

	(void)state;
	sample(&v);
	buf_init(&b, 1 << 16);
	assert_int_equal(visit_encode(&v, &b), 0);
	visit_blank(&back);
	visit_decode(b.ptr, &back);
	same_content(&v, &back);
	/* a blank visit round-trips as blank */
	visit_blank(&v);
	buf_reset(&b);
	assert_int_equal(visit_encode(&v, &b), 0);
	sample(&back);
	visit_decode(b.ptr, &back);
	same_content(&v, &back);
	buf_release(&b);
}

static void record_oddities(void **state)
{
	static struct visit v;

	(void)state;
	visit_blank(&v);
	/* unknown keys and areas are skipped; a cut record stops there */
	visit_decode("colour\x1fred\x1e"
		     "money.level\x1fgood\x1e"
		     "next_steps\x1fok\x1e"
		     "kind\x1fholiday\x1e"
		     "problem_text\x1f"
		     "cut",
		     &v);
	assert_string_equal(v.next_steps, "ok");
	assert_int_equal(v.kind, visit_vocab_find(VV_KIND, "holiday"));
	assert_string_equal(v.problem_text, "");
	/* an unknown id in a set leaves the set alone */
	v.met = 1;
	visit_decode("met\x1f"
		     "child uncle\x1e",
		     &v);
	assert_int_equal(v.met, 1);
}

static void row_round_trip(void **state)
{
	static struct visit v, back;
	static struct visit_row r;

	(void)state;
	sample(&v);
	memset(&r, 0, sizeof(r));
	visit_to_row(&v, &r);
	assert_string_equal(r.kind, "key_check");
	assert_string_equal(r.met, "child entrusted_guardian other");
	assert_string_equal(r.problems, "living_hardship suspected_harm");
	assert_string_equal(r.levels, "living=poor safety=danger");
	assert_string_equal(r.contact, "rarely");
	visit_from_row(&r, &back);
	assert_int_equal(back.id, 42);
	assert_int_equal(back.version, 3);
	assert_int_equal(back.kind, v.kind);
	assert_int_equal(back.met, v.met);
	assert_int_equal(back.problems, v.problems);
	assert_int_equal(back.actions, v.actions);
	assert_int_equal(back.contact, v.contact);
	for (int i = 0; i < VA_COUNT; i++)
		assert_int_equal(back.findings[i].level, v.findings[i].level);
	/* texts never leave the sealed record */
	assert_string_equal(back.next_steps, "");
	assert_string_equal(back.findings[VA_LIVING].note, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(record_round_trip),
	    cmocka_unit_test(record_oddities),
	    cmocka_unit_test(row_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
