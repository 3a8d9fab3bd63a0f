import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { reorganizeUnits, type ReorganizationTarget } from '../../src/domain/lineage/reorganization-service.js'
import { restatedRollup } from '../../src/domain/lineage/restated-rollup.js'
import { computeSeries } from '../../src/domain/rollup/rollup-series.js'
import { parsePeriodId } from '../../src/domain/periods/period-id.js'
import { insertUnitTree } from '../../src/domain/seeding/seed-database.js'
import type { UnitRow } from '../../src/domain/units/unit-service.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestDatabase } from '../support/test-database.js'
import { seededRandom } from '../../seeds/seeded-random.js'
import { fileRandomReturn, insertLineageTestForm, QUARTERS } from './lineage-property-support.js'

// Issue #17 "done when": random merges and splits across periods, every restated figure and comparison checked
// against a brute force written here (plain recursion over the model's returns and lineage, nothing from the engine).

const CASES = 6
const FORM = 'LT'


interface MLink { source: string; target: string; on: string; share: number; shareB: number; split: boolean }
interface MCase { root: string; open: Map<string, [string | null, string | null]>; links: MLink[]; returns: Map<string, { A: number; B: number }> }
type Step = { kind: 'merge'; sources: string[]; into: string | null } | { kind: 'split'; source: string; shares: { share: number; shareB: number }[] }

/** Returns and reorganizations for one case: 2025 leaves, a round on 2026-01-01, another on 2026-04-01. */
function plan(n: number, rnd: () => number): { leaves: string[]; rounds: { on: string; steps: Step[] }[] } {
  const root = `L${n}`
  const leaves = Array.from({ length: 5 + Math.floor(rnd() * 4) }, (_, i) => `${root}.${i + 1}`)
  return { leaves, rounds: [{ on: '2026-01-01', steps: [] }, { on: '2026-04-01', steps: [] }] }
}

// ---- the brute force: the figure of unit X for a period of 2025–2026, restated onto today's tree ----
function openIn(c: MCase, code: string, q: string): boolean {
  const p = parsePeriodId(q)
  const [from, to] = c.open.get(code) ?? [null, null]
  return (from === null || from <= p.end) && (to === null || to >= p.start)
}

interface MFig { A: number | null; B: number | null; estimated: boolean }
function model(c: MCase, code: string, q: string): MFig {
  const p = parsePeriodId(q)
  const r = openIn(c, code, q) ? c.returns.get(`${code}@${q}`) : undefined
  let A: number | null = r ? r.A : null
  let B: number | null = r ? r.B : null
  let estimated = false
  for (const l of c.links) {
    if (l.target !== code || l.on <= p.start) continue
    const s = model(c, l.source, q)
    if (s.A === null && s.B === null) continue
    if (s.A !== null) A = (A ?? 0) + s.A * l.share
    if (s.B !== null) B = (B ?? 0) + s.B * l.shareB
    estimated ||= s.estimated || l.split
  }
  return { A, B, estimated }
}
const ratio = (f: MFig) => (f.A !== null && f.B !== null && f.B !== 0 ? (100 * f.A) / f.B : null)
/** Year to date of 2026Q2 (2026-01-01 … 06-30), over the 2026-04-01 break: flows summed through lineage, stocks the unit's own last. */
function ytdQ2(c: MCase, code: string): MFig {
  const q1 = model(c, code, '2026Q1')
  const own = (q: string) => (openIn(c, code, q) ? c.returns.get(`${code}@${q}`) : undefined)
  const q2 = own('2026Q2')
  const A = q2 || q1.A !== null ? (q1.A ?? 0) + (q2?.A ?? 0) : null
  // stocks: the unit's last quarter with data; Q1 of the sources does not pass the break
  const q1Own = own('2026Q1')
  const B = q2 ? q2.B : q1Own ? q1Own.B : null
  return { A, B, estimated: q1.estimated }
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)))

