/* Cases as JSON (the api layer's only encoding of them). */
#ifndef GA_API_CASE_JSON_H
#define GA_API_CASE_JSON_H

#include <jansson.h>

#include "store/case_repo.h"

/* a case without its timeline; new reference */
json_t *case_json(const struct case_row *c);
/* one timeline event; new reference */
json_t *case_event_json(const struct case_event_row *e);

struct api_ctx;
struct db;
/* reply with case row: the case, the child's name, its timeline (the read
 * audited) and its deadlines (api/cases.c) */
int api_case_reply(struct api_ctx *c, struct db *db, int status,
		   const struct case_row *row);

#endif
