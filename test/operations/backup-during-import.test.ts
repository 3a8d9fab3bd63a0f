import { join } from 'node:path'
import { expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createBackup } from '../../src/domain/operations/backup-service.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { committedReturns, scratchDatabase, spawnTonghop, tonghop, writeBatch } from './ops-fixtures.js'

const FILES = 90

forEachDialect('backup while an import batch runs', (dialect) => {
  it('restores, through the CLI, every return committed before the backup started, whole; verify passes', { timeout: 180_000 }, async () => {
    const src = await scratchDatabase(dialect)
    const dst = await scratchDatabase(dialect)
    const h = src.open()
    try {
      await migrateToLatest(h.db)
      await seedDatabase(h.db, loadSeedBundle())
      const files = await writeBatch(src.dir, FILES)
      const byKey = new Map(files.map((f) => [`${f.unit} ${f.period}`, f.values]))
      const child = spawnTonghop(['import', ...files.map((f) => f.path), '--json'], src.env)
      const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
      let before = await committedReturns(h.db)
      while (before.size < 5) {
        await new Promise((r) => setTimeout(r, 30))
        before = await committedReturns(h.db)
      }
      const out = join(src.dir, 'during.tonghop')
      await createBackup(h, out)
      expect(await exited).toBe(0)
      expect((await committedReturns(h.db)).size).toBe(FILES)

      const restore = await tonghop(['restore', out], dst.env)
      expect(restore.stderr).toBe('')
      expect(restore.code).toBe(0)
      const verify = await tonghop(['verify'], dst.env)
      expect(verify.stdout).toMatch(/verify passed/)
      expect(verify.code).toBe(0)
      const d = dst.open()
      try {
        const restored = await committedReturns(d.db)
        // the backup was taken while the batch ran: some of it, not all
        expect(restored.size).toBeGreaterThanOrEqual(before.size)
        expect(restored.size).toBeLessThan(FILES)
        for (const [k, v] of before) expect(restored.get(k)).toEqual(v)
        // every return in the copy is whole: exactly its file's values
        for (const [k, v] of restored) expect(v).toEqual({ revision: 1, values: byKey.get(k) })
      } finally {
        await d.close()
      }
    } finally {
      await h.close()
      await src.dispose()
      await dst.dispose()
    }
  })
})
