// The offline phone app (issue 5) on a 360-px phone, as the village director e2e.dir4:
//  - after login the director's children are kept on the device and the service worker keeps
//    the app shell; with no network the app still starts, lists the children and opens a
//    dossier from the device; an edit made offline is queued (the header shows 1 waiting) and,
//    back online, reaches the server exactly once (version and history checked via the API);
//  - a conflict: the same dossier changed on the server (the supervisor e2e.sup) while the
//    director edited it offline is shown side by side on /sync and resolved by the director;
//  - logging out wipes the local copy (indexedDB.databases()), warning first when changes wait;
//  - a session ended elsewhere wipes it too and says how many unsent changes were lost.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, PHONE, PASSWORD } from './helpers.mjs'

const VILLAGE = '500229212205'
const DIRECTOR = 'e2e.dir4'
const TAG = `${Date.now() % 1e7}`
const NAME = `离线小云${TAG}`

let browser
let sup // the supervisor's API session: {req, csrf}
before(async () => {
  browser = await launch()
  const ctx = await browser.newContext()
  const r = await ctx.request.post(url('/api/v1/session'), { data: { username: 'e2e.sup', password: PASSWORD } })
  assert.equal(r.status(), 200, await r.text())
  sup = { req: ctx.request, csrf: (await r.json()).csrf_token }
})
after(async () => {
  await browser?.close()
})

async function supApi(method, path, body) {
  const r = await sup.req.fetch(url(path), {
    method,
    headers: { 'X-CSRF-Token': sup.csrf, 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: r.status(), json: await r.json().catch(() => null) }
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

function guanaiDatabases(page) {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).filter((n) => n.startsWith('guanai-')))
}

// Logs the director in on a fresh phone and waits until the service worker is active and the
// children are kept on the device.
async function directorPhone() {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login?redirect=/children'))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, DIRECTOR)
  await page.waitForURL(url('/children'))
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="offline-status"]')
    return el && el.dataset.syncedAt
  })
  return page
}

async function editAddress(page, id, address, more = {}) {
  await page.goto(url(`/children/${id}`)).catch(() => {})
  await page.getByTestId('child-edit').click()
  await page.getByTestId('child-form-page').waitFor()
  const input = page.getByTestId('f-address')
  try {
    await input.waitFor()
  } catch (e) {
    await screenshot(page, 'offline-form-failed')
    console.log('FORM TEXT', await page.getByTestId('child-form-page').textContent(), page.problems)
    throw e
  }
  await input.fill(address)
  for (const [testid, value] of Object.entries(more)) await page.getByTestId(testid).fill(value)
  await page.getByTestId('child-submit').click()
}

// The user menu is a dropdown that a second click closes (it may still be open after the
// warning was cancelled): open it until the logout item shows.
async function clickLogout(page) {
  const item = page.getByTestId('user-logout')
  for (let i = 0; i < 3 && !(await item.isVisible()); i++) {
    await page.getByTestId('user-menu').click()
    await item.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {})
  }
  await item.click()
}

let childId
// One director phone for the first three tests: the server limits logins per address (30 in
// 5 minutes) and the whole suite shares that budget.
let page

