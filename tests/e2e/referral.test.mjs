// The aged-out list (五(三) 人社): an orphan turns 18, `guanai daily` archives the dossier and
// marks it for the employment referral, and the director finds the child under
// 年满18周岁待转介就业 on the children page of a phone, with the archive reason on the dossier.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { launch, newPage, url, submitLogin, unexpected, choose, PHONE } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

const ymd = (d) => d.toISOString().slice(0, 10)

test('an orphan who turns 18 appears on the aged-out list', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/login?redirect=%2Fchildren'))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, 'e2e.dir1')
  await page.waitForURL(url('/children'))
  const session = await (await page.request.get(url('/api/v1/session'))).json()

  // Shanghai dates: the child turns 18 tomorrow; the daily run is told tomorrow is today
  const now = new Date(Date.now() + 8 * 3600 * 1000)
  const tomorrow = new Date(now.getTime() + 24 * 3600 * 1000)
  const birth = new Date(Date.UTC(tomorrow.getUTCFullYear() - 18, tomorrow.getUTCMonth(), tomorrow.getUTCDate()))
  if (birth.getUTCDate() !== tomorrow.getUTCDate()) return // 29 February: no such birthday
  const name = `成年${Date.now() % 100000}`
  const res = await page.request.post(url('/api/v1/children'), {
    headers: { 'X-CSRF-Token': session.csrf_token },
    data: {
      name,
      no_hukou: true,
      no_hukou_reason: '未落户',
      sex: 'female',
      birth_date: ymd(birth),
      region: '500229212201',
      school_status: 'senior',
      health: 'healthy',
      guardian: { type: 'grandparents' },
      guardianship_level: 'fair',
      family: [
        { relation: 'father', name: `${name}父`, situation: 'dead' },
        { relation: 'mother', name: `${name}母`, situation: 'dead' },
      ],
    },
  })
  assert.equal(res.status(), 201)
  const child = await res.json()
  assert.ok(child.categories.includes('orphan_dispersed'))

  execFileSync(process.env.GA_E2E_BIN, ['daily', '--db', process.env.GA_E2E_DB, '--today', ymd(tomorrow)], {
    cwd: process.env.GA_E2E_DIR,
    stdio: 'pipe',
  })

  await page.reload()
  await page.getByTestId('children-filters').waitFor()
  await choose(page, 'cf-list', '年满18周岁待转介就业')
  await page.getByTestId('cf-name').fill(name)
  await page.getByTestId('cf-search').click()
  const row = page.getByTestId('child-row').filter({ hasText: name })
  await row.waitFor()
  await row.getByTestId('child-row-name').click()
  await page.getByTestId('child-archived').waitFor()
  assert.match(await page.getByTestId('child-archived').innerText(), /年满18周岁/)
  assert.deepEqual(unexpected(page.problems), [])
  await page.close()
})
