#include "service/audit_service.h"

#include <string.h>

#include "domain/date.h"

#include "util/strutil.h"
#include "util/banned.h"

int audit_time_filter(const char *s)
{
	size_t n = strlen(s);

	/* digits where digits go; the rest literal */
	static const char date[] = "dddd-dd-dd";
	static const char full[] = "dddd-dd-ddTdd:dd:ddZ";
	const char *pat = n == 10 ? date : n == 20 ? full : NULL;

	if (!pat)
		return GA_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9')
				  : s[i] != pat[i])
			return GA_EINVAL;
	return GA_OK;
}

void audit_day_after(const char *day, char out[11])
{
	struct date d = {0, 0, 0};

	out[0] = '\0';
	if (date_parse(day, strlen(day), &d)) {
		struct date n = {d.y, d.m, d.d + 1};

		if (!date_valid(n))
			n = date_add_months((struct date){d.y, d.m, 1}, 1);
		date_format(n, out);
	}
}

int audit_query(struct db *db, const struct principal *by,
		const struct request_meta *m, const struct audit_filter *f,
		int (*fn)(const struct audit_entry *e, void *ctx), void *ctx)
{
	int rc = store_audit_query(db, f, fn, ctx);

	if (!rc)
		rc = auth_audit(db, by, m, "audit.read", "audit_log", "", "ok");
	return rc;
}

int audit_check(struct db *db, const struct principal *by,
		const struct request_meta *m, int64_t *count,
		struct audit_problem *p)
{
	int rc = audit_verify(db, count, p);

	if (!rc || rc == GA_EINVAL)
		auth_audit(db, by, m, "audit.verify", "audit_log", "",
			   rc ? "ok:broken" : "ok:intact");
	return rc;
}
