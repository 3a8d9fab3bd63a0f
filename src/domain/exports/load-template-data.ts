import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findAssignmentsCovering } from '../../db/repositories/assignment.repository.js'
import { findDocumentsByIds } from '../../db/repositories/document.repository.js'
import { findChildrenOf, type UnitRow } from '../../db/repositories/unit.repository.js'
import type { TemplateData, TemplateLayout } from '../../../exports/template-data.js'
import { assignmentActiveIn, assignmentApplies } from '../assignments/assignment-rules.js'
import { DomainError } from '../domain-error.js'
import { parsePeriodId, type Period } from '../periods/period-id.js'
import { periodLabel } from '../periods/period-label.js'
import { compareVietnamese } from '../text/vietnamese-text.js'
import { unitByCode } from '../units/unit-service.js'
import { loadExportForm } from './form-for-export.js'

export function headerUnitOf(u: UnitRow) {
  return { code: u.code, name: u.name, sector: u.sector, placeName: u.place_name, headerSuperior: u.header_superior, headerName: u.header_name }
}

export function openIn(u: UnitRow, period: Period): boolean {
  return (u.opened_on === null || u.opened_on <= period.end) && (u.closed_on === null || u.closed_on >= period.start)
}

/** Open children assigned the form in the period; all open children when none is assigned. Vietnamese order. */
export async function templateChildren(db: Kysely<Database>, unit: UnitRow, formCode: string, period: Period): Promise<UnitRow[]> {
  const open = (await findChildrenOf(db, [unit.id])).filter((c) => openIn(c, period))
  const assigned: UnitRow[] = []
  for (const child of open) {
    const covering = await findAssignmentsCovering(db, child.id, formCode)
    if (covering.some((a) => assignmentActiveIn(a, period) && assignmentApplies(a, child))) assigned.push(child)
  }
  const rows = assigned.length > 0 ? assigned : open
  return [...rows].sort((a, b) => compareVietnamese(a.name, b.name) || a.code.localeCompare(b.code))
}

export async function requireUnit(db: Kysely<Database>, code: string): Promise<UnitRow> {
  const unit = await unitByCode(db, code)
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', `Không tìm thấy đơn vị có mã "${code}"`)
  return unit
}

export async function loadTemplateData(db: Kysely<Database>, q: { unitCode: string; formCode: string; periodId: string; layout: TemplateLayout; today?: string }): Promise<TemplateData> {
  const period = parsePeriodId(q.periodId.trim())
  const unit = await requireUnit(db, q.unitCode)
  const form = await loadExportForm(db, q.formCode)
  const childUnits = q.layout === 'table' ? await templateChildren(db, unit, form.code, period) : []
  const children = childUnits.map((c) => ({ code: c.code, name: c.name }))
  if (q.layout === 'table' && children.length === 0) {
    throw new DomainError('TEMPLATE_NO_CHILDREN', `Đơn vị "${unit.name}" không có đơn vị trực thuộc nào đang hoạt động trong kỳ ${periodLabel(period)}; hãy dùng mẫu theo biểu (layout form)`)
  }
  return {
    unit: headerUnitOf(unit),
    form,
    period: { id: period.id, label: periodLabel(period), year: period.year },
    layout: q.layout,
    children,
    today: q.today ?? new Date().toISOString().slice(0, 10),
    document: await assignedDocument(db, [unit, ...childUnits], form.code, period),
  }
}

/**
 * The document the units report on under the assignments that bind them to the form in the period (72-NQ/TW for
 * BC-YT72), when they name exactly one; null when none does or they differ.
 */
export async function assignedDocument(db: Kysely<Database>, units: readonly UnitRow[], formCode: string, period: Period): Promise<{ key: string; symbol: string } | null> {
  const ids = new Set<number>()
  for (const u of units) {
    for (const a of await findAssignmentsCovering(db, u.id, formCode)) {
      if (a.document_id !== null && assignmentApplies(a, u) && assignmentActiveIn(a, period)) ids.add(a.document_id)
    }
  }
  if (ids.size !== 1) return null
  const [doc] = await findDocumentsByIds(db, [...ids])
  return doc ? { key: doc.key, symbol: doc.symbol } : null
}

/** "Biểu BC-YT72 - Phúc Lợi - Quý I-2026.xlsx": readable Vietnamese, no path separators. */
export function exportFileName(parts: string[]): string {
  return `${parts.join(' - ').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').slice(0, 150)}.xlsx`
}
