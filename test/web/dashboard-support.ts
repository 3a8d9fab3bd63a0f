import type { Page } from 'playwright-core'
import { expect } from 'vitest'

// Shared by the dashboard's browser tests: the GraphQL rollup and completeness read in the page's own session, and the
// page's figures compared with them. The formatting below is written here again on purpose (not imported from the
// page): the page must say what the API says, in Vietnamese number format.

const NUMBER = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 })
const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : NUMBER.format(v))

interface Figure {
  code: string
  valueType: string
  value: number | null
  numerator: number | null
  denominator: number | null
  reportingUnits: number
  discrepancy: number | null
  status: string
  target: { comparator: string; value: number } | null
  options: { option: string; count: number }[]
  textCount: number
}

export interface ApiFigures {
  unit: { code: string; name: string }
  indicators: Figure[]
  completeness: { expected: number; received: number; onTime: number; late: number; missing: number }
  children: { unit: { code: string }; expected: number; received: number; onTime: number; late: number; missing: number }[]
  lateUnits: { lateDays: number; unit: { code: string } }[]
  missingUnits: { unit: { code: string } }[]
}

const QUERY = `query ($unit: String!, $form: String!, $period: String!) {
  rollup(unit: $unit, form: $form, period: $period) { __typename ... on Error { message } ... on QueryRollupSuccess { data { unit { code name }
    summary { indicators { code valueType value numerator denominator reportingUnits discrepancy status target { comparator value } options { option count } textCount } } } } }
  completeness(unit: $unit, form: $form, period: $period) { __typename ... on Error { message } ... on QueryCompletenessSuccess { data { expected received onTime late missing lateUnits(first: 200) { lateDays unit { code } } missingUnits(first: 200) { unit { code } } children { unit { code } expected received onTime late missing } } } }
}`

/** The rollup and completeness as GraphQL gives them to this page's session (its cookie and CSRF header). */
export async function apiFigures(page: Page, vars: { unit: string; form: string; period: string }): Promise<ApiFigures> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const csrf = document.cookie.split(';').map((c) => c.trim().split('=')).find(([k]) => k === 'tonghop_csrf')?.[1] ?? ''
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-csrf': csrf }, body: JSON.stringify({ query, variables }) })
      return r.json()
    },
    { query: QUERY, variables: vars },
  )
  const data = body.data
  expect(data?.rollup?.__typename, JSON.stringify(body)).toBe('QueryRollupSuccess')
  const { children, lateUnits, missingUnits, ...completeness } = data.completeness.data
  return { unit: data.rollup.data.unit, indicators: data.rollup.data.summary.indicators, completeness, children, lateUnits, missingUnits }
}

export function expectedValueText(f: Figure): string {
  if (f.valueType === 'text') return f.textCount ? `${n(f.textCount)} ý kiến` : '—'
  if (f.valueType === 'choice') return f.options.length ? f.options.map((o) => `${o.option}: ${n(o.count)}`).join('; ') : '—'
  if (f.value === null) return '—'
  if (f.valueType === 'boolean') return `${n(f.value)}/${n(f.denominator ?? 0)} có`
  if (f.valueType === 'ratio') return `${n(f.value)} %`
  return n(f.value)
}

const STATUS = { MET: 'Đạt', NOT_MET: 'Chưa đạt', NO_DATA: 'chưa có số liệu' } as Record<string, string>

