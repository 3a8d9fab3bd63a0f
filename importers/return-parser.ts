// Finds the report table in a workbook's grids and reads its values, cell by cell, into findings and values.
// Pure: the form's indicators and rules come in as arguments; units are returned as the keys found in the
// sheet (code or name) for the caller to resolve against the database.
import { remembered } from '../src/domain/text/remembered.js'
import { foldForSearch } from '../src/domain/text/vietnamese-text.js'
import { importError, importWarning, indicatorName, placeOf, type ImportFinding } from './import-finding.js'
import { parseComponentsText, parseVietnameseNumber } from './vietnamese-number.js'
import type { GridCell, SheetGrid, WorkbookGrids } from './workbook-reader.js'

export interface IndicatorSpec {
  readonly code: string
  readonly label: string
  readonly value_type: string
  readonly unit_agg: string
  readonly numerator_code: string | null
  readonly denominator_code: string | null
  readonly min_value: number | null
  readonly max_value: number | null
  readonly choices: string | null
}

export interface RuleSpec {
  readonly left_code: string
  readonly op: string
  readonly right_code: string
  readonly severity: string
}

export interface ParsedValue {
  readonly indicator: string
  readonly num: number | null
  readonly text: string | null
  readonly place: string
}

export interface ParsedUnitEntry {
  /** Unit code as typed (table layout "Mã đơn vị"), or null. */
  readonly unitCode: string | null
  /** Unit name as typed, or null. */
  readonly unitName: string | null
  readonly place: string | null
  /** Stored values: never ratio percentages (those are checked, then dropped). */
  readonly values: Map<string, ParsedValue>
  /** Ratio percentages as given, for display. */
  readonly ratios: Map<string, ParsedValue>
}

export interface ParsedWorkbook {
  readonly layout: 'form' | 'table'
  readonly sheet: string
  readonly entries: ParsedUnitEntry[]
  /** Text above the table (title, unit, period), for finding unit and period. */
  readonly headerText: string[]
  /** The same text with the cell each piece came from, for findings about it ("Biểu 01!A3"). */
  readonly headerCells: { readonly text: string; readonly place: string }[]
  readonly usedRows: ReadonlySet<number>
  readonly findings: ImportFinding[]
}

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

