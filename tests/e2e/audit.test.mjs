// The security auditor: enrols TOTP at first login, reads the audit log and verifies its chain.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, pageWidth, PHONE, DESKTOP } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('auditor: enrols TOTP, sees session.create entries, the chain verifies intact', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/login'))
  await submitLogin(page, 'e2e.aud')
  await enrolTotp(page)
  await page.waitForURL(url('/audit'))
  const table = page.getByTestId('audit-table')
  await table.getByTestId('audit-action-cell').getByText('session.create', { exact: true }).first().waitFor()
  await table.getByTestId('audit-action-cell').getByText('account.totp_enrol', { exact: true }).first().waitFor()

  // Filter by an action prefix.
  await page.getByTestId('audit-action').fill('session.')
  await page.getByTestId('audit-search').click()
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('[data-testid="audit-table"] [data-testid="audit-action-cell"]')]
    return cells.length > 0 && cells.every((c) => c.textContent.startsWith('session.'))
  })

  await page.getByTestId('audit-verify').click()
  const result = page.getByTestId('audit-verify-result')
  await result.getByText('日志链完整').waitFor()
  await screenshot(page, 'audit-desktop')
  assert.deepEqual(page.problems, [])

  // The same page on a phone: cards instead of a table, nothing wider than the screen.
  await page.setViewportSize(PHONE)
  await page.getByTestId('audit-list').getByTestId('audit-row').first().waitFor()
  const sw = await pageWidth(page)
  assert.ok(sw <= PHONE.width, `audit page scrollWidth ${sw} <= ${PHONE.width}`)
  await screenshot(page, 'audit-phone')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
