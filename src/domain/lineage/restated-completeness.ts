import type { AssignmentRow } from '../../db/repositories/assignment.repository.js'
import type { LineageRow } from '../../db/repositories/lineage.repository.js'
import { loadAncestorIds, loadFormAssignments, loadPeriodSubtree, loadRollupReturns, type PeriodUnit, type RollupReturnRow } from '../../db/repositories/rollup.repository.js'
import { findUnitsByIds } from '../../db/repositories/unit.repository.js'
import { assignmentApplies, assignmentBindsIn } from '../assignments/assignment-rules.js'
import type { Db } from '../database-handle.js'
import { DomainError } from '../domain-error.js'
import type { Period } from '../periods/period-id.js'
import { byUnitOrder } from '../rollup/rollup-aggregation.js'
import type { Completeness, CompletenessUnit } from '../rollup/rollup-completeness.js'
import { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from '../rollup/rollup-settings.js'
import { ancestorsOnDate, loadLineageContext } from './lineage-context.js'

// Issue #17 item 3: completeness of a past period restated onto today's tree. The units are those of today (the unit
// and its subtree of today). A unit of today continues, for period p, the units it came from: itself when it was open
// in p, and through lineage the sources of every row into it whose break came after p began (their own predecessors
// too, so chains of reorganizations follow). It is expected when it is expected now (an assignment in force today
// binds it) and some unit it continues was expected in p (on the tree of p); it counts as received when every one of
// those expected predecessors filed a return for p, late with the largest days late among them, and missing otherwise.

function isoToday(): string {
  return new Date().toISOString().slice(0, 10)
}

function openIn(u: { opened_on: string | null; closed_on: string | null }, start: string, end: string): boolean {
  return (u.opened_on === null || u.opened_on <= end) && (u.closed_on === null || u.closed_on >= start)
}

/** The units of the period that a unit of today continues (itself included when it was open then). */
function predecessorIds(into: Map<number, LineageRow[]>, unit: PeriodUnit, period: Period, open: (id: number) => boolean): number[] {
  const out = new Set<number>()
  const seen = new Set<number>()
  const visit = (id: number, depth: number): void => {
    if (seen.has(id) || depth > 32) return
    seen.add(id)
    if (open(id)) out.add(id)
    for (const r of into.get(id) ?? []) if (r.effective_on > period.start) visit(r.source_unit_id, depth + 1)
  }
  visit(unit.id, 0)
  return [...out]
}

export async function computeRestatedCompleteness(
  db: Db, formCode: string, unitId: number, period: Period, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS, today: string = isoToday(),
): Promise<Completeness> {
  const units = await loadPeriodSubtree(db, unitId, today, today, settings.largeSubtreeUnits)
  if (units.length === 0) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const [ctx, assignments, rootAncestors] = await Promise.all([loadLineageContext(db), loadFormAssignments(db, formCode), loadAncestorIds(db, unitId)])
  const byId = new Map(units.map((u) => [u.id, u]))
  const pathNow = (u: PeriodUnit): Set<number> => {
    const ids: number[] = [u.id]
    let cur: PeriodUnit | undefined = u
    while (cur && cur.id !== unitId && cur.parent_id !== null) { ids.push(cur.parent_id); cur = byId.get(cur.parent_id) }
    return new Set([...ids, ...rootAncestors])
  }
  const expectedNow = (u: PeriodUnit): boolean => {
    const path = pathNow(u)
    return assignments.some((a: AssignmentRow) => path.has(a.unit_id) && a.period_type === period.type
      && (a.valid_from === null || a.valid_from <= today) && (a.valid_to === null || a.valid_to >= today) && assignmentApplies(a, u))
  }

  // every unit of the period that some unit of today continues, with where it stood then
  const sourceIds = new Set<number>()
  const into = new Map<number, LineageRow[]>()
  for (const r of ctx.rows) if (r.effective_on > period.start) { sourceIds.add(r.source_unit_id); (into.get(r.target_unit_id) ?? into.set(r.target_unit_id, []).get(r.target_unit_id)!).push(r) }
  const others = await findUnitsByIds(db, [...sourceIds].filter((id) => !byId.has(id)))
  const info = new Map<number, PeriodUnit>(units.map((u) => [u.id, u]))
  for (const u of others) info.set(u.id, { id: u.id, code: u.code, name: u.name, sort_key: u.sort_key, kind: u.kind, parent_id: u.parent_id, opened_on: u.opened_on, closed_on: u.closed_on })
  const open = (id: number) => { const u = info.get(id); return u !== undefined && openIn(u, period.start, period.end) }
  const predsOf = new Map<number, number[]>()
  const nowExpected = new Set<number>()
  for (const u of units) {
    if (!expectedNow(u)) continue
    nowExpected.add(u.id)
    predsOf.set(u.id, predecessorIds(into, u, period, open))
  }
  const allPreds = [...new Set([...predsOf.values()].flat())]
  // the date each predecessor's place in the tree of the period is read on: its last open day in the period
  const dateOf = (u: PeriodUnit): string => {
    const end = u.closed_on !== null && u.closed_on < period.end ? u.closed_on : period.end
    return u.opened_on !== null && u.opened_on > end ? u.opened_on : end
  }
  const byDate = new Map<string, number[]>()
  for (const id of allPreds) { const d = dateOf(info.get(id)!); (byDate.get(d) ?? byDate.set(d, []).get(d)!).push(id) }
  // read into a context of this request only: the cached one keeps the places of lineage sources, not of every unit
  const local = { thenChains: new Map<string, number[]>() }
  const pathThen = new Map<number, Set<number>>()
  for (const [date, ids] of byDate) for (const [id, path] of await ancestorsOnDate(db, local, ids, date)) pathThen.set(id, new Set(path))
  const expectedThen = (id: number): boolean => {
    const path = pathThen.get(id) ?? new Set([id])
    const u = info.get(id)!
    return assignments.some((a) => path.has(a.unit_id) && assignmentBindsIn(a, u, period))
  }
  const { returns } = await loadRollupReturns(db, formCode, [period.id], allPreds, settings.largeSubtreeUnits)
  const got = new Map<number, RollupReturnRow>()
  for (const r of returns) if (r.status !== 'draft') { const prev = got.get(r.unit_id); if (!prev || (r.late_days ?? 0) < (prev.late_days ?? 0)) got.set(r.unit_id, r) }

  /** per unit of today: null when not expected, else its status through its expected predecessors */
  const status = new Map<number, CompletenessUnit & { received: boolean }>()
  for (const [id, preds] of predsOf) {
    const expected = preds.filter(expectedThen).map((p) => info.get(p)!).sort(byUnitOrder)
    if (expected.length === 0) continue
    const predecessors: CompletenessUnit[] = expected.map((p) => { const r = got.get(p.id); return { unit: p, lateDays: r ? r.late_days : null, submittedAt: r ? r.submitted_at : null } })
    const received = expected.every((p) => got.has(p.id))
    const lateDays = received ? Math.max(0, ...predecessors.map((p) => p.lateDays ?? 0)) : null
    const submittedAt = received ? predecessors.map((p) => p.submittedAt).reduce<string | null>((m, s) => (s !== null && (m === null || s > m) ? s : m), null) : null
    status.set(id, { unit: byId.get(id)!, lateDays, submittedAt, predecessors, received })
  }

  const kids = new Map<number, PeriodUnit[]>()
  for (const u of units) if (u.id !== unitId && u.parent_id !== null) (kids.get(u.parent_id) ?? kids.set(u.parent_id, []).get(u.parent_id)!).push(u)
  const visit = (u: PeriodUnit, depth: number): Completeness => {
    const acc: Completeness = { unit: u, expected: 0, received: 0, onTime: 0, late: 0, missing: 0, missingUnits: [], lateUnits: [], receivedUnits: [], children: [] }
    const walk = (x: PeriodUnit): void => {
      const s = status.get(x.id)
      if (s) {
        acc.expected++
        const entry: CompletenessUnit = { unit: s.unit, lateDays: s.lateDays, submittedAt: s.submittedAt, predecessors: s.predecessors }
        if (!s.received) { acc.missing++; acc.missingUnits.push(entry) }
        else {
          acc.received++
          acc.receivedUnits.push(entry)
          if ((s.lateDays ?? 0) > 0) { acc.late++; acc.lateUnits.push(entry) } else acc.onTime++
        }
      }
      for (const k of kids.get(x.id) ?? []) walk(k)
    }
    walk(u)
    for (const list of [acc.missingUnits, acc.lateUnits, acc.receivedUnits]) list.sort((a, b) => byUnitOrder(a.unit, b.unit))
    if (depth > 0) acc.children = (kids.get(u.id) ?? []).sort(byUnitOrder).map((k) => visit(k, depth - 1))
    return acc
  }
  return visit(byId.get(unitId)!, 1)
}
