import type { Generated } from 'kysely'

/** The SQLite change channel between server processes (migration 0009): an announcement per committed change. */
export interface LiveChangeTable {
  id: Generated<number>
  /** JSON of the domain's LiveChange (src/domain/live/live-change.ts) */
  payload: string
  created_at: string
}

export interface LiveTables {
  live_changes: LiveChangeTable
}
