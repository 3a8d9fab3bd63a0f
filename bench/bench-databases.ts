import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openPostgres, openSqlite, type DatabaseHandle, type DialectName } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'

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
  const admin = new pg.Client(postgresUrl)
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = postgresUrl.replace(/\/postgres$/, `/${name}`)
  const handle = openPostgres(url, 10)
  await migrateToLatest(handle.db)
  return {
    ...handle,
    url,
    file: null,
    dispose: async () => {
      await handle.close()
      const c = new pg.Client(postgresUrl)
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
