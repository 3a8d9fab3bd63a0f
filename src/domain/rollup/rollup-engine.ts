import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import type { AssignmentRow, TargetRow } from '../../db/repositories/assignment.repository.js'
import type { IndicatorRow } from '../../db/repositories/form.repository.js'
import {
  findLatestFormVersion, loadAncestorIds, loadFormAssignments, loadFormIndicators, loadPeriodSubtree, loadRollupReturns, loadTargetsFor, loadUnitReturnValues,
  type PeriodUnit, type RollupReturnRow,
} from '../../db/repositories/rollup.repository.js'
import { assignmentActiveIn, assignmentApplies } from '../assignments/assignment-rules.js'
import { DomainError } from '../domain-error.js'
import { listPeriods, subPeriods, type Period, type PeriodType } from '../periods/period-id.js'
import { decodeState, lazyTexts } from './rollup-state-codec.js'

export type { PeriodUnit }
import { loadChildStates, loadRollupHead, loadStateRow, loadStateTexts, loadUnit, treeStatus, type ChildStateRow, type StateRow, type TreeStatus } from '../../db/repositories/rollup-state.repository.js'

type Db = Kysely<Database>

/** Per indicator, what a node's figure is made of. */
export interface IndicatorStat {
  /** sum of values (sum), of yes answers (count_true), of v·w (weighted_avg) */
  sum: number
  /** units giving a value */
  n: number
  /** weighted_avg: sum of weights of units giving both value and weight */
  weight: number
  /** created on first use: most indicators never need them */
  options: Map<string, number> | null
  texts: RollupText[] | null
}

export interface RollupText {
  unitCode: string
  unitName: string
  text: string
  periodId: string
}

export type TargetStatus = 'MET' | 'NOT_MET' | 'NO_DATA'

export interface IndicatorFigure {
  code: string
  label: string
  valueType: string
  unitAgg: string
  value: number | null
  numerator: number | null
  denominator: number | null
  reportingUnits: number
  options: { option: string; count: number }[]
  texts: RollupText[]
  /** consolidated − (own + children), where a consolidated return and own/children figures both exist */
  discrepancy: number | null
  target: { comparator: string; value: number; year: number } | null
  status: TargetStatus
}

export interface RollupNode {
  unit: PeriodUnit
  /** units whose returns make this node's figures */
  reportingUnits: number
  hasConsolidated: boolean
  indicators: IndicatorFigure[]
  children: RollupNode[]
}

export interface RollupResult {
  period: Period
  /** periods whose returns were read (the period itself or its sub-periods) */
  sourcePeriods: Period[]
  root: RollupNode
}

export interface FormInfo {
  periodTypes: string[]
  indicators: IndicatorRow[]
}

export type Stats = Map<string, IndicatorStat>

export const emptyStat = (): IndicatorStat => ({ sum: 0, n: 0, weight: 0, options: null, texts: null })

export function addStat(into: IndicatorStat, s: IndicatorStat): void {
  into.sum += s.sum
  into.n += s.n
  into.weight += s.weight
  if (s.options) {
    const o = (into.options ??= new Map())
    for (const [k, v] of s.options) o.set(k, (o.get(k) ?? 0) + v)
  }
  if (s.texts && s.texts.length > 0) {
    const t = (into.texts ??= [])
    for (const x of s.texts) t.push(x)
  }
}

/** The stats a single return contributes (as one reporting unit). */
export function returnStats(form: FormInfo, unit: PeriodUnit, periodId: string, values: Map<string, { num: number | null; text: string | null }>): Stats {
  const out: Stats = new Map()
  for (const ind of form.indicators) {
    const s = emptyStat()
    const v = values.get(ind.code)
    switch (ind.unit_agg) {
      case 'sum':
      case 'count_true':
        if (v?.num != null) { s.sum = v.num; s.n = 1 }
        break
      case 'weighted_avg': {
        const w = ind.weight_code ? values.get(ind.weight_code)?.num : null
        if (v?.num != null && w != null) { s.sum = v.num * w; s.weight = w; s.n = 1 }
        break
      }
      case 'count_by_option':
        if (v?.text != null && v.text !== '') { s.options = new Map([[v.text, 1]]); s.n = 1 }
        break
      case 'list':
        if (v?.text != null && v.text.trim() !== '') { s.texts = [{ unitCode: unit.code, unitName: unit.name, text: v.text, periodId }]; s.n = 1 }
        break
      default:
        break
    }
    out.set(ind.code, s)
  }
  return out
}

