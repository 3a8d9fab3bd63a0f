import { findLineageFrom, findLineageInto } from '../../db/repositories/lineage.repository.js'
import type { Db } from '../database-handle.js'
import type { ReorganizationKind } from './reorganization-service.js'

/** One lineage row seen from one of its two units. */
export interface LineageLink {
  kind: ReorganizationKind
  otherUnitId: number
  effectiveOn: string
  share: number
  indicator: string | null
}

export async function lineageOf(db: Db, unitId: number, direction: 'predecessors' | 'successors'): Promise<LineageLink[]> {
  const rows = direction === 'predecessors' ? await findLineageInto(db, [unitId]) : await findLineageFrom(db, [unitId])
  return rows.map((r) => ({ kind: r.kind as ReorganizationKind, otherUnitId: direction === 'predecessors' ? r.source_unit_id : r.target_unit_id, effectiveOn: r.effective_on, share: r.share, indicator: r.indicator_code }))
}
