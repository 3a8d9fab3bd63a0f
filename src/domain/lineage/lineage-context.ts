import {
  findAllLineage, findCurrentChains, findHistoryOfMovedUnits, findLineageAfter, findUnitsWithHistoryAfter, lineageVersion, type LineageRow, type ParentHistoryRow,
} from '../../db/repositories/lineage.repository.js'
import { findParentHistory, findUnitsByIds } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import type { Period } from '../periods/period-id.js'

/** Where a unit's figures went, one share vector (by the form's indicator order) per unit of today they land in. */
export interface Landing {
  unit: number
  w: number[]
  /** through a split's shares (or what a split left with its source): an estimate */
  split: boolean
}

/** A unit of the period that stands elsewhere today (moved after the period, or succeeded through lineage). */
export interface Piece {
  key: string
  unit: number
  /** the period whose figure as reported it carries: the period asked, or one of its sub-periods */
  period: Period
  /** 1 for the indicators it carries, 0 for those it leaves where they are */
  mask: number[]
  /** its ancestors in the tree of the period, itself first */
  then: number[]
  landing: Landing[]
  /** one landing carrying all it carries (a move, a merge, a rename) */
  whole: boolean
  split: boolean
  /** the nearest piece above it in the tree of the period: its figure already holds this one's */
  parent: string | null
}

/**
 * Everything the restatement reads besides returns: the lineage rows, the units that ever moved, and the places of
 * those units (today's, from the closure; a period's, from the history of parents). Kept per database handle and
 * brought up to date by what was added since (the two tables only gain rows), so the first request after a tree or
 * lineage change reads the change, not the whole reading again.
 */
export interface LineageContext {
  rows: LineageRow[]
  from: Map<number, LineageRow[]>
  /** the history of every unit that moved at least once, from its opening on (each later row a move) */
  moved: Map<number, ParentHistoryRow[]>
  /** open and close dates of lineage sources, targets and moved units */
  dates: Map<number, { opened_on: string | null; closed_on: string | null }>
  nowChains: Map<number, number[]>
  thenChains: Map<string, number[]>
  /** per form and period, the pieces: cleared when lineage changes, brought up to date after moves (`moveLog`) */
  pieces: Map<string, { pieces: Map<string, Piece>; applied: number; checked?: number }>
  /** counts the catch-ups that forgot places: pieces checked at this count have all theirs */
  epoch: number
  /** the units each catch-up found moved or created, in order */
  moveLog: number[][]
  lineageMax: number
  historyMax: number
}

function parseVersion(v: string): [number, number] {
  const [a, b] = v.split('/').map(Number)
  return [a ?? 0, b ?? 0]
}

/** A unit's history from its opening on (the seeds insert earlier rows after the current one, so not by id). */
function byStart(rows: ParentHistoryRow[]): ParentHistoryRow[] {
  return rows.sort((a, b) => ((a.valid_from ?? '') < (b.valid_from ?? '') ? -1 : (a.valid_from ?? '') > (b.valid_from ?? '') ? 1 : a.id - b.id))
}

function group<T>(rows: readonly T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>()
  for (const r of rows) (out.get(key(r)) ?? out.set(key(r), []).get(key(r))!).push(r)
  return out
}

async function readDates(db: Db, ctx: LineageContext, ids: readonly number[]): Promise<void> {
  for (const u of await findUnitsByIds(db, [...new Set(ids)])) ctx.dates.set(u.id, { opened_on: u.opened_on, closed_on: u.closed_on })
}

async function readWhole(db: Db, version: string): Promise<LineageContext> {
  const [rows, history] = await Promise.all([findAllLineage(db), findHistoryOfMovedUnits(db)])
  const [lineageMax, historyMax] = parseVersion(version)
  const ctx: LineageContext = {
    rows: rows.filter((r) => r.id <= lineageMax), from: new Map(), moved: new Map([...group(history.filter((h) => h.id <= historyMax), (h) => h.unit_id)].map(([u, rows]) => [u, byStart(rows)])),
    dates: new Map(), nowChains: new Map(), thenChains: new Map(), pieces: new Map(), moveLog: [], epoch: 0, lineageMax, historyMax,
  }
  ctx.from = group(ctx.rows, (r) => r.source_unit_id)
  await readDates(db, ctx, [...ctx.rows.flatMap((r) => [r.source_unit_id, r.target_unit_id]), ...ctx.moved.keys()])
  return ctx
}

