import { findChildrenOf, findUnitsByIds } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import { DomainError } from '../domain-error.js'
import type { Period } from '../periods/period-id.js'
import { byUnitOrder, figures, type RollupNode } from '../rollup/rollup-aggregation.js'
import { computeRollup, type RollupSettings } from '../rollup/rollup-engine.js'
import { loadLineageContext, restatedNodes } from './restated-figures.js'

export interface RestatedNode extends RollupNode {
  /** some figure came through a split's shares: "ước tính theo tỷ lệ" */
  estimated: boolean
}

export interface RestatedRollup {
  root: RestatedNode
  children: RestatedNode[]
}

function isoToday(): string {
  return new Date().toISOString().slice(0, 10)
}

/**
 * A past period restated onto today's tree: the unit and its children of today (one level down), each with its
 * figure of the period counted where its units stand today (restated-figures.ts). Targets are not judged in this view.
 */
export async function restatedRollup(db: Db, formCode: string, unitId: number, period: Period, settings?: RollupSettings, today: string = isoToday()): Promise<RestatedRollup> {
  const [unit] = await findUnitsByIds(db, [unitId])
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const ctx = await loadLineageContext(db)
  const asReported = await computeRollup(db, formCode, unitId, period, { targets: false, texts: false }, settings)
  const reported = new Map<number, RollupNode>([[asReported.root.unit.id, asReported.root], ...asReported.root.children.map((c) => [c.unit.id, c] as [number, RollupNode])])
  const kids = (await findChildrenOf(db, [unitId])).filter((c) => (c.opened_on === null || c.opened_on <= today) && (c.closed_on === null || c.closed_on >= today))
  kids.sort(byUnitOrder)
  const all = [unit, ...kids]
  // a unit no piece of the period touches restates to its figure as reported (the one rollup read already holds it)
  const restated = await restatedNodes(db, ctx, formCode, all.map((u) => u.id), period, settings, new Set(reported.keys()))
  const node = (u: RollupNode['unit']): RestatedNode => {
    const r = restated.get(u.id)
    if (r) return { unit: u, reportingUnits: r.reportingUnits, hasConsolidated: false, indicators: figures(r.form, r.stats, null), children: [], estimated: r.estimated }
    const same = reported.get(u.id)
    if (!same) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
    return { ...same, children: [], estimated: false }
  }
  const root = node(unit)
  const children = kids.map(node)
  root.children = children
  return { root, children }
}
