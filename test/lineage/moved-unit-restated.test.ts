import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadLineageExample } from '../../seeds/lineage-example-loader.js'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'
import { seedLineageExample } from '../../src/domain/seeding/seed-lineage-example.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>

// #17, restated figures follow moves: 31.DS.CB01 of the seeds stood under Quận ủy Đồ Sơn in 2025 and under phường Đồ
// Sơn today. Its 2025S1 figure, restated onto today's tree, belongs to phường Đồ Sơn (with the three wards merged into
// it, each counted once), no longer to the district committee; the city's total does not move.
forEachDialect('restated figures follow a unit moved after the period (31.DS.CB01)', (dialect) => {
  let app: TestApp
  const example = loadLineageExample()
  const wardsSum = (code: string) => example.returns.filter((r) => r.period === '2025S1').reduce((s, r) => s + (r.values[code] ?? 0), 0)
  const CB01 = { YT01: 640, YT02: 600 }
  beforeAll(async () => {
    app = await createTestApp(dialect)
    expect(await seedLineageExample(app.services.database, example)).toBe(true)
    const unit = (await findUnitByCode(app.db, '31.DS.CB01'))!
    const p = parsePeriodId('2025S1')
    const id = await insertReturnWithValues(app.db, { unitId: unit.id, formCode: 'BC-YT72', periodId: p.id, periodStart: p.start, periodEnd: p.end, scope: 'own', status: 'submitted', lateDays: 0, values: [{ code: 'YT01', num: CB01.YT01 }, { code: 'YT02', num: CB01.YT02 }] })
    await afterReturnCommitted(app.db, id)
  })
  afterAll(() => app.close())

  const rollup = async (unit: string, view: string) => {
    const r = await app.gql<Json>(`{ rollup(unit: "${unit}", form: "BC-YT72", period: "2025S1", view: ${view}) { ... on QueryRollupSuccess { data { summary { estimated indicators(codes: ["YT01", "YT03"]) { code value } } children { unit { code } estimated indicators(codes: ["YT01", "YT03"]) { code value } } } } ... on DomainError { code message } } }`, {}, { as: 'tuyengiao.haiphong' })
    expect(r.errors).toBeUndefined()
    return r.data!.rollup.data
  }
  const value = (node: Json, code: string) => node.indicators.find((f: Json) => f.code === code).value

  it('counts it under phường Đồ Sơn restated, with the merged wards once, and no longer under Quận ủy Đồ Sơn', async () => {
    // as reported, 2025S1 had it under the district committee
    const district = await rollup('31.QDS', 'AS_REPORTED')
    expect(value(district.summary, 'YT01')).toBe(wardsSum('YT01') + CB01.YT01)
    expect(district.children.map((c: Json) => c.unit.code)).toContain('31.DS.CB01')

    const city = await rollup('31', 'RESTATED')
    const ds = city.children.find((c: Json) => c.unit.code === '31.DS')
    expect(value(ds, 'YT01')).toBe(wardsSum('YT01') + CB01.YT01)
    expect(value(ds, 'YT03')).toBeCloseTo((100 * (wardsSum('YT02') + CB01.YT02)) / (wardsSum('YT01') + CB01.YT01), 9)
    expect(ds.estimated).toBe(false)
    expect(value(city.summary, 'YT01')).toBe(value((await rollup('31', 'AS_REPORTED')).summary, 'YT01'))

    const ward = await rollup('31.DS', 'RESTATED')
    expect(value(ward.summary, 'YT01')).toBe(wardsSum('YT01') + CB01.YT01)
    expect(value(ward.children.find((c: Json) => c.unit.code === '31.DS.CB01'), 'YT01')).toBe(CB01.YT01)

    // the old parent, closed today, keeps nothing of what moved on or merged away
    expect(value((await rollup('31.QDS', 'RESTATED')).summary, 'YT01')).toBeNull()
  })

  it('compares phường Đồ Sơn with the same period last year including it', async () => {
    const r = await app.gql<Json>('{ series(unit: "31.DS", form: "BC-YT72", indicator: "YT01", periods: ["2026S1"]) { ... on QuerySeriesSuccess { data { samePeriodLastYear comparisonEstimated } } ... on DomainError { code message } } }', {}, { as: 'tuyengiao.haiphong' })
    expect(r.data!.series.data[0]).toEqual({ samePeriodLastYear: wardsSum('YT01') + CB01.YT01, comparisonEstimated: false })
  })

  it('counts it in completeness restated under phường Đồ Sơn, as reported under Quận ủy Đồ Sơn', async () => {
    const assigned = await app.gql<Json>('mutation { assignForm(form: "BC-YT72", unit: "31", unitKinds: [party_organization], periodType: half, deadline: {kind: "days_after_end", days: 5, workingDays: true}, validFrom: "2024-01-01") { __typename ... on Error { code } } }', {}, { as: 'quantri' })
    expect(assigned.data!.assignForm.__typename).toBe('MutationAssignFormSuccess')
    const fields = 'unit { code } expected received missing receivedUnits(first: 50) { unit { code } predecessors { unit { code } } }'
    const q = async (unit: string, view: string) => {
      const r = await app.gql<Json>(`{ completeness(unit: "${unit}", form: "BC-YT72", period: "2025S1", view: ${view}) { ... on QueryCompletenessSuccess { data { ${fields} children { ${fields} } } } ... on DomainError { code } } }`, {}, { as: 'tuyengiao.haiphong' })
      expect(r.errors).toBeUndefined()
      return r.data!.completeness.data
    }
    const codes = (list: Json[]) => list.map((u) => u.unit.code)
    expect(codes((await q('31.QDS', 'AS_REPORTED')).receivedUnits)).toContain('31.DS.CB01')
    const city = await q('31', 'RESTATED')
    const ds = city.children.find((c: Json) => c.unit.code === '31.DS')
    expect(codes(ds.receivedUnits)).toContain('31.DS.CB01')
    expect(ds.receivedUnits.find((u: Json) => u.unit.code === '31.DS.CB01').predecessors.map((p: Json) => p.unit.code)).toEqual(['31.DS.CB01'])
    // counted once: in the ward of today, and in the city's count as one unit
    expect(codes(city.receivedUnits).filter((c: string) => c === '31.DS.CB01')).toHaveLength(1)
    expect(codes(city.children)).not.toContain('31.QDS')
  })

  it('follows it when it moves again after the reading was cached: the new ward restated gains it, phường Đồ Sơn loses it', async () => {
    const before = await rollup('31', 'RESTATED')
    const bd = (r: Json) => value(r.children.find((c: Json) => c.unit.code === '31.BD'), 'YT01') ?? 0
    const moved = await app.gql<Json>('mutation { moveUnit(code: "31.DS.CB01", newParent: "31.BD", effectiveFrom: "2026-01-01") { __typename ... on DomainError { code message } } }', {}, { as: 'quantri' })
    expect(moved.errors).toBeUndefined()
    const after = await rollup('31', 'RESTATED')
    expect(value(after.children.find((c: Json) => c.unit.code === '31.DS'), 'YT01')).toBe(wardsSum('YT01'))
    expect(bd(after)).toBe(bd(before) + CB01.YT01)
    expect(value(after.summary, 'YT01')).toBe(value(before.summary, 'YT01'))
  })
})
