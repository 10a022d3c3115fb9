// Sends the outbox in order when the network is back (the browser's "online" event), when the
// app starts, and every 15 s while writes wait (index.js).
//
// A write that waits behind a conflict or a refusal on the same record stays waiting until the
// director has resolved that one (/sync). A write queued on top of an earlier queued write of
// the same record (same base version) moves to the version the earlier one produced.
import { api } from '../api.js'
import { currentDb } from './db.js'
import { isNetworkError } from './cache.js'
import { accepted, refreshCounts, send } from './outbox.js'
import { isOffline, offline } from './state.js'

let running = null
// before the first write of a run: make sure the session is confirmed (CSRF token)
let confirmSession = async () => true

export function setSessionConfirmer(fn) {
  confirmSession = fn
}

export function syncNow() {
  if (!running) {
    running = run().finally(() => {
      running = null
      offline.syncing = false
    })
  }
  return running
}

async function run() {
  const db = currentDb()
  if (!db || !offline.enabled || isOffline()) return
  const items = await db.outbox.orderBy('seq').toArray()
  if (!items.some((w) => w.state === 'waiting')) return refreshCounts()
  offline.syncing = true
  if (!(await confirmSession())) return
  const blocked = new Set()
  const moved = new Map() // record path -> {from, to}: versions our own earlier writes made
  for (const w of items) {
    const rec = w.recordPath || w.path
    if (w.state !== 'waiting') {
      blocked.add(rec)
      continue
    }
    if (blocked.has(rec)) continue
    const m = moved.get(rec)
    if (m && w.baseVersion === m.from && w.body && w.body.version === m.from) {
      w.baseVersion = m.to
      w.body = { ...w.body, version: m.to }
      await db.outbox.update(w.seq, { baseVersion: w.baseVersion, body: w.body })
    }
    try {
      const res = await send(w)
      if (res && res.version != null && w.baseVersion != null) moved.set(rec, { from: w.baseVersion, to: res.version })
      await accepted(w)
    } catch (e) {
      if (isNetworkError(e)) break // still offline: the rest waits
      if (e.status === 401) return // the session is gone: the auth handler wipes
      if (e.code === 'stale_version') {
        let server = null
        try {
          server = await api.get(rec)
        } catch {
          /* shown without the server's side; kept */
        }
        await db.outbox.update(w.seq, { state: 'conflict', server, error: { code: e.code, message: e.message } })
      } else {
        await db.outbox.update(w.seq, {
          state: 'rejected',
          error: { code: e.code, message: e.message, field: e.field, status: e.status },
        })
      }
      blocked.add(rec)
    }
  }
  await refreshCounts()
}
