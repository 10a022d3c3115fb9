// The whole chain of issue 6 in the browser: a school reports a child (the report opens a case);
// the police acknowledge it (受案); the protection institution acknowledges it (受理) and moves it
// on: emergency (the child safe with relatives), assessment (the server's 409 shown while no
// assessment is recorded; then the scored guardianship assessment form, for the case),
// assistance with a conference whose decision becomes a plan measure and a referral to education
// made from the case, which education accepts and finishes in its inbox; follow-up; the
// institution asks for closure and the county (its own account, TOTP enrolled here) approves it.
// The timeline shows every step; the reporter sees the report closed but cannot open the case;
// the pages fit a 360-px phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, unexpected, pageWidth, PHONE, DESKTOP } from './helpers.mjs'

const VILLAGE = '500229212201'
const NAME = `个案小雨${String(Date.now()).slice(-5)}`

let browser
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

/** fetch from the page with its session (CSRF from GET /api/v1/session) */
function apiOf(page) {
  return (method, path, body) =>
    page.evaluate(
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

/** fill an Element Plus input (its test id lands on the native input or textarea) */
async function fillIn(scope, testid, text) {
  await scope.getByTestId(testid).first().fill(text)
}

async function login(viewport, user, path) {
  const page = await newPage(browser, viewport)
  await page.goto(url(`/login?redirect=${encodeURIComponent(path)}`))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, user)
  return page
}

async function move(page, note) {
  await page.getByTestId('move-next').click()
  const dlg = page.getByTestId('move-dialog')
  await dlg.waitFor()
  await fillIn(dlg, 'move-note', note)
  await dlg.getByTestId('move-save').click()
}

async function stageIs(page, zh) {
  await page.getByTestId('case-stage').filter({ hasText: zh }).waitFor()
}

test('a school reports; police and the institution act, assess, plan, refer and close; the school sees only the status', { timeout: 300000 }, async () => {
  // a school reports the child (what it knows of her); the report opens a case
  const rep = await login(PHONE, 'e2e.rep.school', '/reports')
  await rep.waitForURL(url('/reports'))
  const reported = await apiOf(rep)('POST', '/api/v1/reports', {
    situation: 'abandoned',
    discovered_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    place: '学校门口',
    narrative: '孩子连续多日放学后无人接，说家里没有大人',
    urgency: 'urgent',
    child: { name: NAME, sex: 'female', birth_date: '2016-04-02', region: VILLAGE },
  })
  assert.equal(reported.status, 201, JSON.stringify(reported.json))
  const reportId = reported.json.id
  const casePath = `/cases/${reported.json.case_id}`

  const prot = await login(PHONE, 'e2e.case.prot', '/')
  await prot.waitForURL((u) => !u.pathname.startsWith('/login'))

  // the police acknowledge: 受案
  const police = await login(DESKTOP, 'e2e.case.police', casePath)
  await police.waitForURL(url(casePath))
  await police.getByTestId('case-page').waitFor()
  assert.match(await police.getByTestId('case-child').textContent(), new RegExp(NAME))
  await police.getByTestId('ack-accepted').click()
  await police.getByText('公安：受案').waitFor()
  // and tell the school what became of its report (the 3-day deadline)
  await police.getByTestId('police-feedback').click()
  await police.getByTestId('police-feedback-done').waitFor()
  assert.deepEqual(unexpected(police.problems), [])
  await police.context().close()

  // the protection institution, on a phone: 受理, then stage by stage
  await prot.goto(url(casePath))
  await prot.getByTestId('case-page').waitFor()
  await stageIs(prot, '受理')
  await fits(prot, 'case received')
  await prot.getByTestId('ack-protection').click()
  await prot.getByTestId('ack-protection').waitFor({ state: 'detached' })
  await move(prot, '已到现场核实')
  await stageIs(prot, '应急处置')
  // leaving emergency says where the child is safe
  await prot.getByTestId('move-next').click()
  const dlg = prot.getByTestId('move-dialog')
  await dlg.getByTestId('safety-with_relatives').click()
  await fillIn(dlg, 'move-note', '暂由姑姑照料')
  await dlg.getByTestId('move-save').click()
  await stageIs(prot, '评估')
  // no assessment yet: the server's 409 is shown in the dialog
  await move(prot, '准备帮扶')
  await prot.getByTestId('move-error').filter({ hasText: '尚未完成监护评估' }).waitFor()
  await prot.getByTestId('move-dialog').getByRole('button', { name: '取消' }).click()
  // the scored guardianship assessment, recorded for the case, back on the case's page
  await prot.getByTestId('case-assess-open').click()
  await prot.waitForURL(/\/assessments\/new\?case_id=\d+/)
  await prot.getByTestId('assessment-form').waitFor()
  const form = (await apiOf(prot)('GET', '/api/v1/assessment-form')).json
  for (const it of form.items) await prot.getByTestId(`score-${it.id}-${Math.min(2, it.max)}`).click()
  await prot.getByTestId('assess-save').click()
  await prot.waitForURL(url(casePath))
  await prot.getByTestId('case-assessment').waitFor()
  await prot.getByTestId('case-intervention').getByTestId('assessment-item').waitFor()
  await move(prot, '评估完成，进入帮扶')
  await stageIs(prot, '帮扶')

  // a conference whose decision becomes a measure of the plan
  await prot.getByTestId('conf-add').click()
  const conf = prot.getByTestId('conf-dialog')
  await conf.waitFor()
  await fillIn(conf, 'conf-name', '会商人赵六')
  await fillIn(conf, 'conf-minutes', '孩子情绪低落，需要心理疏导')
  await fillIn(conf, 'conf-decision-text', '每周一次心理辅导')
  await conf.getByTestId('conf-save').click()
  await conf.waitFor({ state: 'hidden' })
  const item = prot.getByTestId('plan-item').filter({ hasText: '每周一次心理辅导' })
  await item.waitFor()
  assert.match(await item.textContent(), /生活照料/)
  assert.match(await prot.getByTestId('conf-row').first().textContent(), /会商人赵六/)
  await fits(prot, 'case with plan')

  // a referral to education, made from the case
  const refs = prot.getByTestId('case-referrals')
  await refs.getByTestId('referral-open').click()
  const rd = prot.getByTestId('referral-dialog')
  await rd.getByTestId('referral-to').waitFor()
  await rd.getByTestId('referral-note').fill(`孩子需要寄宿安排${NAME}`)
  await rd.getByTestId('referral-send').click()
  await refs.getByTestId('referral-row').filter({ hasText: '寄宿' }).waitFor()

  // education answers it in its inbox
  const edu = await login(PHONE, 'e2e.ref.edu', '/referrals/inbox')
  await edu.waitForURL(url('/referrals/inbox'))
  const erow = edu.getByTestId('inbox-row').filter({ hasText: NAME })
  await erow.getByTestId('inbox-accept').click()
  await edu.getByTestId('answer-dialog').getByTestId('answer-send').click()
  await erow.getByTestId('inbox-done').click()
  await edu.getByTestId('answer-dialog').getByTestId('answer-text').fill('已安排在中心小学寄宿')
  await edu.getByTestId('answer-dialog').getByTestId('answer-send').click()
  await edu.getByTestId('inbox-filter-done').click()
  await edu.getByTestId('inbox-row').filter({ hasText: '已安排在中心小学寄宿' }).waitFor()
  assert.deepEqual(unexpected(edu.problems), [])
  await edu.context().close()
  await prot.reload()
  await prot.getByTestId('case-referrals').getByTestId('referral-outcome').filter({ hasText: '已安排在中心小学寄宿' }).waitFor()

  await move(prot, '计划已落实，转入跟踪')
  await stageIs(prot, '跟踪')

  // the institution asks for closure
  await prot.getByTestId('closure-request').click()
  const cl = prot.getByTestId('closure-dialog')
  await cl.waitFor()
  await fillIn(cl, 'closure-note', '帮扶目标已达成')
  await cl.getByTestId('closure-save').click()
  await prot.getByTestId('closure-pending').waitFor()
  await screenshot(prot, 'case-closure-requested-phone')
  await fits(prot, 'case closure requested')
  assert.deepEqual(unexpected(prot.problems, [409]), []) // the 409 shown above

  // the county approves (its second factor enrolled at first login)
  const county = await login(PHONE, 'e2e.case.county', casePath)
  await county.waitForURL(/\/account\/totp/)
  await enrolTotp(county)
  await county.goto(url(casePath))
  await county.getByTestId('closure-approve').click()
  const ap = county.getByTestId('move-dialog')
  await ap.waitFor()
  await fillIn(ap, 'move-note', '同意结案')
  await ap.getByTestId('move-save').click()
  await stageIs(county, '结案')
  await county.getByTestId('case-reopen').waitFor()

  // the timeline holds every step
  const kinds = await county.getByTestId('event-kind').allTextContents()
  const want = [
    '立案受理', '受理', '向报告单位反馈', '受理', '阶段推进', '阶段推进', '评估结论', '阶段推进', '个案会商', '新增帮扶措施',
    '转介', '转介答复', '转介答复', '阶段推进', '申请结案', '阶段推进',
  ]
  assert.deepEqual(kinds, want)
  const timeline = await county.getByTestId('case-timeline').textContent()
  assert.match(timeline, /暂由姑姑照料/)
  assert.match(timeline, /随亲属/)
  assert.match(timeline, /同意结案/)
  await fits(county, 'closed case')
  await screenshot(county, 'case-closed-phone')
  assert.deepEqual(unexpected(county.problems), [])
  await county.context().close()

  // the school sees its report closed, and nothing of the case
  await rep.goto(url('/reports'))
  const row = rep.locator(`[data-testid="report-row"][data-id="${reportId}"]`)
  await row.locator('[data-testid="report-status"][data-status="closed"]').waitFor()
  assert.equal(await row.getByTestId('report-open-case').count(), 0)
  const denied = await apiOf(rep)('GET', `/api/v1${casePath}`)
  assert.equal(denied.status, 403)
  const mine = await apiOf(rep)('GET', `/api/v1/reports/${reportId}`)
  assert.equal(mine.json.narrative, undefined)
  assert.ok(mine.json.feedback_at, 'the police feedback is shown to the school')
  await fits(rep, 'reports')
  assert.deepEqual(unexpected(rep.problems), [])
  await rep.context().close()
})
