// Children's centres (儿童之家, POLICY.md A2.5, A3.6) on a 360-px phone: the director of
// 500229212205 (e2e.dir4) opens the centre from the menu, sets it up (or edits it when an
// earlier run did) and logs an activity with a photo through the quick form; the township's
// supervisor (e2e.sup) sees the centre in the list with the villages that still have none,
// opens it and sees the activity and its photo.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, PHONE } from './helpers.mjs'

const VILLAGE = '500229212205'
const TAG = String(Date.now() % 1e6)
const NAME = `幸福儿童之家${TAG}`
const NOTE = `读书会${TAG}：讲了防溺水`

// a 1×1 PNG: a real picture for the upload
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082',
  'hex',
)

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

// the text box of an Element Plus input, whether the test id sits on it or on its wrapper
function box(page, id) {
  const sel = `input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`
  return page.locator(sel).first()
}

async function openMenu(page, testid) {
  await page.getByTestId('hamburger').click()
  await page.getByTestId('drawer-menu').getByTestId(testid).click()
}

test('a director sets up the centre and logs an activity with a photo; the supervisor sees it', { timeout: 180000 }, async () => {
  const dir = await newPage(browser, PHONE)
  await dir.goto(url('/login'))
  await dir.getByTestId('login').waitFor()
  await submitLogin(dir, 'e2e.dir4')
  await dir.getByTestId('user').waitFor()
  await openMenu(dir, 'menu-centres')
  await dir.waitForURL(url(`/centres/village/${VILLAGE}`))
  await dir.getByTestId('centre-page').waitFor()

  // Set up (first run) or edit (the database already has it).
  const none = dir.getByTestId('centre-none')
  const card = dir.getByTestId('centre-card')
  await none.or(card).first().waitFor()
  if (await none.isVisible()) await dir.getByTestId('centre-setup').click()
  else await dir.getByTestId('centre-edit').click()
    await box(dir, 'centre-name').fill(NAME)
  await box(dir, 'centre-address').fill('村委会二楼')
  await dir.getByTestId('centre-hours-row').first().waitFor()
  const reading = dir.getByTestId('centre-facility-reading_corner')
  if (!(await reading.locator('input').first().isChecked())) await reading.click()
  await box(dir, 'centre-manager-name').fill('谭老师')
  await box(dir, 'centre-manager-phone').fill('13912345678')
  await fits(dir, 'centre form')
  await screenshot(dir, 'centre-form')
  await dir.getByTestId('centre-save').click()
  await dir.getByTestId('centre-title').filter({ hasText: NAME }).waitFor()
  assert.match(await dir.getByTestId('centre-hours').textContent(), /周一至周五 16:00-18:00|\d\d:\d\d/)
  assert.match(await dir.getByTestId('centre-manager').textContent(), /谭老师/)

  // The quick form: today by default, a kind, counts, a note and a photo.
  await dir.getByTestId('centre-record').click()
  const rec = dir
  await box(dir, 'activity-date').waitFor()
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  assert.equal(await box(dir, 'activity-date').inputValue(), today)
  assert.equal(await rec.getByTestId('activity-photos').getAttribute('accept'), 'image/*')
  assert.notEqual(await rec.getByTestId('activity-photos').getAttribute('capture'), null)
  await rec.getByTestId('activity-kind-select').click()
  await dir.locator('.el-select-dropdown__item:visible').getByText('安全教育', { exact: true }).click()
  await box(dir, 'activity-participants').fill('15')
  await box(dir, 'activity-children').fill('12')
  await box(dir, 'activity-note-input').fill(NOTE)
  await rec.getByTestId('activity-photos').setInputFiles({ name: '活动.png', mimeType: 'image/png', buffer: PNG })
  await fits(dir, 'activity form')
  await screenshot(dir, 'centre-activity-form')
  await rec.getByTestId('activity-save').click()
  const row = dir.getByTestId('activity-row').filter({ hasText: NOTE })
  await row.waitFor()
  assert.match(await row.getByTestId('activity-kind').textContent(), /安全教育/)
  assert.match(await row.textContent(), /15/)
  await row.getByTestId('activity-photos-toggle').click()
  await dir.waitForFunction(
    (note) => {
      const r = [...document.querySelectorAll('[data-testid="activity-row"]')].find((e) => e.textContent.includes(note))
      const i = r && r.querySelector('[data-testid="activity-photo"]')
      return i && i.complete && i.naturalWidth > 0
    },
    NOTE,
  )
  await fits(dir, 'centre page')
  await screenshot(dir, 'centre-director')
  assert.deepEqual(unexpected(dir.problems), [])

  // The supervisor: the township's centres and the villages without one.
  const sup = await newPage(browser, PHONE)
  await sup.goto(url('/login'))
  await sup.getByTestId('login').waitFor()
  await submitLogin(sup, 'e2e.sup')
  await sup.getByTestId('user').waitFor()
  await openMenu(sup, 'menu-centres')
  await sup.waitForURL(url('/centres'))
  await sup.getByTestId('centres-page').waitFor()
  const mine = sup.getByTestId('centre-row').filter({ hasText: NAME })
  await mine.waitFor()
  const without = sup.getByTestId('centres-without')
  await without.waitFor()
  assert.ok((await without.getByTestId('centre-without').count()) >= 1)
  assert.doesNotMatch(await without.textContent(), new RegExp(VILLAGE))
  await fits(sup, 'centre list')
  await screenshot(sup, 'centres-supervisor')
  await mine.getByTestId('centre-open').click()
  await sup.waitForURL(url(`/centres/village/${VILLAGE}`))
  const seen = sup.getByTestId('activity-row').filter({ hasText: NOTE })
  await seen.waitFor()
  await seen.getByTestId('activity-photos-toggle').click()
  await seen.getByTestId('activity-photo').first().waitFor()
  await fits(sup, 'centre page (supervisor)')
  assert.deepEqual(unexpected(sup.problems), [])
  await sup.context().close()
  await dir.context().close()
})