export interface ParseOptions {
  readonly indicators: readonly IndicatorSpec[]
  readonly rules: readonly RuleSpec[]
  /** From the hidden sheet, when the template says which layout it is. */
  readonly layout?: 'form' | 'table' | null
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

/**
 * A text answer (difficulties, proposals, notes) is a paragraph or a few; 10,000 characters is some four pages. Every
 * rollup repeats each child's texts and the export writes each into one cell, so a cap here keeps both bounded.
 */
export const TEXT_ANSWER_MAX = 10_000

const fmt = (n: number): string => n.toLocaleString('vi-VN', { maximumFractionDigits: 4 })

const YES = new Set(['co', 'x', 'yes', 'true', '1', 'da', 'da ban hanh', 'dat'])
const NO = new Set(['khong', 'no', 'false', '0', 'chua', 'chua ban hanh'])

function readCell(spec: IndicatorSpec, cell: GridCell, sheetName: string, entry: ParsedUnitEntry, findings: ImportFinding[]): void {
  const place = placeOf(sheetName, cell.address)
  const err = (code: string, message: string) => findings.push(importError(code, message, place))
  const name = indicatorName(spec)
  // A ratio is recomputed from its components, never stored: the template's own ratio formula needs no cached result.
  if (cell.kind === 'formula-no-result' && spec.value_type === 'ratio') return
  if (cell.kind === 'formula-no-result') return void err('IMPORT_FORMULA_NO_RESULT', `Ô có công thức nhưng chưa có kết quả được lưu (chỉ tiêu ${name}). Hãy mở tệp bằng Excel, để Excel tính lại rồi lưu, hoặc nhập số trực tiếp.`)
  if (cell.kind === 'error') return void err('IMPORT_CELL_ERROR', `Ô có lỗi ${cell.text} (chỉ tiêu ${name}). Hãy sửa công thức hoặc nhập số trực tiếp.`)
  const put = (num: number | null, text: string | null): void => void entry.values.set(spec.code, { indicator: spec.code, num, text, place })
  switch (spec.value_type) {
    case 'integer':
    case 'decimal': {
      let n: number | null = null
      if (cell.kind === 'number') n = cell.num
      else if (cell.kind === 'text') n = parseVietnameseNumber(cell.text)?.value ?? null
      if (n === null) return void err('IMPORT_NOT_A_NUMBER', `Chỉ tiêu ${name} cần một số, nhưng ô ghi "${cell.text.slice(0, 60)}". Hãy chỉ nhập số (ghi chú đưa vào cột khác); để trống nếu chưa có số liệu.`)
      if (n < 0) return void err('IMPORT_NEGATIVE', `Chỉ tiêu ${name} không được âm (ô ghi ${fmt(n)}). Hãy nhập số từ 0 trở lên, hoặc để trống nếu chưa có số liệu.`)
      if (spec.value_type === 'integer' && !Number.isInteger(n)) return void err('IMPORT_NOT_AN_INTEGER', `Chỉ tiêu ${name} phải là số nguyên (ô ghi ${fmt(n)}). Hãy nhập số nguyên, không có phần thập phân.`)
      if ((spec.min_value !== null && n < spec.min_value) || (spec.max_value !== null && n > spec.max_value)) {
        return void err('IMPORT_OUT_OF_RANGE', `Chỉ tiêu ${name} phải nằm trong khoảng ${fmt(spec.min_value ?? 0)}–${spec.max_value === null ? '…' : fmt(spec.max_value)} (ô ghi ${fmt(n)}). Hãy kiểm tra lại số liệu.`)
      }
      return put(n, null)
    }
    case 'ratio': {
      let percent: number | null = null
      if (cell.kind === 'number') percent = cell.percentFormat ? (cell.num as number) * 100 : cell.num
      else if (cell.kind === 'text') {
        const parts = parseComponentsText(cell.text)
        if (parts.numerator !== null && parts.denominator !== null && spec.numerator_code && spec.denominator_code) {
          // "35.599/35.900 đảng viên, đạt 99,16%": the components are what rolls up.
          if (!entry.values.has(spec.numerator_code)) entry.values.set(spec.numerator_code, { indicator: spec.numerator_code, num: parts.numerator, text: null, place })
          if (!entry.values.has(spec.denominator_code)) entry.values.set(spec.denominator_code, { indicator: spec.denominator_code, num: parts.denominator, text: null, place })
          percent = parts.percent ?? (parts.denominator ? (parts.numerator / parts.denominator) * 100 : null)
        } else percent = parseVietnameseNumber(cell.text)?.value ?? parts.percent
      }
      if (percent === null) return void err('IMPORT_NOT_A_NUMBER', `Chỉ tiêu ${name} là tỷ lệ (%), nhưng ô ghi "${cell.text.slice(0, 60)}". Hãy ghi một số phần trăm, ví dụ 98,5.`)
      percent = Math.round(percent * 1e6) / 1e6
      if (percent < 0 || percent > 100) return void err('IMPORT_OUT_OF_RANGE', `Tỷ lệ ${name} phải từ 0 đến 100% (ô ghi ${fmt(percent)}). Hãy kiểm tra lại, hoặc ghi tử số và mẫu số.`)
      entry.ratios.set(spec.code, { indicator: spec.code, num: percent, text: null, place })
      return
    }
    case 'boolean': {
      const f = cell.kind === 'boolean' || cell.kind === 'number' ? String(cell.num) : foldForSearch(cell.text)
      if (YES.has(f)) return put(1, null)
      if (NO.has(f)) return put(0, null)
      return void err('IMPORT_NOT_A_CHOICE', `Chỉ tiêu ${name} chỉ nhận "Có" hoặc "Không" (ô ghi "${cell.text.slice(0, 60)}").`)
    }
    case 'choice': {
      const choices = spec.choices ? (JSON.parse(spec.choices) as string[]) : []
      const hit = choices.find((c) => foldForSearch(c) === foldForSearch(cell.text))
      if (!hit) return void err('IMPORT_NOT_A_CHOICE', `Chỉ tiêu ${name} chỉ nhận một trong: ${choices.join('; ')} (ô ghi "${cell.text.slice(0, 60)}").`)
      return put(null, hit)
    }
    case 'date':
      return put(null, cell.text)
    default: {
      const text = cell.kind === 'number' ? String(cell.num) : cell.text
      if (text.length > TEXT_ANSWER_MAX) {
        return void err(
          'IMPORT_TEXT_TOO_LONG',
          `Nội dung chỉ tiêu ${name} dài ${fmt(text.length)} ký tự, vượt giới hạn ${fmt(TEXT_ANSWER_MAX)} ký tự. Hãy viết ngắn gọn các ý chính; tài liệu dài xin gửi kèm theo đường công văn.`,
        )
      }
      return put(null, text)
    }
  }
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<=':
      return a <= b
    case '<':
      return a < b
    case '>=':
      return a >= b
    case '>':
      return a > b
    case '=':
    case '==':
      return Math.abs(a - b) < 1e-9
    default:
      return true
  }
}

