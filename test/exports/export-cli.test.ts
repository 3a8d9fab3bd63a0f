import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { main } from '../../src/cli/main.js'
import { openSqlite } from '../../src/db/create-database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { loadWorkbook, metaOf } from './export-fixtures.js'

describe('CLI: tonghop template / tonghop export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-cli-'))
  const previous = process.env.TONGHOP_DB_FILE

  beforeAll(async () => {
    const file = join(dir, 'db.sqlite')
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

  it('writes a table-layout template', async () => {
    const out = join(dir, 'bieu.xlsx')
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    // BC-QT binds wards: the city's table lists its ward, not its own departments.
    const code = await main(['template', '--form', 'BC-QT', '--unit', '01', '--period', '2026Q1', '--layout', 'table', '--out', out])
    log.mockRestore()
    expect(code).toBe(0)
    const wb = await loadWorkbook(readFileSync(out))
    expect(metaOf(wb)).toMatchObject({ form: 'BC-QT', period: '2026Q1', layout: 'table', scope: 'own', unit: '01', units: '01.PL' })
  })

  it('bad usage exits 2; an unknown form exits 1 with a message', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    expect(await main(['template', '--form', 'BC-QT', '--unit', '01.PL', '--period', '2026Q1', '--layout', 'wide', '--out', join(dir, 'x.xlsx')])).toBe(2)
    expect(await main(['template', '--form', 'NOPE', '--unit', '01.PL', '--period', '2026Q1', '--out', join(dir, 'x.xlsx')])).toBe(1)
    expect(err.mock.calls.flat().join('\n')).toContain('Không tìm thấy biểu mẫu "NOPE"')
    err.mockRestore()
  })

  it('exports a ward through the rollup engine: not-reported figures are blank, never zero', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    const out = join(dir, 'export.xlsx')
    expect(await main(['export', '--unit', '01.PL', '--form', 'BC-YT72', '--period', '2026S1', '--out', out])).toBe(0)
    log.mockRestore()
    const wb = await loadWorkbook(readFileSync(out))
    expect(metaOf(wb)).toMatchObject({ form: 'BC-YT72', period: '2026S1', scope: 'consolidated' })
    const sheet = wb.getWorksheet('Tổng hợp')
    let yt01: unknown = 'missing row'
    sheet?.eachRow((row) => {
      if (row.getCell(2).value === 'YT01') yt01 = row.getCell(5).value
    })
    expect(yt01 ?? null).toBeNull()
    expect(existsSync(out)).toBe(true)
  })

})
