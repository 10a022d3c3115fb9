/* Sealing and opening the identifying fields of a dossier (child_service). */
#ifndef GA_SERVICE_CHILD_SEAL_H
#define GA_SERVICE_CHILD_SEAL_H

#include "domain/child_record.h"

/* plain → sealed in place; r->id must be set (it binds the ciphertext) */
int child_seal(struct child_record *r);
/* sealed → plain in place; GA_EINVAL when a value does not open */
int child_open(struct child_record *r);
/* the blind index bucket of an ID number into out[8] */
void child_index_of(const char *id_number, char out[8]);

#endif
