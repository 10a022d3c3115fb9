// Logging in and out, the lockout after five wrong passwords, route guards, and the
// director's own area (/places/:code) against a real server (accounts from run.sh).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, PASSWORD, DESKTOP, PHONE } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

test('director logs in through the form, sees their name, logs out', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  // A protected page sends an anonymous visitor to the login page, and back after it.
  await page.goto(url('/account/sessions'))
  await page.waitForURL(/\/login\?redirect=/)
  await page.getByTestId('login').waitFor()
  await screenshot(page, 'login-desktop')
  await submitLogin(page, 'e2e.dir1')
  await page.waitForURL(url('/account/sessions'))
  await page.getByTestId('session-current').waitFor()

  const header = page.getByTestId('user')
  assert.equal((await header.getByTestId('user-name').textContent()).trim(), 'e2e.dir1')
  assert.equal((await header.getByTestId('user-role').textContent()).trim(), '儿童主任')
  // The director's menu offers their area but no admin pages.
  const menu = page.getByTestId('side-menu')
  await menu.getByTestId('menu-place').waitFor()
  assert.equal(await menu.getByTestId('menu-accounts').count(), 0)
  assert.equal(await menu.getByTestId('menu-audit').count(), 0)

  // An admin page is refused by the guard.
  await page.goto(url('/accounts'))
  await page.getByTestId('forbidden').waitFor()

  // After a reload the app learns the session again (and its CSRF token: logout is a DELETE).
  await page.reload()
  await header.getByTestId('user-name').waitFor()
  await page.getByTestId('logout').click()
  await page.waitForURL(url('/login'))
  await page.getByTestId('login').waitFor()
  assert.equal(await page.getByTestId('user').count(), 0)
  const res = await page.request.get(url('/api/v1/session'))
  assert.equal(res.status(), 401)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('five wrong passwords lock the account; then even the right one is refused', { timeout: 60000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login'))
  await page.getByTestId('login').waitFor()
  const error = page.getByTestId('login-error')
  const attempt = async (password) => {
    const answer = page.waitForResponse((r) => r.url() === url('/api/v1/session') && r.request().method() === 'POST')
    await submitLogin(page, 'e2e.locked', password)
    return (await answer).status()
  }
  for (let i = 1; i <= 5; i++) {
    assert.equal(await attempt(`wrong-password-${i}`), 401)
    await error.getByText('用户名或密码错误').waitFor()
  }
  assert.equal(await attempt(PASSWORD), 403)
  await error.getByText('锁定').waitFor()
  assert.match(await error.textContent(), /account locked/)
  await screenshot(page, 'login-locked-phone')
  assert.equal(page.url(), url('/login'))
  assert.deepEqual(unexpected(page.problems, [401, 403]), [])
  await page.context().close()
})

test('a director sees their own village but not another one', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/places/500229212202'))
  await page.waitForURL(/\/login\?redirect=(%2F|\/)places(%2F|\/)500229212202/)
  await submitLogin(page, 'e2e.dir1')
  await page.waitForURL(url('/places/500229212202'))
  const nf = page.getByTestId('place-not-found')
  await nf.getByText('不存在或无权查看').waitFor()
  assert.match(await nf.textContent(), /not in your area/)

  // "My area" in the menu leads to their own village, with themselves among the staff.
  await page.getByTestId('side-menu').getByTestId('menu-place').click()
  await page.waitForURL(url('/places/500229212201'))
  await page.getByTestId('place-name').getByText('茶坪村村民委员会').waitFor()
  assert.equal(await page.getByTestId('place-code').textContent(), '500229212201')
  const path = await page.getByTestId('place-path').textContent()
  assert.match(path, /重庆市.*城口县.*鸡鸣乡/)
  const staff = page.getByTestId('place-staff').getByTestId('staff-row').filter({ hasText: 'e2e.dir1' })
  await staff.waitFor()
  assert.match(await staff.textContent(), /儿童主任/)
  assert.equal(await page.getByTestId('place-staff').getByText('e2e.dir2').count(), 0)
  await screenshot(page, 'place-desktop')
  assert.deepEqual(unexpected(page.problems, [404]), [])
  await page.context().close()
})
