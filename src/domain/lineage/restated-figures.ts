import type { LineageRow } from '../../db/repositories/lineage.repository.js'
import type { Db } from '../database-handle.js'
import type { Period } from '../periods/period-id.js'
import { addStat, emptyStat, figures, sourcePeriodsFor, type FormInfo, type IndicatorFigure, type Stats } from '../rollup/rollup-aggregation.js'
import { loadForm, reportedNode, type RollupSettings } from '../rollup/rollup-engine.js'
import { ancestorsOnDate, currentChains, loadLineageContext, type Landing, type LineageContext, type Piece } from './lineage-context.js'

export { ancestorsOnDate, loadLineageContext, type LineageContext } from './lineage-context.js'

// Issue #17: a past period restated onto today's tree. Every figure of period p counts where its unit stands today:
// the unit itself when it is still there (wherever it has moved since), else its lineage successors by their shares
// (chains followed; a share a split gave no target stays with its source, under its last parent). A unit's restated
// figure for p is its figure as reported (its subtree of p) corrected by the pieces — units of p that stand elsewhere
// today, moved after p or succeeded by a break after p began — each counted by how much of it lands below the unit
// today minus whether it lay below the unit in p. A piece inside another piece (a branch moved into the ward its old
// ward merged into) is already in that one's figure: it counts only by how its place differs from that one's, so
// nothing is counted twice. Stats are additive (sums, weights, option counts): a merge sums numerators and
// denominators and ratios are recomputed; a split scales by its shares and the figure is an estimate ("ước tính theo
// tỷ lệ"). Over a period that spans the break (year to date), a source's stocks stay where it stood.

export interface RestatedStats {
  stats: Stats
  reportingUnits: number
  /** some part came through a split's shares */
  estimated: boolean
  /** some part came from another place of the tree of the period */
  throughLineage: boolean
}

const EPS = 1e-9

function shareFor(rows: readonly LineageRow[], indicator: string): number {
  return (rows.find((r) => r.indicator_code === indicator) ?? rows.find((r) => r.indicator_code === null))?.share ?? 0
}

function openIn(d: { opened_on: string | null; closed_on: string | null } | undefined, p: Period): boolean {
  return d !== undefined && (d.opened_on === null || d.opened_on <= p.end) && (d.closed_on === null || d.closed_on >= p.start)
}

/** Where a unit's figures of `period` land today, following lineage rows whose break came after the period began. */
function landing(ctx: LineageContext, form: FormInfo, unit: number, period: Period, w: number[], split: boolean, out: Landing[], depth = 0): void {
  const rows = depth < 32 ? (ctx.from.get(unit) ?? []).filter((r) => r.effective_on > period.start) : []
  const rest = [...w]
  const byTarget = new Map<number, LineageRow[]>()
  for (const r of rows) (byTarget.get(r.target_unit_id) ?? byTarget.set(r.target_unit_id, []).get(r.target_unit_id)!).push(r)
  let viaSplit = split
  for (const [target, group] of byTarget) {
    const spansBreak = period.end >= group[0]!.effective_on
    const isSplit = group.some((r) => r.kind === 'split' || Math.abs(r.share - 1) > EPS)
    viaSplit ||= isSplit
    const k = form.indicators.map((ind, i) => (spansBreak && ind.time_agg === 'last' ? 0 : shareFor(group, ind.code) * w[i]!))
    k.forEach((x, i) => { rest[i]! -= x })
    if (k.some((x) => x > EPS)) landing(ctx, form, target, period, k, split || isSplit, out, depth + 1)
  }
  if (rest.some((x) => x > EPS)) out.push({ unit, w: rest.map((x) => (x > EPS ? x : 0)), split: viaSplit })
}

interface Wanted { unit: number; period: Period; mask: number[] }

/** The pieces a unit makes in a period: as a lineage source or a unit moved after it, or after its sub-periods. */
function wantedFor(ctx: LineageContext, form: FormInfo, period: Period, unit: number, out: Map<string, Wanted>): void {
  const all = form.indicators.map(() => 1)
  const dates = ctx.dates.get(unit)
  if ((ctx.from.get(unit) ?? []).some((r) => r.effective_on > period.start) && openIn(dates, period)) { out.set(`${unit}@${period.id}`, { unit, period, mask: all }); return }
  const moves = (ctx.moved.get(unit) ?? []).slice(1).map((h) => h.valid_from).filter((d): d is string => d !== null)
  if (moves.length === 0) return
  if (moves.some((d) => d > period.end)) { if (openIn(dates, period)) out.set(`${unit}@${period.id}`, { unit, period, mask: all }); return }
  const subs = sourcePeriodsFor(period, form.periodTypes)
  const flows = form.indicators.map((i) => (i.time_agg === 'last' ? 0 : 1))
  if (subs.length > 1) for (const sub of subs) if (moves.some((d) => d > sub.end) && openIn(dates, sub)) out.set(`${unit}@${sub.id}`, { unit, period: sub, mask: flows })
}

