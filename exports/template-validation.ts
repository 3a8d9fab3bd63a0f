import type { Cell, DataValidation } from 'exceljs'
import { NO, YES, type ExportIndicator } from './form-shape.js'
import { FORMAT_DECIMAL, FORMAT_INTEGER } from './workbook-style.js'

/** Excel data validation for an input cell of this indicator (null: free text). */
export function inputValidation(ind: ExportIndicator): DataValidation | null {
  const base = { allowBlank: true, showErrorMessage: true, showInputMessage: true, errorStyle: 'stop' as const, promptTitle: ind.code, prompt: ind.label.slice(0, 250) }
  switch (ind.valueType) {
    case 'integer': {
      const min = ind.min ?? 0
      return ind.max != null
        ? { ...base, type: 'whole', operator: 'between', formulae: [min, ind.max], errorTitle: 'Giá trị không hợp lệ', error: `Nhập số nguyên từ ${min} đến ${ind.max}` }
        : { ...base, type: 'whole', operator: 'greaterThanOrEqual', formulae: [min], errorTitle: 'Giá trị không hợp lệ', error: `Nhập số nguyên không âm (≥ ${min})` }
    }
    case 'decimal': {
      const min = ind.min ?? 0
      const max = ind.max ?? 1e15
      return { ...base, type: 'decimal', operator: 'between', formulae: [min, max], errorTitle: 'Giá trị không hợp lệ', error: `Nhập số từ ${min} đến ${max}` }
    }
    case 'boolean':
      return { ...base, type: 'list', formulae: [`"${YES},${NO}"`], errorTitle: 'Giá trị không hợp lệ', error: `Chọn "${YES}" hoặc "${NO}"` }
    case 'choice': {
      const choices = (ind.choices ?? []).filter((c) => !c.includes(',') && !c.includes('"'))
      const list = choices.join(',')
      if (choices.length === 0 || list.length > 250) return null
      return { ...base, type: 'list', formulae: [`"${list}"`], errorTitle: 'Giá trị không hợp lệ', error: 'Chọn một giá trị trong danh sách' }
    }
    case 'date':
      return { ...base, type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(1990, 0, 1))], errorTitle: 'Giá trị không hợp lệ', error: 'Nhập ngày (dd/mm/yyyy)' }
    default:
      return null
  }
}

export function numberFormatFor(ind: ExportIndicator): string | undefined {
  if (ind.valueType === 'integer') return FORMAT_INTEGER
  if (ind.valueType === 'decimal') return ind.decimals === 1 ? '#,##0.0' : FORMAT_DECIMAL
  if (ind.valueType === 'ratio') return '0.0%'
  if (ind.valueType === 'date') return 'dd/mm/yyyy'
  return undefined
}

/** An unlocked, validated input cell. */
export function makeInputCell(cell: Cell, ind: ExportIndicator): void {
  cell.protection = { locked: false }
  const dv = inputValidation(ind)
  if (dv) cell.dataValidation = dv
  const fmt = numberFormatFor(ind)
  if (fmt) cell.numFmt = fmt
  if (ind.valueType === 'text') cell.alignment = { wrapText: true, vertical: 'top' }
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF9E0' } }
}
