import type { ExportForm } from './form-shape.js'
import type { HeaderUnit } from './official-header.js'

export type TemplateLayout = 'form' | 'table'

/** Everything a template needs, as plain data (built from the database by src/domain/exports/load-template-data.ts). */
export interface TemplateData {
  unit: HeaderUnit & { code: string }
  form: ExportForm
  period: { id: string; label: string; year: number }
  layout: TemplateLayout
  /** Table layout: one row per child unit, in print order. */
  children: { code: string; name: string }[]
  /** ISO date of generation; its year goes into the date line. */
  today: string
  /** The document the return reports on, from the assignment (written to the hidden sheet for the importer). */
  document?: { key: string; symbol: string } | null
}

export const FORM_SHEET = 'Biểu 01'
export const TABLE_SHEET = 'Biểu 02'
export const FORM_HEADERS = ['STT', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Đơn vị tính', 'Giá trị'] as const
export const TABLE_HEADERS = ['STT', 'Mã đơn vị', 'Tên đơn vị'] as const
export const TOTAL_LABEL = 'Tổng cộng'
