import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { medianMs, type BenchRow } from './bench-row.js'
import { generateNationalTree } from '../seeds/national-generator.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { openPostgres, openSqlite, type DatabaseHandle } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { analyze, baselineRollup, fillLeafReturns, unitIdsAtDepth, unitsWithoutReturn } from '../src/db/repositories/rollup-bench.repository.js'
import { insertReturnWithValues } from '../src/db/repositories/rollup.repository.js'
import { parsePeriodId } from '../src/domain/periods/period-id.js'
import { computeRollup, DEFAULT_ROLLUP_SETTINGS } from '../src/domain/rollup/rollup-engine.js'
import { afterReturnCommitted, rebuildRollupState } from '../src/domain/rollup/rollup-maintenance.js'
import { figureTextPage } from '../src/domain/rollup/rollup-texts.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'
import { rollupRequest, runTreeChangeBench } from './rollup-tree-bench.js'

export type { BenchRow } from './bench-row.js'

export interface RollupBenchOptions {
  dialect: 'sqlite' | 'postgres'
  databaseUrl?: string
  sqliteFile?: string
  /** repetitions per figure (median reported) */
  repeat?: number
  log?: (line: string) => void
  /** also time the query-time engine (the fallback when no maintained state is current) once per case */
  queryTime?: boolean
  /** only seed the tree, its returns and their state (`--part load` then runs the HTTP load alone) */
  setupOnly?: boolean
}

const round = (x: number) => Math.round(x * 10) / 10


/**
 * Rollup figures on the synthetic national tree (≈105k units), BC-QT (2026Q1) and BC-YT72 (2026S1) filed by every
 * leaf, each beside the naive recursive-CTE + GROUP BY baseline measured in the same run.
 */
