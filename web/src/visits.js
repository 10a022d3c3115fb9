// Home visits (走访): the vocabularies of the API (docs/openapi.yaml, VisitInput) in the order the
// form offers them, the form model, and the request body built from it. The body building is
// kept here, apart from the components, so that an offline queue can submit the very same JSON
// (with the client_uuid it generated) later. Labels live in i18n under visit.*.
import { api, request } from './api.js'

export const KINDS = ['regular', 'follow_up', 'key_check', 'verification', 'holiday']
export const VISITORS = ['director', 'supervisor', 'social_org']
export const MET = ['child', 'guardian', 'entrusted_guardian', 'parent', 'teacher', 'other']
export const AREAS = ['living', 'guardianship', 'schooling', 'health', 'safety', 'emotional']
export const LEVELS = ['good', 'fair', 'poor', 'danger']
export const CONTACTS = ['daily', 'weekly', 'monthly', 'rarely', 'never']
export const PROBLEMS = [
  'no_guardian_care',
  'guardian_incapable',
  'dropout_risk',
  'illness_untreated',
  'safety_hazard',
  'emotional_distress',
  'contact_lacking',
  'living_hardship',
  'suspected_harm',
  'other',
]
export const ACTIONS = ['guidance', 'assistance_applied', 'referral', 'report_made']
export const EDIT_DAYS = 7
export const PHOTO_MAX = 3 * 1024 * 1024
export const PHOTOS_MAX = 6

/** Today in Beijing time as YYYY-MM-DD (what the server checks the visit date against). */
export function todayShanghai(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  )
}

/** A random UUID for an idempotent write (the server treats a repeat as the same write). */
export function newClientUuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID()
  const b = new Uint8Array(16)
  crypto.getRandomValues(b)
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** An empty form: today, a regular visit, nothing assessed, no dossier change. */
export function blankVisitForm(today = todayShanghai()) {
  const findings = {}
  for (const a of AREAS) findings[a] = { level: '', note: '' }
  return {
    date: today,
    kind: 'regular',
    met: [],
    met_other: '',
    contact: '',
    findings,
    problems: [],
    problem_text: '',
    actions: [],
    next_steps: '',
    report_requested: false,
    dossier: { school_status: '', guardianship_level: '' },
  }
}

/** The form model of a stored visit (for an edit). */
export function visitToForm(v) {
  const f = blankVisitForm(v.date)
  f.kind = v.kind
  f.met = [...(v.met || [])]
  f.met_other = v.met_other || ''
  f.contact = v.contact || ''
  for (const a of AREAS) {
    const x = (v.findings || {})[a] || {}
    f.findings[a] = { level: x.level || '', note: x.note || '' }
  }
  f.problems = [...(v.problems || [])]
  f.problem_text = v.problem_text || ''
  f.actions = [...(v.actions || [])]
  f.next_steps = v.next_steps || ''
  f.report_requested = !!v.report_requested
  return f
}

/** Harm or danger in the form: what the server flags as harm_found. */
export function harmIn(form) {
  return AREAS.some((a) => form.findings[a] && form.findings[a].level === 'danger') || form.problems.includes('suspected_harm')
}

/** Problems a form has before it is sent: {field: i18n key}. birthDate may be ''. */
export function checkVisitForm(form, { today = todayShanghai(), birthDate = '' } = {}) {
  const errors = {}
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date || '')) errors.date = 'visit.required'
  else if (form.date > today) errors.date = 'visit.futureDate'
  else if (birthDate && form.date < birthDate) errors.date = 'visit.beforeBirth'
  if (!KINDS.includes(form.kind)) errors.kind = 'visit.required'
  return errors
}

const trimmed = (s) => String(s || '').trim()

/**
 * The JSON body of a visit from the form. create: with clientUuid (always for the offline
 * queue) and, when the form changes the dossier, `dossier` with the child's version it was
 * based on. An edit (create false) carries `version` and, for a correction, `reason`.
 */
export function buildVisitBody(form, { create = true, clientUuid = '', childVersion = 0, version = 0, reason = '' } = {}) {
  const body = {
    date: form.date,
    kind: form.kind,
    met: MET.filter((m) => form.met.includes(m)),
    contact: form.contact || null,
    findings: {},
    problems: PROBLEMS.filter((p) => form.problems.includes(p)),
    actions: ACTIONS.filter((a) => form.actions.includes(a)),
    report_requested: !!form.report_requested,
  }
  for (const a of AREAS) {
    const f = form.findings[a] || {}
    if (f.level || trimmed(f.note)) body.findings[a] = { level: f.level || null, note: trimmed(f.note) }
    else if (!create) body.findings[a] = null
  }
  for (const k of ['met_other', 'problem_text', 'next_steps']) {
    const s = trimmed(form[k])
    if (s || !create) body[k] = s
  }
  if (create) {
    if (clientUuid) body.client_uuid = clientUuid
    const d = form.dossier || {}
    const dossier = {}
    if (d.school_status) dossier.school_status = d.school_status
    if (d.guardianship_level) dossier.guardianship_level = d.guardianship_level
    if (Object.keys(dossier).length) body.dossier = { version: childVersion, ...dossier }
  } else {
    body.version = version
    if (trimmed(reason)) body.reason = trimmed(reason)
  }
  return body
}

/** Within the 7 days after it was recorded: its writers may still edit it. */
export function editable(v, now = Date.now()) {
  const t = Date.parse(v.created_at)
  return Number.isFinite(t) && now - t <= EDIT_DAYS * 86400 * 1000
}

const enc = encodeURIComponent

export function listVisits(childId) {
  return api.get(`/api/v1/children/${enc(childId)}/visits`)
}
/** 201 with the visit, or 200 with the stored one when the client_uuid was seen with this body. */
export function createVisit(childId, body) {
  return api.post(`/api/v1/children/${enc(childId)}/visits`, body)
}
export function getVisit(id) {
  return api.get(`/api/v1/visits/${enc(id)}`)
}
export function updateVisit(id, body) {
  return api.patch(`/api/v1/visits/${enc(id)}`, body)
}
export function visitRevisions(id) {
  return api.get(`/api/v1/visits/${enc(id)}/revisions`)
}
/** The file as the body; the server decides the type by its bytes. */
export function uploadVisitPhoto(id, file) {
  return request('POST', `/api/v1/visits/${enc(id)}/photos`, undefined, {
    raw: { body: file, type: file.type || 'application/octet-stream' },
  })
}
export function visitPhotoUrl(id, photo) {
  return `/api/v1/visits/${enc(id)}/photos/${enc(photo)}`
}
