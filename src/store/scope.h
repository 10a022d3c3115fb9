/*
 * The jurisdiction filter (DESIGN.md): a scope is a division-code prefix,
 * turned into a half-open range [lo, hi) on a 12-digit code column so the
 * database can use an index. Every repository function that reads or
 * writes scoped rows binds these two values.
 */
#ifndef GA_STORE_SCOPE_H
#define GA_STORE_SCOPE_H

struct scope_range {
	char lo[13];
	char hi[14];
};

/* "" covers everything; a prefix that is not digits covers nothing. */
void scope_range_of(const char *prefix, struct scope_range *r);

#endif
