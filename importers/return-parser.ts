// Finds the report table in a workbook's grids and reads its values, cell by cell, into findings and values.
// Pure: the form's indicators and rules come in as arguments; units are returned as the keys found in the
// sheet (code or name) for the caller to resolve against the database.
import { remembered } from '../src/domain/text/remembered.js'
import { foldForSearch } from '../src/domain/text/vietnamese-text.js'
import { importError, importWarning, indicatorName, placeOf, type ImportFinding } from './import-finding.js'
import { finishEntry, fmt, readCell } from './return-cell-reader.js'
import type { IndicatorSpec, ParseOptions, ParsedUnitEntry, ParsedWorkbook } from './return-parser-types.js'
import { parseVietnameseNumber } from './vietnamese-number.js'
import type { GridCell, SheetGrid, WorkbookGrids } from './workbook-reader.js'

const CODE_SHAPE = /^[A-Z]{2,3}\d{2}[A-Z]?$/
const NUMBERING = /^\s*(?:[ivxlcdm]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):\-/]\s*/i
const VALUE_HEADERS = ['gia tri', 'so lieu', 'ket qua', 'thuc hien', 'so luong', 'ket qua thuc hien']
const SKIP_HEADERS = ['stt', 'ma chi tieu', 'chi tieu', 'don vi tinh', 'dvt', 'noi dung', 'ghi chu', 'ma so']
const TOTAL_LABELS = /^(tong cong|tong so|tong|cong)\b/

// every text cell is folded, by several passes, in every upload of the same template
export const foldLabel = remembered((s: string): string => foldForSearch(s.replace(NUMBERING, '')).replace(/[.:;,]+$/, '').trim())

const codeOf = (c: GridCell): string => (c.kind === 'text' ? c.text.replace(/\s+/g, '').toUpperCase() : '')

interface Located {
  sheet: SheetGrid
  layout: 'form' | 'table'
  /** form: row → indicator; table: col → indicator */
  keys: Map<number, string>
  /** form: key column; table: header row */
  at: number
  score: number
  unknownCodes: { row: number; col: number; code: string }[]
}

function locate(sheet: SheetGrid, indicators: readonly IndicatorSpec[]): Located | null {
  const codes = new Set(indicators.map((i) => i.code))
  const labels = new Map<string, string>()
  for (const i of indicators) labels.set(foldLabel(i.label), i.code)
  const byRow = new Map<number, Map<number, string>>()
  const byCol = new Map<number, Map<number, string>>()
  const labelRow = new Map<number, Map<number, string>>()
  const labelCol = new Map<number, Map<number, string>>()
  const unknownByCol = new Map<number, { row: number; col: number; code: string }[]>()
  const add = (m: Map<number, Map<number, string>>, k: number, k2: number, v: string) => {
    let inner = m.get(k)
    if (!inner) m.set(k, (inner = new Map()))
    if (![...inner.values()].includes(v)) inner.set(k2, v)
  }
  for (const [r, row] of sheet.rows) {
    for (const [c, cell] of row) {
      if (cell.kind !== 'text') continue
      const code = codeOf(cell)
      if (codes.has(code)) {
        add(byRow, r, c, code)
        add(byCol, c, r, code)
      } else if (CODE_SHAPE.test(code)) {
        const list = unknownByCol.get(c) ?? []
        list.push({ row: r, col: c, code })
        unknownByCol.set(c, list)
      } else {
        const l = labels.get(foldLabel(cell.text))
        if (l) {
          add(labelRow, r, c, l)
          add(labelCol, c, r, l)
        }
      }
    }
  }
  // An exact code is a strong signal (one will do); labels need two to tell a table from prose.
  const best = (m: Map<number, Map<number, string>>, min = 2) => {
    let top: [number, Map<number, string>] | null = null
    for (const e of m) if (!top || e[1].size > top[1].size) top = e
    return top && top[1].size >= min ? top : null
  }
  const tRow = best(byRow, 2)
  const fCol = best(byCol, 1)
  if (tRow && (!fCol || tRow[1].size > fCol[1].size)) return { sheet, layout: 'table', keys: tRow[1], at: tRow[0], score: tRow[1].size * 2, unknownCodes: [] }
  if (fCol) return { sheet, layout: 'form', keys: fCol[1], at: fCol[0], score: fCol[1].size * 2, unknownCodes: unknownByCol.get(fCol[0]) ?? [] }
  const lCol = best(labelCol)
  const lRow = best(labelRow)
  if (lRow && (!lCol || lRow[1].size > lCol[1].size)) return { sheet, layout: 'table', keys: lRow[1], at: lRow[0], score: lRow[1].size, unknownCodes: [] }
  if (lCol) return { sheet, layout: 'form', keys: lCol[1], at: lCol[0], score: lCol[1].size, unknownCodes: [] }
  return null
}

