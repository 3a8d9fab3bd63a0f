import { findAssignmentsCovering, listAssignments, listTargets, type AssignmentRow, type ListQuery, type TargetRow } from '../../db/repositories/assignment.repository.js'
import type { Db } from '../database-handle.js'
import { assignmentApplies } from './assignment-rules.js'

export type { AssignmentRow, TargetRow }

/** The assignments that bind this unit: rooted at it or above it, and naming its kind (or rooted at it alone). */
export async function assignmentsBinding(db: Db, unit: { id: number; kind: string }): Promise<AssignmentRow[]> {
  return (await findAssignmentsCovering(db, unit.id)).filter((a) => assignmentApplies(a, unit))
}

export async function assignmentsPage(db: Db, q: ListQuery & { unitId?: number | null }): Promise<AssignmentRow[]> {
  return listAssignments(db, q)
}

export async function targetsPage(db: Db, q: ListQuery & { unitId?: number | null; year?: number | null; indicatorCode?: string | null }): Promise<TargetRow[]> {
  return listTargets(db, q)
}
