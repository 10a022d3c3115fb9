// Thin fetch wrapper for the guanai JSON API (/api/v1/...).
// Every failure throws an ApiError carrying the HTTP status, the API's error code and its
// message (Chinese-first, from {"error":{"code","message","field"}}); `body` is the whole
// parsed error body (e.g. the import's `problems` beside the error), or null.

export class ApiError extends Error {
  constructor(message, { status = 0, code = 'network_error', field = null, body = null } = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.body = body
  }
}

// The session's CSRF token (from POST/GET /api/v1/session), sent as X-CSRF-Token with
// every request that is not a GET. Kept in memory only; a reload gets it again from
// GET /api/v1/session.
let csrfToken = ''
export function setCsrfToken(t) {
  csrfToken = t || ''
}

// Called with the ApiError of any 401 (session absent or expired) and of a 403 that says the
// session is restricted; auth.js installs it to send the user to the login or forced page.
// Requests made with { quiet: true } (the start-up session check, the login itself) skip it.
let onAuthError = null
export function setAuthErrorHandler(fn) {
  onAuthError = fn
}
const RESTRICTED = new Set(['password_change_required', 'totp_enrollment_required'])

// Told after every request whether the server could be reached (true: any HTTP answer), so the
// offline layer (src/offline/) knows when the app is cut off and when it is back.
let onNetwork = null
export function setNetworkObserver(fn) {
  onNetwork = fn
}

// raw: {body, type} sends a Blob/File as it is (e.g. an uploaded ledger) instead of JSON.
export async function request(method, path, body, { quiet = false, raw = null } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) init.headers['X-CSRF-Token'] = csrfToken
  if (raw) {
    init.headers['Content-Type'] = raw.type
    init.body = raw.body
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let res
  try {
    res = await fetch(path, init)
  } catch (e) {
    if (onNetwork) onNetwork(false)
    throw new ApiError(`网络错误 (network error): ${e.message}`)
  }
  if (onNetwork) onNetwork(true)
  let data = null
  const text = await res.text()
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = data && data.error
    const e = new ApiError((err && err.message) || `HTTP ${res.status}`, {
      status: res.status,
      code: (err && err.code) || 'http_error',
      field: (err && err.field) || null,
      body: data,
    })
    if (!quiet && onAuthError && (res.status === 401 || (res.status === 403 && RESTRICTED.has(e.code)))) {
      onAuthError(e)
    }
    throw e
  }
  if (data === null && text) {
    throw new ApiError('响应不是有效的JSON (invalid JSON response)', { status: res.status, code: 'bad_response' })
  }
  return data
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body, opts),
  put: (path, body, opts) => request('PUT', path, body, opts),
  patch: (path, body, opts) => request('PATCH', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),
}

/** Query string from an object, skipping empty values. */
export function query(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}
const enc = encodeURIComponent

// --- regions (行政区划) ---

/** Top-level divisions when parent is empty, else the children of parent. */
export function listRegions(parent) {
  const q = parent ? `?parent=${encodeURIComponent(parent)}` : ''
  return api.get(`/api/v1/regions${q}`)
}

/** One division plus its ancestors in `path`. */
export function getRegion(code) {
  return api.get(`/api/v1/regions/${encodeURIComponent(code)}`)
}

/** Resolve up to 500 codes: {items, missing}. */
export function lookupRegions(codes) {
  return api.post('/api/v1/regions/lookup', { codes })
}

// --- session (登录会话) ---

/** Log in: {username, password, totp?} -> Session. Errors are left to the login page. */
export function login(body) {
  return api.post('/api/v1/session', body, { quiet: true })
}
/** Who is logged in; quiet: a 401 here just means "nobody". */
export function getSession() {
  return api.get('/api/v1/session', { quiet: true })
}
export function logout() {
  return api.del('/api/v1/session', { quiet: true })
}
export function changePassword(oldPassword, newPassword) {
  return api.post('/api/v1/session/password', { old_password: oldPassword, new_password: newPassword })
}
/** Start TOTP enrolment: {secret, uri, qr_svg}. */
export function beginTotp() {
  return api.post('/api/v1/session/totp')
}
export function confirmTotp(code) {
  return api.post('/api/v1/session/totp/confirm', { code })
}
export function listOwnSessions() {
  return api.get('/api/v1/sessions')
}
export function endSession(id) {
  return api.del(`/api/v1/sessions/${enc(id)}`)
}

// --- accounts (账号) ---

export function listAccounts(params) {
  return api.get(`/api/v1/accounts${query(params)}`)
}
export function getAccount(id) {
  return api.get(`/api/v1/accounts/${enc(id)}`)
}
/** {username, display_name, phone?, org?} -> {account, temporary_password} */
export function createAccount(body) {
  return api.post('/api/v1/accounts', body)
}
/** op: disable | enable | unlock | reset-password | end-sessions */
export function accountAction(id, op) {
  return api.post(`/api/v1/accounts/${enc(id)}/${op}`)
}
export function listAccountSessions(id) {
  return api.get(`/api/v1/accounts/${enc(id)}/sessions`)
}
/** {role, scope, org?, version} -> Account */
export function assignRole(id, body) {
  return api.put(`/api/v1/accounts/${enc(id)}/role`, body)
}