export function parseReturnGrids(grids: WorkbookGrids, options: ParseOptions): ParsedWorkbook | { findings: ImportFinding[] } {
  let found: Located | null = null
  for (const sheet of grids.sheets) {
    const l = locate(sheet, options.indicators)
    if (!l) continue
    if (options.layout && l.layout !== options.layout && found?.layout === options.layout) continue
    // A visible sheet wins over a hidden one with the same score.
    if (!found || l.score > found.score || (l.score === found.score && found.sheet.hidden && !l.sheet.hidden)) found = l
  }
  if (!found) {
    return {
      findings: [
        importError(
          'IMPORT_NO_TABLE',
          'Không tìm thấy bảng số liệu của biểu mẫu trong tệp: không có cột "Mã chỉ tiêu" hoặc tên chỉ tiêu nào khớp với biểu mẫu. Hãy dùng đúng mẫu biểu đã tải về.',
        ),
      ],
    }
  }
  return found.layout === 'form' ? readFormLayout(found, options) : readTableLayout(found, options)
}

function headerAbove(sheet: SheetGrid, lastRow: number): Pick<ParsedWorkbook, 'headerText' | 'headerCells'> {
  const headerCells: { text: string; place: string }[] = []
  for (const [r, row] of sheet.rows) {
    if (r >= lastRow) break
    for (const cell of row.values()) if (cell.kind === 'text') headerCells.push({ text: cell.text, place: placeOf(sheet.name, cell.address) })
  }
  return { headerText: headerCells.map((c) => c.text), headerCells }
}

function readFormLayout(loc: Located, options: ParseOptions): ParsedWorkbook {
  const { sheet } = loc
  const keyCol = loc.at
  const firstRow = Math.min(...loc.keys.keys())
  const specs = new Map(options.indicators.map((i) => [i.code, i]))
  const findings: ImportFinding[] = []
  // The value column: headed "Giá trị" (or a synonym) above the first indicator row, else the column right of
  // the key with the most non-text cells in indicator rows.
  let valueCol: number | null = null
  const skip = new Set<number>([keyCol])
  for (const [r, row] of sheet.rows) {
    if (r >= firstRow) break
    for (const [c, cell] of row) {
      if (cell.kind !== 'text') continue
      const f = foldLabel(cell.text)
      if (VALUE_HEADERS.includes(f) && c !== keyCol) valueCol = c
      if (SKIP_HEADERS.includes(f)) skip.add(c)
    }
  }
  if (valueCol === null) {
    const counts = new Map<number, number>()
    for (const r of loc.keys.keys()) {
      for (const [c, cell] of sheet.rows.get(r) ?? []) {
        if (c <= keyCol || skip.has(c)) continue
        const n = cell.kind === 'text' ? (parseVietnameseNumber(cell.text) ? 1 : 0) : 1
        counts.set(c, (counts.get(c) ?? 0) + n)
      }
    }
    let best = -1
    for (const [c, n] of counts) if (n > best) [valueCol, best] = [c, n]
  }
  const entry: ParsedUnitEntry = { unitCode: null, unitName: null, place: null, values: new Map(), ratios: new Map() }
  const usedRows = new Set<number>()
  if (valueCol !== null) {
    for (const [r, code] of loc.keys) {
      const spec = specs.get(code)
      const cell = sheet.rows.get(r)?.get(valueCol)
      if (!spec || !cell) continue
      usedRows.add(r)
      readCell(spec, cell, sheet.name, entry, findings)
    }
  }
  for (const u of loc.unknownCodes) {
    findings.push(importWarning('IMPORT_UNKNOWN_INDICATOR', `Mã chỉ tiêu "${u.code}" không có trong biểu mẫu; dòng này bị bỏ qua.`, placeOf(sheet.name, `${colName(u.col)}${u.row}`)))
  }
  finishEntry(entry, specs, options.rules, findings)
  return { layout: 'form', sheet: sheet.name, entries: [entry], ...headerAbove(sheet, firstRow), usedRows, findings }
}