/** Every figure of the rollup table and of the completeness tiles equals the API's. */
export async function expectPageShows(page: Page, api: ApiFigures): Promise<void> {
  await page.locator('h1', { hasText: api.unit.name }).waitFor()
  for (const [key, value] of Object.entries(api.completeness)) {
    expect(await page.locator(`[data-figure="${key}"]`).textContent(), key).toBe(n(value))
  }
  // per child, and the late and missing lists
  const expectedChildren = api.children.filter((c) => c.expected > 0)
  const childRows = page.locator('.completeness-children tbody tr')
  expect(await childRows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual(expectedChildren.map((c) => c.unit.code))
  for (const c of expectedChildren) {
    const cells = (await page.locator(`.completeness-children tr[data-unit="${c.unit.code}"] td`).allTextContents()).map((t) => t.trim())
    expect(cells.slice(0, 4), c.unit.code).toEqual([n(c.expected), n(c.onTime), n(c.late), n(c.missing)])
    expect(cells[4], c.unit.code).toBe(`${n((100 * c.received) / c.expected)} %`)
  }
  const lateRows = page.locator('.late-units tbody tr')
  expect(await lateRows.count()).toBe(api.lateUnits.length)
  for (const [i, u] of api.lateUnits.entries()) expect(((await lateRows.nth(i).locator('td').last().textContent()) ?? '').trim()).toBe(`${n(u.lateDays)} ngày`)
  expect(await page.locator('.missing-units li').count()).toBe(api.missingUnits.length)

  const rows = page.locator('.rollup-table tr[data-code]')
  expect(await rows.count()).toBe(api.indicators.length)
  for (const f of api.indicators) {
    const row = page.locator(`.rollup-table tr[data-code="${f.code}"]`)
    const cell = async (col: string) => ((await row.locator(`[data-col="${col}"]`).textContent()) ?? '').trim()
    expect(await cell('value'), f.code).toBe(expectedValueText(f))
    if (f.valueType === 'ratio') {
      expect(await cell('numerator'), `${f.code} tử số`).toBe(n(f.numerator))
      expect(await cell('denominator'), `${f.code} mẫu số`).toBe(n(f.denominator))
    }
    expect(await cell('reporting'), `${f.code} đơn vị báo cáo`).toBe(n(f.reportingUnits))
    if (f.discrepancy) expect(await cell('discrepancy'), `${f.code} chênh lệch`).toBe(n(f.discrepancy))
    else if (await row.locator('[data-col="discrepancy"]').count()) expect(await cell('discrepancy')).toBe('')
    if (f.target) expect(await cell('status'), `${f.code} đánh giá`).toContain(STATUS[f.status])
    else expect(await cell('status')).toBe('')
  }
}

const CHART_QUERY = `query ($unit: String!, $form: String!, $period: String!, $indicator: String!, $periods: [String!]!) {
  ranking(unit: $unit, form: $form, period: $period, indicator: $indicator) { __typename ... on QueryRankingSuccess { data { unit { code name } indicators(codes: [$indicator]) { value valueType } } } }
  series(unit: $unit, form: $form, indicator: $indicator, periods: $periods) { __typename ... on QuerySeriesSuccess { data { period { id } value yearToDate samePeriodLastYear } } }
}`

/** The charts' tables beside them say what `ranking` and `series` say, in the same order. */
export async function expectChartsShow(page: Page, vars: { unit: string; form: string; period: string; indicator: string; periods: string[] }): Promise<void> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const csrf = document.cookie.split(';').map((c) => c.trim().split('=')).find(([k]) => k === 'tonghop_csrf')?.[1] ?? ''
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-csrf': csrf }, body: JSON.stringify({ query, variables }) })
      return r.json()
    },
    { query: CHART_QUERY, variables: vars },
  )
  const ranking = body.data.ranking.data as { unit: { code: string; name: string }; indicators: { value: number | null; valueType: string }[] }[]
  const pct = (v: number | null | undefined, type: string) => (v === null || v === undefined ? '—' : type === 'ratio' ? `${n(v)} %` : n(v))
  const rows = page.locator('.ranking-table tbody tr')
  await rows.first().waitFor()
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')))).toEqual(ranking.map((r) => r.unit.code))
  for (const r of ranking) {
    const f = r.indicators[0]!
    expect((await page.locator(`.ranking-table tr[data-unit="${r.unit.code}"] [data-col="value"]`).textContent())?.trim(), r.unit.code).toBe(pct(f.value, f.valueType))
  }
  const series = body.data.series.data as { period: { id: string }; value: number | null; yearToDate: number | null; samePeriodLastYear: number | null }[]
  const type = ranking[0]?.indicators[0]?.valueType ?? 'integer'
  const last = series[series.length - 1]!
  for (const p of series) expect(await page.locator(`[data-series="${p.period.id}"]`).textContent(), p.period.id).toBe(pct(p.value, type))
  expect(await page.locator('[data-series="ytd"]').textContent()).toBe(pct(last.yearToDate, type))
  expect(await page.locator('[data-series="last-year"]').textContent()).toBe(pct(last.samePeriodLastYear, type))
}

/** With TONGHOP_DOCS_SCREENSHOTS=1, the README's picture of this step is refreshed too. */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.TONGHOP_DOCS_SCREENSHOTS === '1') await page.screenshot({ path: `${process.cwd()}/docs/screenshots/${name}.png`, fullPage: true })
}

/** A GraphQL query in this page's session (its cookie and CSRF header); its `data`, an error failing the test. */
export async function pageGql(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await page.evaluate(
    async ({ query, variables }) => {
      const csrf = document.cookie.split(';').map((c) => c.trim().split('=')).find(([k]) => k === 'tonghop_csrf')?.[1] ?? ''
      const r = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-tonghop-csrf': csrf }, body: JSON.stringify({ query, variables }) })
      return r.json()
    },
    { query, variables },
  )
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
  return body.data
}
