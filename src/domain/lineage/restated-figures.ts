import { findAllLineage, lineageVersion, type LineageRow } from '../../db/repositories/lineage.repository.js'
import { findAncestorsOf, findParentHistory } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import type { Period } from '../periods/period-id.js'
import { addStat, emptyStat, figures, type FormInfo, type IndicatorFigure, type Stats } from '../rollup/rollup-aggregation.js'
import { reportedNode, type RollupSettings } from '../rollup/rollup-engine.js'
import { parentOn } from '../units/unit-service.js'

// Issue #17 item 2–3: a past period restated onto today's tree. A unit's restated figure for period p is its figure
// as reported plus, for every lineage row into it or into a unit now below it whose source was not below it in p and
// whose break came after p began, the share of the source's (itself restated) figure. Stats are additive (sums,
// weights, option counts), so a merge sums the predecessors' numerators and denominators and ratios are recomputed;
// a split scales them by its shares and marks the figure an estimate ("ước tính theo tỷ lệ"). Over a period that spans
// the break (year to date), flows of the sources are added and stocks are the target's own last value.

export interface RestatedStats {
  stats: Stats
  reportingUnits: number
  /** some part came through a split's shares */
  estimated: boolean
  /** some part came through lineage at all */
  throughLineage: boolean
}

/** The lineage rows and the ancestry the restatement needs, read once per request. */
export interface LineageContext {
  rows: LineageRow[]
  /** today's ancestors (closure) of each target, the unit itself included */
  targetAncestors: Map<number, Set<number>>
  periodAncestors: Map<string, Set<number>>
  /** for each unit of today, the rows whose target is it or lies below it */
  byAncestor: Map<number, LineageRow[]>
  /** periods whose sources' places are all read already */
  prepared: Set<string>
}

/**
 * The reading of lineage is kept per database handle while its version holds (one cheap statement checks it): the
 * rows, today's ancestors of the targets, and where sources stood on past dates all depend only on the lineage rows
 * and the history of parents. A transaction's handle is never cached (its writes are not yet everyone's).
 */
const cache = new WeakMap<Db, { version: string; ctx: LineageContext }>()

export async function loadLineageContext(db: Db): Promise<LineageContext> {
  if (db.isTransaction) return readLineageContext(db)
  const version = await lineageVersion(db)
  const hit = cache.get(db)
  if (hit && hit.version === version) return hit.ctx
  const ctx = await readLineageContext(db)
  cache.set(db, { version, ctx })
  return ctx
}

async function readLineageContext(db: Db): Promise<LineageContext> {
  const rows = await findAllLineage(db)
  const targets = [...new Set(rows.map((r) => r.target_unit_id))]
  const targetAncestors = new Map<number, Set<number>>(targets.map((t) => [t, new Set([t])]))
  for (const a of await findAncestorsOf(db, targets)) targetAncestors.get(a.descendant_id)?.add(a.id)
  const byAncestor = new Map<number, LineageRow[]>()
  for (const r of rows) for (const a of targetAncestors.get(r.target_unit_id) ?? []) (byAncestor.get(a) ?? byAncestor.set(a, []).get(a)!).push(r)
  return { rows, targetAncestors, periodAncestors: new Map(), byAncestor, prepared: new Set() }
}

/** Units and their ancestors on a date, from the history of moves (the tree of that period): one query per level. */
async function ancestorsOn(db: Db, ctx: LineageContext, unitIds: readonly number[], date: string): Promise<void> {
  const todo = [...new Set(unitIds)].filter((id) => !ctx.periodAncestors.has(`${id}@${date}`))
  if (todo.length === 0) return
  const chains = new Map<number, Set<number>>(todo.map((id) => [id, new Set([id])]))
  let frontier = new Map<number, number[]>(todo.map((id) => [id, [id]]))
  for (let level = 0; level < 64 && frontier.size > 0; level++) {
    const history = await findParentHistory(db, [...frontier.keys()])
    const byUnit = new Map<number, typeof history>()
    for (const h of history) (byUnit.get(h.unit_id) ?? byUnit.set(h.unit_id, []).get(h.unit_id)!).push(h)
    const next = new Map<number, number[]>()
    for (const [unit, owners] of frontier) {
      const rows = byUnit.get(unit) ?? []
      const parent = parentOn(rows, date) ?? rows[rows.length - 1]?.parent_id
      if (parent == null) continue
      for (const o of owners) {
        const chain = chains.get(o)!
        if (chain.has(parent)) continue
        chain.add(parent)
        ;(next.get(parent) ?? next.set(parent, []).get(parent)!).push(o)
      }
    }
    frontier = next
  }
  for (const [id, chain] of chains) ctx.periodAncestors.set(`${id}@${date}`, chain)
}

/** Each unit with its ancestors on a date in the tree of that date (the unit itself included). */
export async function ancestorsOnDate(db: Db, ctx: LineageContext, unitIds: readonly number[], date: string): Promise<Map<number, Set<number>>> {
  await ancestorsOn(db, ctx, unitIds, date)
  return new Map(unitIds.map((id) => [id, ctx.periodAncestors.get(`${id}@${date}`) ?? new Set([id])]))
}

