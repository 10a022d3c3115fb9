// Mandatory reports and the hotline (issue 6): a school's reporter (e2e.rep.school) reports an
// unknown child on a 360-px phone; the county police (e2e.rep.police) see the notification, find
// the case on the board and acknowledge it (through the API: the case page is another part's);
// the reporter then sees the status change but cannot open the case. The hotline operator
// (e2e.rep.hotline) logs an emergency call on a phone and opens a report and case from it.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, submitLogin, unexpected, pageWidth, PHONE, DESKTOP, choose } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const TAG = `${Date.now() % 100000}`

async function login(page, user, path) {
  await page.goto(url(`/login?redirect=${encodeURIComponent(path)}`))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, user)
  await page.waitForURL(url(path))
}

function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const s = await (await fetch('/api/v1/session')).json()
      const r = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
        body: body ? JSON.stringify(body) : undefined,
      })
      return { status: r.status, json: await r.json().catch(() => null) }
    },
    { method, path, body },
  )
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

test('a school reports an unknown child; the police acknowledge; the reporter sees only the status', { timeout: 180000 }, async () => {
  const rep = await newPage(browser, PHONE)
  await login(rep, 'e2e.rep.school', '/reports/new')
  await rep.getByTestId('report-form-page').waitFor()
  await rep.getByTestId('report-emergency').waitFor()
  await rep.getByTestId('situation-injury_violence').click()
  await rep.getByTestId('report-child-desc').fill(`约八岁男孩${TAG}`)
  await rep.getByTestId('report-sex-male').click()
  await rep.getByTestId('report-child-birth').fill('2018-03-01')
  await choose(rep, 'region-select-0', '鸡鸣乡')
  await choose(rep, 'region-select-1', '灯梁村村民委员会')
  await rep.getByTestId('urgency-immediate').click()
  await rep.getByTestId('report-place').fill('学校门口')
  await rep.getByTestId('report-narrative').fill(`孩子手臂多处淤青${TAG}`)
  await fits(rep, 'the report form')
  await rep.getByTestId('report-submit').click()
  await rep.getByTestId('report-done').waitFor()
  await fits(rep, 'the submitted report')
  const mine = await api(rep, 'GET', '/api/v1/reports')
  assert.equal(mine.status, 200)
  const report = mine.json.items[0]
  assert.equal(report.status, 'submitted')
  assert.equal(report.case_id, undefined, 'the reporter is not told the case')
  assert.equal(report.narrative, undefined)

  // the police: the bell, the report within the county, the board; acknowledge (API)
  const pol = await newPage(browser, DESKTOP)
  await login(pol, 'e2e.rep.police', '/cases')
  await pol.getByTestId('case-board-page').waitFor()
  await pol.getByTestId('notification-bell').click()
  await pol.locator('[data-testid="notification-item"][data-kind="report_received"]').first().waitFor()
  await pol.keyboard.press('Escape')
  const seen = await api(pol, 'GET', `/api/v1/reports/${report.id}`)
  assert.equal(seen.status, 200)
  assert.equal(seen.json.narrative, `孩子手臂多处淤青${TAG}`)
  assert.equal(seen.json.reporter.org, '城口县鸡鸣乡中心小学')
  const caseId = seen.json.case_id
  await pol.locator(`[data-testid="board-case-row"][data-case="${caseId}"]`).waitFor()
  const ack = await api(pol, 'POST', `/api/v1/cases/${caseId}/acknowledge`, { kind: 'accepted', note: '已受案' })
  assert.equal(ack.status, 200)
  assert.deepEqual(unexpected(pol.problems), [])
  await pol.context().close()

  // the reporter: the status changed; the case stays closed to it
  await rep.goto(url('/reports'))
  await rep.getByTestId('reports-page').waitFor()
  const row = rep.locator(`[data-testid="report-row"][data-id="${report.id}"]`)
  await row.locator('[data-testid="report-status"][data-status="police_accepted"]').waitFor()
  assert.equal(await row.getByTestId('report-open-case').count(), 0)
  assert.equal(await rep.getByTestId('menu-case-board').count(), 0)
  const denied = await api(rep, 'GET', `/api/v1/cases/${caseId}`)
  assert.equal(denied.status, 403)
  await fits(rep, 'the reports list')
  assert.deepEqual(unexpected(rep.problems), [])
  await rep.context().close()
})

