import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { loadPeriodSubtree, loadRollupReturns, loadTargetsFor, loadUnitReturnValues, type PeriodUnit } from '../../db/repositories/rollup.repository.js'
import {
  loadChildStates, loadRollupHead, loadStateRow, loadStateTexts, loadUnit, pendingStatus, type ChildStateRow, type PendingStatus, type RollupHead, type StateRow,
} from '../../db/repositories/rollup-state.repository.js'
import { DomainError } from '../domain-error.js'
import { listPeriods, type Period } from '../periods/period-id.js'
import {
  byUnitOrder, compareTo, computeTree, figures, mergeComputed, pickTarget, returnStats, sourcePeriodsFor,
  type Computed, type FormInfo, type RollupNode, type RollupResult,
} from './rollup-aggregation.js'
import { formVersion, loadForm } from './rollup-form.js'
import { applyPendingReturns } from './rollup-maintenance.js'
import { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from './rollup-settings.js'
import { attachTextPages } from './rollup-text-pages.js'
import { decodeChild, decodeState, emptyNodeState, lazyTexts } from './rollup-state-codec.js'

// The read side of rollups: the stored (maintained) node of a unit and its children, or, when the caller's settings
// say so (the reference the property tests compare against), the same rules computed at query time over the subtree.

export type { IndicatorFigure, RollupNode, RollupResult, RollupText, TargetStatus, FormInfo } from './rollup-aggregation.js'
export { computeCompleteness, type Completeness, type CompletenessUnit } from './rollup-completeness.js'
export { loadForm } from './rollup-form.js'
export type { PeriodUnit }
export { DEFAULT_ROLLUP_SETTINGS, type RollupSettings } from './rollup-settings.js'

type Db = Kysely<Database>

/** The reads a stored rollup part needs, started together: on PostgreSQL they run at once, on separate connections. */
export interface StoredReads {
  status: Promise<PendingStatus>
  row: Promise<Omit<StateRow, 'texts'> | undefined>
  childRows: Promise<ChildStateRow[]>
  ownRows: Promise<Awaited<ReturnType<typeof loadUnitReturnValues>> | null>
}

/** The children's rows and the unit's own values, as far as the parts asked for need them. */
function startSideReads(db: Db, formCode: string, period: Period, unitId: number, want: Required<Omit<RollupParts, 'baseline'>>): Pick<StoredReads, 'childRows' | 'ownRows'> {
  const side = {
    // a node's texts are its own return's then its children's, so either part needs the children's rows
    childRows: want.children || want.texts || want.textPages ? loadChildStates(db, formCode, period.id, unitId, period.start, period.end, want.texts) : Promise.resolve([]),
    ownRows: want.texts || want.textPages ? loadUnitReturnValues(db, formCode, period.id, unitId) : Promise.resolve(null),
  }
  // read before knowing whether returns are pending: when they are (rare), these are dropped unread
  side.childRows.catch(() => undefined)
  side.ownRows.catch(() => undefined)
  return side
}

/** Every read of a stored part at once: one round trip instead of three on PostgreSQL. */
function startStoredReads(db: Db, formCode: string, period: Period, unitId: number, want: Required<Omit<RollupParts, 'baseline'>>): StoredReads {
  const head = { status: pendingStatus(db, formCode, period.id), row: loadStateRow(db, formCode, period.id, unitId) }
  head.status.catch(() => undefined)
  head.row.catch(() => undefined)
  return { ...head, ...startSideReads(db, formCode, period, unitId, want) }
}

/**
 * The stored node of `root` for one period with its children one level down. A unit or child without a stored row
 * is an empty node (sparse state); returns committed without the hook are applied first.
 */
export async function storedRollupPart(
  db: Db, form: FormInfo, formCode: string, root: PeriodUnit, period: Period, want: Required<Omit<RollupParts, 'baseline'>> = ALL_PARTS,
  prefetched?: StoredReads, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS,
): Promise<Computed | null> {
  if (!settings.storedState) return null
  let reads = prefetched ?? startStoredReads(db, formCode, period, root.id, want)
  const st = await reads.status
  if (st.pending) {
    await applyPendingReturns(db, formCode, period.id)
    reads = startStoredReads(db, formCode, period, root.id, want)
  }
  const [row, childRows, ownRows] = await Promise.all([reads.row, reads.childRows, reads.ownRows])
  childRows.sort(byUnitOrder)
  const children = childRows.map((r) => decodeChild(form, r, want.texts))
  const node = row ? decodeState(form, row.state, null) : emptyNodeState(form)
  if (!(want.texts || want.textPages) || !ownRows) return { unit: root, ...node, children: want.children ? children : [] }
  if (node.hasConsolidated) {
    // the consolidated return's own list
    const texts = decodeState(form, row!.state, await loadStateTexts(db, formCode, period.id, root.id))
    for (const [code, s] of texts.stats) node.stats.get(code)!.texts = s.texts
    if (!want.texts) attachTextPages(db, form, formCode, period.id, null, null, children)
  } else {
    // the stored list is the own return's texts then the children's, so it is rebuilt from the rows read anyway
    const ownValues = ownRows.filter((v) => v.scope !== 'consolidated')
    const mine = ownValues.length > 0 ? returnStats(form, root, period.id, new Map(ownValues.map((v) => [v.indicator_code, { num: v.num_value, text: v.text_value }]))) : null
    if (!want.texts) {
      attachTextPages(db, form, formCode, period.id, node.stats, mine, children)
      return { unit: root, ...node, children: want.children ? children : [] }
    }
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
  /** the lists of texts, whole (the export's "Ý kiến" sheet) */
  texts?: boolean
  /**
   * the lists of texts a page at a time (IndicatorFigure.textPage), what a request reads: on a stored node of one
   * period only the stored lists a page falls in are read; elsewhere the lists are loaded whole and paged
   */
  textPages?: boolean
  /** targets and their status (needs a baseline rollup for change targets) */
  targets?: boolean
  /** reads a change target's baseline (a unit's figure for the baseline year); as reported when not given */
  baseline?: BaselineReader
}

/** A unit's figure of one indicator for a period, e.g. through lineage (src/domain/lineage/restated-figures.ts). */
export type BaselineReader = (unitId: number, period: Period, indicatorCode: string) => Promise<number | null>

export interface RollupOptions extends RollupParts {
  /** the head already read for this unit, form and period (`rollup-readable-head.ts`, with the access check) */
  head?: RollupHead
}

const ALL_PARTS: Required<Omit<RollupParts, 'baseline'>> = { children: true, texts: true, textPages: false, targets: true }

async function computeRaw(
  db: Db, form: FormInfo, formCode: string, root0: PeriodUnit, period: Period, want: Required<Omit<RollupParts, 'baseline'>>,
  readsOfPeriod: StoredReads | undefined, settings: RollupSettings,
): Promise<{ computed: Computed; sources: Period[]; units: PeriodUnit[] } | null> {
  const unitId = root0.id
  const sources = sourcePeriodsFor(period, form.periodTypes)
  // lists merged over sub-periods, or computed at query time, are paged from whole lists
  if (want.textPages && !want.texts && (sources.length > 1 || !settings.storedState)) want = { ...want, texts: true }
  const parts: Computed[] = []
  let allUnits: PeriodUnit[] = [root0]
  for (const p of sources) {
    // a unit not open in a sub-period has nothing to report for it
    if ((root0.opened_on !== null && root0.opened_on > p.end) || (root0.closed_on !== null && root0.closed_on < p.start)) continue
    const stored = await storedRollupPart(db, form, formCode, root0, p, want, p.id === period.id ? readsOfPeriod : undefined, settings)
    if (stored) {
      parts.push(stored)
      continue
    }
    const units = await loadPeriodSubtree(db, unitId, p.start, p.end, settings.largeSubtreeUnits)
    if (units.length === 0) return null
    allUnits = units
    const { returns, values } = await loadRollupReturns(db, formCode, [p.id], units.map((u) => u.id), settings.largeSubtreeUnits)
    const vmap = new Map<number, Map<string, { num: number | null; text: string | null }>>()
    for (const v of values) (vmap.get(v.return_id) ?? vmap.set(v.return_id, new Map()).get(v.return_id)!).set(v.indicator_code, { num: v.num_value, text: v.text_value })
    parts.push(computeTree(form, units, unitId, p.id, returns, vmap))
  }
  if (allUnits.length === 0) return null
  if (parts.length === 0) {
    const empty: Computed = { unit: allUnits[0]!, ...emptyNodeState(form), children: [] }
    return { computed: empty, sources, units: allUnits }
  }
  return { computed: parts.length === 1 ? parts[0]! : mergeComputed(form, parts), sources, units: allUnits }
}

/** The rollup of a unit for a form and period, with its children one level down. */
export async function computeRollup(
  db: Db, formCode: string, unitId: number, period: Period, options: RollupOptions = {}, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS,
): Promise<RollupResult> {
  const want = { ...ALL_PARTS, ...options }
  let form: FormInfo
  let root0: PeriodUnit | undefined
  let reads: StoredReads | undefined
  if (settings.storedState) {
    // One statement gives the unit, the form and the period's stored node with its pending mark; the children and
    // the unit's own values are read beside it (most forms are filed for the period asked for). On PostgreSQL the
    // whole rollup is one round trip; when returns are pending the extra reads are dropped.
    const side = startSideReads(db, formCode, period, unitId, want)
    const head = options.head ?? (await loadRollupHead(db, formCode, period.id, unitId))
    form = head?.formId != null ? await formVersion(db, head.formId) : await loadForm(db, formCode)
    root0 = head?.unit
    if (head) reads = { ...side, status: Promise.resolve(head.status), row: Promise.resolve(head.row) }
  } else {
    ;[form, root0] = await Promise.all([loadForm(db, formCode), loadUnit(db, unitId)])
  }
  const raw = root0 ? await computeRaw(db, form, formCode, root0, period, want, reads, settings) : null
  if (!raw) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const toNode = (c: Computed, depth: number): RollupNode => ({
    unit: c.unit,
    reportingUnits: c.reportingUnits,
    hasConsolidated: c.hasConsolidated,
    indicators: figures(form, c.stats, c.alt),
    children: depth > 0 && want.children ? c.children.map((k) => toNode(k, depth - 1)) : [],
  })
  const root = toNode(raw.computed, 1)
  if (want.targets) await applyTargets(db, form, formCode, period, [root, ...root.children], settings, options.baseline)
  return { period, sourcePeriods: raw.sources, root }
}

async function applyTargets(db: Db, form: FormInfo, formCode: string, period: Period, nodes: RollupNode[], settings: RollupSettings, baseline?: BaselineReader): Promise<void> {
  const targets = await loadTargetsFor(db, formCode, nodes.map((n) => n.unit.id))
  for (const node of nodes) {
    for (const fig of node.indicators) {
      const t = pickTarget(targets, node.unit.id, fig.code, period.year)
      if (!t) continue
      let threshold: number | null = t.value
      if (t.change_percent != null && t.baseline_year != null) {
        const baselinePeriod = listPeriods('year', t.baseline_year)[0]!
        const base = baseline ? await baseline(node.unit.id, baselinePeriod, fig.code) : await indicatorValue(db, form, formCode, node.unit.id, baselinePeriod, fig.code, settings)
        threshold = base === null ? null : base * (1 + t.change_percent / 100)
      }
      if (threshold === null) continue
      fig.target = { comparator: t.comparator, value: threshold, year: t.year }
      fig.status = fig.value === null ? 'NO_DATA' : compareTo(fig.value, t.comparator, threshold) ? 'MET' : 'NOT_MET'
    }
  }
}

/** A unit's node for a period as reported (the tree of that period), with its form; null when the unit is unknown. */
export async function reportedNode(db: Db, formCode: string, unitId: number, period: Period, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS): Promise<{ form: FormInfo; computed: Computed } | null> {
  const [form, unit] = await Promise.all([loadForm(db, formCode), loadUnit(db, unitId)])
  const raw = unit ? await computeRaw(db, form, formCode, unit, period, { children: false, texts: false, textPages: false, targets: false }, undefined, settings) : null
  return raw ? { form, computed: raw.computed } : null
}

async function indicatorValue(db: Db, form: FormInfo, formCode: string, unitId: number, period: Period, code: string, settings: RollupSettings): Promise<number | null> {
  const unit = await loadUnit(db, unitId)
  const raw = unit ? await computeRaw(db, form, formCode, unit, period, { children: false, texts: false, textPages: false, targets: false }, undefined, settings) : null
  if (!raw) return null
  return figures(form, raw.computed.stats, null).find((f) => f.code === code)?.value ?? null
}