function shareFor(rows: readonly LineageRow[], indicator: string): number {
  return (rows.find((r) => r.indicator_code === indicator) ?? rows.find((r) => r.indicator_code === null))?.share ?? 0
}

/** The share of a source's stats; stocks ("last" over time) only when the whole period lies before the break. */
function scaled(form: FormInfo, stats: Stats, rows: readonly LineageRow[], period: Period): Stats {
  const out: Stats = new Map()
  const spansBreak = period.end >= rows[0]!.effective_on
  for (const ind of form.indicators) {
    const s = spansBreak && ind.time_agg === 'last' ? undefined : stats.get(ind.code)
    const k = shareFor(rows, ind.code)
    const x = emptyStat()
    if (s) {
      x.sum = s.sum * k
      x.n = s.n
      x.weight = s.weight * k
      if (s.options) x.options = new Map([...s.options].map(([o, c]) => [o, c * k]))
      x.texts = s.texts
    }
    out.set(ind.code, x)
  }
  return out
}

/** The date a source's place in the tree is read on: the last day it reported in the period. */
function sourceDate(r: LineageRow, period: Period): string {
  const before = period.end < r.effective_on ? period.end : r.effective_on
  return before < period.start ? period.start : before
}

/** Reads, in one batch per date, where every source that could bring figures of `period` stood then. */
export async function prepareInflows(db: Db, ctx: LineageContext, period: Period): Promise<void> {
  if (ctx.prepared.has(period.id)) return
  const byDate = new Map<string, number[]>()
  for (const r of ctx.rows) if (r.effective_on > period.start) (byDate.get(sourceDate(r, period)) ?? byDate.set(sourceDate(r, period), []).get(sourceDate(r, period))!).push(r.source_unit_id)
  for (const [date, ids] of byDate) await ancestorsOn(db, ctx, ids, date)
  ctx.prepared.add(period.id)
}

/** The lineage rows that bring figures of `period` into `unitId` on today's tree, grouped by (source, target). */
export async function inflows(db: Db, ctx: LineageContext, unitId: number, period: Period): Promise<LineageRow[][]> {
  const candidates = (ctx.byAncestor.get(unitId) ?? []).filter((r) => r.effective_on > period.start)
  if (candidates.length === 0) return []
  if (!ctx.prepared.has(period.id)) {
    const byDate = new Map<string, number[]>()
    for (const r of candidates) (byDate.get(sourceDate(r, period)) ?? byDate.set(sourceDate(r, period), []).get(sourceDate(r, period))!).push(r.source_unit_id)
    for (const [date, ids] of byDate) await ancestorsOn(db, ctx, ids, date)
  }
  const groups = new Map<string, LineageRow[]>()
  for (const r of candidates) {
    if (ctx.periodAncestors.get(`${r.source_unit_id}@${sourceDate(r, period)}`)?.has(unitId)) continue
    const key = `${r.source_unit_id}>${r.target_unit_id}`
    ;(groups.get(key) ?? groups.set(key, []).get(key)!).push(r)
  }
  return [...groups.values()]
}

/** A unit's stats for a period restated onto today's tree (as reported when no lineage reaches it). */
export async function restatedStats(db: Db, ctx: LineageContext, formCode: string, unitId: number, period: Period, settings?: RollupSettings, depth = 0): Promise<(RestatedStats & { form: FormInfo }) | null> {
  const base = await reportedNode(db, formCode, unitId, period, settings)
  if (!base) return null
  const { form } = base
  const stats: Stats = new Map(form.indicators.map((i) => [i.code, emptyStat()]))
  for (const [k, s] of base.computed.stats) addStat(stats.get(k) ?? stats.set(k, emptyStat()).get(k)!, s)
  let reportingUnits = base.computed.reportingUnits
  let estimated = false
  let throughLineage = false
  if (depth < 32) {
    for (const group of await inflows(db, ctx, unitId, period)) {
      const src = await restatedStats(db, ctx, formCode, group[0]!.source_unit_id, period, settings, depth + 1)
      if (!src || src.reportingUnits === 0) continue
      throughLineage = true
      estimated ||= src.estimated || group.some((r) => r.kind === 'split' || Math.abs(r.share - 1) > 1e-9)
      for (const [k, s] of scaled(form, src.stats, group, period)) addStat(stats.get(k)!, s)
      reportingUnits += src.reportingUnits
    }
  }
  return { form, stats, reportingUnits, estimated, throughLineage }
}

/** One indicator's restated figure, with the estimate flag. */
export async function restatedFigure(db: Db, ctx: LineageContext, formCode: string, unitId: number, period: Period, code: string, settings?: RollupSettings): Promise<{ figure: IndicatorFigure | null; estimated: boolean }> {
  const r = await restatedStats(db, ctx, formCode, unitId, period, settings)
  if (!r) return { figure: null, estimated: false }
  return { figure: figures(r.form, r.stats, null).find((f) => f.code === code) ?? null, estimated: r.estimated }
}

/** A change target's baseline through lineage (#17 item 2): a ward formed last year measures against its predecessors. */
export function lineageBaseline(db: Db, formCode: string, settings?: RollupSettings): (unitId: number, period: Period, code: string) => Promise<number | null> {
  return async (unitId, period, code) => (await restatedFigure(db, await loadLineageContext(db), formCode, unitId, period, code, settings)).figure?.value ?? null
}