export interface Computed {
  unit: PeriodUnit
  stats: Stats
  alt: Stats | null
  reportingUnits: number
  hasConsolidated: boolean
  children: Computed[]
}

export function byUnitOrder(a: PeriodUnit, b: PeriodUnit): number {
  return a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0
}

type Values = Map<string, { num: number | null; text: string | null }>

/**
 * One node of a period's tree from its own and consolidated returns' values (null when it has none) and its children's
 * computed nodes (in unit order): the consolidated return if any, else own + Σ children (§5.5).
 */
export function computeNode(form: FormInfo, u: PeriodUnit, periodId: string, own: Values | null, cons: Values | null, children: Computed[]): Computed {
  const sum: Stats = new Map(form.indicators.map((i) => [i.code, emptyStat()]))
  let reporting = 0
  let any = false
  if (own) {
    any = true
    reporting++
    for (const [k, s] of returnStats(form, u, periodId, own)) addStat(sum.get(k)!, s)
  }
  for (const c of children) {
    if (c.reportingUnits > 0) any = true
    reporting += c.reportingUnits
    for (const [k, s] of c.stats) { const into = sum.get(k); if (into) addStat(into, s) }
  }
  if (cons) return { unit: u, stats: returnStats(form, u, periodId, cons), alt: any ? sum : null, reportingUnits: 1, hasConsolidated: true, children }
  return { unit: u, stats: sum, alt: null, reportingUnits: reporting, hasConsolidated: false, children }
}

/** Bottom-up over the period tree for one period's returns. */
function computeTree(form: FormInfo, units: PeriodUnit[], rootId: number, periodId: string, returns: RollupReturnRow[], values: Map<number, Map<string, { num: number | null; text: string | null }>>): Computed {
  const kids = new Map<number, PeriodUnit[]>()
  for (const u of units) if (u.id !== rootId && u.parent_id !== null) (kids.get(u.parent_id) ?? kids.set(u.parent_id, []).get(u.parent_id)!).push(u)
  for (const list of kids.values()) list.sort(byUnitOrder)
  const own = new Map<number, RollupReturnRow>()
  const cons = new Map<number, RollupReturnRow>()
  for (const r of returns) if (r.period_id === periodId && r.status !== 'draft') (r.scope === 'consolidated' ? cons : own).set(r.unit_id, r)
  const byId = new Map(units.map((u) => [u.id, u]))
  const visit = (u: PeriodUnit): Computed => {
    const children = (kids.get(u.id) ?? []).map(visit)
    const o = own.get(u.id)
    const c = cons.get(u.id)
    return computeNode(form, u, periodId, o ? values.get(o.id) ?? new Map() : null, c ? values.get(c.id) ?? new Map() : null, children)
  }
  return visit(byId.get(rootId)!)
}

function numericValue(ind: IndicatorRow, stats: Stats): { value: number | null; numerator: number | null; denominator: number | null; n: number } {
  const s = stats.get(ind.code)
  switch (ind.unit_agg) {
    case 'sum':
      return { value: s && s.n > 0 ? s.sum : null, numerator: null, denominator: null, n: s?.n ?? 0 }
    case 'count_true':
      return { value: s && s.n > 0 ? s.sum : null, numerator: s && s.n > 0 ? s.sum : null, denominator: s && s.n > 0 ? s.n : null, n: s?.n ?? 0 }
    case 'weighted_avg':
      return { value: s && s.n > 0 && s.weight !== 0 ? s.sum / s.weight : null, numerator: null, denominator: s && s.n > 0 ? s.weight : null, n: s?.n ?? 0 }
    case 'ratio': {
      const num = ind.numerator_code ? stats.get(ind.numerator_code) : undefined
      const den = ind.denominator_code ? stats.get(ind.denominator_code) : undefined
      const numerator = num && num.n > 0 ? num.sum : null
      const denominator = den && den.n > 0 ? den.sum : null
      return { value: numerator !== null && denominator !== null && denominator !== 0 ? (100 * numerator) / denominator : null, numerator, denominator, n: den?.n ?? 0 }
    }
    default:
      return { value: null, numerator: null, denominator: null, n: s?.n ?? 0 }
  }
}

