import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type DatabaseHandle } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createPostgresDatabase } from '../support/postgres-database.js'
import { startEmbeddedPostgres } from '../support/postgres-server.js'
import { testDialects } from '../support/test-dialects.js'

// PostgreSQL ends idle connections when it restarts, fails over, or an administrator terminates them. pg's pool reports
// that as an 'error' event; with no listener the event ended the whole server process (seen as an unhandled error
// when a test database was dropped under a web test). The server must log it and go on with a new connection.
if (testDialects().includes('postgres')) {
  describe('[postgres] an idle connection ended by the server', () => {
    let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>
    let handle: DatabaseHandle
    beforeAll(async () => {
      server = await startEmbeddedPostgres()
      database = await createPostgresDatabase(server.url, 'idle_lost')
      handle = openPostgres(database.url, 2)
      await migrateToLatest(handle.db)
    }, 120_000)
    afterAll(async () => {
      await handle?.close()
      await database?.drop()
      await server?.stop()
    })

    it('logs it, keeps the process, and answers the next request on a new connection', async () => {
      const before = await handle.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      const admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
      const uncaught: unknown[] = []
      const onUncaught = (e: unknown) => uncaught.push(e)
      process.on('uncaughtException', onUncaught)
      try {
        const ended = await admin.query(`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`)
        expect(ended.rows.length).toBeGreaterThan(0)
        await new Promise((r) => setTimeout(r, 300))
        const after = await handle.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
        expect(Number(after.n)).toBe(Number(before.n))
      } finally {
        process.off('uncaughtException', onUncaught)
        await admin.end()
      }
      expect(uncaught).toEqual([])
    })
  })
}
