import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { createPostgresDatabase } from '../test/support/postgres-database.js'

let counter = 0

/** A fresh migrated database for one measurement: a SQLite file, or a new database on the bench's PostgreSQL server. */
export async function freshDatabase(dialect: DialectName, postgresUrl: string | null): Promise<DatabaseHandle & { dispose: () => Promise<void>; url: string | null; file: string | null }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-bench-'))
    const file = join(dir, 'bench.sqlite')
    const handle = openSqlite(file)
    await migrateToLatest(handle.db)
    return { ...handle, url: null, file, dispose: async () => { await handle.close(); rmSync(dir, { recursive: true, force: true }) } }
  }
  if (!postgresUrl) throw new Error('no PostgreSQL server for the bench')
  const name = `bench_${process.pid}_${counter++}`
  const created = await createPostgresDatabase(postgresUrl, name)
  const handle = openPostgres(created.url, 10)
  await migrateToLatest(handle.db)
  return {
    ...handle,
    url: created.url,
    file: null,
    dispose: async () => {
      await handle.close()
      await created.drop()
    },
  }
}
