import { type Insertable, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { UnitParentHistoryTable, UnitTable } from '../tables/foundation-tables.js'
import type { UnitKind } from '../../domain/units/unit-vocabulary.js'
import { chunks } from './batch-insert.js'
import { reusableQuery } from './reusable-query.js'
import { inValues } from './value-list.js'

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
  // 2,000 rows × 14 columns stays under both dialects' bound-parameter limits (SQLite 32,766; PostgreSQL 65,535).
  for (const batch of chunks(rows, 2000)) {
    const inserted = await db.insertInto('units').values(batch).returning(['id', 'code']).execute()
    for (const r of inserted) ids.set(r.code, r.id)
  }
  return ids
}

export async function insertParentHistory(db: Db, rows: Insertable<UnitParentHistoryTable>[]): Promise<void> {
  for (const batch of chunks(rows, 5000)) await db.insertInto('unit_parent_history').values(batch).execute()
}

const unitByCode = reusableQuery((db: Db, code: string) => db.selectFrom('units').selectAll().where('code', '=', code))

/** Every query naming a unit starts here. */
export async function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  return (await unitByCode(db, code))[0]
}

export async function findUnitsByIds(db: Db, ids: readonly number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return []
  return db.selectFrom('units').selectAll().where(inValues(db, 'id', ids)).execute()
}

export async function findUnitsByCodes(db: Db, codes: readonly string[]): Promise<UnitRow[]> {
  if (codes.length === 0) return []
  return db.selectFrom('units').selectAll().where(inValues(db, 'code', codes)).execute()
}

/** Children of many parents in one query, in Vietnamese order. */
export async function findChildrenOf(db: Db, parentIds: readonly number[]): Promise<UnitRow[]> {
  if (parentIds.length === 0) return []
  return db.selectFrom('units').selectAll().where(inValues(db, 'parent_id', parentIds)).orderBy('sort_key').orderBy('id').execute()
}

/**
 * The children of a unit as the tree stood in a period [start, end], in Vietnamese order: units whose parent-history
 * row in force on `end` (the latest one starting on or before it, as rollups read the tree) names `parentId`, and
 * that were open at some time in the period. A unit moved away since still counts here; one moved in later does not.
 */
export async function findChildrenInPeriod(db: Db, parentId: number, start: string, end: string): Promise<UnitRow[]> {
  return db
    .selectFrom('unit_parent_history as h')
    .innerJoin('units as u', 'u.id', 'h.unit_id')
    .selectAll('u')
    .where('h.parent_id', '=', parentId)
    .where((eb) => eb.or([eb('h.valid_from', 'is', null), eb('h.valid_from', '<=', end)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('unit_parent_history as later')
            .select('later.id')
            .whereRef('later.unit_id', '=', 'h.unit_id')
            .where('later.valid_from', '<=', end)
            .where((e) => e.or([e('h.valid_from', 'is', null), e('later.valid_from', '>', e.ref('h.valid_from'))])),
        ),
      ),
    )
    .where((eb) => eb.or([eb('u.opened_on', 'is', null), eb('u.opened_on', '<=', end)]))
    .where((eb) => eb.or([eb('u.closed_on', 'is', null), eb('u.closed_on', '>=', start)]))
    .orderBy('u.sort_key')
    .orderBy('u.id')
    .execute()
}

/** Ancestors of many units in one query, nearest last (root first). */
export async function findAncestorsOf(db: Db, unitIds: readonly number[]): Promise<(UnitRow & { descendant_id: number; distance: number })[]> {
  if (unitIds.length === 0) return []
  return db
    .selectFrom('unit_closure as c')
    .innerJoin('units as u', 'u.id', 'c.ancestor_id')
    .selectAll('u')
    .select(['c.descendant_id', 'c.depth as distance'])
    .where(inValues(db, 'c.descendant_id', unitIds))
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
    .where(inValues(db, 'ancestor_id', unitIds))
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
    .where(inValues(db, 'ancestor_id', ancestorIds))
    .where('descendant_id', '=', unitId)
    .executeTakeFirst()
  return row !== undefined
}

