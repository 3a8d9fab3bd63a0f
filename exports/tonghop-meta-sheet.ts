import type { Workbook } from 'exceljs'

/**
 * The hidden "_tonghop" sheet shared with the importer (keep EXACTLY): A1..A6 keys, B1..B6 values.
 * form, version, period, unit|units, scope (own|consolidated), layout (form|table); then, in the table layout, the
 * unit whose children the rows are ("unit"), and the key of the document reported on ("document") when known.
 * The importer reads keys, not positions.
 */
export const META_SHEET = '_tonghop'

export interface TonghopMeta {
  form: string
  version: number
  period: string
  /** The file's unit: the reporting unit (form layout), or the unit whose children the rows are (table layout). */
  unit?: string
  /** The table layout's row unit codes. */
  units?: readonly string[]
  scope: 'own' | 'consolidated'
  layout: 'form' | 'table'
  /** Key of the document the return reports on (e.g. "72-NQ/TW"), when the assignment names one. */
  document?: string | null
}

export function metaRows(meta: TonghopMeta): [string, string | number][] {
  const rows: [string, string | number][] = [
    ['form', meta.form],
    ['version', meta.version],
    ['period', meta.period],
    meta.units ? ['units', meta.units.join(',')] : ['unit', meta.unit ?? ''],
    ['scope', meta.scope],
    ['layout', meta.layout],
  ]
  if (meta.units && meta.unit) rows.push(['unit', meta.unit])
  if (meta.document) rows.push(['document', meta.document])
  return rows
}

/** Works for both the in-memory Workbook and the streaming WorkbookWriter (which takes `state` at creation). */
export function addMetaSheet(wb: Pick<Workbook, 'addWorksheet'>, meta: TonghopMeta): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' })
  for (const [k, v] of metaRows(meta)) {
    const row = ws.addRow([k, v])
    ;(row as { commit?: () => void }).commit?.()
  }
  ;(ws as { commit?: () => void }).commit?.()
}
