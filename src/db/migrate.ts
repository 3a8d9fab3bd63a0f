import { Migrator, type Kysely, type MigrationResult } from 'kysely'
import type { Database } from './database-types.js'
import { migrationProvider } from './migrations/migration-list.js'

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? '?'} thất bại: ${error instanceof Error ? error.message : String(error)}`)
  }
  return results ?? []
}
