import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadLineageExample, type LineageExample } from '../../seeds/lineage-example-loader.js'
import { seedLineageExample } from '../../src/domain/seeding/seed-lineage-example.js'
import { fileReturn } from '../support/file-returns.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { launchChromium, logIn, newPage, screenshot, seriousViolations, startWebServer, type WebServer } from '../support/web-harness.js'
import { pageGql } from './dashboard-support.js'

type Json = Record<string, any>

// Issue #17 item 4: the dashboard reads the reorganization lineage. On the seeds with the Đồ Sơn example (the loader
// `tonghop seed --examples` uses): phường Đồ Sơn's same period last year is its predecessors' sum, as `series` gives
// it; a past period is shown as reported (the period's tree) or restated onto today's units, the choice in the address.

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 })
const n = (v: number) => NUMBER.format(v)
const ESTIMATE = 'ước tính theo tỷ lệ'
const href = (unit: string, period: string, extra = '') => `/tong-hop?don-vi=${unit}&bieu=BC-YT72&ky=${period}${extra}`

const SPLIT: LineageExample = {
  note: 'test: a split',
  units: [
    { code: '31.QDS.TT', name: 'Đảng ủy phường Thử Tách', kind: 'ward_committee', parent: '31.QDS', sector: 'party', closedOn: '2025-06-30', example: true },
    { code: '31.TA', name: 'Đảng ủy phường Tách An', kind: 'ward_committee', parent: '31', sector: 'party', openedOn: '2025-07-01', example: true },
    { code: '31.TB', name: 'Đảng ủy phường Tách Bình', kind: 'ward_committee', parent: '31', sector: 'party', openedOn: '2025-07-01', example: true },
  ],
  lineage: [{ kind: 'split', sources: ['31.QDS.TT'], targets: [{ code: '31.TA', share: 0.6 }, { code: '31.TB', share: 0.4 }], effectiveOn: '2025-07-01' }],
  returns: [{ unit: '31.QDS.TT', form: 'BC-YT72', period: '2025S1', values: { YT01: 5000, YT02: 4500, YT04: 50, YT05: 40 } }],
}

