// The case detail page's calls (个案, issue 6) and vocabularies, kept apart from api.js so the
// case board (another module) and this page do not edit the same lines. Labels live in i18n
// under caseDetail.*.
import { api } from './api.js'

export const STAGES = ['received', 'emergency', 'assessment', 'assistance', 'follow_up', 'closed']
export const SAFETY = ['with_guardian', 'with_relatives', 'temporary_guardianship']
export const POLICE_ACKS = ['accepted', 'filed', 'transferred']
export const CLOSURE_REASONS = ['resolved', 'unfounded', 'transferred', 'aged_out', 'moved', 'deceased', 'other']
export const OUTCOMES = ['good', 'insufficient', 'failed']
export const MEASURES = [
  'living',
  'medical',
  'schooling',
  'psychological',
  'legal_aid',
  'social_assistance',
  'guardianship_guidance',
  'family_education',
  'rehabilitation',
  'other',
]
// departments a measure may be given to (server role names); anything else is a unit's name
export const UNIT_ROLES = [
  'protection',
  'county_civil',
  'police',
  'education',
  'justice',
  'hrss',
  'disability',
  'women_fed',
  'welfare',
  'director',
  'social_org',
]
// stages in which the plan and conferences are kept (the server's case_action_check)
export const PLAN_STAGES = ['assessment', 'assistance', 'follow_up']

const base = (id) => `/api/v1/cases/${encodeURIComponent(id)}`

export const getCaseDetail = (id) => api.get(base(id))
export const acknowledgeCase = (id, body) => api.post(`${base(id)}/acknowledge`, body)
// the police tell the reporting unit what became of its report (the report behind the case)
export const reportFeedback = (reportId) => api.post(`/api/v1/reports/${encodeURIComponent(reportId)}/feedback`)
export const moveCase = (id, body) => api.post(`${base(id)}/transitions`, body)
export const addCaseNote = (id, note) => api.post(`${base(id)}/notes`, { note })
export const listCasePlan = (id) => api.get(`${base(id)}/plan`)
export const addPlanItem = (id, body) => api.post(`${base(id)}/plan`, body)
export const patchPlanItem = (itemId, body) => api.patch(`/api/v1/plan-items/${encodeURIComponent(itemId)}`, body)
export const listConferences = (id) => api.get(`${base(id)}/conferences`)
export const addConference = (id, body) => api.post(`${base(id)}/conferences`, body)
export const requestClosure = (id, body) => api.post(`${base(id)}/closure-request`, body)
export const withdrawClosure = (id, body) => api.post(`${base(id)}/closure-request/withdraw`, body)
export const declineClosure = (id, body) => api.post(`${base(id)}/closure-decline`, body)

/** The stage after s in the chain (none after follow_up: only closure leaves it). */
export function nextStage(s) {
  const i = STAGES.indexOf(s)
  return i >= 0 && i < STAGES.indexOf('follow_up') ? STAGES[i + 1] : null
}

/** Today in Asia/Shanghai as YYYY-MM-DD (what the server calls today). */
export function todayCN(offsetDays = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000)
  return d.toISOString().slice(0, 10)
}
