/** A node's aggregated figures (no row: the node is empty) for one form and period, in that period's tree (see rollup-state-codec.ts). */
export interface RollupStateTable {
  form_code: string
  period_id: string
  unit_id: number
  /** the unit's parent in the period's tree */
  parent_id: number | null
  /** JSON: reporting units, consolidated flag, per-indicator sums, own+children alternative */
  state: string
  /** JSON: list indicators' (unit, text) entries in unit order, or null */
  texts: string | null
}

/** Returns whose status changed outside a maintained commit (filled by a trigger on returns). */
export interface RollupPendingTable {
  form_code: string
  period_id: string
  return_id: number
}

export interface RollupTables {
  rollup_state: RollupStateTable
  rollup_pending: RollupPendingTable
}
