import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { DomainError } from '../domain-error.js'
import { loadLineageContext, restatedFigure, type LineageContext } from '../lineage/restated-figures.js'
import { samePeriodLastYear, yearToDate, type Period } from '../periods/period-id.js'
import { computeRollup, DEFAULT_ROLLUP_SETTINGS, type IndicatorFigure, type RollupSettings } from './rollup-engine.js'

export interface SeriesPoint {
  period: Period
  value: number | null
  numerator: number | null
  denominator: number | null
  yearToDate: number | null
  samePeriodLastYear: number | null
  /** value vs same period last year: % for amounts, points for ratios */
  change: number | null
  changeUnit: 'percent' | 'points' | null
  /** the period's own figure came through a split's shares (restated view only) */
  estimated: boolean
  /** year to date or same period last year came through a split's shares: "ước tính theo tỷ lệ" */
  comparisonEstimated: boolean
}

/** As reported: the tree of the period. Restated: today's tree, the predecessors' figures carried through lineage. */
export type RollupViewKind = 'AS_REPORTED' | 'RESTATED'

async function figure(db: Kysely<Database>, form: string, unitId: number, period: Period, code: string, settings: RollupSettings): Promise<IndicatorFigure> {
  const r = await computeRollup(db, form, unitId, period, { targets: false }, settings)
  const f = r.root.indicators.find((i) => i.code === code)
  if (!f) throw new DomainError('INDICATOR_NOT_FOUND', `Biểu mẫu không có chỉ tiêu "${code}"`)
  return f
}

async function restated(db: Kysely<Database>, ctx: LineageContext, form: string, unitId: number, period: Period, code: string, settings: RollupSettings): Promise<{ figure: IndicatorFigure; estimated: boolean }> {
  const r = await restatedFigure(db, ctx, form, unitId, period, code, settings)
  if (!r.figure) return { figure: await figure(db, form, unitId, period, code, settings), estimated: false }
  return { figure: r.figure, estimated: r.estimated }
}

/**
 * "Kỳ này, lũy kế, cùng kỳ năm trước" for one indicator over a list of periods. Year to date and same period last
 * year always come through lineage (a ward formed by a merger compares with its predecessors); the period's own
 * figure is as reported unless `view` is RESTATED.
 */
export async function computeSeries(
  db: Kysely<Database>, form: string, unitId: number, code: string, periods: readonly Period[], settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS, view: RollupViewKind = 'AS_REPORTED',
): Promise<SeriesPoint[]> {
  const out: SeriesPoint[] = []
  const lineage = await loadLineageContext(db)
  for (const p of periods) {
    const cur = view === 'RESTATED' ? await restated(db, lineage, form, unitId, p, code, settings) : { figure: await figure(db, form, unitId, p, code, settings), estimated: false }
    const ytd = await restated(db, lineage, form, unitId, yearToDate(p), code, settings)
    const last = await restated(db, lineage, form, unitId, samePeriodLastYear(p), code, settings)
    const c = cur.figure
    const l = last.figure
    const isRatio = c.unitAgg === 'ratio'
    let change: number | null = null
    if (c.value !== null && l.value !== null) change = isRatio ? c.value - l.value : l.value !== 0 ? (100 * (c.value - l.value)) / l.value : null
    out.push({
      period: p, value: c.value, numerator: c.numerator, denominator: c.denominator, yearToDate: ytd.figure.value, samePeriodLastYear: l.value,
      change, changeUnit: change === null ? null : isRatio ? 'points' : 'percent', estimated: cur.estimated, comparisonEstimated: ytd.estimated || last.estimated,
    })
  }
  return out
}
