import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createPostgresDatabase } from './postgres-database.js'

let counter = 0

/** A fresh, migrated database: a real SQLite file in a temp dir, or a new database in the run's PostgreSQL server. */
export async function createTestDatabase(dialect: DialectName): Promise<DatabaseHandle & { dispose: () => Promise<void>; queries: { count: number } }> {
  const queries = { count: 0 }
  const log = (e: { level: string }) => {
    if (e.level === 'query') queries.count++
  }
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-test-'))
    const handle = openSqlite(join(dir, 'test.sqlite'), log)
    await migrateToLatest(handle.db)
    return { ...handle, queries, dispose: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }) } }
  }
  const adminUrl = inject('postgresUrl')
  const name = `t_${process.pid}_${Date.now()}_${counter++}`
  const created = await createPostgresDatabase(adminUrl, name)
  const handle = openPostgres(created.url, 5, log)
  await migrateToLatest(handle.db)
  return {
    ...handle,
    queries,
    dispose: async () => {
      await handle.close()
      await created.drop()
    },
  }
}
