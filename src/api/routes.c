/*
 * The route table: every URL the server answers (besides the web app's
 * files). docs/openapi.yaml must describe exactly these; a test checks it.
 * Each handler names the action of the permission matrix it needs
 * (src/auth/permissions.c); public routes are marked so.
 */
#include "api/api.h"

#include "api/handlers.h"
#include "util/banned.h"

/* clang-format off */
#define PUBLIC_GET(p, h, s) {"GET", p, ROUTE_PUBLIC, api_dispatch, &h, s}
#define PUBLIC_POST(p, h, s) {"POST", p, ROUTE_PUBLIC | ROUTE_BODY, api_dispatch, &h, s}
#define GET(p, h, s) {"GET", p, 0, api_dispatch, &h, s}
#define POST(p, h, s) {"POST", p, 0, api_dispatch, &h, s}
#define POST_BODY(p, h, s) {"POST", p, ROUTE_BODY, api_dispatch, &h, s}
#define PUT_BODY(p, h, s) {"PUT", p, ROUTE_BODY, api_dispatch, &h, s}
#define PATCH_BODY(p, h, s) {"PATCH", p, ROUTE_BODY, api_dispatch, &h, s}
#define DELETE(p, h, s) {"DELETE", p, 0, api_dispatch, &h, s}
#define POST_RAW(p, h, s) {"POST", p, ROUTE_RAW_BODY, api_dispatch, &h, s}
/* clang-format on */