forEachDialect('lineage property: restated figures and comparisons against brute force', (dialect) => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>
  const cases: MCase[] = []
  const ids = new Map<string, number>()
  const unit = async (code: string) => (await findUnitByCode(h.db, code)) as UnitRow

  beforeAll(async () => {
    h = await createTestDatabase(dialect)
    await insertLineageTestForm(h.db, FORM, 'Biểu thử kế thừa')
    const file = (code: string, q: string, c: MCase, rnd: () => number) => fileRandomReturn(h.db, FORM, ids.get(code)!, code, q, c.returns, rnd)
    for (let n = 0; n < CASES; n++) {
      const rnd = seededRandom(4242 + n)
      const { leaves } = plan(n, rnd)
      const root = `L${n}`
      const c: MCase = { root, open: new Map([[root, [null, null]]]), links: [], returns: new Map() }
      for (const l of leaves) c.open.set(l, [null, null])
      for (const [code, id] of await insertUnitTree(h.db, [{ code: root, name: `Gốc ${n}`, kind: 'ward_committee', parent: null, sector: 'party' }, ...leaves.map((l, i) => ({ code: l, name: `Phường ${n}-${i + 1}`, kind: 'ward_committee' as const, parent: root, sector: 'party' as const }))])) ids.set(code, id)
      for (const q of QUARTERS.slice(0, 4)) for (const l of leaves) await file(l, q, c, rnd)
      // two rounds of reorganization, each over the units open then
      let seq = 0
      for (const [round, on, quarter] of [[0, '2026-01-01', '2026Q1'], [1, '2026-04-01', '2026Q2']] as const) {
        const open = [...c.open.entries()].filter(([code, [, to]]) => code !== root && to === null).map(([code]) => code)
        const pool = [...open].sort(() => rnd() - 0.5)
        while (pool.length > 0) {
          const r = rnd()
          const made: string[] = []
          if (r < 0.45 && pool.length >= 2) {
            const k = Math.min(pool.length, 2 + Math.floor(rnd() * 2))
            const sources = pool.splice(0, k)
            const intoExisting = rnd() < 0.3 && pool.length > 0 ? pool.shift()! : null
            const target = intoExisting ?? `${root}.M${round}${++seq}`
            const targets: ReorganizationTarget[] = intoExisting ? [{ existing: await unit(intoExisting) }] : [{ create: { code: target, name: `Phường hợp nhất ${target}`, kind: 'ward_committee', sector: 'party', parent: await unit(root) } }]
            const sourceRows = await Promise.all(sources.map(unit))
            await h.db.transaction().execute((trx) => reorganizeUnits(trx, { kind: 'merge', sources: sourceRows, targets, effectiveOn: on }))
            for (const s of sources) { c.open.set(s, [c.open.get(s)![0], on === '2026-01-01' ? '2025-12-31' : '2026-03-31']); c.links.push({ source: s, target, on, share: 1, shareB: 1, split: false }) }
            if (!intoExisting) { c.open.set(target, [on, null]); made.push(target) }
          } else if (r < 0.8) {
            const source = pool.shift()!
            const k = 2 + Math.floor(rnd() * 2)
            const raw = Array.from({ length: k }, () => 0.2 + rnd())
            const total = raw.reduce((a, b) => a + b, 0) * (rnd() < 0.5 ? 1 : 1.25)
            const shares = raw.map((x) => Math.floor((x / total) * 1000) / 1000)
            const sharesB = raw.map((x, i) => Math.floor(((raw[(i + 1) % k]! + x) / (2 * total)) * 1000) / 1000)
            const codes = shares.map(() => `${root}.S${round}${++seq}`)
            const targets: ReorganizationTarget[] = []
            for (const [i, code] of codes.entries()) targets.push({ create: { code, name: `Phường tách ${code}`, kind: 'ward_committee', sector: 'party', parent: await unit(root) }, share: shares[i]!, indicatorShares: [{ indicator: 'B', share: sharesB[i]! }] })
            const sourceRow = await unit(source)
            await h.db.transaction().execute((trx) => reorganizeUnits(trx, { kind: 'split', sources: [sourceRow], targets, effectiveOn: on }))
            c.open.set(source, [c.open.get(source)![0], on === '2026-01-01' ? '2025-12-31' : '2026-03-31'])
            for (const [i, code] of codes.entries()) { c.open.set(code, [on, null]); c.links.push({ source, target: code, on, share: shares[i]!, shareB: sharesB[i]!, split: true }); made.push(code) }
          } else {
            pool.shift() // unchanged
          }
          for (const m of made) ids.set(m, (await unit(m)).id)
        }
        // returns of the quarter that starts on the break, from every unit open then
        for (const [code, [, to]] of c.open) if (code !== root && to === null) await file(code, quarter, c, rnd)
      }
      cases.push(c)
    }
  }, 120_000)
  afterAll(() => h.dispose())

  it('restates every past quarter onto today’s tree: each unit of today and the root, with the estimate flag', async () => {
    let checked = 0
    let estimated = 0
    for (const c of cases) {
      for (const q of QUARTERS.slice(0, 5)) {
        const r = await restatedRollup(h.db, FORM, ids.get(c.root)!, parsePeriodId(q), undefined, '2026-12-31')
        const today = [...c.open.entries()].filter(([code, [, to]]) => code !== c.root && to === null).map(([code]) => code).sort()
        expect(r.children.map((k) => k.unit.code).sort()).toEqual(today)
        for (const k of r.children) {
          const m = model(c, k.unit.code, q)
          const fig = (code: string) => k.indicators.find((f) => f.code === code)!.value
          expect(close(fig('A'), m.A), `${dialect} ${k.unit.code} ${q} A`).toBe(true)
          expect(close(fig('B'), m.B), `${dialect} ${k.unit.code} ${q} B`).toBe(true)
          expect(close(fig('R'), ratio(m)), `${dialect} ${k.unit.code} ${q} R`).toBe(true)
          expect(k.estimated, `${dialect} ${k.unit.code} ${q} estimated`).toBe(m.estimated)
          checked++
          if (m.estimated) estimated++
        }
        // the root held every unit in every period: restated is as reported, the sum of what was filed
        const filed = [...c.returns.entries()].filter(([key]) => key.endsWith(`@${q}`)).map(([, v]) => v)
        expect(r.root.indicators.find((f) => f.code === 'A')!.value).toBe(filed.length ? filed.reduce((s, v) => s + v.A, 0) : null)
      }
    }
    expect(checked).toBeGreaterThan(100)
    expect(estimated).toBeGreaterThan(5)
  }, 240_000)

  it('compares with the same period last year and year to date through lineage (ratios recomputed)', async () => {
    for (const c of cases) {
      for (const [code, [, to]] of c.open) {
        if (code === c.root || to !== null) continue
        for (const ind of ['A', 'B', 'R'] as const) {
          const [q1, q2] = await computeSeries(h.db, FORM, ids.get(code)!, ind, [parsePeriodId('2026Q1'), parsePeriodId('2026Q2')])
          const pick = (f: MFig) => (ind === 'R' ? ratio(f) : f[ind])
          const last1 = model(c, code, '2025Q1')
          const last2 = model(c, code, '2025Q2')
          expect(close(q1!.samePeriodLastYear, pick(last1)), `${dialect} ${code} 2026Q1 ${ind} last year`).toBe(true)
          expect(close(q2!.samePeriodLastYear, pick(last2)), `${dialect} ${code} 2026Q2 ${ind} last year`).toBe(true)
          expect(q2!.comparisonEstimated, `${dialect} ${code} estimated`).toBe(last2.estimated || ytdQ2(c, code).estimated)
          expect(close(q2!.yearToDate, pick(ytdQ2(c, code))), `${dialect} ${code} 2026Q2 ${ind} year to date`).toBe(true)
        }
      }
    }
  }, 240_000)
})
