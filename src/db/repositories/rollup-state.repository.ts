import { sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import { chunks } from './batch-insert.js'
import { sessionStateSql } from './account.repository.js'
import { reusableQuery } from './reusable-query.js'
import type { PeriodUnit, RollupValueRow } from './rollup.repository.js'
import { isPostgres } from './sql-dialect.js'

type Db = Kysely<Database>

export interface StateRow {
  unit_id: number
  parent_id: number | null
  state: string
  texts: string | null
}

/** A child in the period's tree with its stored node (state null: the node is empty). */
export type ChildStateRow = PeriodUnit & { unit_id: number; state: string | null; texts: string | null }

/** Whether returns of a (form, period) changed status without the maintenance hook and are not yet applied. */
export interface PendingStatus {
  pending: boolean
}

function pendingColumn(formCode: string, periodId: string) {
  return sql`(select return_id from rollup_pending where form_code = ${formCode} and period_id = ${periodId} limit 1) as pending`
}

export async function pendingStatus(db: Db, formCode: string, periodId: string): Promise<PendingStatus> {
  const r = await sql<{ pending: number | null }>`select ${pendingColumn(formCode, periodId)}`.execute(db)
  return { pending: r.rows[0]!.pending !== null }
}

/** What a rollup of one unit starts from, in one statement: the unit, its stored state row, the pending mark, the form. */
export interface RollupHead {
  unit: PeriodUnit
  /** undefined when the node is empty in the period (no state row: sparse state) */
  row: Omit<StateRow, 'texts'> | undefined
  status: PendingStatus
  /** the latest version of the form, or null when there is no such form */
  formId: number | null
}

type HeadRow = PeriodUnit & { pending: number | null; state: string | null; state_unit_id: number | null; state_parent_id: number | null; form_id: number | null }

/** The unit `u` with its state row `s`, the pending mark and the form's latest version. */
const headColumns = (formCode: string, periodId: string) => sql`u.id, u.code, u.name, u.sort_key, u.kind, u.parent_id, u.opened_on, u.closed_on,
      s.unit_id as state_unit_id, s.parent_id as state_parent_id, s.state,
      ${pendingColumn(formCode, periodId)},
      (select id from forms where code = ${formCode} order by version desc limit 1) as form_id`

// every rollup read starts with it: built and compiled once (reusable-query.ts)
const rollupHead = reusableQuery((_db: Db, formCode: string, periodId: string, unitId: number) => sql<HeadRow>`select ${headColumns(formCode, periodId)}
    from units u
    left join rollup_state s on s.unit_id = u.id and s.form_code = ${formCode} and s.period_id = ${periodId}
    where u.id = ${unitId}`)

/** Null when the unit does not exist. */
export async function loadRollupHead(db: Db, formCode: string, periodId: string, unitId: number): Promise<RollupHead | null> {
  const x = (await rollupHead(db, formCode, periodId, unitId))[0]
  return x ? toHead(x) : null
}

function toHead(x: HeadRow): RollupHead {
  return {
    unit: { id: x.id, code: x.code, name: x.name, sort_key: x.sort_key, kind: x.kind, parent_id: x.parent_id, opened_on: x.opened_on, closed_on: x.closed_on },
    row: x.state_unit_id === null || x.state === null ? undefined : { unit_id: x.state_unit_id, parent_id: x.state_parent_id, state: x.state },
    status: { pending: x.pending !== null },
    formId: x.form_id,
  }
}

type ReadableHeadRow = HeadRow & { readable: number; session_state: string | null }

// A request about one unit reads it by code, checks it against the viewer's grants and reads its head: one statement
// instead of three. The grant units come as one parameter, so the text is the same whatever their number. A request
// whose session came from the cache (session-cache.ts) confirms it here too, in the same round trip.
// PostgreSQL takes them as an integer array: `= any(array)` probes the closure rows of the unit directly, where the
// expanded JSON was hashed on every execution (a tenth to a fifth of the statement's time in its backend).
const readableHead = reusableQuery((db: Db, unitCode: string, formCode: string, periodId: string, rootIdList: string, sessionId: number | null, now: string) => {
  const inRoots = isPostgres(db) ? sql`= any(${rootIdList}::integer[])` : sql`in (select value from json_each(${rootIdList}))`
  return sql<ReadableHeadRow>`select ${headColumns(formCode, periodId)},
      case when exists (select 1 from unit_closure c where c.descendant_id = u.id and c.ancestor_id ${inRoots}) then 1 else 0 end as readable,
      ${sessionStateSql(db, sessionId, now)} as session_state
    from units u
    left join rollup_state s on s.unit_id = u.id and s.form_code = ${formCode} and s.period_id = ${periodId}
    where u.code = ${unitCode}`
})

/** A cached session to confirm in the same statement: its id, and the time its expiry is compared with. */
export interface SessionToConfirm {
  sessionId: number
  now: string
}

/**
 * The head of the unit `unitCode`, and whether it lies in the subtree of one of `rootIds`; null when no unit has that
 * code. With `confirm`, also the session's state now (`sessionStateSql`; null: no longer live).
 */
export async function loadReadableRollupHead(db: Db, unitCode: string, formCode: string, periodId: string, rootIds: readonly number[], confirm: SessionToConfirm | null = null): Promise<{ head: RollupHead; readable: boolean; sessionState: string | null } | null> {
  // one parameter whatever their number, so the statement's text stays the same: a PostgreSQL array literal, or JSON
  const rootIdList = isPostgres(db) ? `{${rootIds.join(',')}}` : JSON.stringify(rootIds)
  const x = (await readableHead(db, unitCode, formCode, periodId, rootIdList, confirm?.sessionId ?? null, confirm?.now ?? ''))[0]
  return x ? { head: toHead(x), readable: Number(x.readable) === 1, sessionState: x.session_state } : null
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

/** The stored lists of texts of these units' nodes (units without a row or without texts are left out). */
export async function loadStateTextsOf(db: Db, formCode: string, periodId: string, unitIds: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (const batch of chunks([...unitIds], 500)) {
    const rows = await db.selectFrom('rollup_state').select(['unit_id', 'texts']).where('form_code', '=', formCode).where('period_id', '=', periodId).where('unit_id', 'in', batch).where('texts', 'is not', null).execute()
    for (const r of rows) out.set(r.unit_id, r.texts!)
  }
  return out
}

/**
 * The children of a unit in the period's tree (open in [start, end], their parent-history row in force at `end` naming
 * it), each with its stored state, or null state when its node is empty (sparse state), in no particular order.
 */
export async function loadChildStates(db: Db, formCode: string, periodId: string, parentId: number, start: string, end: string, withTexts = true): Promise<ChildStateRow[]> {
  const r = await sql<ChildStateRow>`select u.id, u.code, u.name, u.sort_key, u.kind, u.opened_on, u.closed_on, h.parent_id, u.id as unit_id,
      s.state, ${withTexts ? sql`s.texts` : sql`null`} as texts
    from unit_parent_history h
    join units u on u.id = h.unit_id
    left join rollup_state s on s.form_code = ${formCode} and s.period_id = ${periodId} and s.unit_id = h.unit_id
    where h.parent_id = ${parentId} and (h.valid_from is null or h.valid_from <= ${end})
      and not exists (select 1 from unit_parent_history l where l.unit_id = h.unit_id and l.valid_from <= ${end} and l.valid_from > coalesce(h.valid_from, ''))
      and (u.opened_on is null or u.opened_on <= ${end}) and (u.closed_on is null or u.closed_on >= ${start})`.execute(db)
  return r.rows
}

/** A unit of a period's tree on the way to its root: the parent in force at the period's end, and whether it is open then. */
export interface PathUnit extends PeriodUnit {
  /** open in the period */
  open: boolean
}

/** The (form, period) pairs in which a unit's node is not empty, with its stored parent and whether it holds texts. */
export async function statePairsOfUnit(db: Db, unitId: number): Promise<{ form_code: string; period_id: string; parent_id: number | null; has_texts: boolean }[]> {
  const rows = await db.selectFrom('rollup_state').select(['form_code', 'period_id', 'parent_id', sql<number>`case when texts is null then 0 else 1 end`.as('t')]).where('unit_id', '=', unitId).execute()
  return rows.map((r) => ({ form_code: r.form_code, period_id: r.period_id, parent_id: r.parent_id, has_texts: Number(r.t) === 1 }))
}

export async function replaceStates(db: Db, formCode: string, periodId: string, rows: StateRow[]): Promise<void> {
  await db.deleteFrom('rollup_pending').where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  await db.deleteFrom('rollup_state').where('form_code', '=', formCode).where('period_id', '=', periodId).execute()
  for (const batch of chunks(rows, 1000)) await db.insertInto('rollup_state').values(batch.map((r) => ({ form_code: formCode, period_id: periodId, ...r }))).execute()
}

/** The (form, period) pairs that hold state or counted returns: what a whole rebuild goes over. */
export async function listRollupPairs(db: Db): Promise<{ form_code: string; period_id: string }[]> {
  const r = await sql<{ form_code: string; period_id: string }>`select form_code, period_id from returns where status <> 'draft'
    union select form_code, period_id from rollup_state
    union select form_code, period_id from rollup_pending
    order by form_code, period_id`.execute(db)
  return r.rows
}

/** Serialises maintenance of one (form, period) across concurrent transactions (PostgreSQL; SQLite has one writer). */
export async function lockRollup(db: Db, formCode: string, periodId: string): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(hashtext(${`rollup:${formCode}:${periodId}`}))`.execute(db)
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

/** The units of these returns (duplicates removed). */
export async function returnUnits(db: Db, returnIds: readonly number[]): Promise<number[]> {
  const out = new Set<number>()
  for (const batch of chunks([...returnIds], 500)) for (const r of await db.selectFrom('returns').select('unit_id').where('id', 'in', batch).execute()) out.add(r.unit_id)
  return [...out]
}
