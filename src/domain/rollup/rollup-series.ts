import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { DomainError } from '../domain-error.js'
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
}

async function figure(db: Kysely<Database>, form: string, unitId: number, period: Period, code: string, settings: RollupSettings): Promise<IndicatorFigure> {
  const r = await computeRollup(db, form, unitId, period, { targets: false }, settings)
  const f = r.root.indicators.find((i) => i.code === code)
  if (!f) throw new DomainError('INDICATOR_NOT_FOUND', `Biểu mẫu không có chỉ tiêu "${code}"`)
  return f
}

/** "Kỳ này, lũy kế, cùng kỳ năm trước" for one indicator over a list of periods. */
export async function computeSeries(
  db: Kysely<Database>, form: string, unitId: number, code: string, periods: readonly Period[], settings: RollupSettings = DEFAULT_ROLLUP_SETTINGS,
): Promise<SeriesPoint[]> {
  const out: SeriesPoint[] = []
  for (const p of periods) {
    const cur = await figure(db, form, unitId, p, code, settings)
    const ytd = await figure(db, form, unitId, yearToDate(p), code, settings)
    const last = await figure(db, form, unitId, samePeriodLastYear(p), code, settings)
    const isRatio = cur.unitAgg === 'ratio'
    let change: number | null = null
    if (cur.value !== null && last.value !== null) change = isRatio ? cur.value - last.value : last.value !== 0 ? (100 * (cur.value - last.value)) / last.value : null
    out.push({
      period: p, value: cur.value, numerator: cur.numerator, denominator: cur.denominator, yearToDate: ytd.value, samePeriodLastYear: last.value,
      change, changeUnit: change === null ? null : isRatio ? 'points' : 'percent',
    })
  }
  return out
}
