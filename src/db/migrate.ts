import { Migrator, type Kysely, type MigrationResult } from 'kysely'
import type { Database } from './database-types.js'
import { migrationProvider } from './migrations/migration-list.js'

function check(error: unknown, results: MigrationResult[] | undefined): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `Migration ${failed?.migrationName ?? '?'} thất bại, không migration nào của lần chạy này được áp dụng (cơ sở dữ liệu giữ nguyên như trước); hãy sửa lỗi rồi chạy lại "tonghop migrate": ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return results ?? []
}

/** Migrates to the named migration: a restore recreates the schema its backup was taken with; upgrade tests start from an older one. */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<MigrationResult[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateTo(name)
  return check(error, results)
}

export async function migrateToLatest(db: Kysely<Database>, provider = migrationProvider): Promise<MigrationResult[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  return check(error, results)
}

export async function knownMigrations(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort()
}
