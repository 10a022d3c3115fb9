// The service worker of the guanai web app (issue 5: the offline phone app). Hand-written.
//
// It keeps the app shell (index.html, the hashed files under /assets/, the manifest and the
// icons) in the Cache Storage, so the app starts and moves between pages with no network.
// The list of files is written into PRECACHE by the build (vite.config.js, plugin
// "guanai-precache"), together with a hash of the list that names the cache: a new build gives
// a new worker, which fetches the new shell and deletes the old cache.
//
// The API (/api/...) is never cached here: the app keeps the director's data in IndexedDB
// (src/offline/), wiped at logout. Navigations go to the network first (so an online app is
// exactly the server's) and fall back to the cached index.html, whose router takes the path.
const PRECACHE = self.__GUANAI_PRECACHE__ || { version: 'dev', files: [] }
const CACHE = `guanai-shell-${PRECACHE.version}`

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE.files))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('guanai-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

function isApi(url) {
  return url.pathname === '/api' || url.pathname.startsWith('/api/')
}

// A weak signal may neither answer nor fail for long: after NAVIGATE_WAIT ms the cached shell
// (the same app) is used, and the network's answer, if it comes, is dropped.
const NAVIGATE_WAIT = 4000

async function navigate(req) {
  const cached = caches.open(CACHE).then((c) => c.match('/index.html'))
  const network = fetch(req)
  network.catch(() => {}) // a late failure after the cache answered is no error
  const slow = new Promise((resolve) => setTimeout(resolve, NAVIGATE_WAIT)).then(() => cached)
  try {
    return await Promise.race([network, slow.then((r) => r || network)])
  } catch {
    return (await cached) || Response.error()
  }
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || isApi(url)) return // the network, untouched
  if (req.mode === 'navigate') {
    event.respondWith(navigate(req))
    return
  }
  // shell files: from the cache, else the network (and then kept, for hashed assets)
  event.respondWith(
    caches.open(CACHE).then(async (c) => {
      const hit = await c.match(req, { ignoreSearch: true })
      if (hit) return hit
      const res = await fetch(req)
      if (res.ok && url.pathname.startsWith('/assets/')) c.put(req, res.clone())
      return res
    }),
  )
})
