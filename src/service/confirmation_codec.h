/*
 * How a confirmation's parts are kept in its row: the parties joined by
 * 0x1f (then sealed), the answers as "id=y id=n …", the promises as
 * "id id …"; and the checks of the form's text. Internal to the
 * confirmation service.
 */
#ifndef GA_SERVICE_CONFIRMATION_CODEC_H
#define GA_SERVICE_CONFIRMATION_CODEC_H

#include "service/confirmation_service.h"

void confirmation_parties_join(const struct confirmation_parties *p, char *out,
			       size_t size);
void confirmation_parties_split(const char *s, struct confirmation_parties *p);
void confirmation_answers_encode(const struct confirmation_facts *f,
				 struct confirmation_row *r);
void confirmation_answers_decode(const struct confirmation_row *r,
				 struct confirmation_facts *f);
/* the form's text fields into p; GA_EINVAL with the field named */
int confirmation_parties_check(const struct confirmation_input *in,
			       struct confirmation_parties *p,
			       struct ga_error *err);

#endif
