/* Cases as JSON (the api layer's only encoding of them). */
#ifndef GA_API_CASE_JSON_H
#define GA_API_CASE_JSON_H

#include <jansson.h>

#include "store/case_repo.h"

/* a case without its timeline; new reference */
json_t *case_json(const struct case_row *c);
/* one timeline event; new reference */
json_t *case_event_json(const struct case_event_row *e);

#endif
