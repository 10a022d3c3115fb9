// Read-through cache of GET answers (IndexedDB table "cache"), for views that must work
// offline, and the download of a director's children after login.
//
//   const r = await cachedGet('/api/v1/children/12')
//   r.data      the answer (from the server, or the local copy when offline), with the
//               director's queued changes to that path laid over it (PATCH bodies)
//   r.offline   true when it came from the local copy
//   r.syncedAt  when the local copy was taken (ms), for "synced at …"
//   r.pending   how many queued writes touch this path
// When offline and the path was never kept, it throws an ApiError with code "offline_miss".
import { ApiError, api, query } from '../api.js'
import { currentDb } from './db.js'
import { isOffline, offline } from './state.js'

export const CHILDREN_PATH = '/api/v1/children'
// Other lists a director's day needs offline, downloaded with the children (a failure is
// ignored): the worklist.
export const WORKLIST_PATH = '/api/v1/worklist'
export const EXTRA_PATHS = [WORKLIST_PATH]
// Per child, beside the dossier: functions of the child's id giving more paths to keep,
// downloaded for every child at each download: the child's visits and confirmations.
export const visitsPath = (id) => `/api/v1/children/${id}/visits`
export const confirmationsPath = (id) => `/api/v1/children/${id}/confirmations`
export const EXTRA_CHILD_PATHS = [visitsPath, confirmationsPath]
const PAGE = 200
const PARALLEL = 3

export function isNetworkError(e) {
  return e instanceof ApiError && e.status === 0 && e.code === 'network_error'
}

export async function putCache(path, data) {
  const db = currentDb()
  if (db) await db.cache.put({ path, data, syncedAt: Date.now() })
}

export async function getCache(path) {
  const db = currentDb()
  return db ? db.cache.get(path) : undefined
}

/** GET the path again and keep the answer (after a write); errors are ignored. */
export async function refreshPath(path) {
  try {
    await putCache(path, await api.get(path))
  } catch {
    /* kept as it was */
  }
}

async function overlay(path, data) {
  const db = currentDb()
  if (!db || !data || typeof data !== 'object') return { data, pending: 0 }
  const queued = await db.outbox.where('path').equals(path).toArray()
  let out = data
  let pending = 0
  for (const w of queued.sort((a, b) => a.seq - b.seq)) {
    pending++
    if (w.method !== 'PATCH' || !w.body) continue
    const fields = { ...w.body }
    delete fields.version
    out = { ...out, ...fields }
  }
  return { data: out, pending }
}

export async function cachedGet(path, { key = path } = {}) {
  if (!offline.enabled) return { data: await api.get(path), offline: false, syncedAt: 0, pending: 0 }
  if (!isOffline()) {
    try {
      const data = await api.get(path)
      await putCache(key, data)
      return { ...(await overlay(key, data)), offline: false, syncedAt: Date.now() }
    } catch (e) {
      if (!isNetworkError(e)) throw e
    }
  }
  const hit = await getCache(key)
  if (!hit) {
    throw new ApiError('离线，本机没有保存这项数据 (offline, and this is not kept on this device)', {
      code: 'offline_miss',
    })
  }
  return { ...(await overlay(key, hit.data)), offline: true, syncedAt: hit.syncedAt }
}

/**
 * Downloads the director's children (the list, paged, and each dossier whose version changed)
 * and the extra lists into the local copy; drops dossiers no longer in the list. Returns the
 * number of children kept.
 */
export async function downloadAll() {
  const db = currentDb()
  if (!db) return 0
  const items = []
  let after = ''
  for (let i = 0; i < 1000; i++) {
    const r = await api.get(`${CHILDREN_PATH}${query({ limit: PAGE, after })}`)
    const got = r.items || []
    items.push(...got)
    if (!got.length || !r.next) break
    after = r.next
  }
  if (!currentDb()) return 0 // wiped meanwhile
  await putCache(CHILDREN_PATH, { items, next: null })
  const toFetch = []
  for (const c of items) {
    const path = `${CHILDREN_PATH}/${c.id}`
    const have = await db.cache.get(path)
    if (!have || !have.data || have.data.version !== c.version) toFetch.push(path)
  }
  for (const c of items) for (const f of EXTRA_CHILD_PATHS) toFetch.push(f(c.id))
  const workers = Array.from({ length: PARALLEL }, async () => {
    while (toFetch.length && currentDb()) await refreshPath(toFetch.shift())
  })
  await Promise.all(workers)
  // dossiers that left the director's scope (transferred, archived) are not kept
  const keep = new Set(items.map((c) => `${CHILDREN_PATH}/${c.id}`))
  const stale = (await db.cache.toCollection().primaryKeys()).filter(
    (p) => /^\/api\/v1\/children\/\d+$/.test(p) && !keep.has(p),
  )
  const pendingPaths = new Set((await db.outbox.toArray()).map((w) => w.recordPath || w.path))
  await db.cache.bulkDelete(stale.filter((p) => !pendingPaths.has(p)))
  for (const p of EXTRA_PATHS) {
    try {
      await putCache(p, await api.get(p))
    } catch {
      /* not (yet) served: nothing kept */
    }
  }
  const now = Date.now()
  await db.meta.put({ key: 'syncedAt', value: now })
  offline.syncedAt = now
  return items.length
}
