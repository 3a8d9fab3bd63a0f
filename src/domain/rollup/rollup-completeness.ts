import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import type { AssignmentRow } from '../../db/repositories/assignment.repository.js'
import { loadAncestorIds, loadFormAssignments, loadPeriodSubtree, loadRollupReturns, type PeriodUnit, type RollupReturnRow } from '../../db/repositories/rollup.repository.js'
import { assignmentActiveIn, assignmentApplies } from '../assignments/assignment-rules.js'
import { DomainError } from '../domain-error.js'
import type { Period } from '../periods/period-id.js'
import { byUnitOrder } from './rollup-aggregation.js'
import { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from './rollup-settings.js'

type Db = Kysely<Database>

export interface CompletenessUnit {
  unit: PeriodUnit
  lateDays: number | null
  submittedAt: string | null
  /** RESTATED: the units of the period this unit of today continues (itself included when it existed then) that were expected then, each with its own status */
  predecessors?: CompletenessUnit[]
}

export interface Completeness {
  unit: PeriodUnit
  expected: number
  received: number
  onTime: number
  late: number
  missing: number
  missingUnits: CompletenessUnit[]
  lateUnits: CompletenessUnit[]
  /** received on time or late */
  receivedUnits: CompletenessUnit[]
  children: Completeness[]
}

/** Expected, received, on time, late and missing returns of a subtree (§5.6), for the unit and each child. */
export async function computeCompleteness(
  db: Db, formCode: string, unitId: number, period: Period, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS,
): Promise<Completeness> {
  const units = await loadPeriodSubtree(db, unitId, period.start, period.end, settings.largeSubtreeUnits)
  if (units.length === 0) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const assignments = await loadFormAssignments(db, formCode)
  const rootAncestors = await loadAncestorIds(db, unitId)
  const byId = new Map(units.map((u) => [u.id, u]))
  const pathOf = (u: PeriodUnit): number[] => {
    const ids: number[] = [u.id]
    let cur: PeriodUnit | undefined = u
    while (cur && cur.id !== unitId && cur.parent_id !== null) { ids.push(cur.parent_id); cur = byId.get(cur.parent_id) }
    return [...ids, ...rootAncestors]
  }
  const expectedOf = (u: PeriodUnit): boolean => {
    const path = new Set(pathOf(u))
    return assignments.some((a: AssignmentRow) => path.has(a.unit_id) && a.period_type === period.type && assignmentActiveIn(a, period) && assignmentApplies(a, u))
  }
  const { returns } = await loadRollupReturns(db, formCode, [period.id], units.map((u) => u.id), settings.largeSubtreeUnits)
  const got = new Map<number, RollupReturnRow>()
  for (const r of returns) if (r.status !== 'draft') { const prev = got.get(r.unit_id); if (!prev || (r.late_days ?? 0) < (prev.late_days ?? 0)) got.set(r.unit_id, r) }
  const kids = new Map<number, PeriodUnit[]>()
  for (const u of units) if (u.id !== unitId && u.parent_id !== null) (kids.get(u.parent_id) ?? kids.set(u.parent_id, []).get(u.parent_id)!).push(u)
  const visit = (u: PeriodUnit, depth: number): Completeness => {
    const acc: Completeness = { unit: u, expected: 0, received: 0, onTime: 0, late: 0, missing: 0, missingUnits: [], lateUnits: [], receivedUnits: [], children: [] }
    const walk = (x: PeriodUnit): void => {
      if (expectedOf(x)) {
        acc.expected++
        const r = got.get(x.id)
        if (!r) { acc.missing++; acc.missingUnits.push({ unit: x, lateDays: null, submittedAt: null }) }
        else {
          acc.received++
          acc.receivedUnits.push({ unit: x, lateDays: r.late_days, submittedAt: r.submitted_at })
          if ((r.late_days ?? 0) > 0) { acc.late++; acc.lateUnits.push({ unit: x, lateDays: r.late_days, submittedAt: r.submitted_at }) } else acc.onTime++
        }
      }
      for (const k of kids.get(x.id) ?? []) walk(k)
    }
    walk(u)
    acc.missingUnits.sort((a, b) => byUnitOrder(a.unit, b.unit))
    acc.lateUnits.sort((a, b) => byUnitOrder(a.unit, b.unit))
    acc.receivedUnits.sort((a, b) => byUnitOrder(a.unit, b.unit))
    if (depth > 0) acc.children = (kids.get(u.id) ?? []).sort(byUnitOrder).map((k) => visit(k, depth - 1))
    return acc
  }
  return visit(byId.get(unitId)!, 1)
}
