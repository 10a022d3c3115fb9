#include "store/scope.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

void scope_range_of(const char *prefix, struct scope_range *r)
{
	size_t n = strlen(prefix);
	int i;

	if (n > 12 || (n && !str_all_digits(prefix, n))) {
		/* an empty range: nothing is >= "~" and < "~" */
		str_copy(r->lo, sizeof(r->lo), "~");
		str_copy(r->hi, sizeof(r->hi), "~");
		return;
	}
	memcpy(r->lo, prefix, n);
	memset(r->lo + n, '0', 12 - n);
	r->lo[12] = '\0';
	memcpy(r->hi, r->lo, 13);
	/* prefix + 1 with the carry done in digits; all nines: 13 nines */
	for (i = (int)n - 1; i >= 0 && r->hi[i] == '9'; i--)
		r->hi[i] = '0';
	if (i >= 0) {
		r->hi[i]++;
	} else {
		memset(r->hi, '9', 13);
		r->hi[13] = '\0';
	}
}
