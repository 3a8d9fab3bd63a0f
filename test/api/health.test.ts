import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AppServices } from '../../src/app-services.js'
import { openPostgres, openSqlite } from '../../src/db/create-database.js'
import { createTonghopYoga } from '../../src/http/create-yoga.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Health = { status: string; database: { dialect: string; state: string; latencyMs: number }; workers: unknown }

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

// Issue #15, point 10: GET /health answered an empty 200 whatever the database's state.
forEachDialect('GET /health', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('reports the database as JSON, 200 while it answers', async () => {
    const res = await app.yoga.fetch('http://localhost/health')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as Health
    expect(body).toMatchObject({ status: 'ok', database: { dialect, state: 'ok' }, workers: null })
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('answers 503 when the database is unreachable, without saying where it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonghop-health-'))
    const where = dialect === 'sqlite' ? join(dir, 'closed.sqlite') : `postgres://tonghop@127.0.0.1:${await freePort()}/khong_co`
    const database = dialect === 'sqlite' ? openSqlite(where) : openPostgres(where, 1)
    // SQLite: a handle already closed; PostgreSQL: a server that is not there
    if (dialect === 'sqlite') await database.db.destroy()
    const services: AppServices = { ...app.services, database }
    const res = await createTonghopYoga(services).fetch('http://localhost/health')
    const text = await res.text()
    expect(res.status).toBe(503)
    expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', database: { dialect, state: 'unreachable' } })
    expect(text).not.toContain(where)
    if (dialect === 'postgres') await database.close()
    rmSync(dir, { recursive: true, force: true })
  })
})
