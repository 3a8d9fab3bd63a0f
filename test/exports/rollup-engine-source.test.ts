import { afterAll, beforeAll, expect, it } from 'vitest'
import type ExcelJS from 'exceljs'
import { consolidatedWorkbookBuffer, SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { FORM_HEADERS } from '../../exports/template-data.js'
import { buildConsolidatedReportData } from '../../src/domain/exports/build-consolidated-data.js'
import { rollupEngineSource } from '../../src/domain/exports/rollup-engine-source.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { findRow, loadWorkbook, metaOf } from './export-fixtures.js'

forEachDialect('exports: adapter over the rollup engine (not plugged in by default)', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(async () => app?.close())

  it('builds a writable report for Phúc Lợi from the engine (no returns yet: figures empty, never zero)', async () => {
    const data = await buildConsolidatedReportData(app.db, { unitCode: '01.PL', formCode: 'BC-YT72', periodId: '2026S1', date: '2026-06-25' }, rollupEngineSource(app.db))
    expect(data.unit.code).toBe('01.PL')
    expect(data.recipients.at(-1)).toBe('Lưu.')
    const wb = await loadWorkbook(await consolidatedWorkbookBuffer(data))
    expect(metaOf(wb)).toMatchObject({ form: 'BC-YT72', unit: '01.PL', scope: 'consolidated' })
    const ws = wb.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    const header = findRow(ws, FORM_HEADERS)
    expect(ws.getCell(header + 2, 2).value).toBe('YT01')
    expect(ws.getCell(header + 2, 5).value).not.toBe(0)
  })
})
