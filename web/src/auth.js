// Who is logged in. The session cookie is HttpOnly, so the app learns about its session from
// the body of POST/GET /api/v1/session, kept here together with its CSRF token.
//
// A marker in localStorage ('guanai.auth') remembers that this browser logged in, so that a
// visitor who never did is not sent through a GET /api/v1/session that can only answer 401
// (a failed request the browser would log on the console of every public page). The marker is
// a hint, never trusted: the server decides.
import { computed, reactive } from 'vue'
import { getSession, login as apiLogin, logout as apiLogout, setCsrfToken } from './api.js'
import { can as roleCan } from './permissions.js'

const MARK = 'guanai.auth'

function mark(on) {
  try {
    if (on) window.localStorage.setItem(MARK, '1')
    else window.localStorage.removeItem(MARK)
  } catch {
    /* storage unavailable */
  }
}
function marked() {
  try {
    return window.localStorage.getItem(MARK) === '1'
  } catch {
    return true // cannot tell: ask the server
  }
}

export const auth = reactive({
  session: null, // Session body: {account, csrf_token, must_change_password, totp_enrollment_required, scope_prefix}
  checked: false,
})

let pending = null

/** Learns the session once (on start-up); later calls return at once. */
export function ensureSession() {
  if (auth.checked) return Promise.resolve(auth.session)
  if (!pending) {
    pending = (async () => {
      if (marked()) {
        try {
          setSession(await getSession())
        } catch (e) {
          if (e.status === 401) clearSession()
          // Other failures (network): stay logged out for now; pages show their own errors.
        }
      }
      auth.checked = true
      pending = null
      return auth.session
    })()
  }
  return pending
}

/** Asks the server again (after a 403 saying the session is restricted). */
export async function refreshSession() {
  try {
    setSession(await getSession())
  } catch (e) {
    if (e.status === 401) clearSession()
  }
  return auth.session
}

export function setSession(s) {
  auth.session = s
  auth.checked = true
  setCsrfToken(s && s.csrf_token)
  mark(!!s)
}

export function clearSession() {
  auth.session = null
  setCsrfToken('')
  mark(false)
}

export async function login(body) {
  const s = await apiLogin(body)
  setSession(s)
  return s
}

export async function logout() {
  try {
    await apiLogout()
  } finally {
    clearSession()
  }
}

export const account = computed(() => (auth.session ? auth.session.account : null))

/** 'password' or 'totp' when the session may only do that, else null. */
export function restriction(s = auth.session) {
  if (!s) return null
  if (s.must_change_password) return 'password'
  if (s.totp_enrollment_required) return 'totp'
  return null
}

export function can(action, s = auth.session) {
  return !!(s && s.account) && !restriction(s) && roleCan(s.account.role, action)
}

/** Where a freshly logged-in user lands when no page was asked for. */
export function landing(s = auth.session) {
  if (!s || !s.account) return '/'
  // a director's home is the worklist (#5)
  if (s.account.role === 'director' && can('worklist.read', s)) return '/worklist'
  if (can('place.read', s) && s.account.scope) return `/places/${s.account.scope}`
  if (can('account.manage', s)) return '/accounts'
  if (can('account.assign', s)) return '/roles'
  if (can('audit.read', s)) return '/audit'
  return '/'
}

/** A redirect target from the query, only when it is a path of this app. */
export function safeRedirect(r) {
  return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login') ? r : ''
}
