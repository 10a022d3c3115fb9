// Ledger import (信息台账导入): a director on a 360-px phone opens the import page from the
// children list, gets the CSV template, uploads a ledger with one good and one bad row (the dry
// run lists the bad row with its column, nothing is written), then a file with the good row only
// (dry run fine -> import) and finds the child in the list. A wrong file type is refused
// clearly; on a desktop the problems are a table.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { launch, newPage, url, screenshot, submitLogin, unexpected, pageWidth, DESKTOP, PHONE, idCheck } from './helpers.mjs'

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

// GB 11643-1999: weights on digits 1–17, sum mod 11 -> check character.

const VILLAGE = '500229212201'
const year = new Date().getFullYear() - 8
const birth = `${year}0612`
// Even sequence digit: a girl; odd: a boy.
const seq = (odd) => String(100 + Math.floor(Math.random() * 400) * 2 + (odd ? 1 : 0)).padStart(3, '0')
const goodFirst = `500229${birth}${seq(false)}`
const GOOD = { name: '导入小红', id: goodFirst + idCheck(goodFirst), sex: '女' }
const badFirst = `500229${birth}${seq(true)}`
const badCheck = idCheck(badFirst)
const BAD = { name: '导入小明', id: badFirst + (badCheck === '0' ? '1' : '0'), sex: '男' }

// The required columns of docs/ledger.md, plus 民族.
const HEADINGS = ['姓名', '性别', '民族', '公民身份号码', '出生日期', '现居住地代码', '就学情况', '身体情况', '实际监护人', '监护类型']
const row = (c) => [c.name, c.sex, '汉族', c.id, `${year}-06-12`, VILLAGE, '小学', '健康', '父母', '较好'].join(',')
const csv = (...rows) => Buffer.from('\uFEFF' + [HEADINGS.join(','), ...rows].join('\r\n') + '\r\n', 'utf8')

