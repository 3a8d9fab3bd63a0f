import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import type { DatabaseHandle } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { listRollupPairs } from '../../src/db/repositories/rollup-state.repository.js'
import { createBackup, restoreBackup } from '../../src/domain/operations/backup-service.js'
import { importReturnFiles } from '../../src/domain/returns/import-batch.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import { rebuildRollupState } from '../../src/domain/rollup/rollup-maintenance.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { testDialects } from '../support/test-dialects.js'
import { scratchDatabase, writeBatch } from './ops-fixtures.js'

// PostgreSQL plans from the table sizes it last measured. A table written in bulk that nobody measured keeps
// reltuples = -1 ("never analysed") until autovacuum comes round, and on the national tree the commits after a
// rebuild then took 124 ms instead of 21 (npm run bench). SQLite keeps no such statistics: nothing to check there.
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

async function measured(h: DatabaseHandle, table: string): Promise<{ planned: number; actual: number }> {
  const client = new pg.Client({ connectionString: h.postgresUrl! })
  await client.connect()
  try {
    const { rows } = await client.query<{ reltuples: number }>(`select reltuples::float8 as reltuples from pg_class where relname = $1 and relkind = 'r'`, [table])
    const count = await client.query<{ n: string }>(`select count(*) as n from ${table}`)
    return { planned: Number(rows[0]!.reltuples), actual: Number(count.rows[0]!.n) }
  } finally {
    await client.end()
  }
}

async function seededWithReturns(n: number) {
  const s = await scratchDatabase('postgres')
  const h = s.open()
  cleanup.push(s.dispose, () => h.close())
  await migrateToLatest(h.db)
  await seedDatabase(h.db, loadSeedBundle())
  const files = await writeBatch(s.dir, n)
  await importReturnFiles(h, n, async (i) => ({ bytes: readFileSync(files[i]!.path), fileName: `f${i}.xlsx`, dryRun: false, actor: { accountId: null, username: 'test' } }), () => {})
  for (const { id } of await h.db.selectFrom('returns').select('id').execute()) await transitionReturn(h, id, 'submit', { accountId: null, username: 'test' })
  return { s, h }
}

if (testDialects().includes('postgres')) {
  describe('[postgres] planner statistics after bulk writes', () => {
    it('a rollup rebuild leaves PostgreSQL knowing how many state rows there are', { timeout: 120_000 }, async () => {
      const { h } = await seededWithReturns(6)
      const [pair] = await listRollupPairs(h.db)
      expect(pair).toBeDefined()
      await rebuildRollupState(h.db, pair!.form_code, pair!.period_id)
      const state = await measured(h, 'rollup_state')
      expect(state.actual).toBeGreaterThan(0)
      expect(state.planned).toBe(state.actual)
    })

    it('a restore leaves every table measured, so the first requests are planned for the data restored', { timeout: 120_000 }, async () => {
      const { s, h } = await seededWithReturns(6)
      const out = join(s.dir, 'backup.tonghop')
      await createBackup(h, out)
      const target = await scratchDatabase('postgres')
      const th = target.open()
      cleanup.push(target.dispose, () => th.close())
      await restoreBackup(th, out)
      for (const table of ['units', 'unit_closure', 'returns', 'current_values', 'rollup_state']) {
        const m = await measured(th, table)
        expect(m.actual, table).toBeGreaterThan(0)
        expect(m.planned, table).toBe(m.actual)
      }
    })
  })
}
