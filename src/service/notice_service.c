#include "service/notice_service.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "domain/child.h"
#include "domain/idcard.h"
#include "domain/region.h"
#include "service/child_seal.h"
#include "service/child_service.h"
#include "store/child_repo.h"
#include "store/schedule_repo.h"
#include "util/clock.h"
#include "util/strutil.h"
#include "util/banned.h"

#define RECIPIENTS_MAX 32

static int bad(struct ga_error *err, const char *field, const char *code,
	       const char *msg)
{
	return ga_error_set(err, GA_EINVAL, code, field, "%s", msg);
}

static void id_text(int64_t id, char out[24])
{
	snprintf(out, 24, "%" PRId64, id);
}

static int check_relation(const char *field, const char *rel,
			  enum relation *out, struct ga_error *err)
{
	if (rel && !strcmp(rel, "father"))
		*out = REL_FATHER;
	else if (rel && !strcmp(rel, "mother"))
		*out = REL_MOTHER;
	else
		return bad(err, field, "invalid_relation",
			   "与儿童关系应为父亲或母亲 (relation must be "
			   "father or mother)");
	return GA_OK;
}

static int check_day(const char *field, const char *s, bool required,
		     struct ga_error *err)
{
	struct date d;

	if ((!s || !s[0]) && !required)
		return GA_OK;
	if (!s || !date_parse(s, strlen(s), &d))
		return bad(err, field, "invalid_date",
			   "日期应为 YYYY-MM-DD 的真实日期 (date must be a "
			   "real YYYY-MM-DD)");
	return GA_OK;
}

/* the parent of relation rel, added (at home) when the dossier lacks one */
static struct member_record *parent_of(struct child_record *c,
				       enum relation rel, struct ga_error *err)
{
	struct member_record *m;

	for (int i = 0; i < c->nfamily; i++)
		if (c->family[i].relation == rel)
			return &c->family[i];
	if (c->nfamily == CHILD_FAMILY_MAX) {
		bad(err, "family", "too_many",
		    "家庭成员已满，无法添加 (the family list is full)");
		return NULL;
	}
	m = &c->family[c->nfamily++];
	memset(m, 0, sizeof(*m));
	m->relation = rel;
	m->situation = SIT_HOME;
	return m;
}

/* ---- the police: a parent missing ---- */

int notice_missing_parent(struct db *db, const struct principal *by,
			  const struct request_meta *m, int64_t child_id,
			  const struct missing_parent_notice *in,
			  struct child_view *out, struct ga_error *err)
{
	static __thread struct child_view cur;
	struct date today = children_today();
	struct member_record *p = NULL;
	enum relation rel = REL_FATHER;
	char idt[24];
	int rc = check_relation("relation", in->relation, &rel, err);

	if (!rc)
		rc = check_day("police_accepted", in->police_accepted, true,
			       err);
	if (!rc && in->parent_name && strlen(in->parent_name) > CHILD_NAME_MAX)
		rc = bad(err, "parent_name", "too_long",
			 "姓名过长 (parent_name is too long)");
	if (!rc)
		rc = children_get(db, by, child_id, today, &cur, err);
	if (!rc && cur.rec.archived)
		rc = ga_error_set(err, GA_ECONFLICT, "archived", "child_id",
				  "已归档的档案不能更新 (an archived dossier "
				  "cannot be updated)");
	if (!rc) {
		p = parent_of(&cur.rec, rel, err);
		rc = p ? GA_OK : GA_EINVAL;
	}
	if (rc)
		goto out;
	p->situation = SIT_MISSING;
	str_copy(p->police_accepted, sizeof(p->police_accepted),
		 in->police_accepted);
	str_copy(p->since, sizeof(p->since), in->police_accepted);
	p->until[0] = '\0';
	if (in->parent_name && in->parent_name[0])
		str_copy(p->name, sizeof(p->name), in->parent_name);
	rc = children_update(db, by, m, &cur.rec, today, out, err);
	id_text(child_id, idt);
	if (!rc)
		auth_audit(db, by, m, "notice.missing_parent", "child", idt,
			   "ok");
out:
	memset(&cur, 0, sizeof(cur));
	return rc;
}

/* ---- justice: a parent imprisoned or in rehabilitation ---- */

struct find_ctx {
	const struct justice_child *want;
	const char *scope;
	int64_t found;
};

static int by_id(const struct child_record *r, void *data)
{
	static __thread struct child_record c;
	struct find_ctx *f = data;

	c = *r;
	if (!c.archived && region_in_scope(c.region, f->scope) &&
	    !child_open(&c) && !strcmp(c.id_number, f->want->id_number))
		f->found = c.id;
	memset(&c, 0, sizeof(c));
	return GA_OK;
}