/** Picks the target for a year: the one whose year is the nearest ≥ it. */
export function pickTarget(targets: readonly TargetRow[], unitId: number, indicator: string, year: number): TargetRow | null {
  let best: TargetRow | null = null
  for (const t of targets) if (t.unit_id === unitId && t.indicator_code === indicator && t.year >= year && (!best || t.year < best.year)) best = t
  return best
}

export function compareTo(value: number, comparator: string, threshold: number): boolean {
  switch (comparator) {
    case '>': return value > threshold
    case '>=': return value >= threshold
    case '<': return value < threshold
    case '<=': return value <= threshold
    case '=': return Math.abs(value - threshold) < 1e-9
    default: return false
  }
}

function figures(form: FormInfo, stats: Stats, alt: Stats | null): IndicatorFigure[] {
  return form.indicators.map((ind) => {
    const v = numericValue(ind, stats)
    const s = stats.get(ind.code)
    let discrepancy: number | null = null
    if (alt && ['sum', 'count_true', 'weighted_avg', 'ratio'].includes(ind.unit_agg)) {
      const a = numericValue(ind, alt)
      if (v.value !== null && a.value !== null) discrepancy = v.value - a.value
    }
    const fig: IndicatorFigure = {
      code: ind.code, label: ind.label, valueType: ind.value_type, unitAgg: ind.unit_agg,
      value: v.value, numerator: v.numerator, denominator: v.denominator, reportingUnits: v.n,
      options: ind.unit_agg === 'count_by_option' ? optionList(ind, s) : [],
      texts: [],
      discrepancy, target: null, status: 'NO_DATA' as TargetStatus,
    }
    if (ind.unit_agg === 'list' && s) {
      // read (and, for stored states, parsed) only when asked for
      let memo: RollupText[] | undefined
      Object.defineProperty(fig, 'texts', { configurable: true, enumerable: true, get: () => (memo ??= [...(s.texts ?? [])]), set: (x: RollupText[]) => { memo = x } })
    }
    return fig
  })
}

function optionList(ind: IndicatorRow, s: IndicatorStat | undefined): { option: string; count: number }[] {
  const declared = ind.choices ? (JSON.parse(ind.choices) as unknown[]).map((c) => (typeof c === 'string' ? c : String((c as { label?: string; value?: string }).label ?? (c as { value?: string }).value))) : []
  const seen = new Set(declared)
  const extra = [...(s?.options?.keys() ?? [])].filter((k) => !seen.has(k)).sort()
  return [...declared, ...extra].map((option) => ({ option, count: s?.options?.get(option) ?? 0 }))
}

/** Time combination of one node's stats over sub-periods: flows summed, stocks from the last sub-period with data, texts listed. */
function combineOverTime(form: FormInfo, parts: Stats[]): Stats {
  const out: Stats = new Map()
  for (const ind of form.indicators) {
    const acc = emptyStat()
    if (ind.time_agg === 'sum' || ind.time_agg === 'list') {
      for (const p of parts) { const s = p.get(ind.code); if (s) { const n = acc.n; addStat(acc, s); acc.n = Math.max(n, s.n) } }
    } else if (ind.time_agg === 'last') {
      for (let i = parts.length - 1; i >= 0; i--) { const s = parts[i]!.get(ind.code); if (s && s.n > 0) { addStat(acc, s); break } }
    }
    out.set(ind.code, acc)
  }
  return out
}

