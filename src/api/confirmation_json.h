/* A confirmation as JSON (api/confirmations.c). Internal to src/api. */
#ifndef GA_API_CONFIRMATION_JSON_H
#define GA_API_CONFIRMATION_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "service/confirmation_service.h"

/* ID numbers, birth date and phones masked unless `unmasked` */
json_t *confirmation_to_json(const struct confirmation *c, bool unmasked);

#endif
