// A dossier moves to another village: the sending director asks from the dossier,
// the receiving director sees it under 档案迁移 and accepts; the dossier then belongs
// to the receiving village and the sender can no longer open it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, submitLogin, unexpected, pageWidth, choose, idCheck, PHONE } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function login(page, user, path) {
  await page.goto(url(`/login?redirect=${encodeURIComponent(path)}`))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, user)
  await page.waitForURL(url(path))
}

function idNumber(birth) {
  const seq = String(100 + (Date.now() % 400) * 2).padStart(3, '0') // even: female
  const first = `500229${birth.replaceAll('-', '')}${seq}`
  return first + idCheck(first)
}

test('a director asks to move a dossier; the receiving director accepts it', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.dir1', '/children')
  const session = await (await page.request.get(url('/api/v1/session'))).json()
  const birth = `${new Date().getFullYear() - 9}-03-03`
  const name = `迁移${Date.now() % 100000}`
  const res = await page.request.post(url('/api/v1/children'), {
    headers: { 'X-CSRF-Token': session.csrf_token },
    data: {
      name,
      id_number: idNumber(birth),
      sex: 'female',
      birth_date: birth,
      region: '500229212201',
      school_status: 'primary',
      health: 'healthy',
      guardian: { type: 'parents' },
      guardianship_level: 'good',
    },
  })
  assert.equal(res.status(), 201)
  const child = await res.json()

  await page.goto(url(`/children/${child.id}`))
  await page.getByTestId('child-transfer').click()
  await page.getByTestId('child-transfer-dialog').waitFor()
  await choose(page, 'region-select-0', '重庆市')
  await choose(page, 'region-select-1', '城口县')
  await choose(page, 'region-select-2', '鸡鸣乡')
  await choose(page, 'region-select-3', '灯梁村村民委员会')
  await page.getByTestId('child-transfer-confirm').click()
  await page.getByText('已申请迁移，待对方接收').waitFor()
  assert.ok((await pageWidth(page)) <= PHONE.width)
  assert.deepEqual(unexpected(page.problems), [])
  await page.context().close()

  const other = await newPage(browser, PHONE)
  await login(other, 'e2e.dir2', '/transfers')
  const card = other.getByTestId('transfers-page').locator('.card', { hasText: name })
  await card.waitFor()
  await card.getByTestId('transfer-accept').click()
  await other.getByText('已接收，档案已转入本辖区').waitFor()
  await other.goto(url(`/children/${child.id}`))
  await other.getByTestId('child-name').getByText(name).waitFor()
  assert.ok((await pageWidth(other)) <= PHONE.width)
  assert.deepEqual(unexpected(other.problems), [])
  await other.context().close()

  // the sender no longer has it
  const again = await newPage(browser, PHONE)
  await login(again, 'e2e.dir1', '/children')
  await again.goto(url(`/children/${child.id}`))
  await again.getByTestId('child-not-found').waitFor()
  await again.context().close()
})
