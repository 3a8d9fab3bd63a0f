import { describe, expect, it } from 'vitest'
import type ExcelJS from 'exceljs'
import { FORM_HEADERS, FORM_SHEET, TABLE_HEADERS, TABLE_SHEET } from '../../exports/template-data.js'
import { writeTemplateWorkbook } from '../../exports/template-workbook.js'
import { findRow, loadWorkbook, metaOf, quotePrefixedCells, seedForm, textsOf } from './export-fixtures.js'

const UBND = { code: '01.PL.UBND', name: 'Ủy ban nhân dân phường Phúc Lợi', sector: 'state', placeName: 'Phúc Lợi', headerSuperior: null, headerName: 'ỦY BAN NHÂN DÂN PHƯỜNG PHÚC LỢI' }

describe('template writer', () => {
  it('uses the State header block for a State unit', async () => {
    const wb = await loadWorkbook(await writeTemplateWorkbook({ unit: UBND, form: seedForm('bc-nv'), period: { id: '2026Q2', label: 'Quý II/2026', year: 2026 }, layout: 'form', children: [], today: '2026-05-02' }))
    const ws = wb.getWorksheet(FORM_SHEET) as ExcelJS.Worksheet
    const head = textsOf(ws, 8)
    expect(head).toEqual(expect.arrayContaining(['ỦY BAN NHÂN DÂN PHƯỜNG PHÚC LỢI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số:       /BC-', 'Phúc Lợi, ngày … tháng … năm 2026', 'Kỳ báo cáo: Quý II/2026']))
    expect(head).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(head).not.toContain('*')
    expect(metaOf(wb)).toEqual({ form: 'BC-NV', version: 1, period: '2026Q2', unit: '01.PL.UBND', scope: 'own', layout: 'form' })
    expect(findRow(ws, FORM_HEADERS)).toBeGreaterThan(0)
  })

  it('table layout: weighted average for life expectancy, yes/no counts, names written as text', async () => {
    const children = [
      { code: 'A', name: 'Chi bộ A' },
      { code: 'B', name: '=1+1' },
    ]
    const bytes = await writeTemplateWorkbook({ unit: { ...UBND, sector: 'party', headerSuperior: 'ĐẢNG BỘ THÀNH PHỐ HÀ NỘI' }, form: seedForm('bc-yt72'), period: { id: '2026S1', label: '6 tháng đầu năm 2026', year: 2026 }, layout: 'table', children, today: '2026-05-02' })
    const wb = await loadWorkbook(bytes)
    const ws = wb.getWorksheet(TABLE_SHEET) as ExcelJS.Worksheet
    const header = findRow(ws, TABLE_HEADERS)
    // The name as written, kept text by the cell's quote prefix (no apostrophe in the value).
    expect(ws.getCell(header + 2, 3).value).toBe('=1+1')
    expect(ws.getCell(header + 2, 3).formula).toBeUndefined()
    const quoted = await quotePrefixedCells(bytes, 1)
    expect(quoted).toContain(`C${header + 2}`)
    expect(quoted).not.toContain(`C${header + 1}`)
    const cols = new Map<string, number>()
    ws.getRow(header).eachCell((c, col) => cols.set(String(c.value), col))
    const yt21 = ws.getCell(header + 3, cols.get('YT21') as number)
    expect(yt21.formula).toBe(`IF(SUMIFS(D${header + 1}:D${header + 2},${yt21.address.replace(/\d+$/, '')}${header + 1}:${yt21.address.replace(/\d+$/, '')}${header + 2},"<>")=0,"",SUMPRODUCT(${yt21.address.replace(/\d+$/, '')}${header + 1}:${yt21.address.replace(/\d+$/, '')}${header + 2},D${header + 1}:D${header + 2})/SUMIFS(D${header + 1}:D${header + 2},${yt21.address.replace(/\d+$/, '')}${header + 1}:${yt21.address.replace(/\d+$/, '')}${header + 2},"<>"))`)
    const text = ws.getCell(header + 1, cols.get('YT22') as number)
    expect(text.protection?.locked).toBe(false)
    expect(ws.getCell(header + 3, cols.get('YT22') as number).formula).toBeUndefined()
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 3 })
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(metaOf(wb).units).toBe('A,B')
  })
})
