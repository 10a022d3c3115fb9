// The worklist (#5) on a 360-px phone: a director (e2e.dir4) registers two left-behind
// children through the API; one had a visit 120 days ago (written straight into the e2e
// database: the visit pages are built elsewhere), so with the default quarterly rule it is 30
// days overdue; the other was never visited and is due today. The director's home is the
// worklist: the overdue child comes first, in the red group, with the reason in Chinese, and
// opens the dossier. The township supervisor (e2e.sup) sees the director's compliance and
// drills into the director's worklist. The county bureau (e2e.sched, its own account: it
// enrols TOTP here) makes left-behind children monthly in its county on the schedule page, which
// makes the overdue child later still on the director's list, and then goes back to the default.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, unexpected, pageWidth, PHONE, idCheck } from './helpers.mjs'

const VILLAGE = '500229212205'
const stamp = `${Date.now() % 1e6}`
const NAMES = { late: `逾期甲${stamp}`, fresh: `新登乙${stamp}` }

let browser
let late = 0
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

function boyId(birth) {
  const seq = String(100 + Math.floor(Math.random() * 450) * 2 + 1).padStart(3, '0')
  const s = `500229${birth}${seq}`
  return s + idCheck(s)
}

function isoDay(deltaDays) {
  const d = new Date(Date.now() + 8 * 3600 * 1000 + deltaDays * 86400 * 1000)
  return d.toISOString().slice(0, 10)
}

async function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await (await fetch('/api/v1/session')).json()
      const r = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: body ? JSON.stringify(body) : undefined,
      })
      return { status: r.status, json: await r.json() }
    },
    { method, path, body },
  )
}

