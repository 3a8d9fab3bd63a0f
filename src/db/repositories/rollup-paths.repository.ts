import { sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import { chunks } from './batch-insert.js'
import type { PeriodUnit } from './rollup.repository.js'
import type { ChildStateRow, PathUnit, StateRow } from './rollup-state.repository.js'
import { isPostgres } from './sql-dialect.js'

type Db = Kysely<Database>

// Set-based reads and writes for recomputing the paths of a (form, period) to the root: whatever the number of nodes,
// a commit costs the same handful of statements (PostgreSQL round trips), never one per node.

const IN = 500

export interface CommitKey {
  unit_id: number
  form_code: string
  period_id: string
  /** the latest version of the form */
  form_id: number | null
}

/** A return's unit, form and period, with the latest form version; on PostgreSQL the pair's lock is taken in the same statement. */
export async function openCommit(db: Db, returnId: number): Promise<CommitKey | undefined> {
  const lock = isPostgres(db) ? sql`, pg_advisory_xact_lock(hashtext('rollup:' || r.form_code || ':' || r.period_id)) is null as locked` : sql``
  const r = await sql<CommitKey>`select r.unit_id, r.form_code, r.period_id, (select f.id from forms f where f.code = r.form_code order by f.version desc limit 1) as form_id${lock}
    from returns r where r.id = ${returnId}`.execute(db)
  const x = r.rows[0]
  return x ? { unit_id: x.unit_id, form_code: x.form_code, period_id: x.period_id, form_id: x.form_id } : undefined
}

function pathCte(batch: readonly number[], end: string) {
  const parentAt = sql`(select h.parent_id from unit_parent_history h where h.unit_id = u.id and (h.valid_from is null or h.valid_from <= ${end}) order by coalesce(h.valid_from, '') desc limit 1)`
  // the units' columns are carried in the recursion: a final join to units was planned as a scan of all of them
  return sql`with recursive path(start_id, id, code, name, sort_key, kind, parent_id, opened_on, closed_on, depth) as (
        select u.id, u.id, u.code, u.name, u.sort_key, u.kind, ${parentAt}, u.opened_on, u.closed_on, 0 from units u where u.id in (${sql.join([...batch])})
        union all
        select p.start_id, u.id, u.code, u.name, u.sort_key, u.kind, ${parentAt}, u.opened_on, u.closed_on, p.depth + 1 from path p join units u on u.id = p.parent_id where p.depth < 64
      )`
}

type PathRow = PeriodUnit & { start_id: number; depth: number }

function addPathRow(out: Map<number, PathUnit[]>, row: PathRow, start: string, end: string): void {
  let list = out.get(row.start_id)
  if (!list) out.set(row.start_id, (list = []))
  // rows come ordered by (start, depth), a node once per value row of its returns: the first of its depth is kept
  if (list.length !== row.depth) return
  const u: PeriodUnit = { id: row.id, code: row.code, name: row.name, sort_key: row.sort_key, kind: row.kind, parent_id: row.parent_id, opened_on: row.opened_on, closed_on: row.closed_on }
  list.push({ ...u, open: (u.opened_on === null || u.opened_on <= end) && (u.closed_on === null || u.closed_on >= start) })
}

/**
 * For each start unit, the unit and its ancestors in a period's tree (parent in force at `end`), from the unit up,
 * each with whether it is open in [start, end]: one statement for a batch of starts.
 */
export async function loadPeriodPaths(db: Db, unitIds: readonly number[], start: string, end: string): Promise<Map<number, PathUnit[]>> {
  const out = new Map<number, PathUnit[]>()
  for (const batch of chunks([...unitIds], IN)) {
    const r = await sql<PathRow>`${pathCte(batch, end)}
      select start_id, id, code, name, sort_key, kind, parent_id, opened_on, closed_on, depth from path order by start_id, depth`.execute(db)
    for (const row of r.rows) addPathRow(out, row, start, end)
  }
  return out
}

/**
 * The paths of loadPeriodPaths with the counted returns of (form, period) of every unit on them and their current
 * values (a return without values too), in one statement: a commit's first read. Units on a path past its open part
 * come with their returns too; the caller keeps those of the nodes it recomputes.
 */
export async function loadPathsWithReturns(db: Db, formCode: string, periodId: string, unitIds: readonly number[], start: string, end: string): Promise<{ paths: Map<number, PathUnit[]>; values: NodeValueRow[] }> {
  const paths = new Map<number, PathUnit[]>()
  const values = new Map<string, NodeValueRow>()
  for (const batch of chunks([...unitIds], IN)) {
    // left joins keep the path outermost: a plain join let SQLite's planner put the returns outside the recursion
    const r = await sql<PathRow & { return_id: number | null; scope: string | null; indicator_code: string | null; num_value: number | null; text_value: string | null }>`${pathCte(batch, end)}
      select p.start_id, p.id, p.code, p.name, p.sort_key, p.kind, p.parent_id, p.opened_on, p.closed_on, p.depth,
        r.id as return_id, r.scope, cv.indicator_code, cv.num_value, cv.text_value
      from path p
      left join returns r on r.form_code = ${formCode} and r.period_id = ${periodId} and r.unit_id = p.id and r.status <> 'draft'
      left join current_values cv on cv.return_id = r.id
      order by p.start_id, p.depth`.execute(db)
    for (const row of r.rows) {
      addPathRow(paths, row, start, end)
      // a node on several starts' paths comes once per path
      if (row.return_id !== null) values.set(`${row.return_id} ${row.indicator_code ?? ''}`, { return_id: row.return_id, unit_id: row.id, scope: row.scope!, indicator_code: row.indicator_code, num_value: row.num_value, text_value: row.text_value })
    }
  }
  return { paths, values: [...values.values()] }
}

export interface NodeValueRow {
  return_id: number
  unit_id: number
  scope: string
  indicator_code: string | null
  num_value: number | null
  text_value: string | null
}

/**
 * The children in the period's tree of these parents, with their stored states (null: empty node); texts only under
 * parents not listed in `withoutTexts` (a top unit keeps only its own texts, so its children's are not read).
 */
export async function loadChildStatesOf(db: Db, formCode: string, periodId: string, parentIds: readonly number[], withoutTexts: readonly number[], start: string, end: string): Promise<ChildStateRow[]> {
  const out: ChildStateRow[] = []
  const noTexts = withoutTexts.length > 0 ? sql`case when h.parent_id in (${sql.join([...withoutTexts])}) then null else s.texts end` : sql`s.texts`
  for (const batch of chunks([...parentIds], IN)) {
    const r = await sql<ChildStateRow>`select u.id, u.code, u.name, u.sort_key, u.kind, u.opened_on, u.closed_on, h.parent_id, u.id as unit_id, s.state, ${noTexts} as texts
      from unit_parent_history h
      join units u on u.id = h.unit_id
      left join rollup_state s on s.form_code = ${formCode} and s.period_id = ${periodId} and s.unit_id = h.unit_id
      where h.parent_id in (${sql.join(batch)}) and (h.valid_from is null or h.valid_from <= ${end})
        and not exists (select 1 from unit_parent_history l where l.unit_id = h.unit_id and l.valid_from <= ${end} and l.valid_from > coalesce(h.valid_from, ''))
        and (u.opened_on is null or u.opened_on <= ${end}) and (u.closed_on is null or u.closed_on >= ${start})`.execute(db)
    out.push(...r.rows)
  }
  return out
}

/** Writes the recomputed nodes: the non-empty ones inserted or replaced in one statement, the empty ones' rows deleted. */
export async function writeStateRows(db: Db, formCode: string, periodId: string, rows: readonly StateRow[], emptyIds: readonly number[]): Promise<void> {
  for (const batch of chunks([...rows], IN)) {
    await db
      .insertInto('rollup_state')
      .values(batch.map((r) => ({ form_code: formCode, period_id: periodId, ...r })))
      .onConflict((oc) => oc.columns(['form_code', 'period_id', 'unit_id']).doUpdateSet((eb) => ({ parent_id: eb.ref('excluded.parent_id'), state: eb.ref('excluded.state'), texts: eb.ref('excluded.texts') })))
      .execute()
  }
  for (const batch of chunks([...emptyIds], IN)) await db.deleteFrom('rollup_state').where('form_code', '=', formCode).where('period_id', '=', periodId).where('unit_id', 'in', batch).execute()
}
