import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { insertReturnWithValues, type NewRollupReturn } from '../../src/db/repositories/rollup.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { computeRollup, type RollupText } from '../../src/domain/rollup/rollup-engine.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'
import { foldForSearch } from '../../src/domain/text/vietnamese-text.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// The texts of a rollup are read a page at a time from the stored lists (only the children a page falls in); every
// page, count and search over GraphQL must equal the same cut of the whole list the engine builds for the export.

const PAGE = `query($u: String!, $first: Int!, $offset: Int!, $search: String) { rollup(form: "BC-QT", period: "2026Q1", unit: $u) { ... on QueryRollupSuccess { data {
  summary { indicators(codes: ["DG03"]) { textCount(search: $search) texts(first: $first, offset: $offset, search: $search) { unitCode unitName text periodId } } }
  children { unit { code } indicators(codes: ["DG03"]) { textCount(search: $search) texts(first: $first, offset: $offset, search: $search) { unitCode unitName text periodId } } }
} } } }`

type Page = { textCount: number; texts: RollupText[] }
type PageAnswer = { rollup: { data: { summary: { indicators: Page[] }; children: { unit: { code: string }; indicators: Page[] }[] } } }

forEachDialect('rollup texts a page at a time', (dialect) => {
  let app: TestApp
  const q1 = { formCode: 'BC-QT', periodId: '2026Q1', periodStart: '2026-01-01', periodEnd: '2026-03-31' }
  const commit = (r: NewRollupReturn) => app.db.transaction().execute(async (trx) => afterReturnCommitted(trx, await insertReturnWithValues(trx, r)))
  const wholeLists = async (code: string) => {
    const unit = (await findUnitByCode(app.db, code))!
    const r = await computeRollup(app.db, 'BC-QT', unit.id, parsePeriodId('2026Q1'), { targets: false, texts: true })
    const of = (n: typeof r.root) => n.indicators.find((i) => i.code === 'DG03')!.texts.map((t) => ({ ...t }))
    return { root: of(r.root), children: new Map(r.root.children.map((c) => [c.unit.code, of(c)])) }
  }
  const page = async (unit: string, first: number, offset: number, search: string | null = null) => {
    const r = await app.gql<PageAnswer>(PAGE, { u: unit, first, offset, search }, { as: 'quantri' })
    expect(r.errors).toBeUndefined()
    return r.data!.rollup.data
  }

  beforeAll(async () => {
    app = await createTestApp(dialect)
    // a text from every unit of the seed (the country's own included), some with words to search for
    let i = 0
    for (const unit of await app.db.selectFrom('units').select(['id', 'code']).orderBy('id').execute()) {
      const text = i % 3 === 0 ? `Khó khăn về kinh phí (${i})` : `Ý kiến số ${i} của ${unit.code}`
      await commit({ ...q1, unitId: unit.id, scope: 'own', values: [{ code: 'QT01', num: 1 }, { code: 'DG03', text }] })
      i++
    }
    // a consolidated return replaces its unit's own + children's texts in every list above it
    await commit({ ...q1, unitId: (await findUnitByCode(app.db, '01.PL.MTTQ'))!.id, scope: 'consolidated', values: [{ code: 'QT01', num: 5 }, { code: 'DG03', text: 'Báo cáo tổng hợp của Mặt trận' }] })
  }, 180_000)
  afterAll(async () => app?.close())

  describe.each(['TW', '01', '01.PL'])('at %s', (code) => {
    it('every page and every count is the same cut of the whole list, in unit order', async () => {
      const whole = await wholeLists(code)
      expect(whole.root.length).toBeGreaterThan(5)
      for (const first of [1, 4, 500]) {
        for (let offset = 0; offset <= whole.root.length + 1; offset += first === 500 ? 3 : 1) {
          const r = await page(code, first, offset)
          const [dg] = r.summary.indicators
          expect(dg!.textCount).toBe(whole.root.length)
          expect(dg!.texts).toEqual(whole.root.slice(offset, offset + first))
          for (const c of r.children) {
            const list = whole.children.get(c.unit.code)!
            expect(c.indicators[0]!.textCount).toBe(list.length)
            expect(c.indicators[0]!.texts).toEqual(list.slice(offset, offset + first))
          }
        }
      }
    })

    it('finds texts and unit names without regard to diacritics, and counts them', async () => {
      const whole = await wholeLists(code)
      for (const search of ['kho khan', 'KINH PHÍ', 'chi bo', 'tong hop cua mat tran', 'không có ý kiến này']) {
        const needle = foldForSearch(search)
        const match = (t: RollupText) => foldForSearch(t.text).includes(needle) || foldForSearch(t.unitName).includes(needle)
        const expected = whole.root.filter(match)
        for (const [first, offset] of [[100, 0], [2, 1]] as const) {
          const r = await page(code, first, offset, search)
          expect(r.summary.indicators[0]!.textCount).toBe(expected.length)
          expect(r.summary.indicators[0]!.texts).toEqual(expected.slice(offset, offset + first))
          for (const c of r.children) expect(c.indicators[0]!.texts).toEqual(whole.children.get(c.unit.code)!.filter(match).slice(offset, offset + first))
        }
      }
    })
  })

  it('orders the lists as Vietnamese units are ordered, and lists the consolidated return in place of its subtree', async () => {
    const whole = await wholeLists('01.PL')
    const texts = (await page('01.PL', 500, 0)).summary.indicators[0]!.texts
    expect(texts).toEqual(whole.root)
    expect(texts[0]!.unitCode).toBe('01.PL')
    expect(texts.filter((t) => t.unitCode.startsWith('01.PL.MTTQ')).map((t) => t.text)).toEqual(['Báo cáo tổng hợp của Mặt trận'])
    expect(texts.map((t) => t.unitCode)).toContain('01.PL.TDP02')
  })

  it('reads only the stored lists a page falls in: a national first page does not read the whole country', async () => {
    const whole = await wholeLists('TW')
    const tw = (await findUnitByCode(app.db, 'TW'))!
    const r = await computeRollup(app.db, 'BC-QT', tw.id, parsePeriodId('2026Q1'), { targets: false, texts: false })
    const last = r.root.children.filter((c) => c.indicators.find((i) => i.code === 'DG03')!.reportingUnits > 0).at(-1)!
    const key = (q: ReturnType<typeof app.db.updateTable<'rollup_state'>>) => q.where('form_code', '=', 'BC-QT').where('period_id', '=', '2026Q1').where('unit_id', '=', last.unit.id)
    const saved = await app.db.selectFrom('rollup_state').select('texts').where('form_code', '=', 'BC-QT').where('period_id', '=', '2026Q1').where('unit_id', '=', last.unit.id).executeTakeFirstOrThrow()
    // the last child's stored list made unreadable: a page that does not reach it must not read it
    await key(app.db.updateTable('rollup_state').set({ texts: 'unreadable' })).execute()
    try {
      const q = `{ rollup(form: "BC-QT", period: "2026Q1", unit: "TW") { ... on QueryRollupSuccess { data { summary { indicators(codes: ["DG03"]) { textCount texts(first: 2) { unitCode unitName text periodId } } } } } } }`
      const a = await app.gql<{ rollup: { data: { summary: { indicators: Page[] } } } }>(q, {}, { as: 'quantri' })
      expect(a.errors).toBeUndefined()
      expect(a.data!.rollup.data.summary.indicators[0]).toEqual({ textCount: whole.root.length, texts: whole.root.slice(0, 2) })
    } finally {
      await key(app.db.updateTable('rollup_state').set({ texts: saved.texts })).execute()
    }
  })
})
