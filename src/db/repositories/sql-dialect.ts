import { PostgresAdapter, type Kysely } from 'kysely'
import type { Database } from '../database-types.js'

/** Whether statements go to PostgreSQL (else SQLite): the few statements that differ ask this. */
export function isPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}
