import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadSeedBundle } from '../../seeds/seed-loader.js'
import { migrateTo, migrateToLatest } from '../../src/db/migrate.js'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { rebuildRollupState } from '../../src/domain/rollup/rollup-maintenance.js'
import { seedDatabase } from '../../src/domain/seeding/seed-database.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestDatabase } from '../support/test-database.js'

// A database of the 0004 era: each (form, period) was either built for the tree of that moment (rollup_built holding
// its signature) or computed at query time. Migration 0008 must carry both over to the sparse state without losing a
// figure: built pairs keep their state, the others' counted returns are left for the first query to apply.
forEachDialect('rollup state upgrade (migration 0008)', (dialect) => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>
  // the old code's table, gone from today's types
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const raw = () => h.db as any
  const built = parsePeriodId('2026Q1')
  const stale = parsePeriodId('2026Q2')
  let ward = 0
  let city = 0
  let counted = 0
  beforeAll(async () => {
    h = await createTestDatabase(dialect)
    await seedDatabase(h.db, loadSeedBundle())
    await migrateTo(h.db, '0004-rollup')
    const w = (await findUnitByCode(h.db, '01.PL'))!
    ward = w.id
    city = w.parent_id!
    const add = (p: typeof built, num: number, status = 'submitted') => insertReturnWithValues(h.db, { unitId: ward, formCode: 'BC-QT', periodId: p.id, periodStart: p.start, periodEnd: p.end, scope: 'own', status, values: [{ code: 'QT01', num }] })
    await add(built, 5)
    // built for the current tree, with one empty node's row as the 0004 build wrote for every unit
    await rebuildRollupState(h.db, 'BC-QT', built.id)
    await raw().insertInto('rollup_state').values({ form_code: 'BC-QT', period_id: built.id, unit_id: (await findUnitByCode(h.db, '31'))!.id, parent_id: null, state: '{"r":0,"c":0,"s":{},"a":null}', texts: null }).execute()
    const sig = await raw().selectFrom('units').select((eb: any) => eb.fn.max('id').as('m')).executeTakeFirst() // eslint-disable-line @typescript-eslint/no-explicit-any
    const hist = await raw().selectFrom('unit_parent_history').select((eb: any) => eb.fn.max('id').as('m')).executeTakeFirst() // eslint-disable-line @typescript-eslint/no-explicit-any
    await raw().insertInto('rollup_built').values({ form_code: 'BC-QT', period_id: built.id, tree_sig: `${Number(sig.m)}:${Number(hist.m)}`, built_at: 'then' }).execute()
    // stale after a tree change: its rows were built for another tree, and a return came in while it was stale
    await rebuildRollupState(h.db, 'BC-QT', stale.id)
    await raw().insertInto('rollup_built').values({ form_code: 'BC-QT', period_id: stale.id, tree_sig: 'stale', built_at: 'then' }).execute()
    await add(stale, 7)
    counted = (await h.db.selectFrom('returns').select('id').where('period_id', '=', stale.id).where('status', '<>', 'draft').execute()).length
    await migrateToLatest(h.db)
  }, 120_000)
  afterAll(async () => h?.dispose())

  it('keeps the state of pairs built for the current tree, without empty nodes', async () => {
    const rows = await h.db.selectFrom('rollup_state').select(['unit_id', 'state']).where('period_id', '=', built.id).execute()
    expect(rows.map((r) => r.unit_id)).toContain(ward)
    expect(rows.some((r) => r.state === '{"r":0,"c":0,"s":{},"a":null}')).toBe(false)
    expect(await h.db.selectFrom('rollup_pending').select('return_id').where('period_id', '=', built.id).execute()).toEqual([])
    const r = await computeRollup(h.db, 'BC-QT', city, built, { targets: false })
    expect(r.root.indicators.find((i) => i.code === 'QT01')!.value).toBe(5)
  })

  it('drops the state of stale pairs and leaves their counted returns for the first query, which shows them', async () => {
    expect(await h.db.selectFrom('rollup_state').select('unit_id').where('period_id', '=', stale.id).execute()).toEqual([])
    expect((await h.db.selectFrom('rollup_pending').select('return_id').where('period_id', '=', stale.id).execute()).length).toBe(counted)
    const r = await computeRollup(h.db, 'BC-QT', city, stale, { targets: false })
    expect(r.root.indicators.find((i) => i.code === 'QT01')!.value).toBe(7)
    expect(await h.db.selectFrom('rollup_pending').select('return_id').where('period_id', '=', stale.id).execute()).toEqual([])
  })
})
