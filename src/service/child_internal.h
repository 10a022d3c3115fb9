/* Shared by child_service.c and child_read.c only. */
#ifndef GA_SERVICE_CHILD_INTERNAL_H
#define GA_SERVICE_CHILD_INTERNAL_H

#include <stdint.h>

#include "util/result.h"

void child_id_text(int64_t id, char out[24]);
int child_not_found(struct ga_error *err);

#endif
