import { type Insertable, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { UnitClosureTable, UnitParentHistoryTable, UnitTable } from '../tables/foundation-tables.js'
import { chunks } from './batch-insert.js'

export type UnitRow = Selectable<UnitTable>
export type NewUnit = Insertable<UnitTable>
type Db = Kysely<Database>

export async function countUnits(db: Db): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Inserts units and returns their new ids by code. */
export async function insertUnits(db: Db, rows: NewUnit[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>()
  for (const batch of chunks(rows)) {
    const inserted = await db.insertInto('units').values(batch).returning(['id', 'code']).execute()
    for (const r of inserted) ids.set(r.code, r.id)
  }
  return ids
}

export async function insertClosureRows(db: Db, rows: UnitClosureTable[]): Promise<void> {
  for (const batch of chunks(rows, 1000)) await db.insertInto('unit_closure').values(batch).execute()
}

export async function insertParentHistory(db: Db, rows: Insertable<UnitParentHistoryTable>[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insertInto('unit_parent_history').values(batch).execute()
}

export async function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function findUnitsByIds(db: Db, ids: readonly number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return []
  return db.selectFrom('units').selectAll().where('id', 'in', ids).execute()
}

export async function findUnitsByCodes(db: Db, codes: readonly string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return []
  return db.selectFrom('units').selectAll().where('code', 'in', codes).execute()
}

/** Children of many parents in one query, in Vietnamese order. */
export async function findChildrenOf(db: Db, parentIds: readonly number[]): Promise<UnitRow[]> {
  if (parentIds.length === 0) return []
  return db.selectFrom('units').selectAll().where('parent_id', 'in', parentIds).orderBy('sort_key').orderBy('id').execute()
}

/** Ancestors of many units in one query, nearest last (root first). */
export async function findAncestorsOf(db: Db, unitIds: readonly number[]): Promise<(UnitRow & { descendant_id: number; distance: number })[]> {
  if (unitIds.length === 0) return []
  return db
    .selectFrom('unit_closure as c')
    .innerJoin('units as u', 'u.id', 'c.ancestor_id')
    .selectAll('u')
    .select(['c.descendant_id', 'c.depth as distance'])
    .where('c.descendant_id', 'in', unitIds)
    .where('c.depth', '>', 0)
    .orderBy('c.descendant_id')
    .orderBy('c.depth', 'desc')
    .execute()
}

/** Number of units in each subtree, the root included. */
export async function countSubtrees(db: Db, unitIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>()
  if (unitIds.length === 0) return out
  const rows = await db
    .selectFrom('unit_closure')
    .select(['ancestor_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ancestor_id', 'in', unitIds)
    .groupBy('ancestor_id')
    .execute()
  for (const r of rows) out.set(r.ancestor_id, Number(r.n))
  return out
}

export async function isInSubtree(db: Db, ancestorIds: readonly number[], unitId: number): Promise<boolean> {
  if (ancestorIds.length === 0) return false
  const row = await db
    .selectFrom('unit_closure')
    .select('ancestor_id')
    .where('ancestor_id', 'in', ancestorIds)
    .where('descendant_id', '=', unitId)
    .executeTakeFirst()
  return row !== undefined
}

export interface UnitSearch {
  folded?: string | null
  kinds?: readonly string[] | null
  /** Restrict to these subtrees (access scope or a chosen root); null means everywhere. */
  withinUnitIds?: readonly number[] | null
  includeClosed?: boolean
  onDate?: string | null
  after?: { sortKey: string; id: number } | null
  limit: number
}

/** Keyset pagination on (sort_key, id), so deep pages cost the same as the first. */
export async function searchUnits(db: Db, q: UnitSearch): Promise<UnitRow[]> {
  let query = db.selectFrom('units as u').selectAll('u')
  if (q.folded) {
    // Wildcards mean nothing in a unit name, and SQLite's LIKE has no default escape character.
    const words = q.folded.replace(/[\\%_]/g, ' ').split(' ').filter(Boolean)
    for (const w of words) query = query.where('u.name_folded', 'like', `%${w}%`)
  }
  if (q.kinds && q.kinds.length > 0) query = query.where('u.kind', 'in', q.kinds)
  if (q.withinUnitIds) {
    const roots = q.withinUnitIds
    if (roots.length === 0) return []
    query = query.where('u.id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', 'in', roots))
  }
  if (q.onDate) {
    const d = q.onDate
    query = query
      .where((eb) => eb.or([eb('u.opened_on', 'is', null), eb('u.opened_on', '<=', d)]))
      .where((eb) => eb.or([eb('u.closed_on', 'is', null), eb('u.closed_on', '>=', d)]))
  } else if (!q.includeClosed) {
    query = query.where('u.closed_on', 'is', null)
  }
  if (q.after) {
    const { sortKey, id } = q.after
    query = query.where((eb) => eb.or([eb('u.sort_key', '>', sortKey), eb.and([eb('u.sort_key', '=', sortKey), eb('u.id', '>', id)])]))
  }
  return query.orderBy('u.sort_key').orderBy('u.id').limit(q.limit).execute()
}

export async function findParentHistory(db: Db, unitIds: readonly number[]): Promise<Selectable<UnitParentHistoryTable>[]> {
  if (unitIds.length === 0) return []
  return db.selectFrom('unit_parent_history').selectAll().where('unit_id', 'in', unitIds).orderBy('unit_id').orderBy('valid_from').execute()
}

/** For each unit, the role units it lies under (or is an ancestor of): one query for a whole batch. */
export async function findScopeLinks(db: Db, unitIds: readonly number[], rootIds: readonly number[]): Promise<{ ancestor_id: number; descendant_id: number }[]> {
  if (unitIds.length === 0 || rootIds.length === 0) return []
  return db
    .selectFrom('unit_closure')
    .select(['ancestor_id', 'descendant_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('descendant_id', 'in', unitIds), eb('ancestor_id', 'in', rootIds)]),
        eb.and([eb('ancestor_id', 'in', unitIds), eb('descendant_id', 'in', rootIds)]),
      ]),
    )
    .execute()
}
