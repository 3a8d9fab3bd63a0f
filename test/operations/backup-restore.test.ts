import { readFileSync, writeFileSync } from 'node:fs'
import { knownMigrations } from '../../src/db/migrate.js'
import { listRollupPairs } from '../../src/db/repositories/rollup-state.repository.js'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import type { DatabaseHandle } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createBackup, restoreBackup } from '../../src/domain/operations/backup-service.js'
import { verifyDatabase } from '../../src/domain/operations/verify-service.js'
import { importReturnFiles } from '../../src/domain/returns/import-batch.js'
import { transitionReturn } from '../../src/domain/returns/return-workflow.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { testDialects } from '../support/test-dialects.js'
import { committedReturns, scratchDatabase, writeBatch, type ScratchDatabase } from './ops-fixtures.js'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

async function scratch(dialect: 'sqlite' | 'postgres'): Promise<{ s: ScratchDatabase; h: DatabaseHandle }> {
  const s = await scratchDatabase(dialect)
  const h = s.open()
  cleanup.push(s.dispose, () => h.close())
  return { s, h }
}

/** A seeded database with `n` committed returns, the first `submitted` of them submitted (so rollups are maintained). */
async function source(dialect: 'sqlite' | 'postgres', n: number, submitted: number) {
  const { s, h } = await scratch(dialect)
  await migrateToLatest(h.db)
  await seedDatabase(h.db, loadSeedBundle())
  const files = await writeBatch(s.dir, n)
  await importReturnFiles(h, n, async (i) => ({ bytes: readFileSync(files[i]!.path), fileName: `f${i}.xlsx`, dryRun: false, actor: { accountId: null, username: 'test' } }), (_i, r) => {
    expect(r.outcome).toBe('committed')
  })
  const ids = await h.db.selectFrom('returns').select('id').orderBy('id').limit(submitted).execute()
  for (const { id } of ids) await transitionReturn(h, id, 'submit', { accountId: null, username: 'test' })
  return { s, h, files }
}

