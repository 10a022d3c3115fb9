// Vite build for the guanai web app. Output: dist/ (index.html + hashed files under
// dist/assets/), served by the C binary with a strict CSP, so nothing here may rely on
// inline scripts or eval.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
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
