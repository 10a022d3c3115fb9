// The offline layer (issue 5), started for a logged-in director and wiped at logout or when the
// server says the session is gone. Public API for views:
//   offline (state.js)               reactive: enabled, online, waiting, conflicts, syncedAt…
//   isOffline()                      work from the local copy?
//   cachedGet(path)       (cache.js) read through the local copy
//   writeOrQueue(write)   (outbox.js) send now or queue; enqueue(write) always queues
//   syncNow()             (sync.js)  send the queue now
import { setNetworkObserver } from '../api.js'
import { currentDb, openDb, wipeAll } from './db.js'
import { downloadAll, isNetworkError } from './cache.js'
import { refreshCounts } from './outbox.js'
import { setSessionConfirmer, syncNow } from './sync.js'
import { isOffline, offline } from './state.js'
import { dropSnapshot, loadSnapshot, offlineRole, saveSnapshot } from './session.js'

export { offline, isOffline } from './state.js'
export { cachedGet, CHILDREN_PATH, confirmationsPath, visitsPath, WORKLIST_PATH } from './cache.js'
export { enqueue, listOutbox, newUuid, writeOrQueue } from './outbox.js'
export { syncNow } from './sync.js'
export { loadSnapshot } from './session.js'

const DOWNLOAD_EVERY = 5 * 60 * 1000
let downloading = null
let lastDownload = 0
let hooks = { confirm: async () => true }
let timer = null
let wiping = null
let startedFor = 0

// Any API request tells whether the server could be reached; coming back sends the queue.
setNetworkObserver((ok) => {
  if (ok === offline.reachable) return
  offline.reachable = ok
  if (ok && offline.enabled) back()
})

/** auth.js tells how to confirm the session with the server (returns false when it is gone). */
export function setAuthHooks(h) {
  hooks = { ...hooks, ...h }
  setSessionConfirmer(() => hooks.confirm())
}

/** Downloads the director's children unless done recently (force: now). */
export function refreshLocal(force = false) {
  if (!offline.enabled || isOffline() || downloading) return downloading
  if (!force && Date.now() - lastDownload < DOWNLOAD_EVERY) return null
  lastDownload = Date.now()
  downloading = downloadAll()
    .catch((e) => {
      if (isNetworkError(e)) offline.reachable = false
    })
    .finally(() => {
      downloading = null
    })
  return downloading
}

/** Waits for the download in progress, if any (for tests and the sync page). */
export function downloadDone() {
  return downloading || Promise.resolve()
}

async function back() {
  offline.online = true
  offline.reachable = true
  await syncNow()
  refreshLocal(true)
}

function onOnline() {
  back()
}
function onOffline() {
  offline.online = false
}

/**
 * A session was learnt: for a director, open their database, remember the session for an
 * offline start, send what waits and download their children. confirmed: the server answered
 * (not a snapshot).
 */
export async function startOffline(session, confirmed = true) {
  if (!offlineRole(session) || session.must_change_password || session.totp_enrollment_required) {
    offline.enabled = false
    return
  }
  if (wiping) await wiping
  if (confirmed) saveSnapshot(session)
  const db = openDb(session.account.id)
  offline.enabled = true
  offline.online = navigator.onLine
  const m = await db.meta.get('syncedAt')
  offline.syncedAt = (m && m.value) || 0
  await refreshCounts()
  if (!timer) {
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    // also catches a missed "online" event: the browser's view is read again
    timer = window.setInterval(() => {
      const was = isOffline()
      offline.online = navigator.onLine
      if (!offline.online) return
      if (was && (offline.waiting || !offline.reachable)) back()
      else if (offline.waiting && !isOffline()) syncNow()
    }, 15000)
  }
  if (confirmed) {
    const first = startedFor !== session.account.id
    startedFor = session.account.id
    await syncNow()
    refreshLocal(first)
  }
}

/**
 * Deletes the local copy (logout, revoked or expired session). Returns how many queued writes
 * were lost; when `tell`, the header tells the user (offline.lost).
 */
export async function wipeOffline(tell = false) {
  const snap = loadSnapshot()
  dropSnapshot()
  const had = offline.enabled || currentDb() || snap
  offline.enabled = false
  offline.waiting = offline.conflicts = offline.rejected = 0
  offline.syncedAt = 0
  lastDownload = 0
  if (timer) {
    window.clearInterval(timer)
    window.removeEventListener('online', onOnline)
    window.removeEventListener('offline', onOffline)
    timer = null
  }
  startedFor = 0
  if (!had) return 0
  wiping = wipeAll(snap && snap.account ? snap.account.id : 0)
  try {
    const lost = await wiping
    if (tell && lost) offline.lost = lost
    return lost
  } finally {
    wiping = null
  }
}

/** Count of writes that would be lost by a logout now. */
export async function unsentCount() {
  const db = currentDb()
  return db ? db.outbox.count() : 0
}

