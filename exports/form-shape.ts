/** A form as the writers need it: plain data, no database rows. */
export interface ExportIndicator {
  code: string
  label: string
  unitOfMeasure: string | null
  /** integer | decimal | ratio | boolean | choice | text | date */
  valueType: string
  numeratorCode: string | null
  denominatorCode: string | null
  /** Weighted averages (YT21 by YT01). */
  weightCode?: string | null
  min?: number | null
  max?: number | null
  choices?: readonly string[] | null
  decimals?: number | null
}

export interface ExportSection {
  code: string
  title: string
  indicators: ExportIndicator[]
}

export interface ExportForm {
  code: string
  version: number
  title: string
  sections: ExportSection[]
}

export function allIndicators(form: ExportForm): ExportIndicator[] {
  return form.sections.flatMap((s) => s.indicators)
}

export function isNumericType(t: string): boolean {
  return t === 'integer' || t === 'decimal'
}

export const YES = 'Có'
export const NO = 'Không'

/** Where each indicator lands when sections are written from `firstRow` (a title row per section, then its indicators), so ratio formulas can point at their components before they are written. */
export function indicatorRows(form: ExportForm, firstRow: number): Map<string, number> {
  const rowOf = new Map<string, number>()
  let r = firstRow
  for (const s of form.sections) {
    r++
    for (const ind of s.indicators) rowOf.set(ind.code, r++)
  }
  return rowOf
}
