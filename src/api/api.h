/*
 * The API layer: decode and validate a request, call a service, encode the
 * answer as JSON. The only code (with src/io) that uses jansson.
 *
 * Each route's `data` is a `struct api_handler`: the handler function, the
 * query parameters it accepts and the body fields it accepts. The dispatcher
 * refuses unknown parameters and fields, checks types, lengths and formats,
 * and hands the handler a filled, typed input struct (STYLE.md 11).
 */
#ifndef GA_API_H
#define GA_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "auth/account.h"
#include "http/http.h"
#include "service/auth_service.h"
#include "store/db.h"
#include "util/result.h"

struct api_ctx {
	struct http_request *req;
	struct http_response *resp;
	struct ga_error err;
	void *input;	/* the handler's validated input struct */
	json_t *body;	/* the parsed body (ROUTE_BODY routes) */
	struct db *db;	/* from api_db(); returned after the call */
	void *owned[8]; /* freed after the call */
	int nowned;
	struct principal who; /* who is asking (authenticated routes) */
	struct request_meta meta;
};

typedef int (*api_fn)(struct api_ctx *c);

enum api_ftype {
	AF_STRING,	/* const char *, borrowed from the body */
	AF_INT,		/* int64_t */
	AF_BOOL,	/* bool */
	AF_STRING_LIST, /* const char **, with a size_t count */
};

struct api_field {
	const char *name;
	enum api_ftype type;
	bool required;
	size_t max;	 /* bytes of a string, items of a list */
	size_t item_max; /* bytes of a list item */
	/* format check of a string or list item; false → check_code */
	bool (*check)(const char *s, size_t len);
	const char *check_code;
	const char *check_msg;
	size_t offset;	      /* where the value goes in the input struct */
	size_t count_offset;  /* lists: where the count goes */
	int64_t min, max_int; /* AF_INT bounds */
};

struct api_handler {
	api_fn fn;
	enum action action;	  /* ACT_NONE: refused (deny by default) */
	bool restricted_ok;	  /* allowed before password change / TOTP */
	const char *const *query; /* accepted query names, NULL-ended */
	const struct api_field *fields; /* body fields, name NULL-ended */
	size_t input_size;		/* sizeof the input struct */
};

struct api_config {
	struct db_pool *pool;
	size_t json_depth;    /* deepest nesting a body may have */
	unsigned cache_ttl_s; /* lifetime of cached reference answers */
	unsigned db_wait_ms;  /* how long a request waits for a connection */
	const char *pdf_font; /* font file of printed PDFs; NULL: default */
};

/* The route table, ended by an entry with method NULL. */
extern const struct route api_routes[];
/* "public" or the action name a route needs */
const char *api_route_action(const struct route *r);

void api_init(const struct api_config *cfg);
void api_shutdown(void);

/* The connection for this request; GA_EBUSY when none frees up in time. */
int api_db(struct api_ctx *c, struct db **out);
/* The font file of printed PDFs (config pdf-font), never NULL. */
const char *api_pdf_font(void);

/* Set the JSON answer (steals `v`); status 200 unless changed. */
void api_reply(struct api_ctx *c, int status, json_t *v);
/* Set raw bytes as the answer. */
void api_reply_raw(struct api_ctx *c, int status, const char *content_type,
		   const char *data, size_t len);
/* Render `c->err` for result `rc` as the JSON error answer. */
void api_reply_error(struct api_ctx *c, int rc);

/* Exactly one HTTP status for each result (src/api/error.c). */
int api_status_of(int result);

/* Body decoding, exposed for the unit tests (src/api/body.c). */
int api_decode_json(const char *content_type, const char *body, size_t len,
		    size_t max_depth, json_t **out, struct ga_error *err);
int api_bind_fields(json_t *body, const struct api_field *fields, void *input,
		    void **owned, int *nowned, int owned_max,
		    struct ga_error *err);

/* Session cookie handling (session.c). */
const char *api_cookie_name(const struct api_ctx *c);
void api_set_session_cookie(struct api_ctx *c, const char *token);
void api_clear_session_cookie(struct api_ctx *c);
/* 64-bit id from a path parameter; GA_ENOTFOUND when malformed */
int api_param_id(struct api_ctx *c, const char *name, int64_t *out);

/* The route handlers' shared route_fn (dispatch.c). */
void api_dispatch(struct http_request *req, struct http_response *resp,
		  const struct route *route);

#endif
