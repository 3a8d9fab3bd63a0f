import { afterEach, expect, it } from 'vitest'
import { loadLineageExample } from '../../seeds/lineage-example-loader.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { scratchDatabase, tonghop } from './ops-fixtures.js'

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})

// The example returns are filed through the importer from the form's own template, so each has its original file and
// `tonghop verify` reads every one of them back to the values stored (they once had none and were reported).
forEachDialect('tonghop seed --examples, then tonghop verify', (dialect) => {
  it('finds no problem: every example return is read back from its original file', { timeout: 120_000 }, async () => {
    const s = await scratchDatabase(dialect)
    cleanup.push(s.dispose)
    const seeded = await tonghop(['seed', '--examples'], s.env)
    expect(seeded.code, seeded.stderr).toBe(0)
    expect(seeded.stdout).toContain('Đã nạp ví dụ sắp xếp đơn vị phường Đồ Sơn.')
    const verified = await tonghop(['verify', '--json'], s.env)
    expect(verified.code, verified.stdout + verified.stderr).toBe(0)
    const n = loadLineageExample().returns.length
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, returns: n, filesReread: n, returnsWithoutFile: 0, problems: [] })
    // seeding the examples again adds nothing
    const again = await tonghop(['seed', '--examples'], s.env)
    expect(again.stdout).toContain('Ví dụ sắp xếp đơn vị đã có; không nạp lại.')
  })
})
