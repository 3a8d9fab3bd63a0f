// The write and read sides of the live-update channel. On PostgreSQL a change is a NOTIFY issued inside the
// committing transaction (PostgreSQL delivers it on commit, and never for a rolled-back one); on SQLite it is a row of
// live_changes written in that transaction, which every server process polls by id.
import { sql, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'
import { isPostgres } from './sql-dialect.js'

type Db = Kysely<Database>

/** The PostgreSQL channel every server process LISTENs on. */
export const LIVE_CHANNEL = 'tonghop_live'

/** How long an announcement stays in live_changes: far longer than any process takes between two polls. */
const KEEP_MS = 10 * 60_000

/** Announces `payload` (JSON, under 8,000 bytes) when the caller's transaction commits, and only then. */
export async function recordLiveChange(trx: Db, payload: string, now = new Date()): Promise<void> {
  if (isPostgres(trx)) {
    await sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`.execute(trx)
    return
  }
  await trx.insertInto('live_changes').values({ payload, created_at: now.toISOString() }).execute()
  // the writers trim as they go (an index range, usually empty), so the table stays small even when nobody listens
  await trx.deleteFrom('live_changes').where('created_at', '<', new Date(now.getTime() - KEEP_MS).toISOString()).execute()
}

/** The newest announcement's id (0 when there is none): where a process that starts listening begins. */
export async function lastLiveChangeId(db: Db): Promise<number> {
  const row = await db.selectFrom('live_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
  return Number(row?.id ?? 0)
}

/** The announcements after `afterId`, oldest first: a primary-key range, cheap to ask several times a second. */
export async function liveChangesAfter(db: Db, afterId: number, limit = 500): Promise<{ id: number; payload: string }[]> {
  return db.selectFrom('live_changes').select(['id', 'payload']).where('id', '>', afterId).orderBy('id').limit(limit).execute()
}
