#include "domain/region.h"

#include <string.h>

#include "util/strutil.h"
#include "util/banned.h"

static const char *const level_names[] = {
    NULL, "province", "city", "county", "township", "village",
};

bool region_code_valid(const char *code, size_t len)
{
	if (len != REGION_CODE_LEN || !str_all_digits(code, len))
		return false;
	return !(code[0] == '0' && code[1] == '0');
}

static bool zeros(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] != '0')
			return false;
	return true;
}

enum region_level region_code_level(const char *code)
{
	if (zeros(code, 2, 12))
		return REGION_PROVINCE;
	if (zeros(code, 4, 12))
		return REGION_CITY;
	if (zeros(code, 6, 12))
		return REGION_COUNTY;
	if (zeros(code, 9, 12))
		return REGION_TOWNSHIP;
	return REGION_VILLAGE;
}

size_t region_level_prefix_len(enum region_level level)
{
	static const size_t len[] = {12, 2, 4, 6, 9, 12};

	return level >= REGION_PROVINCE && level <= REGION_VILLAGE ? len[level]
								   : 12;
}

const char *region_level_name(enum region_level level)
{
	if (level < REGION_PROVINCE || level > REGION_VILLAGE)
		return NULL;
	return level_names[level];
}

enum region_level region_level_from_name(const char *name)
{
	for (int i = REGION_PROVINCE; i <= REGION_VILLAGE; i++)
		if (!strcmp(name, level_names[i]))
			return (enum region_level)i;
	return 0;
}

bool region_code_pad(const char *in, size_t len, char out[13])
{
	if (len != 2 && len != 4 && len != 6 && len != 9 && len != 12)
		return false;
	if (!str_all_digits(in, len))
		return false;
	memcpy(out, in, len);
	memset(out + len, '0', 12 - len);
	out[12] = '\0';
	return region_code_valid(out, 12);
}

bool region_is_municipality(const char *code)
{
	return !strncmp(code, "11", 2) || !strncmp(code, "12", 2) ||
	       !strncmp(code, "31", 2) || !strncmp(code, "50", 2);
}

bool region_code_parent(const char *code, char out[13])
{
	enum region_level level = region_code_level(code);
	size_t keep;

	if (level == REGION_PROVINCE)
		return false;
	if (level == REGION_COUNTY && region_is_municipality(code))
		keep = 2;
	else
		keep = region_level_prefix_len(level - 1);
	memcpy(out, code, keep);
	memset(out + keep, '0', 12 - keep);
	out[12] = '\0';
	return true;
}

const char *region_kind_guess(const char *code, const char *name)
{
	switch (region_code_level(code)) {
	case REGION_PROVINCE: return "province";
	case REGION_CITY: return "city";
	case REGION_COUNTY:
		if (str_ends_with(name, "区"))
			return "district";
		if (str_ends_with(name, "市"))
			return "county_city";
		return "county";
	case REGION_TOWNSHIP:
		if (code[6] == '0' || str_ends_with(name, "街道"))
			return "street";
		if (code[6] == '1' || str_ends_with(name, "镇"))
			return "town";
		return "township";
	case REGION_VILLAGE:
		if (str_ends_with(name, "居委会") ||
		    str_ends_with(name, "社区"))
			return "community";
		return "village";
	}
	return "unknown";
}

bool region_in_scope(const char *code, const char *scope)
{
	return str_starts_with(code, scope);
}