async function register(page, name, mmdd) {
  const year = new Date().getFullYear() - 9
  const created = await api(page, 'POST', '/api/v1/children', {
    name,
    id_number: boyId(`${year}${mmdd}`),
    sex: 'male',
    birth_date: `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`,
    ethnicity: '汉族',
    rural_hukou: true,
    region: VILLAGE,
    address: '五组',
    school_status: 'primary',
    boarding: false,
    health: 'healthy',
    serious_illness: false,
    assistance: [],
    family: [
      { relation: 'father', name: '周大军', situation: 'migrant', work_place: '浙江省宁波市' },
      { relation: 'mother', name: '陈小芳', situation: 'migrant', work_place: '广东省东莞市' },
    ],
    guardian: { type: 'grandparents' },
    guardianship_level: 'fair',
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  assert.ok(created.json.categories.includes('left_behind'))
  return created.json.id
}

test('a director sees an overdue child first; the supervisor drills in', { timeout: 120000 }, async () => {
  const dir = await newPage(browser, PHONE)
  await dir.goto(url('/login'))
  await submitLogin(dir, 'e2e.dir4')
  // the director's home is the worklist
  await dir.waitForURL(url('/worklist'))
  await dir.getByTestId('worklist-page').waitFor()

  late = await register(dir, NAMES.late, '0312')
  const fresh = await register(dir, NAMES.fresh, '0415')
  // the late child was last visited 120 days ago (a visit may be recorded late)
  const visit = await api(dir, 'POST', `/api/v1/children/${late}/visits`, {
    date: isoDay(-120),
    kind: 'regular',
    met: ['child', 'guardian'],
    findings: { living: { level: 'fair', note: '' } },
    problems: [],
    actions: [],
  })
  assert.equal(visit.status, 201, JSON.stringify(visit.json))

  await dir.reload()
  const overdue = dir.getByTestId('worklist-overdue')
  const lateRow = overdue.getByTestId('worklist-item').filter({ hasText: NAMES.late })
  await lateRow.waitFor()
  assert.equal(await lateRow.getAttribute('data-urgency'), 'overdue')
  assert.match(await lateRow.getByTestId('worklist-reason').textContent(), /定期走访/)
  assert.match(await lateRow.getByTestId('worklist-when').textContent(), /逾期 30 天/)
  const freshRow = dir.getByTestId('worklist-soon').getByTestId('worklist-item').filter({ hasText: NAMES.fresh })
  await freshRow.waitFor()
  assert.match(await freshRow.getByTestId('worklist-when').textContent(), /今天到期/)
  // overdue comes before due soon: the late child's row is above the fresh one's
  const all = await dir.getByTestId('worklist-item').evaluateAll((els) => els.map((e) => e.dataset.child))
  assert.ok(all.indexOf(String(late)) < all.indexOf(String(fresh)), 'overdue first')
  assert.equal(await overdue.locator('.group-title').evaluate((e) => getComputedStyle(e).color), 'rgb(245, 108, 108)')
  await fits(dir, 'worklist')
  await screenshot(dir, 'worklist-phone')
  await dir.getByTestId('notification-bell').waitFor()
  // a row opens the dossier
  await lateRow.click()
  await dir.waitForURL(url(`/children/${late}`))
  assert.deepEqual(unexpected(dir.problems), [])
  await dir.context().close()

  // the supervisor: compliance of the township, one row per director
  const sup = await newPage(browser, PHONE)
  await sup.goto(url('/login?redirect=/compliance'))
  await submitLogin(sup, 'e2e.sup')
  await sup.waitForURL(url('/compliance'))
  const row = sup.getByTestId('compliance-row').filter({ hasText: 'e2e.dir4' })
  await row.waitFor()
  assert.equal(await row.getAttribute('data-level'), 'director')
  assert.ok(Number(await row.getByTestId('compliance-overdue').textContent()) >= 1)
  assert.ok(Number(await row.getByTestId('compliance-children').textContent()) >= 2)
  await fits(sup, 'compliance')
  await screenshot(sup, 'compliance-phone')
  await row.click()
  await sup.waitForURL(/\/worklist\?director=\d+/)
  await sup.getByTestId('worklist-overdue').getByTestId('worklist-item').filter({ hasText: NAMES.late }).waitFor()
  await fits(sup, "a director's worklist")
  // and back up
  await sup.getByTestId('worklist-back').click()
  await sup.waitForURL(url('/compliance'))
  // another period, kept in the URL; the picker shows it
  await sup.goto(url('/compliance?from=2026-01-01&to=2026-01-31'))
  await sup.getByTestId('compliance-period').getByText('2026-01-01 – 2026-01-31').waitFor()
  const ends = sup.getByTestId('compliance-period').locator('input')
  assert.equal(await ends.nth(0).inputValue(), '2026-01-01')
  assert.equal(await ends.nth(1).inputValue(), '2026-01-31')
  await fits(sup, 'compliance with a period')
  // a period that ends before it starts is refused with the server's message
  await sup.goto(url('/compliance?from=2026-02-01&to=2026-01-01'))
  await sup.getByTestId('compliance-error').waitFor()
  assert.deepEqual(unexpected(sup.problems, [400, 401, 403, 404]), [])
  await sup.context().close()
})

async function lateWhen(page) {
  await page.goto(url('/worklist'))
  const row = page.getByTestId('worklist-overdue').getByTestId('worklist-item').filter({ hasText: NAMES.late })
  await row.waitFor()
  return row.getByTestId('worklist-when').textContent()
}

test("a county changes the visit schedule for its area; the director's due dates follow", { timeout: 120000 }, async () => {
  assert.ok(late, 'the first test registered the overdue child')
  const county = await newPage(browser, PHONE)
  await county.goto(url('/login?redirect=/schedule'))
  await submitLogin(county, 'e2e.sched')
  await county.waitForURL(/\/account\/totp/)
  await enrolTotp(county)
  await county.waitForURL(url('/schedule'))
  const rule = county.locator('[data-testid="schedule-rule"][data-key="category:left_behind"]')
  await rule.waitFor()
  assert.match(await rule.getByTestId('schedule-source').textContent(), /默认/)
  await rule.getByTestId('schedule-interval').locator('input').fill('30')
  await rule.getByTestId('schedule-save').click()
  await county.getByText('已保存').first().waitFor()
  await rule.getByTestId('schedule-source').getByText('本辖区调整').waitFor()
  await fits(county, 'schedule')
  await screenshot(county, 'schedule-phone')

  // the director: the child visited 120 days ago is now 90 days late (30-day rule)
  const dir = await newPage(browser, PHONE)
  await dir.goto(url('/login'))
  await submitLogin(dir, 'e2e.dir4')
  await dir.waitForURL(url('/worklist'))
  assert.match(await lateWhen(dir), /逾期 90 天/)

  // back to the inherited (default) rule
  await rule.getByTestId('schedule-inherit').click()
  await rule.getByTestId('schedule-source').getByText('默认').waitFor()
  assert.match(await lateWhen(dir), /逾期 30 天/)
  assert.deepEqual(unexpected(county.problems), [])
  assert.deepEqual(unexpected(dir.problems), [])
  await county.context().close()
  await dir.context().close()
})