export interface UnitSearch {
  folded?: string | null
  kinds?: readonly UnitKind[] | null
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
  if (q.kinds && q.kinds.length > 0) query = query.where(inValues(db, 'u.kind', q.kinds))
  if (q.withinUnitIds) {
    const roots = q.withinUnitIds
    if (roots.length === 0) return []
    query = query.where('u.id', 'in', (eb) => eb.selectFrom('unit_closure').select('descendant_id').where(inValues(db, 'ancestor_id', roots)))
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
  return db.selectFrom('unit_parent_history').selectAll().where(inValues(db, 'unit_id', unitIds)).orderBy('unit_id').orderBy('valid_from').execute()
}

/** For each unit, the role units it lies under (or is an ancestor of): two queries for a whole batch. */
/** One unit against one grant (a request about one unit by a viewer with one grant): both directions in one statement. */
const scopeLinkPair = reusableQuery((db: Db, unitId: number, rootId: number) =>
  db
    .selectFrom('unit_closure')
    .select(['ancestor_id', 'descendant_id'])
    .where((eb) => eb.or([eb.and([eb('descendant_id', '=', unitId), eb('ancestor_id', '=', rootId)]), eb.and([eb('descendant_id', '=', rootId), eb('ancestor_id', '=', unitId)])])),
)

export async function findScopeLinks(db: Db, unitIds: readonly number[], rootIds: readonly number[]): Promise<{ ancestor_id: number; descendant_id: number }[]> {
  if (unitIds.length === 0 || rootIds.length === 0) return []
  if (unitIds.length === 1 && rootIds.length === 1) return scopeLinkPair(db, unitIds[0]!, rootIds[0]!)
  // IN lists on both columns of the closure's key make SQLite probe every pair (10,000 × 10,000 ids: 15 s), so only one
  // list at most a few dozen long goes with another into SQL; otherwise one list drives the index and the other filters here.
  const roots = new Set(rootIds)
  const units = new Set(unitIds)
  const base = () => db.selectFrom('unit_closure').select(['ancestor_id', 'descendant_id'])
  const under =
    rootIds.length <= PAIRED_LIST_MAX
      ? await base().where(inValues(db, 'descendant_id', unitIds)).where(inValues(db, 'ancestor_id', rootIds)).execute()
      : (await base().where(inValues(db, 'descendant_id', unitIds)).execute()).filter((l) => roots.has(l.ancestor_id))
  // Ancestors of the grant units: a few rows per grant whatever the batch.
  const above = (await base().where(inValues(db, 'descendant_id', rootIds)).execute()).filter((l) => units.has(l.ancestor_id))
  const seen = new Set(under.map((l) => `${l.ancestor_id}:${l.descendant_id}`))
  return [...under, ...above.filter((l) => !seen.has(`${l.ancestor_id}:${l.descendant_id}`))]
}

/** Beyond this, a second list is applied in JavaScript rather than paired with the first in SQL (see findScopeLinks). */
const PAIRED_LIST_MAX = 64

export async function updateUnitName(db: Db, unitId: number, name: string, folded: string, sortKey: string): Promise<void> {
  await db.updateTable('units').set({ name, name_folded: folded, sort_key: sortKey }).where('id', '=', unitId).execute()
}

export async function setUnitClosed(db: Db, unitId: number, closedOn: string): Promise<void> {
  await db.updateTable('units').set({ closed_on: closedOn }).where('id', '=', unitId).execute()
  await db.updateTable('unit_parent_history').set({ valid_to: closedOn }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute()
}

export async function countOpenChildren(db: Db, unitId: number, on: string): Promise<number> {
  const row = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', unitId)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', on)]))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Re-hangs a subtree under a new parent: closure rows from the old ancestors are replaced by rows
 * from the new ones (one INSERT … SELECT), depths shift, and the parent history records the move.
 */
