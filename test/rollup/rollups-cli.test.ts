import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { main } from '../../src/cli/main.js'
import { openSqlite } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'

describe('CLI: tonghop rollups rebuild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-rollups-cli-'))
  const file = join(dir, 'db.sqlite')
  const previous = process.env.TONGHOP_DB_FILE

  beforeAll(async () => {
    const db = openSqlite(file)
    await migrateToLatest(db.db)
    await seedDatabase(db.db, loadSeedBundle())
    await db.close()
    process.env.TONGHOP_DB_FILE = file
  })
  afterAll(() => {
    if (previous === undefined) delete process.env.TONGHOP_DB_FILE
    else process.env.TONGHOP_DB_FILE = previous
    rmSync(dir, { recursive: true, force: true })
  })

  it('repairs the stored figures of returns written around the commit path (bulk SQL)', async () => {
    const period = parsePeriodId('2028Q1')
    const db = openSqlite(file)
    try {
      const ward = (await findUnitByCode(db.db, '01.PL'))!
      // written straight into the tables, as a bulk load would: no commit hook, so no stored figure knows of it
      await db.db.transaction().execute((trx) => insertReturnWithValues(trx, { unitId: ward.id, formCode: 'BC-QT', periodId: period.id, periodStart: period.start, periodEnd: period.end, scope: 'own', values: [{ code: 'QT01', num: 42 }] }))
      const cityQt01 = async () => (await computeRollup(db.db, 'BC-QT', ward.parent_id!, period, { targets: false })).root.indicators.find((i) => i.code === 'QT01')!.value
      expect(await cityQt01()).toBeNull()
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
      const code = await main(['rollups', 'rebuild', '--form', 'BC-QT'])
      const printed = log.mock.calls.flat().join('\n')
      log.mockRestore()
      expect(code).toBe(0)
      expect(printed).toContain('BC-QT 2028Q1')
      expect(await cityQt01()).toBe(42)
    } finally {
      await db.close()
    }
  })

  it('bad usage exits 2; a bad period exits 1 with a message', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await main(['rollups'])).toBe(2)
    expect(await main(['rollups', 'refresh'])).toBe(2)
    expect(await main(['rollups', 'rebuild', '--period', 'Q5'])).toBe(1)
    const printed = err.mock.calls.flat().join('\n')
    err.mockRestore()
    expect(printed).toContain('Lệnh con không có: "refresh"')
    expect(printed).toContain('Q5')
  })
})
