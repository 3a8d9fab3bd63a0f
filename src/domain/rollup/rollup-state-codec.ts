import type { ChildStateRow } from '../../db/repositories/rollup-state.repository.js'
import type { PeriodUnit } from '../../db/repositories/rollup.repository.js'
import { emptyStat, type Computed, type FormInfo, type IndicatorStat, type RollupText, type Stats } from './rollup-aggregation.js'

/** What rollup_state keeps of a node: its effective figures, the own + children alternative, reporting units. */
export interface NodeState {
  stats: Stats
  alt: Stats | null
  reportingUnits: number
  hasConsolidated: boolean
}

type EncStat = [number, number, number] | [number, number, number, Record<string, number>]
type EncText = [string, string, string, string, string]

function encStats(stats: Stats): Record<string, EncStat> {
  const out: Record<string, EncStat> = {}
  for (const [code, s] of stats) {
    const hasOptions = s.options !== null && s.options.size > 0
    if (s.n === 0 && s.sum === 0 && s.weight === 0 && !hasOptions) continue
    out[code] = hasOptions ? [s.sum, s.n, s.weight, Object.fromEntries(s.options!)] : [s.sum, s.n, s.weight]
  }
  return out
}

/** The node's figures (without texts: those are kept apart, see encodeTexts). */
export function encodeState(n: NodeState): string {
  return JSON.stringify({ r: n.reportingUnits, c: n.hasConsolidated ? 1 : 0, s: encStats(n.stats), a: n.alt ? encStats(n.alt) : null })
}

/** The texts in `stats` as a JSON array of [indicator, unit code, unit name, text, period] in unit order, or null. */
export function encodeTexts(stats: Stats): string | null {
  const out: EncText[] = []
  for (const [code, s] of stats) if (s.texts) for (const t of s.texts) out.push([code, t.unitCode, t.unitName, t.text, t.periodId])
  return out.length > 0 ? JSON.stringify(out) : null
}

/** Texts of a node without a consolidated return: its own, then each child's in unit order — joined without parsing. */
export function concatTexts(parts: readonly (string | null)[]): string | null {
  const inner = parts.filter((p): p is string => p !== null && p.length > 2).map((p) => p.slice(1, -1))
  return inner.length > 0 ? `[${inner.join(',')}]` : null
}

function decStats(form: FormInfo, enc: Record<string, EncStat>): Stats {
  const out: Stats = new Map()
  for (const ind of form.indicators) {
    const e = enc[ind.code]
    const s: IndicatorStat = e
      ? { sum: e[0], n: e[1], weight: e[2], options: e[3] ? new Map(Object.entries(e[3])) : null, texts: null }
      : { sum: 0, n: 0, weight: 0, options: null, texts: null }
    out.set(ind.code, s)
  }
  return out
}

/**
 * Makes `s.texts` parse on first read: a national rollup lists tens of thousands of texts that most callers
 * (figures, rankings, commits) never look at. Assigning replaces the getter with the value.
 */
export function lazyTexts(s: IndicatorStat, load: () => RollupText[] | null): void {
  let memo: RollupText[] | null | undefined
  Object.defineProperty(s, 'texts', {
    configurable: true,
    enumerable: true,
    get: () => (memo === undefined ? (memo = load()) : memo),
    set: (v: RollupText[] | null) => { memo = v },
  })
}

export function parseTexts(texts: string): Map<string, RollupText[]> {
  const out = new Map<string, RollupText[]>()
  for (const [code, unitCode, unitName, text, periodId] of JSON.parse(texts) as EncText[]) {
    let list = out.get(code)
    if (!list) out.set(code, (list = []))
    list.push({ unitCode, unitName, text, periodId })
  }
  return out
}

export function decodeState(form: FormInfo, state: string, texts: string | null): NodeState {
  const j = JSON.parse(state) as { r: number; c: number; s: Record<string, EncStat>; a: Record<string, EncStat> | null }
  const stats = decStats(form, j.s)
  if (texts) {
    let parsed: Map<string, RollupText[]> | null = null
    // only list indicators have texts; a lazy property on every figure cost a child's decoding several times over
    for (const ind of form.indicators) {
      const s = ind.unit_agg === 'list' ? stats.get(ind.code) : undefined
      if (s && s.n > 0) lazyTexts(s, () => (parsed ??= parseTexts(texts)).get(ind.code) ?? null)
    }
  }
  return { stats, alt: j.a ? decStats(form, j.a) : null, reportingUnits: j.r, hasConsolidated: j.c === 1 }
}

/** A child's node from its row in the period's tree: decoded, or empty when it has no stored state (sparse state). */
export function decodeChild(form: FormInfo, row: ChildStateRow, withTexts = true): Computed {
  const unit: PeriodUnit = { id: row.id, code: row.code, name: row.name, sort_key: row.sort_key, kind: row.kind, parent_id: row.parent_id, opened_on: row.opened_on, closed_on: row.closed_on }
  if (row.state === null) return { unit, ...emptyNodeState(form), children: [] }
  return { unit, ...decodeState(form, row.state, withTexts ? row.texts : null), children: [] }
}

export function emptyNodeState(form: FormInfo): NodeState {
  return { stats: new Map(form.indicators.map((i) => [i.code, emptyStat()])), alt: null, reportingUnits: 0, hasConsolidated: false }
}