export async function moveSubtree(db: Db, unitId: number, newParentId: number, effectiveFrom: string, previousDayEnd: string): Promise<void> {
  const subtree = db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', unitId)
  await db
    .deleteFrom('unit_closure')
    .where('descendant_id', 'in', subtree)
    .where('ancestor_id', 'not in', subtree)
    .execute()
  await db
    .insertInto('unit_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression(
      db
        .selectFrom('unit_closure as a')
        .innerJoin('unit_closure as s', (j) => j.onTrue())
        .select((eb) => ['a.ancestor_id', 's.descendant_id', eb(eb('a.depth', '+', eb.ref('s.depth')), '+', 1).as('depth')])
        .where('a.descendant_id', '=', newParentId)
        .where('s.ancestor_id', '=', unitId),
    )
    .execute()
  const parent = await db.selectFrom('units').select('depth').where('id', '=', newParentId).executeTakeFirstOrThrow()
  const unit = await db.selectFrom('units').select('depth').where('id', '=', unitId).executeTakeFirstOrThrow()
  const delta = parent.depth + 1 - unit.depth
  await db
    .updateTable('units')
    .set((eb) => ({ depth: eb('depth', '+', delta) }))
    .where('id', 'in', db.selectFrom('unit_closure').select('descendant_id').where('ancestor_id', '=', unitId))
    .execute()
  await db.updateTable('units').set({ parent_id: newParentId }).where('id', '=', unitId).execute()
  await db.updateTable('unit_parent_history').set({ valid_to: previousDayEnd }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute()
  await db.insertInto('unit_parent_history').values({ unit_id: unitId, parent_id: newParentId, valid_from: effectiveFrom, valid_to: null }).execute()
}

/** Closure rows of a new leaf: itself, and each ancestor-or-self of its parent one level further. */
export async function insertLeafClosure(db: Db, unitId: number, parentId: number): Promise<void> {
  await db.insertInto('unit_closure').values({ ancestor_id: unitId, descendant_id: unitId, depth: 0 }).execute()
  await db
    .insertInto('unit_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression(db.selectFrom('unit_closure').select((eb) => ['ancestor_id', eb.cast(eb.val(unitId), 'integer').as('descendant_id'), eb('depth', '+', 1).as('depth')]).where('descendant_id', '=', parentId))
    .execute()
}

export async function maxUnitId(db: Db): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst()
  return Number(row?.m ?? 0)
}

/**
 * Closure rows of the units inserted after `afterId`, computed in the database one level at a time (each level's
 * rows come from its parents' rows): nothing crosses the wire, which is what makes 100,000 units quick on PostgreSQL.
 */
export async function insertClosureForNewUnits(db: Db, afterId: number, maxDepth: number): Promise<void> {
  await db
    .insertInto('unit_closure')
    .columns(['ancestor_id', 'descendant_id', 'depth'])
    .expression(db.selectFrom('units').select((eb) => ['id', 'id', eb.lit(0).as('depth')]).where('id', '>', afterId))
    .execute()
  for (let depth = 1; depth <= maxDepth; depth++) {
    await db
      .insertInto('unit_closure')
      .columns(['ancestor_id', 'descendant_id', 'depth'])
      .expression(
        db
          .selectFrom('units as u')
          .innerJoin('unit_closure as c', 'c.descendant_id', 'u.parent_id')
          .select((eb) => ['c.ancestor_id', 'u.id', eb('c.depth', '+', 1).as('depth')])
          .where('u.id', '>', afterId)
          .where('u.depth', '=', depth),
      )
      .execute()
  }
}

/** The current parent of every unit inserted after `afterId` as an open interval of its history. */
export async function insertCurrentParentIntervals(db: Db, afterId: number): Promise<void> {
  await db
    .insertInto('unit_parent_history')
    .columns(['unit_id', 'parent_id', 'valid_from', 'valid_to'])
    .expression(db.selectFrom('units').select(['id', 'parent_id', 'opened_on', 'closed_on']).where('id', '>', afterId))
    .execute()
}

/** For a unit that so far has one history row (just inserted): when its current parent began. */
export async function setFirstIntervalStart(db: Db, unitId: number, from: string): Promise<void> {
  await db.updateTable('unit_parent_history').set({ valid_from: from }).where('unit_id', '=', unitId).execute()
}

/** The tree's roots (Trung ương): where records about no unit in particular are filed. */
export async function findRootUnitIds(db: Db): Promise<number[]> {
  return (await db.selectFrom('units').select('id').where('parent_id', 'is', null).orderBy('id').execute()).map((r) => r.id)
}
