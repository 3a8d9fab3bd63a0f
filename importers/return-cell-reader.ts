// Reads one cell's value for its indicator (number, ratio, yes/no, choice, date, text) and checks an entry's values
// against the form's rules, into findings. Pure, like the parser that walks the table and calls it.
import { foldForSearch } from '../src/domain/text/vietnamese-text.js'
import { importError, importWarning, indicatorName, placeOf, type ImportFinding } from './import-finding.js'
import type { IndicatorSpec, ParsedUnitEntry, RuleSpec } from './return-parser-types.js'
import { parseComponentsText, parseVietnameseNumber } from './vietnamese-number.js'
import type { GridCell } from './workbook-reader.js'

/**
 * A text answer (difficulties, proposals, notes) is a paragraph or a few; 10,000 characters is some four pages. Every
 * rollup repeats each child's texts and the export writes each into one cell, so a cap here keeps both bounded.
 */
export const TEXT_ANSWER_MAX = 10_000

export const fmt = (n: number): string => n.toLocaleString('vi-VN', { maximumFractionDigits: 4 })

const YES = new Set(['co', 'x', 'yes', 'true', '1', 'da', 'da ban hanh', 'dat'])
const NO = new Set(['khong', 'no', 'false', '0', 'chua', 'chua ban hanh'])

export function readCell(spec: IndicatorSpec, cell: GridCell, sheetName: string, entry: ParsedUnitEntry, findings: ImportFinding[]): void {
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

export function finishEntry(entry: ParsedUnitEntry, specs: Map<string, IndicatorSpec>, rules: readonly RuleSpec[], findings: ImportFinding[]): void {
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