test('an edit made with no network is kept, shown waiting, and reaches the server once', { timeout: 180000 }, async () => {
  const made = await supApi('POST', '/api/v1/children', {
    name: NAME,
    sex: 'female',
    birth_date: '2016-04-05',
    ethnicity: '汉族',
    rural_hukou: true,
    region: VILLAGE,
    address: '一组',
    school_status: 'primary',
    boarding: false,
    health: 'healthy',
    serious_illness: false,
    assistance: [],
    no_hukou: true,
    no_hukou_reason: '超生未落户',
    guardian: { type: 'grandparents' },
    guardianship_level: 'fair',
  })
  assert.equal(made.status, 201, JSON.stringify(made.json))
  childId = made.json.id

  page = await directorPhone()
  // installable: Chromium finds the manifest, its icons and the service worker acceptable
  const cdp = await page.context().newCDPSession(page)
  const manifest = await cdp.send('Page.getAppManifest')
  assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors))
  // (a test browser is "in-incognito", which is the only objection allowed)
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors')
  assert.deepEqual(
    installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
    [],
    JSON.stringify(installabilityErrors),
  )
  await cdp.detach()
  const dbs = await guanaiDatabases(page)
  assert.equal(dbs.length, 1, `one local database: ${dbs}`)

  // No network: the app starts from the service worker and the device's copy.
  await page.context().setOffline(true)
  await page.reload()
  await page.getByTestId('offline-badge').waitFor()
  await page.getByTestId('children-offline').waitFor()
  const row = page.getByTestId('child-row').filter({ hasText: NAME })
  await row.waitFor()
  await fits(page, 'offline list')
  await row.getByTestId('child-row-name').click()
  await page.getByTestId('child-offline').waitFor()
  assert.equal(await page.getByTestId('child-name').textContent(), NAME)
  await screenshot(page, 'offline-dossier')
  // English too
  await page.getByTestId('lang-en').click()
  assert.equal((await page.getByTestId('offline-badge').textContent()).trim(), 'offline')
  assert.match(await page.getByTestId('child-offline').textContent(), /Offline: showing the copy kept on this device/)
  await page.getByTestId('lang-zh-CN').click()
  await page.getByTestId('offline-badge').getByText('离线').waitFor()

  await editAddress(page, childId, '离线改的二组')
  await page.getByTestId('child-page').waitFor()
  await page.getByTestId('child-pending').waitFor()
  const count = page.getByTestId('sync-count')
  await count.waitFor()
  assert.equal(await count.getAttribute('data-count'), '1')
  assert.match(await count.textContent(), /1/)
  await fits(page, 'offline dossier with a waiting change')
  const headerRight = await page.evaluate(() => {
    const h = document.querySelector('.header')
    return Math.max(h.scrollWidth, ...[...h.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right))
  })
  assert.ok(headerRight <= 360, `the header with the offline badge fits 360 px (is ${headerRight})`)
  await screenshot(page, 'offline-waiting')
  // the server has not seen it
  assert.equal((await supApi('GET', `/api/v1/children/${childId}`)).json.address, '一组')

  // Back online: sent in order, once.
  await page.context().setOffline(false)
  await page.getByTestId('offline-badge').waitFor({ state: 'detached' })
  await count.waitFor({ state: 'detached', timeout: 30000 })
  const now = await supApi('GET', `/api/v1/children/${childId}`)
  assert.equal(now.json.address, '离线改的二组')
  assert.equal(now.json.version, 2, 'applied exactly once')
  const hist = await supApi('GET', `/api/v1/children/${childId}/history`)
  assert.equal(hist.json.items.filter((h) => (h.changes || []).some((c) => c.field === 'address')).length, 1)
  assert.deepEqual(
    unexpected(page.problems).filter((p) => !/net::ERR_INTERNET_DISCONNECTED|network error|Failed to fetch/i.test(p)),
    [],
  )
})

test('a visit and a dossier edit made with no network both reach the server once', { timeout: 180000 }, async () => {
  const note = `离线走访记录${TAG}`
  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('child-name').waitFor()
  const before = await supApi('GET', `/api/v1/children/${childId}`)
  await page.context().setOffline(true)

  // the visit form works from the phone's copy of the dossier
  await page.goto(url(`/children/${childId}/visits/new`)).catch(() => {})
  await page.getByTestId('visit-form-page').waitFor()
  await page.getByTestId('visit-child').getByText(NAME).waitFor()
  await page.getByTestId('visit-living-fair').click()
  await page.getByTestId('visit-living-note').fill(note)
  await page.getByTestId('visit-save').click()
  await page.getByTestId('child-page').waitFor()
  // the dossier lists it as waiting
  await page.getByTestId('visit-pending').waitFor()
  // and a dossier edit, queued behind it
  await editAddress(page, childId, '离线走访后的七组')
  await page.getByTestId('child-pending').waitFor()
  const count = page.getByTestId('sync-count')
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-count"]')?.dataset.count === '2')
  await fits(page, 'offline dossier with a visit and an edit waiting')
  assert.equal((await supApi('GET', `/api/v1/children/${childId}/visits`)).json.items.length, 0)
  // the worklist too comes from the phone, saying so
  await page.goto(url('/worklist')).catch(() => {})
  await page.getByTestId('worklist-cached').waitFor()
  await fits(page, 'offline worklist')

  await page.context().setOffline(false)
  await count.waitFor({ state: 'detached', timeout: 30000 })
  const visits = (await supApi('GET', `/api/v1/children/${childId}/visits`)).json.items
  assert.equal(visits.length, 1, 'the visit is stored exactly once')
  const one = await supApi('GET', `/api/v1/visits/${visits[0].id}`)
  assert.equal(one.json.findings.living.note, note)
  const now = await supApi('GET', `/api/v1/children/${childId}`)
  assert.equal(now.json.address, '离线走访后的七组')
  assert.equal(now.json.version, before.json.version + 1, 'the edit applied exactly once')
  // the visit shows in the dossier once synced, no longer as waiting
  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('visit-row').waitFor()
  assert.equal(await page.getByTestId('visit-row').count(), 1)
  assert.equal(await page.getByTestId('visit-pending').count(), 0)
  assert.deepEqual(
    unexpected(page.problems).filter((p) => !/net::ERR_INTERNET_DISCONNECTED|network error|Failed to fetch/i.test(p)),
    [],
  )
})

