import type { AssignmentRow } from '../../db/repositories/assignment.repository.js'
import { deadlineFor, parseDeadlineRule, type DeadlineRule } from '../periods/deadline-rule.js'
import type { Period } from '../periods/period-id.js'
import { dataWindow, parseWindowRule, type DataWindow, type WindowRule } from '../periods/period-window.js'
import type { UnitKind } from '../units/unit-vocabulary.js'

export function assignmentDeadlineRule(a: AssignmentRow): DeadlineRule {
  return parseDeadlineRule(JSON.parse(a.deadline_rule))
}

export function assignmentWindowRule(a: AssignmentRow): WindowRule {
  return parseWindowRule(JSON.parse(a.window_rule))
}

export function assignmentUnitKinds(a: AssignmentRow): UnitKind[] | null {
  // Written only from validated kinds (seeds, assignForm), so the stored JSON holds UnitKind values.
  return a.unit_kinds ? (JSON.parse(a.unit_kinds) as UnitKind[]) : null
}

/** Whether an assignment rooted at `a.unit_id` binds a unit of this kind (the root itself when no kinds are listed). */
export function assignmentApplies(a: AssignmentRow, unit: { id: number; kind: string }): boolean {
  const kinds: readonly string[] | null = assignmentUnitKinds(a)
  return kinds === null ? a.unit_id === unit.id : kinds.includes(unit.kind)
}

export function assignmentActiveIn(a: AssignmentRow, period: Period): boolean {
  return (a.valid_from === null || a.valid_from <= period.end) && (a.valid_to === null || a.valid_to >= period.start)
}

/**
 * Whether the assignment makes the unit file the form for this period: same period type, in force during it, and
 * applying to the unit. The caller checks that the assignment is rooted at the unit or above it (in the period's tree).
 */
export function assignmentBindsIn(a: AssignmentRow, unit: { id: number; kind: string }, period: Period): boolean {
  return a.period_type === period.type && assignmentActiveIn(a, period) && assignmentApplies(a, unit)
}

export function assignmentDeadline(a: AssignmentRow, period: Period): string {
  return deadlineFor(period, assignmentDeadlineRule(a), assignmentWindowRule(a))
}

export function assignmentWindow(a: AssignmentRow, period: Period): DataWindow {
  return dataWindow(period, assignmentWindowRule(a))
}