const struct route api_routes[] = {
    PUBLIC_GET("/healthz", api_healthz, "liveness and database check"),
    PUBLIC_GET("/metrics", api_metrics, "Prometheus metrics"),
    PUBLIC_GET("/api/v1/regions", api_regions_list, "children of a division"),
    PUBLIC_POST("/api/v1/regions/lookup", api_regions_lookup,
		"several divisions by code"),
    PUBLIC_GET("/api/v1/regions/{code}", api_regions_get,
	       "one division with its ancestors"),
    PUBLIC_POST("/api/v1/session", api_session_create, "log in"),
    GET("/api/v1/session", api_session_get, "who is logged in"),
    DELETE("/api/v1/session", api_session_delete, "log out"),
    POST_BODY("/api/v1/session/password", api_session_password,
	      "change own password"),
    POST("/api/v1/session/totp", api_session_totp, "start TOTP enrolment"),
    POST_BODY("/api/v1/session/totp/confirm", api_session_totp_confirm,
	      "finish TOTP enrolment"),
    GET("/api/v1/sessions", api_sessions_list, "own live sessions"),
    DELETE("/api/v1/sessions/{id}", api_session_revoke, "end a session"),
    GET("/api/v1/accounts", api_accounts_list, "accounts within scope"),
    POST_BODY("/api/v1/accounts", api_accounts_create, "create an account"),
    GET("/api/v1/accounts/{id}", api_accounts_get, "one account"),
    POST("/api/v1/accounts/{id}/disable", api_accounts_disable,
	 "disable an account"),
    POST("/api/v1/accounts/{id}/enable", api_accounts_enable,
	 "enable an account"),
    POST("/api/v1/accounts/{id}/unlock", api_accounts_unlock,
	 "unlock an account"),
    POST("/api/v1/accounts/{id}/reset-password", api_accounts_reset,
	 "reset a password"),
    POST("/api/v1/accounts/{id}/end-sessions", api_accounts_end_sessions,
	 "end every session of an account"),
    GET("/api/v1/accounts/{id}/sessions", api_accounts_sessions,
	"live sessions of an account"),
    PUT_BODY("/api/v1/accounts/{id}/role", api_accounts_role,
	     "assign role and scope"),
    GET("/api/v1/audit", api_audit_list, "the audit log"),
    GET("/api/v1/audit/verify", api_audit_verify, "check the audit chain"),
    GET("/api/v1/places/{code}", api_places_get, "a division's page"),
    POST_BODY("/api/v1/children", api_children_create, "register a child"),
    GET("/api/v1/children", api_children_list, "children within scope"),
    POST_RAW("/api/v1/children/import", api_children_import,
	     "import a ledger (CSV or XLSX)"),
    GET("/api/v1/children/export.xlsx", api_children_export_xlsx,
	"the list as an XLSX ledger"),
    GET("/api/v1/children/export.csv", api_children_export_csv,
	"the list as a CSV ledger"),
    GET("/api/v1/children/{id}", api_children_get, "a child's dossier"),
    PATCH_BODY("/api/v1/children/{id}", api_children_patch, "update a dossier"),
    GET("/api/v1/children/{id}/history", api_children_history,
	"changes of a dossier"),
    POST_BODY("/api/v1/children/{id}/archive", api_children_archive,
	      "archive a dossier with a reason"),
    POST_BODY("/api/v1/children/{id}/restore", api_children_restore,
	      "restore an archived dossier"),
    POST_BODY("/api/v1/children/{id}/transfer", api_transfer_request,
	      "ask to move a dossier to another village"),
    GET("/api/v1/transfers", api_transfers_list,
	"incoming or outgoing transfers"),
    POST("/api/v1/transfers/{id}/accept", api_transfer_accept,
	 "accept a transfer into one's area"),
    POST("/api/v1/transfers/{id}/reject", api_transfer_reject,
	 "refuse a transfer"),
    POST("/api/v1/transfers/{id}/cancel", api_transfer_cancel,
	 "withdraw a transfer one asked for"),
    GET("/api/v1/children/{id}/print.pdf", api_children_print,
	"a dossier as a printable PDF"),
    PUBLIC_POST("/api/v1/villages/{code}/parent-reports",
		api_parent_report_submit, "a migrant parent's own report"),
    PUBLIC_GET("/api/v1/villages/{code}/report-qr.svg", api_parent_report_qr,
	       "QR code of a village's report form"),
    GET("/api/v1/parent-reports", api_parent_reports_list,
	"parents' reports within scope"),
    POST_BODY("/api/v1/parent-reports/{id}/confirm", api_parent_report_confirm,
	      "apply a report to a dossier"),
    POST_BODY("/api/v1/parent-reports/{id}/reject", api_parent_report_reject,
	      "refuse a parent's report"),
    GET("/api/v1/duplicates", api_duplicates_list,
	"probable duplicate dossiers within scope"),
    GET("/api/v1/duplicates/{id}", api_duplicates_get,
	"one pair of probable duplicates"),
    POST_BODY("/api/v1/duplicates/{id}/merge", api_duplicates_merge,
	      "keep one dossier of the pair, archive the other"),
    POST_BODY("/api/v1/duplicates/{id}/dismiss", api_duplicates_dismiss,
	      "mark a pair as two different children"),
    GET("/api/v1/centres", api_centres_list,
	"children's centres of an area, and villages without one"),
    GET("/api/v1/villages/{code}/centre", api_centre_get,
	"a village's children's centre"),
    PUT_BODY("/api/v1/villages/{code}/centre", api_centre_put,
	     "create or update a village's children's centre"),
    GET("/api/v1/centres/{id}/activities", api_centre_activities,
	"a centre's activity log, newest first"),
    POST_BODY("/api/v1/centres/{id}/activities", api_centre_activity_create,
	      "log a centre activity"),
    PATCH_BODY("/api/v1/centre-activities/{id}", api_centre_activity_patch,
	       "correct a centre activity"),
    POST_RAW("/api/v1/centre-activities/{id}/photos", api_centre_photo_upload,
	     "attach a photo to a centre activity"),
    GET("/api/v1/centre-activities/{id}/photos/{photo}", api_centre_photo_get,
	"one photo of a centre activity"),
    POST_BODY("/api/v1/children/{id}/confirmations", api_confirmations_create,
	      "record an entrusted-guardianship confirmation"),
    GET("/api/v1/children/{id}/confirmations", api_confirmations_list,
	"a child's confirmations and whether one is needed"),
    GET("/api/v1/confirmations/{id}", api_confirmations_get,
	"one confirmation"),
    PATCH_BODY("/api/v1/confirmations/{id}", api_confirmations_patch,
	       "correct a pending confirmation"),
    GET("/api/v1/confirmations/{id}/form.pdf", api_confirmations_form,
	"the filled confirmation to print and sign"),
    POST_RAW("/api/v1/confirmations/{id}/scan", api_confirmations_scan_put,
	     "upload the signed scan"),
    GET("/api/v1/confirmations/{id}/scan", api_confirmations_scan_get,
	"the signed scan"),
    POST_BODY("/api/v1/children/{id}/visits", api_visits_create,
	      "record a home visit"),
    GET("/api/v1/children/{id}/visits", api_visits_list,
	"a child's visits, newest first"),
    GET("/api/v1/visits/{id}", api_visits_get, "one visit"),
    PATCH_BODY("/api/v1/visits/{id}", api_visits_patch,
	       "edit or correct a visit"),
    GET("/api/v1/visits/{id}/revisions", api_visits_revisions,
	"earlier records of a visit"),
    POST_RAW("/api/v1/visits/{id}/photos", api_visits_photo_add,
	     "add a photo to a visit"),
    GET("/api/v1/visits/{id}/photos/{photo}", api_visits_photo_get,
	"a visit's photo"),
    GET("/api/v1/worklist", api_worklist,
	"children due for a visit, most "
	"urgent first"),
    GET("/api/v1/compliance", api_compliance,
	"visits due, on time and overdue per director or division"),
    GET("/api/v1/schedule", api_schedule_get,
	"the visit schedule in force for one's area"),
    PUT_BODY("/api/v1/schedule", api_schedule_put,
	     "override a schedule rule for one's area"),
    DELETE("/api/v1/schedule", api_schedule_delete,
	   "drop one's override of a schedule rule"),
    GET("/api/v1/notifications", api_notifications, "own notifications"),
    POST("/api/v1/notifications/{id}/read", api_notification_read,
	 "mark a notification read"),
    {NULL, NULL, 0, NULL, NULL, NULL},
};

const char *api_route_action(const struct route *r)
{
	const struct api_handler *h = r->data;

	if (r->flags & ROUTE_PUBLIC)
		return "public";
	return action_name(h->action);
}