function pieceOf(ctx: LineageContext, form: FormInfo, period: Period, key: string, w: Wanted): Piece {
  const out: Landing[] = []
  if (w.period.id === period.id) landing(ctx, form, w.unit, period, [...w.mask], false, out)
  else out.push({ unit: w.unit, w: [...w.mask], split: false })
  const whole = out.length === 1 && out[0]!.w.every((x, i) => Math.abs(x - w.mask[i]!) < EPS)
  return { key, unit: w.unit, period: w.period, mask: w.mask, then: [], landing: out, whole, split: out.some((l) => l.split), parent: null }
}

/**
 * The pieces of a period for a form, kept with the reading of lineage: built once, then brought up to date by the
 * moves since (only the moved units are looked at again, and only the places read through them are read again).
 * A period built from sub-periods (year to date) is rolled up on each sub-period's tree: a unit moved within it is a
 * piece of each sub-period before its move, carrying flows (its stocks are counted by the last sub-period).
 */
async function piecesOf(db: Db, ctx: LineageContext, form: FormInfo, formCode: string, period: Period): Promise<PieceSet> {
  const key = `${formCode}|${period.id}|${form.indicators.map((i) => `${i.code}:${i.time_agg}`).join(',')}`
  let entry = ctx.pieces.get(key)
  if (!entry) {
    const wanted = new Map<string, Wanted>()
    for (const unit of new Set([...ctx.from.keys(), ...ctx.moved.keys()])) wantedFor(ctx, form, period, unit, wanted)
    entry = { pieces: new Map([...wanted].map(([k, w]) => [k, pieceOf(ctx, form, period, k, w)])), applied: ctx.moveLog.length }
    ctx.pieces.set(key, entry)
  }
  const set = entry as PieceSet & { applied: number; checked?: number }
  set.index ??= new Map()
  set.children ??= new Map()
  set.seen ??= new Map()
  set.dirty ??= new Set(set.pieces.values())
  const unindex = (p: Piece) => {
    for (const a of set.seen.get(p) ?? []) set.index.get(a)?.delete(p)
    if (p.parent !== null) set.children.get(p.parent)?.delete(p)
    set.seen.delete(p)
  }
  if (set.applied < ctx.moveLog.length) {
    const units = new Set(ctx.moveLog.slice(set.applied).flat())
    set.applied = ctx.moveLog.length
    for (const [k, p] of set.pieces) if (units.has(p.unit)) { unindex(p); set.pieces.delete(k); set.dirty.delete(p) }
    const wanted = new Map<string, Wanted>()
    for (const u of units) wantedFor(ctx, form, period, u, wanted)
    for (const [k, w] of wanted) { const p = pieceOf(ctx, form, period, k, w); set.pieces.set(k, p); set.dirty.add(p) }
  }
  if (set.checked === ctx.epoch) return set
  const epoch = ctx.epoch
  // places: those not known (never read, or forgotten since through a move) are read again, the others kept; only
  // the pieces whose places changed are indexed again
  for (const p of set.pieces.values()) {
    if (!ctx.thenChains.has(`${p.unit}@${p.period.end}`) || p.landing.some((l) => !ctx.nowChains.has(l.unit))) set.dirty.add(p)
  }
  const dirty = [...set.dirty]
  const byDate = new Map<string, number[]>()
  for (const p of dirty) (byDate.get(p.period.end) ?? byDate.set(p.period.end, []).get(p.period.end)!).push(p.unit)
  for (const [date, ids] of byDate) await ancestorsOnDate(db, ctx, ids, date)
  await currentChains(db, ctx, dirty.flatMap((x) => x.landing.map((l) => l.unit)))
  for (const p of dirty) {
    unindex(p)
    p.then = ctx.thenChains.get(`${p.unit}@${p.period.end}`) ?? [p.unit]
    const parent = p.then.slice(1).find((a) => set.pieces.has(`${a}@${p.period.id}`))
    p.parent = parent !== undefined ? `${parent}@${p.period.id}` : null
    if (p.parent !== null) (set.children.get(p.parent) ?? set.children.set(p.parent, new Set()).get(p.parent)!).add(p)
    // which asked units can see it: for a whole piece those its places of then and of today do not share, for any
    // other every unit on its ways (its child pieces are seen wherever it is)
    const now = p.landing.flatMap((l) => ctx.nowChains.get(l.unit) ?? [l.unit])
    const seen = p.whole ? [...p.then.filter((x) => !now.includes(x)), ...now.filter((x) => !p.then.includes(x))] : [...new Set([...p.then, ...now])]
    set.seen.set(p, seen)
    for (const x of seen) (set.index.get(x) ?? set.index.set(x, new Set()).get(x)!).add(p)
  }
  set.dirty.clear()
  if (ctx.epoch === epoch) set.checked = epoch
  return set
}