export async function runRollupBench(opts: RollupBenchOptions): Promise<BenchRow[]> {
  const log = opts.log ?? (() => undefined)
  const repeat = opts.repeat ?? 3
  let dir: string | null = null
  let handle: DatabaseHandle
  if (opts.dialect === 'sqlite') {
    const file = opts.sqliteFile ?? join((dir = mkdtempSync(join(tmpdir(), 'tonghop-rollup-bench-'))), 'bench.sqlite')
    handle = openSqlite(file)
  } else {
    if (!opts.databaseUrl) throw new Error('runRollupBench: databaseUrl is required for postgres')
    handle = openPostgres(opts.databaseUrl)
  }
  const rows: BenchRow[] = []
  try {
    const db = handle.db
    await migrateToLatest(db)
    const seeded = await db.selectFrom('forms').select('id').executeTakeFirst()
    if (!seeded) await seedDatabase(db, loadSeedBundle())
    const units = generateNationalTree()
    const rootCode = units.find((u) => u.parent === null)!.code
    let t = performance.now()
    // a kept sqliteFile that already holds the tree is reused (seeding takes minutes)
    if (!(await db.selectFrom('units').select('id').where('code', '=', rootCode).executeTakeFirst())) {
      await seedNationalTree(db, units)
      log(`seeded ${units.length} units in ${round(performance.now() - t)} ms`)
      const root0 = await db.selectFrom('units').select(['id', 'depth']).where('code', '=', rootCode).executeTakeFirstOrThrow()
      const leafDepth = 3
      t = performance.now()
      const nQt = await fillLeafReturns(db, { formCode: 'BC-QT', periodId: '2026Q1', start: '2026-01-01', end: '2026-03-31', rootId: root0.id, leafDepth, textEvery: 10 })
      const nYt = await fillLeafReturns(db, { formCode: 'BC-YT72', periodId: '2026S1', start: '2026-01-01', end: '2026-06-30', rootId: root0.id, leafDepth, textEvery: 10 })
      await analyze(db)
      rows.push({ name: 'fill leaf returns (BC-QT + BC-YT72)', ms: round(performance.now() - t), baselineMs: null, note: `${nQt} + ${nYt} returns, root depth ${root0.depth}` })
    }
    // the bulk load writes returns without the commit hook: the repair (a whole rebuild) builds their state once;
    // commits and tree changes keep it current from then on
    for (const [form, periodId] of [['BC-QT', '2026Q1'], ['BC-YT72', '2026S1']] as const) {
      if (await db.selectFrom('rollup_state').select('unit_id').where('form_code', '=', form).where('period_id', '=', periodId).limit(1).executeTakeFirst()) continue
      t = performance.now()
      const n = await rebuildRollupState(db, form, periodId)
      const ms = round(performance.now() - t)
      rows.push({ name: `bulk rebuild rollup state ${form} ${periodId}`, ms, baselineMs: null, note: `${n} nodes` })
      log(`bulk rebuild ${form} ${periodId}: ${ms} ms (${n} nodes)`)
    }
    if (opts.setupOnly) return rows
    const root = await db.selectFrom('units').select(['id', 'depth']).where('code', '=', rootCode).executeTakeFirstOrThrow()
    const province = (await unitIdsAtDepth(db, root.id, 1, 1))[0]!
    const ward = (await unitIdsAtDepth(db, root.id, 2, 1))[0]!
    const cases: [string, number, string, string][] = [
      ['national rollup BC-QT 2026Q1', root.id, 'BC-QT', '2026Q1'],
      ['national rollup BC-YT72 2026S1', root.id, 'BC-YT72', '2026S1'],
      ['province rollup BC-QT 2026Q1', province, 'BC-QT', '2026Q1'],
      ['ward rollup BC-QT 2026Q1', ward, 'BC-QT', '2026Q1'],
    ]
    for (const [name, unitId, form, periodId] of cases) {
      const period = parsePeriodId(periodId)
      const ms = await medianMs(repeat, () => rollupRequest(db, form, unitId, period))
      const base = await medianMs(repeat, () => baselineRollup(db, unitId, form, periodId))
      let note = `baseline/engine ${round(base / ms)}×`
      // what a request reads: the figures, and of the texts (every "khó khăn", "kiến nghị" of the subtree, tens of
      // thousands at the national level) their count and the first page; the figures alone are timed beside it
      const withTexts = await computeRollup(db, form, unitId, period, { targets: false, texts: false, textPages: true })
      const nTexts = (await Promise.all(withTexts.root.indicators.map((i) => figureTextPage(i, { first: 0, offset: 0, search: null })))).reduce((n, p) => n + p.total, 0)
      if (nTexts > 0) note += `; with texts(first: 100) and textCount of ${nTexts} texts; figures alone ${round(await medianMs(repeat, () => computeRollup(db, form, unitId, period, { targets: false, texts: false })))} ms`
      if (opts.queryTime) {
        const queryTime = { ...DEFAULT_ROLLUP_SETTINGS, storedState: false }
        const qt = await medianMs(1, () => computeRollup(db, form, unitId, period, { targets: false }, queryTime))
        note += `; query-time engine ${round(qt)} ms (${round(qt / ms)}× slower)`
      }
      rows.push({ name, ms: round(ms), baselineMs: round(base), note })
      log(`${name}: ${round(ms)} ms (baseline ${round(base)} ms) ${note}`)
    }
    // commit one ward's own return, then the national rollup must include it
    const q1 = parsePeriodId('2026Q1')
    const [fresh, freshBase] = await unitsWithoutReturn(db, root.id, 2, 'BC-QT', '2026Q1', 2)
    if (fresh === undefined || freshBase === undefined) throw new Error('commit-to-visible: no ward left without a BC-QT 2026Q1 return')
    const before = (await computeRollup(db, 'BC-QT', root.id, q1, { targets: false })).root.indicators.find((i) => i.code === 'QT01')!.value ?? 0
    t = performance.now()
    await db.transaction().execute(async (trx) => {
      const id = await insertReturnWithValues(trx, { unitId: fresh, formCode: 'BC-QT', periodId: '2026Q1', periodStart: q1.start, periodEnd: q1.end, scope: 'own', values: [{ code: 'QT01', num: 1000 }] })
      await afterReturnCommitted(trx, id)
    })
    const committed = performance.now() - t
    const after = (await rollupRequest(db, 'BC-QT', root.id, q1)).root.indicators.find((i) => i.code === 'QT01')!.value ?? 0
    const ms = performance.now() - t
    if (after !== before + 1000) throw new Error(`commit-to-visible: national QT01 ${before} → ${after}, expected +1000`)
    const provinceOfWard = province
    t = performance.now()
    await db.transaction().execute((trx) => insertReturnWithValues(trx, { unitId: freshBase, formCode: 'BC-QT', periodId: '2026Q1', periodStart: q1.start, periodEnd: q1.end, scope: 'own', values: [{ code: 'QT01', num: 1 }] }))
    await baselineRollup(db, root.id, 'BC-QT', '2026Q1')
    const base = performance.now() - t
    rows.push({ name: 'commit one ward return → national rollup', ms: round(ms), baselineMs: round(base), note: `verified +1000 in QT01 (commit with path maintenance ${round(committed)} ms; province ${provinceOfWard})` })
    log(`commit → national: ${round(ms)} ms (commit ${round(committed)} ms; baseline ${round(base)} ms)`)
    rows.push(...(await runTreeChangeBench(db, root.id, log)))
    return rows
  } finally {
    await handle.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}
