/*
 * How the child table stores sets of ids: categories and key flags as
 * " a b c " (spaces around each, so LIKE '% b %' finds one), assistance as
 * "a b c". Internal to src/store.
 */
#ifndef GA_STORE_CHILD_CODES_H
#define GA_STORE_CHILD_CODES_H

#include <stdbool.h>
#include <stddef.h>

void store_ids_text(unsigned bits, bool flags, char *out, size_t size);
unsigned store_ids_bits(const char *text, bool flags);
void store_assistance_text(unsigned bits, char *out, size_t size);
unsigned store_assistance_bits(const char *text);

#endif
