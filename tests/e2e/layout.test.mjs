// Layout, phone drawer menu, language switch and 404 page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, pageWidth, DESKTOP, PHONE } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const scrollWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth)

test('home page in Chinese on desktop with the side menu', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/'))
  await page.getByTestId('home').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN')
  assert.match(await page.getByTestId('brand').textContent(), /关爱 guanai/)
  const menu = page.getByTestId('side-menu')
  await menu.getByText('首页').waitFor()
  await menu.getByText('行政区划').click()
  await page.waitForURL(url('/regions'))
  await page.getByTestId('regions-tree').waitFor()
  assert.equal(await page.getByTestId('hamburger').count(), 0, 'no hamburger on desktop')
  await screenshot(page, 'home-desktop')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('360 px phone: no horizontal overflow, hamburger opens the drawer menu', { timeout: 60000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/'))
  await page.getByTestId('home').waitFor()
  assert.ok((await scrollWidth(page)) <= PHONE.width, 'home fits 360 px')
  assert.equal(await page.getByTestId('side-menu').count(), 0, 'side menu is collapsed')
  await screenshot(page, 'home-phone')

  await page.getByTestId('hamburger').click()
  const drawerMenu = page.getByTestId('drawer-menu')
  await drawerMenu.waitFor()
  await screenshot(page, 'drawer-phone')
  await drawerMenu.getByText('行政区划').click()
  await page.waitForURL(url('/regions'))
  await page.getByTestId('regions-tree').waitFor()
  await drawerMenu.waitFor({ state: 'hidden' })
  assert.ok((await scrollWidth(page)) <= PHONE.width, 'regions fits 360 px')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('language switch to English changes the menu and persists after reload', { timeout: 60000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/'))
  await page.getByTestId('home').waitFor()
  await page.getByTestId('lang-en').click()
  await page.getByTestId('hamburger').click()
  const drawerMenu = page.getByTestId('drawer-menu')
  await drawerMenu.getByText('Divisions').waitFor()
  await drawerMenu.getByText('Home').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  assert.equal(await page.evaluate(() => localStorage.getItem('guanai.lang')), 'en')
  assert.ok((await scrollWidth(page)) <= PHONE.width, 'English fits 360 px')

  await page.reload()
  await page.getByTestId('home').getByText('Welcome to guanai').waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await page.getByTestId('hamburger').click()
  await page.getByTestId('drawer-menu').getByText('Divisions').waitFor()
  await screenshot(page, 'drawer-phone-en')

  // And back to Chinese.
  await page.keyboard.press('Escape')
  await page.getByTestId('drawer-menu').waitFor({ state: 'hidden' })
  await page.getByTestId('lang-zh-CN').click()
  await page.getByTestId('home').getByText('欢迎使用关爱').waitFor()
  assert.equal(await page.evaluate(() => localStorage.getItem('guanai.lang')), 'zh-CN')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('unknown path shows the 404 page with a link home', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/no-such-page'))
  const nf = page.getByTestId('not-found')
  await nf.getByText('页面不存在', { exact: true }).waitFor()
  await screenshot(page, 'notfound-desktop')
  await page.getByTestId('not-found-home').click()
  await page.waitForURL(url('/'))
  await page.getByTestId('home').waitFor()
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('360 px: the login page and an accounts page have no horizontal overflow', { timeout: 60000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login'))
  await page.getByTestId('login').waitFor()
  assert.ok((await pageWidth(page)) <= PHONE.width, 'login fits 360 px')
  await screenshot(page, 'login-phone')

  await submitLogin(page, 'e2e.sys2')
  await page.waitForURL(/\/account\/totp/)
  assert.ok((await pageWidth(page)) <= PHONE.width, 'TOTP enrolment fits 360 px')
  await enrolTotp(page)
  await page.waitForURL(url('/accounts'))
  await page.getByTestId('accounts-list').getByTestId('account-row').first().waitFor()
  assert.ok((await pageWidth(page)) <= PHONE.width, 'accounts fit 360 px')
  await screenshot(page, 'accounts-phone')

  // The create dialog fits too.
  await page.getByTestId('accounts-create').click()
  await page.getByTestId('create-dialog').getByTestId('create-username').waitFor()
  assert.ok((await pageWidth(page)) <= PHONE.width, 'create dialog fits 360 px')
  await screenshot(page, 'accounts-create-phone')
  await page.keyboard.press('Escape')

  // The user menu on a phone names the user and offers logout.
  await page.getByTestId('user-menu').click()
  await page.getByTestId('user-name-menu').getByText('e2e.sys2').waitFor()
  await page.getByTestId('user-logout').click()
  await page.waitForURL(url('/login'))
  assert.deepEqual(page.problems, [])
  await page.context().close()
})
