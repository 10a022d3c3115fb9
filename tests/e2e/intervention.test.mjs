// Guardianship intervention (issue 6; POLICY.md P1.1, A1.1, Art. 92/93 of the Minors Protection
// Law) in the browser: county civil affairs (e2e.iv.civil) registers the county's protection
// institution; the protection institution (e2e.iv.prot), on a 360-px phone, places a child in
// temporary guardianship with Art. 92 reasons; ending it by return home is refused without an
// assessment; it records a guardianship assessment finding the guardian able (live total and
// outcome on the form); and ends the placement by returning the child home. The child is
// registered by the village director (e2e.dir1) through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, enrolTotp, unexpected, pageWidth, choose, PHONE, idCheck } from './helpers.mjs'

const VILLAGE = '500229212201'
const tag = Math.random().toString(36).slice(2, 7)
const INSTITUTION = `城口县未成年人救助保护中心${tag}`

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

async function registerChild() {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login?redirect=/children'))
  await submitLogin(page, 'e2e.dir1')
  await page.waitForURL(url('/children'))
  const year = new Date().getFullYear() - 8
  const seq = String(100 + Math.floor(Math.random() * 450) * 2 + 1).padStart(3, '0')
  const first = `500229${year}0611${seq}`
  const created = await apiOf(page)('POST', '/api/v1/children', {
    name: `临护小周${tag}`,
    id_number: first + idCheck(first),
    sex: 'male',
    birth_date: `${year}-06-11`,
    ethnicity: '汉族',
    rural_hukou: true,
    region: VILLAGE,
    address: '茶坪村二组',
    school_status: 'primary',
    boarding: false,
    health: 'healthy',
    serious_illness: false,
    assistance: [],
    family: [
      { relation: 'father', name: '周大山', situation: 'migrant', work_place: '浙江省宁波市' },
      { relation: 'mother', name: '王小芳', situation: 'home' },
    ],
    guardian: { type: 'parents' },
    guardianship_level: 'fair',
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  await page.close()
  return created.json.id
}

test('county registers an institution; protection places, assesses and returns a child home on a phone', { timeout: 240000 }, async () => {
  const childId = await registerChild()

  // County civil affairs registers the protection institution.
  const county = await newPage(browser, PHONE)
  await county.goto(url('/login?redirect=/institutions'))
  await submitLogin(county, 'e2e.iv.civil')
  await county.waitForURL(/\/account\/totp/)
  await enrolTotp(county)
  await county.waitForURL(url('/institutions'))
  await county.getByTestId('institutions-page').waitFor()
  await county.getByTestId('institution-new').click()
  const dlg = county.getByTestId('institution-dialog')
  await dlg.getByTestId('institution-name-input').fill(INSTITUTION)
  await dlg.getByTestId('institution-transformed').click()
  await dlg.getByTestId('institution-capacity').locator('input').fill('12')
  await dlg.getByTestId('institution-save').click()
  const row = county.getByTestId('institution-row').filter({ hasText: INSTITUTION })
  await row.waitFor()
  assert.match(await row.getByTestId('institution-occupancy').textContent(), /在院 0 \/ 床位 12/)
  await fits(county, 'institutions list')
  await screenshot(county, 'institutions-phone')
  assert.deepEqual(unexpected(county.problems), [])
  await county.close()

  // The protection institution places the child in temporary guardianship.
  const prot = await newPage(browser, PHONE)
  await prot.goto(url(`/login?redirect=/children/${childId}`))
  await submitLogin(prot, 'e2e.iv.prot')
  await prot.waitForURL(url(`/children/${childId}`))
  const card = prot.getByTestId('intervention')
  await card.waitFor()
  await card.getByTestId('placement-new').click()
  const add = prot.getByTestId('placement-dialog')
  await add.getByTestId('placement-reasons').waitFor()
  await add.getByTestId('reason-guardian_refuses').click()
  await add.getByTestId('reason-serious_harm').click()
  await choose(prot, 'placement-institution', `${INSTITUTION}（在院 0 / 床位 12）`)
  await fits(prot, 'placement dialog')
  await add.getByTestId('placement-save').click()
  const item = card.locator('[data-testid="placement-item"][data-status="active"]')
  await item.waitFor()
  assert.match(await item.textContent(), /临时监护/)
  assert.match(await item.textContent(), /无人照料/)
  await fits(prot, 'dossier with a placement')
  await screenshot(prot, 'placement-active')

  // Returning home is not offered without an assessment, and the server refuses it too.
  await item.getByTestId('placement-end').click()
  const end = prot.getByTestId('end-dialog')
  await end.getByTestId('end-need-assessment').waitFor()
  await end.getByTestId('end-save').click()
  await end.getByTestId('end-error').waitFor()
  assert.match(await end.getByTestId('end-error').textContent(), /第九十三条/)
  await prot.keyboard.press('Escape')
  await end.waitFor({ state: 'hidden' })

  // The assessment: every item at its best; the total and outcome show as one scores.
  await card.getByTestId('assessment-new').click()
  await prot.waitForURL(url(`/children/${childId}/assessments/new`))
  await prot.getByTestId('assessment-form').waitFor()
  const form = (await apiOf(prot)('GET', '/api/v1/assessment-form')).json
  for (const it of form.items) await prot.getByTestId(`score-${it.id}-${it.max}`).click()
  await prot.locator('[data-testid="assess-result"][data-outcome="good"]').waitFor()
  assert.match(await prot.getByTestId('assess-result').textContent(), /31 \/ 31/)
  await prot.getByTestId('assess-preference').fill('想回家和爸爸妈妈住')
  await fits(prot, 'assessment form')
  await screenshot(prot, 'assessment-form')
  await prot.getByTestId('assess-save').click()
  await prot.waitForURL(url(`/children/${childId}`))
  await card.locator('[data-testid="assessment-outcome"][data-outcome="good"]').waitFor()

  // Now the child goes home with that assessment.
  await card.locator('[data-testid="placement-item"][data-status="active"]').getByTestId('placement-end').click()
  await end.getByTestId('end-assessment').waitFor()
  await end.getByTestId('end-save').click()
  await card.locator('[data-testid="placement-item"][data-status="ended"]').waitFor()
  assert.match(await card.locator('[data-testid="placement-item"][data-status="ended"]').textContent(), /经评估送回监护人/)
  await fits(prot, 'dossier with an ended placement')
  await screenshot(prot, 'placement-ended')

  const listed = (await apiOf(prot)('GET', `/api/v1/children/${childId}/placements`)).json
  assert.equal(listed.items[0].status, 'ended')
  assert.equal(listed.items[0].end_reason, 'returned_home')
  assert.ok(listed.items[0].end_assessment_id > 0)
  assert.deepEqual(unexpected(prot.problems, [401, 403, 404, 409]), [])
  await prot.close()
})
