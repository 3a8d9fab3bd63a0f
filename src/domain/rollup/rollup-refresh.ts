// After an import commits, its (form, period)'s maintained rollups are brought up to date in the background of the
// process, so the upload answers as soon as its values are durable. Refreshes of one pair never overlap, and the
// commits that land while one runs are applied together by the next run (one transaction, one sync to disk).
import type { Kysely } from 'kysely'
import { runInBackground } from '../../db/background-work.js'
import type { Database } from '../../db/database-types.js'
import { applyPendingReturns } from './rollup-maintenance.js'

type Db = Kysely<Database>

interface Slot {
  again: boolean
}

const slots = new WeakMap<Db, Map<string, Slot>>()

/** Applies the pending returns of (form, period) soon, off the caller's path; a query before then applies them itself. */
export function scheduleRollupRefresh(db: Db, formCode: string, periodId: string): void {
  let pairs = slots.get(db)
  if (!pairs) slots.set(db, (pairs = new Map()))
  const key = `${formCode}\u0000${periodId}`
  const queued = pairs.get(key)
  if (queued) {
    queued.again = true
    return
  }
  const slot: Slot = { again: true }
  pairs.set(key, slot)
  runInBackground(db, async () => {
    try {
      while (slot.again) {
        slot.again = false
        // let the caller answer first, and let commits arriving meanwhile join this run
        await new Promise<void>((resolve) => setImmediate(resolve))
        await applyPendingReturns(db, formCode, periodId)
      }
    } catch (err) {
      // Nothing is lost: the pending rows stay, and the next query or import of the pair applies them.
      console.error(`tonghop: chưa cập nhật được số liệu tổng hợp ${formCode} kỳ ${periodId} (sẽ cập nhật khi có truy vấn): ${(err as Error).message}`)
    } finally {
      pairs.delete(key)
    }
  })
}