function colName(col: number): string {
  let s = ''
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

function readTableLayout(loc: Located, options: ParseOptions): ParsedWorkbook {
  const { sheet } = loc
  const headerRow = loc.at
  const specs = new Map(options.indicators.map((i) => [i.code, i]))
  const findings: ImportFinding[] = []
  const firstValueCol = Math.min(...loc.keys.keys())
  let codeCol: number | null = null
  let nameCol: number | null = null
  for (const r of [headerRow, headerRow - 1, headerRow + 1]) {
    for (const [c, cell] of sheet.rows.get(r) ?? []) {
      if (c >= firstValueCol || cell.kind !== 'text') continue
      const f = foldLabel(cell.text)
      if (codeCol === null && (f === 'ma don vi' || f === 'ma dv')) codeCol = c
      else if (nameCol === null && (f === 'ten don vi' || f === 'don vi' || f === 'ten co so')) nameCol = c
    }
  }
  if (codeCol === null && nameCol === null) {
    // Hand-made: the text column nearest the first value column names the unit.
    for (let c = firstValueCol - 1; c >= 1 && nameCol === null; c--) {
      for (const [r, row] of sheet.rows) if (r > headerRow && row.get(c)?.kind === 'text') nameCol = c
    }
  }
  const entries: ParsedUnitEntry[] = []
  const usedRows = new Set<number>()
  const seen = new Map<string, string>()
  let totalRow: number | null = null
  for (const [r, row] of sheet.rows) {
    if (r <= headerRow) continue
    const before = [...row.entries()].filter(([c, cell]) => c < firstValueCol && cell.kind === 'text')
    if (before.some(([, cell]) => TOTAL_LABELS.test(foldLabel(cell.text)))) {
      totalRow = r
      continue
    }
    const code = codeCol !== null ? (row.get(codeCol)?.kind === 'text' || row.get(codeCol)?.kind === 'number' ? row.get(codeCol)!.text.toUpperCase() : null) : null
    const name = nameCol !== null && row.get(nameCol)?.kind === 'text' ? row.get(nameCol)!.text : null
    const hasValues = [...loc.keys.keys()].some((c) => row.has(c))
    if (!code && !name) {
      // Column numbering rows "(1) (2) (3)" and blank lines carry no unit.
      if (hasValues && ![...row.values()].every((cell) => /^\(?\d+\)?$/.test(cell.text))) {
        findings.push(importWarning('IMPORT_ROW_WITHOUT_UNIT', `Dòng ${r} có số liệu nhưng không ghi mã hoặc tên đơn vị; dòng này bị bỏ qua.`, placeOf(sheet.name, `A${r}`)))
      }
      continue
    }
    const keyCell = codeCol !== null && code ? row.get(codeCol)! : row.get(nameCol!)!
    const place = placeOf(sheet.name, keyCell.address)
    const key = code ?? foldForSearch(name ?? '')
    const dup = seen.get(key)
    if (dup) {
      findings.push(importError('IMPORT_DUPLICATE_UNIT', `Đơn vị "${code ?? name}" xuất hiện hai lần (đã có ở ${dup}). Mỗi đơn vị chỉ được một dòng.`, place))
      continue
    }
    seen.set(key, place)
    usedRows.add(r)
    const entry: ParsedUnitEntry = { unitCode: code, unitName: name, place, values: new Map(), ratios: new Map() }
    for (const [c, indicator] of loc.keys) {
      const cell = row.get(c)
      const spec = specs.get(indicator)
      if (cell && spec) readCell(spec, cell, sheet.name, entry, findings)
    }
    finishEntry(entry, specs, options.rules, findings)
    entries.push(entry)
  }
  if (totalRow !== null) checkTotals(sheet, totalRow, loc.keys, specs, entries, findings)
  return { layout: 'table', sheet: sheet.name, entries, ...headerAbove(sheet, headerRow), usedRows, findings }
}

function checkTotals(sheet: SheetGrid, totalRow: number, keys: Map<number, string>, specs: Map<string, IndicatorSpec>, entries: ParsedUnitEntry[], findings: ImportFinding[]): void {
  const row = sheet.rows.get(totalRow)
  for (const [c, code] of keys) {
    const spec = specs.get(code)
    const cell = row?.get(c)
    if (!spec || !cell || spec.unit_agg !== 'sum' || (spec.value_type !== 'integer' && spec.value_type !== 'decimal')) continue
    const total = cell.kind === 'number' ? cell.num : cell.kind === 'text' ? (parseVietnameseNumber(cell.text)?.value ?? null) : null
    if (total === null) continue
    const sum = entries.reduce((s, e) => s + (e.values.get(code)?.num ?? 0), 0)
    if (Math.abs(sum - total) > 1e-6 * Math.max(1, Math.abs(total))) {
      findings.push(importWarning('IMPORT_TOTAL_MISMATCH', `Dòng "Tổng cộng" ghi ${fmt(total)} cho ${indicatorName(specs.get(code) ?? { code, label: '' })} nhưng cộng các dòng trên được ${fmt(sum)}. Dòng tổng không được lưu; hãy kiểm tra lại số liệu.`, placeOf(sheet.name, cell.address)))
    }
  }
}
