import { gqlRequest } from '../api/graphql-client'
import { ReturnDiscrepancyQuery } from '../api/review-operations'
import { num } from '../format'
import type { FormIndicatorsQuery, ReturnDetailQuery } from '../gql/graphql'

type Detail = NonNullable<ReturnDetailQuery['return']>
type Indicator = NonNullable<FormIndicatorsQuery['form']>['indicators'][number]

/** A consolidated return's figures beside own + children, by indicator: only where both are known. */
export type Discrepancies = Map<string, { value: number | null; discrepancy: number }>

/** The aggregations the rollup gives a discrepancy for (rollup-aggregation.ts `figures`), read the same way here. */
const COMPARABLE = new Set(['sum', 'count_true', 'weighted_avg', 'ratio'])

/** The return's own figure for an indicator: its value, a ratio recomputed from its numerator and denominator. */
function figureOf(r: Detail, indicator: Indicator | undefined, aggregation: string, code: string): number | null {
  const value = (c: string | null | undefined) => (c ? (r.values.find((v) => v.indicator === c)?.number ?? null) : null)
  if (aggregation !== 'ratio') return value(code)
  const n = value(indicator?.numerator)
  const d = value(indicator?.denominator)
  return n !== null && d !== null && d !== 0 ? (100 * n) / d : null
}

/**
 * The rollup counts a consolidated return once it is submitted, and then gives the discrepancy itself. Before that
 * (a draft the clerk is still preparing) the rollup's figure is own + children, and the return's own figures are set
 * against it here, so the clerk sees the difference before submitting.
 */
export async function loadDiscrepancies(r: Detail, indicators: Indicator[]): Promise<Discrepancies> {
  if (r.scope !== 'consolidated' || !r.unit) return new Map()
  const res = (await gqlRequest(ReturnDiscrepancyQuery, { unit: r.unit.code, form: r.formCode, period: r.period.id })).rollup
  if (!('data' in res)) return new Map()
  const { summary } = res.data
  if (summary.hasConsolidatedReturn) {
    return new Map(summary.indicators.flatMap((f) => (f.discrepancy == null ? [] : [[f.code, { value: f.value ?? null, discrepancy: f.discrepancy }]])))
  }
  if (r.status !== 'draft') return new Map()
  const byCode = new Map(indicators.map((i) => [i.code, i]))
  return new Map(
    summary.indicators.flatMap((f) => {
      if (!COMPARABLE.has(f.aggregation) || f.value == null) return []
      const own = figureOf(r, byCode.get(f.code), f.aggregation, f.code)
      return own === null ? [] : [[f.code, { value: own, discrepancy: own - f.value }]]
    }),
  )
}

export function DiscrepancyCells({ d }: { d: { value: number | null; discrepancy: number } | undefined }) {
  if (!d) return <><td /><td /></>
  const sum = d.value === null ? null : d.value - d.discrepancy
  return (
    <>
      <td className="num">{num(sum)}</td>
      <td className={`num${d.discrepancy !== 0 ? ' changed' : ''}`}>{d.discrepancy > 0 ? `+${num(d.discrepancy)}` : num(d.discrepancy)}</td>
    </>
  )
}