// --- audit (审计日志) ---

export function listAudit(params) {
  return api.get(`/api/v1/audit${query(params)}`)
}
export function verifyAudit() {
  return api.get('/api/v1/audit/verify')
}

// --- places (辖区) ---

export function getPlace(code) {
  return api.get(`/api/v1/places/${enc(code)}`)
}

// --- children (一人一档) ---

/** A page of children within scope: {items: ChildRow[], next}. Filters as in docs/openapi.yaml. */
export function listChildren(params) {
  return api.get(`/api/v1/children${query(params)}`)
}
/** One dossier; unmask: full ID numbers and phones (child.unmask; the server audits it). */
export function getChild(id, unmask = false) {
  return api.get(`/api/v1/children/${enc(id)}${unmask ? '?unmask=1' : ''}`)
}
export function createChild(body) {
  return api.post('/api/v1/children', body)
}
/** body: the fields that change plus the current `version`. */
export function updateChild(id, body) {
  return api.patch(`/api/v1/children/${enc(id)}`, body)
}
export function archiveChild(id, reason, version) {
  return request('POST', `/api/v1/children/${encodeURIComponent(id)}/archive`, { reason, version })
}
export function restoreChild(id, version) {
  return request('POST', `/api/v1/children/${encodeURIComponent(id)}/restore`, { version })
}
export function requestTransfer(id, toRegion, version) {
  return request('POST', `/api/v1/children/${encodeURIComponent(id)}/transfer`, { to_region: toRegion, version })
}
export function listTransfers(direction, status) {
  return request('GET', `/api/v1/transfers${query({ direction, status })}`)
}
export function finishTransfer(id, op) {
  return request('POST', `/api/v1/transfers/${encodeURIComponent(id)}/${op}`)
}
export function childHistory(id) {
  return api.get(`/api/v1/children/${enc(id)}/history`)
}
/**
 * Address of a ledger download ('xlsx' | 'csv') of the list with these filters (all but the
 * ID number, which the export routes do not take); unmask: full numbers (child.unmask, audited).
 */
export function childrenExportUrl(format, params, unmask = false) {
  const p = { ...(params || {}) }
  delete p.after
  delete p.limit
  delete p.id_number
  delete p.referral
  if (unmask) p.unmask = '1'
  return `/api/v1/children/export.${format}${query(p)}`
}
/**
 * Import a ledger file (CSV or XLSX, sent as the body with `type` as its Content-Type), all rows
 * or none; dryRun only checks. 200: {dry_run, rows, imported, problems: []}. A 400 ApiError
 * carries {problems: [{row, column, code, message}], problems_truncated, rows} in `body`.
 */
export function importChildren(file, type, dryRun) {
  return request('POST', `/api/v1/children/import${dryRun ? '?dry_run=1' : ''}`, undefined, {
    raw: { body: file, type },
  })
}
/** Address of a child's printable dossier (PDF); unmask: full numbers (child.unmask, audited). */
export function childPrintUrl(id, unmask = false) {
  return `/api/v1/children/${enc(id)}/print.pdf${unmask ? '?unmask=1' : ''}`
}

// --- parents' own reports (外出务工父母报备) ---

/** Public: a parent's report for a village (no session); answers {received: true}. */
export function submitParentReport(code, body) {
  return request('POST', `/api/v1/villages/${enc(code)}/parent-reports`, body, { quiet: true })
}
/** Address of the QR code (SVG) of a village's report form. */
export function parentReportQrUrl(code) {
  return `/api/v1/villages/${enc(code)}/report-qr.svg`
}
/** The inbox within scope: {items}; status: pending | confirmed | rejected. */
export function listParentReports(status) {
  return api.get(`/api/v1/parent-reports${query({ status })}`)
}
export function confirmParentReport(id, childId) {
  return api.post(`/api/v1/parent-reports/${enc(id)}/confirm`, { child_id: childId })
}
export function rejectParentReport(id, reason) {
  return api.post(`/api/v1/parent-reports/${enc(id)}/reject`, reason ? { reason } : {})
}

// --- probable duplicate dossiers (issue 4): flagged by the server, merged by the supervisor ---
export function listDuplicates(status, child) {
  return request('GET', `/api/v1/duplicates${query({ status, child })}`)
}
export function mergeDuplicate(id, keep) {
  return request('POST', `/api/v1/duplicates/${encodeURIComponent(id)}/merge`, { keep })
}
export function dismissDuplicate(id, note) {
  return request('POST', `/api/v1/duplicates/${encodeURIComponent(id)}/dismiss`, note ? { note } : {})
}

// --- children's centres (儿童之家) ---