static int by_name(const struct child_record *r, void *data)
{
	static __thread struct child_record c;
	struct find_ctx *f = data;

	c = *r;
	if (!f->found && !child_open(&c) && !strcmp(c.name, f->want->name))
		f->found = c.id;
	memset(&c, 0, sizeof(c));
	return GA_OK;
}

/* the dossier of a child: 0 when none is found */
static int find_child(struct db *db, const struct principal *by,
		      const struct justice_child *k, int64_t *id)
{
	struct find_ctx f = {k, by->scope_prefix, 0};
	char bucket[8];
	int rc = GA_OK;

	if (k->id_number && k->id_number[0]) {
		child_index_of(k->id_number, bucket);
		rc = store_child_by_index(db, bucket, by_id, &f);
	}
	if (!rc && !f.found)
		rc = store_child_same_birth(db, k->village, k->birth_date,
					    by_name, &f);
	*id = f.found;
	return rc;
}

static int check_child(const struct principal *by,
		       const struct justice_child *k, int i,
		       struct ga_error *err)
{
	char field[40];
	struct date birth;

	snprintf(field, sizeof(field), "children[%d].name", i);
	if (!k->name || !k->name[0] || strlen(k->name) > CHILD_NAME_MAX)
		return bad(err, field, "invalid_name",
			   "请填写儿童姓名 (the child's name is required)");
	snprintf(field, sizeof(field), "children[%d].birth_date", i);
	if (!k->birth_date ||
	    !date_parse(k->birth_date, strlen(k->birth_date), &birth))
		return bad(err, field, "invalid_date",
			   "出生日期应为 YYYY-MM-DD 的真实日期 (birth_date "
			   "must be a real YYYY-MM-DD)");
	snprintf(field, sizeof(field), "children[%d].village", i);
	if (!k->village || !region_code_valid(k->village, strlen(k->village)))
		return bad(err, field, "invalid_code",
			   "应为12位村（社区）代码 (village must be a "
			   "12-digit code)");
	if (!region_in_scope(k->village, by->scope_prefix))
		return bad(err, field, "out_of_scope",
			   "该村（社区）不在您的辖区内 (the village is outside "
			   "your area)");
	snprintf(field, sizeof(field), "children[%d].id_number", i);
	if (k->id_number && k->id_number[0] &&
	    idcard_check(k->id_number, strlen(k->id_number), NULL, NULL) !=
		IDCARD_OK)
		return bad(err, field, "invalid_id_number",
			   "身份证号无效 (invalid ID number)");
	return GA_OK;
}

static int check_notice(const struct principal *by,
			const struct justice_notice *in, enum relation *rel,
			enum situation *sit, struct ga_error *err)
{
	int rc = check_relation("relation", in->relation, rel, err);

	if (!rc && in->situation && !strcmp(in->situation, "prison"))
		*sit = SIT_PRISON;
	else if (!rc && in->situation && !strcmp(in->situation, "drug_rehab"))
		*sit = SIT_DRUG_REHAB;
	else if (!rc)
		rc = bad(err, "situation", "invalid_situation",
			 "情形应为 prison（服刑）或 drug_rehab（强制隔离戒毒） "
			 "(situation must be prison or drug_rehab)");
	if (!rc && (!in->parent_name || !in->parent_name[0] ||
		    strlen(in->parent_name) > CHILD_NAME_MAX))
		rc = bad(err, "parent_name", "invalid_name",
			 "请填写父（母）姓名 (parent_name is required)");
	if (!rc)
		rc = check_day("since", in->since, true, err);
	if (!rc)
		rc = check_day("until", in->until, false, err);
	if (!rc && (in->nchildren < 1 || in->nchildren > NOTICE_CHILDREN_MAX))
		rc = bad(err, "children", "invalid_children",
			 "请列出1至10名未成年子女 (list 1 to 10 children)");
	for (int i = 0; !rc && i < in->nchildren; i++)
		rc = check_child(by, &in->children[i], i, err);
	return rc;
}

static void set_parent(struct member_record *p, const struct justice_notice *in,
		       enum situation sit)
{
	p->situation = sit;
	str_copy(p->since, sizeof(p->since), in->since);
	str_copy(p->until, sizeof(p->until), in->until ? in->until : "");
	p->police_accepted[0] = '\0';
	if (!p->name[0])
		str_copy(p->name, sizeof(p->name), in->parent_name);
}

/* a school stage to start from, by age: the director checks it */
static enum school_status school_by_age(int age)
{
	if (age < 3)
		return SCHOOL_NOT_ENROLLED;
	if (age < 6)
		return SCHOOL_KINDERGARTEN;
	if (age < 12)
		return SCHOOL_PRIMARY;
	if (age < 15)
		return SCHOOL_JUNIOR;
	return SCHOOL_SENIOR;
}

