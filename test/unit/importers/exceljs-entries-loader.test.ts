import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { XLSX_CORPUS_DIR } from '../../support/fixture-dirs.js'
import { gridCell, readWorkbook, type GridCell } from '../../../importers/workbook-reader.js'

const CORPUS = `${XLSX_CORPUS_DIR}/`
const OPTIONS = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'], maxRows: 5001, maxCols: 301 }

/**
 * The reference: exceljs's own `xlsx.load` and its workbook API (cell values, merged cells' masters, fonts, number
 * formats), read into the importer's grid. The reader parses with exceljs's parsers but reads cells from its model.
 */
async function viaWorkbookApi(bytes: Buffer): Promise<unknown> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, OPTIONS as never)
  } catch {
    return 'error'
  }
  return wb.worksheets.map((ws) => {
    const cells: GridCell[] = []
    const hiddenRows: number[] = []
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (row.hidden) hiddenRows.push(r)
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.isMerged && cell.master.address !== cell.address) return
        const v = cell.value as unknown
        const formula = typeof v === 'object' && v !== null && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)
        // cell.result, not value.result: the value object drops a falsy result (a formula whose result is 0)
        const shown = formula ? cell.result : typeof v === 'object' && v !== null && 'hyperlink' in v ? (v as { text?: unknown }).text : v
        const g = gridCell(r, c, shown, formula, cell.font?.name, cell.numFmt)
        if (g) cells.push(g)
      })
    })
    return { name: ws.name, hidden: ws.state !== 'visible', hiddenRows, cells }
  })
}

async function viaReader(bytes: Buffer): Promise<unknown> {
  const r = await readWorkbook(bytes, { maxSheets: 1000, maxRows: 5000, maxColumns: 300 })
  if (!r.ok) return r.findings.map((f) => f.code)
  const all = [...r.grids.sheets]
  return all.map((s) => ({ name: s.name, hidden: s.hidden, hiddenRows: [...s.hiddenRows].filter((n) => s.rows.has(n)), cells: [...s.rows.values()].flatMap((row) => [...row.values()]) }))
}

async function sampleWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.getCell('A1').value = 'ÑAÛNG UÛY PHÖÔØNG'
  ws.getCell('A1').font = { name: 'VNI-Times' }
  ws.getCell('A2').value = 'Quý I/2026'
  ws.mergeCells('A2:E2')
  ws.getCell('B7').value = 'QT01'
  ws.getCell('E7').value = 1250
  ws.getCell('E8').value = { formula: 'E7*2', result: 2500 }
  ws.getCell('E9').value = 0.985
  ws.getCell('E9').numFmt = '0.0%'
  ws.getCell('E10').value = { formula: 'E7/0', result: { error: '#DIV/0!' } }
  ws.getCell('E11').value = { formula: 'SUM(E7:E8)' } as ExcelJS.CellFormulaValue
  ws.getCell('E12').value = { formula: 'E7-E7', result: 0 }
  ws.getCell('C12').value = { richText: [{ text: 'Tổng ' }, { text: 'cộng', font: { bold: true } }] }
  ws.getCell('C13').value = { text: 'Trang chủ', hyperlink: 'https://example.vn' }
  ws.getCell('D13').value = true
  ws.getRow(9).hidden = true
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('reading cells from exceljs’s model (no workbook object built)', () => {
  it('gives the grid the workbook API gives: values, formulas with and without results, rich text, links, merges, fonts, percentages, hidden rows', async () => {
    const bytes = await sampleWorkbook()
    const ours = (await viaReader(bytes)) as { name: string; hiddenRows: number[]; cells: GridCell[] }[]
    expect(ours).toEqual(await viaWorkbookApi(bytes))
    const at = (a: string) => ours[0]!.cells.find((c) => c.address === a)
    expect(at('A1')?.text).toBe('ĐẢNG ỦY PHƯỜNG')
    expect(at('A2')?.text).toBe('Quý I/2026')
    expect(ours[0]!.cells.filter((c) => c.row === 2).map((c) => c.address)).toEqual(['A2'])
    expect([at('E8')?.num, at('E8')?.formula, at('E11')?.kind, at('E10')?.kind]).toEqual([2500, true, 'formula-no-result', 'error'])
    expect([at('E9')?.num, at('E9')?.percentFormat]).toEqual([0.985, true])
    // a formula whose cached result is 0 is a 0, not a formula without a result
    expect([at('E12')?.kind, at('E12')?.num]).toEqual(['number', 0])
    expect([at('C12')?.text, at('C13')?.text, at('D13')?.kind]).toEqual(['Tổng cộng', 'Trang chủ', 'boolean'])
    expect(ours[0]!.hiddenRows).toEqual([9])
  })

  it('gives the same grids as the workbook API for every xlsx in the corpus that exceljs loads', async () => {
    let compared = 0
    for (const dir of ['exceljs', 'sheetjs']) {
      for (const name of readdirSync(join(CORPUS, dir)).filter((n) => /\.xls[xm]$/i.test(n))) {
        const bytes = readFileSync(join(CORPUS, dir, name))
        const theirs = await viaWorkbookApi(bytes)
        if (theirs === 'error') continue
        const ours = await viaReader(bytes)
        // the reader may refuse (zip bomb, too large) what exceljs loads; everything it reads must match
        if (Array.isArray(ours) && typeof ours[0] === 'string') continue
        expect({ name, ours }).toEqual({ name, ours: theirs })
        compared++
      }
    }
    expect(compared).toBeGreaterThan(60)
  }, 120_000)
})
