import { sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import { isPostgres } from './sql-dialect.js'

type Db = Kysely<Database>

/**
 * Serializes login check-and-record steps across every process sharing the database. SQLite already does (login
 * transactions begin IMMEDIATE); PostgreSQL takes one transaction-scoped advisory lock. One lock for all logins, not one
 * per key: the step is a few index reads and an insert, and a single lock cannot deadlock.
 */
export async function lockLoginAttempts(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(hashtext('tonghop:login'))`.execute(db)
}

export async function insertLoginAttempt(db: Db, row: { username: string; client_address: string; attempted_at: string; success: number }): Promise<number> {
  return (await db.insertInto('login_attempts').values(row).returning('id').executeTakeFirstOrThrow()).id
}

export async function markLoginAttemptSucceeded(db: Db, id: number): Promise<void> {
  await db.updateTable('login_attempts').set({ success: 1 }).where('id', '=', id).execute()
}

export interface FailureCount {
  count: number
  last: string | null
}

async function failures(db: Db, where: { username?: string; address?: string }, since: string): Promise<FailureCount> {
  let q = db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('attempted_at').as('last')])
    .where('success', '=', 0)
    .where('attempted_at', '>', since)
  if (where.username !== undefined) q = q.where('username', '=', where.username)
  if (where.address !== undefined) q = q.where('client_address', '=', where.address)
  const row = await q.executeTakeFirst()
  return { count: Number(row?.n ?? 0), last: (row?.last as string | null) ?? null }
}

/** The latest successful login of an account, from any address. */
async function lastSuccess(db: Db, username: string, address?: string): Promise<string | null> {
  let q = db.selectFrom('login_attempts').select((eb) => eb.fn.max('attempted_at').as('at')).where('username', '=', username).where('success', '=', 1)
  if (address !== undefined) q = q.where('client_address', '=', address)
  return ((await q.executeTakeFirst())?.at as string | null) ?? null
}

export interface LoginCounters {
  /** Failures for this account from this address since the account's last success. */
  pair: FailureCount
  /** Failures for this account from any address since its last success. */
  account: FailureCount
  /** Failures from this address for any username: no success resets them. */
  address: FailureCount
  /** This account logged in successfully from this address since `familiarSince`. */
  familiar: boolean
}

export async function loginCounters(db: Db, q: { username: string; address: string; since: string; familiarSince: string }): Promise<LoginCounters> {
  const success = await lastSuccess(db, q.username)
  const from = success && success > q.since ? success : q.since
  const fromHere = await lastSuccess(db, q.username, q.address)
  return {
    pair: await failures(db, { username: q.username, address: q.address }, from),
    account: await failures(db, { username: q.username }, from),
    address: await failures(db, { address: q.address }, q.since),
    familiar: fromHere !== null && fromHere > q.familiarSince,
  }
}
