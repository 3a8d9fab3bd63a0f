import { describe, expect, it } from 'vitest'
import { COMPLETENESS_SHEET, consolidatedWorkbookBuffer, DETAIL_SHEET, SUMMARY_EXTRA_HEADERS, SUMMARY_SHEET, TEXTS_SHEET } from '../../exports/consolidated-workbook.js'
import { allIndicators } from '../../exports/form-shape.js'
import { looksLikeFormula } from '../../exports/safe-text.js'
import { FORM_HEADERS, TABLE_HEADERS } from '../../exports/template-data.js'
import { columnLetter } from '../../exports/workbook-style.js'
import { findRow, loadWorkbook, metaOf, quotePrefixedCells, sampleReportData, seedForm, textsOf } from './export-fixtures.js'

describe('consolidated workbook writer', () => {
  it('writes the four visible sheets and the hidden _tonghop sheet (scope consolidated, form layout)', async () => {
    const wb = await loadWorkbook(await consolidatedWorkbookBuffer(sampleReportData()))
    expect(wb.worksheets.map((w) => w.name)).toEqual([SUMMARY_SHEET, DETAIL_SHEET, COMPLETENESS_SHEET, TEXTS_SHEET, '_tonghop'])
    const meta = wb.getWorksheet('_tonghop')
    expect(meta?.state === 'veryHidden' || meta?.state === 'hidden').toBe(true)
    expect(metaOf(wb)).toEqual({ form: 'BC-YT72', version: 1, period: '2026S1', unit: '01.PL', scope: 'consolidated', layout: 'form' })
    const m = wb.getWorksheet('_tonghop') as NonNullable<typeof meta>
    expect(['form', 'version', 'period', 'unit', 'scope', 'layout'].map((_, i) => m.getCell(i + 1, 1).value)).toEqual(['form', 'version', 'period', 'unit', 'scope', 'layout'])
  })

  it('prints the Party header block, title, recipients and signature in Times New Roman', async () => {
    const data = sampleReportData()
    const ws = (await loadWorkbook(await consolidatedWorkbookBuffer(data))).getWorksheet(SUMMARY_SHEET)
    if (!ws) throw new Error('no sheet')
    const head = textsOf(ws, 12)
    expect(head).toEqual(
      expect.arrayContaining([
        'ĐẢNG BỘ THÀNH PHỐ HÀ NỘI',
        'ĐẢNG ỦY PHƯỜNG PHÚC LỢI',
        '*',
        'Số 45-BC/ĐU',
        'ĐẢNG CỘNG SẢN VIỆT NAM',
        'Phúc Lợi, ngày 25 tháng 6 năm 2026',
        'BÁO CÁO',
        'KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU Y TẾ THEO NGHỊ QUYẾT SỐ 72-NQ/TW',
        'Kỳ báo cáo: 6 tháng đầu năm 2026',
      ]),
    )
    expect(head.some((t) => t.startsWith('Thực hiện 72-NQ/TW'))).toBe(true)
    expect(ws.getCell('A1').value).toBe('ĐẢNG BỘ THÀNH PHỐ HÀ NỘI')
    const motto = ws.getRow(1).values as unknown[]
    const mottoCol = motto.indexOf('ĐẢNG CỘNG SẢN VIỆT NAM')
    expect(ws.getCell(1, mottoCol).font?.underline).toBeTruthy()
    const dateCell = ws.getCell(4, mottoCol)
    expect(dateCell.value).toBe('Phúc Lợi, ngày 25 tháng 6 năm 2026')
    expect(dateCell.font?.italic).toBe(true)
    expect(ws.getCell('A1').font?.name).toBe('Times New Roman')
    const all = textsOf(ws, ws.rowCount)
    expect(all).toEqual(expect.arrayContaining(['Nơi nhận:', '- Ban TG và DV Thành ủy, (để báo cáo)', '- Lưu.', 'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Xuân Hiền']))
    expect(ws.pageSetup.paperSize).toBe(9)
    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(ws.pageSetup.fitToWidth).toBe(1)
    expect(ws.views[0]?.state).toBe('frozen')
  })

  it('"Tổng hợp" carries the importer columns A–E with every figure equal to the input, ratios as formulas', async () => {
    const data = sampleReportData()
    const ws = (await loadWorkbook(await consolidatedWorkbookBuffer(data))).getWorksheet(SUMMARY_SHEET)
    if (!ws) throw new Error('no sheet')
    const header = findRow(ws, [...FORM_HEADERS, ...SUMMARY_EXTRA_HEADERS])
    expect(header).toBeGreaterThan(0)
    expect(ws.getCell(header + 1, 1).value).toBe('I')
    expect(ws.getCell(header + 1, 2).value).toBeNull()
    const rowOf = new Map<string, number>()
    for (let r = header + 1; r <= ws.rowCount; r++) {
      const code = ws.getCell(r, 2).value
      if (typeof code === 'string') rowOf.set(code, r)
    }
    for (const ind of allIndicators(data.form)) {
      const r = rowOf.get(ind.code)
      expect(r, ind.code).toBeDefined()
      const cell = ws.getCell(r as number, 5)
      const expected = data.rows[ind.code]?.value ?? null
      if (ind.valueType === 'ratio') {
        expect(cell.formula).toBe(`E${rowOf.get(ind.numeratorCode as string)}/E${rowOf.get(ind.denominatorCode as string)}`)
        expect(cell.result).toBeCloseTo(expected as number, 12)
        expect(cell.numFmt).toBe('0.0%')
      } else if (ind.valueType === 'text') {
        expect(cell.value).toBeNull()
      } else {
        expect(cell.value).toBe(expected)
        if (ind.valueType === 'integer') {
          expect(cell.numFmt).toBe('#,##0')
          expect(ws.getCell(r as number, 7).value).toBe(data.rows[ind.code]?.lastYear)
          expect(ws.getCell(r as number, 8).value).toBe((expected as number) - (data.rows[ind.code]?.lastYear as number))
        }
      }
      expect(ws.getCell(r as number, 3).value).toBe(ind.label)
    }
    expect(ws.getCell(rowOf.get('YT03') as number, 10).value).toBe(data.rows.YT03?.status)
  })

  it('"Chi tiết" has one row per child, and total formulas: SUM for counts, SUM(num)/SUM(den) for ratios', async () => {
    const data = sampleReportData(7)
    const ws = (await loadWorkbook(await consolidatedWorkbookBuffer(data))).getWorksheet(DETAIL_SHEET)
    if (!ws) throw new Error('no sheet')
    const header = findRow(ws, TABLE_HEADERS)
    const cols = new Map<string, number>()
    ws.getRow(header).eachCell((c, col) => {
      if (col > 3) cols.set(String(c.value), col)
    })
    const inds = allIndicators(data.form).filter((i) => i.valueType !== 'text')
    // A weighted average sits beside the weights behind each child's value; a text indicator counts who wrote one.
    expect([...cols.keys()]).toEqual([...inds.map((i) => i.code).flatMap((c) => (c === 'YT21' ? [c, 'YT21: quyền số'] : [c])), 'YT22: số ĐV'])
    const first = header + 1
    const last = first + data.children.length - 1
    data.children.forEach((child, i) => {
      expect(ws.getCell(first + i, 2).value).toBe(child.code)
      expect(ws.getCell(first + i, 3).value).toBe(child.name)
      for (const ind of inds.filter((x) => x.valueType === 'integer')) expect(ws.getCell(first + i, cols.get(ind.code) as number).value).toBe(child.values[ind.code])
    })
    const total = last + 1
    expect(ws.getCell(total, 3).value).toBe('Tổng cộng')
    const L = (code: string) => columnLetter(cols.get(code) as number)
    expect(ws.getCell(total, cols.get('YT01') as number).formula).toBe(`SUM(${L('YT01')}${first}:${L('YT01')}${last})`)
    expect(ws.getCell(total, cols.get('YT01') as number).result).toBe(data.rows.YT01?.value)
    const ratio = ws.getCell(total, cols.get('YT03') as number)
    const [num, den] = [`${L('YT02')}${first}:${L('YT02')}${last}`, `${L('YT01')}${first}:${L('YT01')}${last}`]
    expect(ratio.formula).toBe(`IF(OR(COUNT(${num})=0,SUM(${den})=0),"",SUM(${num})/SUM(${den}))`)
    expect(ratio.result).toBeCloseTo(data.rows.YT03?.value as number, 12)
    expect(ratio.numFmt).toBe('0.0%')
    expect(ws.getCell(total, cols.get('YT21') as number).formula).toContain('SUMPRODUCT')
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 3 })
    expect(ws.pageSetup.orientation).toBe('landscape')
  })

  it('"Tình hình báo cáo" and "Ý kiến" list each unit; text that looks like a formula stays text', async () => {
    const data = sampleReportData()
    const bytes = await consolidatedWorkbookBuffer(data)
    const wb = await loadWorkbook(bytes)
    const c = wb.getWorksheet(COMPLETENESS_SHEET)
    if (!c) throw new Error('no sheet')
    const h = findRow(c, ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Tình trạng', 'Số ngày muộn', 'Ngày nhận'])
    expect([1, 2, 3].map((i) => [c.getCell(h + i, 2).value, c.getCell(h + i, 4).value, c.getCell(h + i, 5).value, c.getCell(h + i, 6).value])).toEqual([
      ['X0001', 'Đã nhận', null, '10/06/2026'],
      ['X0002', 'Nộp muộn', 4, '18/06/2026'],
      ['X0003', 'Chưa nộp', null, null],
    ])
    const t = wb.getWorksheet(TEXTS_SHEET)
    if (!t) throw new Error('no sheet')
    const texts: unknown[] = []
    const formulas: unknown[] = []
    t.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === 6 /* Formula */) formulas.push(cell.formula)
        texts.push(cell.value)
      }),
    )
    expect(formulas).toEqual([])
    // Exactly as written (no apostrophe of ours in the value: the old export showed "'+1+2" to the clerk) ...
    const dangerous = [`=HYPERLINK("http://evil.example","bấm vào")`, '+1+2', '@SUM(A1)', '\tcmd|calc']
    expect(texts).toEqual(expect.arrayContaining(['Đơn vị số 1', 'Đơn vị số 2', 'Thiếu bác sĩ tại trạm y tế', ...dangerous]))
    // ... and kept text by the cell's quote prefix, which a re-edit in Excel or LibreOffice keeps.
    const quoted = await quotePrefixedCells(bytes, 4)
    const refs: string[] = []
    t.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string' && dangerous.includes(cell.value)) refs.push(cell.address) }))
    expect(refs).toHaveLength(dangerous.length)
    for (const ref of refs) expect(quoted, ref).toContain(ref)
    expect(quoted).not.toContain('C4')
    // Unit names come before their texts.
    const names: unknown[] = []
    t.eachRow((row) => {
      const v = row.getCell(1).value
      if (typeof v === 'string' && v.startsWith('Đơn vị số')) names.push(v)
    })
    expect(names).toEqual(['Đơn vị số 1', 'Đơn vị số 2', 'Đơn vị số 3'])
  })

  it('"Ý kiến" heads each unit once, in unit order, although the engine lists texts indicator by indicator', async () => {
    const data = sampleReportData()
    data.form = seedForm('bc-qt')
    // DG03 by B and C, then DG04 by A and B: the units' order is A, B, C (what both lists agree on, then appearance).
    data.texts = [
      { unitName: 'Đơn vị B', unitCode: 'B', indicatorCode: 'DG03', text: 'b3' },
      { unitName: 'Đơn vị C', unitCode: 'C', indicatorCode: 'DG03', text: 'c3' },
      { unitName: 'Đơn vị A', unitCode: 'A', indicatorCode: 'DG04', text: 'a4' },
      { unitName: 'Đơn vị B', unitCode: 'B', indicatorCode: 'DG04', text: 'b4' },
    ]
    const t = (await loadWorkbook(await consolidatedWorkbookBuffer(data))).getWorksheet(TEXTS_SHEET)
    const rows: unknown[][] = []
    t?.eachRow((row, r) => {
      if (r <= 3) return
      rows.push(row.getCell(1).isMerged ? [row.getCell(1).value] : [row.getCell(1).value, row.getCell(3).value])
    })
    expect(rows).toEqual([['Đơn vị A'], ['DG04', 'a4'], ['Đơn vị B'], ['DG03', 'b3'], ['DG04', 'b4'], ['Đơn vị C'], ['DG03', 'c3']])
  })

  it('tells every dangerous leading character', () => {
    for (const s of ['=1+1', '+1', '-1', '@x', '\tx', '\rx', '\nx', '\0x']) expect(looksLikeFormula(s)).toBe(true)
    for (const s of ['Phúc Lợi', '1.250', "'quoted", '']) expect(looksLikeFormula(s)).toBe(false)
  })

  it('a child named like a formula is written as text in every sheet', async () => {
    const data = sampleReportData(2)
    data.children[0] = { ...(data.children[0] as (typeof data.children)[0]), name: '=cmd|" /C calc"!A0' }
    const bytes = await consolidatedWorkbookBuffer(data)
    const ws = (await loadWorkbook(bytes)).getWorksheet(DETAIL_SHEET)
    const header = findRow(ws as NonNullable<typeof ws>, TABLE_HEADERS)
    const cell = ws?.getCell(header + 1, 3)
    expect(cell?.value).toBe(`=cmd|" /C calc"!A0`)
    expect(cell?.formula).toBeUndefined()
    expect(await quotePrefixedCells(bytes, 2)).toContain(`C${header + 1}`)
  })

  it('streams a large "Chi tiết" with bounded memory', async () => {
    const data = sampleReportData(3_400)
    const before = process.memoryUsage().rss
    const bytes = await consolidatedWorkbookBuffer(data)
    const grown = (process.memoryUsage().rss - before) / 1024 / 1024
    expect(bytes.length).toBeGreaterThan(100_000)
    expect(grown).toBeLessThan(300)
    const ws = (await loadWorkbook(bytes)).getWorksheet(DETAIL_SHEET)
    expect(ws?.rowCount).toBe(5 + 3_400 + 1)
  })
})
