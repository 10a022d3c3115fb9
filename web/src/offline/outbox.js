// The outbox: writes made offline (or whose answer never came), kept in order until the
// server has them. Each has a client-generated UUID, sent as `client_uuid`, so that sending it
// twice applies it once (the server answers a repeat with 200; docs/openapi.yaml), and the
// version of the record it was based on.
//
// States: waiting (to be sent), conflict (409 stale_version: the record changed on the server;
// `server` holds the server's record for the side-by-side page /sync), rejected (the server
// refused it for another reason; `error` says why). Nothing leaves the outbox but by the
// server's acceptance or the director's explicit choice on /sync.
import { ApiError, request } from '../api.js'
import { currentDb } from './db.js'
import { isNetworkError, putCache, refreshPath } from './cache.js'
import { isOffline, offline } from './state.js'

export function newUuid() {
  if (crypto.randomUUID) return crypto.randomUUID()
  // older browsers: RFC 4122 version 4 from crypto.getRandomValues
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 0x0f) | 0x40
  b[8] = (b[8] & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/** Recounts waiting / conflict / rejected writes into the reactive state. */
export async function refreshCounts() {
  const db = currentDb()
  if (!db) {
    offline.waiting = offline.conflicts = offline.rejected = 0
    return
  }
  const all = await db.outbox.toArray()
  offline.waiting = all.filter((w) => w.state === 'waiting').length
  offline.conflicts = all.filter((w) => w.state === 'conflict').length
  offline.rejected = all.filter((w) => w.state === 'rejected').length
}

/**
 * Queues a write.
 *   kind        what it is, e.g. 'child.update', 'visit.create' (shown on /sync)
 *   method      'POST' | 'PATCH' | 'PUT' | 'DELETE'
 *   path        the API path, e.g. `/api/v1/children/12`
 *   body        the JSON body without client_uuid (added when sent); for an update, include
 *               the base `version` as the API wants it
 *   baseVersion the record version the director saw (null for a creation)
 *   clientUuid  the write's UUID (a new one when absent)
 *   label       a human name for the list on /sync, e.g. the child's name
 *   recordPath  the record to show beside a conflict (default: path)
 *   refresh     paths to download again into the local copy once it is accepted
 * Returns the stored entry.
 */
export async function enqueue({ kind, method, path, body, baseVersion = null, clientUuid, label = '', recordPath, refresh }) {
  const db = currentDb()
  if (!db) throw new ApiError('离线保存不可用 (offline storage unavailable)', { code: 'offline_unavailable' })
  const entry = {
    clientUuid: clientUuid || newUuid(),
    kind,
    method,
    path,
    body: body === undefined ? null : JSON.parse(JSON.stringify(body)),
    baseVersion,
    label,
    recordPath: recordPath || path,
    refresh: refresh || [],
    state: 'waiting',
    error: null,
    server: null,
    createdAt: Date.now(),
  }
  entry.seq = await db.outbox.add(entry)
  await refreshCounts()
  return entry
}

/** Sends one entry as it stands (client_uuid added). */
export function send(entry) {
  const body = entry.body && typeof entry.body === 'object' ? { ...entry.body, client_uuid: entry.clientUuid } : entry.body
  return request(entry.method, entry.path, body === null ? undefined : body)
}

/** After the server accepted an entry: the local copy learns the result. */
export async function accepted(entry) {
  const db = currentDb()
  if (!db) return
  await db.outbox.delete(entry.seq)
  // the server's answer to a write may carry unmasked fields: keep the masked read instead
  for (const p of new Set([entry.recordPath, ...(entry.refresh || [])])) if (p) await refreshPath(p)
}

/**
 * For forms: sends the write now when the server can be reached (with a client_uuid, so a lost
 * answer is harmless), else queues it. Answers {queued: false, data} or {queued: true, entry}.
 * Errors other than "no network" are thrown as before (the form shows them).
 */
export async function writeOrQueue(w) {
  if (!offline.enabled) return { queued: false, data: await request(w.method, w.path, w.body) }
  const clientUuid = w.clientUuid || newUuid()
  if (!isOffline()) {
    try {
      const data = await send({ ...w, clientUuid })
      await accepted({ seq: -1, recordPath: w.recordPath || w.path, refresh: w.refresh })
      return { queued: false, data }
    } catch (e) {
      if (!isNetworkError(e)) throw e
    }
  }
  return { queued: true, entry: await enqueue({ ...w, clientUuid }) }
}

export async function listOutbox() {
  const db = currentDb()
  return db ? db.outbox.orderBy('seq').toArray() : []
}

/** The fields of a conflicting write that differ from the server's record now. */
export function differingFields(entry) {
  const mine = entry.body || {}
  const server = entry.server || {}
  return Object.keys(mine)
    .filter((k) => k !== 'version' && k !== 'client_uuid')
    .filter((k) => JSON.stringify(mine[k]) !== JSON.stringify(server[k]))
}

// Entries come back from views as reactive proxies, which IndexedDB cannot store: copy them.
const plain = (x) => (x === undefined ? x : JSON.parse(JSON.stringify(x)))

async function requeue(entry, body) {
  entry = plain(entry)
  body = plain(body)
  const db = currentDb()
  const version = entry.server && entry.server.version
  await db.outbox.update(entry.seq, {
    body: version != null ? { ...body, version } : body,
    baseVersion: version ?? entry.baseVersion,
    clientUuid: newUuid(), // a new write: the refused one was never applied
    state: 'waiting',
    error: null,
    server: null,
  })
  await refreshCounts()
}

/** Conflict: send the director's version again, on the server's current version. */
export function keepMine(entry) {
  return requeue(entry, entry.body)
}

/** Conflict: drop the director's write (their explicit choice) and keep the server's record. */
export async function takeServer(entry) {
  entry = plain(entry)
  const db = currentDb()
  if (entry.server) await putCache(entry.recordPath || entry.path, entry.server)
  await refreshPath(entry.recordPath || entry.path)
  await db.outbox.delete(entry.seq)
  await refreshCounts()
}

/** Conflict: choice maps each differing field to 'mine' or 'server'. */
export async function merge(entry, choice) {
  entry = plain(entry)
  choice = plain(choice)
  const mineFields = Object.keys(choice).filter((k) => choice[k] === 'mine')
  if (!mineFields.length) return takeServer(entry)
  const body = {}
  for (const k of mineFields) body[k] = entry.body[k]
  return requeue(entry, body)
}

/** Rejected: try again unchanged (e.g. after a temporary refusal). */
export async function retry(entry) {
  await currentDb().outbox.update(entry.seq, { state: 'waiting', error: null })
  await refreshCounts()
}

/** Rejected or conflict: delete it, on the director's explicit choice. */
export async function discard(entry) {
  await currentDb().outbox.delete(entry.seq)
  await refreshPath(entry.recordPath || entry.path)
  await refreshCounts()
}
