import type { IndicatorFigure, RollupNode } from '../rollup/rollup-engine.js'

/**
 * The unit's own return, as figures, when its node is own + children (domain.md §5.5): the node's figures less its
 * children's, for everything that adds up (sums, yes answers and units answering, options, the weighted average's
 * Σ v·w and Σ w, texts written). "Chi tiết" prints it as a row of its own, so its "Tổng cộng" is the unit's figure
 * and not only its children's. Null when the unit filed nothing itself, when a consolidated return replaces its
 * node (then the children do not make it), or when the period is built from sub-periods (stocks take each node's
 * last sub-period with data, so a node is not the sum of its parts there).
 */
export function ownReturnFigures(root: RollupNode, sourcePeriods: number): IndicatorFigure[] | null {
  if (root.hasConsolidated || sourcePeriods !== 1) return null
  if (root.reportingUnits - root.children.reduce((a, c) => a + c.reportingUnits, 0) <= 0) return null
  const byChild = root.children.map((c) => new Map(c.indicators.map((f) => [f.code, f])))
  return root.indicators.map((f) => {
    const kids = byChild.map((m) => m.get(f.code)).filter((k): k is IndicatorFigure => k !== undefined)
    const sum = (pick: (x: IndicatorFigure) => number) => pick(f) - kids.reduce((a, k) => a + pick(k), 0)
    const n = sum((x) => x.reportingUnits)
    const own: IndicatorFigure = { ...f, reportingUnits: n, value: null, numerator: null, denominator: null, options: [], texts: [], discrepancy: null, target: null, status: 'NO_DATA' }
    if (n <= 0) return { ...own, reportingUnits: 0 }
    if (f.unitAgg === 'weighted_avg') {
      const w = sum((x) => x.denominator ?? 0)
      const swx = sum((x) => (x.value ?? 0) * (x.denominator ?? 0))
      return { ...own, value: w !== 0 ? swx / w : null, denominator: w }
    }
    if (f.unitAgg === 'count_by_option') {
      return { ...own, options: f.options.map((o) => ({ option: o.option, count: o.count - kids.reduce((a, k) => a + (k.options.find((x) => x.option === o.option)?.count ?? 0), 0) })) }
    }
    if (f.unitAgg === 'sum' || f.unitAgg === 'count_true') return { ...own, value: sum((x) => x.value ?? 0) }
    return own
  })
}
