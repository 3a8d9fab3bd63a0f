import type { Kysely } from 'kysely'
import type { Database } from '../../db/database-types.js'
import { insertLoginAttempt, lockLoginAttempts, loginCounters, type FailureCount } from '../../db/repositories/login-attempt.repository.js'

export interface ThrottlePolicy {
  /** Failures allowed for one account, from one address or from all of them, before any wait. */
  freeAttempts: number
  /** First wait; doubles with each further failure. */
  baseDelayMs: number
  /** Longest wait for one address: its guesses at one account, or its guesses over many usernames. */
  maxDelayMs: number
  /**
   * Longest wait an account's failures impose on addresses that have not made them. Bounded, so a burst from somewhere
   * else never locks the owner out for long; the owner's usual addresses are not held up at all.
   */
  accountMaxDelayMs: number
  windowMs: number
  /** An address tries many usernames: allow more before slowing it. */
  addressFreeAttempts: number
  /** An address the account logged in from within this many days is the owner's: only its own failures slow it. */
  familiarDays: number
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  freeAttempts: 5,
  baseDelayMs: 2000,
  maxDelayMs: 15 * 60_000,
  accountMaxDelayMs: 30_000,
  windowMs: 15 * 60_000,
  addressFreeAttempts: 20,
  familiarDays: 30,
}

function waitFor(failed: FailureCount, free: number, cap: number, policy: ThrottlePolicy, now: number): number {
  if (failed.count < free || !failed.last) return 0
  const delay = Math.min(policy.baseDelayMs * 2 ** Math.min(failed.count - free, 40), cap)
  return Math.max(0, Date.parse(failed.last) + delay - now)
}

export type Admission = { admitted: true; attemptId: number } | { admitted: false; waitMs: number }

/**
 * The throttle's check and record in one transaction, serialized across processes: an admitted attempt is recorded as
 * a failure before its password is checked (and marked a success after), so of 30 attempts sent at once exactly the
 * free ones are admitted. A refused attempt is not recorded: waiting out a throttle never lengthens it.
 *
 * The wait is the longest of three counts: this account from this address (since the account's last success; an
 * attacker's guesses at one account); this account from anywhere (since its last success, capped at
 * `accountMaxDelayMs`, and skipped at the owner's usual addresses); this address for any username (never reset by a
 * success, so an attacker logging into their own account between guesses gains nothing; skipped when this address
 * is one the account usually logs in from, so the clerks behind a shared office address are not held up).
 */
export async function admitLoginAttempt(db: Kysely<Database>, input: { username: string; address: string; policy: ThrottlePolicy; onRefused?: (trx: Kysely<Database>) => Promise<void> }, now = Date.now()): Promise<Admission> {
  const { policy } = input
  return db.transaction().execute(async (trx) => {
    await lockLoginAttempts(trx)
    const c = await loginCounters(trx, {
      username: input.username,
      address: input.address,
      since: new Date(now - policy.windowMs).toISOString(),
      familiarSince: new Date(now - policy.familiarDays * 86_400_000).toISOString(),
    })
    const wait = Math.max(
      waitFor(c.pair, policy.freeAttempts, policy.maxDelayMs, policy, now),
      c.familiar ? 0 : waitFor(c.account, policy.freeAttempts, Math.min(policy.accountMaxDelayMs, policy.maxDelayMs), policy, now),
      c.familiar ? 0 : waitFor(c.address, policy.addressFreeAttempts, policy.maxDelayMs, policy, now),
    )
    if (wait > 0) {
      await input.onRefused?.(trx)
      return { admitted: false, waitMs: wait }
    }
    const attemptId = await insertLoginAttempt(trx, { username: input.username, client_address: input.address, attempted_at: new Date(now).toISOString(), success: 0 })
    return { admitted: true, attemptId }
  })
}