forEachDialect('backup and restore', (dialect) => {
  it('restores into an empty database every return, whole, with the rollups rebuilt; verify passes on both', { timeout: 120_000 }, async () => {
    const { s, h } = await source(dialect, 9, 6)
    const before = await committedReturns(h.db)
    expect(before.size).toBe(9)
    const built = await listRollupPairs(h.db)
    expect(built.length).toBeGreaterThan(0)
    const out = join(s.dir, 'backup.tonghop')
    const summary = await createBackup(h, out)
    expect(summary.header).toMatchObject({ format: 1, dialect, schemaVersion: (await knownMigrations()).at(-1) })
    expect(summary.header.payloadSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(readFileSync(out).subarray(0, 15).toString()).toBe('TONGHOP-BACKUP ')

    const target = await scratch(dialect)
    const restored = await restoreBackup(target.h, out)
    expect(restored.rollupPairs).toBe(built.length)
    expect(await committedReturns(target.h.db)).toEqual(before)
    const states = async (db: DatabaseHandle['db']) => (await db.selectFrom('rollup_state').select(['unit_id', 'state']).orderBy('unit_id').where('form_code', '=', 'BC-QT').where('period_id', '=', '2026Q1').execute())
    expect(await states(target.h.db)).toEqual(await states(h.db))
    const [a, b] = [await verifyDatabase(h), await verifyDatabase(target.h)]
    expect(a.problems).toEqual([])
    expect(b).toMatchObject({ ok: true, returns: 9, filesReread: 9, rollupPairs: built.length })
    // ids keep counting after the restored rows: a new import lands
    const files = await writeBatch(target.s.dir, 10)
    await importReturnFiles(target.h, 1, async () => ({ bytes: readFileSync(files[9]!.path), fileName: 'new.xlsx', dryRun: false, actor: { accountId: null, username: 'test' } }), (_i, r) => {
      expect(r.outcome).toBe('committed')
    })
  })

  it('refuses a damaged, truncated or newer backup, and a target that is not empty, changing nothing', { timeout: 120_000 }, async () => {
    const { s, h } = await source(dialect, 3, 0)
    const out = join(s.dir, 'backup.tonghop')
    await createBackup(h, out)
    const bytes = readFileSync(out)
    const target = await scratch(dialect)
    const refuse = async (file: string, code: string, words: RegExp) => {
      const err = await restoreBackup(target.h, file).then(() => null, (e: Error & { code?: string }) => e)
      expect(err?.code).toBe(code)
      expect(err?.message).toMatch(words)
    }
    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 0xff
    writeFileSync(join(s.dir, 'flipped'), flipped)
    await refuse(join(s.dir, 'flipped'), 'BACKUP_DAMAGED', /bị hỏng.*SHA-256[\s\S]*damaged/)
    writeFileSync(join(s.dir, 'short'), bytes.subarray(0, bytes.length - 10))
    await refuse(join(s.dir, 'short'), 'BACKUP_DAMAGED', /cắt cụt[\s\S]*truncated/)
    writeFileSync(join(s.dir, 'text'), 'hello\nworld\n')
    await refuse(join(s.dir, 'text'), 'BACKUP_DAMAGED', /không phải tệp sao lưu/)
    const text = bytes.toString('latin1')
    const newer = text.replace('"migrations":["0001-foundation",', '"migrations":["9999-future","0001-foundation",')
    writeFileSync(join(s.dir, 'newer'), Buffer.from(newer, 'latin1'))
    await refuse(join(s.dir, 'newer'), 'BACKUP_SCHEMA_NEWER', /mới hơn[\s\S]*9999-future[\s\S]*newer/)
    writeFileSync(join(s.dir, 'format'), Buffer.from(text.replace('TONGHOP-BACKUP 1\n', 'TONGHOP-BACKUP 7\n'), 'latin1'))
    await refuse(join(s.dir, 'format'), 'BACKUP_FORMAT_NEWER', /phiên bản 7/)
    // none of that touched the target: still empty, and the good file restores into it
    expect(await target.h.db.selectFrom('units').select('id').execute().catch(() => [])).toEqual([])
    // the source itself, as a target, has data
    const err = await restoreBackup(h, out).then(() => null, (e: Error & { code?: string }) => e)
    expect(err?.code).toBe('RESTORE_TARGET_NOT_EMPTY')
    expect(err?.message).toMatch(/đã có dữ liệu[\s\S]*already holds data/)
    await restoreBackup(target.h, out)
    expect((await committedReturns(target.h.db)).size).toBe(3)
  })

  it('verify finds a return that is not whole, one that differs from its file, and a rollup that differs from a rebuild', { timeout: 120_000 }, async () => {
    const { h } = await source(dialect, 4, 4)
    expect((await verifyDatabase(h)).ok).toBe(true)
    const [r1, r2] = await h.db.selectFrom('returns').select(['id', 'current_revision']).orderBy('id').limit(2).execute()
    await h.db.updateTable('current_values').set({ num_value: 999 }).where('return_id', '=', r1!.id).where('indicator_code', '=', 'QT01').execute()
    const rev2 = await h.db.selectFrom('return_revisions').select('id').where('return_id', '=', r2!.id).executeTakeFirstOrThrow()
    await h.db.updateTable('return_values').set({ num_value: 777 }).where('revision_id', '=', rev2.id).where('indicator_code', '=', 'QT02').execute()
    await h.db.updateTable('current_values').set({ num_value: 777 }).where('return_id', '=', r2!.id).where('indicator_code', '=', 'QT02').execute()
    const row = await h.db.selectFrom('rollup_state').select(['unit_id', 'state', 'form_code', 'period_id']).where('parent_id', 'is', null).executeTakeFirstOrThrow()
    await h.db.updateTable('rollup_state').set({ state: row.state.replace(/\d+/, (d) => String(Number(d) + 5)) }).where('unit_id', '=', row.unit_id).where('form_code', '=', row.form_code).where('period_id', '=', row.period_id).execute()
    const report = await verifyDatabase(h)
    expect(report.ok).toBe(false)
    const codes = report.problems.map((p) => p.code)
    expect(codes).toContain('VERIFY_RETURN_NOT_WHOLE')
    expect(codes).toContain('VERIFY_RETURN_DIFFERS_FROM_FILE')
    expect(codes).toContain('VERIFY_ROLLUP_DIFFERS')
    expect(report.problems.find((p) => p.code === 'VERIFY_RETURN_DIFFERS_FROM_FILE')?.message).toMatch(/QT02: \[\d+,null\] ≠ \[777,null\]/)
    // verify changed nothing: the tampered state is still there
    const again = await h.db.selectFrom('rollup_state').select('state').where('unit_id', '=', row.unit_id).where('form_code', '=', row.form_code).where('period_id', '=', row.period_id).executeTakeFirstOrThrow()
    expect(again.state).not.toBe(row.state)
  })
})

// only when the run has both databases (a SQLite-only run has no PostgreSQL to restore into)
if (testDialects().length === 2) describe('[postgres] backup across databases', () => {
  it('a SQLite backup restores into PostgreSQL, and verify passes there', { timeout: 120_000 }, async () => {
    const { s, h } = await source('sqlite', 6, 3)
    const out = join(s.dir, 'backup.tonghop')
    await createBackup(h, out)
    const target = await scratch('postgres')
    await restoreBackup(target.h, out)
    expect(await committedReturns(target.h.db)).toEqual(await committedReturns(h.db))
    expect(await verifyDatabase(target.h)).toMatchObject({ ok: true, returns: 6, filesReread: 6 })
  })
})