static int create_child(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct justice_notice *in, int i,
			enum relation rel, enum situation sit,
			struct child_view *out, struct ga_error *err)
{
	static __thread struct child_record r;
	const struct justice_child *k = &in->children[i];
	struct date today = children_today(), birth = {0, 0, 0};
	enum sex sex = SEX_UNKNOWN;
	char field[40];
	int rc;

	snprintf(field, sizeof(field), "children[%d].id_number", i);
	if (!k->id_number || !k->id_number[0])
		return bad(err, field, "missing_field",
			   "未找到该儿童档案，新建档案须填写身份证号 (no "
			   "dossier found: a new one needs the ID number)");
	idcard_check(k->id_number, strlen(k->id_number), &birth, &sex);
	memset(&r, 0, sizeof(r));
	str_copy(r.region, sizeof(r.region), k->village);
	str_copy(r.name, sizeof(r.name), k->name);
	str_copy(r.id_number, sizeof(r.id_number), k->id_number);
	str_copy(r.birth_date, sizeof(r.birth_date), k->birth_date);
	r.sex = sex;
	r.school = school_by_age(date_age(birth, today));
	r.health = HEALTH_HEALTHY;
	r.guardian.type = GUARDIAN_ONE_PARENT;
	r.guardianship = GL_FAIR;
	str_copy(r.notes, sizeof(r.notes),
		 "司法通报建档，待儿童主任走访核实 (registered from a justice "
		 "notice; to be checked at the director's visit)");
	r.nfamily = 1;
	r.family[0].relation = rel;
	set_parent(&r.family[0], in, sit);
	rc = children_create_in_tx(db, by, m, &r, today, out, err);
	if (rc && !err->field[0])
		snprintf(err->field, sizeof(err->field), "children[%d]", i);
	memset(&r, 0, sizeof(r));
	return rc;
}

static int update_child(struct db *db, const struct principal *by,
			const struct request_meta *m,
			const struct justice_notice *in, int64_t id,
			enum relation rel, enum situation sit,
			struct child_view *out, struct ga_error *err)
{
	static __thread struct child_view cur;
	struct date today = children_today();
	struct member_record *p;
	int rc = children_get(db, by, id, today, &cur, err);

	if (!rc) {
		p = parent_of(&cur.rec, rel, err);
		rc = p ? GA_OK : GA_EINVAL;
		if (p)
			set_parent(p, in, sit);
	}
	if (!rc)
		rc =
		    children_update_in_tx(db, by, m, &cur.rec, today, out, err);
	memset(&cur, 0, sizeof(cur));
	return rc;
}

/* the village's directors: a visit to make (no personal data) */
static int notify_directors(struct db *db, const struct child_record *c)
{
	struct notification_row n;
	int64_t ids[RECIPIENTS_MAX];
	int count = 0, one = 0;
	int rc = store_accounts_at(db, "director", c->region, ids,
				   RECIPIENTS_MAX, &count);

	memset(&n, 0, sizeof(n));
	str_copy(n.kind, sizeof(n.kind), "justice_notice");
	n.child_id = c->id;
	str_copy(n.region, sizeof(n.region), c->region);
	date_format(children_today(), n.due_date);
	clock_now_text(n.created_at);
	for (int i = 0; !rc && i < count; i++) {
		n.account_id = ids[i];
		rc = store_notification_add(db, &n, &one);
	}
	return rc;
}

int notice_justice(struct db *db, const struct principal *by,
		   const struct request_meta *m,
		   const struct justice_notice *in,
		   struct justice_result out[NOTICE_CHILDREN_MAX],
		   struct ga_error *err)
{
	static __thread struct child_view done;
	enum relation rel = REL_FATHER;
	enum situation sit = SIT_PRISON;
	char idt[24];
	bool began = false;
	int rc = check_notice(by, in, &rel, &sit, err);

	if (!rc) {
		rc = db_begin(db);
		began = !rc;
	}
	for (int i = 0; !rc && i < in->nchildren; i++) {
		int64_t id = 0;

		rc = find_child(db, by, &in->children[i], &id);
		if (!rc && id)
			rc = update_child(db, by, m, in, id, rel, sit, &done,
					  err);
		else if (!rc)
			rc = create_child(db, by, m, in, i, rel, sit, &done,
					  err);
		if (!rc)
			rc = notify_directors(db, &done.rec);
		out[i].child_id = done.rec.id;
		out[i].created = !id;
		out[i].version = done.rec.version;
		id_text(done.rec.id, idt);
		if (!rc)
			rc = auth_audit_in_tx(db, by, m, "notice.justice",
					      "child", idt,
					      id ? "ok:found" : "ok:created");
	}
	if (!rc)
		rc = db_commit(db);
	if (rc && began)
		db_rollback(db);
	memset(&done, 0, sizeof(done));
	return rc;
}