/** Centres within scope under region (default: the whole scope): {items, villages_without, next}. */
export function listCentres(params) {
  return api.get(`/api/v1/centres${query(params)}`)
}
/** A village's centre; a 404 ApiError with code no_centre when it has none yet. */
export function getVillageCentre(code) {
  return api.get(`/api/v1/villages/${enc(code)}/centre`, { quiet: true })
}
/** Create (no version) or replace (with the version read) a village's centre. */
export function putVillageCentre(code, body) {
  return api.put(`/api/v1/villages/${enc(code)}/centre`, body)
}
/** A centre's activities, newest first: {items, next}. */
export function listCentreActivities(id, params) {
  return api.get(`/api/v1/centres/${enc(id)}/activities${query(params)}`)
}
export function createCentreActivity(id, body) {
  return api.post(`/api/v1/centres/${enc(id)}/activities`, body)
}
export function updateCentreActivity(id, body) {
  return api.patch(`/api/v1/centre-activities/${enc(id)}`, body)
}
/** Upload one photo (a File) to an activity; the server tells its type by its bytes. */
export function uploadCentrePhoto(activityId, file) {
  return request('POST', `/api/v1/centre-activities/${enc(activityId)}/photos`, undefined, {
    raw: { body: file, type: file.type || 'application/octet-stream' },
  })
}
/** Address of one photo of an activity (same-origin, sent with the session cookie). */
export function centrePhotoUrl(activityId, photoId) {
  return `/api/v1/centre-activities/${enc(activityId)}/photos/${enc(photoId)}`
}

// --- entrusted-guardianship confirmations (委托监护确认书) ---

/** A child's confirmations: {required, state, due_date, items}; unmask: full numbers (audited). */
export function listConfirmations(childId, unmask = false) {
  return api.get(`/api/v1/children/${enc(childId)}/confirmations${unmask ? '?unmask=1' : ''}`)
}
export function getConfirmation(id, unmask = false) {
  return api.get(`/api/v1/confirmations/${enc(id)}${unmask ? '?unmask=1' : ''}`)
}
export function createConfirmation(childId, body) {
  return api.post(`/api/v1/children/${enc(childId)}/confirmations`, body)
}
/** The whole form again with the version read. */
export function updateConfirmation(id, body) {
  return api.patch(`/api/v1/confirmations/${enc(id)}`, body)
}
/** Address of the filled form (PDF) to print and sign. */
export function confirmationFormUrl(id) {
  return `/api/v1/confirmations/${enc(id)}/form.pdf`
}
/** Address of the signed scan. */
export function confirmationScanUrl(id) {
  return `/api/v1/confirmations/${enc(id)}/scan`
}
/** Upload the signed scan (JPEG, PNG or PDF, at most 5 MB): the confirmation becomes signed. */
export function uploadConfirmationScan(id, file) {
  return request('POST', `/api/v1/confirmations/${enc(id)}/scan`, undefined, {
    raw: { body: file, type: file.type || 'application/octet-stream' },
  })
}

// ---- schedules, worklists, compliance, notifications (#5) ----
export function getWorklist(params = {}) {
  return request('GET', `/api/v1/worklist${query(params)}`)
}
export function getCompliance(params = {}) {
  return request('GET', `/api/v1/compliance${query(params)}`)
}
export function getSchedule() {
  return request('GET', '/api/v1/schedule')
}
export function putScheduleRule(body) {
  return request('PUT', '/api/v1/schedule', body)
}
export function deleteScheduleRule(key) {
  return request('DELETE', `/api/v1/schedule${query({ key })}`)
}
export function listNotifications() {
  return request('GET', '/api/v1/notifications')
}
export function readNotification(id) {
  return request('POST', `/api/v1/notifications/${id}/read`)
}

// ---- mandatory reports, hotline, case board (#6, reports) ----
export function createReport(body) {
  return request('POST', '/api/v1/reports', body)
}
export function listReports(params = {}) {
  return request('GET', `/api/v1/reports${query(params)}`)
}
export function getReport(id) {
  return request('GET', `/api/v1/reports/${enc(id)}`)
}
/** An image or PDF (at most 5 MB) added to one's own report within 24 h. */
export function uploadReportAttachment(id, file) {
  return request('POST', `/api/v1/reports/${enc(id)}/attachments`, undefined, {
    raw: { body: file, type: file.type || 'application/octet-stream' },
  })
}
export function getCaseBoard() {
  return request('GET', '/api/v1/cases/board')
}
export function listCases(params = {}) {
  return request('GET', `/api/v1/cases${query(params)}`)
}
export function createHotlineCall(body) {
  return request('POST', '/api/v1/hotline/calls', body)
}
export function listHotlineCalls(params = {}) {
  return request('GET', `/api/v1/hotline/calls${query(params)}`)
}
export function getHotlineCall(id) {
  return request('GET', `/api/v1/hotline/calls/${enc(id)}`)
}
export function reportFromCall(id, body) {
  return request('POST', `/api/v1/hotline/calls/${enc(id)}/report`, body)
}
export function hotlineCallback(id, note) {
  return request('POST', `/api/v1/hotline/calls/${enc(id)}/callback`, { note })
}
export function closeHotlineCall(id) {
  return request('POST', `/api/v1/hotline/calls/${enc(id)}/close`)
}