test('a centre activity logged with no network reaches the server once', { timeout: 180000 }, async () => {
  // the village's children's centre (set up here when no other test did)
  let centre = await supApi('GET', `/api/v1/villages/${VILLAGE}/centre`)
  if (centre.status === 404) {
    centre = await supApi('PUT', `/api/v1/villages/${VILLAGE}/centre`, {
      name: `双坪儿童之家${TAG}`,
      address: '村委会',
      opening_hours: [{ days: [6], from: '09:00', to: '11:00' }],
      facilities: ['reading_corner'],
    })
  }
  assert.ok(centre.status === 200 || centre.status === 201, JSON.stringify(centre.json))
  const note = `离线读书会${TAG}`
  // opened once with a network, the page is kept on the phone
  await page.goto(url(`/centres/village/${VILLAGE}`))
  await page.getByTestId('centre-page').waitFor()
  await page.getByTestId('centre-title').getByText(centre.json.name).waitFor()
  await page.context().setOffline(true)
  await page.goto(url(`/centres/village/${VILLAGE}`)).catch(() => {})
  await page.getByTestId('centre-cached').waitFor()
  await page.getByTestId('centre-record').click()
  await page.getByTestId('activity-form').waitFor()
  await page.locator('[data-testid="activity-note-input"], [data-testid="activity-note-input"] textarea').last().fill(note)
  await page.getByTestId('activity-save').click()
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-count"]')?.dataset.count === '1')
  await fits(page, 'offline centre with an activity waiting')

  await page.context().setOffline(false)
  await page.getByTestId('sync-count').waitFor({ state: 'detached', timeout: 30000 })
  const acts = await supApi('GET', `/api/v1/centres/${centre.json.id}/activities?limit=50`)
  assert.equal(acts.json.items.filter((a) => a.note === note).length, 1, 'stored exactly once')
  await page.getByTestId('centre-page').getByText(note).waitFor()
  assert.deepEqual(
    unexpected(page.problems).filter((p) => !/net::ERR_INTERNET_DISCONNECTED|network error|Failed to fetch/i.test(p)),
    [],
  )
})

