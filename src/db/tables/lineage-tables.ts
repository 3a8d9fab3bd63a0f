import type { Generated } from 'kysely'

/** Lineage between units (migration 0012): from `effective_on`, `share` of the source's figures continue in the target. */
export interface UnitLineageTable {
  id: Generated<number>
  event_id: number
  /** merge | split | rename */
  kind: string
  source_unit_id: number
  target_unit_id: number
  effective_on: string
  share: number
  /** null: the share holds for every indicator; else this row's share is for this indicator only */
  indicator_code: string | null
  created_at: string
}

export interface LineageTables {
  unit_lineage: UnitLineageTable
}
