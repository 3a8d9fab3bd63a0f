import ExcelJS from 'exceljs'

export type CellInput = string | number | boolean | null | { formula: string; result?: unknown } | { richText: { text: string; font?: { name: string } }[] } | Date

export interface MetaInput {
  form?: string
  version?: number
  period?: string
  unit?: string
  units?: string
  scope?: string
  layout?: 'form' | 'table'
  document?: string
}

export function addMeta(wb: ExcelJS.Workbook, meta: MetaInput): void {
  const ws = wb.addWorksheet('_tonghop', { state: 'veryHidden' })
  const rows: [string, unknown][] = [
    ['form', meta.form],
    ['version', meta.version],
    ['period', meta.period],
    [meta.units ? 'units' : 'unit', meta.units ?? meta.unit],
    ['scope', meta.scope],
    ['layout', meta.layout],
  ]
  // After the six rows above, as the template writes them: the table layout's own unit, then the document.
  const extra: [string, unknown][] = [
    ['unit', meta.units && meta.layout === 'table' ? meta.unit : undefined],
    ['document', meta.document],
  ]
  rows.push(...extra.filter(([, v]) => v !== undefined))
  rows.forEach(([k, v], i) => {
    if (v === undefined) return
    ws.getCell(i + 1, 1).value = k
    ws.getCell(i + 1, 2).value = v as ExcelJS.CellValue
  })
}

/**
 * The template's table layout ("Biểu 02"): title rows, indicator codes as headers at row 5, one row per unit from row 6
 * (STT, unit code, unit name, values from column D).
 */
export function tableLayoutWorkbook(indicators: string[], rows: [code: string | null, name: string, ...values: CellInput[]][], opts: { meta?: MetaInput | null; title?: string[] } = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Biểu 02')
  ;(opts.title ?? ['BÁO CÁO TỔNG HỢP']).forEach((t, i) => (ws.getCell(i + 1, 1).value = t))
  ws.getRow(5).values = ['STT', 'Mã đơn vị', 'Tên đơn vị', ...indicators]
  rows.forEach(([code, name, ...values], i) => {
    ws.getRow(6 + i).values = [i + 1, code, name, ...values] as ExcelJS.CellValue[]
  })
  if (opts.meta !== null) addMeta(wb, { scope: 'own', layout: 'table', units: rows.flatMap((r) => (r[0] ? [r[0]] : [])).join(',') || undefined, ...(opts.meta ?? {}) })
  return wb
}

/** The template's form layout: title rows, header at row 6, one row per indicator from row 7; values in column E. */
export function formLayoutWorkbook(values: [code: string, label: string, value: CellInput][], opts: { meta?: MetaInput | null; title?: string[]; sheet?: string } = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet(opts.sheet ?? 'Biểu 01')
  const title = opts.title ?? ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý I/2026']
  title.forEach((t, i) => (ws.getCell(i + 1, 1).value = t))
  ws.getRow(6).values = ['STT', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Giá trị']
  values.forEach(([code, label, value], i) => {
    const r = 7 + i
    ws.getCell(r, 1).value = i + 1
    ws.getCell(r, 2).value = code
    ws.getCell(r, 3).value = label
    ws.getCell(r, 5).value = value as ExcelJS.CellValue
  })
  if (opts.meta !== null) addMeta(wb, { form: 'BC-QT', version: 1, period: '2026Q1', unit: '01.PL', scope: 'own', layout: 'form', ...(opts.meta ?? {}) })
  return wb
}

export async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer())
}
