// Guardianship intervention (issue 6): the institutions registry, a child's placements and
// guardianship assessments (监护评估). Thin wrappers over the JSON API; the rules are the
// server's (未成年人保护法 Art. 92–94).
import { api, query } from './api.js'

const enc = encodeURIComponent

export const INSTITUTION_KINDS = ['protection', 'welfare', 'regional_welfare', 'other']
export const PLACEMENT_KINDS = ['temporary_guardianship', 'entrusted_upbringing', 'court_revocation_support', 'long_term_guardianship']
export const SETTINGS = ['institution', 'relatives', 'foster']
export const COURT_STATUSES = ['preparing', 'filed', 'hearing', 'revoked', 'rejected', 'withdrawn']
export const END_REASONS = ['returned_home', 'transferred', 'entrusted', 'long_term', 'adult', 'other']
// 未成年人保护法 (2020) Art. 92 and Art. 94, as the server's codes (labels in i18n)
export const ART92 = [
  'begging_or_unidentified',
  'guardian_missing',
  'guardian_unable',
  'guardian_refuses',
  'guardian_instigates',
  'serious_harm',
  'other_law',
]
export const ART94 = ['parents_not_found', 'guardian_dead', 'guardian_incapable', 'court_designated', 'other_law']

export function listInstitutions(params) {
  return api.get(`/api/v1/institutions${query(params)}`)
}
export function createInstitution(body) {
  return api.post('/api/v1/institutions', body)
}
export function updateInstitution(id, body) {
  return api.put(`/api/v1/institutions/${enc(id)}`, body)
}
export function listPlacements(childId) {
  return api.get(`/api/v1/children/${enc(childId)}/placements`)
}
export function createPlacement(childId, body) {
  return api.post(`/api/v1/children/${enc(childId)}/placements`, body)
}
export function endPlacement(id, body) {
  return api.post(`/api/v1/placements/${enc(id)}/end`, body)
}
export function assessmentForm() {
  return api.get('/api/v1/assessment-form')
}
export function listAssessments(childId) {
  return api.get(`/api/v1/children/${enc(childId)}/assessments`)
}
export function createAssessment(childId, body) {
  return api.post(`/api/v1/children/${enc(childId)}/assessments`, body)
}

/** The outcome the form gives for scores (same rule as src/domain/assessment.c). */
export function outcomeOf(form, scores) {
  let total = 0
  let red = 0
  let answered = 0
  for (const it of form.items) {
    const s = scores[it.id]
    if (s === undefined || s === null) continue
    answered++
    total += s
    if (it.red_flag && s === 0) red++
  }
  let outcome = 'good'
  if (red || total < form.thresholds.insufficient_min) outcome = 'failed'
  else if (total < form.thresholds.good_min) outcome = 'insufficient'
  return { total, red, answered, complete: answered === form.items.length, outcome }
}

/** YYYY-MM-DD of today in Asia/Shanghai. */
export function todayShanghai() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
