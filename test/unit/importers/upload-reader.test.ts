import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { IN_THREAD_MAX_INFLATED, readUpload } from '../../../importers/upload-reader.js'
import { readWorkbook } from '../../../importers/workbook-reader.js'
import { inflateXlsx, inspectXlsx } from '../../../importers/zip-guard.js'
import { buildZip } from './zip-builder.js'

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 01')
  ws.getCell('A1').value = 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI'
  for (let r = 2; r < 2 + rows; r++) for (let c = 1; c <= 8; c++) ws.getCell(r, c).value = r * c
  return Buffer.from(await wb.xlsx.writeBuffer())
}

describe('readUpload: small uploads in the calling thread, large ones in a reader thread', () => {
  it('reads a small return and a large sheet to the same grids as readWorkbook', { timeout: 60_000 }, async () => {
    const small = await workbook(10)
    const large = await workbook(3000)
    expect(((await inspectXlsx(small)) as { totalUncompressed: number }).totalUncompressed).toBeLessThan(IN_THREAD_MAX_INFLATED)
    expect(((await inspectXlsx(large)) as { totalUncompressed: number }).totalUncompressed).toBeGreaterThan(IN_THREAD_MAX_INFLATED)
    for (const bytes of [small, large]) {
      const r = await readUpload(bytes)
      expect(r.ok).toBe(true)
      expect(r).toEqual(await readWorkbook(bytes))
    }
  })

  it('reads a tiny sheet whose merged range and print area span the whole sheet (expanding them cell by cell never ends)', { timeout: 60_000 }, async () => {
    // exceljs cannot even write such a file (it expands the merge too), so the parts are edited by hand
    const inflated = await inflateXlsx(await workbook(3))
    if (!inflated.ok) throw new Error(inflated.message)
    const parts = inflated.entries.map(({ name, data }) => {
      let xml = data.toString('utf8')
      if (name === 'xl/worksheets/sheet1.xml') xml = xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="J1:XFD1048576"/></mergeCells>')
      if (name === 'xl/workbook.xml') xml = xml.replace(/<definedNames>.*<\/definedNames>|(?=<calcPr)/, `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'Biểu 01'!$A$1:$XFD$1048576</definedName><definedName name="Toan_bo">'Biểu 01'!$A$1:$XFD$1048576</definedName></definedNames>`)
      return { name, data: xml }
    })
    const bytes = buildZip(parts)
    expect(parts.find((p) => p.name === 'xl/workbook.xml')!.data).toContain('Toan_bo')
    expect(parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!.data).toContain('J1:XFD1048576')
    const r = await readUpload(bytes)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.grids.sheets[0]!.rows.get(4)!.get(8)).toMatchObject({ address: 'H4', num: 32 })
  })

  it('reads rows written without their number (the row after the previous one)', async () => {
    const inflated = await inflateXlsx(await workbook(3))
    if (!inflated.ok) throw new Error(inflated.message)
    const parts = inflated.entries.map(({ name, data }) => ({ name, data: name === 'xl/worksheets/sheet1.xml' ? data.toString('utf8').replace(/<row r="\d+"/g, '<row') : data }))
    expect(String(parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!.data)).not.toMatch(/<row r=/)
    const r = await readUpload(buildZip(parts))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect([...r.grids.sheets[0]!.rows.keys()]).toEqual([1, 2, 3, 4])
    expect(r.grids.sheets[0]!.rows.get(4)!.get(8)).toMatchObject({ address: 'H4', num: 32 })
  })

  it('reports a million empty rows as too many rows, naming the sheet, not as a broken file (issue #15)', { timeout: 60_000 }, async () => {
    const inflated = await inflateXlsx(await workbook(3))
    if (!inflated.ok) throw new Error(inflated.message)
    const empty = Array.from({ length: 1_000_000 }, (_v, i) => `<row r="${i + 5}"/>`).join('')
    const parts = inflated.entries.map(({ name, data }) => ({ name, data: name === 'xl/worksheets/sheet1.xml' ? data.toString('utf8').replace('</sheetData>', `${empty}</sheetData>`) : data }))
    const r = await readUpload(buildZip(parts))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.findings.map((f) => [f.code, f.place])).toEqual([['FILE_TOO_MANY_CELLS', 'Biểu 01']])
    expect(r.findings[0]!.message).toMatch(/^Trang "Biểu 01" có hơn 5000 dòng/)
  })

  it('refuses what is not an xlsx as readWorkbook does', async () => {
    const r = await readUpload(Buffer.from('STT;Mã;Chỉ tiêu\n1;QT01;12\n'))
    expect(r).toEqual(await readWorkbook(Buffer.from('STT;Mã;Chỉ tiêu\n1;QT01;12\n')))
    expect(r.ok).toBe(false)
  })
})
