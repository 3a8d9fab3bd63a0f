import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import {
  addPending, clearPendingReturns, listBuilt, loadChildStates, pendingReturnIds, loadCountedReturns, loadStateRow, loadUnit, loadUnitsWithParentAt, lockRollup, markBuilt, replaceStates, returnKey, returnUnits,
  staleAllBuilt, treeStatus, updateStateRow, type StateRow,
} from '../../db/repositories/rollup-state.repository.js'
import type { PeriodUnit, RollupValueRow } from '../../db/repositories/rollup.repository.js'
import { parsePeriodId } from '../periods/period-id.js'
import { byUnitOrder, childNode, computeNode, loadForm, setPendingApplier, type Computed, type Stats } from './rollup-engine.js'
import { concatTexts, encodeState, encodeTexts } from './rollup-state-codec.js'

type Db = Kysely<Database>
type Values = Map<string, { num: number | null; text: string | null }>

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}

function valuesByReturn(values: RollupValueRow[]): Map<number, Values> {
  const out = new Map<number, Values>()
  for (const v of values) {
    let m = out.get(v.return_id)
    if (!m) out.set(v.return_id, (m = new Map()))
    m.set(v.indicator_code, { num: v.num_value, text: v.text_value })
  }
  return out
}

/**
 * Computes rollup_state for every unit open in the period (each in the period's tree: parent in force at the period's
 * end), bottom up in one pass over the form's returns, and marks the (form, period) maintained for the current tree.
 */
export async function rebuildRollupState(db: Db, formCode: string, periodId: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    await lockRollup(trx, formCode, periodId)
    const form = await loadForm(trx, formCode)
    const period = parsePeriodId(periodId)
    const { current } = await treeStatus(trx, formCode, periodId)
    const units = (await loadUnitsWithParentAt(trx, period.end)).filter((u) => (u.opened_on === null || u.opened_on <= period.end) && (u.closed_on === null || u.closed_on >= period.start))
    const kids = new Map<number, PeriodUnit[]>()
    for (const u of units) {
      if (u.parent_id === null) continue
      const list = kids.get(u.parent_id)
      if (list) list.push(u)
      else kids.set(u.parent_id, [u])
    }
    for (const list of kids.values()) list.sort(byUnitOrder)
    const { returns, values } = await loadCountedReturns(trx, formCode, periodId, null)
    const vals = valuesByReturn(values)
    const own = new Map<number, Values>()
    const cons = new Map<number, Values>()
    for (const r of returns) (r.scope === 'consolidated' ? cons : own).set(r.unit_id, vals.get(r.id) ?? new Map())
    const done = new Map<number, { node: Computed; texts: string | null }>()
    const visiting = new Set<number>()
    const visit = (u: PeriodUnit): { node: Computed; texts: string | null } => {
      const memo = done.get(u.id)
      if (memo) return memo
      if (visiting.has(u.id)) throw new Error(`rollup: cycle in the tree of ${periodId} at unit ${u.id}`)
      visiting.add(u.id)
      const children = (kids.get(u.id) ?? []).map(visit)
      const node = computeNode(form, u, periodId, own.get(u.id) ?? null, cons.get(u.id) ?? null, children.map((c) => c.node))
      // children's subtrees are no longer needed once summed
      node.children = []
      const out = { node, texts: nodeTexts(node, children.map((c) => c.texts), u.parent_id === null) }
      stripTexts(node.stats)
      done.set(u.id, out)
      return out
    }
    const rows: StateRow[] = units.map((u) => {
      const v = visit(u)
      return { unit_id: u.id, parent_id: u.parent_id, state: encodeState(v.node), texts: v.texts }
    })
    await replaceStates(trx, formCode, periodId, rows)
    await markBuilt(trx, formCode, periodId, current)
    return rows.length
  })
}

/**
 * A node computed from children whose stats carry no texts holds only its own (or consolidated) return's texts: the
 * subtree's list is those, then the children's stored lists in unit order — unless a consolidated return replaces it.
 * A top unit (no parent in the period) is never read as a child and a query rebuilds its list from its children's,
 * so it keeps only its own: the national list (megabytes) is never rewritten on a commit.
 */
function nodeTexts(node: Computed, childTexts: readonly (string | null)[], top: boolean): string | null {
  const mine = encodeTexts(node.stats)
  return node.hasConsolidated || top ? mine : concatTexts([mine, ...childTexts])
}

function stripTexts(stats: Stats): void {
  for (const s of stats.values()) s.texts = null
}

/** Rebuilds every maintained (form, period) whose state was built for another tree (after unit moves, closures, …). */
export async function refreshRollups(db: Db): Promise<number> {
  let n = 0
  for (const b of await listBuilt(db)) {
    const st = await treeStatus(db, b.form_code, b.period_id)
    if (st.built !== st.current) { await rebuildRollupState(db, b.form_code, b.period_id); n++ }
  }
  return n
}

