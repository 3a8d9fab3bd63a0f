import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DETAIL_SHEET, SUMMARY_SHEET, TEXTS_SHEET } from '../../exports/consolidated-workbook.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { buildConsolidatedExport, consolidatedWorkbookBuffer } from '../../src/domain/exports/export-service.js'
import { rollupEngineSource } from '../../src/domain/exports/rollup-engine-source.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { expectDetailMatchesEngine, poisonCachedResults } from '../support/consolidated-check.js'
import { fileReturn } from '../support/file-returns.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { hasLibreOffice, recalculatedByLibreOffice } from '../support/libreoffice.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { loadWorkbook, quotePrefixedCells } from './export-fixtures.js'

if (!hasLibreOffice) console.log('SKIPPED test/exports/consolidated-agreement.test.ts: LibreOffice (soffice) is not installed; install libreoffice-calc to run it (CI does).')

const DASH_TEXT = '- Thiếu kinh phí in tài liệu; một số chi bộ chưa sinh hoạt chuyên đề'
const FORMULA_TEXT = '=Đề nghị Thành ủy hỗ trợ tài liệu'

/** Exports `unit`, has LibreOffice recalculate it from scratch, and checks every row and total of "Chi tiết" against the engine. */
async function expectAgreement(app: TestApp, dir: string, unitCode: string, formCode: string, periodId: string): Promise<ExcelJS.Workbook> {
  const data = await buildConsolidatedExport(app.db, { unitCode, formCode, periodId }, rollupEngineSource(app.db))
  const bytes = recalculatedByLibreOffice(await poisonCachedResults(await consolidatedWorkbookBuffer(data)), dir)
  const wb = await loadWorkbook(bytes)
  const unitId = (await findUnitByCode(app.db, unitCode))?.id as number
  const engine = await computeRollup(app.db, formCode, unitId, parsePeriodId(periodId))
  const children = engine.root.children.map((c) => ({ code: c.unit.code, indicators: c.indicators }))
  const checked = expectDetailMatchesEngine(wb.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet, engine.root.indicators, children)
  expect(checked).toBeGreaterThan(children.length)
  return wb
}

