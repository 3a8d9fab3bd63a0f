import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { medianMs, type BenchRow } from './bench-row.js'
import { generateNationalTree } from '../seeds/national-generator.js'
import { loadSeedBundle } from '../seeds/seed-loader.js'
import { openSqlite } from '../src/db/create-database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { insertAssignments } from '../src/db/repositories/assignment.repository.js'
import { insertLineage } from '../src/db/repositories/lineage.repository.js'
import { analyze, fillLeafReturns } from '../src/db/repositories/rollup-bench.repository.js'
import { restatedRollup } from '../src/domain/lineage/restated-rollup.js'
import { computeRestatedCompleteness } from '../src/domain/lineage/restated-completeness.js'
import { parsePeriodId } from '../src/domain/periods/period-id.js'
import { computeCompleteness, computeRollup } from '../src/domain/rollup/rollup-engine.js'
import { rebuildRollupState } from '../src/domain/rollup/rollup-maintenance.js'
import { seedDatabase } from '../src/domain/seeding/seed-database.js'
import { seedNationalTree } from '../src/domain/seeding/seed-national.js'
import { moveUnit } from '../src/domain/units/unit-admin-service.js'

const round = (x: number) => Math.round(x * 10) / 10

/**
 * Issue #17: the national tree given a reorganization — about a third of the wards formed on 2025-07-01 from two or
 * three district-era wards each (closed 2025-06-30, under the same province) — and BC-QT of 2025Q1 filed by every
 * leaf then. Times the national rollup of 2025Q1 restated onto today's tree beside the same rollup as reported
 * (target: restated ≤ 2× as reported), and checks the two agree on the national total (a merger stays inside).
 */
