// Division tree browser (/regions) against the real server and its Chongqing data.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, url, treeNode, screenshot, DESKTOP, PHONE } from './helpers.mjs'

const CQ = '500000000000' // 重庆市
const CHENGKOU = '500229000000' // 城口县
const JIMING = '500229212000' // 鸡鸣乡, a deep-poverty township

let browser
before(async () => {
  browser = await launch()
})
after(async () => {
  await browser?.close()
})

async function expand(page, code) {
  const node = treeNode(page, code)
  await node.locator(':scope > .el-tree-node__content').click()
  await node.locator(':scope > .el-tree-node__children > .el-tree-node').first().waitFor()
  return node
}

test('tree: 重庆市 has 41 county-level units, 城口县 lists townships with 深度贫困乡镇', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/regions'))
  await page.getByTestId('regions-tree').waitFor()
  await treeNode(page, CQ).getByText('重庆市', { exact: true }).waitFor()

  const cq = await expand(page, CQ)
  const counties = cq.locator(':scope > .el-tree-node__children > .el-tree-node')
  assert.equal(await counties.count(), 41, '41 county-level units under 重庆市')
  // 26 districts + 12 counties + 3 management zones
  assert.equal(await counties.getByTestId('flag-management_zone').count(), 3)
  await counties.getByText('城口县', { exact: true }).waitFor()
  await counties.getByText('渝中区', { exact: true }).waitFor()

  // Clicking a node also shows its details.
  await page.getByTestId('detail-name').getByText('重庆市').waitFor()
  assert.equal(await page.getByTestId('detail-code').textContent(), CQ)

  const ck = await expand(page, CHENGKOU)
  const towns = ck.locator(':scope > .el-tree-node__children > .el-tree-node')
  assert.ok((await towns.count()) >= 20, '城口县 has its townships')
  const jiming = treeNode(page, JIMING)
  await jiming.getByText('鸡鸣乡', { exact: true }).waitFor()
  const tag = jiming.locator(':scope > .el-tree-node__content').getByTestId('flag-deep_poverty')
  assert.equal((await tag.textContent()).trim(), '深度贫困乡镇')

  // Detail panel of 城口县: level translated, parent resolved to its name.
  await page.getByTestId('detail-name').getByText('城口县').waitFor()
  assert.equal((await page.getByTestId('detail-level').textContent()).trim(), '区县')
  await page.getByTestId('detail-parent').getByText('重庆市').waitFor()

  // Detail of 鸡鸣乡 carries its flag.
  await jiming.locator(':scope > .el-tree-node__content').click()
  await page.getByTestId('detail-name').getByText('鸡鸣乡').waitFor()
  await page.getByTestId('region-detail').getByTestId('flag-deep_poverty').waitFor()

  // Filtering loaded nodes by name.
  await page.getByTestId('regions-search').fill('鸡鸣')
  await jiming.waitFor({ state: 'visible' })
  await treeNode(page, '500103000000').waitFor({ state: 'hidden' })

  await screenshot(page, 'regions-desktop')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('tree: a management zone shows the areas it overlaps', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  await page.goto(url('/regions'))
  const cq = await expand(page, CQ)
  const zone = cq
    .locator(':scope > .el-tree-node__children > .el-tree-node')
    .filter({ has: page.getByTestId('flag-management_zone') })
    .first()
  await zone.locator(':scope > .el-tree-node__content').click()
  const overlaps = page.getByTestId('detail-overlaps')
  await overlaps.waitFor()
  assert.ok((await overlaps.locator('li').count()) >= 1)
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('tree on a phone: detail below the tree, no horizontal overflow', { timeout: 60000 }, async () => {
  const page = await newPage(browser, PHONE)
  await page.goto(url('/regions'))
  await expand(page, CQ)
  await expand(page, CHENGKOU)
  await treeNode(page, JIMING).waitFor()
  // el-tree animates an expanding node: measure once the layout is still
  let treeBox = null
  let detailBox = null
  for (let i = 0; i < 40; i++) {
    const t = await page.getByTestId('regions-tree').boundingBox()
    const d = await page.getByTestId('region-detail').boundingBox()
    if (treeBox && detailBox && t.height === treeBox.height && d.y === detailBox.y) break
    treeBox = t
    detailBox = d
    await page.waitForTimeout(100)
  }
  assert.ok(detailBox.y >= treeBox.y + treeBox.height - 1, 'detail panel is below the tree')
  const sw = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(sw <= PHONE.width, `scrollWidth ${sw} <= ${PHONE.width}`)
  await screenshot(page, 'regions-phone')
  assert.deepEqual(page.problems, [])
  await page.context().close()
})

test('tree: an API error is shown in an alert with the server message', { timeout: 60000 }, async () => {
  const page = await newPage(browser, DESKTOP)
  const message = '行政区划代码应为12位数字 (code must be 12 digits)'
  await page.route('**/api/v1/regions?parent=*', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'invalid_code', message, field: 'parent' } }),
    }),
  )
  await page.goto(url('/regions'))
  await treeNode(page, CQ).locator(':scope > .el-tree-node__content').click()
  const alert = page.getByTestId('regions-error')
  await alert.waitFor()
  assert.match(await alert.textContent(), /code must be 12 digits/)
  // The only console errors allowed here are the failed (intercepted) request itself.
  const other = page.problems.filter((p) => !/status of 400/.test(p))
  assert.deepEqual(other, [])
  await page.context().close()
})