forEachDialect('the consolidated workbook agrees with itself and with the engine, recalculated by LibreOffice', (dialect) => {
  let app: TestApp
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-agree-'))
  beforeAll(async () => {
    app = await createTestApp(dialect)
    // Two wards of Hải Phòng: yes/no answered differently, ratios, texts (one starting with "-", one with "=").
    await fileReturn(app, '31.BD', 'BC-QT', '2026Q1', { QT01: 3, QT02: 240, QT03: 180, QT04: 200, QT06: 9, QT07: 10, QT09: 'Có', TT01: 12, DG03: DASH_TEXT, DG04: FORMULA_TEXT })
    await fileReturn(app, '31.DS', 'BC-QT', '2026Q1', { QT01: 2, QT02: 150, QT03: 120, QT04: 160, QT06: 5, QT07: 8, QT09: 'Không', TT01: 4, DG03: 'Địa bàn rộng' })
    // Weighted average: life expectancy by population.
    await fileReturn(app, '31.BD', 'BC-YT72', '2026S1', { YT01: 20000, YT02: 19000, YT04: 300, YT05: 290, YT21: 76.5 })
    await fileReturn(app, '31.DS', 'BC-YT72', '2026S1', { YT01: 10000, YT02: 9000, YT04: 100, YT05: 99, YT21: 74.1 })
    // Choices: the People's Committee of Bạch Đằng and its offices report progress on the task groups.
    await fileReturn(app, '31.BD.TYT', 'BC-NV', '2026Q1', { NV01: 'Hoàn thành', NV02: 'Đang triển khai' })
    await fileReturn(app, '31.BD.VHXH', 'BC-NV', '2026Q1', { NV01: 'Hoàn thành', NV02: 'Chưa triển khai' })
    await fileReturn(app, '31.BD.KT', 'BC-NV', '2026Q1', { NV01: 'Đang triển khai' })
    // The People's Committee files its own return too: its node is own + children (domain.md §5.5).
    await fileReturn(app, '31.BD.UBND', 'BC-NV', '2026Q1', { NV01: 'Chưa triển khai', NV02: 'Hoàn thành' })
  })
  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it.skipIf(!hasLibreOffice)('yes/no totals read k of n (1 of 2, not 0 of 2), ratios, sums and text counts equal the engine for the city', async () => {
    const wb = await expectAgreement(app, dir, '31', 'BC-QT', '2026Q1')
    const ws = wb.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet
    const codes: unknown[] = []
    ws.getRow(5).eachCell((c, col) => { if (col > 3) codes.push(c.value) })
    expect(codes).toEqual(expect.arrayContaining(['QT09: Có', 'QT09: số ĐV', 'QT05', 'DG03: số ĐV']))
    const total = ws.getColumn(3).values.indexOf('Tổng cộng')
    expect(ws.getCell(total, 4 + codes.indexOf('QT09: Có')).result).toBe(1)
    expect(ws.getCell(total, 4 + codes.indexOf('QT09: số ĐV')).result).toBe(2)
    expect(ws.getCell(total, 4 + codes.indexOf('DG03: số ĐV')).result).toBe(2)
  })

  it.skipIf(!hasLibreOffice)('the weighted average (life expectancy by population) and its weights equal the engine', async () => {
    await expectAgreement(app, dir, '31', 'BC-YT72', '2026S1')
  })

  it.skipIf(!hasLibreOffice)('choice answers are counted per option, row by row and in the total, the unit\'s own return on a row of its own', async () => {
    const wb = await expectAgreement(app, dir, '31.BD.UBND', 'BC-NV', '2026Q1')
    const ws = wb.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet
    const codes: unknown[] = []
    ws.getRow(5).eachCell((c, col) => { if (col > 3) codes.push(c.value) })
    const total = ws.getColumn(3).values.indexOf('Tổng cộng')
    expect(ws.getCell(total, 4 + codes.indexOf('NV01: Hoàn thành')).result).toBe(2)
    expect(ws.getCell(total, 4 + codes.indexOf('NV01: Đang triển khai')).result).toBe(1)
    expect(ws.getCell(total, 4 + codes.indexOf('NV01: Chưa triển khai')).result).toBe(1)
    // First row: the committee's own answers, named as such.
    expect(ws.getCell(6, 2).value).toBe('31.BD.UBND')
    expect(ws.getCell(6, 3).value).toBe('Ủy ban nhân dân phường Bạch Đằng (báo cáo riêng của đơn vị)')
    expect(ws.getCell(6, 4 + codes.indexOf('NV01: Chưa triển khai')).value).toBe(1)
    expect(ws.getCell(6, 4 + codes.indexOf('NV02: Hoàn thành')).value).toBe(1)
  })

  it.skipIf(!hasLibreOffice)('texts starting with "-" or "=" are shown as written, kept text by the quote prefix, and survive LibreOffice', async () => {
    const data = await buildConsolidatedExport(app.db, { unitCode: '31', formCode: 'BC-QT', periodId: '2026Q1' }, rollupEngineSource(app.db))
    const bytes = await consolidatedWorkbookBuffer(data)
    const textsOf = async (b: Buffer) => {
      const ws = (await loadWorkbook(b)).getWorksheet(TEXTS_SHEET) as ExcelJS.Worksheet
      const found = new Map<string, string>()
      ws.eachRow((row) => row.eachCell((c) => { if (c.value === DASH_TEXT || c.value === FORMULA_TEXT) found.set(String(c.value), c.address) }))
      return { found, formulas: ws.getSheetValues().flat().filter((v) => typeof v === 'object' && v !== null && 'formula' in v) }
    }
    const ours = await textsOf(bytes)
    expect([...ours.found.keys()].sort()).toEqual([DASH_TEXT, FORMULA_TEXT].sort())
    expect(ours.formulas).toEqual([])
    const quoted = await quotePrefixedCells(bytes, 4)
    for (const ref of ours.found.values()) expect(quoted, ref).toContain(ref)
    // LibreOffice opens them as the same text cells, without an apostrophe, and saves them as text again (it keeps
    // text cells text by itself and writes no quote prefix back for them).
    const again = await textsOf(recalculatedByLibreOffice(bytes, dir, 'texts.xlsx'))
    expect(again.found).toEqual(ours.found)
    expect(again.formulas).toEqual([])
    // The summary's text rows point to the texts inside the table: one cell merged over the figure columns.
    const summary = (await loadWorkbook(bytes)).getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    let noteRow = 0
    summary.eachRow((row, r) => { if (row.getCell(2).value === 'DG03') noteRow = r })
    expect(String(summary.getCell(noteRow, 6).value)).toContain('2 ý kiến')
    expect(summary.getCell(noteRow, 10).isMerged).toBe(true)
    expect(summary.getCell(noteRow, 5).value).toBeNull()
  })

  it.skipIf(!hasLibreOffice)('a ward export saved again by LibreOffice reads back through our importer as the ward\'s consolidated return, figures unchanged', async () => {
    const data = await buildConsolidatedExport(app.db, { unitCode: '31.DS', formCode: 'BC-YT72', periodId: '2026S1' }, rollupEngineSource(app.db))
    const bytes = recalculatedByLibreOffice(await consolidatedWorkbookBuffer(data), dir, 'ward.xlsx')
    const r = await importReturnFile(app.services, { bytes, fileName: 'ward.xlsx', dryRun: true, actor: { accountId: null, username: 'test' } })
    expect(r.outcome, JSON.stringify(r.findings)).toBe('dry_run')
    const read = new Map((r.returns[0]?.values ?? []).map((v) => [v.indicator, v.num]))
    const engine = await computeRollup(app.db, 'BC-YT72', (await findUnitByCode(app.db, '31.DS'))?.id as number, parsePeriodId('2026S1'))
    let compared = 0
    for (const f of engine.root.indicators.filter((i) => i.valueType === 'integer' || i.valueType === 'decimal')) {
      if (f.value === null) expect(read.get(f.code) ?? null, f.code).toBeNull()
      else expect(read.get(f.code), f.code).toBeCloseTo(f.value, 9)
      compared++
    }
    expect(compared).toBeGreaterThan(10)
  })
})
