import { afterAll, beforeAll, expect, it } from 'vitest'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'
import { seedLineageExample } from '../../src/domain/seeding/seed-lineage-example.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>

// #17 item 3: completeness of a past period restated onto today's tree — a merged ward is received only when every
// predecessor expected then filed, late by the largest days late among them, missing while one has not filed.
forEachDialect('completeness(view: RESTATED) through predecessors', (dialect) => {
  let app: TestApp
  const wards = ['31.QDS.A', '31.QDS.B', '31.QDS.C']
  const fileReturn = async (code: string, lateDays: number) => {
    const unit = (await findUnitByCode(app.db, code))!
    const p = parsePeriodId('2025S1')
    const id = await insertReturnWithValues(app.db, { unitId: unit.id, formCode: 'BC-YT72', periodId: p.id, periodStart: p.start, periodEnd: p.end, scope: 'own', status: 'submitted', lateDays, values: [{ code: 'YT01', num: 100 }] })
    await afterReturnCommitted(app.db, id)
  }
  const fields = 'unit { code } expected received onTime late missing lateUnits(first: 20) { unit { code } lateDays predecessors { unit { code } lateDays } } missingUnits(first: 20) { unit { code } lateDays predecessors { unit { code } lateDays } }'
  const completeness = async (unit: string, view: string) => {
    const r = await app.gql<Json>(`{ completeness(unit: "${unit}", form: "BC-YT72", period: "2025S1", view: ${view}) { ... on QueryCompletenessSuccess { data { ${fields} children { ${fields} } } } ... on DomainError { code } } }`, {}, { as: 'tuyengiao.haiphong' })
    expect(r.errors).toBeUndefined()
    return r.data!.completeness.data
  }
  const merged = async () => (await completeness('31', 'RESTATED')).children.find((c: Json) => c.unit.code === '31.M')

  beforeAll(async () => {
    app = await createTestApp(dialect)
    const made = await app.gql<Json>('mutation { createUnit(code: "31.M", name: "Đảng ủy phường Hợp Nhất", kind: ward_committee, sector: party, parent: "31", openedOn: "2025-07-01") { __typename ... on DomainError { code message } } }', {}, { as: 'quantri' })
    expect(made.data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
    expect(await seedLineageExample(app.services.database, {
      note: 'test',
      units: wards.map((code) => ({ code, name: `Đảng ủy phường ${code}`, kind: 'ward_committee' as const, parent: '31.QDS', sector: 'party' as const, openedOn: '2020-01-01', closedOn: '2025-06-30' })),
      lineage: [{ kind: 'merge', sources: wards, targets: [{ code: '31.M' }], effectiveOn: '2025-07-01' }],
      returns: [],
    })).toBe(true)
    const assigned = await app.gql<Json>('mutation { assignForm(form: "BC-YT72", unit: "31", unitKinds: [ward_committee], periodType: half, deadline: {kind: "days_after_end", days: 5, workingDays: true}, validFrom: "2024-01-01", validTo: "2025-12-31") { __typename ... on Error { code } } }', {}, { as: 'quantri' })
    expect(assigned.data!.assignForm.__typename).toBe('MutationAssignFormSuccess')
  })
  afterAll(() => app.close())

  it('is missing while one expected predecessor has not filed, and lists each predecessor with its own status', async () => {
    await fileReturn('31.QDS.A', 0)
    await fileReturn('31.QDS.B', 4)
    const m = await merged()
    expect(m).toMatchObject({ expected: 1, received: 0, missing: 1, late: 0, lateUnits: [] })
    expect(m.missingUnits).toEqual([{ unit: { code: '31.M' }, lateDays: null, predecessors: [
      { unit: { code: '31.QDS.A' }, lateDays: 0 }, { unit: { code: '31.QDS.B' }, lateDays: 4 }, { unit: { code: '31.QDS.C' }, lateDays: null },
    ] }])
    // as reported, the three wards count one by one under the district committee
    const reported = await completeness('31.QDS', 'AS_REPORTED')
    expect(reported.lateUnits.map((u: Json) => u.unit.code)).toEqual(['31.QDS.B'])
    expect(reported.missingUnits.map((u: Json) => u.unit.code)).toContain('31.QDS.C')
    expect(reported.missingUnits.map((u: Json) => u.unit.code)).not.toContain('31.QDS.A')
  })

  it('is received, late by the largest days late, once every expected predecessor filed', async () => {
    await fileReturn('31.QDS.C', 2)
    const m = await merged()
    expect(m).toMatchObject({ expected: 1, received: 1, onTime: 0, late: 1, missing: 0, missingUnits: [] })
    expect(m.lateUnits).toEqual([{ unit: { code: '31.M' }, lateDays: 4, predecessors: [
      { unit: { code: '31.QDS.A' }, lateDays: 0 }, { unit: { code: '31.QDS.B' }, lateDays: 4 }, { unit: { code: '31.QDS.C' }, lateDays: 2 },
    ] }])
    const rollup = (await app.gql<Json>('{ rollup(unit: "31", form: "BC-YT72", period: "2025S1", view: RESTATED) { ... on QueryRollupSuccess { data { children { unit { code } expectedUnits } } } } }', {}, { as: 'tuyengiao.haiphong' })).data!.rollup.data
    expect(rollup.children.find((c: Json) => c.unit.code === '31.M').expectedUnits).toBe(1)
  })
})