test('an entrusted-guardianship confirmation recorded with no network reaches the server once', { timeout: 180000 }, async () => {
  const CHECKS = ['full_capacity', 'able_to_care', 'child_heard', 'sexual_abuse', 'maltreatment', 'abandonment', 'trafficking', 'violence', 'drugs', 'alcohol', 'gambling', 'neglect', 'other_unfit']
  const POSITIVE = new Set(['full_capacity', 'able_to_care', 'child_heard'])
  const PROMISES = ['weekly_contact', 'notify_school', 'notify_village', 'act_on_notice']
  const guardian = `离线外婆${TAG}`
  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('confirmations').waitFor()
  await page.context().setOffline(true)
  await page.goto(url(`/children/${childId}/confirmations/new`)).catch(() => {})
  await page.getByTestId('confirmation-form').waitFor()
  await page.getByTestId('cf-mother_name').fill('离线母亲')
  await page.getByTestId('cf-guardian_name').fill(guardian)
  await page.getByTestId('cf-guardian_birth_date').fill('1960-03-01')
  await page.getByTestId('cf-guardian_phone').fill('13700001234')
  await page.getByTestId('cf-guardian_relation').fill('外婆')
  for (const k of CHECKS) await page.getByTestId(`cf-check-${k}-${POSITIVE.has(k) ? 'yes' : 'no'}`).click()
  for (const p of PROMISES) await page.getByTestId(`cf-promise-${p}`).click()
  await page.getByTestId('cf-submit').click()
  await page.waitForURL(url(`/children/${childId}`))
  await page.waitForFunction(() => document.querySelector('[data-testid="sync-count"]')?.dataset.count === '1')
  assert.equal((await supApi('GET', `/api/v1/children/${childId}/confirmations`)).json.items.length, 0)

  await page.context().setOffline(false)
  await page.getByTestId('sync-count').waitFor({ state: 'detached', timeout: 30000 })
  const list = await supApi('GET', `/api/v1/children/${childId}/confirmations`)
  assert.equal(list.json.items.length, 1, 'stored exactly once')
  assert.equal(list.json.items[0].status, 'pending')
  await page.getByTestId('confirmations').getByTestId('confirmation-item').first().waitFor()
  assert.deepEqual(
    unexpected(page.problems).filter((p) => !/net::ERR_INTERNET_DISCONNECTED|network error|Failed to fetch/i.test(p)),
    [],
  )
})

test('a conflict with a change made on the server is resolved side by side on /sync', { timeout: 180000 }, async () => {
  await page.goto(url(`/children/${childId}`))
  await page.getByTestId('child-name').waitFor()
  await page.context().setOffline(true)
  await editAddress(page, childId, '我的三组')
  await page.getByTestId('child-pending').waitFor()

  // meanwhile, on the server
  const cur = await supApi('GET', `/api/v1/children/${childId}`)
  const changed = await supApi('PATCH', `/api/v1/children/${childId}`, { address: '服务器四组', version: cur.json.version })
  assert.equal(changed.status, 200, JSON.stringify(changed.json))

  await page.context().setOffline(false)
  const status = page.getByTestId('offline-status')
  await page.waitForFunction(() => document.querySelector('[data-testid="offline-status"]')?.dataset.conflicts === '1', null, {
    timeout: 30000,
  })
  assert.equal(await status.getAttribute('data-waiting'), '0')
  await page.getByTestId('sync-count').click()
  await page.getByTestId('sync-page').waitFor()
  const entry = page.getByTestId('sync-entry').filter({ hasText: NAME })
  assert.equal(await entry.getAttribute('data-state'), 'conflict')
  const field = entry.locator('[data-testid="conflict-field"][data-field="address"]')
  assert.equal(await field.getByTestId('conflict-mine').textContent(), '我的三组')
  assert.equal(await field.getByTestId('conflict-server').textContent(), '服务器四组')
  await fits(page, 'sync page with a conflict')
  await screenshot(page, 'offline-conflict')
  // nothing was overwritten yet
  assert.equal((await supApi('GET', `/api/v1/children/${childId}`)).json.address, '服务器四组')

  await entry.getByTestId('conflict-keep').click()
  await page.getByTestId('sync-empty').waitFor({ timeout: 30000 })
  const now = await supApi('GET', `/api/v1/children/${childId}`)
  assert.equal(now.json.address, '我的三组')
  assert.equal(now.json.version, changed.json.version + 1)

  // Once more, and this time the director takes the server's value, explicitly.
  await page.context().setOffline(true)
  await editAddress(page, childId, '我的五组')
  await page.getByTestId('child-pending').waitFor()
  const again = await supApi('PATCH', `/api/v1/children/${childId}`, { address: '服务器六组', version: now.json.version })
  assert.equal(again.status, 200)
  await page.context().setOffline(false)
  await page.waitForFunction(() => document.querySelector('[data-testid="offline-status"]')?.dataset.conflicts === '1', null, {
    timeout: 30000,
  })
  await page.goto(url('/sync'))
  const e2 = page.getByTestId('sync-entry').filter({ hasText: NAME })
  await e2.getByTestId('conflict-take').click()
  await page.locator('.el-message-box').getByRole('button', { name: '放弃这项修改' }).click()
  await page.getByTestId('sync-empty').waitFor()
  const last = await supApi('GET', `/api/v1/children/${childId}`)
  assert.equal(last.json.address, '服务器六组')
  assert.equal(last.json.version, again.json.version, 'nothing more written')

  // A third time, field by field: the director keeps their address and takes the server's school.
  await page.context().setOffline(true)
  await editAddress(page, childId, '我的七组', { 'f-school-name': '我的小学' })
  await page.getByTestId('child-pending').waitFor()
  const third = await supApi('PATCH', `/api/v1/children/${childId}`, {
    address: '服务器八组',
    school_name: '服务器小学',
    version: last.json.version,
  })
  assert.equal(third.status, 200)
  await page.context().setOffline(false)
  await page.waitForFunction(() => document.querySelector('[data-testid="offline-status"]')?.dataset.conflicts === '1', null, {
    timeout: 30000,
  })
  await page.goto(url('/sync'))
  const e3 = page.getByTestId('sync-entry').filter({ hasText: NAME })
  assert.equal(await e3.locator('[data-testid="conflict-field"][data-field="school_name"] [data-testid="conflict-server"]').textContent(), '服务器小学')
  await e3.locator('[data-testid="conflict-field"][data-field="school_name"]').getByTestId('choose-server').click()
  await e3.getByTestId('conflict-merge').click()
  await page.getByTestId('sync-empty').waitFor({ timeout: 30000 })
  const merged = await supApi('GET', `/api/v1/children/${childId}`)
  assert.equal(merged.json.address, '我的七组')
  assert.equal(merged.json.school_name, '服务器小学')
  assert.equal(merged.json.version, third.json.version + 1)
})

