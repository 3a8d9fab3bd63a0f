import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { lockRollup, statePairsOfUnit } from '../../db/repositories/rollup-state.repository.js'
import { announceChange } from '../live/live-change.js'
import { parsePeriodId } from '../periods/period-id.js'
import { recomputePaths } from './rollup-maintenance.js'

type Db = Kysely<Database>

// Tree changes keep the sparse rollup state current inside their own transaction, touching only the (form, period)
// pairs in which the changed unit's node is not empty (a unit no return reaches changes no figure), and in each only
// the paths from the unit concerned to the root. Called by the unit admin service after the tree rows are written.
// A created unit needs nothing: it has no return yet, so its node is empty in every period, and its parent lists it
// as a child from the tree itself (nothing stored names children).

type Pair = Awaited<ReturnType<typeof statePairsOfUnit>>[number]

async function recomputeEach(trx: Db, pairs: readonly Pair[], starts: (p: Pair) => number[]): Promise<void> {
  // the same order everywhere, so two tree changes never wait on each other's locks crosswise (PostgreSQL)
  const sorted = [...pairs].sort((a, b) => (a.form_code + a.period_id < b.form_code + b.period_id ? -1 : 1))
  for (const p of sorted) {
    await lockRollup(trx, p.form_code, p.period_id)
    const units = starts(p)
    await recomputePaths(trx, p.form_code, p.period_id, units)
    // the figures of these paths moved: open pages over them refetch once this transaction commits
    await announceChange(trx, { formCode: p.form_code, periodId: p.period_id, unitIds: units, returnId: null, kind: 'tree' })
  }
}

/**
 * A unit (with its subtree) now hangs under another parent from `effectiveFrom`: in every period ending on or after
 * it, its node leaves the path of its old parent and joins the new one's. Its own node and its subtree are unchanged.
 */
export async function rollupsAfterMove(trx: Db, unitId: number, effectiveFrom: string): Promise<void> {
  const pairs = (await statePairsOfUnit(trx, unitId)).filter((p) => parsePeriodId(p.period_id).end >= effectiveFrom)
  await recomputeEach(trx, pairs, (p) => (p.parent_id === null ? [unitId] : [unitId, p.parent_id]))
}

/** A unit closed on `closedOn` is out of every period starting after it: its node goes, and its parent's path loses it. */
export async function rollupsAfterClose(trx: Db, unitId: number, closedOn: string): Promise<void> {
  const pairs = (await statePairsOfUnit(trx, unitId)).filter((p) => parsePeriodId(p.period_id).start > closedOn)
  await recomputeEach(trx, pairs, (p) => (p.parent_id === null ? [unitId] : [unitId, p.parent_id]))
}

/**
 * A rename changes no figure: only the name written beside the unit's texts and its place among its siblings, so only
 * the lists of texts on its path are rewritten, and only in the pairs where its subtree wrote any.
 */
export async function rollupsAfterRename(trx: Db, unitId: number): Promise<void> {
  const pairs = (await statePairsOfUnit(trx, unitId)).filter((p) => p.has_texts)
  await recomputeEach(trx, pairs, () => [unitId])
}
