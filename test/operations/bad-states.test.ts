import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Migration } from 'kysely'
import { describe, expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { explainDatabaseError } from '../../src/db/database-errors.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { migrationProvider } from '../../src/db/migrations/migration-list.js'
import { integrityProblems } from '../../src/db/repositories/backup.repository.js'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { countUploads } from '../../src/db/repositories/upload.repository.js'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { BIN, scratchDatabase, tonghop, writeBatch } from './ops-fixtures.js'

forEachDialect('a migration interrupted half way', (dialect) => {
  it('leaves nothing of the batch it was in, says so, and the next run applies it', { timeout: 60_000 }, async () => {
    const s = await scratchDatabase(dialect)
    const h = s.open()
    try {
      await migrateToLatest(h.db)
      const real = await migrationProvider.getMigrations()
      const interrupted: Migration = {
        up: async (db) => {
          await db.schema.createTable('half_done').addColumn('x', 'integer').execute()
          throw new Error('process killed here')
        },
      }
      const provider = { getMigrations: async () => ({ ...real, '0098-whole': { up: async (db) => void (await db.schema.createTable('whole_one').addColumn('x', 'integer').execute()) } as Migration, '0099-interrupted': interrupted }) }
      const err = await migrateToLatest(h.db, provider).then(() => null, (e: Error) => e)
      expect(err?.message).toMatch(/0099-interrupted thất bại, không migration nào của lần chạy này được áp dụng.*tonghop migrate/)
      const tables = (await h.db.introspection.getTables()).map((t) => t.name)
      expect(tables).not.toContain('half_done')
      expect(tables).not.toContain('whole_one')
      expect(tables).toContain('returns')
      const applied = await h.db.selectFrom('kysely_migration' as never).select('name' as never).execute()
      expect(applied).toHaveLength(Object.keys(real).length)
      // fixed and run again: applies cleanly (no "table already exists")
      const fixed = { getMigrations: async () => ({ ...real, '0099-interrupted': { up: async (db) => void (await db.schema.createTable('half_done').addColumn('x', 'integer').execute()) } as Migration }) }
      expect((await migrateToLatest(h.db, fixed)).map((r) => r.migrationName)).toEqual(['0099-interrupted'])
    } finally {
      await h.close()
      await s.dispose()
    }
  })
})

describe('a SQLite database in a bad state', () => {
  it('a file that is not a database: every command says so and the file is left as it was', { timeout: 120_000 }, async () => {
    const s = await scratchDatabase('sqlite')
    const file = s.env.TONGHOP_DB_FILE as string
    const bytes = Buffer.from('Báo cáo quý I — this is a spreadsheet exported as text, not a database at all.\n'.repeat(20))
    writeFileSync(file, bytes)
    const [book] = await writeBatch(s.dir, 1)
    for (const args of [['import', book!.path], ['migrate']]) {
      const r = await tonghop(args, s.env)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/DB_NOT_A_DATABASE: Tệp ".*db\.sqlite" không phải tệp cơ sở dữ liệu SQLite[\s\S]*is not an SQLite database/)
    }
    expect(readFileSync(file).equals(bytes)).toBe(true)
    expect(existsSync(`${file}-wal`)).toBe(false)
    await s.dispose()
  })

  it('a disk full during a commit: a clear error, nothing half-written, and the same file lands once there is room', { timeout: 60_000 }, async () => {
    const s = await scratchDatabase('sqlite')
    const h = s.open()
    try {
      await migrateToLatest(h.db)
      await seedDatabase(h.db, loadSeedBundle())
      const [f] = await writeBatch(s.dir, 1)
      const input = { bytes: readFileSync(f!.path), fileName: 'q1.xlsx', dryRun: false, actor: { accountId: null, username: 'test' } }
      const before = { rows: await countReturnRows(h.db), uploads: await countUploads(h.db) }
      const sqlite = h.sqlite!
      sqlite.exec('vacuum')
      // the database may not grow by a single page: the upload's bytes alone need several
      sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true }) as number}`)
      const err = await importReturnFile(h, input).then(() => null, (e: unknown) => e)
      const explained = explainDatabaseError(err)
      expect(explained?.code).toBe('DB_DISK_FULL')
      expect(explained?.message).toMatch(/đã đầy: thao tác vừa rồi không được lưu[\s\S]*disk holding the database is full/)
      expect({ rows: await countReturnRows(h.db), uploads: await countUploads(h.db) }).toEqual(before)
      expect(await integrityProblems(h)).toEqual([])
      sqlite.pragma('max_page_count = 1073741823')
      expect((await importReturnFile(h, input)).outcome).toBe('committed')
    } finally {
      await h.close()
      await s.dispose()
    }
  })

  it('tonghop import into a database never seeded: says so, not "unknown form", and stores nothing', { timeout: 120_000 }, async () => {
    const s = await scratchDatabase('sqlite')
    expect((await tonghop(['migrate'], s.env)).code).toBe(0)
    const files = await writeBatch(s.dir, 2)
    const r = await tonghop(['import', ...files.map((f) => f.path)], s.env)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/IMPORT_DATABASE_NOT_SEEDED: Cơ sở dữ liệu chưa có đơn vị và biểu mẫu nào[\s\S]*tonghop seed[\s\S]*never seeded/)
    expect(r.stdout).not.toMatch(/IMPORT_NO_TABLE|IMPORT_UNKNOWN_FORM/)
    const h = s.open()
    expect(await countUploads(h.db)).toBe(0)
    await h.close()
    await s.dispose()
  })

  it('a second server on the same file is refused at once, the first goes on; a killed server leaves no stale lock', { timeout: 240_000 }, async () => {
    const s = await scratchDatabase('sqlite')
    const port = () => new Promise<number>((resolve) => { const srv = createServer().listen(0, '127.0.0.1', () => { const p = (srv.address() as AddressInfo).port; srv.close(() => resolve(p)) }) })
    const start = async () => {
      const p = await port()
      const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, DATABASE_URL: '', ...s.env, PORT: String(p), HOST: '127.0.0.1', TONGHOP_WORKERS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
      let out = ''
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
      const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
      const ready = await Promise.race([exited.then(() => false), (async () => { while (!out.includes('/graphql')) await new Promise((r) => setTimeout(r, 100)); return true })()])
      return { child, port: p, ready, exited, output: () => out }
    }
    const first = await start()
    try {
      expect(first.ready).toBe(true)
      const second = await start()
      expect(second.ready).toBe(false)
      expect(await second.exited).toBe(1)
      expect(second.output()).toMatch(new RegExp(`SERVER_ALREADY_RUNNING: Một máy chủ tonghop khác đang phục vụ tệp .*db\\.sqlite \\(tiến trình ${first.child.pid}, cổng ${first.port}`))
      const res = await fetch(`http://127.0.0.1:${first.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })
      expect(res.status).toBe(200)
      first.child.kill('SIGKILL')
      await first.exited
      const third = await start()
      expect(third.ready).toBe(true)
      third.child.kill('SIGTERM')
      expect(await third.exited).toBe(0)
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL')
      await s.dispose()
    }
  })
})