forEachDialect('web application: the dashboard through the reorganization lineage (Đồ Sơn example)', (dialect) => {
  let server: WebServer
  let browser: Browser
  const example = loadLineageExample()
  const sumOf = (code: string) => example.returns.filter((r) => r.period === '2025S1').reduce((s, r) => s + (r.values[code] ?? 0), 0)
  beforeAll(async () => {
    server = await startWebServer(dialect)
    expect(await seedLineageExample(server.services.database, example)).toBe(true)
    // a real split beside the merge: a district-era ward divided 60/40 between two wards of today, so the figures the
    // API apportions (and flags) reach the page from the engine, not from an edited answer
    expect(await seedLineageExample(server.services.database, SPLIT)).toBe(true)
    // the merged ward's own first half of 2026
    await fileReturn(server, '31.DS', 'BC-YT72', '2026S1', { YT01: 9000, YT02: 8800, YT04: 120, YT05: 110, YT21: 80 })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const seriesOf = async (page: Page, unit: string, period: string, indicator: string, view = 'AS_REPORTED') =>
    (await pageGql(page, `query ($unit: String!, $indicator: String!, $period: String!, $view: RollupView) { series(unit: $unit, form: "BC-YT72", indicator: $indicator, periods: [$period], view: $view) { __typename ... on QuerySeriesSuccess { data { value yearToDate samePeriodLastYear estimated comparisonEstimated } } } }`, { unit, indicator, period, view })).series.data[0] as Json
  const rollupChildren = async (page: Page, unit: string, view: string) =>
    (await pageGql(page, `query ($unit: String!, $view: RollupView) { rollup(unit: $unit, form: "BC-YT72", period: "2025S1", view: $view) { __typename ... on QueryRollupSuccess { data { children { unit { code name } estimated indicators(codes: ["YT01"]) { value } } } } } }`, { unit, view })).rollup.data.children as Json[]
  const cell = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').trim()

  it('shows phường Đồ Sơn’s same period last year (2025S1) as the predecessors’ sum, equal to the API’s series, with the estimate mark where it applies', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto(href('31.DS', '2026S1'))
    await logIn(page, 'tuyengiao.haiphong')
    await page.locator('h1', { hasText: 'Đảng ủy phường Đồ Sơn' }).waitFor()
    const pick = page.getByLabel('Chỉ tiêu', { exact: true })
    for (const [code, expected] of [['YT01', sumOf('YT01')], ['YT05', sumOf('YT05')], ['YT03', (100 * sumOf('YT02')) / sumOf('YT01')]] as const) {
      await pick.selectOption(code)
      const api = await seriesOf(page, '31.DS', '2026S1', code)
      expect(api.samePeriodLastYear, code).toBeCloseTo(expected, 9)
      const text = `${n(api.samePeriodLastYear)}${code === 'YT03' ? ' %' : ''}`
      await page.locator('.series-table caption', { hasText: code }).waitFor()
      expect(await cell(page, '[data-series="last-year"]'), code).toBe(text)
      // no figure here is apportioned (a merge sums): no mark, and no column for it
      expect(api.comparisonEstimated, code).toBe(false)
      expect(await page.locator('.series-table [data-estimate]').count(), code).toBe(0)
      const pct = (v: number) => `${n(v)}${code === 'YT03' ? ' %' : ''}`
      expect(await cell(page, '[data-series="2026S1"]'), code).toBe(pct(api.value))
      expect(await cell(page, '[data-series="ytd"]'), code).toBe(pct(api.yearToDate))
      // the chart's own text says the same
      const chart = page.getByRole('img', { name: /kỳ này, lũy kế, cùng kỳ năm trước/ })
      expect(await chart.locator('desc').textContent(), code).toContain(`Cùng kỳ năm trước (6 tháng đầu năm 2025): ${text}`)
    }
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tong-hop-do-son-cung-ky')

    // a ward formed by a split: its same period last year is the source's figure times its share, which the API flags
    // and the page says in words, in the table and in the chart's text
    await fileReturn(server, '31.TA', 'BC-YT72', '2026S1', { YT01: 3100, YT02: 2900, YT04: 30, YT05: 28, YT21: 74 })
    await page.goto(href('31.TA', '2026S1'))
    await page.locator('h1', { hasText: 'Đảng ủy phường Tách An' }).waitFor()
    await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('YT01')
    const split = await seriesOf(page, '31.TA', '2026S1', 'YT01')
    expect(split.comparisonEstimated).toBe(true)
    expect(split.samePeriodLastYear).toBeCloseTo(0.6 * 5000, 9)
    await page.locator('[data-estimate="last-year"]', { hasText: ESTIMATE }).waitFor()
    expect(await cell(page, '[data-series="last-year"]')).toBe(n(split.samePeriodLastYear))
    const desc = await page.getByRole('img', { name: /kỳ này, lũy kế, cùng kỳ năm trước/ }).locator('desc').textContent()
    expect(desc).toContain(`Cùng kỳ năm trước (6 tháng đầu năm 2025): ${n(split.samePeriodLastYear)} (${ESTIMATE})`)
    await screenshot(page, 'tong-hop-uoc-tinh')
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })

  it('shows 2025S1 under the city as reported (Quận ủy Đồ Sơn, its old wards) or on today’s units (phường Đồ Sơn with the predecessors’ sum), from the keyboard, kept in the address', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(browser, server.origin)
    await page.goto(href('31', '2025S1'))
    await logIn(page, 'tuyengiao.haiphong')
    await page.locator('h1', { hasText: 'Thành ủy Hải Phòng' }).waitFor()
    const choice = page.getByRole('group', { name: 'Xem kỳ đã qua' })
    const reported = choice.getByRole('radio', { name: 'Như đã báo cáo' })
    const restated = choice.getByRole('radio', { name: 'Theo đơn vị hiện nay' })
    expect(await reported.isChecked()).toBe(true)
    const ranked = async () => page.locator('.ranking-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))
    const showsYT01 = async () => {
      await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption('YT01')
      await page.locator('.ranking-table caption', { hasText: 'YT01' }).waitFor()
    }
    await showsYT01()
    const asReported = await rollupChildren(page, '31', 'AS_REPORTED')
    expect(await ranked()).toContain('31.QDS')
    expect(await ranked()).not.toContain('31.DS')
    expect(await cell(page, '.ranking-table tr[data-unit="31.QDS"] [data-col="value"]')).toBe(n(asReported.find((c) => c.unit.code === '31.QDS')!.indicators[0].value))

    // from the keyboard: the arrow key moves to the other view, which becomes the address
    await reported.focus()
    await page.keyboard.press('ArrowDown')
    await page.waitForURL(/xem=quy-doi/)
    expect(await restated.isChecked()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('RESTATED')
    await showsYT01()
    await page.locator('.ranking-table tr[data-unit="31.DS"]').waitFor()
    const today = await rollupChildren(page, '31', 'RESTATED')
    const ds = today.find((c) => c.unit.code === '31.DS')!
    expect(ds.indicators[0].value).toBe(sumOf('YT01'))
    expect(await ranked()).not.toContain('31.QDS')
    for (const c of today) {
      const v = c.indicators[0].value
      const text = v === null ? '—' : `${n(v)}${c.estimated ? ` (${ESTIMATE})` : ''}`
      expect(await cell(page, `.ranking-table tr[data-unit="${c.unit.code}"] [data-col="value"]`), c.unit.code).toBe(text)
    }
    expect(await cell(page, '.ranking-table tr[data-unit="31.DS"] [data-col="value"]')).toBe(n(sumOf('YT01')))
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'tong-hop-quy-doi')

    // the split's targets are apportioned: the API marks them `estimated` and the page says so in words, in the ranking
    // table and the chart's text; the city's own total is exact (the divided ward was inside the city then): no note
    expect(today.find((c) => c.unit.code === '31.TA')!.estimated).toBe(true)
    expect(ds.estimated).toBe(false)
    expect(await page.locator('.estimate-note').count()).toBe(0)
    expect(await cell(page, '.ranking-table tr[data-unit="31.TA"] [data-col="value"]')).toBe(`${n(0.6 * 5000)} (${ESTIMATE})`)
    const bars = await page.getByRole('img', { name: /Xếp hạng đơn vị trực thuộc theo/ }).locator('desc').textContent()
    expect(bars).toContain(`Đảng ủy phường Tách An: ${n(0.6 * 5000)} (${ESTIMATE})`)
    expect(bars).toContain(`Đảng ủy phường Đồ Sơn: ${n(sumOf('YT01'))}`)
    expect(bars).not.toContain(`Đảng ủy phường Đồ Sơn: ${n(sumOf('YT01'))} (`)
    expect(await seriousViolations(page)).toEqual([])

    // the address keeps the view: a reload shows it again, a drill-down keeps it, the back button returns
    await page.reload()
    await page.locator('h1', { hasText: 'Thành ủy Hải Phòng' }).waitFor()
    expect(await page.getByRole('radio', { name: 'Theo đơn vị hiện nay' }).isChecked()).toBe(true)
    await page.goBack()
    await page.waitForURL((u) => !u.search.includes('xem='))
    await page.getByRole('radio', { name: 'Như đã báo cáo', checked: true }).waitFor()

    // as reported, Quận ủy Đồ Sơn still has the old wards that reported then
    await page.goto(href('31.QDS', '2025S1'))
    await page.locator('h1', { hasText: 'Quận ủy Đồ Sơn' }).waitFor()
    await showsYT01()
    const wards = await rollupChildren(page, '31.QDS', 'AS_REPORTED')
    expect(await ranked()).toEqual(expect.arrayContaining(['31.QDS.NX', '31.QDS.VH', '31.QDS.VS']))
    for (const code of ['31.QDS.NX', '31.QDS.VH', '31.QDS.VS']) {
      const v = wards.find((c) => c.unit.code === code)!.indicators[0].value
      expect(v).toBe(example.returns.find((r) => r.unit === code && r.period === '2025S1')!.values.YT01)
      expect(await cell(page, `.ranking-table tr[data-unit="${code}"] [data-col="value"]`), code).toBe(n(v))
    }
    expect(await seriousViolations(page)).toEqual([])
    // the divided ward's share, on its own page of today: the rollup table says it is an estimate
    await page.goto(href('31.TA', '2025S1', '&xem=quy-doi'))
    await page.locator('h1', { hasText: 'Đảng ủy phường Tách An' }).waitFor()
    await page.locator('.estimate-note', { hasText: ESTIMATE }).waitFor()
    expect(await cell(page, '.rollup-table tr[data-code="YT01"] [data-col="value"]')).toBe(`${n(0.6 * 5000)} (${ESTIMATE})`)
    expect(await seriousViolations(page)).toEqual([])
    await context.close()
  })
})