/** Takes in what was added since the context was read: new lineage rows, new history rows (moves, new units). */
async function catchUp(db: Db, ctx: LineageContext, version: string): Promise<void> {
  const [lineageMax, historyMax] = parseVersion(version)
  const added = lineageMax > ctx.lineageMax ? (await findLineageAfter(db, ctx.lineageMax)).filter((r) => r.id <= lineageMax) : []
  const touched = historyMax > ctx.historyMax ? await findUnitsWithHistoryAfter(db, ctx.historyMax, historyMax) : []
  if (touched.length > 0) {
    const histories = group((await findParentHistory(db, touched)).filter((h) => h.id <= historyMax), (h) => h.unit_id)
    for (const [unit, rows] of histories) if (rows.length > 1) ctx.moved.set(unit, byStart(rows))
    // a moved unit changes the places of its whole subtree: forget every place read through it
    const t = new Set(touched)
    for (const [k, chain] of ctx.nowChains) if (chain.some((id) => t.has(id))) ctx.nowChains.delete(k)
    for (const [k, chain] of ctx.thenChains) if (chain.some((id) => t.has(id))) ctx.thenChains.delete(k)
  }
  if (added.length > 0) {
    ctx.rows = [...ctx.rows, ...added].sort((a, b) => (a.effective_on < b.effective_on ? -1 : a.effective_on > b.effective_on ? 1 : a.id - b.id))
    ctx.from = group(ctx.rows, (r) => r.source_unit_id)
  }
  await readDates(db, ctx, [...added.flatMap((r) => [r.source_unit_id, r.target_unit_id]), ...touched.filter((u) => ctx.moved.has(u))])
  ctx.lineageMax = lineageMax
  ctx.historyMax = historyMax
  ctx.epoch++
  if (added.length > 0) ctx.pieces.clear()
  else if (touched.length > 0) ctx.moveLog.push(touched)
}

/** A transaction's handle is never cached (its writes are not yet everyone's). */
const cache = new WeakMap<Db, { ctx: Promise<LineageContext>; version: string }>()

export async function loadLineageContext(db: Db): Promise<LineageContext> {
  const version = await lineageVersion(db)
  if (db.isTransaction) return readWhole(db, version)
  const hit = cache.get(db)
  if (hit && hit.version === version) return hit.ctx
  // one catch-up at a time per handle: requests that arrive meanwhile wait for it
  const next = hit
    ? hit.ctx.then(async (ctx) => {
      const [l, h] = parseVersion(version)
      if (l > ctx.lineageMax || h > ctx.historyMax) await catchUp(db, ctx, version)
      return ctx
    })
    : readWhole(db, version)
  cache.set(db, { ctx: next, version })
  next.catch(() => cache.delete(db))
  return next
}

/** Today's chain (self first) of each unit, read for those not known yet. */
export async function currentChains(db: Db, ctx: LineageContext, ids: readonly number[]): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !ctx.nowChains.has(id))
  if (todo.length === 0) return
  const read = await findCurrentChains(db, todo)
  for (const id of todo) ctx.nowChains.set(id, read.get(id) ?? [id])
}

/** The parent in force on a date, as the tree of a period reads it: the latest history row starting on or before it. */
function parentAt(rows: readonly ParentHistoryRow[], date: string): number | null | undefined {
  let best: ParentHistoryRow | undefined
  for (const r of rows) if ((r.valid_from === null || r.valid_from <= date) && (!best || (r.valid_from ?? '') >= (best.valid_from ?? ''))) best = r
  return (best ?? rows[0])?.parent_id
}

/** Units and their ancestors on a date, in the tree of that date (self first): one query per level. */
export async function ancestorsOnDate(db: Db, ctx: Pick<LineageContext, 'thenChains'>, unitIds: readonly number[], date: string): Promise<Map<number, number[]>> {
  const todo = [...new Set(unitIds)].filter((id) => !ctx.thenChains.has(`${id}@${date}`))
  if (todo.length > 0) {
    const chains = new Map<number, number[]>(todo.map((id) => [id, [id]]))
    let frontier = new Map<number, number[]>(todo.map((id) => [id, [id]]))
    for (let level = 0; level < 64 && frontier.size > 0; level++) {
      const history = group(await findParentHistory(db, [...frontier.keys()]), (h) => h.unit_id)
      const next = new Map<number, number[]>()
      for (const [unit, owners] of frontier) {
        const parent = parentAt(history.get(unit) ?? [], date)
        if (parent == null) continue
        for (const o of owners) {
          const chain = chains.get(o)!
          if (chain.includes(parent)) continue
          chain.push(parent)
          ;(next.get(parent) ?? next.set(parent, []).get(parent)!).push(o)
        }
      }
      frontier = next
    }
    for (const [id, chain] of chains) ctx.thenChains.set(`${id}@${date}`, chain)
  }
  return new Map(unitIds.map((id) => [id, ctx.thenChains.get(`${id}@${date}`) ?? [id]]))
}
