import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findAssignmentsCovering } from '../../db/repositories/assignment.repository.js'
import { findDocumentsByIds } from '../../db/repositories/document.repository.js'
import { findUnitsByIds } from '../../db/repositories/unit.repository.js'
import type { CompletenessEntry, ConsolidatedChild, ConsolidatedIndicatorRow, ConsolidatedReportData, TextAnswer } from '../../../exports/consolidated-report-data.js'
import { allIndicators, type ExportIndicator } from '../../../exports/form-shape.js'
import { defaultNumberLine } from '../../../exports/official-header.js'
import { DomainError } from '../domain-error.js'
import { parsePeriodId, type Period } from '../periods/period-id.js'
import { periodLabel } from '../periods/period-label.js'
import { compareVietnamese } from '../text/vietnamese-text.js'
import { loadExportForm } from './form-for-export.js'
import type { RollupQuery, RollupSource } from './rollup-source.js'
import { headerUnitOf, requireUnit } from './load-template-data.js'

export interface ConsolidatedExportRequest {
  unitCode: string
  formCode: string
  periodId: string
  signerTitle?: string | null
  signerName?: string | null
  /** ISO date for the date line; today by default. */
  date?: string | null
  numberLine?: string | null
  recipients?: readonly string[] | null
  childOrder?: 'name' | 'code'
}

/** The export's plain data from the database (unit, form, document, defaults) and the rollup engine (figures). */
export async function buildConsolidatedReportData(db: Kysely<Database>, req: ConsolidatedExportRequest, rollup: RollupSource): Promise<ConsolidatedReportData> {
  const period = parsePeriodId(req.periodId.trim())
  const unit = await requireUnit(db, req.unitCode)
  const form = await loadExportForm(db, req.formCode)
  const q: RollupQuery = { unitId: unit.id, unitCode: unit.code, formCode: form.code, formVersion: form.version, period, indicators: allIndicators(form) }
  const [rows, children, completeness, texts, document, parent] = await Promise.all([
    rollup.unitFigures(q),
    rollup.childFigures(q),
    rollup.completeness(q),
    rollup.texts(q),
    documentFor(db, unit.id, form.code),
    unit.parent_id === null ? Promise.resolve(undefined) : findUnitsByIds(db, [unit.parent_id]).then((r) => r[0]),
  ])
  const order = req.childOrder === 'code' ? (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code) : (a: { name: string; code: string }, b: { name: string; code: string }) => compareVietnamese(a.name, b.name) || a.code.localeCompare(b.code)
  const header = headerUnitOf(unit)
  const party = unit.sector !== 'state'
  return {
    unit: { code: unit.code, name: unit.name, sector: unit.sector, placeName: header.placeName, headerSuperior: header.headerSuperior, headerName: header.headerName },
    form,
    period: { id: period.id, label: periodLabel(period) },
    document,
    signer: { title: req.signerTitle?.trim() || (party ? 'T/M BAN THƯỜNG VỤ' : 'T/M ỦY BAN NHÂN DÂN'), name: req.signerName?.trim() ?? '' },
    numberLine: req.numberLine?.trim() || defaultNumberLine(header),
    recipients: req.recipients && req.recipients.length > 0 ? [...req.recipients] : [...(parent ? [`${parent.name} (để báo cáo),`] : []), 'Lưu.'],
    date: req.date ?? new Date().toISOString().slice(0, 10),
    rows,
    children: [...children].sort((a, b) => Number(b.own ?? false) - Number(a.own ?? false) || order(a, b)),
    completeness: [...completeness].sort(order),
    texts,
  }
}

async function documentFor(db: Kysely<Database>, unitId: number, formCode: string): Promise<{ symbol: string; title: string } | null> {
  const withDoc = (await findAssignmentsCovering(db, unitId, formCode)).find((a) => a.document_id !== null)
  if (!withDoc?.document_id) return null
  const [doc] = await findDocumentsByIds(db, [withDoc.document_id])
  return doc ? { symbol: doc.symbol, title: doc.title } : null
}
