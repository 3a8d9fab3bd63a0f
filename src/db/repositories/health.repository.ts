import type { Kysely } from 'kysely'
import type { Database } from '../database-types.js'

/**
 * One read of a real table: `select 1` alone would succeed on SQLite without touching the file, and would not notice
 * a database that was never migrated.
 */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await db.selectFrom('units').select('id').limit(1).execute()
}
