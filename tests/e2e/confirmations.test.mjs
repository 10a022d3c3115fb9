// Entrusted-guardianship confirmations (委托监护确认书, POLICY.md A3.3) on a 360-px phone: the
// director (e2e.dir1) opens the dossier of a child whose parents both work away and who is in
// the care of an entrusted guardian; the card says a confirmation is missing; the director
// records one (parties prefilled from the dossier, every Art. 22 check answered, the Art. 23
// promises ticked), downloads the filled PDF, uploads the signed scan from the phone, and the
// card says signed.
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

function idFor(birth8) {
  const seq = String(100 + Math.floor(Math.random() * 450) * 2 + 1).padStart(3, '0')
  const s = `500229${birth8}${seq}`
  return s + idCheck(s)
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

const tag = Math.random().toString(36).slice(2, 7)
const year = new Date().getFullYear() - 9
const CHILD = { name: `委托小林${tag}`, id: idFor(`${year}0312`), birth: `${year}-03-12` }
const GUARDIAN = { name: `林奶奶${tag}`, id: idFor('19580716'), phone: `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` }
const CHECKS = ['full_capacity', 'able_to_care', 'child_heard', 'sexual_abuse', 'maltreatment', 'abandonment', 'trafficking', 'violence', 'drugs', 'alcohol', 'gambling', 'neglect', 'other_unfit']
const POSITIVE = new Set(['full_capacity', 'able_to_care', 'child_heard'])
const PROMISES = ['weekly_contact', 'notify_school', 'notify_village', 'act_on_notice']
// the smallest JPEG header the server's magic-byte check accepts
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9])

test('a director records a confirmation, prints it and uploads the signed scan on a phone', { timeout: 150000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login?redirect=/children'))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, 'e2e.dir1')
  await page.waitForURL(url('/children'))
  const api = (method, path, body) =>
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
  const created = await api('POST', '/api/v1/children', {
    name: CHILD.name,
    id_number: CHILD.id,
    sex: 'male',
    birth_date: CHILD.birth,
    ethnicity: '汉族',
    rural_hukou: true,
    region: VILLAGE,
    address: '茶坪村四组',
    school_status: 'primary',
    boarding: false,
    health: 'healthy',
    serious_illness: false,
    assistance: [],
    family: [
      { relation: 'father', name: '林大树', situation: 'migrant', work_place: '广东省佛山市', phone: '13612345678' },
      { relation: 'mother', name: '张小梅', situation: 'migrant', work_place: '广东省佛山市' },
    ],
    guardian: { type: 'entrusted', name: GUARDIAN.name, relation: '祖母', phone: GUARDIAN.phone, address: '茶坪村四组8号' },
    guardianship_level: 'fair',
  })
  assert.equal(created.status, 201, JSON.stringify(created.json))
  const child = created.json

  // The dossier: a confirmation is required and missing.
  await page.goto(url(`/children/${child.id}`))
  const card = page.getByTestId('confirmations')
  await card.waitFor()
  await card.locator('[data-testid="confirmation-state"][data-state="missing"]').waitFor()
  await card.getByTestId('confirmation-warning').waitFor()
  await fits(page, 'dossier with the confirmation card')

  // Record one: the parties come from the dossier.
  await card.getByTestId('confirmation-new').click()
  await page.getByTestId('confirmation-form').waitFor()
  await page.waitForFunction((n) => document.querySelector('[data-testid="cf-guardian_name"]')?.value === n, GUARDIAN.name)
  assert.equal(await page.getByTestId('cf-father_name').inputValue(), '林大树')
  assert.equal(await page.getByTestId('cf-father_phone').inputValue(), '13612345678')
  assert.equal(await page.getByTestId('cf-guardian_phone').inputValue(), GUARDIAN.phone)
  await fits(page, 'confirmation form')
  // Nothing answered yet: the form says what is missing before anything is sent.
  await page.getByTestId('cf-submit').click()
  await page.getByTestId('confirmation-form-error').waitFor()
  await page.getByTestId('cf-guardian_id_number').fill(GUARDIAN.id)
  for (const k of CHECKS) await page.getByTestId(`cf-check-${k}-${POSITIVE.has(k) ? 'yes' : 'no'}`).click()
  for (const p of PROMISES) await page.getByTestId(`cf-promise-${p}`).click()
  await page.getByTestId('cf-submit').click()
  await page.waitForURL(url(`/children/${child.id}`))
  await card.locator('[data-testid="confirmation-state"][data-state="pending"]').waitFor()
  const item = card.getByTestId('confirmation-item').first()
  assert.match(await item.textContent(), new RegExp(GUARDIAN.name))
  await screenshot(page, 'confirmation-pending')

  // The filled form to print: a PDF.
  const href = await item.getByTestId('confirmation-pdf').getAttribute('href')
  const pdf = await page.evaluate(async (h) => {
    const r = await fetch(h)
    const b = new Uint8Array(await r.arrayBuffer())
    return { status: r.status, type: r.headers.get('Content-Type'), head: String.fromCharCode(...b.slice(0, 5)), size: b.length }
  }, href)
  assert.equal(pdf.status, 200)
  assert.equal(pdf.type, 'application/pdf')
  assert.equal(pdf.head, '%PDF-')
  assert.ok(pdf.size > 1000, `PDF of ${pdf.size} bytes`)

  // The signed scan from the phone.
  await item.getByTestId('confirmation-file').setInputFiles({ name: 'signed.jpg', mimeType: 'image/jpeg', buffer: JPEG })
  await card.locator('[data-testid="confirmation-state"][data-state="signed"]').waitFor()
  await card.getByTestId('confirmation-scan').first().waitFor()
  assert.equal(await card.getByTestId('confirmation-warning').count(), 0)
  await fits(page, 'dossier with a signed confirmation')
  await screenshot(page, 'confirmation-signed')

  const listed = (await api('GET', `/api/v1/children/${child.id}/confirmations`)).json
  assert.equal(listed.state, 'signed')
  assert.equal(listed.items[0].status, 'signed')
  assert.equal(listed.items[0].scan.mime, 'image/jpeg')
  assert.deepEqual(unexpected(page.problems), [])
})