// The ledger headings of docs/ledger.md in order, without the export-only ones.
const LEDGER_HEADINGS = readFileSync(new URL('../../docs/ledger.md', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => /^\| [^-|]/.test(l) && !l.includes('列名'))
  .map((l) => l.split('|').map((c) => c.trim()))
  .filter((c) => !c[4].startsWith('否'))
  .map((c) => c[1])

async function login(page, user, path) {
  await page.goto(url(`/login?redirect=${encodeURIComponent(path)}`))
  await page.getByTestId('login').waitFor()
  await submitLogin(page, user)
  await page.waitForURL(url(path))
}

async function fits(page, what) {
  const w = await pageWidth(page)
  assert.ok(w <= PHONE.width, `${what} fits 360 px (is ${w})`)
}

/** Children of the caller named like `name`, straight from the API (the page's session). */
function childrenNamed(page, name) {
  return page.evaluate(async (n) => {
    const r = await fetch(`/api/v1/children?name=${encodeURIComponent(n)}`, { headers: { Accept: 'application/json' } })
    return (await r.json()).items.map((c) => c.name)
  }, name)
}

test('director imports a ledger on a phone: dry run lists the bad row, then the good file is imported', { timeout: 120000 }, async () => {
  const page = await newPage(browser, PHONE)
  await login(page, 'e2e.dir1', '/children')
  await page.getByTestId('children-page').waitFor()
  await page.getByTestId('children-import').click()
  await page.waitForURL(url('/children/import'))
  await page.getByTestId('import-page').waitFor()
  await fits(page, 'import page')

  // The template: UTF-8 with a BOM, the ledger's headings in order.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
  assert.equal(download.suggestedFilename(), '儿童台账模板.csv')
  const tpl = readFileSync(await download.path())
  assert.deepEqual([...tpl.subarray(0, 3)], [0xef, 0xbb, 0xbf])
  assert.deepEqual(tpl.subarray(3).toString('utf8').trim().split(','), LEDGER_HEADINGS)
  assert.ok(LEDGER_HEADINGS.length > 30 && LEDGER_HEADINGS[0] === '姓名')

  // One good and one bad row: the dry run refuses the file and names row 3, 公民身份号码.
  await page.getByTestId('import-file').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: csv(row(GOOD), row(BAD)) })
  const failure = page.getByTestId('import-failure')
  await failure.waitFor()
  assert.equal(await failure.getAttribute('data-kind'), 'problems')
  await page.getByTestId('import-nothing').waitFor()
  assert.match(await page.getByTestId('import-problem-count').textContent(), /共 1 处问题/)
  const problems = page.getByTestId('import-problem')
  assert.equal(await problems.count(), 1, 'a list of cards on a phone')
  assert.equal((await problems.getByTestId('import-problem-row').textContent()).trim(), '第 3 行')
  assert.equal((await problems.getByTestId('import-problem-column').textContent()).trim(), '公民身份号码')
  assert.match(await problems.getByTestId('import-problem-message').textContent(), /身份证/)
  await page.getByTestId('import-problems-template').waitFor()
  await fits(page, 'problem list')
  await screenshot(page, 'import-problems-phone')
  assert.deepEqual(await childrenNamed(page, '导入'), [], 'nothing was imported')

  // A file of another type is refused clearly (415).
  await page.getByTestId('import-file').setInputFiles({ name: '台账.txt', mimeType: 'text/plain', buffer: csv(row(GOOD)) })
  await page.locator('[data-testid="import-failure"][data-kind="wrongType"]').waitFor()
  await page.getByText('文件类型不对').waitFor()
  await fits(page, 'wrong type')

  // Only the good row: the dry run is fine; the import registers the child.
  await page.getByTestId('import-file').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: csv(row(GOOD)) })
  await page.getByTestId('import-ok').waitFor()
  assert.match(await page.getByTestId('import-ok-title').textContent(), /1 行可以导入/)
  assert.deepEqual(await childrenNamed(page, '导入'), [], 'a dry run writes nothing')
  await fits(page, 'dry run fine')
  await page.getByTestId('import-submit').click()
  await page.getByTestId('import-done').waitFor()
  await page.getByText('已导入 1 名儿童').waitFor()
  await fits(page, 'imported')
  await page.getByTestId('import-to-list').click()
  await page.waitForURL(url('/children'))
  await page.getByTestId('cf-name').fill(GOOD.name)
  await page.getByTestId('cf-search').click()
  await page.getByTestId('children-list').getByTestId('child-row-name').getByText(GOOD.name, { exact: true }).waitFor()
  assert.deepEqual(await childrenNamed(page, '导入'), [GOOD.name])
  await fits(page, 'children list')

  assert.deepEqual(unexpected(page.problems, [400, 415]), [])
  await page.context().close()
})

test('on a desktop the problems are a table; English labels', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.addInitScript(() => window.localStorage.setItem('guanai.lang', 'en'))
  await login(page, 'e2e.dir1', '/children/import')
  await page.getByTestId('import-page').waitFor()
  await page.getByText('Import a ledger').first().waitFor()
  // The bad row alone: refused, listed in a table.
  await page.getByTestId('import-file').setInputFiles({ name: 'ledger.csv', mimeType: 'text/csv', buffer: csv(row(BAD)) })
  const table = page.getByTestId('import-problems')
  await table.waitFor()
  assert.equal(await table.evaluate((e) => e.classList.contains('el-table')), true)
  assert.equal((await table.getByTestId('import-problem-column').first().textContent()).trim(), '公民身份号码')
  assert.equal((await table.getByTestId('import-problem-row').first().textContent()).trim(), 'Row 2')
  await page.getByText('Nothing was written', { exact: false }).waitFor()
  await screenshot(page, 'import-problems-desktop')
  assert.deepEqual(unexpected(page.problems, [400]), [])
  await page.context().close()
})