test('logging out wipes the local copy, warning first when changes wait', { timeout: 120000 }, async () => {
  assert.equal((await guanaiDatabases(page)).length, 1)
  // with a change waiting: a warning first; cancelling keeps everything
  await page.context().setOffline(true)
  await editAddress(page, childId, '退出前没发出去')
  await page.getByTestId('child-pending').waitFor()
  await clickLogout(page)
  const box = page.locator('.el-message-box')
  await box.getByText('还有未提交的修改', { exact: true }).waitFor()
  await box.getByRole('button', { name: '取消' }).click()
  assert.equal((await guanaiDatabases(page)).length, 1)
  // back online it is sent; then a plain logout wipes
  await page.context().setOffline(false)
  await page.getByTestId('sync-count').waitFor({ state: 'detached', timeout: 30000 })
  assert.equal((await supApi('GET', `/api/v1/children/${childId}`)).json.address, '退出前没发出去')
  await clickLogout(page)
  await page.waitForURL(/\/login/)
  await page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => d.name.startsWith('guanai-')))
  assert.equal(await page.evaluate(() => localStorage.getItem('guanai.offline')), null)
  await page.context().close()
  page = null
})

test('a session ended elsewhere wipes the local copy and says what was lost', { timeout: 120000 }, async () => {
  const page = await directorPhone()
  const csrf = (await (await page.request.get(url('/api/v1/session'))).json()).csrf_token
  await page.context().setOffline(true)
  await editAddress(page, childId, '会丢失的修改')
  await page.getByTestId('child-pending').waitFor()
  // the session ends on the server while the phone is offline (as when an administrator ends
  // it; the request goes from the test, not through the phone's network)
  const d = await page.request.delete(url('/api/v1/session'), { headers: { 'X-CSRF-Token': csrf } })
  assert.ok(d.status() < 300, `end session: ${d.status()}`)
  await page.context().setOffline(false)
  const box = page.locator('.el-message-box')
  await box.getByText('登录已失效', { exact: true }).waitFor({ timeout: 30000 })
  assert.match(await box.textContent(), /1 项未提交的修改已丢失/)
  await page.waitForFunction(async () => !(await indexedDB.databases()).some((d) => d.name.startsWith('guanai-')))
  assert.notEqual((await supApi('GET', `/api/v1/children/${childId}`)).json.address, '会丢失的修改')
  await page.context().close()
})
