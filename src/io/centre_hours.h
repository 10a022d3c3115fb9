/*
 * The stored text of a centre's opening hours: a JSON array
 * [{"days":[1,2,3,4,5],"from":"16:00","to":"18:00"}, …] with ISO weekdays
 * (1 Monday … 7 Sunday), the same shape the API speaks.
 */
#ifndef GA_IO_CENTRE_HOURS_H
#define GA_IO_CENTRE_HOURS_H

#include <stddef.h>

#include "domain/centre.h"
#include "util/buf.h"

/* append the JSON text of n entries to out */
int centre_hours_to_text(const struct centre_hours *h, int n, struct buf *out);
/*
 * Read what centre_hours_to_text wrote (or an empty text: no hours) into
 * h[CENTRE_HOURS_MAX]; GA_EINVAL when it is not that shape. Values are not
 * checked here (centre_hours_check does).
 */
int centre_hours_from_text(const char *text, struct centre_hours *h, int *n);

#endif
