import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import type { ChildCounts, CompletenessEntry, ConsolidatedChild, ConsolidatedIndicatorRow, ExportValue, TextAnswer } from '../../../exports/consolidated-report-data.js'
import { samePeriodLastYear, yearToDate, type Period } from '../periods/period-id.js'
import { computeCompleteness, computeRollup, DEFAULT_ROLLUP_SETTINGS, type IndicatorFigure, type RollupResult, type RollupSettings } from '../rollup/rollup-engine.js'
import { ownReturnFigures } from './own-return-figures.js'
import { figures } from '../rollup/rollup-aggregation.js'
import { lineageBaseline, loadLineageContext, restatedStats, type LineageContext } from '../lineage/restated-figures.js'
import type { RollupQuery, RollupSource } from './rollup-source.js'

/**
 * A RollupSource over the rollup engine (src/domain/rollup/rollup-engine.ts): what exports use by default.
 * Known gap: computeCompleteness lists late and missing units only; units received on time are listed from the
 * direct children whose subtree has nothing missing or late.
 */
export function rollupEngineSource(db: Kysely<Database>, settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS): RollupSource {
  const cache = new Map<string, Promise<RollupResult | null>>()
  /** The current period's errors propagate; a comparison period the engine cannot compute prints as empty. */
  const rollup = (q: RollupQuery, period: Period, targets: boolean, optional = false): Promise<RollupResult | null> => {
    const key = `${q.unitId}|${q.formCode}|${period.id}|${targets}`
    let p = cache.get(key)
    if (!p) {
      const run = computeRollup(db, q.formCode, q.unitId, period, { targets, baseline: lineageBaseline(db, q.formCode, settings) }, settings)
      p = optional ? run.catch(() => null) : run
      cache.set(key, p)
    }
    return p
  }
  let lineage: Promise<LineageContext> | null = null
  /** Comparison periods through lineage (#17): a unit formed by a merger compares with its predecessors. */
  const restated = async (q: RollupQuery, period: Period): Promise<{ byCode: Map<string, IndicatorFigure>; estimated: boolean } | null> => {
    try {
      lineage ??= loadLineageContext(db)
      const r = await restatedStats(db, await lineage, q.formCode, q.unitId, period, settings)
      return r ? { byCode: new Map(figures(r.form, r.stats, null).map((f) => [f.code, f])), estimated: r.estimated } : null
    } catch {
      return null
    }
  }
  const safe = (f: () => Period): Period | null => {
    try {
      return f()
    } catch {
      return null
    }
  }
  return {
    async unitFigures(q) {
      const ytdP = safe(() => yearToDate(q.period))
      const lastP = safe(() => samePeriodLastYear(q.period))
      const [cur, ytd, last] = await Promise.all([rollup(q, q.period, true), ytdP ? restated(q, ytdP) : null, lastP ? restated(q, lastP) : null])
      const y = ytd?.byCode ?? new Map<string, IndicatorFigure>()
      const l = last?.byCode ?? new Map<string, IndicatorFigure>()
      const estimated = (ytd?.estimated ?? false) || (last?.estimated ?? false)
      const rows: Record<string, ConsolidatedIndicatorRow> = {}
      for (const f of cur?.root.indicators ?? []) {
        rows[f.code] = {
          value: valueOf(f),
          numerator: f.numerator,
          denominator: f.denominator,
          ytd: y.get(f.code) ? valueOf(y.get(f.code) as IndicatorFigure) : null,
          lastYear: l.get(f.code) ? valueOf(l.get(f.code) as IndicatorFigure) : null,
          ...(estimated && l.get(f.code)?.value != null ? { lastYearEstimated: true } : {}),
          // Targets of ratios are stored in percent ("> 95"), as the documents write them.
          target: f.target ? `${f.target.comparator} ${f.target.value}${f.valueType === 'ratio' ? '%' : ''}` : null,
          status: f.status === 'MET' ? 'Đạt' : f.status === 'NOT_MET' ? 'Chưa đạt' : null,
        }
      }
      return rows
    },
    async childFigures(q) {
      const cur = await rollup(q, q.period, true)
      const kids = (cur?.root.children ?? []).map((c) => childOf(c.unit.code, c.unit.name, c.indicators))
      const own = cur ? ownReturnFigures(cur.root, cur.sourcePeriods.length) : null
      return own && cur ? [{ ...childOf(cur.root.unit.code, `${cur.root.unit.name} (báo cáo riêng của đơn vị)`, own), own: true }, ...kids] : kids
    },
    async completeness(q) {
      const c = await computeCompleteness(db, q.formCode, q.unitId, q.period, settings)
      const entries: CompletenessEntry[] = [
        ...c.lateUnits.map((u) => ({ code: u.unit.code, name: u.unit.name, status: 'late' as const, lateDays: u.lateDays, receivedAt: u.submittedAt })),
        ...c.missingUnits.map((u) => ({ code: u.unit.code, name: u.unit.name, status: 'missing' as const, lateDays: null, receivedAt: null })),
      ]
      const listed = new Set(entries.map((e) => e.code))
      for (const k of c.children) if (k.expected > 0 && k.missing === 0 && k.late === 0 && !listed.has(k.unit.code)) entries.push({ code: k.unit.code, name: k.unit.name, status: 'received', lateDays: null, receivedAt: null })
      return entries
    },
    async texts(q) {
      const cur = await rollup(q, q.period, false)
      const out: TextAnswer[] = []
      for (const f of cur?.root.indicators ?? []) for (const t of f.texts) out.push({ unitName: t.unitName, unitCode: t.unitCode, indicatorCode: f.code, text: t.text })
      return out
    },
  }
}

function valueOf(f: IndicatorFigure): ExportValue {
  if (f.valueType === 'boolean') return f.reportingUnits > 0 && f.value !== null ? `${f.value}/${f.reportingUnits}` : null
  if (f.valueType === 'choice') return f.options.length > 0 ? f.options.map((o) => `${o.option}: ${o.count}`).join('; ') : null
  if (f.valueType === 'text') return null
  // The engine gives ratios in percent (99.1); the workbook stores fractions under a % format (0.991).
  if (f.valueType === 'ratio') return f.value === null ? null : f.value / 100
  return f.value
}

function childOf(code: string, name: string, indicators: readonly IndicatorFigure[]): ConsolidatedChild {
  const values: Record<string, ExportValue> = {}
  const counts: Record<string, ChildCounts> = {}
  for (const f of indicators) {
    if (f.valueType !== 'ratio') values[f.code] = valueOf(f)
    const k = countsOf(f)
    if (k) counts[f.code] = k
  }
  return { code, name, values, counts }
}

/** What "Chi tiết" sums where the value alone does not: k and n, counts per option, texts written, the weight used. */
function countsOf(f: IndicatorFigure): ChildCounts | null {
  if (f.valueType === 'boolean') return { reporting: f.reportingUnits, yes: f.value ?? 0 }
  if (f.valueType === 'choice') return { reporting: f.reportingUnits, options: Object.fromEntries(f.options.map((o) => [o.option, o.count])) }
  if (f.valueType === 'text') return { reporting: f.reportingUnits }
  if (f.unitAgg === 'weighted_avg') return { reporting: f.reportingUnits, weight: f.denominator }
  return null
}
