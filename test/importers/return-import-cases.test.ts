import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { countUploads } from '../../src/db/repositories/upload.repository.js'
import { moveUnit } from '../../src/domain/units/unit-admin-service.js'
import { importReturnFile, type ImportResult } from '../../src/domain/returns/import-return.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { addMeta, formLayoutWorkbook, tableLayoutWorkbook, toBuffer, type CellInput } from './workbook-builders.js'

const CLI = { accountId: null, username: 'cli' }

function values(r: ImportResult): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = Object.create(null)
  for (const v of r.returns[0]?.values ?? []) out[v.indicator] = v.num ?? v.text
  return out
}
const codes = (r: ImportResult) => r.findings.map((f) => `${f.severity}:${f.code}@${f.place ?? ''}`)

forEachDialect('importing returns: cell by cell', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function dry(wb: ExcelJS.Workbook, extra: Partial<Parameters<typeof importReturnFile>[1]> = {}): Promise<ImportResult> {
    return importReturnFile(app.services, { bytes: await toBuffer(wb), fileName: 't.xlsx', dryRun: true, actor: CLI, ...extra })
  }

  it('reads our template: Vietnamese numbers, blank as not reported, no ratio stored', async () => {
    const r = await dry(
      formLayoutWorkbook([
        ['QT01', 'Số hội nghị học tập, quán triệt đã tổ chức', 3],
        ['QT02', 'Số lượt người tham dự', '1.250'],
        ['QT03', 'Số đảng viên đã tham gia học tập', ' 90 '],
        ['QT04', 'Tổng số đảng viên', 100],
        ['QT05', 'Tỷ lệ', 90],
        ['QT06', 'Số tổ chức đảng', null],
        ['QT09', 'Đã ban hành kế hoạch', 'Có'],
        ['DG01', 'Tình hình tư tưởng', '  Ổn   định  '],
      ]),
    )
    expect(r.outcome).toBe('dry_run')
    expect(r.findings).toEqual([])
    expect(values(r)).toEqual({ QT01: 3, QT02: 1250, QT03: 90, QT04: 100, QT09: 1, DG01: 'Ổn định' })
    expect(r.returns[0]?.ratios.map((v) => [v.indicator, v.num])).toEqual([['QT05', 90]])
    expect(r.returns[0]?.values.find((v) => v.indicator === 'QT02')?.place).toBe('Biểu 01!E8')
    expect(r.returns[0]).toMatchObject({ unitCode: '01.PL', revision: 1 })
    expect(await countReturnRows(app.db)).toEqual({ returns: 0, revisions: 0, values: 0, current: 0 })
  })

  it('reads percentages three ways and warns when the components are missing', async () => {
    const wb = formLayoutWorkbook([
      ['QT05', 'Tỷ lệ đảng viên tham gia học tập', 0.985],
      ['QT08', 'Tỷ lệ tổ chức đảng đã tổ chức quán triệt', '98,5%'],
    ])
    wb.getWorksheet('Biểu 01')!.getCell('E7').numFmt = '0.0%'
    const r = await dry(wb)
    expect(r.returns[0]?.ratios.map((v) => [v.indicator, v.num])).toEqual([
      ['QT05', 98.5],
      ['QT08', 98.5],
    ])
    expect(codes(r)).toEqual(['warning:IMPORT_PERCENT_WITHOUT_COMPONENTS@Biểu 01!E7', 'warning:IMPORT_PERCENT_WITHOUT_COMPONENTS@Biểu 01!E8'])
    expect(values(r)).toEqual({})
    // 98.5 typed plainly
    const plain = await dry(formLayoutWorkbook([['QT05', 'x', 98.5], ['QT03', 'x', 197], ['QT04', 'x', 200]]))
    expect(plain.findings).toEqual([])
  })

  it('takes the components out of "35.599/35.900 đảng viên, đạt 99,16%"', async () => {
    const r = await dry(formLayoutWorkbook([['QT05', 'Tỷ lệ', '35.599/35.900 đảng viên, đạt 99,16%']]))
    expect(values(r)).toEqual({ QT03: 35599, QT04: 35900 })
    expect(r.returns[0]?.ratios[0]?.num).toBe(99.16)
    expect(r.findings).toEqual([])
  })

  it('uses a formula’s cached result, and refuses a formula without one', async () => {
    const r = await dry(
      formLayoutWorkbook([
        ['QT01', 'x', { formula: '1+2', result: 3 }],
        ['QT02', 'x', { formula: 'E7*10' }],
        // a formula that came out 0 has a result: 0 (the workbook API hides a falsy result)
        ['QT04', 'x', { formula: 'E7-3', result: 0 }],
      ]),
    )
    expect(codes(r)).toEqual(['error:IMPORT_FORMULA_NO_RESULT@Biểu 01!E8'])
    expect(values(r)).toEqual({ QT01: 3, QT04: 0 })
    const stored = await importReturnFile(app.services, { bytes: await toBuffer(formLayoutWorkbook([['QT02', 'x', { formula: 'E7*10' }]])), fileName: 'f.xlsx', dryRun: false, actor: CLI })
    expect(stored.outcome).toBe('refused')
    expect(await countReturnRows(app.db)).toEqual({ returns: 0, revisions: 0, values: 0, current: 0 })
  })

  it('reads a merged value once, at its top-left cell', async () => {
    const wb = formLayoutWorkbook([
      ['QT01', 'x', 7],
      ['QT02', 'x', null],
      ['QT04', 'x', 10],
    ])
    const ws = wb.getWorksheet('Biểu 01')!
    ws.mergeCells('E7:E8')
    ws.mergeCells('A1:E1')
    const r = await dry(wb)
    expect(values(r)).toEqual({ QT01: 7, QT04: 10 })
  })

  it('gives each bad cell its own error with the cell', async () => {
    const r = await dry(
      formLayoutWorkbook([
        ['QT01', 'x', 'khoảng 5'],
        ['QT02', 'x', -3],
        ['QT03', 'x', 120],
        ['QT04', 'x', 100],
        ['QT06', 'x', 2.5],
        ['QT05', 'x', 150],
        ['QT99', 'Chỉ tiêu lạ', 4],
        ['QT09', 'x', 'có lẽ'],
      ]),
    )
    expect(codes(r)).toEqual(
      expect.arrayContaining([
        'error:IMPORT_NOT_A_NUMBER@Biểu 01!E7',
        'error:IMPORT_NEGATIVE@Biểu 01!E8',
        'error:IMPORT_NOT_AN_INTEGER@Biểu 01!E11',
        'error:IMPORT_OUT_OF_RANGE@Biểu 01!E12',
        'warning:IMPORT_UNKNOWN_INDICATOR@Biểu 01!B13',
        'error:IMPORT_NOT_A_CHOICE@Biểu 01!E14',
        'error:IMPORT_NUMERATOR_GT_DENOMINATOR@Biểu 01!E9',
      ]),
    )
    expect(codes(r).filter((c) => c.includes('E9'))).toEqual(['error:IMPORT_NUMERATOR_GT_DENOMINATOR@Biểu 01!E9'])
    const rule = await dry(formLayoutWorkbook([['QT02', 'x', 5], ['QT03', 'x', 9], ['QT04', 'x', 10]]))
    expect(codes(rule)).toEqual(['warning:IMPORT_RULE_VIOLATED@Biểu 01!E7'])
    expect(rule.outcome).toBe('dry_run')
    expect(r.outcome).toBe('refused')
    expect(r.findings.every((f) => /[ảạấ]|ô|ư|đ/.test(f.message))).toBe(true)
  })

  it('finds a hand-made sheet by its labels, and unit and period from the title', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Sheet1')
    ws.getCell('A1').value = 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI'
    ws.getCell('A3').value = 'BÁO CÁO KẾT QUẢ HỌC TẬP QUÝ I/2026'
    ws.getRow(5).values = ['TT', 'Nội dung', 'Kết quả']
    ws.getRow(6).values = ['1.', '1. Số hội nghị học tập, quán triệt đã tổ chức', 2]
    ws.getRow(7).values = ['2.', 'a) SỐ LƯỢT NGƯỜI THAM DỰ', '1.234']
    ws.getRow(8).values = ['3.', 'I. Tổng số đảng viên', 50]
    const r = await dry(wb, { formCode: 'BC-QT' })
    expect(r.findings).toEqual([])
    expect(r).toMatchObject({ periodId: '2026Q1', layout: 'form' })
    expect(r.returns[0]?.unitCode).toBe('01.PL')
    expect(values(r)).toEqual({ QT01: 2, QT02: 1234, QT04: 50 })
    expect(r.returns[0]?.values[0]?.place).toBe('Sheet1!C6')
    // The form is recognised without being named.
    const guessed = await dry(wb)
    expect(guessed.formCode).toBe('BC-QT')
  })

  it('ignores the place-and-date line and a ratio formula without a cached result', async () => {
    const wb = formLayoutWorkbook(
      [
        ['QT03', 'x', 9],
        ['QT04', 'x', 10],
        ['QT05', 'x', { formula: 'E7/E8' }],
      ],
      { title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'Hà Nội, ngày 05 tháng 4 năm 2026', 'Kỳ báo cáo: Quý I/2026'] },
    )
    const r = await dry(wb)
    expect(r.findings).toEqual([])
    expect(values(r)).toEqual({ QT03: 9, QT04: 10 })
    const year = await dry(formLayoutWorkbook([['QT03', 'x', 9]], { title: ['BÁO CÁO NĂM 2026'] }))
    expect(year.findings).toEqual([])
  })

  it('converts TCVN3 text by the cell font', async () => {
    const wb = formLayoutWorkbook([['DG01', 'x', '§¶ng ñy ph\u00adêng Phóc Lîi']])
    wb.getWorksheet('Biểu 01')!.getCell('E7').font = { name: '.VnTime' }
    const r = await dry(wb)
    expect(values(r)).toEqual({ DG01: 'Đảng ủy phường Phúc Lợi' })
  })

  it('reads hidden rows and hidden sheets, with warnings', async () => {
    const wb = formLayoutWorkbook([
      ['QT01', 'x', 1],
      ['QT02', 'x', 2],
    ])
    wb.getWorksheet('Biểu 01')!.getRow(8).hidden = true
    wb.getWorksheet('Biểu 01')!.state = 'hidden'
    wb.addWorksheet('Trống').getCell('A1').value = 'ghi chú'
    const r = await dry(wb)
    expect(values(r)).toEqual({ QT01: 1, QT02: 2 })
    expect(codes(r)).toEqual(['warning:IMPORT_HIDDEN_SHEET@Biểu 01', 'warning:IMPORT_HIDDEN_ROW@Biểu 01!8:8'])
  })

  it('checks unit and period', async () => {
    const base = [['QT01', 'x', 1] as [string, string, CellInput], ['QT02', 'x', 2] as [string, string, CellInput]]
    expect(codes(await dry(formLayoutWorkbook(base), { periodId: '2026Q2' }))).toEqual(['error:IMPORT_PERIOD_MISMATCH@'])
    expect(codes(await dry(formLayoutWorkbook(base, { meta: { period: '2026S1' }, title: ['x'] })))).toEqual(['error:IMPORT_PERIOD_MISMATCH@'])
    expect(codes(await dry(formLayoutWorkbook(base, { meta: { unit: '01' } })))).toEqual(['error:IMPORT_UNIT_NOT_ASSIGNED@'])
    // BC-QT allows ad hoc periods, but the ward is assigned it quarterly
    const adhoc = await dry(formLayoutWorkbook(base, { meta: { period: '2026-03-01_2026-03-31' }, title: ['x'] }))
    expect(codes(adhoc)).toEqual(['error:IMPORT_PERIOD_NOT_ASSIGNED@'])
    expect(adhoc.findings[0]?.message).toMatch(/theo quý, không báo cáo cho kỳ Từ ngày 01\/03\/2026 đến ngày 31\/03\/2026/)
    expect(codes(await dry(formLayoutWorkbook(base, { meta: { unit: '31.QDS' }, title: ['Quý I/2026'] })))).toEqual(['error:IMPORT_UNIT_CLOSED@'])
    expect(codes(await dry(formLayoutWorkbook(base, { meta: { unit: 'KHONG.CO' } })))).toEqual(['error:IMPORT_UNKNOWN_UNIT@'])
    expect(codes(await dry(formLayoutWorkbook(base), { unitCode: '31.BD' }))).toEqual(['error:IMPORT_UNIT_MISMATCH@_tonghop!B4'])
    const outOfScope = await dry(formLayoutWorkbook(base), { actor: { accountId: null, username: 'x', canUpload: async () => false } })
    expect(codes(outOfScope)).toEqual(['error:IMPORT_UNKNOWN_UNIT@'])
  })

  it('reads the table layout: rows by code or name, total row checked and never stored, duplicates refused', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('Biểu 02')
    ws.getCell('A1').value = 'BÁO CÁO TỔNG HỢP QUÝ I/2026'
    ws.getRow(4).values = ['', '', '', 'Số hội nghị', 'Số lượt người', 'Đảng viên học tập', 'Tổng số đảng viên']
    ws.getRow(5).values = ['STT', 'Mã đơn vị', 'Tên đơn vị', 'QT01', 'QT02', 'QT03', 'QT04']
    ws.getRow(6).values = [1, '31.BD', 'Đảng ủy phường Bạch Đằng', 2, 100, 40, 50]
    ws.getRow(7).values = [2, null, 'Đảng ủy phường Đồ Sơn', 3, '1.000', 60, 60]
    ws.getRow(8).values = [null, null, 'Tổng cộng', 5, 1200, 100, 110]
    addMeta(wb, { form: 'BC-QT', period: '2026Q1', units: '31.BD,31.DS', layout: 'table', scope: 'own' })
    const r = await dry(wb)
    expect(r.layout).toBe('table')
    expect(r.returns.map((x) => [x.unitCode, Object.fromEntries(x.values.map((v) => [v.indicator, v.num]))])).toEqual([
      ['31.BD', { QT01: 2, QT02: 100, QT03: 40, QT04: 50 }],
      ['31.DS', { QT01: 3, QT02: 1000, QT03: 60, QT04: 60 }],
    ])
    expect(codes(r)).toEqual(['warning:IMPORT_TOTAL_MISMATCH@Biểu 02!E8'])

    ws.getRow(9).values = [3, '31.BD', 'Bạch Đằng', 1, 1, 1, 1]
    ws.getRow(10).values = [4, '__proto__', '__proto__', 1, 1, 1, 1]
    const dup = await dry(wb)
    expect(codes(dup)).toEqual(expect.arrayContaining(['error:IMPORT_DUPLICATE_UNIT@Biểu 02!B9', 'error:IMPORT_UNKNOWN_UNIT@Biểu 02!B10']))
  })
  // BC-YT72 is assigned to every ward and health station: each row below would be accepted on its own.
  const YT = ['YT01', 'YT02']
  const ytTable = (unit: string | undefined, rows: [string | null, string, ...CellInput[]][], opts: { period?: string; title?: string[] } = {}) =>
    tableLayoutWorkbook(YT, rows, { meta: { form: 'BC-YT72', version: 1, period: opts.period ?? '2026S1', unit }, title: opts.title ?? ['BÁO CÁO TỔNG HỢP 6 THÁNG ĐẦU NĂM 2026'] })

  it('refuses, in the table layout, a row whose unit is not under the file unit, naming the cell and writing nothing', async () => {
    const rows: [string | null, string, ...CellInput[]][] = [
      ['31.BD.TYT', 'Trạm Y tế phường Bạch Đằng', 1000, 900],
      ['31.DS', 'Đảng ủy phường Đồ Sơn', 2000, 1900],
      [null, 'Trạm Y tế phường Phúc Lợi', 3000, 2900],
    ]
    const before = await countReturnRows(app.db)
    const uploads = await countUploads(app.db)
    const r = await importReturnFile(app.services, { bytes: await toBuffer(ytTable('31.BD', rows)), fileName: 'bach-dang.xlsx', dryRun: false, actor: CLI })
    expect(r.outcome).toBe('refused')
    expect(codes(r)).toEqual(['error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!B7', 'error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!C8'])
    expect(r.findings[0]?.message).toBe(
      'Đảng ủy phường Đồ Sơn (mã 31.DS) không trực thuộc Đảng ủy phường Bạch Đằng trong kỳ 6 tháng đầu năm 2026. Biểu tổng hợp của Đảng ủy phường Bạch Đằng chỉ được ghi các đơn vị trực thuộc; hãy xóa dòng này, hoặc báo cáo đơn vị đó trong biểu của đơn vị cấp trên của nó.',
    )
    expect(r.findings[1]?.message).toContain('Trạm Y tế phường Phúc Lợi (mã 01.PL.TYT) không trực thuộc Đảng ủy phường Bạch Đằng')
    expect(await countReturnRows(app.db)).toEqual(before)
    expect(await countUploads(app.db)).toBe(uploads + 1)

    // The same unit named by the upload's argument, or by the sheet's header, instead of the hidden sheet.
    expect(codes(await dry(ytTable(undefined, rows), { unitCode: '31.BD' }))).toEqual(['error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!B7', 'error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!C8'])
    const headed = ytTable(undefined, rows, { title: ['ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG', 'ĐẢNG ỦY PHƯỜNG BẠCH ĐẰNG', 'BÁO CÁO TỔNG HỢP 6 THÁNG ĐẦU NĂM 2026'] })
    expect(codes(await dry(headed))).toEqual(['error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!B7', 'error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!C8'])
    // Its own branch alone goes through.
    const own = await dry(ytTable('31.BD', [rows[0]!]))
    expect(own.outcome).toBe('dry_run')
    expect(own.findings).toEqual([])
    // A file unit the uploader may not report for is reported like an unknown one, at the hidden sheet's cell.
    const ward = await dry(ytTable('31.BD', [rows[0]!]), { actor: { accountId: null, username: 'x', canUpload: async (id) => id !== (await findUnitByCode(app.db, '31.BD'))!.id } })
    expect(codes(ward)).toEqual(['error:IMPORT_UNKNOWN_UNIT@_tonghop!B7'])
  })

  it('looks a row named without a code up under the file unit first (branch names repeat across wards)', async () => {
    // "Chi bộ Tổ dân phố số 1" exists in three wards; under Đồ Sơn it is one unit (found, then refused as not assigned).
    const r = await dry(ytTable('31.DS', [[null, 'Chi bộ Tổ dân phố số 1', 10, 9]]))
    expect(codes(r)).toEqual(['error:IMPORT_UNIT_NOT_ASSIGNED@Biểu 02!C6'])
    const nowhere = await dry(ytTable(undefined, [[null, 'Chi bộ Tổ dân phố số 1', 10, 9]]))
    expect(codes(nowhere)).toEqual(['error:IMPORT_UNKNOWN_UNIT@Biểu 02!C6'])
  })

  // Last in this file: it moves a unit.
  it('checks the tree as it stood in the period: a unit moved afterwards still belongs to its old parent then', async () => {
    const station = (await findUnitByCode(app.db, '31.BD.TYT'))!
    const dsUbnd = (await findUnitByCode(app.db, '31.DS.UBND'))!
    await app.db.transaction().execute((tx) => moveUnit(tx, station, dsUbnd, '2026-07-01'))
    const row: [string, string, CellInput, CellInput] = ['31.BD.TYT', 'Trạm Y tế phường Bạch Đằng', 1000, 900]
    // 6 tháng đầu năm 2026: still Bạch Đằng's, although Đồ Sơn's today.
    expect((await dry(ytTable('31.BD', [row]))).findings).toEqual([])
    expect(codes(await dry(ytTable('31.DS', [row])))).toEqual(['error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!B6'])
    // 6 tháng cuối năm 2026: Đồ Sơn's.
    const s2 = { period: '2026S2', title: ['BÁO CÁO TỔNG HỢP 6 THÁNG CUỐI NĂM 2026'] }
    expect((await dry(ytTable('31.DS', [row], s2))).findings).toEqual([])
    expect(codes(await dry(ytTable('31.BD', [row], s2)))).toEqual(['error:IMPORT_UNIT_NOT_IN_SUBTREE@Biểu 02!B6'])
  })
})

