// Vite build for the guanai web app. Output: dist/ (index.html + hashed files under
// dist/assets/), served by the C binary with a strict CSP, so nothing here may rely on
// inline scripts or eval.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

// The service worker (public/sw.js, copied to dist/sw.js) learns the app shell it keeps
// offline from this step: after the build, the list of files in dist/ (but the worker itself
// and the .gz twins written later by scripts/compress.mjs) and a hash of their contents are
// written at the top of dist/sw.js. A new build thus makes a new worker with a new cache.
function precache() {
  let outDir = 'dist'
  return {
    name: 'guanai-precache',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir)
    },
    closeBundle() {
      const walk = (dir) =>
        readdirSync(dir).flatMap((n) => {
          const p = join(dir, n)
          return statSync(p).isDirectory() ? walk(p) : [p]
        })
      const files = walk(outDir)
        .map((p) => '/' + relative(outDir, p).split('\\').join('/'))
        .filter((f) => f !== '/sw.js' && !f.endsWith('.gz') && !f.endsWith('.map') && !f.startsWith('/.'))
        .sort()
      const h = createHash('sha256')
      for (const f of files) h.update(f).update(readFileSync(join(outDir, f)))
      const list = { version: h.digest('hex').slice(0, 16), files }
      const sw = join(outDir, 'sw.js')
      writeFileSync(sw, `self.__GUANAI_PRECACHE__ = ${JSON.stringify(list)}\n` + readFileSync(sw, 'utf8'))
    },
  }
}

export default defineConfig({
  plugins: [vue(), precache()],
  define: {
    // vue-i18n: composition API only; its message compiler runs in JIT mode (builds an
    // AST and interprets it), which needs no eval / new Function.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // Never inline assets as data: URIs into JS beyond small images (CSP allows data: images/fonts only).
    assetsInlineLimit: 2048,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
})