function mergeComputed(form: FormInfo, parts: Computed[]): Computed {
  const first = parts[0]!
  const childIds = new Map<number, Computed[]>()
  for (const p of parts) for (const c of p.children) (childIds.get(c.unit.id) ?? childIds.set(c.unit.id, []).get(c.unit.id)!).push(c)
  // children present in any sub-period, in the order of the last sub-period they appear in
  const children = [...childIds.values()].map((list) => mergeComputed(form, list)).sort((a, b) => byUnitOrder(a.unit, b.unit))
  const alts = parts.map((p) => p.alt)
  return {
    unit: parts[parts.length - 1]!.unit ?? first.unit,
    stats: combineOverTime(form, parts.map((p) => p.stats)),
    alt: alts.some((a) => a !== null) ? combineOverTime(form, parts.map((p) => p.alt ?? p.stats)) : null,
    reportingUnits: Math.max(...parts.map((p) => p.reportingUnits)),
    hasConsolidated: parts.some((p) => p.hasConsolidated),
    children,
  }
}

/** The periods whose returns make `period` for a form: itself when the form is filed for that type, else its sub-periods of the coarsest filed type. */
export function sourcePeriodsFor(period: Period, periodTypes: readonly string[]): Period[] {
  if (periodTypes.includes(period.type)) return [period]
  const order: PeriodType[] = ['year', 'nine_months', 'half', 'quarter', 'month']
  for (const t of order) {
    if (!periodTypes.includes(t) || t === period.type) continue
    const subs = subPeriods(period, t)
    if (subs.length > 0 && subs[0]!.start === period.start && subs[subs.length - 1]!.end === period.end) return subs
  }
  return [period]
}

export function childNode(form: FormInfo, row: StateRow & PeriodUnit, withTexts = true): Computed {
  const unit: PeriodUnit = { id: row.id, code: row.code, name: row.name, sort_key: row.sort_key, kind: row.kind, parent_id: row.parent_id, opened_on: row.opened_on, closed_on: row.closed_on }
  return { unit, ...decodeState(form, row.state, withTexts ? row.texts : null), children: [] }
}

let useState = true
let pendingApplier: ((db: Db, formCode: string, periodId: string) => Promise<void>) | null = null

/** Registered by rollup-maintenance (which imports this module): how a query applies pending returns. */
export function setPendingApplier(fn: (db: Db, formCode: string, periodId: string) => Promise<void>): void {
  pendingApplier = fn
}

/** Tests set false to check the query-time engine (the fallback when no maintained state is current). */
export function setRollupStateEnabled(on: boolean): void {
  useState = on
}

/** The stored node of `root` for one period with its children one level down, or null when the (form, period) is not maintained for the current tree. */
/** The reads a stored rollup part needs, started together: on PostgreSQL they run at once, on separate connections. */
export interface StoredReads {
  status: Promise<TreeStatus>
  row: Promise<Omit<StateRow, 'texts'> | undefined>
  childRows: Promise<ChildStateRow[]>
  ownRows: Promise<Awaited<ReturnType<typeof loadUnitReturnValues>> | null>
}

/** The children's rows and the unit's own values, as far as the parts asked for need them. */
function startSideReads(db: Db, formCode: string, periodId: string, unitId: number, want: Required<RollupParts>): Pick<StoredReads, 'childRows' | 'ownRows'> {
  const side = {
    // a node's texts are its own return's then its children's, so either part needs the children's rows
    childRows: want.children || want.texts ? loadChildStates(db, formCode, periodId, unitId, want.texts) : Promise.resolve([]),
    ownRows: want.texts ? loadUnitReturnValues(db, formCode, periodId, unitId) : Promise.resolve(null),
  }
  // read before knowing whether the state is current: when it is not (rare), they are dropped unread
  side.childRows.catch(() => undefined)
  side.ownRows.catch(() => undefined)
  return side
}

/** Every read of a stored part at once: one round trip instead of three on PostgreSQL. */
function startStoredReads(db: Db, formCode: string, periodId: string, unitId: number, want: Required<RollupParts>): StoredReads {
  const head = { status: treeStatus(db, formCode, periodId), row: loadStateRow(db, formCode, periodId, unitId) }
  head.status.catch(() => undefined)
  head.row.catch(() => undefined)
  return { ...head, ...startSideReads(db, formCode, periodId, unitId, want) }
}

