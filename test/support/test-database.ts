import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'

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
  const admin = new pg.Client(adminUrl)
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = adminUrl.replace(/\/postgres$/, `/${name}`)
  const handle = openPostgres(url, 5, log)
  await migrateToLatest(handle.db)
  return {
    ...handle,
    queries,
    dispose: async () => {
      await handle.close()
      const c = new pg.Client(adminUrl)
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
