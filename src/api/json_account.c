#include "api/json_account.h"

#include <string.h>

#include "service/account_service.h"
#include "util/clock.h"
#include "util/banned.h"

/* 13812345678 → 138****5678 */
static void mask_phone(const char *in, char out[32])
{
	size_t n = strlen(in);

	memcpy(out, in, n + 1);
	if (n < 7)
		return;
	for (size_t i = 3; i < n - 4; i++)
		out[i] = '*';
}

json_t *account_json(const struct account *a, bool with_phone)
{
	char phone[32] = "", masked[32] = "", now[24];

	accounts_phone(a, phone);
	mask_phone(phone, masked);
	clock_now_text(now);
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, "
	    "s:b, s:s, s:s, s:I}",
	    "id", (json_int_t)a->id, "username", a->username, "display_name",
	    a->display_name, "phone", with_phone ? phone : masked, "org",
	    a->org, "role", role_name(a->role), "role_title",
	    role_title_zh(a->role), "scope", a->scope, "must_change_password",
	    a->must_change_password, "totp_enrolled",
	    a->totp_secret_sealed[0] != '\0', "totp_required",
	    role_requires_totp(a->role), "state", account_state(a, now),
	    "updated_at", a->updated_at, "version", (json_int_t)a->version);
}

json_t *session_json(const struct session_row *s, const char *current_id)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id",
			 s->public_id, "created_at", s->created_at,
			 "last_seen_at", s->last_seen_at, "expires_at",
			 s->expires_at, "addr", s->addr, "user_agent",
			 s->user_agent, "current",
			 current_id && !strcmp(current_id, s->public_id));
}
