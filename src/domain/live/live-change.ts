// What a committed change announces to open pages: which (form, period) and which units' figures may have moved.
// Written inside the transaction that commits the change (see live-change.repository.ts), so a rolled-back change
// announces nothing, and read back by every server process (live-change-hub.ts).
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { recordLiveChange } from '../../db/repositories/live-change.repository.js'

export type LiveChangeKind = 'saved' | 'submitted' | 'approved' | 'returned' | 'reopened' | 'tree'

export const LIVE_CHANGE_KINDS: readonly LiveChangeKind[] = ['saved', 'submitted', 'approved', 'returned', 'reopened', 'tree']

export interface LiveChange {
  formCode: string
  periodId: string
  /** The units whose node changed; each one's ancestors in the period's tree are affected too. */
  unitIds: number[]
  returnId: number | null
  kind: LiveChangeKind
}

/** Call inside the transaction that commits the change (same `trx`). */
export async function announceChange(trx: Kysely<Database>, change: LiveChange): Promise<void> {
  await recordLiveChange(trx, JSON.stringify({ f: change.formCode, p: change.periodId, u: change.unitIds, r: change.returnId, k: change.kind }))
}

/** The announcement back from its JSON; null for anything malformed (never trusted to be well-formed). */
export function parseLiveChange(payload: string): LiveChange | null {
  try {
    const x = JSON.parse(payload) as { f?: unknown; p?: unknown; u?: unknown; r?: unknown; k?: unknown }
    if (typeof x.f !== 'string' || typeof x.p !== 'string' || !Array.isArray(x.u) || !x.u.every((n) => Number.isInteger(n))) return null
    if (!LIVE_CHANGE_KINDS.includes(x.k as LiveChangeKind)) return null
    return { formCode: x.f, periodId: x.p, unitIds: x.u as number[], returnId: typeof x.r === 'number' ? x.r : null, kind: x.k as LiveChangeKind }
  } catch {
    return null
  }
}
