import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { recentFailures } from '../../db/repositories/account.repository.js'

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeAttempts: number
  /** First wait; doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
  windowMs: number
  /** An address tries many usernames: allow more before slowing it. */
  addressFreeAttempts: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 2000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000, addressFreeAttempts: 20 }

function waitFor(count: number, free: number, last: string | null, policy: ThrottlePolicy, now: number): number {
  if (count < free || !last) return 0
  const delay = Math.min(policy.baseDelayMs * 2 ** (count - free), policy.maxDelayMs)
  return Math.max(0, Date.parse(last) + delay - now)
}

/** Milliseconds the caller must still wait before another attempt for this account or from this address. */
export async function loginWaitMs(db: Kysely<Database>, username: string, address: string, policy: ThrottlePolicy, now = Date.now()): Promise<number> {
  const since = new Date(now - policy.windowMs).toISOString()
  const [byUser, byAddress] = await Promise.all([recentFailures(db, 'username', username, since), recentFailures(db, 'client_address', address, since)])
  return Math.max(waitFor(byUser.count, policy.freeAttempts, byUser.last, policy, now), waitFor(byAddress.count, policy.addressFreeAttempts, byAddress.last, policy, now))
}