function finishEntry(entry: ParsedUnitEntry, specs: Map<string, IndicatorSpec>, rules: readonly RuleSpec[], findings: ImportFinding[]): void {
  const named = (code: string | null): string => (code === null ? '' : indicatorName(specs.get(code) ?? { code, label: '' }))
  for (const spec of specs.values()) {
    if (spec.value_type !== 'ratio' || !spec.numerator_code || !spec.denominator_code) continue
    const n = entry.values.get(spec.numerator_code)
    const d = entry.values.get(spec.denominator_code)
    const given = entry.ratios.get(spec.code)
    if (given && (!n || !d || n.num === null || d.num === null)) {
      findings.push(
        importWarning(
          'IMPORT_PERCENT_WITHOUT_COMPONENTS',
          `Tỷ lệ ${named(spec.code)} chỉ ghi phần trăm (${fmt(given.num ?? 0)}%) mà thiếu số liệu thành phần (${named(spec.numerator_code)} và ${named(spec.denominator_code)}); báo cáo chưa đủ để tổng hợp lên cấp trên. Hãy ghi cả tử số và mẫu số.`,
          given.place,
        ),
      )
    }
    if (n?.num != null && d?.num != null && n.num > d.num) {
      findings.push(importError('IMPORT_NUMERATOR_GT_DENOMINATOR', `${named(spec.numerator_code)} = ${fmt(n.num)} không được lớn hơn ${named(spec.denominator_code)} = ${fmt(d.num)}: tỷ lệ ${named(spec.code)} sẽ vượt 100%. Hãy kiểm tra lại hai số này.`, n.place))
    }
  }
  const ratioPairs = new Set([...specs.values()].filter((s) => s.value_type === 'ratio').map((s) => `${s.numerator_code}<=${s.denominator_code}`))
  for (const rule of rules) {
    // Numerator ≤ denominator is already reported above, once.
    if (ratioPairs.has(`${rule.left_code}${rule.op}${rule.right_code}`)) continue
    const l = entry.values.get(rule.left_code)
    const r = entry.values.get(rule.right_code)
    if (l?.num == null || r?.num == null) continue
    if (!compare(l.num, rule.op, r.num)) {
      const f = rule.severity === 'warning' ? importWarning : importError
      findings.push(f('IMPORT_RULE_VIOLATED', `Số liệu không hợp lệ: cần ${rule.left_code} ${rule.op} ${rule.right_code}, nhưng ${named(rule.left_code)} = ${fmt(l.num)}, ${named(rule.right_code)} = ${fmt(r.num)}. Hãy kiểm tra lại hai số này.`, l.place))
    }
  }
}
