import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { openPostgres, type DatabaseHandle } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { PreparingClient, REUSABLE_SQL_MARK } from '../../src/db/prepared-statements.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { createPostgresDatabase } from '../support/postgres-database.js'
import { testDialects } from '../support/test-dialects.js'

// The hot reads are named statements on PostgreSQL, parsed once per connection. A table that gains a column under
// a connection that parsed `select *` from it makes the server refuse that statement ("cached plan must not change
// result type"): the read must still answer, with the new column.
if (testDialects().includes('postgres')) {
  describe('[postgres] named statements', () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>
    let handle: DatabaseHandle
    let admin: pg.Client
    const logged: string[] = []
    beforeAll(async () => {
      database = await createPostgresDatabase(inject('postgresUrl'), `prepared_${process.pid}_${Date.now()}`)
      // one connection: the statement parsed before the change is the one used after it
      handle = openPostgres(database.url, 1, (e) => {
        if (e.level === 'query') logged.push(e.query.sql)
      })
      await migrateToLatest(handle.db)
      admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
    }, 120_000)
    afterAll(async () => {
      await admin?.end()
      await handle?.close()
      await database?.drop()
    })

    // typed as the pool sees it: PreparingClient's override keeps pg.Client's overloads
    const connect = async (): Promise<pg.Client> => {
      const client: pg.Client = new PreparingClient({ connectionString: database.url })
      await client.connect()
      return client
    }
    const namedOn = async (client: pg.Client) =>
      (await client.query('select name, statement from pg_prepared_statements order by name')).rows as { name: string; statement: string }[]

    it('carry the reusable reads, which answer after their table changed shape', async () => {
      await admin.query(`insert into units (code, name, name_folded, sort_key, kind, sector, depth) values ('P1', 'Một', 'mot', 'mot', 'province', 'party', 0)`)
      logged.length = 0
      expect((await findUnitByCode(handle.db, 'P1'))?.name).toBe('Một')
      expect(logged).toHaveLength(1)
      expect(logged[0]?.startsWith(REUSABLE_SQL_MARK)).toBe(true)
      const [backend] = (await admin.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows
      expect(backend).toBeDefined()

      // inside a transaction the server's refusal aborts it, so the read fails with that cause (an unnamed
      // statement would have answered: this shows the pool's connection holds it by name); the next read re-prepares
      await admin.query('alter table units add column prepared_probe text')
      const inTransaction = handle.db.transaction().execute((trx) => findUnitByCode(trx, 'P1'))
      await expect(inTransaction).rejects.toMatchObject({ code: '0A000' })
      expect(((await findUnitByCode(handle.db, 'P1')) as Record<string, unknown> | undefined)?.prepared_probe).toBeNull()

      // outside a transaction the refusal is retried under a new name and the read answers, with the new column
      await admin.query('alter table units add column prepared_probe_2 text')
      await admin.query(`update units set prepared_probe = 'x', prepared_probe_2 = 'y' where code = 'P1'`)
      const after = (await findUnitByCode(handle.db, 'P1')) as Record<string, unknown> | undefined
      expect([after?.prepared_probe, after?.prepared_probe_2]).toEqual(['x', 'y'])
      // the same connection answered every read
      const [still] = (await admin.query(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`)).rows
      expect(still?.pid).toBe(backend.pid)
    })

    it('name the marked texts, each connection its own, and send every other text unnamed', async () => {
      const [one, two] = [await connect(), await connect()]
      try {
        const marked = `${REUSABLE_SQL_MARK}select $1::int + 1 as n`
        expect((await one.query(marked, [1])).rows).toEqual([{ n: 2 }])
        expect((await one.query(marked, [2])).rows).toEqual([{ n: 3 }])
        expect((await one.query('select $1::int + 1 as n', [3])).rows).toEqual([{ n: 4 }])
        // parsed once: one statement, under the connection's first name
        expect(await namedOn(one)).toEqual([{ name: 's1', statement: marked }])
        expect(await namedOn(two)).toEqual([])
        const other = `${REUSABLE_SQL_MARK}select $1::text as t`
        expect((await two.query(other, ['x'])).rows).toEqual([{ t: 'x' }])
        expect(await namedOn(two)).toEqual([{ name: 's1', statement: other }])
      } finally {
        await one.end()
        await two.end()
      }
    })

    it('re-prepare a statement whose table changed shape, calls already queued under the old name included', async () => {
      const client = await connect()
      try {
        await client.query('create table probe (id int primary key)')
        await client.query('insert into probe values (1)')
        const read = `${REUSABLE_SQL_MARK}select * from probe where id = $1`
        expect((await client.query(read, [1])).rows).toEqual([{ id: 1 }])
        await admin.query(`alter table probe add column label text default 'a'`)
        // both are sent under s1 before the first refusal comes back
        const answers = await Promise.all([client.query(read, [1]), client.query(read, [1])])
        expect(answers.map((a) => a.rows)).toEqual([[{ id: 1, label: 'a' }], [{ id: 1, label: 'a' }]])
        expect((await namedOn(client)).map((s) => s.name)).toEqual(['s1', 's2'])
      } finally {
        await client.end()
      }
    })
  })
}
