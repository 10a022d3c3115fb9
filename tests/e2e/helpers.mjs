// Shared helpers for the e2e suite: Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core from web/node_modules, against a running guanai at GA_BASE_URL.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const { chromium } = require('../../web/node_modules/playwright-core')

export const BASE_URL = (process.env.GA_BASE_URL || '').replace(/\/+$/, '')
if (!BASE_URL) throw new Error('GA_BASE_URL is not set (run tests/e2e/run.sh, or export it)')

export const CHROMIUM = process.env.GA_CHROMIUM || '/usr/bin/chromium'

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export const PHONE = { width: 360, height: 740 }
export const DESKTOP = { width: 1280, height: 800 }

/**
 * A fresh context + page that records console errors, uncaught exceptions and CSP
 * violations in `page.problems` (an array of strings).
 */
export async function newPage(browser, viewport = DESKTOP, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport, locale })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const problems = []
  page.problems = problems
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`))
  // Init scripts run via the DevTools protocol, so the page's CSP does not block this.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`)
    })
  })
  return page
}

export function url(path) {
  return BASE_URL + path
}

/** Saves a screenshot when GA_SCREENSHOT_DIR is set (keep it outside the repository). */
export async function screenshot(page, name) {
  const dir = process.env.GA_SCREENSHOT_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  await page.waitForTimeout(500) // let expand/drawer transitions finish
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

/** Locator of a division's tree node (the .el-tree-node element) by 12-digit code. */
export function treeNode(page, code) {
  return page.locator(`.el-tree-node[data-key="${code}"]`)
}
