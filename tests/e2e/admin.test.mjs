// The system administrator's first login (forced TOTP enrolment), account management, the
// security administrator's role assignment, and a new user's forced password change.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, unexpected, DESKTOP, PHONE } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const stamp = Date.now().toString(36).slice(-5)
const NEW_USER = `e2e.new${stamp}`
const NEW_USER2 = `e2e.two${stamp}`
let tempPassword2 = ''

/** Creates an account through the dialog; returns the temporary password shown once. */
async function createAccount(page, username, name) {
  await page.getByTestId('accounts-create').click()
  const dlg = page.getByTestId('create-dialog')
  await dlg.getByTestId('create-username').fill(username)
  await dlg.getByTestId('create-name').fill(name)
  await dlg.getByTestId('create-org').fill('鸡鸣乡人民政府')
  await page.getByTestId('create-submit').click()
  const temp = page.getByTestId('temp-dialog')
  await temp.waitFor()
  const pw = await temp.getByTestId('temp-password').inputValue()
  assert.match(pw, /^\S{10,}$/)
  await page.getByTestId('temp-close').click()
  await temp.waitFor({ state: 'hidden' })
  // Shown once: no longer anywhere in the page.
  assert.equal(await page.getByText(pw).count(), 0)
  assert.equal(await page.evaluate((p) => [...document.querySelectorAll('input')].some((i) => i.value === p), pw), false)
  return pw
}

test('sysadmin: first login enrols TOTP, creates an account, sees its password once, disables it', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/login'))
  await submitLogin(page, 'e2e.sys')
  // Forced to the enrolment page; the menu offers nothing else meanwhile.
  await page.waitForURL(/\/account\/totp/)
  await page.getByTestId('totp-forced').waitFor()
  await page.getByTestId('totp-qr').waitFor()
  assert.match(await page.getByTestId('totp-qr').getAttribute('src'), /^data:image\/svg\+xml;utf8,%3Csvg/)
  assert.equal(await page.getByTestId('side-menu').getByTestId('menu-accounts').count(), 0)
  await page.goto(url('/accounts'))
  await page.waitForURL(/\/account\/totp/)
  await screenshot(page, 'totp-desktop')
  await enrolTotp(page)
  await page.waitForURL(url('/accounts'))
  await page.getByTestId('accounts-table').getByTestId('account-e2e.dir1').waitFor()
  assert.equal((await page.getByTestId('user-role').textContent()).trim(), '系统管理员')

  await createAccount(page, NEW_USER, '测试用户甲')
  const row = page.getByTestId('accounts-table').locator('tr', { has: page.getByTestId(`account-${NEW_USER}`) })
  await row.getByTestId('account-state').getByText('正常').waitFor()

  // Disable it (with a confirmation).
  await row.getByTestId('account-ops').click()
  await page.locator('.el-dropdown-menu:visible').getByTestId('op-disable').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await row.getByTestId('account-state').getByText('已停用').waitFor()

  // A second account, for the role assignment below.
  tempPassword2 = await createAccount(page, NEW_USER2, '测试用户乙')

  // Search narrows the list.
  await page.getByTestId('accounts-q').fill(NEW_USER)
  await page.getByTestId('accounts-search').click()
  await page.getByTestId('accounts-table').getByTestId('account-e2e.dir1').waitFor({ state: 'detached' })
  await page.getByTestId(`account-${NEW_USER}`).waitFor()
  await screenshot(page, 'accounts-desktop')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('secadmin assigns a role; the new user must change the password, then sees their village', { timeout: 60000 }, async () => {
  assert.ok(tempPassword2, 'the previous test created the account')
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/login'))
  await submitLogin(page, 'e2e.sec')
  await enrolTotp(page)
  await page.waitForURL(url('/roles'))
  const row = page.getByTestId('roles-table').locator('tr', { has: page.getByTestId(`role-account-${NEW_USER2}`) })
  await row.getByTestId('role-assign').click()
  const dlg = page.getByTestId('assign-dialog')
  await dlg.getByTestId('assign-role').click()
  await page.getByTestId('assign-role-director').click()
  // Pick 重庆市 / 城口县 / 鸡鸣乡 / 灯梁村 in the chained division selects.
  const pick = async (i, name) => {
    await dlg.getByTestId(`region-select-${i}`).click()
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: name }).first().click()
  }
  await pick(0, '重庆市')
  await pick(1, '城口县')
  await pick(2, '鸡鸣乡')
  await pick(3, '灯梁村')
  await dlg.getByTestId('assign-scope').getByText('500229212202').waitFor()
  await screenshot(page, 'assign-desktop')
  await page.getByTestId('assign-submit').click()
  await dlg.waitFor({ state: 'hidden' })
  await row.getByTestId('role-current').getByText('儿童主任').waitFor()
  assert.deepEqual(page.problems, [])
  await page.context().close()

  // The new user logs in with the temporary password and is forced to change it.
  const user = await newPage(browser, PHONE)
  await user.goto(url('/login'))
  await submitLogin(user, NEW_USER2, tempPassword2)
  await user.waitForURL(/\/account\/password/)
  await user.getByTestId('password-forced').waitFor()
  await user.getByTestId('password-old').fill(tempPassword2)
  await user.getByTestId('password-new').fill('short')
  await user.getByTestId('password-again').fill('short')
  await user.getByTestId('password-submit').click()
  await user.getByTestId('password-error').getByText('10').waitFor()
  const fresh = `New-${stamp}-password`
  await user.getByTestId('password-new').fill(fresh)
  await user.getByTestId('password-again').fill(fresh)
  await user.getByTestId('password-submit').click()
  // a director's home is the worklist; their area is one click away
  await user.waitForURL(url('/worklist'))
  await user.goto(url('/places/500229212202'))
  await user.getByTestId('place-name').getByText('灯梁村村民委员会').waitFor()
  assert.deepEqual(user.problems, [])
  await user.context().close()
})
