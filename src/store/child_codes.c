/* Category, flag and assistance ids as the child table stores them. */
#include "store/child_codes.h"

#include <stdio.h>
#include <string.h>

#include "domain/child.h"
#include "util/buf.h"
#include "util/strutil.h"
#include "util/banned.h"

/* " a b c " so that LIKE '% b %' finds one id */
void store_ids_text(unsigned bits, bool flags, char *out, size_t size)
{
	struct buf b;

	buf_init(&b, size - 1);
	buf_addch(&b, ' ');
	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
		const char *id;

		if (!(bits & bit))
			continue;
		id = flags ? key_flag_id((enum key_flag)bit)
			   : category_id((enum category)bit);
		buf_adds(&b, id);
		buf_addch(&b, ' ');
	}
	str_copy(out, size, b.ptr);
	buf_release(&b);
}

unsigned store_ids_bits(const char *text, bool flags)
{
	unsigned bits = 0;

	for (unsigned bit = 1; bit && bit <= (1u << 15); bit <<= 1) {
		const char *id = flags ? key_flag_id((enum key_flag)bit)
				       : category_id((enum category)bit);
		char pat[48];

		if (!id || !*id)
			continue;
		snprintf(pat, sizeof(pat), " %s ", id);
		if (strstr(text, pat))
			bits |= bit;
	}
	return bits;
}

void store_assistance_text(unsigned bits, char *out, size_t size)
{
	struct buf b;

	buf_init(&b, size - 1);
	for (unsigned bit = 1; bit <= AID_UNSUPPORTED; bit <<= 1)
		if (bits & bit) {
			if (b.len)
				buf_addch(&b, ' ');
			buf_adds(&b, assistance_id((enum assistance)bit));
		}
	str_copy(out, size, b.ptr);
	buf_release(&b);
}

unsigned store_assistance_bits(const char *text)
{
	char word[32];
	unsigned bits = 0;

	while (*text) {
		size_t n = strcspn(text, " ");
		int a;

		if (n && n < sizeof(word)) {
			memcpy(word, text, n);
			word[n] = '\0';
			a = assistance_from(word);
			if (a > 0)
				bits |= (unsigned)a;
		}
		text += n;
		while (*text == ' ')
			text++;
	}
	return bits;
}