test('the hotline logs an emergency call and opens a report and case from it', { timeout: 180000 }, async () => {
  const hot = await newPage(browser, PHONE)
  await login(hot, 'e2e.rep.hotline', '/hotline')
  await hot.getByTestId('hotline-page').waitFor()
  await hot.getByTestId('hotline-emergency').waitFor()
  await choose(hot, 'call-caller', '邻居')
  await hot.getByTestId('class-harm_lead').click()
  await hot.getByTestId('call-emergency').click()
  await hot.getByTestId('call-emergency-banner').waitFor()
  await hot.getByTestId('call-callback').fill('13900001234')
  await hot.getByTestId('call-matter').fill(`邻居听见孩子哭喊${TAG}`)
  await fits(hot, 'the hotline console')
  await hot.getByTestId('call-save').click()
  const first = hot.getByTestId('call-row').first()
  await first.locator('[data-testid="call-status"][data-status="open"]').waitFor()
  const callId = Number(await first.getAttribute('data-id'))
  await first.getByTestId('call-open-report').click()
  const dlg = hot.getByTestId('call-report-dialog')
  await dlg.waitFor()
  await choose(hot, 'call-report-situation', '疑似被遗弃或长期无人照料')
  await hot.getByTestId('call-report-desc').fill(`约六岁女孩${TAG}`)
  await hot.getByTestId('call-sex-female').click()
  await hot.getByTestId('call-report-birth').fill('2020-05-01')
  await choose(hot, 'region-select-0', '重庆市')
  await choose(hot, 'region-select-1', '城口县')
  await choose(hot, 'region-select-2', '鸡鸣乡')
  await choose(hot, 'region-select-3', '灯梁村村民委员会')
  await hot.getByTestId('call-report-submit').click()
  await hot
    .locator(`[data-testid="call-row"][data-id="${callId}"] [data-testid="call-status"][data-status="dispatched"]`)
    .waitFor()
  const call = await api(hot, 'GET', `/api/v1/hotline/calls/${callId}`)
  assert.equal(call.status, 200)
  assert.ok(call.json.case_id > 0)
  assert.equal(call.json.emergency, true)
  await fits(hot, 'the hotline console with a dispatched call')
  // one-door intake: the call's child referred to two departments at once
  const row = hot.locator(`[data-testid="call-row"][data-id="${callId}"]`)
  await row.getByTestId('call-dispatch').click()
  const dd = hot.getByTestId('call-dispatch-dialog')
  await dd.getByTestId('dispatch-row').first().waitFor()
  await dd.getByTestId('dispatch-note').first().fill(`家长咨询孩子入学${TAG}`)
  await dd.getByTestId('dispatch-add').click()
  await dd.getByTestId('dispatch-to').nth(1).click()
  await hot.locator('.el-select-dropdown__item:visible').filter({ hasText: '妇联' }).click()
  await dd.getByTestId('dispatch-note').nth(1).fill(`需要家庭教育指导${TAG}`)
  await fits(hot, 'the dispatch dialog')
  await dd.getByTestId('dispatch-send').click()
  await dd.waitFor({ state: 'hidden' })
  // three parts now (the case and two referrals); none answered yet
  await row.getByTestId('call-parts').filter({ hasText: '0/3' }).waitFor()
  await row.locator('[data-testid="call-status"][data-status="dispatched"]').waitFor()
  const sent = await api(hot, 'GET', `/api/v1/referrals?source=hotline&source_id=${callId}`)
  assert.deepEqual(sent.json.items.map((r) => r.to).sort(), ['education', 'women_fed'])
  assert.deepEqual(unexpected(hot.problems), [])
  await hot.context().close()
})
