import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type DatabaseHandle } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { createPostgresDatabase } from '../support/postgres-database.js'
import { startEmbeddedPostgres } from '../support/postgres-server.js'
import { testDialects } from '../support/test-dialects.js'

// The hot reads are named statements on PostgreSQL, parsed once per connection. A table that gains a column under
// a connection that parsed `select *` from it makes the server refuse that statement ("cached plan must not change
// result type"): the read must still answer, with the new column.
if (testDialects().includes('postgres')) {
  describe('[postgres] named statements', () => {
    let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>
    let handle: DatabaseHandle
    beforeAll(async () => {
      server = await startEmbeddedPostgres()
      database = await createPostgresDatabase(server.url, 'prepared_statements')
      // one connection: the statement parsed before the change is the one used after it
      handle = openPostgres(database.url, 1)
      await migrateToLatest(handle.db)
    }, 120_000)
    afterAll(async () => {
      await handle?.close()
      await database?.drop()
      await server?.stop()
    })

    it('are parsed once per connection, and answer after their table changed shape', async () => {
      const admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
      try {
        await admin.query(`insert into units (code, name, name_folded, sort_key, kind, sector, depth) values ('P1', 'Một', 'mot', 'mot', 'province', 'party', 0)`)
        expect((await findUnitByCode(handle.db, 'P1'))?.name).toBe('Một')
        const [backend] = (await admin.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows
        expect(backend).toBeDefined()
        await admin.query('alter table units add column prepared_probe text')
        await admin.query(`update units set prepared_probe = 'x' where code = 'P1'`)
        const after = (await findUnitByCode(handle.db, 'P1')) as Record<string, unknown> | undefined
        expect(after?.prepared_probe).toBe('x')
        // the same connection answered both reads
        const [still] = (await admin.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows
        expect(still?.pid).toBe(backend.pid)
      } finally {
        await admin.end()
      }
    })
  })
}
