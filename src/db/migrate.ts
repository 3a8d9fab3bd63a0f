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

/** Migrates up or down to the named migration (upgrade tests start from an older schema). */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<MigrationResult[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name)
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return results ?? []
}