export async function storedRollupPart(
  db: Db, form: FormInfo, formCode: string, root: PeriodUnit, periodId: string, want: Required<RollupParts> = ALL_PARTS,
  prefetched?: StoredReads,
): Promise<Computed | null> {
  if (!useState) return null
  let reads = prefetched ?? startStoredReads(db, formCode, periodId, root.id, want)
  const st = await reads.status
  if (st.built === null || st.built !== st.current) return null
  if (st.pending) {
    // returns whose status changed without the hook: apply them first (then read again), or compute at query time
    if (!pendingApplier) return null
    await pendingApplier(db, formCode, periodId)
    reads = startStoredReads(db, formCode, periodId, root.id, want)
    const again = await reads.status
    if (again.built === null || again.built !== again.current || again.pending) return null
  }
  const [row, childRows, ownRows] = await Promise.all([reads.row, reads.childRows, reads.ownRows])
  childRows.sort(byUnitOrder)
  const children = childRows.map((r) => childNode(form, r, want.texts))
  if (!row) return null
  const node = decodeState(form, row.state, null)
  if (!want.texts || !ownRows) return { unit: root, ...node, children: want.children ? children : [] }
  if (node.hasConsolidated) {
    // the consolidated return's own list
    const texts = decodeState(form, row.state, await loadStateTexts(db, formCode, periodId, root.id))
    for (const [code, s] of texts.stats) node.stats.get(code)!.texts = s.texts
  } else {
    // the stored list is the own return's texts then the children's, so it is rebuilt from the rows read anyway
    const ownValues = ownRows.filter((v) => v.scope !== 'consolidated')
    const mine = ownValues.length > 0 ? returnStats(form, root, periodId, new Map(ownValues.map((v) => [v.indicator_code, { num: v.num_value, text: v.text_value }]))) : null
    for (const ind of form.indicators) {
      if (ind.unit_agg !== 'list') continue
      lazyTexts(node.stats.get(ind.code)!, () => {
        const list = [...(mine?.get(ind.code)?.texts ?? [])]
        for (const c of children) for (const t of c.stats.get(ind.code)?.texts ?? []) list.push(t)
        return list.length > 0 ? list : null
      })
    }
  }
  return { unit: root, ...node, children }
}

/** Which parts of a rollup a caller reads; each part left out is neither loaded nor computed. */
export interface RollupParts {
  /** the children one level down */
  children?: boolean
  /** the lists of texts */
  texts?: boolean
  /** targets and their status (needs a baseline rollup for change targets) */
  targets?: boolean
}

export type RollupOptions = RollupParts

const ALL_PARTS: Required<RollupParts> = { children: true, texts: true, targets: true }

// A form version's indicators never change once inserted (a new version is a new form row), so they are kept per
// form id for each database handle. Transactions are other handles and simply read them again.
const formCache = new WeakMap<Db, Map<number, FormInfo>>()

export async function loadForm(db: Db, formCode: string): Promise<FormInfo> {
  const head = await findLatestFormVersion(db, formCode)
  if (!head) throw new DomainError('FORM_NOT_FOUND', `Không tìm thấy biểu mẫu "${formCode}"`)
  return formVersion(db, head.id)
}

async function formVersion(db: Db, formId: number): Promise<FormInfo> {
  let forms = formCache.get(db)
  const hit = forms?.get(formId)
  if (hit) return hit
  const form = await loadFormIndicators(db, formId)
  if (!forms) formCache.set(db, (forms = new Map()))
  forms.set(formId, form)
  return form
}

