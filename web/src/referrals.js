// Referrals between departments (服务转介) and notices from other departments (issue 6):
// the receiving departments in the order the dialog offers them, and the API calls
// (docs/openapi.yaml, /api/v1/referrals and /api/v1/notices). Labels live in i18n under
// referral.*; the types and their default days come from the server (GET /api/v1/referrals/types,
// data/referral_deadlines.csv).
import { api, query } from './api.js'

export const DEPTS = ['education', 'police', 'justice', 'hrss', 'disability', 'women_fed', 'social_org']
export const STATUSES = ['sent', 'accepted', 'done', 'declined']

const enc = encodeURIComponent

let typesCache = null
/** [{to, type, days, zh}], fetched once per page load. */
export async function referralTypes() {
  if (!typesCache) typesCache = api.get('/api/v1/referrals/types').then((r) => r.items || [])
  try {
    return await typesCache
  } catch (e) {
    typesCache = null
    throw e
  }
}

/** YYYY-MM-DD of today plus n days, in Asia/Shanghai (UTC+8, no daylight saving). */
export function dayPlus(n) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + n * 86400 * 1000)
  return d.toISOString().slice(0, 10)
}

export function createReferral(body) {
  return api.post('/api/v1/referrals', body)
}
export function listReferrals(params) {
  return api.get(`/api/v1/referrals${query(params)}`)
}
export function getReferral(id) {
  return api.get(`/api/v1/referrals/${enc(id)}`)
}
export function answerReferral(id, body) {
  return api.post(`/api/v1/referrals/${enc(id)}/answer`, body)
}
export function referralBoard() {
  return api.get('/api/v1/referrals/board')
}
export function noticeMissingParent(childId, body) {
  return api.post(`/api/v1/children/${enc(childId)}/notices/missing-parent`, body)
}
export function noticeJustice(body) {
  return api.post('/api/v1/notices/justice', body)
}

/** The hotline refers a call's child to several departments at once: [{to, type, note, due_date?}]. */
export const dispatchFromCall = (callId, referrals) => api.post(`/api/v1/hotline/calls/${enc(callId)}/referrals`, { referrals })
