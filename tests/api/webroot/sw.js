/* test fixture: a service worker at the root */
self.addEventListener("fetch", () => {})
