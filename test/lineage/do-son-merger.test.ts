import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { consolidatedWorkbookBuffer, LAST_YEAR_ESTIMATED_NOTE, SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { buildConsolidatedExport } from '../../src/domain/exports/export-service.js'
import { rollupEngineSource } from '../../src/domain/exports/rollup-engine-source.js'
import { loadLineageExample } from '../../seeds/lineage-example-loader.js'
import { seedLineageExample } from '../../src/domain/seeding/seed-lineage-example.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>

// Issue #17 "done when", over GraphQL on the seeds with the example reorganization loaded (`tonghop seed --examples`).
forEachDialect('phường Đồ Sơn through its predecessors (seed example)', (dialect) => {
  let app: TestApp
  const example = loadLineageExample()
  const sumOf = (code: string) => example.returns.filter((r) => r.period === '2025S1').reduce((s, r) => s + (r.values[code] ?? 0), 0)
  beforeAll(async () => {
    app = await createTestApp(dialect)
    expect(await seedLineageExample(app.services.database, example)).toBe(true)
    expect(await seedLineageExample(app.services.database, example)).toBe(false)
  })
  afterAll(() => app.close())

  const series = async (indicator: string) =>
    (await app.gql<Json>(`{ series(unit: "31.DS", form: "BC-YT72", indicator: "${indicator}", periods: ["2026S1"]) { ... on QuerySeriesSuccess { data { samePeriodLastYear comparisonEstimated } } ... on DomainError { code message } } }`, {}, { as: 'tuyengiao.haiphong' })).data!.series.data[0]

  it('gives the merged ward the sum of its predecessors’ 2025 figures as the same period last year, ratios recomputed', async () => {
    expect(await series('YT01')).toEqual({ samePeriodLastYear: sumOf('YT01'), comparisonEstimated: false })
    expect((await series('YT05')).samePeriodLastYear).toBe(sumOf('YT05'))
    const coverage = (await series('YT03')).samePeriodLastYear
    expect(coverage).toBeCloseTo((100 * sumOf('YT02')) / sumOf('YT01'), 9)
    // not the average of the wards' percentages
    const mean = example.returns.filter((r) => r.period === '2025S1').reduce((s, r) => s + (100 * r.values.YT02!) / r.values.YT01!, 0) / 3
    expect(Math.abs(coverage - mean)).toBeGreaterThan(1e-6)
  })

  it('shows the 2025 period as reported with the old wards under Quận ủy Đồ Sơn, and restated onto today’s tree', async () => {
    const q = (unit: string, view: string) =>
      app.gql<Json>(`{ rollup(unit: "${unit}", form: "BC-YT72", period: "2025S1", view: ${view}) { ... on QueryRollupSuccess { data { summary { indicators(codes: ["YT01"]) { value } } children { unit { code name } estimated indicators(codes: ["YT01"]) { value } } } } ... on DomainError { code message } } }`, {}, { as: 'tuyengiao.haiphong' })
    const reported = (await q('31.QDS', 'AS_REPORTED')).data!.rollup.data
    // (31.DS.CB01 of the seeds was under the district committee then too)
    expect(reported.children.map((c: Json) => c.unit.code)).toEqual(expect.arrayContaining(['31.QDS.NX', '31.QDS.VH', '31.QDS.VS']))
    expect(reported.summary.indicators[0].value).toBe(sumOf('YT01'))
    const city = (await q('31', 'AS_REPORTED')).data!.rollup.data
    expect(city.children.map((c: Json) => c.unit.code)).toContain('31.QDS')
    expect(city.children.map((c: Json) => c.unit.code)).not.toContain('31.DS')
    const restated = (await q('31', 'RESTATED')).data!.rollup.data
    const ds = restated.children.find((c: Json) => c.unit.code === '31.DS')
    expect(ds).toMatchObject({ estimated: false, indicators: [{ value: sumOf('YT01') }] })
    expect(restated.children.map((c: Json) => c.unit.code)).not.toContain('31.QDS')
    expect(restated.summary.indicators[0].value).toBe(city.summary.indicators[0].value)
  })

  it('prints the predecessors’ sum in the workbook’s "Cùng kỳ năm trước" column, with a note where it is an estimate', async () => {
    const data = await buildConsolidatedExport(app.db, { unitCode: '31.DS', formCode: 'BC-YT72', periodId: '2026S1' }, rollupEngineSource(app.db))
    expect(data.rows.YT01!.lastYear).toBe(sumOf('YT01'))
    expect(data.rows.YT03!.lastYear).toBeCloseTo(sumOf('YT02') / sumOf('YT01'), 9)
    expect(data.rows.YT01!.lastYearEstimated).toBeUndefined()
    const cellOf = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(bytes as unknown as ArrayBuffer)
      const ws = wb.getWorksheet(SUMMARY_SHEET)!
      let found: ExcelJS.Cell | null = null
      ws.eachRow((row) => { if (row.getCell(2).value === 'YT01') found ??= row.getCell(7) })
      return found as ExcelJS.Cell | null
    }
    const plain = await cellOf(await consolidatedWorkbookBuffer(data))
    expect(plain?.value).toBe(sumOf('YT01'))
    expect(plain?.note).toBeUndefined()
    data.rows.YT01!.lastYearEstimated = true
    const noted = await cellOf(await consolidatedWorkbookBuffer(data))
    expect(noted?.value).toBe(sumOf('YT01'))
    expect(JSON.stringify(noted?.note)).toContain(LAST_YEAR_ESTIMATED_NOTE)
  })

  it('measures a change target of the merged ward against its predecessors’ baseline year', async () => {
    const set = await app.gql<Json>(`mutation { setTarget(unit: "31.DS", form: "BC-YT72", indicator: "YT19", year: 2026, comparator: ">=", baselineYear: 2024, changePercent: 10) { __typename ... on DomainError { code message } } }`, {}, { as: 'quantri' })
    expect(set.data!.setTarget.__typename).toBe('MutationSetTargetSuccess')
    const base = example.returns.filter((r) => r.period === '2024').reduce((s, r) => s + (r.values.YT19 ?? 0), 0)
    const r = await app.gql<Json>(`{ rollup(unit: "31.DS", form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { summary { indicators(codes: ["YT19"]) { target { comparator value year } } } } } ... on DomainError { code message } } }`, {}, { as: 'tuyengiao.haiphong' })
    const target = r.data!.rollup.data.summary.indicators[0].target
    expect(target.comparator).toBe('>=')
    expect(target.value).toBeCloseTo(base * 1.1, 6)
  })

  // #17 item 3: completeness of a past period, as reported (the units of then) and restated onto today's tree.
  it('counts 2025S1 completeness over the old wards as reported, and phường Đồ Sơn through its predecessors restated', async () => {
    // BC-YT72 is assigned from 2026 in the seeds: assign the district-era half-years to the city's ward committees
    const assigned = await app.gql<Json>('mutation { assignForm(form: "BC-YT72", unit: "31", unitKinds: [ward_committee], periodType: half, deadline: {kind: "days_after_end", days: 5, workingDays: true}, validFrom: "2024-01-01", validTo: "2025-12-31") { __typename ... on Error { code } } }', {}, { as: 'quantri' })
    expect(assigned.data!.assignForm.__typename).toBe('MutationAssignFormSuccess')
    const fields = 'unit { code } expected received onTime late missing missingUnits(first: 20) { unit { code } } receivedUnits(first: 20) { unit { code } lateDays submittedAt predecessors { unit { code } lateDays submittedAt } }'
    const q = (unit: string, period: string, view: string, as = 'tuyengiao.haiphong') =>
      app.gql<Json>(`{ completeness(unit: "${unit}", form: "BC-YT72", period: "${period}"${view ? `, view: ${view}` : ''}) { __typename ... on QueryCompletenessSuccess { data { ${fields} children { ${fields} } } } ... on DomainError { code } } }`, {}, { as })
    const wards = ['31.QDS.NX', '31.QDS.VH', '31.QDS.VS']
    const codes = (list: Json[]) => list.map((u) => u.unit.code)

    const first = await q('31.QDS', '2025S1', 'AS_REPORTED')
    expect(first.errors).toBeUndefined()
    const reported = first.data!.completeness.data
    expect(codes(reported.children)).toEqual(expect.arrayContaining(wards))
    expect(codes(reported.receivedUnits)).toEqual(expect.arrayContaining(wards))
    expect(reported).toMatchObject({ expected: 3, received: 3, onTime: 3, late: 0, missing: 0 })
    expect(reported.receivedUnits.every((u: Json) => u.predecessors.length === 0)).toBe(true)
    // the default is as reported
    expect((await q('31.QDS', '2025S1', '')).data!.completeness.data).toEqual(reported)
    const cityReported = (await q('31', '2025S1', 'AS_REPORTED')).data!.completeness.data
    expect(codes(cityReported.children)).toContain('31.QDS')
    expect(codes(cityReported.children)).not.toContain('31.DS')

    const restated = (await q('31', '2025S1', 'RESTATED')).data!.completeness.data
    expect(codes(restated.children)).toContain('31.DS')
    expect(codes(restated.children)).not.toContain('31.QDS')
    const ds = restated.children.find((c: Json) => c.unit.code === '31.DS')
    // its subtree of today: the ward is the one unit with predecessors expected then
    expect(ds).toMatchObject({ expected: 1, received: 1, onTime: 1, late: 0, missing: 0 })
    const ward = ds.receivedUnits.find((u: Json) => u.unit.code === '31.DS')
    expect(ward).toBeDefined()
    expect(ward.lateDays).toBe(0)
    expect(codes(ward.predecessors)).toEqual([...wards].sort((a, b) => reported.receivedUnits.findIndex((u: Json) => u.unit.code === a) - reported.receivedUnits.findIndex((u: Json) => u.unit.code === b)))
    // each predecessor with its own status, as the period's view shows it
    for (const p of ward.predecessors) {
      const own = reported.receivedUnits.find((u: Json) => u.unit.code === p.unit.code)
      expect(p).toEqual({ unit: own.unit, lateDays: own.lateDays, submittedAt: own.submittedAt })
      expect(p).toMatchObject({ lateDays: 0, submittedAt: expect.any(String) })
    }
    expect(ward.submittedAt).toBe(ward.predecessors.map((p: Json) => p.submittedAt).sort().at(-1))
    expect(codes(ds.missingUnits)).not.toContain('31.DS')
    // the old wards are no units of today: they count only through phường Đồ Sơn
    expect(codes(restated.receivedUnits)).not.toEqual(expect.arrayContaining(['31.QDS.NX']))
    expect(restated.expected).toBe(restated.received + restated.missing)

    // rollup(view: RESTATED) counts its expected units by the same rule
    const rollup = (await app.gql<Json>('{ rollup(unit: "31", form: "BC-YT72", period: "2025S1", view: RESTATED) { ... on QueryRollupSuccess { data { summary { expectedUnits } children { unit { code } expectedUnits } } } } }', {}, { as: 'tuyengiao.haiphong' })).data!.rollup.data
    expect(rollup.summary.expectedUnits).toBe(restated.expected)
    expect(rollup.children.find((c: Json) => c.unit.code === '31.DS').expectedUnits).toBe(1)
    for (const c of rollup.children) expect(c.expectedUnits).toBe(restated.children.find((k: Json) => k.unit.code === c.unit.code)?.expected ?? 0)

    // a viewer of another city sees neither view
    for (const view of ['AS_REPORTED', 'RESTATED']) for (const unit of ['31', '31.DS', '31.QDS']) {
      expect((await q(unit, '2025S1', view, 'tuyengiao.hanoi')).data!.completeness).toEqual({ __typename: 'DomainError', code: 'UNIT_NOT_FOUND' })
    }
  })

  it('restates a current period to the same completeness as reported when no reorganization falls within it', async () => {
    const q = (view: string) => app.gql<Json>(`{ completeness(unit: "31", form: "BC-YT72", period: "2026S1", view: ${view}) { ... on QueryCompletenessSuccess { data { expected received onTime late missing children { unit { code } expected received missing } } } } }`, {}, { as: 'tuyengiao.haiphong' })
    expect((await q('RESTATED')).data!.completeness.data).toEqual((await q('AS_REPORTED')).data!.completeness.data)
  })
})
