import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { findForm } from '../../db/repositories/form.repository.js'
import type { ReturnRow } from '../../db/repositories/return.repository.js'
import { findAssignmentsReaching, findOpenUnitsNear, findReturnsFor } from '../../db/repositories/work-list.repository.js'
import { assignmentBindsIn, assignmentDeadline } from '../assignments/assignment-rules.js'
import { diffDays } from '../periods/calendar-date.js'
import { listPeriods, type Period } from '../periods/period-id.js'
import { periodLabel } from '../periods/period-label.js'

type Db = Kysely<Database>

export type WorkStatus = 'missing' | 'draft' | 'submitted' | 'returned' | 'approved'

export interface WorkItem {
  unitId: number
  unitCode: string
  unitName: string
  formCode: string
  formTitle: string
  periodId: string
  periodLabel: string
  deadline: string
  /** Days until the deadline; negative once it has passed. */
  daysLeft: number
  status: WorkStatus
  returnRow: ReturnRow | null
  /** The document the assignment names (the return's own, once there is one, is on the return). */
  documentId: number | null
}

/** A clerk's list reaches the units they file for and two levels below them, never a whole province's tree. */
const MAX_DEPTH = 2
const MAX_UNITS = 300
/** A closed period stays on the list this long after its deadline, or until it is filed when it is overdue. */
const RECENT_DAYS = 45
const OVERDUE_DAYS = 180

function keep(status: WorkStatus, daysLeft: number): boolean {
  if (daysLeft >= -RECENT_DAYS) return true
  return (status === 'missing' || status === 'draft' || status === 'returned') && daysLeft >= -OVERDUE_DAYS
}

/**
 * What the units under the given submitter roots must file, by form and period: each period that has begun and is
 * due, overdue or recently closed, with the return's status. Sorted by deadline, the most urgent first.
 */
export async function workListFor(db: Db, rootIds: readonly number[], today: string): Promise<WorkItem[]> {
  const units = await findOpenUnitsNear(db, rootIds, MAX_DEPTH, today, MAX_UNITS)
  const unitById = new Map(units.map((u) => [u.id, u]))
  const assignments = await findAssignmentsReaching(db, units.map((u) => u.id))
  const year = Number(today.slice(0, 4))
  const candidates: { unitId: number; formCode: string; period: Period; deadline: string; documentId: number | null }[] = []
  const seen = new Set<string>()
  for (const a of assignments) {
    const unit = unitById.get(a.reached_id)
    if (!unit || a.period_type === 'adhoc') continue
    for (const period of [...listPeriods(a.period_type as Period['type'], year - 1), ...listPeriods(a.period_type as Period['type'], year)]) {
      if (period.start > today || !assignmentBindsIn(a, unit, period)) continue
      const key = `${unit.id}|${a.form_code}|${period.id}`
      if (seen.has(key)) continue
      seen.add(key)
      candidates.push({ unitId: unit.id, formCode: a.form_code, period, deadline: assignmentDeadline(a, period), documentId: a.document_id })
    }
  }
  const returns = await findReturnsFor(db, [...new Set(candidates.map((c) => c.unitId))], [...new Set(candidates.map((c) => c.period.id))])
  const returnOf = new Map<string, ReturnRow>()
  // A unit's own return first; a consolidated one stands in when that is all there is.
  for (const r of [...returns].sort((x, y) => (x.scope === 'own' ? 1 : 0) - (y.scope === 'own' ? 1 : 0))) returnOf.set(`${r.unit_id}|${r.form_code}|${r.period_id}`, r)
  const codes = [...new Set(candidates.map((c) => c.formCode))]
  const forms = new Map(await Promise.all(codes.map(async (code) => [code, (await findForm(db, code))?.title ?? code] as const)))
  const items: WorkItem[] = []
  for (const c of candidates) {
    const r = returnOf.get(`${c.unitId}|${c.formCode}|${c.period.id}`) ?? null
    const status = (r?.status ?? 'missing') as WorkStatus
    const daysLeft = diffDays(today, c.deadline)
    if (!keep(status, daysLeft)) continue
    const unit = unitById.get(c.unitId)!
    items.push({ unitId: unit.id, unitCode: unit.code, unitName: unit.name, formCode: c.formCode, formTitle: forms.get(c.formCode) ?? c.formCode, periodId: c.period.id, periodLabel: periodLabel(c.period), deadline: c.deadline, daysLeft, status, returnRow: r, documentId: r?.document_id ?? c.documentId })
  }
  const order = units.map((u) => u.id)
  return items.sort((x, y) => x.deadline.localeCompare(y.deadline) || order.indexOf(x.unitId) - order.indexOf(y.unitId) || x.formCode.localeCompare(y.formCode))
}
