import type { Kysely } from 'kysely'
import type { BenchRow } from './bench-row.js'
import type { Database } from '../src/db/database-types.js'
import { unitIdsAtDepth, unitsWithoutReturn } from '../src/db/repositories/rollup-bench.repository.js'
import { insertReturnWithValues } from '../src/db/repositories/rollup.repository.js'
import { findUnitsByIds, type UnitRow } from '../src/db/repositories/unit.repository.js'
import { parsePeriodId, type Period } from '../src/domain/periods/period-id.js'
import { computeRollup, type RollupResult } from '../src/domain/rollup/rollup-engine.js'
import { figureTextPage } from '../src/domain/rollup/rollup-texts.js'
import { afterReturnCommitted } from '../src/domain/rollup/rollup-maintenance.js'
import { createUnit, moveUnit, renameUnit } from '../src/domain/units/unit-admin-service.js'

type Db = Kysely<Database>
const round = (x: number) => Math.round(x * 10) / 10

/** What a `rollup` request with `texts(first: 100) textCount` on every indicator reads (schema/rollup.ts). */
export async function rollupRequest(db: Db, form: string, unitId: number, period: Period): Promise<RollupResult> {
  const r = await computeRollup(db, form, unitId, period, { targets: false, texts: false, textPages: true })
  await Promise.all(r.root.indicators.flatMap((i) => [figureTextPage(i, { first: 100, offset: 0, search: null }), figureTextPage(i, { first: 0, offset: 0, search: null })]))
  return r
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now()
  const out = await fn()
  return [performance.now() - t, out]
}

/**
 * Tree changes on the national tree, each followed by what a user does next, beside the same step without the change
 * measured just before it (the baseline): the change must leave the next commit (or rollup) as fast as any other.
 */
export async function runTreeChangeBench(db: Db, rootId: number, log: (line: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const q1 = parsePeriodId('2026Q1')
  // a quarter without stored state yet (a kept bench database has used the earlier ones)
  let q2 = parsePeriodId('2026Q2')
  for (const id of ['2026Q2', '2026Q3', '2026Q4', '2027Q1', '2027Q2', '2027Q3', '2027Q4']) {
    q2 = parsePeriodId(id)
    if (!(await db.selectFrom('rollup_state').select('unit_id').where('form_code', '=', 'BC-QT').where('period_id', '=', id).limit(1).executeTakeFirst())) break
  }
  const wards = await unitsWithoutReturn(db, rootId, 2, 'BC-QT', q1.id, 12)
  const q2wards = await unitsWithoutReturn(db, rootId, 2, 'BC-QT', q2.id, 12)
  if (wards.length < 10) throw new Error('tree-change bench: too few wards without a BC-QT 2026Q1 return')
  let next = 0
  // one ward's own return through the commit path (its paths to the root recomputed in the same transaction)
  const commit = (periodId = q1.id, unitId = wards[next++]!) => timed(() => db.transaction().execute(async (trx) => {
    const p = parsePeriodId(periodId)
    const id = await insertReturnWithValues(trx, { unitId, formCode: 'BC-QT', periodId: p.id, periodStart: p.start, periodEnd: p.end, scope: 'own', values: [{ code: 'QT01', num: 3 }, { code: 'DG03', text: 'Ý kiến của phường' }] })
    await afterReturnCommitted(trx, id)
  }))
  const nationalQt01 = async () => (await rollupRequest(db, 'BC-QT', rootId, q1)).root.indicators.find((i) => i.code === 'QT01')!.value
  const unit = async (id: number): Promise<UnitRow> => (await findUnitsByIds(db, [id]))[0]!
  await commit() // warm

  // rename: a residential group whose return wrote a text (the worst case: its path's lists of texts are rewritten)
  const withText = await db.selectFrom('returns as r').innerJoin('current_values as cv', 'cv.return_id', 'r.id').select('r.unit_id')
    .where('r.form_code', '=', 'BC-QT').where('r.period_id', '=', q1.id).where('cv.text_value', 'is not', null).orderBy('r.unit_id').limit(1).executeTakeFirstOrThrow()
  const texted = await unit(withText.unit_id)
  let [base] = await commit()
  const [renameMs] = await timed(() => renameUnit(db, texted, `${texted.name} (đổi tên)`))
  let [ms] = await commit()
  rows.push({ name: 'rename one unit → next commit', ms: round(ms), baselineMs: round(base), note: `the rename itself ${round(renameMs)} ms (a residential group with a text)` })
  log(`rename → next commit: ${round(ms)} ms (rename ${round(renameMs)} ms; commit before ${round(base)} ms)`)

  // move: a whole ward (≈30 units) to another province, from the start of the year (it reaches every 2026 period)
  const moving = await unit((await unitIdsAtDepth(db, rootId, 2, 200))[150]!)
  const otherProvince = (await unitIdsAtDepth(db, rootId, 1, 34)).find((id) => id !== moving.parent_id)!
  const [subtree] = await db.selectFrom('unit_closure').select((eb) => eb.fn.countAll<number>().as('n')).where('ancestor_id', '=', moving.id).execute()
  ;[base] = await commit()
  const [moveMs] = await timed(async () => moveUnit(db, moving, await unit(otherProvince), '2026-01-01'))
  ;[ms] = await commit()
  rows.push({ name: `move one ward (${Number(subtree?.n ?? 0)} units) → next commit`, ms: round(ms), baselineMs: round(base), note: `the move itself ${round(moveMs)} ms` })
  log(`move → next commit: ${round(ms)} ms (move ${round(moveMs)} ms; commit before ${round(base)} ms)`)

  // create: a new branch under a ward, then the national rollup (nothing to rebuild, nothing computed at query time)
  const [baseNational, before] = await timed(nationalQt01)
  // a child's code extends its parent's (UNIT_CODE_OUTSIDE_PARENT otherwise)
  const parent = await unit(wards[0]!)
  const [createMs] = await timed(async () => createUnit(db, { code: `${parent.code}.BENCH${Date.now()}`, name: 'Chi bộ mới', kind: 'party_organization', sector: 'party', parent, openedOn: '2026-01-01' }))
  const [nationalMs, after] = await timed(nationalQt01)
  if (after !== before) throw new Error(`tree-change bench: national QT01 ${before} → ${after} after creating an empty unit`)
  rows.push({ name: 'create one unit → next national rollup', ms: round(nationalMs), baselineMs: round(baseNational), note: `the create itself ${round(createMs)} ms; figures unchanged` })
  log(`create → national rollup: ${round(nationalMs)} ms (create ${round(createMs)} ms; before ${round(baseNational)} ms)`)

  // the first commit of a (form, period) that has no stored state yet
  ;[base] = await commit()
  ;[ms] = await commit(q2.id, q2wards[0]!)
  rows.push({ name: 'first commit of a new period', ms: round(ms), baselineMs: round(base), note: `BC-QT ${q2.id} (no state before); baseline: a commit in 2026Q1` })
  log(`first commit of ${q2.id}: ${round(ms)} ms (commit in 2026Q1 ${round(base)} ms)`)
  return rows
}
