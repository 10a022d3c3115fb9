/* The handlers the route table names (routes.c). Internal to src/api. */
#ifndef GA_API_HANDLERS_H
#define GA_API_HANDLERS_H

#include "api/api.h"

extern const struct api_handler api_healthz;
extern const struct api_handler api_metrics;
extern const struct api_handler api_regions_list;
extern const struct api_handler api_regions_get;
extern const struct api_handler api_regions_lookup;
extern const struct api_handler api_session_create;
extern const struct api_handler api_session_get;
extern const struct api_handler api_session_delete;
extern const struct api_handler api_session_password;
extern const struct api_handler api_session_totp;
extern const struct api_handler api_session_totp_confirm;
extern const struct api_handler api_sessions_list;
extern const struct api_handler api_session_revoke;
extern const struct api_handler api_accounts_list;
extern const struct api_handler api_accounts_create;
extern const struct api_handler api_accounts_get;
extern const struct api_handler api_accounts_disable;
extern const struct api_handler api_accounts_enable;
extern const struct api_handler api_accounts_unlock;
extern const struct api_handler api_accounts_reset;
extern const struct api_handler api_accounts_end_sessions;
extern const struct api_handler api_accounts_sessions;
extern const struct api_handler api_accounts_role;
extern const struct api_handler api_audit_list;
extern const struct api_handler api_audit_verify;
extern const struct api_handler api_places_get;
extern const struct api_handler api_children_create;
extern const struct api_handler api_children_list;
extern const struct api_handler api_children_get;
extern const struct api_handler api_children_patch;
extern const struct api_handler api_children_history;
extern const struct api_handler api_children_archive;
extern const struct api_handler api_children_restore;
extern const struct api_handler api_transfer_request;
extern const struct api_handler api_transfers_list;
extern const struct api_handler api_transfer_accept;
extern const struct api_handler api_transfer_reject;
extern const struct api_handler api_transfer_cancel;
extern const struct api_handler api_duplicates_list;
extern const struct api_handler api_duplicates_get;
extern const struct api_handler api_duplicates_merge;
extern const struct api_handler api_duplicates_dismiss;
extern const struct api_handler api_children_print;
extern const struct api_handler api_parent_report_submit;
extern const struct api_handler api_parent_report_qr;
extern const struct api_handler api_parent_reports_list;
extern const struct api_handler api_parent_report_confirm;
extern const struct api_handler api_parent_report_reject;
extern const struct api_handler api_children_import;
extern const struct api_handler api_children_export_xlsx;
extern const struct api_handler api_children_export_csv;
extern const struct api_handler api_centres_list;
extern const struct api_handler api_centre_get;
extern const struct api_handler api_centre_put;
extern const struct api_handler api_centre_activities;
extern const struct api_handler api_centre_activity_create;
extern const struct api_handler api_centre_activity_patch;
extern const struct api_handler api_centre_photo_upload;
extern const struct api_handler api_centre_photo_get;
extern const struct api_handler api_confirmations_create;
extern const struct api_handler api_confirmations_list;
extern const struct api_handler api_confirmations_get;
extern const struct api_handler api_confirmations_patch;
extern const struct api_handler api_confirmations_form;
extern const struct api_handler api_confirmations_scan_put;
extern const struct api_handler api_confirmations_scan_get;
extern const struct api_handler api_visits_create;
extern const struct api_handler api_visits_list;
extern const struct api_handler api_visits_get;
extern const struct api_handler api_visits_patch;
extern const struct api_handler api_visits_revisions;
extern const struct api_handler api_visits_photo_add;
extern const struct api_handler api_visits_photo_get;
extern const struct api_handler api_worklist;
extern const struct api_handler api_compliance;
extern const struct api_handler api_schedule_get;
extern const struct api_handler api_schedule_put;
extern const struct api_handler api_schedule_delete;
extern const struct api_handler api_notifications;
extern const struct api_handler api_notification_read;
extern const struct api_handler api_cases_list;
extern const struct api_handler api_cases_open;
extern const struct api_handler api_cases_get;
extern const struct api_handler api_cases_acknowledge;
extern const struct api_handler api_cases_transition;
extern const struct api_handler api_cases_note;
/* referrals and notices (issue 6, referrals) */
extern const struct api_handler api_referrals_create;
extern const struct api_handler api_referrals_list;
extern const struct api_handler api_referrals_types;
extern const struct api_handler api_referrals_board;
extern const struct api_handler api_referrals_get;
extern const struct api_handler api_referrals_answer;
extern const struct api_handler api_notice_missing_parent;
extern const struct api_handler api_notice_justice;
/* guardianship intervention (issue 6): institutions, placements,
 * assessments */
extern const struct api_handler api_institutions_list;
extern const struct api_handler api_institutions_create;
extern const struct api_handler api_institutions_get;
extern const struct api_handler api_institutions_put;
extern const struct api_handler api_placements_create;
extern const struct api_handler api_placements_list;
extern const struct api_handler api_placements_get;
extern const struct api_handler api_placements_end;
extern const struct api_handler api_assessment_form;
extern const struct api_handler api_assessments_create;
extern const struct api_handler api_assessments_list;
extern const struct api_handler api_assessments_get;
/* case plans, conferences and closure (issue 6) */
extern const struct api_handler api_case_plan_add;
extern const struct api_handler api_case_plan_list;
extern const struct api_handler api_plan_item_patch;
extern const struct api_handler api_case_conference_add;
extern const struct api_handler api_case_conference_list;
extern const struct api_handler api_case_closure_request;
extern const struct api_handler api_case_closure_withdraw;
extern const struct api_handler api_case_closure_decline;
extern const struct api_handler api_case_assessment_outcome;

#endif
