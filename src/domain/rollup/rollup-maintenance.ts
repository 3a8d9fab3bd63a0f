import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { refreshPlannerStatistics } from '../../db/repositories/planner-statistics.repository.js'
import { loadChildStatesOf, loadPathsWithReturns, openCommit, writeStateRows } from '../../db/repositories/rollup-paths.repository.js'
import {
  addPending, clearPendingReturns, listRollupPairs, loadCountedReturns, loadUnitsWithParentAt, lockRollup, pendingReturnIds, replaceStates, returnUnits,
  type ChildStateRow, type PathUnit, type StateRow,
} from '../../db/repositories/rollup-state.repository.js'
import type { PeriodUnit, RollupValueRow } from '../../db/repositories/rollup.repository.js'
import { parsePeriodId, type Period } from '../periods/period-id.js'
import { byUnitOrder, computeNode, isEmptyNode, type Computed, type Stats, type Values } from './rollup-aggregation.js'
import { formVersion, loadForm } from './rollup-form.js'
import { concatTexts, decodeChild, encodeState, encodeTexts } from './rollup-state-codec.js'

type Db = Kysely<Database>

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

const openIn = (u: PeriodUnit, p: Period) => (u.opened_on === null || u.opened_on <= p.end) && (u.closed_on === null || u.closed_on >= p.start)

/**
 * The repair and the reference: computes rollup_state from scratch for every unit open in the period (each in the
 * period's tree: parent in force at the period's end), bottom up in one pass over the form's returns. Only nodes some
 * return reaches get a row (sparse state). Reads the whole tree: `tonghop rollups rebuild` and tests, never a request.
 */
export async function rebuildRollupState(db: Db, formCode: string, periodId: string): Promise<number> {
  const written = await inTransaction(db, async (trx) => {
    await lockRollup(trx, formCode, periodId)
    const form = await loadForm(trx, formCode)
    const period = parsePeriodId(periodId)
    const units = (await loadUnitsWithParentAt(trx, period.end)).filter((u) => openIn(u, period))
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
    const rows: StateRow[] = []
    for (const u of units) {
      const v = visit(u)
      if (!isEmptyNode(v.node)) rows.push({ unit_id: u.id, parent_id: u.parent_id, state: encodeState(v.node), texts: v.texts })
    }
    await replaceStates(trx, formCode, periodId, rows)
    return rows.length
  })
  // a whole pair rewritten at once: without fresh statistics the next commits on PostgreSQL scan the state table
  // (planner-statistics.repository.ts); inside a caller's transaction (verify compares and rolls back) it is the caller's
  if (!db.isTransaction) await refreshPlannerStatistics(db, ['rollup_state'])
  return written
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

/**
 * Called inside a transaction that changed a return's values or status (same `trx`), after the return row and its
 * current_values are written: recomputes the node of its unit and then each ancestor in the period's tree up to the
 * root, from the returns of that unit and the stored states of its children, so the next query sees it. The first
 * commit of a (form, period) is no different: a pair without rows is empty everywhere.
 */
export async function afterReturnCommitted(trx: Db, returnId: number): Promise<void> {
  // the return's pair, its lock (PostgreSQL) and the form version in one statement
  const key = await openCommit(trx, returnId)
  if (!key) return
  await clearPendingReturns(trx, key.form_code, key.period_id, [returnId])
  await recomputePaths(trx, key.form_code, key.period_id, [key.unit_id], key.form_id)
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
    await clearPendingReturns(trx, formCode, periodId, ids)
    await recomputePaths(trx, formCode, periodId, units)
  })
}

/**
 * Recomputes the stored node of each unit and of every ancestor in the period's tree, each once, children before
 * parents; a start unit not open in the period loses its row (its former parent is then one of the starts too). The
 * caller holds the pair's lock. Set-based: the paths with their nodes' returns, then their children's states, are read
 * in two statements and the nodes written in one or two, whatever the paths' length; the work is the paths' nodes
 * and their children, whatever the size of the tree.
 */