interface PieceSet {
  pieces: Map<string, Piece>
  /** by unit of today, the pieces it can see */
  index: Map<number, Set<Piece>>
  /** by piece key, the pieces whose nearest piece above is it */
  children: Map<string, Set<Piece>>
  seen: Map<Piece, number[]>
  /** pieces to place and index again */
  dirty: Set<Piece>
}

const NOTHING: Map<number, number[]> = new Map()

/** For each asked unit a piece touches: how much of the piece lands below it today, less 1 if it lay below it then. */
function coefficients(ctx: LineageContext, piece: Piece, nodes: ReadonlySet<number>, n: number): Map<number, number[]> {
  // most pieces move whole and stay below the same asked units (a merge inside a province): nothing, without arithmetic
  if (piece.whole) {
    const now = ctx.nowChains.get(piece.landing[0]!.unit) ?? [piece.landing[0]!.unit]
    let same = true
    let then = 0
    for (const a of piece.then) if (nodes.has(a)) { then++; if (!now.includes(a)) { same = false; break } }
    if (same && now.reduce((k, a) => k + (nodes.has(a) ? 1 : 0), 0) === then) return NOTHING
  }
  const m = new Map<number, number[]>()
  const at = (id: number) => m.get(id) ?? m.set(id, new Array<number>(n).fill(0)).get(id)!
  for (const l of piece.landing) for (const a of ctx.nowChains.get(l.unit) ?? [l.unit]) if (nodes.has(a)) { const v = at(a); l.w.forEach((x, i) => { v[i]! += x }) }
  for (const a of piece.then) if (nodes.has(a)) { const v = at(a); for (let i = 0; i < n; i++) v[i]! -= piece.mask[i]! }
  return m
}

type Reported = { form: FormInfo; stats: Stats; reportingUnits: number }

type Reader = (id: number, of?: Period) => Promise<Reported | null>

function reader(db: Db, formCode: string, period: Period, settings?: RollupSettings): Reader {
  const memo = new Map<string, Promise<Reported | null>>()
  return (id, of = period) => {
    let r = memo.get(`${id}@${of.id}`)
    if (!r) { r = reportedNode(db, formCode, id, of, settings).then((x) => (x ? { form: x.form, stats: x.computed.stats, reportingUnits: x.computed.reportingUnits } : null)); memo.set(`${id}@${of.id}`, r) }
    return r
  }
}

interface Corrections {
  acc: Map<number, RestatedStats>
  /** per unit and sub-period, what pieces of that sub-period add to its count of units giving a value */
  subCounts: Map<number, Map<string, number[]>>
}

/** What the pieces of the period add to (or take from) each asked unit's figure as reported: only units they touch. */
async function corrections(db: Db, ctx: LineageContext, form: FormInfo, formCode: string, unitIds: readonly number[], period: Period, rep: Reader): Promise<Corrections> {
  const n = form.indicators.length
  const nodes = new Set(unitIds)
  const set = await piecesOf(db, ctx, form, formCode, period)
  const byKey = set.pieces
  const pieces = new Set<Piece>()
  for (const id of unitIds) for (const p of set.index.get(id) ?? []) { pieces.add(p); for (const c of set.children.get(p.key) ?? []) pieces.add(c) }
  const coef = new Map<string, Map<number, number[]>>()
  const coefOf = (p: Piece) => coef.get(p.key) ?? coef.set(p.key, coefficients(ctx, p, nodes, n)).get(p.key)!
  const acc = new Map<number, RestatedStats>()
  // a period built from sub-periods counts units giving a value as its largest sub-period count (combineOverTime):
  // what a piece of a sub-period adds or takes away is counted in that sub-period's own count
  const subCounts = new Map<number, Map<string, number[]>>()
  for (const p of pieces) {
    const own = coefOf(p)
    const parent = p.parent !== null ? byKey.get(p.parent) : undefined
    const above = parent ? coefOf(parent) : new Map<number, number[]>()
    if (own.size === 0 && above.size === 0) continue
    for (const node of new Set([...own.keys(), ...above.keys()])) {
      const a = own.get(node)
      const b = above.get(node)
      const e = form.indicators.map((_, i) => (a?.[i] ?? 0) - (b?.[i] ?? 0))
      if (e.every((x) => Math.abs(x) < EPS)) continue
      const src = await rep(p.unit, p.period)
      if (!src || src.reportingUnits === 0) continue
      const into = acc.get(node) ?? acc.set(node, { stats: new Map(form.indicators.map((i) => [i.code, emptyStat()])), reportingUnits: 0, estimated: false, throughLineage: false }).get(node)!
      into.throughLineage = true
      into.estimated ||= p.split || (parent?.split ?? false)
      const sub = p.period.id !== period.id ? (subCounts.get(node) ?? subCounts.set(node, new Map()).get(node)!) : null
      const counts = sub ? (sub.get(p.period.id) ?? sub.set(p.period.id, new Array<number>(n).fill(0)).get(p.period.id)!) : null
      form.indicators.forEach((ind, i) => {
        const s = src.stats.get(ind.code)
        if (!s) return
        const x = scaledStat(s, e[i]!)
        if (counts) { counts[i]! += x.n; x.n = 0 }
        addStat(into.stats.get(ind.code)!, x)
      })
      if (!counts) into.reportingUnits += Math.max(...e) > EPS ? src.reportingUnits : Math.min(...e) < -1 + EPS ? -src.reportingUnits : 0
    }
  }
  return { acc, subCounts }
}

