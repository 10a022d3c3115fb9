// Names of division codes shown in lists (account scopes), looked up in batches and kept.
import { reactive } from 'vue'
import { lookupRegions } from './api.js'

// Kept in localStorage too (public reference data), so an offline phone still shows names.
const STORE = 'guanai.regionNames'
const KEEP = 2000

function stored() {
  try {
    return JSON.parse(window.localStorage.getItem(STORE) || '{}') || {}
  } catch {
    return {}
  }
}

export const regionNames = reactive(stored())

function persist() {
  try {
    const named = Object.entries(regionNames).filter(([, n]) => n)
    window.localStorage.setItem(STORE, JSON.stringify(Object.fromEntries(named.slice(-KEEP))))
  } catch {
    /* storage full or unavailable: names stay in memory */
  }
}

export async function resolveRegions(codes) {
  const want = [...new Set(codes)].filter((c) => /^[0-9]{12}$/.test(c || '') && !(c in regionNames))
  if (!want.length) return
  try {
    const r = await lookupRegions(want.slice(0, 500))
    for (const it of r.items || []) regionNames[it.code] = it.name
    for (const m of r.missing || []) regionNames[m] = ''
    persist()
  } catch {
    /* names are a nicety: the codes stay visible */
  }
}

/** 'name (code)' when the name is known, else the code. */
export function regionLabel(code) {
  const n = regionNames[code]
  return n ? `${n} (${code})` : code || ''
}
