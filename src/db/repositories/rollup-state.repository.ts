import { PostgresAdapter, sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import { chunks } from './batch-insert.js'
import type { PeriodUnit, RollupValueRow } from './rollup.repository.js'

type Db = Kysely<Database>

export interface StateRow {
  unit_id: number
  parent_id: number | null
  state: string
  texts: string | null
}

export type ChildStateRow = StateRow & PeriodUnit

/**
 * The tree signature rollup_state was built for, and the current one. Tree changes through the unit admin service
 * clear rollup_built; the highest unit and parent-history ids catch units and history written any other way.
 */
export interface TreeStatus {
  built: string | null
  current: string
  pending: boolean
}

/** The columns a tree status is made of, as subselects: read alone (treeStatus) or with a rollup's head row. */
function statusColumns(formCode: string, periodId: string) {
  return sql`(select tree_sig from rollup_built where form_code = ${formCode} and period_id = ${periodId}) as built,
      (select max(id) from units) as mu,
      (select max(id) from unit_parent_history) as mh,
      (select return_id from rollup_pending where form_code = ${formCode} and period_id = ${periodId} limit 1) as pending`
}

interface StatusColumns {
  built: string | null
  mu: number | null
  mh: number | null
  pending: number | null
}

const toStatus = (row: StatusColumns): TreeStatus => ({ built: row.built, current: `${row.mu ?? 0}:${row.mh ?? 0}`, pending: row.pending !== null })

export async function treeStatus(db: Db, formCode: string, periodId: string): Promise<TreeStatus> {
  const r = await sql<StatusColumns>`select ${statusColumns(formCode, periodId)}`.execute(db)
  return toStatus(r.rows[0]!)
}

/** What a rollup of one unit starts from, in one statement: the unit, its stored state row, the tree status, the form. */
export interface RollupHead {
  unit: PeriodUnit
  row: Omit<StateRow, 'texts'> | undefined
  status: TreeStatus
  /** the latest version of the form, or null when there is no such form */
  formId: number | null
}

/** Null when the unit does not exist. */
export async function loadRollupHead(db: Db, formCode: string, periodId: string, unitId: number): Promise<RollupHead | null> {
  const r = await sql<PeriodUnit & StatusColumns & { state: string | null; state_unit_id: number | null; state_parent_id: number | null; form_id: number | null }>`select
      u.id, u.code, u.name, u.sort_key, u.kind, u.parent_id, u.opened_on, u.closed_on,
      s.unit_id as state_unit_id, s.parent_id as state_parent_id, s.state,
      ${statusColumns(formCode, periodId)},
      (select id from forms where code = ${formCode} order by version desc limit 1) as form_id
    from units u
    left join rollup_state s on s.unit_id = u.id and s.form_code = ${formCode} and s.period_id = ${periodId}
    where u.id = ${unitId}`.execute(db)
  const x = r.rows[0]
  if (!x) return null
  return {
    unit: { id: x.id, code: x.code, name: x.name, sort_key: x.sort_key, kind: x.kind, parent_id: x.parent_id, opened_on: x.opened_on, closed_on: x.closed_on },
    row: x.state_unit_id === null || x.state === null ? undefined : { unit_id: x.state_unit_id, parent_id: x.state_parent_id, state: x.state },
    status: toStatus(x),
    formId: x.form_id,
  }
}

export async function pendingReturnIds(db: Db, formCode: string, periodId: string): Promise<number[]> {
  const rows = await db.selectFrom('rollup_pending').select('return_id').distinct().where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  return rows.map((r) => r.return_id)
}

export async function addPending(db: Db, formCode: string, periodId: string, returnId: number): Promise<void> {
  await db.insertInto('rollup_pending').values({ form_code: formCode, period_id: periodId, return_id: returnId }).execute()
}

export async function clearPendingReturns(db: Db, formCode: string, periodId: string, returnIds: readonly number[]): Promise<void> {
  for (const batch of chunks([...returnIds], 500)) {
    await db.deleteFrom('rollup_pending').where('form_code', '=', formCode).where('period_id', '=', periodId).where('return_id', 'in', batch).execute()
  }
}

/** A node's row without its texts (which, high in the tree, are most of its size). */
export async function loadStateRow(db: Db, formCode: string, periodId: string, unitId: number): Promise<Omit<StateRow, 'texts'> | undefined> {
  return db.selectFrom('rollup_state').select(['unit_id', 'parent_id', 'state']).where('form_code', '=', formCode).where('period_id', '=', periodId).where('unit_id', '=', unitId).executeTakeFirst()
}

export async function loadStateTexts(db: Db, formCode: string, periodId: string, unitId: number): Promise<string | null> {
  const r = await db.selectFrom('rollup_state').select('texts').where('form_code', '=', formCode).where('period_id', '=', periodId).where('unit_id', '=', unitId).executeTakeFirst()
  return r?.texts ?? null
}

/** The children of a unit in the period's tree with their states, in no particular order. */
export async function loadChildStates(db: Db, formCode: string, periodId: string, parentId: number, withTexts = true): Promise<ChildStateRow[]> {
  return db
    .selectFrom('rollup_state as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .select(['s.unit_id', 's.parent_id', 's.state', 'u.id', 'u.code', 'u.name', 'u.sort_key', 'u.kind', 'u.opened_on', 'u.closed_on'])
    .select(withTexts ? 's.texts' : sql<string | null>`null`.as('texts'))
    .where('s.form_code', '=', formCode)
    .where('s.period_id', '=', periodId)
    .where('s.parent_id', '=', parentId)
    .execute()
}

export async function updateStateRow(db: Db, formCode: string, periodId: string, unitId: number, state: string, texts: string | null): Promise<void> {
  await db.updateTable('rollup_state').set({ state, texts }).where('form_code', '=', formCode).where('period_id', '=', periodId).where('unit_id', '=', unitId).execute()
}

export async function replaceStates(db: Db, formCode: string, periodId: string, rows: StateRow[]): Promise<void> {
  await db.deleteFrom('rollup_pending').where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  await db.deleteFrom('rollup_state').where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  for (const batch of chunks(rows, 1000)) await db.insertInto('rollup_state').values(batch.map((r) => ({ form_code: formCode, period_id: periodId, ...r }))).execute()
}

export async function markBuilt(db: Db, formCode: string, periodId: string, treeSig: string): Promise<void> {
  await db.deleteFrom('rollup_built').where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  await db.insertInto('rollup_built').values({ form_code: formCode, period_id: periodId, tree_sig: treeSig, built_at: new Date().toISOString() }).execute()
}

/** Every maintained (form, period) falls back to query time until rebuilt. */
export async function staleAllBuilt(db: Db): Promise<void> {
  await db.updateTable('rollup_built').set({ tree_sig: 'stale' }).execute()
}

export async function listBuilt(db: Db): Promise<{ form_code: string; period_id: string }[]> {
  return db.selectFrom('rollup_built').select(['form_code', 'period_id']).orderBy('form_code').orderBy('period_id').execute()
}

/** Serialises maintenance of one (form, period) across concurrent transactions (PostgreSQL; SQLite has one writer). */
export async function lockRollup(db: Db, formCode: string, periodId: string): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(hashtext(${`rollup:${formCode}:${periodId}`}))`.execute(db)
}

/** Every unit with its parent in force at `end` (null when no parent-history row starts by then). */
export async function loadUnitsWithParentAt(db: Db, end: string): Promise<PeriodUnit[]> {
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'sort_key', 'kind', 'opened_on', 'closed_on']).execute()
  const hist = await db.selectFrom('unit_parent_history').select(['unit_id', 'parent_id', 'valid_from']).where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', end)])).execute()
  const latest = new Map<number, { parent_id: number | null; from: string }>()
  for (const h of hist) {
    const from = h.valid_from ?? ''
    const cur = latest.get(h.unit_id)
    if (!cur || from > cur.from) latest.set(h.unit_id, { parent_id: h.parent_id, from })
  }
  return units.map((u) => ({ ...u, parent_id: latest.get(u.id)?.parent_id ?? null }))
}

export async function loadUnit(db: Db, unitId: number): Promise<PeriodUnit | undefined> {
  return db.selectFrom('units').select(['id', 'code', 'name', 'sort_key', 'kind', 'parent_id', 'opened_on', 'closed_on']).where('id', '=', unitId).executeTakeFirst()
}

export interface ScopedReturn {
  id: number
  unit_id: number
  scope: string
}

/** Non-draft returns of a form and period (of one unit, or all) and their current values. */
export async function loadCountedReturns(db: Db, formCode: string, periodId: string, unitId: number | null): Promise<{ returns: ScopedReturn[]; values: RollupValueRow[] }> {
  let rq = db.selectFrom('returns').select(['id', 'unit_id', 'scope']).where('form_code', '=', formCode).where('period_id', '=', periodId).where('status', '<>', 'draft')
  if (unitId !== null) rq = rq.where('unit_id', '=', unitId)
  const returns = await rq.execute()
  if (returns.length === 0) return { returns, values: [] }
  let vq = db
    .selectFrom('returns as r')
    .innerJoin('current_values as cv', 'cv.return_id', 'r.id')
    .select(['cv.return_id', 'cv.indicator_code', 'cv.num_value', 'cv.text_value'])
    .where('r.form_code', '=', formCode)
    .where('r.period_id', '=', periodId)
    .where('r.status', '<>', 'draft')
  if (unitId !== null) vq = vq.where('r.unit_id', '=', unitId)
  return { returns, values: await vq.execute() }
}

export async function returnKey(db: Db, returnId: number): Promise<{ unit_id: number; form_code: string; period_id: string } | undefined> {
  return db.selectFrom('returns').select(['unit_id', 'form_code', 'period_id']).where('id', '=', returnId).executeTakeFirst()
}

/** The units of these returns (duplicates removed). */
export async function returnUnits(db: Db, returnIds: readonly number[]): Promise<number[]> {
  const out = new Set<number>()
  for (const batch of chunks([...returnIds], 500)) for (const r of await db.selectFrom('returns').select('unit_id').where('id', 'in', batch).execute()) out.add(r.unit_id)
  return [...out]
}
