import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadLineageExample, type LineageExample } from '../../seeds/lineage-example-loader.js'
import { seedLineageExample } from '../../src/domain/seeding/seed-lineage-example.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// The units and the merger commit before the returns are filed (the importer runs its own transactions), so a run
// stopped part-way — here by a return the importer refuses — must be finished by the next run, not reported as done.
forEachDialect('seed --examples stopped part-way', (dialect) => {
  let app: TestApp
  const example = loadLineageExample()
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  const exampleReturns = () =>
    app.services.database.db.selectFrom('returns').innerJoin('units', 'units.id', 'returns.unit_id')
      .select(['units.code', 'returns.period_id', 'returns.status']).where('units.code', 'like', '31.QDS.%').execute()

  it('is finished by the next run: the refused return and those after it are filed, each once, all submitted', async () => {
    const broken: LineageExample = structuredClone(example)
    // a number cell holding words: the importer refuses the sixth return, after five have been filed
    ;(broken.returns[5]!.values as Record<string, unknown>).YT01 = 'chín nghìn'
    await expect(seedLineageExample(app.services.database, broken)).rejects.toThrow(/31\.QDS\.VS/)
    expect((await exampleReturns()).length).toBe(5)
    expect(await seedLineageExample(app.services.database, example)).toBe(true)
    const filed = await exampleReturns()
    expect(filed.length).toBe(example.returns.length)
    expect(new Set(filed.map((r) => r.status))).toEqual(new Set(['submitted']))
    expect(await seedLineageExample(app.services.database, example)).toBe(false)
  })
})
