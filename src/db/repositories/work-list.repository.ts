import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import type { AssignmentRow } from './assignment.repository.js'
import type { ReturnRow } from './return.repository.js'
import type { UnitRow } from './unit.repository.js'

type Db = Kysely<Database>

/** Units at most `maxDepth` levels below the roots (the roots included), open on `on`, at most `limit` of them. */
export async function findOpenUnitsNear(db: Db, rootIds: readonly number[], maxDepth: number, on: string, limit: number): Promise<UnitRow[]> {
  if (rootIds.length === 0) return []
  return db
    .selectFrom('units')
    .selectAll()
    .where('id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', rootIds).where('depth', '<=', maxDepth))
    .where((eb) => eb.or([eb('opened_on', 'is', null), eb('opened_on', '<=', on)]))
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', on)]))
    .orderBy('depth')
    .orderBy('sort_key')
    .limit(limit)
    .execute()
}

/** Every assignment that can reach each unit (rooted at it or an ancestor), with the unit it reaches. */
export async function findAssignmentsReaching(db: Db, unitIds: readonly number[]): Promise<(AssignmentRow & { reached_id: number })[]> {
  if (unitIds.length === 0) return []
  return db
    .selectFrom('assignments as a')
    .innerJoin('unit_closure as c', 'c.ancestor_id', 'a.unit_id')
    .selectAll('a')
    .select('c.descendant_id as reached_id')
    .where('c.descendant_id', 'in', unitIds)
    .orderBy('a.id')
    .execute()
}

export async function findReturnsFor(db: Db, unitIds: readonly number[], periodIds: readonly string[]): Promise<ReturnRow[]> {
  if (unitIds.length === 0 || periodIds.length === 0) return []
  return db.selectFrom('returns').selectAll().where('unit_id', 'in', unitIds).where('period_id', 'in', periodIds).execute()
}
