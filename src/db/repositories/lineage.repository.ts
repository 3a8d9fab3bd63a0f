import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../database-types.js'
import type { UnitParentHistoryTable } from '../tables/foundation-tables.js'
import { inValues } from './value-list.js'
import type { UnitLineageTable } from '../tables/lineage-tables.js'

type Db = Kysely<Database>
export type LineageRow = Selectable<UnitLineageTable>
export type NewLineage = Insertable<UnitLineageTable>

export async function insertLineage(db: Db, rows: NewLineage[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('unit_lineage').values(rows).execute()
}

export async function nextLineageEventId(db: Db): Promise<number> {
  const row = await db.selectFrom('unit_lineage').select((eb) => eb.fn.max('event_id').as('m')).executeTakeFirst()
  return Number(row?.m ?? 0) + 1
}

/** Rows whose source is one of these units (their successors), oldest first. */
export async function findLineageFrom(db: Db, unitIds: readonly number[]): Promise<LineageRow[]> {
  if (unitIds.length === 0) return []
  return db.selectFrom('unit_lineage').selectAll().where('source_unit_id', 'in', [...unitIds]).orderBy('effective_on').orderBy('id').execute()
}

/** Rows whose target is one of these units (their predecessors), oldest first. */
export async function findLineageInto(db: Db, unitIds: readonly number[]): Promise<LineageRow[]> {
  if (unitIds.length === 0) return []
  return db.selectFrom('unit_lineage').selectAll().where('target_unit_id', 'in', [...unitIds]).orderBy('effective_on').orderBy('id').execute()
}

/** Every lineage row (small: one per unit that took part in a reorganization). */
export async function findAllLineage(db: Db): Promise<LineageRow[]> {
  return db.selectFrom('unit_lineage').selectAll().orderBy('effective_on').orderBy('id').execute()
}

/** Lineage rows added after a known largest id (a cached reading takes only what is new). */
export async function findLineageAfter(db: Db, afterId: number): Promise<LineageRow[]> {
  return db.selectFrom('unit_lineage').selectAll().where('id', '>', afterId).orderBy('effective_on').orderBy('id').execute()
}

export type ParentHistoryRow = Selectable<UnitParentHistoryTable>

/** Units whose parent changed at least once: their whole history (a unit's first row is its opening, not a move). */
export async function findHistoryOfMovedUnits(db: Db): Promise<ParentHistoryRow[]> {
  const moved = db.selectFrom('unit_parent_history').select('unit_id').groupBy('unit_id').having((eb) => eb.fn.countAll(), '>', 1)
  return db.selectFrom('unit_parent_history').selectAll().where('unit_id', 'in', moved).orderBy('unit_id').orderBy('id').execute()
}

/** The units whose history gained rows with ids in (afterId, upTo]. */
export async function findUnitsWithHistoryAfter(db: Db, afterId: number, upTo: number): Promise<number[]> {
  return (await db.selectFrom('unit_parent_history').select('unit_id').distinct().where('id', '>', afterId).where('id', '<=', upTo).execute()).map((r) => r.unit_id)
}

/** Today's ancestors of each unit (the closure of the current tree), the unit itself included, nearest first. */
export async function findCurrentChains(db: Db, unitIds: readonly number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>()
  if (unitIds.length === 0) return out
  const rows = await db.selectFrom('unit_closure').select(['descendant_id', 'ancestor_id']).where(inValues(db, 'descendant_id', unitIds)).orderBy('descendant_id').orderBy('depth').execute()
  for (const r of rows) (out.get(r.descendant_id) ?? out.set(r.descendant_id, []).get(r.descendant_id)!).push(r.ancestor_id)
  return out
}

/**
 * What a cached reading of lineage depends on, in one cheap statement: the lineage rows and the history of parents
 * (every create and move adds a row there; neither table loses rows, and a close changes no past parent), by
 * their largest ids, read from the primary keys. Equal keys: the same lineage on the same tree.
 */
export async function lineageVersion(db: Db): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('unit_lineage').select((x) => x.fn.max('id').as('m')).as('lineage_max'),
      eb.selectFrom('unit_parent_history').select((x) => x.fn.max('id').as('m')).as('history_max'),
    ])
    .executeTakeFirstOrThrow()
  return `${row.lineage_max ?? 0}/${row.history_max ?? 0}`
}
