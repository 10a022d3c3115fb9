// Probable duplicates without an ID number: a director registers the same child twice (once
// without household registration); the dossier warns of it; the township supervisor opens
// 疑似重复档案 on a phone, keeps one dossier, and the other is archived as a duplicate.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, submitLogin, unexpected, pageWidth, PHONE } from './helpers.mjs'

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

test('the supervisor merges a dossier registered twice', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.dir1', '/children')
  const session = await (await page.request.get(url('/api/v1/session'))).json()
  const name = `重名${Date.now() % 100000}`
  const body = {
    name,
    no_hukou: true,
    no_hukou_reason: '未落户',
    sex: 'male',
    birth_date: `${new Date().getFullYear() - 7}-06-01`,
    region: '500229212201',
    school_status: 'primary',
    health: 'healthy',
    guardian: { type: 'grandparents' },
    guardianship_level: 'fair',
  }
  const ids = []
  for (let i = 0; i < 2; i++) {
    const res = await page.request.post(url('/api/v1/children'), { headers: { 'X-CSRF-Token': session.csrf_token }, data: body })
    assert.equal(res.status(), 201)
    ids.push((await res.json()).id)
  }

  // the director sees the warning on the dossier but cannot merge
  await page.goto(url(`/children/${ids[1]}`))
  await page.getByTestId('child-duplicate-banner').waitFor()
  await page.getByTestId(`child-duplicate-${ids[0]}`).waitFor()
  await page.getByTestId('child-duplicate-page').click()
  await page.getByTestId('duplicates-page').waitFor()
  await page.getByTestId(`duplicate-side-${ids[0]}`).waitFor()
  assert.equal(await page.getByTestId(`duplicate-keep-${ids[0]}`).count(), 0)
  await page.getByText('等待儿童督导员确认').first().waitFor()

  // the supervisor keeps the first dossier
  const sup = await newPage(browser, PHONE)
  await login(sup, 'e2e.sup', '/duplicates')
  await sup.getByTestId(`duplicate-keep-${ids[0]}`).click()
  await sup.locator('.el-message-box').getByRole('button', { name: '合并' }).click()
  await sup.locator('.el-message--success').waitFor()
  await sup.getByTestId(`duplicate-side-${ids[1]}`).waitFor({ state: 'detached' })
  assert.ok((await pageWidth(sup)) <= PHONE.width, 'no sideways scrolling on a phone')

  await sup.goto(url(`/children/${ids[1]}`))
  await sup.getByTestId('child-archived').waitFor()
  assert.match(await sup.getByTestId('child-archived').innerText(), /重复档案/)
  assert.equal(await sup.getByTestId('child-duplicate-banner').count(), 0)
  assert.deepEqual(unexpected(page.problems), [])
  assert.deepEqual(unexpected(sup.problems), [])
  await page.close()
  await sup.close()
})
