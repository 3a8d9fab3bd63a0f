import { findChildrenOf, findUnitsByIds } from '../../db/repositories/unit.repository.js'
import type { Db } from '../database-handle.js'
import { DomainError } from '../domain-error.js'
import type { Period } from '../periods/period-id.js'
import { byUnitOrder, figures, type RollupNode } from '../rollup/rollup-aggregation.js'
import { computeRollup, type RollupSettings } from '../rollup/rollup-engine.js'
import { inflows, loadLineageContext, prepareInflows, restatedStats, type LineageContext } from './restated-figures.js'

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

async function node(db: Db, ctx: LineageContext, formCode: string, unit: RollupNode['unit'], period: Period, settings: RollupSettings | undefined, reported: Map<number, RollupNode>): Promise<RestatedNode> {
  // no lineage brings anything into it: restated is as reported (the one rollup read already holds it)
  const same = reported.get(unit.id)
  if (same && (await inflows(db, ctx, unit.id, period)).length === 0) return { ...same, children: [], estimated: false }
  const r = await restatedStats(db, ctx, formCode, unit.id, period, settings)
  if (!r) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  return { unit, reportingUnits: r.reportingUnits, hasConsolidated: false, indicators: figures(r.form, r.stats, null), children: [], estimated: r.estimated }
}

/**
 * A past period restated onto today's tree: the unit and its children of today (one level down), each with its own
 * figure as reported plus its predecessors' through lineage. Targets are not judged in this view.
 */
export async function restatedRollup(db: Db, formCode: string, unitId: number, period: Period, settings?: RollupSettings, today: string = isoToday()): Promise<RestatedRollup> {
  const [unit] = await findUnitsByIds(db, [unitId])
  if (!unit) throw new DomainError('UNIT_NOT_FOUND', 'Không tìm thấy đơn vị')
  const ctx = await loadLineageContext(db)
  await prepareInflows(db, ctx, period)
  const asReported = await computeRollup(db, formCode, unitId, period, { targets: false, texts: false }, settings)
  const reported = new Map<number, RollupNode>([[asReported.root.unit.id, asReported.root], ...asReported.root.children.map((c) => [c.unit.id, c] as [number, RollupNode])])
  const kids = (await findChildrenOf(db, [unitId])).filter((c) => (c.opened_on === null || c.opened_on <= today) && (c.closed_on === null || c.closed_on >= today))
  kids.sort(byUnitOrder)
  const root = await node(db, ctx, formCode, unit, period, settings, reported)
  const children: RestatedNode[] = []
  for (const k of kids) children.push(await node(db, ctx, formCode, k, period, settings, reported))
  root.children = children
  return { root, children }
}
