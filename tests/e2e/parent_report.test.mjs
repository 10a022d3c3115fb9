// The parents' own report (外出务工父母报备, POLICY.md P3.1): a migrant father fills the village's
// public form on a 360-px phone without logging in; the village's director (e2e.dir1) sees it in
// the inbox, picks the child registered through the API in this test and confirms it; the
// dossier then shows the father working away and the child as left-behind. The director's area
// page offers the printable QR code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, PHONE, idCheck } from './helpers.mjs'

const VILLAGE = '500229212201'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

function boyId(birth) {
  const seq = String(100 + Math.floor(Math.random() * 450) * 2 + 1).padStart(3, '0')
  const s = `500229${birth}${seq}`
  return s + idCheck(s)
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

const year = new Date().getFullYear() - 8
const CHILD = { name: '报备小华', id: boyId(`${year}0520`), birth: `${year}-05-20` }
const PHONE_NO = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`

test('a parent reports on a phone without login; the director confirms it onto the dossier', { timeout: 120000 }, async () => {
  // The director's browser: logged in on the phone, a child registered through the API.
  const dir = await newPage(browser, PHONE)
  await dir.goto(url('/login?redirect=/parent-reports'))
  await dir.getByTestId('login').waitFor()
  await submitLogin(dir, 'e2e.dir1')
  await dir.waitForURL(url('/parent-reports'))
  await dir.getByTestId('parent-reports-page').waitFor()
  const api = (method, path, body) =>
    dir.evaluate(
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
  const created = await api('POST', '/api/v1/children', {
    name: CHILD.name,
    id_number: CHILD.id,
    sex: 'male',
    birth_date: CHILD.birth,
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
      { relation: 'father', name: '周大军', situation: 'home' },
      { relation: 'mother', name: '陈小芳', situation: 'migrant', work_place: '浙江省宁波市' },
    ],
    guardian: { type: 'parents' },
    guardianship_level: 'fair',
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const child = created.json
  assert.ok(!child.categories.includes('left_behind'))

  // The parent: a phone, no session.
  const parent = await newPage(browser, PHONE)
  await parent.goto(url(`/report/${VILLAGE}`))
  await parent.getByTestId('report-form-page').waitFor()
  await parent.getByTestId('report-village').filter({ hasText: /\S/ }).waitFor()
  // English is one tap away, and back.
  await parent.getByTestId('lang-en').click()
  await parent.getByText("Migrant parent's report").first().waitFor()
  await parent.getByTestId('lang-zh-CN').click()
  await parent.getByText('外出务工父母报备').first().waitFor()
  await fits(parent, 'report form')
  // Required fields are asked for before anything is sent.
  await parent.getByTestId('rf-submit').click()
  await parent.getByText('请填写此项').first().waitFor()
  await parent.getByTestId('rf-child-name').fill(CHILD.name)
  await parent.getByTestId('rf-father').click()
  await parent.getByTestId('rf-parent-name').fill('周大军')
  await parent.getByTestId('rf-phone').fill(PHONE_NO)
  await parent.getByTestId('rf-work-place').fill('广东省东莞市')
  await parent.getByTestId('rf-carer-name').fill('周奶奶')
  await parent.getByTestId('rf-carer-relation').fill('祖母')
  await parent.getByTestId('rf-submit').click()
  await parent.getByTestId('report-sent').waitFor()
  await fits(parent, 'report sent')
  await screenshot(parent, 'parent-report-sent')
  assert.deepEqual(unexpected(parent.problems), [])

  // The director's inbox (phone too).
  await dir.reload()
  await dir.getByTestId('parent-reports-page').waitFor()
  const row = dir.getByTestId('pr-row').filter({ hasText: CHILD.name })
  await row.waitFor()
  assert.match(await row.textContent(), /广东省东莞市/)
  await fits(dir, 'inbox')
  await row.getByTestId('pr-confirm').click()
  const result = dir.getByTestId('pr-result').filter({ hasText: CHILD.name })
  await result.waitFor()
  await result.click()
  await dir.getByTestId('pr-do-confirm').click()
  await dir.getByTestId('pr-row').filter({ hasText: CHILD.name }).waitFor({ state: 'detached' })
  await dir.getByTestId('pr-status-confirmed').click()
  await dir.getByTestId('pr-row').filter({ hasText: CHILD.name }).getByTestId('pr-child-link').waitFor()
  await screenshot(dir, 'parent-report-inbox')

  // The dossier took it: the father works away, the child is left behind.
  const after = (await api('GET', `/api/v1/children/${child.id}`)).json
  const father = after.family.find((m) => m.relation === 'father')
  assert.equal(father.situation, 'migrant')
  assert.equal(father.work_place, '广东省东莞市')
  assert.ok(after.categories.includes('left_behind'), JSON.stringify(after.categories))

  // The area page offers the QR code of the form.
  await dir.goto(url(`/places/${VILLAGE}`))
  await dir.getByTestId('report-qr-button').click()
  const img = dir.getByTestId('qr-img')
  await img.waitFor()
  await dir.waitForFunction(() => {
    const i = document.querySelector('[data-testid="qr-img"]')
    return i && i.complete && i.naturalWidth > 0
  })
  assert.match(await dir.getByTestId('qr-link').textContent(), new RegExp(`/report/${VILLAGE}$`))
  await fits(dir, 'QR dialog')
  assert.deepEqual(unexpected(dir.problems), [])
  await parent.context().close()
  await dir.context().close()
})
