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
import { api } from './api.js'
import { loadSnapshot, setAuthHooks, startOffline, wipeOffline } from './offline/index.js'

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
  // the session is a director's snapshot, kept for an offline start (src/offline/session.js),
  // not yet confirmed by the server: nothing is sent before it is
  unconfirmed: false,
})

// The offline layer confirms the session before it sends queued writes; a 401 there goes
// through the usual handler (router.js: clearSession, the login page).
setAuthHooks({
  confirm: async () => {
    if (auth.session && !auth.unconfirmed) return true
    try {
      setSession(await api.get('/api/v1/session'))
      return true
    } catch {
      return false
    }
  },
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
          else if (e.status === 0) {
            // No network: a director works from their local copy until the server is back.
            const snap = loadSnapshot()
            if (snap) {
              auth.session = snap
              auth.unconfirmed = true
              startOffline(snap, false)
            }
          }
          // Other failures: stay logged out for now; pages show their own errors.
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
  auth.unconfirmed = false
  setCsrfToken(s && s.csrf_token)
  mark(!!s)
  if (s) startOffline(s, true)
}

/**
 * The session ended: forget it and wipe the local copy of a director's data. tell: the header
 * says how many unsent changes were lost (a revoked or expired session); a voluntary logout
 * warned before.
 */
export function clearSession(tell = true) {
  auth.session = null
  auth.unconfirmed = false
  setCsrfToken('')
  mark(false)
  return wipeOffline(tell)
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
    await clearSession(false)
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
  // reporting units and the hotline (issue 6)
  if (can('hotline.handle', s)) return '/hotline'
  if (can('report.create', s)) return '/reports'
  return '/'
}

/** A redirect target from the query, only when it is a path of this app. */
export function safeRedirect(r) {
  return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') && !r.startsWith('/login') ? r : ''
}