export async function runLineageBench(opts: { log?: (line: string) => void; repeat?: number } = {}): Promise<BenchRow[]> {
  const log = opts.log ?? (() => undefined)
  const repeat = opts.repeat ?? 5
  const dir = mkdtempSync(join(tmpdir(), 'tonghop-lineage-bench-'))
  const handle = openSqlite(join(dir, 'lineage.sqlite'))
  try {
    const db = handle.db
    await migrateToLatest(db)
    await seedDatabase(db, loadSeedBundle())
    const units = generateNationalTree()
    const wards = units.filter((u) => u.kind === 'ward_committee')
    const merged = wards.filter((_, i) => i % 3 === 0)
    const predecessors = merged.flatMap((w, i) => Array.from({ length: 2 + (i % 2) }, (_, k) => ({
      code: `${w.code}.T${k + 1}`, name: `${w.name} (cũ ${k + 1})`, kind: 'ward_committee' as const, parent: w.parent, sector: 'party' as const, closedOn: '2025-06-30', successor: w.code,
    })))
    let t = performance.now()
    await seedNationalTree(db, [...units, ...predecessors.map(({ successor: _s, ...u }) => u)])
    log(`seeded ${units.length} units + ${predecessors.length} predecessor wards in ${round(performance.now() - t)} ms`)
    const ids = new Map((await db.selectFrom('units').select(['id', 'code']).where('kind', '=', 'ward_committee').execute()).map((u) => [u.code, u.id]))
    const now = new Date().toISOString()
    await insertLineage(db, predecessors.map((p, i) => ({ event_id: i + 1, kind: 'merge', source_unit_id: ids.get(p.code)!, target_unit_id: ids.get(p.successor)!, effective_on: '2025-07-01', share: 1, indicator_code: null, created_at: now })))
    const root = await db.selectFrom('units').select('id').where('code', '=', units.find((u) => u.parent === null)!.code).executeTakeFirstOrThrow()
    t = performance.now()
    const n = await fillLeafReturns(db, { formCode: 'BC-QT', periodId: '2025Q1', start: '2025-01-01', end: '2025-03-31', rootId: root.id, leafDepth: 2, textEvery: 10 })
    await analyze(db)
    await rebuildRollupState(db, 'BC-QT', '2025Q1')
    log(`${n} returns of 2025Q1 filed and rolled up in ${round(performance.now() - t)} ms`)
    const period = parsePeriodId('2025Q1')
    const asReported = () => computeRollup(db, 'BC-QT', root.id, period, { targets: false, texts: false })
    const restated = () => restatedRollup(db, 'BC-QT', root.id, period)
    const [a, r] = [await asReported(), await restated()]
    const total = (xs: { code: string; value: number | null }[]) => xs.find((f) => f.code === 'QT01')?.value ?? null
    if (total(a.root.indicators) !== total(r.root.indicators)) throw new Error(`restated national QT01 ${total(r.root.indicators)} ≠ as reported ${total(a.root.indicators)}`)
    const msReported = await medianMs(repeat, asReported)
    const msRestated = await medianMs(repeat, restated)
    const ratio = msRestated / msReported
    // the first request after a move: a branch of one province's ward moved to another province's (after 2025Q1, so a
    // piece crossing two provinces), then one request timed, as many times as the warm ones
    const openWards = await db.selectFrom('units').selectAll().where('kind', '=', 'ward_committee').where('closed_on', 'is', null).orderBy('code').execute()
    const from = openWards.find((w) => merged.some((m) => m.code === w.code))!
    const to = openWards.find((w) => w.code.split('.')[0] !== from.code.split('.')[0])!
    const branches = await db.selectFrom('units').selectAll().where('parent_id', '=', from.id).orderBy('code').limit(2 * repeat).execute()
    const cold = async (run: () => Promise<unknown>, i: number) => {
      await moveUnit(db, branches[i]!, to, '2026-01-01')
      const t0 = performance.now()
      await run()
      return performance.now() - t0
    }
    const coldRestated: number[] = []
    const coldReported: number[] = []
    for (let i = 0; i < Math.min(repeat, Math.floor(branches.length / 2)); i++) {
      coldRestated.push(await cold(restated, 2 * i))
      coldReported.push(await cold(asReported, 2 * i + 1))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN
    const [a2, r2] = [await asReported(), await restated()]
    // the same request warm on the same tree (the moved branches now cross provinces: two provinces rolled up again)
    const msRestatedAfter = await medianMs(repeat, restated)
    if (total(a2.root.indicators) !== total(r2.root.indicators)) throw new Error('restated national QT01 after the moves differs from as reported')
    // restated completeness walks today's tree: the baseline is completeness as reported of the current quarter (the
    // same tree), beside that of 2025Q1 as reported (the tree of then)
    // BC-QT assigned to every ward committee, then and now
    await insertAssignments(db, [{ form_code: 'BC-QT', unit_id: root.id, unit_kinds: JSON.stringify(['ward_committee']), period_type: 'quarter', deadline_rule: JSON.stringify({ kind: 'days_after_end', days: 5, workingDays: true }), window_rule: JSON.stringify({ kind: 'calendar' }), valid_from: '2024-01-01', valid_to: null, document_id: null }])
    const today = new Date()
    const current = parsePeriodId(`${today.getUTCFullYear()}Q${Math.floor(today.getUTCMonth() / 3) + 1}`)
    const completenessNow = () => computeCompleteness(db, 'BC-QT', root.id, current)
    const completenessReported = () => computeCompleteness(db, 'BC-QT', root.id, period)
    const completenessRestated = () => computeRestatedCompleteness(db, 'BC-QT', root.id, period)
    const [ca, cr] = [await completenessReported(), await completenessRestated()]
    const msCompletenessReported = await medianMs(repeat, completenessNow)
    const msCompletenessThen = await medianMs(repeat, completenessReported)
    const msCompletenessRestated = await medianMs(repeat, completenessRestated)
    return [{
      name: 'national rollup BC-QT 2025Q1 restated (lineage), first request after a move', ms: round(median(coldRestated)), baselineMs: round(msRestatedAfter),
      note: `baseline = the same request warm after the moves (${round(msRestated)} ms before them); ${coldRestated.length} moves of a branch across provinces, each followed by one timed request (as reported, first request after a move: ${round(median(coldReported))} ms); national QT01 still agrees`,
    }, {
      name: 'national rollup BC-QT 2025Q1 restated (lineage)', ms: round(msRestated), baselineMs: round(msReported),
      note: `baseline = as reported; restated/as reported ${round(ratio)}× (target ≤ 2×); ${merged.length} of ${wards.length} wards formed from ${predecessors.length} predecessors; national QT01 agrees (${total(a.root.indicators)}); ${r.children.length} provinces`,
    }, {
      name: 'national completeness BC-QT 2025Q1 restated (lineage)', ms: round(msCompletenessRestated), baselineMs: round(msCompletenessReported),
      note: `baseline = as reported for ${current.id} (today's tree); restated/that ${round(msCompletenessRestated / msCompletenessReported)}×; 2025Q1 as reported (the tree of then) ${round(msCompletenessThen)} ms; expected ${cr.expected} restated (units of today) vs ${ca.expected} as reported (units of then), received ${cr.received} vs ${ca.received}`,
    }]
  } finally {
    await handle.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