async function computeRaw(
  db: Db, form: FormInfo, formCode: string, root0: PeriodUnit, period: Period, want: Required<RollupParts> = ALL_PARTS,
  readsOfPeriod?: StoredReads,
): Promise<{ computed: Computed; sources: Period[]; units: PeriodUnit[] } | null> {
  const unitId = root0.id
  const sources = sourcePeriodsFor(period, form.periodTypes)
  const parts: Computed[] = []
  let allUnits: PeriodUnit[] = [root0]
  for (const p of sources) {
    // a unit not open in a sub-period has nothing to report for it
    if ((root0.opened_on !== null && root0.opened_on > p.end) || (root0.closed_on !== null && root0.closed_on < p.start)) continue
    const stored = await storedRollupPart(db, form, formCode, root0, p.id, want, p.id === period.id ? readsOfPeriod : undefined)
    if (stored) {
      parts.push(stored)
      continue
    }
    const units = await loadPeriodSubtree(db, unitId, p.start, p.end)
    if (units.length === 0) return null
    allUnits = units
    const { returns, values } = await loadRollupReturns(db, formCode, [p.id], units.map((u) => u.id))
    const vmap = new Map<number, Map<string, { num: number | null; text: string | null }>>()
    for (const v of values) (vmap.get(v.return_id) ?? vmap.set(v.return_id, new Map()).get(v.return_id)!).set(v.indicator_code, { num: v.num_value, text: v.text_value })
    parts.push(computeTree(form, units, unitId, p.id, returns, vmap))
  }
  if (allUnits.length === 0) return null
  if (parts.length === 0) {
    const empty: Computed = { unit: allUnits[0]!, stats: new Map(form.indicators.map((i) => [i.code, emptyStat()])), alt: null, reportingUnits: 0, hasConsolidated: false, children: [] }
    return { computed: empty, sources, units: allUnits }
  }
  return { computed: parts.length === 1 ? parts[0]! : mergeComputed(form, parts), sources, units: allUnits }
}

/** The rollup of a unit for a form and period, with its children one level down. */
export async function computeRollup(db: Db, formCode: string, unitId: number, period: Period, options: RollupOptions = {}): Promise<RollupResult> {
  const want = { ...ALL_PARTS, ...options }
  let form: FormInfo
  let root0: PeriodUnit | undefined
  let reads: StoredReads | undefined
  if (useState) {
    // One statement gives the unit, the form and the period's stored node with its status; the children and the
    // unit's own values are read beside it (most forms are filed for the period asked for). On PostgreSQL the
    // whole rollup is one round trip; when the state is not current the extra reads are dropped.
    const side = startSideReads(db, formCode, period.id, unitId, want)
    const head = await loadRollupHead(db, formCode, period.id, unitId)
    form = head?.formId != null ? await formVersion(db, head.formId) : await loadForm(db, formCode)
    root0 = head?.unit
    if (head) reads = { ...side, status: Promise.resolve(head.status), row: Promise.resolve(head.row) }
  } else {
    ;[form, root0] = await Promise.all([loadForm(db, formCode), loadUnit(db, unitId)])
  }
  const raw = root0 ? await computeRaw(db, form, formCode, root0, period, want, reads) : null
  if (!raw) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const toNode = (c: Computed, depth: number): RollupNode => ({
    unit: c.unit,
    reportingUnits: c.reportingUnits,
    hasConsolidated: c.hasConsolidated,
    indicators: figures(form, c.stats, c.alt),
    children: depth > 0 && want.children ? c.children.map((k) => toNode(k, depth - 1)) : [],
  })
  const root = toNode(raw.computed, 1)
  if (want.targets) await applyTargets(db, form, formCode, period, [root, ...root.children])
  return { period, sourcePeriods: raw.sources, root }
}

async function applyTargets(db: Db, form: FormInfo, formCode: string, period: Period, nodes: RollupNode[]): Promise<void> {
  const targets = await loadTargetsFor(db, formCode, nodes.map((n) => n.unit.id))
  for (const node of nodes) {
    for (const fig of node.indicators) {
      const t = pickTarget(targets, node.unit.id, fig.code, period.year)
      if (!t) continue
      let threshold: number | null = t.value
      if (t.change_percent != null && t.baseline_year != null) {
        const base = await indicatorValue(db, form, formCode, node.unit.id, listPeriods('year', t.baseline_year)[0]!, fig.code)
        threshold = base === null ? null : base * (1 + t.change_percent / 100)
      }
      if (threshold === null) continue
      fig.target = { comparator: t.comparator, value: threshold, year: t.year }
      fig.status = fig.value === null ? 'NO_DATA' : compareTo(fig.value, t.comparator, threshold) ? 'MET' : 'NOT_MET'
    }
  }
}

