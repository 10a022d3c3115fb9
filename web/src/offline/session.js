// The last session of a director, kept in localStorage ("guanai.offline") so that the app can
// start with no network: the account (id, role, scope, name) and the session flags, never the
// CSRF token (a write waits until the server has confirmed the session again and given a fresh
// one). Dropped at logout and when the server says the session is gone.
const KEY = 'guanai.offline'

/** Offline use is for village child directors (issue 5). */
export function offlineRole(s) {
  return !!(s && s.account && s.account.role === 'director')
}

export function saveSnapshot(s) {
  try {
    if (!offlineRole(s)) return window.localStorage.removeItem(KEY)
    const copy = { ...s }
    delete copy.csrf_token
    window.localStorage.setItem(KEY, JSON.stringify(copy))
  } catch {
    /* storage unavailable: no offline start */
  }
}

export function loadSnapshot() {
  try {
    const s = JSON.parse(window.localStorage.getItem(KEY) || 'null')
    return offlineRole(s) ? s : null
  } catch {
    return null
  }
}

export function dropSnapshot() {
  try {
    window.localStorage.removeItem(KEY)
  } catch {
    /* storage unavailable */
  }
}