export async function recomputePaths(trx: Db, formCode: string, periodId: string, unitIds: readonly number[], formId: number | null = null): Promise<void> {
  const period = parsePeriodId(periodId)
  const form = formId !== null ? await formVersion(trx, formId) : await loadForm(trx, formCode)
  const starts = [...new Set(unitIds)]
  // the paths and their units' returns in one statement
  const { paths, values: pathValues } = await loadPathsWithReturns(trx, formCode, periodId, starts, period.start, period.end)
  // height above the top of the chain: the same for a node on any path, since every path ends at the same top
  const nodes = new Map<number, { unit: PathUnit; depth: number }>()
  const empty: number[] = []
  for (const start of starts) {
    const openPart: PathUnit[] = []
    for (const u of paths.get(start) ?? []) {
      if (!u.open) break
      openPart.push(u)
    }
    if (openPart.length === 0) empty.push(start)
    openPart.forEach((u, i) => { if (!nodes.has(u.id)) nodes.set(u.id, { unit: u, depth: openPart.length - 1 - i }) })
  }
  const ids = [...nodes.keys()]
  const tops = ids.filter((id) => nodes.get(id)!.unit.parent_id === null)
  const values = pathValues.filter((v) => nodes.has(v.unit_id))
  const kids = ids.length > 0 ? await loadChildStatesOf(trx, formCode, periodId, ids, tops, period.start, period.end) : []
  const own = new Map<number, Values>()
  const cons = new Map<number, Values>()
  for (const v of values) {
    const by = v.scope === 'consolidated' ? cons : own
    let m = by.get(v.unit_id)
    if (!m) by.set(v.unit_id, (m = new Map()))
    if (v.indicator_code !== null) m.set(v.indicator_code, { num: v.num_value, text: v.text_value })
  }
  const kidsOf = new Map<number, ChildStateRow[]>()
  for (const k of kids) {
    const list = kidsOf.get(k.parent_id!)
    if (list) list.push(k)
    else kidsOf.set(k.parent_id!, [k])
  }
  // children on the paths are read as they were: their recomputed rows replace them
  const fresh = new Map<number, { state: string | null; texts: string | null }>()
  const rows: StateRow[] = []
  for (const { unit } of [...nodes.values()].sort((a, b) => b.depth - a.depth)) {
    const top = unit.parent_id === null
    const list = (kidsOf.get(unit.id) ?? []).map((k) => {
      const f = fresh.get(k.id)
      return f ? { ...k, state: f.state, texts: top ? null : f.texts } : k
    })
    list.sort(byUnitOrder)
    // children's texts are joined as stored, never parsed
    const node = computeNode(form, unit, periodId, own.get(unit.id) ?? null, cons.get(unit.id) ?? null, list.map((k) => decodeChild(form, k, false)))
    if (isEmptyNode(node)) {
      empty.push(unit.id)
      fresh.set(unit.id, { state: null, texts: null })
      continue
    }
    const row = { unit_id: unit.id, parent_id: unit.parent_id, state: encodeState(node), texts: nodeTexts(node, list.map((k) => k.texts), top) }
    rows.push(row)
    fresh.set(unit.id, row)
  }
  await writeStateRows(trx, formCode, periodId, rows, empty)
}

/**
 * The repair (`tonghop rollups rebuild`): every (form, period) holding state or counted returns, optionally one form
 * and/or one period, rebuilt whole, one transaction each. For state written around the hooks (bulk SQL, a restore).
 */
export async function rebuildAllRollups(db: Db, only: { formCode?: string; periodId?: string } = {}): Promise<{ formCode: string; periodId: string; nodes: number }[]> {
  if (only.periodId !== undefined) parsePeriodId(only.periodId)
  const out: { formCode: string; periodId: string; nodes: number }[] = []
  for (const p of await listRollupPairs(db)) {
    if ((only.formCode !== undefined && p.form_code !== only.formCode) || (only.periodId !== undefined && p.period_id !== only.periodId)) continue
    out.push({ formCode: p.form_code, periodId: p.period_id, nodes: await rebuildRollupState(db, p.form_code, p.period_id) })
  }
  return out
}