async function indicatorValue(db: Db, form: FormInfo, formCode: string, unitId: number, period: Period, code: string): Promise<number | null> {
  const unit = await loadUnit(db, unitId)
  const raw = unit ? await computeRaw(db, form, formCode, unit, period, { children: false, texts: false, targets: false }) : null
  if (!raw) return null
  return figures(form, raw.computed.stats, null).find((f) => f.code === code)?.value ?? null
}

export interface CompletenessUnit {
  unit: PeriodUnit
  lateDays: number | null
  submittedAt: string | null
}

export interface Completeness {
  unit: PeriodUnit
  expected: number
  received: number
  onTime: number
  late: number
  missing: number
  missingUnits: CompletenessUnit[]
  lateUnits: CompletenessUnit[]
  children: Completeness[]
}

/** Expected, received, on time, late and missing returns of a subtree (§5.6), for the unit and each child. */
export async function computeCompleteness(db: Db, formCode: string, unitId: number, period: Period): Promise<Completeness> {
  const units = await loadPeriodSubtree(db, unitId, period.start, period.end)
  if (units.length === 0) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const assignments = await loadFormAssignments(db, formCode)
  const rootAncestors = await loadAncestorIds(db, unitId)
  const byId = new Map(units.map((u) => [u.id, u]))
  const pathOf = (u: PeriodUnit): number[] => {
    const ids: number[] = [u.id]
    let cur: PeriodUnit | undefined = u
    while (cur && cur.id !== unitId && cur.parent_id !== null) { ids.push(cur.parent_id); cur = byId.get(cur.parent_id) }
    return [...ids, ...rootAncestors]
  }
  const expectedOf = (u: PeriodUnit): boolean => {
    const path = new Set(pathOf(u))
    return assignments.some((a: AssignmentRow) => path.has(a.unit_id) && a.period_type === period.type && assignmentActiveIn(a, period) && assignmentApplies(a, u))
  }
  const { returns } = await loadRollupReturns(db, formCode, [period.id], units.map((u) => u.id))
  const got = new Map<number, RollupReturnRow>()
  for (const r of returns) if (r.status !== 'draft') { const prev = got.get(r.unit_id); if (!prev || (r.late_days ?? 0) < (prev.late_days ?? 0)) got.set(r.unit_id, r) }
  const kids = new Map<number, PeriodUnit[]>()
  for (const u of units) if (u.id !== unitId && u.parent_id !== null) (kids.get(u.parent_id) ?? kids.set(u.parent_id, []).get(u.parent_id)!).push(u)
  const visit = (u: PeriodUnit, depth: number): Completeness => {
    const acc: Completeness = { unit: u, expected: 0, received: 0, onTime: 0, late: 0, missing: 0, missingUnits: [], lateUnits: [], children: [] }
    const walk = (x: PeriodUnit): void => {
      if (expectedOf(x)) {
        acc.expected++
        const r = got.get(x.id)
        if (!r) { acc.missing++; acc.missingUnits.push({ unit: x, lateDays: null, submittedAt: null }) }
        else {
          acc.received++
          if ((r.late_days ?? 0) > 0) { acc.late++; acc.lateUnits.push({ unit: x, lateDays: r.late_days, submittedAt: r.submitted_at }) } else acc.onTime++
        }
      }
      for (const k of kids.get(x.id) ?? []) walk(k)
    }
    walk(u)
    acc.missingUnits.sort((a, b) => byUnitOrder(a.unit, b.unit))
    acc.lateUnits.sort((a, b) => byUnitOrder(a.unit, b.unit))
    if (depth > 0) acc.children = (kids.get(u.id) ?? []).sort(byUnitOrder).map((k) => visit(k, depth - 1))
    return acc
  }
  return visit(byId.get(unitId)!, 1)
}
