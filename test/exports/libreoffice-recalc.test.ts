import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { consolidatedWorkbookBuffer, DETAIL_SHEET, SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { allIndicators } from '../../exports/form-shape.js'
import { FORM_HEADERS, TABLE_HEADERS } from '../../exports/template-data.js'
import { findRow, loadWorkbook, sampleReportData } from './export-fixtures.js'

const hasLibreOffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0
const hasPdfToText = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0
if (!hasLibreOffice) {
  console.log('SKIPPED test/exports/libreoffice-recalc.test.ts: LibreOffice (soffice) is not installed, so the export was NOT recalculated or printed; install libreoffice-calc to run it (CI does).')
}

/** A private LibreOffice profile that recalculates every formula on load (default: trust cached results). */
function makeProfile(dir: string): string {
  const user = join(dir, 'profile', 'user')
  mkdirSync(user, { recursive: true })
  writeFileSync(
    join(user, 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  )
  return `file://${join(dir, 'profile')}`
}

function convert(dir: string, input: string, to: string): string {
  const r = spawnSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${makeProfile(dir)}`, '--convert-to', to, '--outdir', join(dir, 'out'), input], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HOME: dir },
  })
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`)
  return join(dir, 'out')
}

describe('export opened in LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-lo-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.skipIf(!hasLibreOffice)('recalculates the total formulas to the engine figures', async () => {
    const data = sampleReportData(6)
    // Poison every cached result, so only a real recalculation can give the right numbers.
    const wb = await loadWorkbook(await consolidatedWorkbookBuffer(data))
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => {
      if (c.formula) c.value = { formula: c.formula, result: -424242 } as ExcelJS.CellFormulaValue
    }))
    const input = join(dir, 'export.xlsx')
    writeFileSync(input, Buffer.from(await wb.xlsx.writeBuffer()))
    const out = await loadWorkbook(readFileSync(join(convert(dir, input, 'xlsx:Calc MS Excel 2007 XML'), 'export.xlsx')))
    const detail = out.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet
    const header = findRow(detail, TABLE_HEADERS)
    const total = header + data.children.length + 1
    let checked = 0
    detail.getRow(header).eachCell((cell, col) => {
      if (col <= 3) return
      const ind = allIndicators(data.form).find((i) => i.code === cell.value)
      const expected = data.rows[String(cell.value)]?.value
      if (!ind || typeof expected !== 'number') return
      const got = detail.getCell(total, col).result
      expect(got, `${String(cell.value)} total`).toBeCloseTo(expected, 9)
      checked++
    })
    expect(checked).toBeGreaterThanOrEqual(20)
    const summary = out.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    const sh = findRow(summary, FORM_HEADERS)
    for (let r = sh + 1; r <= summary.rowCount; r++) {
      const code = summary.getCell(r, 2).value
      const ind = allIndicators(data.form).find((i) => i.code === code)
      if (ind?.valueType === 'ratio') expect(summary.getCell(r, 5).result, String(code)).toBeCloseTo(data.rows[ind.code]?.value as number, 9)
    }
  })

  it.skipIf(!hasLibreOffice)('the note of a text indicator stays inside the table and the print area, one page per sheet', async () => {
    const data = sampleReportData(6)
    const bytes = await consolidatedWorkbookBuffer(data)
    const input = join(dir, 'note.xlsx')
    writeFileSync(input, bytes)
    const pdf = readFileSync(join(convert(dir, input, 'pdf'), 'note.pdf')).toString('latin1')
    // Four sheets, four pages: nothing spills to a page of its own.
    expect([...pdf.matchAll(/\/Type\s*\/Page\b(?!s)/g)].length).toBe(4)
    // As LibreOffice reads and writes the file again: the note is one wrapped cell across the figure columns F–J
    // (it was a two-line text in the narrow "Đánh giá" column, in a row one line high, so it ran out of the table),
    // and the print area is the table with its closing.
    const back = await loadWorkbook(readFileSync(join(convert(dir, input, 'xlsx:Calc MS Excel 2007 XML'), 'note.xlsx')))
    const summary = back.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    let noteRow = 0
    summary.eachRow((row, r) => { if (row.getCell(2).value === 'YT22') noteRow = r })
    expect(String(summary.getCell(noteRow, 6).value)).toMatch(/^5 ý kiến của các đơn vị: xem .*sheet "Ý kiến"$/)
    for (const col of [7, 8, 9, 10]) expect(summary.getCell(noteRow, col).isMerged, `column ${col}`).toBe(true)
    expect(summary.getCell(noteRow, 11).isMerged).toBe(false)
    expect(summary.getCell(noteRow, 6).alignment?.wrapText).toBe(true)
    const area = String(summary.pageSetup.printArea ?? '')
    const m = /^\$?A\$?1:\$?J\$?(\d+)$/.exec(area.replace(/^'?[^!]*'?!/, ''))
    expect(m, `print area ${area}`).not.toBeNull()
    let lastUsed = 0
    summary.eachRow((row, r) => { if (row.values && (row.values as unknown[]).some((v) => v !== null && v !== undefined && v !== '')) lastUsed = r })
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(lastUsed)
  })

  it.skipIf(!hasLibreOffice)('prints to PDF on A4 with the header, the table and the signature block', async () => {
    const input = join(dir, 'print.xlsx')
    writeFileSync(input, await consolidatedWorkbookBuffer(sampleReportData(6)))
    const pdf = readFileSync(join(convert(dir, input, 'pdf'), 'print.pdf'))
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // A4 is 595 × 842 pt, in either orientation.
    const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))].sort((a, b) => a - b).join('x'))
    // (The page-tree root may carry a square box covering both orientations; pages are A4.)
    const pageBoxes = boxes.filter((b) => b !== '842x842')
    expect(pageBoxes.length).toBeGreaterThan(0)
    for (const b of pageBoxes) expect(b).toBe('595x842')
    if (!hasPdfToText) {
      console.log('PDF text check skipped: pdftotext (poppler-utils) is not installed; page size was checked.')
      return
    }
    const text = spawnSync('pdftotext', ['-layout', join(dir, 'out', 'print.pdf'), '-'], { encoding: 'utf8' }).stdout.normalize('NFC')
    for (const s of ['ĐẢNG BỘ THÀNH PHỐ HÀ NỘI', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'Phúc Lợi, ngày 25 tháng 6 năm 2026', 'BÁO CÁO', 'STT', 'Đơn vị tính', 'YT01', 'Nơi nhận:', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Xuân Hiền']) expect(text).toContain(s)
  })
})
