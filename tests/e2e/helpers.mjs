// Shared helpers for the e2e suite: Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core from web/node_modules, against a running guanai at GA_BASE_URL.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createHmac } from 'node:crypto'
import assert from 'node:assert/strict'

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

// --- identity ---

/** Password of the accounts run.sh creates (e2e.dir1, e2e.dir2, e2e.locked, e2e.sys, …). */
export const PASSWORD = process.env.GA_E2E_PASSWORD || ''
if (!PASSWORD) throw new Error('GA_E2E_PASSWORD is not set (run tests/e2e/run.sh)')

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const clean = s.toUpperCase().replace(/[\s=]/g, '')
  let bits = 0
  let value = 0
  const out = []
  for (const ch of clean) {
    const v = alphabet.indexOf(ch)
    if (v < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | v
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 6238 TOTP (HMAC-SHA1, 30-s step, 6 digits) of a base32 secret at time `ms`. */
export function totp(secret, ms = Date.now()) {
  const counter = Math.floor(ms / 1000 / 30)
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest()
  const o = h[h.length - 1] & 0x0f
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1000000
  return String(n).padStart(6, '0')
}

/**
 * A code of a time step no code was used in yet (the server refuses a step twice): waits for
 * the next step when `lastStep` is the current one, and avoids the last 2 s of a step.
 * Returns {code, step}.
 */
export async function freshTotp(secret, lastStep = -1) {
  for (;;) {
    const now = Date.now()
    const step = Math.floor(now / 30000)
    const left = 30000 - (now % 30000)
    if (step !== lastStep && left > 2000) return { code: totp(secret, now), step }
    await new Promise((r) => setTimeout(r, left + 50))
  }
}

/** Fills and submits the login form (the page must be on /login). */
export async function submitLogin(page, username, password = PASSWORD) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/**
 * On the (forced) TOTP enrolment page: reads the secret shown for manual entry, confirms it
 * with a current code, and returns {secret, step}.
 */
export async function enrolTotp(page) {
  await page.getByTestId('totp-page').waitFor()
  const secretEl = page.getByTestId('totp-secret')
  await secretEl.waitFor()
  // The page shows the key in groups of four for typing by hand.
  const secret = (await secretEl.textContent()).replace(/\s+/g, '')
  const { code, step } = await freshTotp(secret)
  await page.getByTestId('totp-code').fill(code)
  await page.getByTestId('totp-confirm').click()
  return { secret, step }
}

/** Console problems other than the browser's note about an expected failed request. */
export function unexpected(problems, statuses = [401, 403, 404]) {
  const re = new RegExp(`Failed to load resource: the server responded with a status of (${statuses.join('|')})`)
  return problems.filter((p) => !re.test(p))
}

/**
 * The widest of the document and the main pane (html/body hide horizontal overflow, so a
 * too-wide page shows up as a scrolling .el-main or elements past the right edge).
 */
export function pageWidth(page) {
  return page.evaluate(() => {
    const main = document.querySelector('.el-main')
    let w = Math.max(document.documentElement.scrollWidth, main ? main.scrollWidth + main.getBoundingClientRect().left : 0)
    for (const el of document.querySelectorAll('.el-main *')) {
      const r = el.getBoundingClientRect()
      if (r.width && r.right > w && getComputedStyle(el).visibility !== 'hidden') {
        // Inside a horizontally scrolling box (a table) it is fine.
        let p = el.parentElement
        let scrolls = false
        while (p && p !== main) {
          const ox = getComputedStyle(p).overflowX
          if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') {
            scrolls = true
            break
          }
          p = p.parentElement
        }
        if (!scrolls) w = r.right
      }
    }
    return Math.ceil(w)
  })
}

/** Opens an Element Plus select (by test id) and picks the option with this exact text. */
export async function choose(page, testid, text) {
  const select = page.getByTestId(testid)
  const noDropdown = () => ![...document.querySelectorAll('.el-select-dropdown')].some((e) => e.offsetParent !== null)
  for (let attempt = 1; ; attempt++) {
    await select.click()
    await page.locator('.el-select-dropdown__item:visible').getByText(text, { exact: true }).click()
    // Wait for the dropdown to close so the next select's options are the only visible ones.
    try {
      await page.waitForFunction(noDropdown, null, { timeout: 3000 })
    } catch {
      await page.keyboard.press('Escape')
      await page.waitForFunction(noDropdown)
    }
    if ((await select.textContent()).includes(text) || attempt === 3) break
  }
  assert.match(await select.textContent(), new RegExp(text.replace(/[/()（）]/g, '.')))
}

/** The GB 11643-1999 check character of the first 17 digits of an ID number. */
export function idCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return '10X98765432'[sum % 11]
}
