#include "auth/account.h"

#include <string.h>

#include "domain/region.h"
#include "util/strutil.h"
#include "util/banned.h"

const char *account_state(const struct account *a, const char *now)
{
	if (a->disabled)
		return "disabled";
	if (a->locked_until[0] && strcmp(a->locked_until, now) > 0)
		return "locked";
	return "active";
}

void principal_set_scope(struct principal *p)
{
	const char *code = p->account.scope;
	size_t n = 0;

	if (!region_code_valid(code, strlen(code))) {
		/* no valid scope: a prefix no division code starts with */
		str_copy(p->scope_prefix, sizeof(p->scope_prefix), "-");
		return;
	}
	n = region_level_prefix_len(region_code_level(code));
	memcpy(p->scope_prefix, code, n);
	p->scope_prefix[n] = '\0';
}
