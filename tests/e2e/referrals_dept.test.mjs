// Referrals between departments (服务转介, issue 6): a child director (e2e.dir1) refers a child
// to education from the dossier; education (e2e.ref.edu) finds it in its inbox on a 360-px
// phone, sees the child's name masked, accepts it and finishes it with an outcome; the director
// then reads the answer on the dossier. (referral.test.mjs is the aged-out employment list.)
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, PHONE, DESKTOP, idCheck, choose } from './helpers.mjs'

const VILLAGE = '500229212201'
const TOKEN = String(Date.now() % 1e8)

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

const year = new Date().getFullYear() - 9
const CHILD = { name: `转介小明${TOKEN}`, id: boyId(`${year}0311`), birth: `${year}-03-11` }
const NOTE = `需要送教上门 ${TOKEN}`
const OUTCOME = `每周两次送教 ${TOKEN}`

test('a director refers a child to education; education answers in its inbox; the dossier shows it', { timeout: 150000 }, async () => {
  const dir = await newPage(browser, DESKTOP)
  await dir.goto(url('/login?redirect=/children'))
  await dir.getByTestId('login').waitFor()
  await submitLogin(dir, 'e2e.dir1')
  await dir.waitForURL(url('/children'))
  const created = await dir.evaluate(async (body) => {
    const s = await (await fetch('/api/v1/session')).json()
    const r = await fetch('/api/v1/children', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: JSON.stringify(body),
    })
    return { status: r.status, json: await r.json() }
  }, {
    name: CHILD.name,
    id_number: CHILD.id,
    sex: 'male',
    birth_date: CHILD.birth,
    ethnicity: '汉族',
    rural_hukou: true,
    region: VILLAGE,
    address: '茶坪村三组',
    school_status: 'primary',
    boarding: false,
    health: 'healthy',
    serious_illness: false,
    assistance: [],
    family: [
      { relation: 'father', name: '周大军', situation: 'migrant', work_place: '广东省东莞市' },
      { relation: 'mother', name: '陈小芳', situation: 'migrant', work_place: '浙江省宁波市' },
    ],
    guardian: { type: 'grandparents' },
    guardianship_level: 'fair',
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const childId = created.json.id

  // The dossier's referrals card: refer to education, 送教上门, the due date filled in.
  await dir.goto(url(`/children/${childId}`))
  const card = dir.getByTestId('child-referrals')
  await card.waitFor()
  await card.getByTestId('referral-none').waitFor()
  await card.getByTestId('referral-open').click()
  const dialog = dir.getByTestId('referral-dialog')
  await dialog.getByTestId('referral-to').waitFor()
  await choose(dir, 'referral-type', '送教上门')
  const due = await dialog.getByTestId('referral-due').inputValue()
  assert.match(due, /^\d{4}-\d{2}-\d{2}$/)
  await dialog.getByTestId('referral-note').fill(NOTE)
  await dialog.getByTestId('referral-send').click()
  const row = card.getByTestId('referral-row').filter({ hasText: NOTE })
  await row.waitFor()
  assert.equal(await row.getAttribute('data-status'), 'sent')
  assert.match(await row.textContent(), /教育/)
  await screenshot(dir, 'referral-sent')

  // Education, on a phone: the inbox, the name masked, accept then finish.
  const edu = await newPage(browser, PHONE)
  await edu.goto(url('/login?redirect=/referrals/inbox'))
  await edu.getByTestId('login').waitFor()
  await submitLogin(edu, 'e2e.ref.edu')
  await edu.waitForURL(url('/referrals/inbox'))
  await edu.getByTestId('referral-inbox').waitFor()
  const item = edu.getByTestId('inbox-row').filter({ hasText: NOTE })
  await item.waitFor()
  const shown = await item.getByTestId('inbox-child').textContent()
  assert.ok(shown.startsWith('转') && shown.includes('*'), `masked: ${shown}`)
  assert.ok(!shown.includes(TOKEN))
  await fits(edu, 'inbox')
  await item.getByTestId('inbox-accept').click()
  await edu.getByTestId('answer-dialog').getByTestId('answer-send').click()
  await item.getByTestId('inbox-done').waitFor()
  await item.getByTestId('inbox-done').click()
  await edu.getByTestId('answer-dialog').getByTestId('answer-text').fill(OUTCOME)
  await fits(edu, 'answer dialog')
  await edu.getByTestId('answer-dialog').getByTestId('answer-send').click()
  await item.waitFor({ state: 'detached' })
  await edu.getByTestId('inbox-filter-done').click()
  await edu.getByTestId('inbox-row').filter({ hasText: OUTCOME }).waitFor()
  await screenshot(edu, 'referral-inbox-phone')
  // the department has no dossier to open and no board
  assert.equal(await edu.getByTestId('menu-children').count(), 0)
  assert.deepEqual(unexpected(edu.problems), [])

  // The director sees the answer on the dossier.
  await dir.reload()
  const done = dir.getByTestId('child-referrals').getByTestId('referral-row').filter({ hasText: NOTE })
  await done.waitFor()
  assert.equal(await done.getAttribute('data-status'), 'done')
  assert.match(await done.getByTestId('referral-outcome').textContent(), new RegExp(OUTCOME))
  assert.deepEqual(unexpected(dir.problems), [])
})

test('the dossier with its referrals fits a phone', { timeout: 60000 }, async () => {
  const dir = await newPage(browser, PHONE)
  await dir.goto(url('/login?redirect=/children'))
  await dir.getByTestId('login').waitFor()
  await submitLogin(dir, 'e2e.dir1')
  await dir.waitForURL(url('/children'))
  const ids = await dir.evaluate(async (name) => {
    const r = await fetch(`/api/v1/children?name=${encodeURIComponent(name)}`)
    return (await r.json()).items.map((c) => c.id)
  }, CHILD.name)
  assert.equal(ids.length, 1)
  await dir.goto(url(`/children/${ids[0]}`))
  await dir.getByTestId('child-referrals').getByTestId('referral-row').first().waitFor()
  await fits(dir, 'dossier with referrals')
  await dir.getByTestId('referral-open').click()
  await dir.getByTestId('referral-dialog').getByTestId('referral-to').waitFor()
  await fits(dir, 'refer dialog')
  await screenshot(dir, 'referral-dialog-phone')
})

test('the police register a missing parent on the dossier; justice reports a prisoner\'s child on a phone', { timeout: 120000 }, async () => {
  // The police open the dossier of the child of the first test and register the mother missing.
  const pol = await newPage(browser, PHONE)
  await pol.goto(url('/login?redirect=/children'))
  await pol.getByTestId('login').waitFor()
  await submitLogin(pol, 'e2e.ref.police')
  await pol.waitForURL(url('/children'))
  const ids = await pol.evaluate(async (name) => {
    const r = await fetch(`/api/v1/children?name=${encodeURIComponent(name)}`)
    return (await r.json()).items.map((c) => c.id)
  }, CHILD.name)
  assert.equal(ids.length, 1)
  await pol.goto(url(`/children/${ids[0]}`))
  await pol.getByTestId('missing-parent-open').click()
  const md = pol.getByTestId('missing-dialog')
  await md.getByText('母亲').click()
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  await md.getByTestId('missing-accepted').fill(today)
  await fits(pol, 'missing-parent dialog')
  await md.getByTestId('missing-send').click()
  await md.waitFor({ state: 'hidden' })
  const mother = await pol.evaluate(async (id) => {
    const c = await (await fetch(`/api/v1/children/${id}`)).json()
    return c.family.find((m) => m.relation === 'mother')
  }, ids[0])
  assert.equal(mother.situation, 'missing')
  assert.equal(mother.police_accepted, today)
  assert.deepEqual(unexpected(pol.problems), [])

  // Justice reports a father in prison with one child not yet registered, in 灯梁村.
  const jus = await newPage(browser, PHONE)
  await jus.goto(url('/login?redirect=/notices/justice'))
  await jus.getByTestId('login').waitFor()
  await submitLogin(jus, 'e2e.ref.justice')
  await jus.waitForURL(url('/notices/justice'))
  await jus.getByTestId('justice-notice').waitFor()
  const kidYear = new Date().getFullYear() - 7
  const kid = { name: `司法通报${TOKEN}`, id: boyId(`${kidYear}0815`), birth: `${kidYear}-08-15` }
  await jus.getByTestId('justice-parent').fill('赵某某')
  await jus.getByTestId('justice-since').fill(today)
  await jus.getByTestId('justice-child-name').fill(kid.name)
  await jus.getByTestId('justice-child-id').fill(kid.id)
  await jus.getByTestId('justice-child-birth').fill(kid.birth)
  await choose(jus, 'region-select-0', '鸡鸣乡')
  await choose(jus, 'region-select-1', '灯梁村村民委员会')
  await fits(jus, 'justice notice form')
  await jus.getByTestId('justice-send').click()
  await jus.getByTestId('justice-result').getByText('已新建档案').waitFor()
  await screenshot(jus, 'justice-notice-phone')
  assert.deepEqual(unexpected(jus.problems), [])

  // The village's director finds the new dossier with the father in prison.
  const dir2 = await newPage(browser, DESKTOP)
  await dir2.goto(url('/login?redirect=/children'))
  await dir2.getByTestId('login').waitFor()
  await submitLogin(dir2, 'e2e.dir2')
  await dir2.waitForURL(url('/children'))
  const found = await dir2.evaluate(async (name) => {
    const r = await (await fetch(`/api/v1/children?name=${encodeURIComponent(name)}`)).json()
    if (r.items.length !== 1) return null
    const c = await (await fetch(`/api/v1/children/${r.items[0].id}`)).json()
    return c.family.find((m) => m.relation === 'father')
  }, kid.name)
  assert.ok(found, 'the new dossier is in 灯梁村')
  assert.equal(found.situation, 'prison')
})
