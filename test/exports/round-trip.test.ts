import ExcelJS from 'exceljs'
import { fillFormTemplate } from '../../exports/fill-form-template.js'
import { rollupEngineSource } from '../../src/domain/exports/rollup-engine-source.js'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { buildConsolidatedExport, buildTemplate, consolidatedWorkbookBuffer } from '../../src/domain/exports/export-service.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { importReturnFile, type ImportResult } from '../../src/domain/returns/import-return.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const S1 = parsePeriodId('2026S1')
const system = { accountId: null, username: 'test' }

/** Rollups count submitted returns (a draft is still the clerk's work in progress). */
async function submitAll(app: TestApp, result: ImportResult): Promise<void> {
  for (const r of result.returns) await transitionReturn(app.services.database, r.returnId as number, 'submit', system)
}

forEachDialect('the pipeline closes: template → upload → rollup → export → import one level up', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('stores exactly the values typed into a generated template', async () => {
    const template = await buildTemplate(app.db, { formCode: 'BC-YT72', unitCode: '01.PL.TYT', periodId: '2026S1', layout: 'form' })
    const filled = await fillFormTemplate(template.bytes, { YT01: 12500, YT02: 12100, YT04: 90, YT05: 88, YT09: 3000, YT21: 76.2 })
    const result = await importReturnFile(app.services, { bytes: filled, fileName: template.fileName, dryRun: false, actor: system })
    expect(result.outcome, JSON.stringify(result.findings)).toBe('committed')
    await submitAll(app, result)
    const stored = await app.db
      .selectFrom('current_values')
      .innerJoin('returns', 'returns.id', 'current_values.return_id')
      .select(['indicator_code', 'num_value'])
      .where('returns.id', '=', result.returns[0]?.returnId as number)
      .orderBy('indicator_code')
      .execute()
    expect(Object.fromEntries(stored.map((s) => [s.indicator_code, s.num_value]))).toEqual({ YT01: 12500, YT02: 12100, YT04: 90, YT05: 88, YT09: 3000, YT21: 76.2 })
  })

  it("imports a ward's export at the city as its consolidated return: the city rollup is unchanged and the ward's discrepancy is zero", async () => {
    const own = await buildTemplate(app.db, { formCode: 'BC-YT72', unitCode: '01.PL', periodId: '2026S1', layout: 'form' })
    const ownResult = await importReturnFile(app.services, { bytes: await fillFormTemplate(own.bytes, { YT01: 1000, YT02: 990, YT04: 10, YT05: 10, YT21: 75 }), fileName: own.fileName, dryRun: false, actor: system })
    expect(ownResult.outcome, JSON.stringify(ownResult.findings)).toBe('committed')
    await submitAll(app, ownResult)

    const city = (await findUnitByCode(app.db, '01'))?.id as number
    const before = await computeRollup(app.db, 'BC-YT72', city, S1)
    const ward = await buildConsolidatedExport(app.db, { unitCode: '01.PL', formCode: 'BC-YT72', periodId: '2026S1' }, rollupEngineSource(app.db))
    const bytes = await consolidatedWorkbookBuffer(ward)

    // Every number on "Tổng hợp" is the figure the GraphQL rollup gives for the ward (ratios as fractions under a % format).
    const gql = await app.gql<{ rollup: { data: { summary: { indicators: { code: string; value: number | null; valueType: string }[] } } } }>(
      '{ rollup(unit: "01.PL", form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { summary { indicators { code value valueType } } } } } }',
      {},
      { as: 'tuyengiao.hanoi' },
    )
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheetValues = new Map<string, unknown>()
    book.getWorksheet('Tổng hợp')?.eachRow((row) => {
      const code = row.getCell(2).value
      const v = row.getCell(5).value
      // Ratio cells are formulas (numerator ÷ denominator) carrying their computed result.
      if (typeof code === 'string' && /^YT\d\d$/.test(code)) sheetValues.set(code, v !== null && typeof v === 'object' && 'result' in v ? v.result : v)
    })
    let compared = 0
    for (const f of gql.data?.rollup.data.summary.indicators ?? []) {
      if (f.valueType === 'text') continue
      const cell = sheetValues.get(f.code)
      if (f.value === null) expect(cell ?? null, f.code).toBeNull()
      else expect(f.valueType === 'ratio' ? (cell as number) * 100 : cell, f.code).toBeCloseTo(f.value, 9)
      compared++
    }
    expect(compared).toBe(21)

    // "Chi tiết": each child's row carries the GraphQL rollup's figures for that child.
    const kids = await app.gql<{ rollup: { data: { children: { unit: { code: string }; indicators: { code: string; value: number | null; valueType: string }[] }[] } } }>(
      '{ rollup(unit: "01.PL", form: "BC-YT72", period: "2026S1") { ... on QueryRollupSuccess { data { children { unit { code } indicators { code value valueType } } } } } }',
      {},
      { as: 'tuyengiao.hanoi' },
    )
    const detail = book.getWorksheet('Chi tiết')
    let header = 0
    detail?.eachRow((row, n) => {
      if (row.getCell(2).value === 'Mã đơn vị') header = n
    })
    expect(header).toBeGreaterThan(0)
    const columns = new Map<string, number>()
    detail?.getRow(header).eachCell((c, col) => columns.set(String(c.value), col))
    const rowsByCode = new Map<string, number>()
    detail?.eachRow((row, n) => {
      if (n > header && typeof row.getCell(2).value === 'string') rowsByCode.set(row.getCell(2).value as string, n)
    })
    let cells = 0
    for (const child of kids.data?.rollup.data.children ?? []) {
      const rowNumber = rowsByCode.get(child.unit.code)
      expect(rowNumber, child.unit.code).toBeDefined()
      for (const f of child.indicators) {
        if (f.valueType !== 'integer' || !columns.has(f.code)) continue
        expect(detail?.getCell(rowNumber as number, columns.get(f.code) as number).value ?? null, `${child.unit.code} ${f.code}`).toBe(f.value)
        cells++
      }
    }
    expect(cells).toBeGreaterThan(20)

    // "Tình hình báo cáo": the late and missing units, with the days late, as the GraphQL completeness gives them.
    const comp = await app.gql<{ completeness: { data: { lateUnits: { unit: { code: string }; lateDays: number }[]; missingUnits: { unit: { code: string } }[] } } }>(
      '{ completeness(unit: "01.PL", form: "BC-YT72", period: "2026S1") { ... on QueryCompletenessSuccess { data { lateUnits { unit { code } lateDays } missingUnits { unit { code } } } } } }',
      {},
      { as: 'tuyengiao.hanoi' },
    )
    const status = new Map<string, { state: unknown; days: unknown }>()
    book.getWorksheet('Tình hình báo cáo')?.eachRow((row, n) => {
      if (n > 5 && typeof row.getCell(2).value === 'string') status.set(row.getCell(2).value as string, { state: row.getCell(4).value, days: row.getCell(5).value })
    })
    const late = comp.data?.completeness.data.lateUnits ?? []
    expect(late.length).toBeGreaterThan(0)
    for (const u of late) expect(status.get(u.unit.code)?.days, u.unit.code).toBe(u.lateDays)
    for (const u of comp.data?.completeness.data.missingUnits ?? []) expect(String(status.get(u.unit.code)?.state), u.unit.code).toMatch(/chưa|thiếu/i)
    const imported = await importReturnFile(app.services, { bytes, fileName: 'tong-hop-phuc-loi.xlsx', dryRun: false, actor: system })
    expect(imported.outcome, JSON.stringify(imported.findings)).toBe('committed')
    expect(imported.scope).toBe('consolidated')
    expect(imported.returns.map((r) => r.unitCode)).toEqual(['01.PL'])
    await submitAll(app, imported)

    const after = await computeRollup(app.db, 'BC-YT72', city, S1)
    const numbers = (r: typeof before) => r.root.indicators.filter((i) => i.valueType !== 'text').map((i) => [i.code, i.value, i.numerator, i.denominator])
    expect(numbers(after)).toEqual(numbers(before))
    expect(before.root.indicators.find((i) => i.code === 'YT01')?.value).toBe(13500)
    expect(before.root.indicators.find((i) => i.code === 'YT06')?.numerator).toBe(98)

    const wardNode = after.root.children.find((c) => c.unit.code === '01.PL')
    const discrepancies = wardNode?.indicators.filter((i) => i.discrepancy !== null).map((i) => i.discrepancy) ?? []
    expect(discrepancies.length).toBeGreaterThan(0)
    for (const d of discrepancies) expect(Math.abs(d as number)).toBeLessThan(1e-9)
  })
})
