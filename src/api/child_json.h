/* JSON of children's dossiers (children.c): decoding and encoding. */
#ifndef GA_API_CHILD_JSON_H
#define GA_API_CHILD_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "service/child_service.h"
#include "util/result.h"

/*
 * Apply the fields of `body` onto r (a create starts from a zeroed record,
 * a PATCH from the current one). Unknown fields, wrong types, unknown enum
 * values and over-long texts are refused with the field named. With
 * `create`, the fields a new dossier needs must be present.
 */
int child_from_json(json_t *body, bool create, struct child_record *r,
		    struct ga_error *err);
/* the whole dossier; unmasked shows full ID numbers and phones */
json_t *child_to_json(const struct child_view *v, struct date today,
		      bool unmasked);
/* a list row: no family, no address, ID number masked */
json_t *child_row_json(const struct child_record *r, struct date today);

#endif
