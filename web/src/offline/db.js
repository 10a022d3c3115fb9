// The director's local copy (IndexedDB through dexie), one database per account:
// "guanai-<account id>". Tables:
//   cache:  {path, data, syncedAt}   GET answers kept for offline reading, by API path
//   outbox: {seq, clientUuid, kind, method, path, body, baseVersion, recordPath, refresh,
//            label, state, error, server, createdAt}   writes waiting to be sent, in order
//   meta:   {key, value}             e.g. syncedAt
// Only the logged-in account's data; wipeAll() deletes every guanai database of this browser.
import Dexie from 'dexie'

const PREFIX = 'guanai-'
let db = null
let dbAccount = 0

export function dbName(accountId) {
  return `${PREFIX}${accountId}`
}

/** The open database of this account (opened on first use). */
export function openDb(accountId) {
  if (db && dbAccount === accountId) return db
  if (db) db.close()
  db = new Dexie(dbName(accountId))
  db.version(1).stores({
    cache: 'path',
    outbox: '++seq, state, path',
    meta: 'key',
  })
  dbAccount = accountId
  return db
}

/** The open database, or null when no director is logged in. */
export function currentDb() {
  return db
}

/**
 * Deletes the local copy: every "guanai-*" database (the current one and any left behind).
 * Returns how many queued writes were still unsent.
 */
export async function wipeAll(knownAccountId = 0) {
  let unsent = 0
  const names = new Set()
  if (db) {
    names.add(db.name)
    db.close()
    db = null
    dbAccount = 0
  }
  if (knownAccountId) names.add(dbName(knownAccountId))
  try {
    for (const d of (await indexedDB.databases?.()) || []) if (d.name && d.name.startsWith(PREFIX)) names.add(d.name)
  } catch {
    /* databases() unsupported: the known names only */
  }
  for (const name of names) {
    try {
      const other = new Dexie(name)
      await other.open() // dynamic mode: the tables as stored
      if (other.tables.some((t) => t.name === 'outbox')) unsent += await other.table('outbox').count()
      other.close()
    } catch {
      /* absent or unreadable: nothing to count */
    }
    await Dexie.delete(name)
  }
  return unsent
}
