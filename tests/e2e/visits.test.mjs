// Home visits (走访, issue 5) on a 360-px phone: a director registers a child (through the API,
// from the logged-in page), opens the dossier, records a visit (a future date is refused in the
// form first), sees it in the dossier's 走访记录 list; a visit that finds danger offers the
// mandatory report; the township's supervisor opens the visit.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, choose, PHONE, idCheck } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
const tag = String(Date.now() % 1000000)
const NAME = `走访测试${tag}`
let childId = ''
let visitId = ''

function boyId(birth) {
  const seq = String(100 + Math.floor(Math.random() * 450) * 2 + 1).padStart(3, '0')
  const s = `500229${birth}${seq}`
  return s + idCheck(s)
}

async function login(page, user, path) {
  await page.goto(url(`/login?redirect=${encodeURIComponent(path)}`))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, user)
  await page.waitForURL(url(path))
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

/** Register a child through the API with the page's session (the registry has its own e2e). */
async function registerChild(page) {
  const year = new Date().getFullYear() - 8
  const body = {
    name: NAME,
    id_number: boyId(`${year}0601`),
    sex: 'male',
    birth_date: `${year}-06-01`,
    rural_hukou: true,
    region: '500229212201',
    school_status: 'primary',
    health: 'healthy',
    family: [
      { relation: 'father', situation: 'migrant', work_place: '广东省东莞市' },
      { relation: 'mother', situation: 'migrant', work_place: '浙江省宁波市' },
    ],
    guardian: { type: 'grandparents' },
    guardianship_level: 'fair',
  }
  const r = await page.evaluate(async (b) => {
    const s = await (await fetch('/api/v1/session')).json()
    const res = await fetch('/api/v1/children', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify(b),
    })
    return { status: res.status, body: await res.json() }
  }, body)
  assert.equal(r.status, 201, JSON.stringify(r.body))
  return String(r.body.id)
}

function tomorrow() {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + 86400 * 1000)
  return d.toISOString().slice(0, 10)
}

test('director records a visit on a phone and sees it in the dossier', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.dir1', '/children')
  childId = await registerChild(page)

  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('child-visits').waitFor()
  await page.getByTestId('visit-none').waitFor()
  await fits(page, 'dossier with visits')
  await page.getByTestId('visit-record').click()
  await page.waitForURL(url(`/children/${childId}/visits/new`))
  await page.getByTestId('visit-form-page').waitFor()
  // today by default
  assert.match(await page.getByTestId('visit-date').inputValue(), /^\d{4}-\d{2}-\d{2}$/)

  // Bad input shown in the form: a date in the future.
  const today = await page.getByTestId('visit-date').inputValue()
  await page.getByTestId('visit-date').fill(tomorrow())
  await page.getByTestId('visit-save').click()
  await page.getByText('走访日期不能晚于今天').waitFor()
  assert.match(page.url(), /\/visits\/new$/)
  await page.getByTestId('visit-date').fill(today)

  await page.getByTestId('visit-met').getByText('儿童本人').click()
  await page.getByTestId('visit-met').getByText('监护人', { exact: true }).click()
  await page.getByTestId('visit-living-poor').click()
  await page.getByTestId('visit-living-note').fill('房屋漏雨，冬季取暖困难')
  await page.getByTestId('visit-schooling-good').click()
  await page.getByTestId('visit-problem-living_hardship').click()
  await page.getByTestId('visit-next-steps').fill('下月随访，协助申请临时救助')
  assert.equal(await page.getByTestId('visit-harm-live').count(), 0)
  await fits(page, 'visit form')
  await screenshot(page, 'visit-form-phone')
  await page.getByTestId('visit-save').click()
  await page.waitForURL(/\/visits\/\d+$/)
  visitId = new URL(page.url()).pathname.split('/').pop()
  await page.getByTestId('visit-page').waitFor()
  assert.equal(await page.getByTestId('visit-kind-text').textContent(), '定期走访')
  await page.getByTestId('visit-finding-living').getByText('房屋漏雨', { exact: false }).waitFor()
  await page.getByTestId('visit-edit').waitFor()
  await fits(page, 'visit page')

  // The dossier lists it.
  await page.getByTestId('visit-back').click()
  await page.waitForURL(url(`/children/${childId}`))
  const row = page.getByTestId('visit-row')
  await row.first().waitFor()
  assert.equal(await row.count(), 1)
  await row.getByText('定期走访').waitFor()
  await row.getByText('生活困难').waitFor()
  assert.equal(await row.getByTestId('visit-harm').count(), 0)
  assert.deepEqual(unexpected(page.problems, []), [])
  await page.context().close()
})

test('a visit that finds danger offers the mandatory report', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.dir1', `/children/${childId}/visits/new`)
  await page.getByTestId('visit-form-page').waitFor()
  await page.getByTestId('visit-safety-danger').click()
  await page.getByTestId('visit-safety-note').fill('儿童手臂有多处淤青')
  await page.getByTestId('visit-harm-live').waitFor()
  // the dossier changes in the same save: the entrusted guardian cannot cope
  await choose(page, 'visit-dossier-level', '受委托监护人监护能力不足')
  // a photo, uploaded once the visit is stored (a 1×1 PNG)
  await page.getByTestId('visit-photo-input').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') })
  await page.getByTestId('visit-save').click()
  await page.getByTestId('visit-report-dialog').getByText('强制报告', { exact: false }).first().waitFor()
  await fits(page, 'report prompt')
  await page.getByTestId('visit-report-request').click()
  await page.waitForURL(/\/visits\/\d+$/)
  await page.getByTestId('visit-harm-found').getByText('已请求强制报告').waitFor()
  const img = page.getByTestId('visit-photos').locator('img')
  await img.waitFor()
  assert.equal(await img.evaluate((el) => el.decode().then(() => el.naturalWidth)), 1, 'the photo is shown')
  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('visit-harm').first().waitFor()
  assert.equal(await page.getByTestId('visit-row').count(), 2)
  // the key-child flag was derived again with the visit
  await page.getByTestId('child-key-flag').getByText('监护不力', { exact: false }).waitFor()
  assert.deepEqual(unexpected(page.problems, []), [])
  await page.context().close()
})

test('the township supervisor opens the visit', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.sup', `/visits/${visitId}`)
  await page.getByTestId('visit-page').waitFor()
  assert.equal(await page.getByTestId('visit-kind-text').textContent(), '定期走访')
  await page.getByTestId('visit-finding-living').getByText('房屋漏雨', { exact: false }).waitFor()
  await page.getByTestId('visit-revisions').getByText('没有修改过').waitFor()
  await fits(page, 'visit page (supervisor)')
  // within the 7 days the supervisor may edit it; the earlier record is kept
  await page.getByTestId('visit-edit').click()
  await page.waitForURL(url(`/visits/${visitId}/edit`))
  await page.getByTestId('visit-form-page').waitFor()
  assert.equal(await page.getByTestId('visit-next-steps').inputValue(), '下月随访，协助申请临时救助')
  await page.getByTestId('visit-next-steps').fill('督导员补充：联系乡卫生院')
  await page.getByTestId('visit-save').click()
  await page.waitForURL(url(`/visits/${visitId}`))
  await page.getByTestId('visit-next-steps-text').getByText('督导员补充', { exact: false }).waitFor()
  const rev = page.getByTestId('visit-revision')
  await rev.first().waitFor()
  assert.equal(await rev.count(), 1)
  await rev.getByText('下月随访', { exact: false }).waitFor()
  assert.deepEqual(unexpected(page.problems, []), [])
  await page.context().close()
})