/**
 * Called by the unit admin service in the transaction of any tree change: every maintained (form, period) is marked
 * stale, so rollups are computed at query time (never from a state built for another tree) until refreshRollups.
 */
export async function invalidateRollups(db: Db): Promise<void> {
  await staleAllBuilt(db)
}

/**
 * Called inside a transaction that changed a return's values or status (same `trx`), after the return row and its
 * current_values are written: recomputes the node of its unit and then each ancestor in the period's tree up to the
 * root, from the returns of that unit and the stored states of its children, so the next query sees it. The first
 * change of a (form, period), or the first after the tree changed, builds the whole state instead. A (form, period)
 * not maintained is computed at query time and needs nothing.
 */
export async function afterReturnCommitted(trx: Db, returnId: number): Promise<void> {
  const key = await returnKey(trx, returnId)
  if (!key) return
  await applyReturnChanges(trx, key.form_code, key.period_id, [returnId], [key.unit_id])
}

/**
 * Records, inside the transaction that commits a return, that its (form, period)'s maintained state is behind by it.
 * Until the change is applied (by scheduleRollupRefresh's background run, or by the next query of that pair), queries
 * see the pending row and apply it before reading the state, so no answer ever misses a committed return. Taking the
 * pair's lock here orders the commit with a refresh that is applying other returns at that moment (PostgreSQL).
 */
export async function recordReturnChange(trx: Db, formCode: string, periodId: string, returnId: number): Promise<void> {
  await lockRollup(trx, formCode, periodId)
  await addPending(trx, formCode, periodId, returnId)
}

/**
 * Applies every pending return of a (form, period), in one transaction: each node on their paths to the root is
 * recomputed once, deepest first, so a batch of returns under one province recomputes that province once.
 */
export async function applyPendingReturns(db: Db, formCode: string, periodId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockRollup(trx, formCode, periodId)
    const ids = await pendingReturnIds(trx, formCode, periodId)
    if (ids.length === 0) return
    const units = await returnUnits(trx, ids)
    await applyReturnChanges(trx, formCode, periodId, ids, units)
  })
}

async function applyReturnChanges(trx: Db, formCode: string, periodId: string, returnIds: readonly number[], unitIds: readonly number[]): Promise<void> {
  await lockRollup(trx, formCode, periodId)
  const st = await treeStatus(trx, formCode, periodId)
  if (st.built === null || st.built !== st.current) {
    // The first return of a (form, period), or the first after the tree changed: build the whole state (it already
    // holds these returns, and clears every pending row of the pair). Every query after is fast.
    await rebuildRollupState(trx, formCode, periodId)
    return
  }
  await clearPendingReturns(trx, formCode, periodId, returnIds)
  await recomputePaths(trx, formCode, periodId, unitIds)
}

/** Recomputes the stored node of each unit and of every ancestor, each once, children before parents. */
async function recomputePaths(trx: Db, formCode: string, periodId: string, unitIds: readonly number[]): Promise<void> {
  const form = await loadForm(trx, formCode)
  const rows = new Map<number, Omit<StateRow, 'texts'>>()
  for (const start of unitIds) {
    let cur: number | null = start
    for (let guard = 0; cur !== null && !rows.has(cur) && guard < 10_000; guard++) {
      const row = await loadStateRow(trx, formCode, periodId, cur)
      if (!row) break
      rows.set(cur, row)
      cur = row.parent_id
    }
  }
  const depth = new Map<number, number>()
  const depthOf = (id: number): number => {
    let d = depth.get(id)
    if (d !== undefined) return d
    const parent = rows.get(id)?.parent_id ?? null
    d = parent === null || !rows.has(parent) ? 0 : depthOf(parent) + 1
    depth.set(id, d)
    return d
  }
  for (const unitId of [...rows.keys()].sort((a, b) => depthOf(b) - depthOf(a))) {
    const row = rows.get(unitId) as Omit<StateRow, 'texts'>
    const unit = await loadUnit(trx, unitId)
    if (!unit) continue
    const { returns, values } = await loadCountedReturns(trx, formCode, periodId, unitId)
    const vals = valuesByReturn(values)
    const o = returns.find((r) => r.scope !== 'consolidated')
    const c = returns.find((r) => r.scope === 'consolidated')
    // children's texts are joined as stored, never parsed
    const top = row.parent_id === null
    const kids = await loadChildStates(trx, formCode, periodId, unitId, !top)
    kids.sort(byUnitOrder)
    const children = kids.map((k) => childNode(form, k, false))
    const node = computeNode(form, { ...unit, parent_id: row.parent_id }, periodId, o ? vals.get(o.id) ?? new Map() : null, c ? vals.get(c.id) ?? new Map() : null, children)
    await updateStateRow(trx, formCode, periodId, unitId, encodeState(node), nodeTexts(node, kids.map((k) => k.texts), top))
  }
}

setPendingApplier(applyPendingReturns)
