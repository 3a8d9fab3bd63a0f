import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { loadWorkbookFromEntries } from '../../../importers/exceljs-entries-loader.js'
import { inflateXlsx } from '../../../importers/zip-guard.js'

const CORPUS = new URL('../../../../shared/xlsx-corpus/', import.meta.url).pathname
const OPTIONS = { ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'], maxRows: 5001, maxCols: 301 }

/** What the importer reads of a workbook: sheets, their state, merged ranges, hidden rows, every cell's value and style. */
function summary(wb: ExcelJS.Workbook): unknown {
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = []
    const hidden: number[] = []
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (row.hidden) hidden.push(r)
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells.push([cell.address, cell.type, JSON.stringify(cell.value), cell.numFmt ?? null, cell.font?.name ?? null, cell.isMerged ? cell.master.address : null])
      })
    })
    return { name: ws.name, state: ws.state, rowCount: ws.rowCount, columnCount: ws.columnCount, hidden, cells }
  })
}

async function viaExceljs(bytes: Buffer): Promise<unknown> {
  try {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, OPTIONS as never)
    return summary(wb)
  } catch {
    return 'error'
  }
}

async function viaEntries(bytes: Buffer): Promise<unknown> {
  const inflated = await inflateXlsx(bytes)
  if (!inflated.ok) return null
  try {
    return summary(await loadWorkbookFromEntries(inflated.entries, OPTIONS))
  } catch {
    return 'error'
  }
}

async function sampleWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.getCell('A1').value = 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI'
  ws.getCell('A1').font = { name: '.VnTime' }
  ws.getCell('B7').value = 'QT01'
  ws.getCell('E7').value = 1250
  ws.getCell('E8').value = { formula: 'E7*2', result: 2500 }
  ws.getCell('E9').value = 0.985
  ws.getCell('E9').numFmt = '0.0%'
  ws.getRow(9).hidden = true
  ws.getCell('A2').value = 'Quý I/2026'
  ws.mergeCells('A2:E2')
  wb.addWorksheet('_tonghop', { state: 'hidden' }).getCell('A1').value = 'form'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('loadWorkbookFromEntries: exceljs parsing without its unzipping', () => {
  it('reads values, formulas, number formats, fonts, merges, hidden rows and sheets as xlsx.load does', async () => {
    const bytes = await sampleWorkbook()
    const ours = (await viaEntries(bytes)) as { name: string; state: string; hidden: number[]; cells: unknown[][] }[]
    expect(ours).toEqual(await viaExceljs(bytes))
    expect(ours.map((s) => [s.name, s.state])).toEqual([['Biểu 01', 'visible'], ['_tonghop', 'hidden']])
    expect(ours[0]?.hidden).toEqual([9])
    expect(ours[0]?.cells).toContainEqual(['E9', ExcelJS.ValueType.Number, '0.985', '0.0%', 'Calibri', null])
    expect(ours[0]?.cells).toContainEqual(['E8', ExcelJS.ValueType.Formula, JSON.stringify({ formula: 'E7*2', result: 2500 }), null, null, null])
    expect(ours[0]?.cells.filter((c) => c[5] === 'A2').map((c) => c[0])).toEqual(['A2', 'B2', 'C2', 'D2', 'E2'])
  })

  it('gives the same workbook as xlsx.load for every xlsx in the corpus that exceljs reads', async () => {
    let compared = 0
    for (const dir of ['exceljs', 'sheetjs']) {
      for (const name of readdirSync(join(CORPUS, dir)).filter((n) => /\.xls[xm]$/i.test(n))) {
        const bytes = readFileSync(join(CORPUS, dir, name))
        const ours = await viaEntries(bytes)
        if (ours === null) continue
        const theirs = await viaExceljs(bytes)
        if (theirs === 'error') continue
        expect({ name, ours }).toEqual({ name, ours: theirs })
        compared++
      }
    }
    expect(compared).toBeGreaterThan(60)
  }, 120_000)
})
