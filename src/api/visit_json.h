/* JSON of home visits (visits.c): decoding and encoding. */
#ifndef GA_API_VISIT_JSON_H
#define GA_API_VISIT_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "service/visit_service.h"

/* what a create or an edit carries besides the visit itself */
struct visit_extra {
	json_t *dossier;    /* borrowed from the body, or NULL */
	const char *reason; /* borrowed, or NULL */
};

/*
 * Apply the fields of body onto v (a create starts from visit_blank(),
 * an edit from the stored visit). Unknown fields, wrong types, unknown
 * vocabulary ids and over-long or control-character texts are refused
 * with the field named. A create needs date and kind and takes
 * client_uuid and dossier; an edit needs version and takes reason.
 */
int visit_from_json(json_t *body, bool create, struct visit *v,
		    struct visit_extra *x, struct ga_error *err);
/* the body without client_uuid, keys sorted: what a replay must match
 * (malloc'd, the caller frees) */
char *visit_canonical(json_t *body);
/* onto an opened dossier: only the facts a visit may change */
int visit_dossier_apply(json_t *dossier, struct child_record *rec,
			struct ga_error *err);
json_t *visit_to_json(const struct visit *v);
/* a list row: no texts */
json_t *visit_row_json(const struct visit *v);

#endif
