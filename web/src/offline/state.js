// Reactive state of the offline layer, shown by the header (components/OfflineBadge.vue) and
// the sync page (views/SyncView.vue).
import { reactive } from 'vue'

export const offline = reactive({
  enabled: false, // a director is logged in: their children are kept on this device
  online: typeof navigator === 'undefined' ? true : navigator.onLine, // the browser's view
  reachable: true, // the last API request got an answer (false: the server could not be reached)
  waiting: 0, // queued writes not yet sent
  conflicts: 0, // writes the server refused because the record changed meanwhile
  rejected: 0, // writes the server refused for another reason (shown on /sync)
  syncing: false,
  syncedAt: 0, // when the children were last downloaded (ms), 0: never
  lost: 0, // unsent writes deleted by a wipe (a revoked session): told once, then reset
})

/** True when the app should work from the local copy. */
export function isOffline() {
  return !offline.online || !offline.reachable
}
