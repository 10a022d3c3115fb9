/* JSON shapes of accounts and sessions, shared by session.c and accounts.c. */
#ifndef GA_API_JSON_ACCOUNT_H
#define GA_API_JSON_ACCOUNT_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/account.h"
#include "store/account_repo.h"

/* with_phone: the full phone (admins); otherwise a masked one */
json_t *account_json(const struct account *a, bool with_phone);
json_t *session_json(const struct session_row *s, const char *current_id);

#endif
