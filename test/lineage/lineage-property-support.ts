import { insertFormGraph } from '../../src/db/repositories/form.repository.js'
import { insertReturnWithValues } from '../../src/db/repositories/rollup.repository.js'
import type { Db } from '../../src/domain/database-handle.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { afterReturnCommitted } from '../../src/domain/rollup/rollup-maintenance.js'

// What the two lineage property tests share: their quarters, their small form (a flow, a stock and their
// ratio) and how a unit files a random return in it.

export const QUARTERS = ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1', '2026Q2']

/** A quarterly form: A summed over time (a flow), B its last value (a stock), R = A / B recomputed. */
export async function insertLineageTestForm(db: Db, code: string, title: string): Promise<void> {
  await insertFormGraph(db, {
    form: { code, version: 1, title, period_types: JSON.stringify(['quarter']), document_required: 0 },
    sections: [{
      section: { code: 'I', title: 'I', position: 1 },
      indicators: ([['A', 'sum', 'sum', null, null], ['B', 'sum', 'last', null, null], ['R', 'ratio', 'none', 'A', 'B']] as const).map(([c, agg, time, num, den], i) => ({
        code: c, label: `Chỉ tiêu ${c}`, unit_of_measure: null, value_type: agg === 'ratio' ? 'ratio' : 'integer', unit_agg: agg, time_agg: time, numerator_code: num, denominator_code: den, weight_code: null,
        min_value: null, max_value: null, choices: null, decimals: null, position: i + 1,
      })),
    }],
    rules: [],
  })
}

/** Files a random submitted return (15 % of the time none), committed and maintained; records it in `returns`. */
export async function fileRandomReturn(db: Db, form: string, unitId: number, key: string, q: string, returns: Map<string, { A: number; B: number }>, rnd: () => number): Promise<void> {
  if (rnd() < 0.15) return
  const B = 50 + Math.floor(rnd() * 500)
  const A = Math.floor(rnd() * B)
  returns.set(`${key}@${q}`, { A, B })
  const p = parsePeriodId(q)
  await db.transaction().execute(async (trx) => {
    const id = await insertReturnWithValues(trx, { unitId, formCode: form, periodId: q, periodStart: p.start, periodEnd: p.end, scope: 'own', status: 'submitted', lateDays: 0, values: [{ code: 'A', num: A, text: null }, { code: 'B', num: B, text: null }] })
    await afterReturnCommitted(trx, id)
  })
}
