import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { AssignmentTable, TargetTable } from '../tables/foundation-tables.js'
import { chunks } from './batch-insert.js'
import { inValues } from './value-list.js'

export type AssignmentRow = Selectable<AssignmentTable>
export type TargetRow = Selectable<TargetTable>
type Db = Kysely<Database>

export async function insertAssignments(db: Db, rows: Insertable<AssignmentTable>[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insertInto('assignments').values(batch).execute()
}

export async function insertTargets(db: Db, rows: Insertable<TargetTable>[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insertInto('targets').values(batch).execute()
}

export interface ListQuery {
  /** Only rows whose unit lies in these subtrees; null means no restriction. */
  withinUnitIds: readonly number[] | null
  formCode?: string | null
  afterId: number | null
  limit: number
}

export async function listAssignments(db: Db, q: ListQuery & { unitId?: number | null }): Promise<AssignmentRow[]> {
  let query = db.selectFrom('assignments').selectAll()
  if (q.withinUnitIds) {
    const roots = q.withinUnitIds.length ? q.withinUnitIds : [-1]
    query = query.where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', roots)))
  }
  if (q.unitId != null) query = query.where('unit_id', '=', q.unitId)
  if (q.formCode) query = query.where('form_code', '=', q.formCode)
  if (q.afterId !== null) query = query.where('id', '>', q.afterId)
  return query.orderBy('id').limit(q.limit).execute()
}

/** Assignments that can reach a unit: those rooted at the unit itself or at one of its ancestors. */
export async function findAssignmentsCovering(db: Db, unitId: number, formCode?: string | null): Promise<AssignmentRow[]> {
  let query = db
    .selectFrom('assignments')
    .selectAll()
    .where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('ancestor_id').where('descendant_id', '=', unitId))
  if (formCode) query = query.where('form_code', '=', formCode)
  return query.orderBy('id').execute()
}

export async function listTargets(db: Db, q: ListQuery & { unitId?: number | null; year?: number | null; indicatorCode?: string | null }): Promise<TargetRow[]> {
  let query = db.selectFrom('targets').selectAll()
  if (q.withinUnitIds) {
    const roots = q.withinUnitIds.length ? q.withinUnitIds : [-1]
    query = query.where('unit_id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', roots)))
  }
  if (q.unitId != null) query = query.where('unit_id', '=', q.unitId)
  if (q.formCode) query = query.where('form_code', '=', q.formCode)
  if (q.year != null) query = query.where('year', '=', q.year)
  if (q.indicatorCode) query = query.where('indicator_code', '=', q.indicatorCode)
  if (q.afterId !== null) query = query.where('id', '>', q.afterId)
  return query.orderBy('id').limit(q.limit).execute()
}
