import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { insertReturnWithValues, type NewRollupReturn } from '../../src/db/repositories/rollup.repository.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const ROLLUP = `query($u: String!, $f: String!, $p: String!) {
  rollup(unit: $u, form: $f, period: $p) {
    __typename
    ... on Error { code message }
    ... on QueryRollupSuccess { data {
      unit { code }
      summary { reportingUnits expectedUnits hasConsolidatedReturn indicators(codes: ["QT01", "QT03", "QT04", "QT05", "QT09", "DG03"]) { code value numerator denominator reportingUnits discrepancy status texts { unitCode text } } }
      children { unit { code } reportingUnits indicators(codes: ["QT01", "QT05"]) { code value } }
    } }
  }
}`

forEachDialect('rollup GraphQL API', (dialect) => {
  let app: TestApp
  // each return committed as the workflow commits one: with its rollup paths maintained in the same transaction
  const commit = (r: NewRollupReturn) => app.db.transaction().execute(async (trx) => afterReturnCommitted(trx, await insertReturnWithValues(trx, r)))
  beforeAll(async () => {
    app = await createTestApp(dialect)
    const id = async (code: string) => (await findUnitByCode(app.db, code))!.id
    const q1 = { formCode: 'BC-QT', periodId: '2026Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31' }
    await commit({ ...q1, unitId: await id('01.PL.CB01'), scope: 'own', values: [{ code: 'QT01', num: 2 }, { code: 'QT03', num: 90 }, { code: 'QT04', num: 100 }, { code: 'QT09', num: 1 }, { code: 'DG03', text: 'Thiếu kinh phí' }] })
    await commit({ ...q1, unitId: await id('01.PL.CB02'), scope: 'own', lateDays: 3, values: [{ code: 'QT01', num: 1 }, { code: 'QT03', num: 1000 }, { code: 'QT04', num: 1000 }, { code: 'QT09', num: 0 }, { code: 'DG03', text: 'Địa bàn rộng' }] })
    await commit({ ...q1, unitId: await id('01.PL'), scope: 'own', values: [{ code: 'QT01', num: 1 }] })
    await commit({ ...q1, unitId: await id('31.BD'), scope: 'own', values: [{ code: 'QT01', num: 7 }] })
  }, 120_000)
  afterAll(async () => app?.close())

  it('recomputes ratios from summed components at every level, never averaging', async () => {
    const r = await app.gql<{ rollup: { data: { summary: { reportingUnits: number; indicators: { code: string; value: number | null; numerator: number | null; denominator: number | null; texts: { unitCode: string }[] }[] }; children: { unit: { code: string }; indicators: { code: string; value: number }[] }[] } } }>(ROLLUP, { u: '01', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.hanoi' })
    expect(r.errors).toBeUndefined()
    const ind = Object.fromEntries(r.data!.rollup.data.summary.indicators.map((i) => [i.code, i]))
    expect(ind.QT01!.value).toBe(4)
    expect(ind.QT05!.numerator).toBe(1090)
    expect(ind.QT05!.denominator).toBe(1100)
    expect(ind.QT05!.value).toBeCloseTo(99.0909, 3)
    expect(ind.QT09!.value).toBe(1)
    expect(ind.QT09!.denominator).toBe(2)
    expect(ind.DG03!.texts.map((t) => t.unitCode)).toEqual(['01.PL.CB01', '01.PL.CB02'])
    expect(r.data!.rollup.data.summary.reportingUnits).toBe(3)
    const pl = r.data!.rollup.data.children.find((c) => c.unit.code === '01.PL')!
    expect(pl.indicators.find((i) => i.code === 'QT01')!.value).toBe(4)
  })

  it('lists texts a page at a time, with their count, and finds them without diacritics', async () => {
    const r = await app.gql<{ rollup: { data: { summary: { indicators: { textCount: number; second: { unitCode: string; text: string }[]; found: { text: string }[]; byUnit: number; none: number }[] } } } }>(
      `query($u: String!) { rollup(form: "BC-QT", period: "2026Q1", unit: $u) { ... on QueryRollupSuccess { data { summary { indicators(codes: ["DG03"]) {
        textCount second: texts(first: 1, offset: 1) { unitCode text } found: texts(search: "kinh phi") { text }
        byUnit: textCount(search: "CHI BO") none: textCount(search: "không có ý kiến này") } } } } } }`,
      { u: '01' }, { as: 'tuyengiao.hanoi' })
    expect(r.errors).toBeUndefined()
    const [dg] = r.data!.rollup.data.summary.indicators
    expect(dg!.textCount).toBe(2)
    expect(dg!.second).toEqual([{ unitCode: '01.PL.CB02', text: 'Địa bàn rộng' }])
    expect(dg!.found).toEqual([{ text: 'Thiếu kinh phí' }])
    expect(dg!.byUnit).toBe(2)
    expect(dg!.none).toBe(0)
  })

  it('a consolidated return replaces own + children, and the discrepancy is shown', async () => {
    const id = (await findUnitByCode(app.db, '01.PL'))!.id
    await commit({ formCode: 'BC-QT', periodId: '2026Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31', unitId: id, scope: 'consolidated', values: [{ code: 'QT01', num: 10 }] })
    const r = await app.gql<{ rollup: { data: { summary: { hasConsolidatedReturn: boolean; indicators: { code: string; value: number | null; discrepancy: number | null }[] } } } }>(ROLLUP, { u: '01.PL', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.hanoi' })
    expect(r.errors).toBeUndefined()
    expect(r.data!.rollup.data.summary.hasConsolidatedReturn).toBe(true)
    const qt01 = r.data!.rollup.data.summary.indicators.find((i) => i.code === 'QT01')!
    expect(qt01.value).toBe(10)
    expect(qt01.discrepancy).toBe(6)
  })

  it('ranks children, reports completeness and a series', async () => {
    const rank = await app.gql<{ ranking: { data: { unit: { code: string } }[] } }>(
      'query { ranking(unit: "01.PL", form: "BC-QT", period: "2026Q1", indicator: "QT01", order: DESC) { ... on QueryRankingSuccess { data { unit { code } } } } }', {}, { as: 'tuyengiao.hanoi' })
    expect(rank.errors).toBeUndefined()
    expect(rank.data!.ranking.data.slice(0, 2).map((x) => x.unit.code)).toEqual(['01.PL.CB01', '01.PL.CB02'])
    const comp = await app.gql<{ completeness: { data: { expected: number; received: number; late: number; lateUnits: { unit: { code: string }; lateDays: number }[]; missingUnits: { unit: { code: string } }[] } } }>(
      'query { completeness(unit: "01", form: "BC-QT", period: "2026Q1") { ... on QueryCompletenessSuccess { data { expected received onTime late missing lateUnits { unit { code } lateDays } missingUnits { unit { code } } children { unit { code } expected } } } } }', {}, { as: 'tuyengiao.hanoi' })
    expect(comp.errors).toBeUndefined()
    expect(comp.data!.completeness.data.expected).toBeGreaterThan(0)
    expect(comp.data!.completeness.data.received).toBe(1)
    const series = await app.gql<{ series: { data: { period: { id: string }; value: number | null; yearToDate: number | null }[] } }>(
      'query { series(unit: "01", form: "BC-QT", indicator: "QT01", periods: ["2026Q1", "2026S1"]) { ... on QuerySeriesSuccess { data { period { id } value yearToDate samePeriodLastYear change changeUnit } } } }', {}, { as: 'tuyengiao.hanoi' })
    expect(series.errors).toBeUndefined()
    expect(series.data!.series.data.map((s) => s.value)).toEqual([10, 10])
    expect(series.data!.series.data[0]!.yearToDate).toBe(10)
  })

  it('reads children, lists and targets also when the query asks for them through fragments', async () => {
    const id = (await findUnitByCode(app.db, '31.BD'))!.id
    await commit({ formCode: 'BC-YT72', periodId: '2026S1', periodStart: '2026-01-01', periodEnd: '2026-06-30', unitId: id, scope: 'own', values: [{ code: 'YT01', num: 20000 }, { code: 'YT21', num: 76 }] })
    const viaFragments = await app.gql<{ rollup: { data: { summary: { indicators: { code: string; value: number; target: { value: number } | null; status: string }[] } } } }>(
      `fragment Fig on RollupIndicator { code value target { value } status }
       query { rollup(unit: "31.BD", form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { summary { ... on RollupNode { indicators(codes: ["YT21"]) { ...Fig } } } } } } }`, {}, { as: 'tuyengiao.haiphong' })
    expect(viaFragments.errors).toBeUndefined()
    expect(viaFragments.data!.rollup.data.summary.indicators[0]).toMatchObject({ code: 'YT21', value: 76, target: { value: 75.5 }, status: 'MET' })
    const direct = await app.gql(ROLLUP, { u: '01', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.hanoi' })
    const fragmented = await app.gql(
      `fragment Node on RollupNode { reportingUnits expectedUnits hasConsolidatedReturn indicators(codes: ["QT01", "QT03", "QT04", "QT05", "QT09", "DG03"]) { code value numerator denominator reportingUnits discrepancy status ... on RollupIndicator { texts { unitCode text } } } }
       fragment Kids on Rollup { children { unit { code } reportingUnits indicators(codes: ["QT01", "QT05"]) { code value } } }
       query($u: String!, $f: String!, $p: String!) { rollup(unit: $u, form: $f, period: $p) { __typename ... on Error { code message } ... on QueryRollupSuccess { data { unit { code } summary { ...Node } ...Kids } } } }`,
      { u: '01', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.hanoi' })
    expect(fragmented.errors).toBeUndefined()
    expect((fragmented.data as { rollup: { data: { children: unknown[] } } }).rollup.data.children.length).toBeGreaterThan(0)
    expect(fragmented.data).toEqual(direct.data)
  })

  it('an unknown form is FORM_NOT_FOUND, for a unit in scope', async () => {
    const r = await app.gql(ROLLUP, { u: '01.PL', f: 'BC-KHONG-CO', p: '2026Q1' }, { as: 'tuyengiao.hanoi' })
    const failure = (r.data as { rollup: { code: string; message: string } }).rollup
    expect(failure.code).toBe('FORM_NOT_FOUND')
    expect(failure.message).toMatch(/Không tìm thấy biểu mẫu "BC-KHONG-CO"/)
  })

  describe('scope', () => {
    it('tuyengiao.haiphong cannot read Hà Nội through any rollup operation', async () => {
      const ops = [
        [ROLLUP, { u: '01', f: 'BC-QT', p: '2026Q1' }],
        [ROLLUP, { u: '01.PL', f: 'BC-QT', p: '2026Q1' }],
        ['query { ranking(unit: "01", form: "BC-QT", period: "2026Q1", indicator: "QT01") { __typename ... on Error { code } ... on QueryRankingSuccess { data { unit { code } } } } }', {}],
        ['query { completeness(unit: "01", form: "BC-QT", period: "2026Q1") { __typename ... on Error { code } ... on QueryCompletenessSuccess { data { expected } } } }', {}],
        ['query { series(unit: "01", form: "BC-QT", indicator: "QT01", periods: ["2026Q1"]) { __typename ... on Error { code } ... on QuerySeriesSuccess { data { value } } } }', {}],
      ] as const
      // The answer is the typed failure alone: no figures of Hà Nội come with it.
      const only = (r: { data?: unknown }) => Object.values((r.data ?? {}) as Record<string, unknown>)[0]
      for (const [q, v] of ops) {
        const r = await app.gql(q, v as Record<string, unknown>, { as: 'tuyengiao.haiphong' })
        expect(r.errors, q).toBeUndefined()
        expect(only(r), q).toMatchObject({ __typename: 'DomainError', code: 'UNIT_NOT_FOUND' })
        expect(only(r), q).not.toHaveProperty('data')
      }
      const nope = await app.gql(ROLLUP, { u: 'KHONG-CO', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.haiphong' })
      expect((only(nope) as { code: string }).code).toBe('UNIT_NOT_FOUND')
      const own = await app.gql<{ rollup: { data: { summary: { indicators: { value: number }[] } } } }>(ROLLUP, { u: '31', f: 'BC-QT', p: '2026Q1' }, { as: 'tuyengiao.haiphong' })
      expect(own.errors).toBeUndefined()
      expect(own.data!.rollup.data.summary.indicators[0]!.value).toBe(7)
    })

    // the unit, the check and the figures are one statement: every grant counts, and only its subtree
    it('a viewer with several grants reads each subtree, not the units above them; one without grants reads none', async () => {
      const u = (code: string) => findUnitByCode(app.db, code).then((x) => x!.id)
      await createAccount(app.db, { username: 'hai.noi', displayName: 'Hai nơi', password: DEMO_PASSWORD, grants: [{ role: 'viewer', unitId: await u('01.PL.CB01') }, { role: 'viewer', unitId: await u('31') }], grantedBy: null })
      await createAccount(app.db, { username: 'khong.quyen', displayName: 'Không quyền', password: DEMO_PASSWORD, grants: [], grantedBy: null })
      const value = async (unit: string, as: string) => {
        const r = await app.gql<{ rollup: { code?: string; data?: { summary: { indicators: { value: number | null }[] } } } }>(ROLLUP, { u: unit, f: 'BC-QT', p: '2026Q1' }, { as })
        expect(r.errors).toBeUndefined()
        return r.data!.rollup.data ? r.data!.rollup.data.summary.indicators[0]!.value : r.data!.rollup.code
      }
      expect(await value('01.PL.CB01', 'hai.noi')).toBe(2)
      expect(await value('31', 'hai.noi')).toBe(7)
      expect(await value('01.PL', 'hai.noi')).toBe('UNIT_NOT_FOUND')
      expect(await value('01.PL.CB02', 'hai.noi')).toBe('UNIT_NOT_FOUND')
      expect(await value('19', 'hai.noi')).toBe('UNIT_NOT_FOUND')
      expect(await value('31', 'khong.quyen')).toBe('UNIT_NOT_FOUND')
      expect(await value('01.PL.CB01', 'khong.quyen')).toBe('UNIT_NOT_FOUND')
    })
  })
})