/** A unit's figure as reported with its corrections. */
async function corrected(form: FormInfo, id: number, period: Period, rep: Reader, c: Corrections): Promise<(RestatedStats & { form: FormInfo }) | null> {
  const base = await rep(id)
  if (!base) return null
  const stats: Stats = new Map(form.indicators.map((i) => [i.code, emptyStat()]))
  for (const [k, s] of base.stats) addStat(stats.get(k) ?? stats.set(k, emptyStat()).get(k)!, s)
  const extra = c.acc.get(id)
  if (extra) for (const [k, s] of extra.stats) addStat(stats.get(k)!, s)
  const subs = c.subCounts.get(id)
  if (subs) {
    const parts = await Promise.all(sourcePeriodsFor(period, form.periodTypes).map(async (sp) => ({ sp, r: await rep(id, sp) })))
    form.indicators.forEach((ind, i) => {
      if (ind.time_agg === 'last') return
      const counted = Math.max(0, ...parts.map(({ sp, r }) => (r?.stats.get(ind.code)?.n ?? 0) + (subs.get(sp.id)?.[i] ?? 0)))
      stats.get(ind.code)!.n += counted - (base.stats.get(ind.code)?.n ?? 0)
    })
  }
  return { form, stats, reportingUnits: base.reportingUnits + (extra?.reportingUnits ?? 0), estimated: extra?.estimated ?? false, throughLineage: extra?.throughLineage ?? false }
}

/**
 * Several units' figures for a period restated onto today's tree, in one pass over the period's pieces. Units in
 * `asReported` that no piece touches are left out (the caller has their figures as reported already).
 */
export async function restatedNodes(
  db: Db, ctx: LineageContext, formCode: string, unitIds: readonly number[], period: Period, settings?: RollupSettings, asReported: ReadonlySet<number> = new Set(),
): Promise<Map<number, RestatedStats & { form: FormInfo }>> {
  const out = new Map<number, RestatedStats & { form: FormInfo }>()
  if (unitIds.length === 0) return out
  const rep = reader(db, formCode, period, settings)
  const form = await loadForm(db, formCode)
  const c = await corrections(db, ctx, form, formCode, unitIds, period, rep)
  for (const id of unitIds) {
    if (asReported.has(id) && !c.acc.has(id) && !c.subCounts.has(id)) continue
    const r = await corrected(form, id, period, rep, c)
    if (r) out.set(id, r)
  }
  return out
}

/** A stat times a coefficient; units giving a value count in when it adds, out when it takes the whole away. */
function scaledStat(s: ReturnType<typeof emptyStat>, k: number): ReturnType<typeof emptyStat> {
  return {
    sum: s.sum * k,
    n: k > EPS ? s.n : k < -1 + EPS ? -s.n : 0,
    weight: s.weight * k,
    options: s.options ? new Map([...s.options].map(([o, c]) => [o, c * k])) : null,
    texts: null,
  }
}

/** A unit's stats for a period restated onto today's tree (as reported when no piece touches it). */
export async function restatedStats(db: Db, ctx: LineageContext, formCode: string, unitId: number, period: Period, settings?: RollupSettings): Promise<(RestatedStats & { form: FormInfo }) | null> {
  return (await restatedNodes(db, ctx, formCode, [unitId], period, settings)).get(unitId) ?? null
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
