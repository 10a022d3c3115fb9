/*
 * Administrative division codes (DESIGN.md, Jurisdiction): the 12-digit
 * statistical code 省2 市2 县2 乡3 村3. Pure functions, no I/O.
 *
 * A code's level follows from its trailing zeros. Scopes are code prefixes:
 * province 2 digits, city 4, county 6, township 9, village 12.
 */
#ifndef GA_DOMAIN_REGION_H
#define GA_DOMAIN_REGION_H

#include <stdbool.h>
#include <stddef.h>

#define REGION_CODE_LEN 12

enum region_level {
	REGION_PROVINCE = 1,
	REGION_CITY = 2,
	REGION_COUNTY = 3,
	REGION_TOWNSHIP = 4,
	REGION_VILLAGE = 5,
};

/* Exactly 12 ASCII digits, not all zero, province part not "00". */
bool region_code_valid(const char *code, size_t len);

/* Level implied by the code's trailing zeros. The code must be valid. */
enum region_level region_code_level(const char *code);

/* Digits that name the division: 2, 4, 6, 9 or 12. */
size_t region_level_prefix_len(enum region_level level);

/* "province", "city", … ; NULL for an out-of-range level */
const char *region_level_name(enum region_level level);
/* the inverse; 0 when unknown */
enum region_level region_level_from_name(const char *name);

/*
 * Pad a 2/4/6/9/12-digit code (as the National Bureau of Statistics lists
 * write them) to 12 digits in out[13]. False when the input is not digits of
 * one of those lengths.
 */
bool region_code_pad(const char *in, size_t len, char out[13]);

/*
 * The 4 province-level municipalities (北京, 天津, 上海, 重庆) have no real
 * prefecture level: "市辖区" and "县" are placeholders, so their counties hang
 * directly under the province.
 */
bool region_is_municipality(const char *code);

/*
 * The parent a code implies: the next level up with the lower digits zeroed
 * (skipping the placeholder city level of municipalities). False for a
 * province, which has none.
 */
bool region_code_parent(const char *code, char out[13]);

/*
 * Kind of a township or village from its code and name (NBS convention:
 * township digits 000–099 街道 street, 100–199 镇 town, 200–399 乡
 * township; villages ending 居委会 are communities). Static strings.
 */
const char *region_kind_guess(const char *code, const char *name);

/* True when `code` lies within the division named by `scope` (a prefix). */
bool region_in_scope(const char *code, const char *scope);

#define REGION_NAME_MAX	    192
#define REGION_KIND_MAX	    24
#define REGION_OVERLAPS_MAX 160

/* One division as the registry keeps it. Plain value; no owned memory. */
struct region {
	char code[13];
	char name[REGION_NAME_MAX];
	enum region_level level;
	char parent[13];	    /* "" at the top */
	char kind[REGION_KIND_MAX]; /* province, district, county, zone, street,
				       town, township, village, community */
	bool zone; /* management zone without a GB/T 2260 code */
	char overlaps[REGION_OVERLAPS_MAX]; /* zones: county codes,
					       space-separated */
	bool deep_poverty;		    /* 深度贫困乡镇 */
	bool deep_poverty_confirmed; /* checked against a public source */
	bool abolished;		     /* no longer on the official list */
	bool has_children;
};

#endif
