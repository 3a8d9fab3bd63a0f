import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findAssignmentsCovering, type AssignmentRow } from '../../db/repositories/assignment.repository.js'
import { findDocumentsByIds } from '../../db/repositories/document.repository.js'
import { loadAncestorIds, loadFormAssignments, loadPeriodSubtree, type PeriodUnit } from '../../db/repositories/rollup.repository.js'
import { findChildrenInPeriod, type UnitRow } from '../../db/repositories/unit.repository.js'
import type { TemplateData, TemplateLayout } from '../../../exports/template-data.js'
import { assignmentActiveIn, assignmentApplies, assignmentBindsIn } from '../assignments/assignment-rules.js'
import { DomainError } from '../domain-error.js'
import { parsePeriodId, type Period } from '../periods/period-id.js'
import { periodLabel } from '../periods/period-label.js'
import { compareVietnamese } from '../text/vietnamese-text.js'
import { unitByCode } from '../units/unit-service.js'
import { loadExportForm } from './form-for-export.js'

export function headerUnitOf(u: UnitRow) {
  return { code: u.code, name: u.name, sector: u.sector, placeName: u.place_name, headerSuperior: u.header_superior, headerName: u.header_name }
}

/**
 * The children that must file the form in the period, in Vietnamese order: children as the tree stood in the period
 * (open at some time in it; a unit moved since is listed under the parent it had then, as rollups and the importer
 * read it), bound by an assignment of the form for the period's type that is rooted at the child, this unit or above.
 * A child the form does not apply to (a residential group for BC-YT72) is left out: its row could only be refused.
 */
export async function templateChildren(db: Kysely<Database>, unit: UnitRow, formCode: string, period: Period): Promise<UnitRow[]> {
  const children = await findChildrenInPeriod(db, unit.id, period.start, period.end)
  if (children.length === 0) return []
  const { assignments, above } = await bindingContext(db, unit, formCode)
  const bound = children.filter((c) => assignments.some((a) => (a.unit_id === c.id || above.has(a.unit_id)) && assignmentBindsIn(a, c, period)))
  return bound.sort((a, b) => compareVietnamese(a.name, b.name) || a.code.localeCompare(b.code))
}

async function bindingContext(db: Kysely<Database>, unit: UnitRow, formCode: string): Promise<{ assignments: AssignmentRow[]; above: Set<number> }> {
  const [assignments, ancestors] = await Promise.all([loadFormAssignments(db, formCode), loadAncestorIds(db, unit.id)])
  return { assignments, above: new Set([unit.id, ...ancestors]) }
}

/**
 * Why a table-layout template has no rows, in words a clerk can act on: no child was open in the period, or none of
 * them must file the form; then where the units that must file it sit further down (their own parents' table
 * templates list them), and whether the unit itself files it (the form layout).
 */
async function noChildrenError(db: Kysely<Database>, unit: UnitRow, formCode: string, period: Period): Promise<DomainError> {
  const label = periodLabel(period)
  const open = await findChildrenInPeriod(db, unit.id, period.start, period.end)
  if (open.length === 0) {
    return new DomainError('TEMPLATE_NO_CHILDREN', `${unit.name} không có đơn vị trực thuộc nào hoạt động trong kỳ ${label}, nên không lập được mẫu biểu theo đơn vị trực thuộc. Hãy dùng mẫu theo biểu (mỗi dòng một chỉ tiêu).`)
  }
  const { assignments, above } = await bindingContext(db, unit, formCode)
  const subtree = await loadPeriodSubtree(db, unit.id, period.start, period.end)
  const byId = new Map(subtree.map((u) => [u.id, u]))
  const binds = (u: PeriodUnit): boolean => {
    const path = new Set(above)
    for (let cur: PeriodUnit | undefined = u; cur && cur.id !== unit.id; cur = cur.parent_id === null ? undefined : byId.get(cur.parent_id)) path.add(cur.id)
    return assignments.some((a) => path.has(a.unit_id) && assignmentBindsIn(a, u, period))
  }
  const parents = new Set<number>()
  for (const u of subtree) if (u.id !== unit.id && u.parent_id !== null && u.parent_id !== unit.id && binds(u)) parents.add(u.parent_id)
  const names = [...parents].map((id) => byId.get(id)?.name ?? '').filter(Boolean).sort(compareVietnamese)
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} và ${names.length - 3} đơn vị khác` : names.join(', ')
  let message = `Không có đơn vị trực thuộc nào của ${unit.name} phải báo cáo biểu ${formCode} trong kỳ ${label}, nên không lập được mẫu biểu theo đơn vị trực thuộc.`
  if (names.length > 0) message += ` Các đơn vị phải báo cáo biểu này trực thuộc ${shown}: hãy tải mẫu theo đơn vị trực thuộc của ${names.length > 1 ? 'các đơn vị đó' : 'đơn vị đó'}.`
  if (binds(unit)) message += ` Báo cáo của chính ${unit.name} dùng mẫu theo biểu (mỗi dòng một chỉ tiêu).`
  return new DomainError('TEMPLATE_NO_CHILDREN', message)
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
  if (q.layout === 'table' && children.length === 0) throw await noChildrenError(db, unit, form.code, period)
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
