import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { reorganizeUnits, type ReorganizationTarget } from '../../src/domain/lineage/reorganization-service.js'
import { restatedRollup } from '../../src/domain/lineage/restated-rollup.js'
import { computeRollup } from '../../src/domain/rollup/rollup-engine.js'
import { computeSeries } from '../../src/domain/rollup/rollup-series.js'
import { parsePeriodId, type Period } from '../../src/domain/periods/period-id.js'
import { insertUnitTree } from '../../src/domain/seeding/seed-database.js'
import { moveUnit } from '../../src/domain/units/unit-admin-service.js'
import type { UnitRow } from '../../src/domain/units/unit-service.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestDatabase } from '../support/test-database.js'
import { seededRandom } from '../../seeds/seeded-random.js'
import { fileRandomReturn, insertLineageTestForm, QUARTERS } from './lineage-property-support.js'

// #17, restated onto today's tree with moves: a tree of three groups of wards; between the periods wards are moved to
// another group, merged (into new or existing wards, across groups), and split into wards of different groups. Every
// restated figure of every group and ward of today, the root, and the comparisons are checked against a brute force
// written here: each return counted where its unit stands today, or its successors by their shares (what a split
// gave no one stays with its source), nothing from the engine.

const CASES = 5
const FORM = 'LM'
const GROUPS = 3


interface MLink { source: string; target: string; on: string; share: number; shareB: number; split: boolean }
interface MCase {
  root: string
  groups: string[]
  open: Map<string, [string | null, string | null]>
  /** parent history: [from (null = always), parent], in order */
  parents: Map<string, [string | null, string][]>
  links: MLink[]
  returns: Map<string, { A: number; B: number }>
}

// ---- the brute force ----
const parentOn = (c: MCase, code: string, date: string): string | null => {
  let best: string | null = null
  for (const [from, parent] of c.parents.get(code) ?? []) if (from === null || from <= date) best = parent
  return best
}
const parentNow = (c: MCase, code: string) => (c.parents.get(code)?.at(-1)?.[1] ?? null)
function chain(code: string, up: (x: string) => string | null): string[] {
  const out = [code]
  for (let p = up(code); p !== null; p = up(p)) out.push(p)
  return out
}
interface Dest { unit: string; a: number; b: number; split: boolean }
/** Where a unit's figures of period p land today. */
function dest(c: MCase, code: string, p: Period, a: number, b: number, split: boolean, out: Dest[]): void {
  let ra = a
  let rb = b
  let viaSplit = split
  for (const l of c.links) {
    if (l.source !== code || l.on <= p.start) continue
    viaSplit ||= l.split
    ra -= a * l.share
    rb -= b * l.shareB
    dest(c, l.target, p, a * l.share, b * l.shareB, split || l.split, out)
  }
  if (ra > 1e-12 || rb > 1e-12) out.push({ unit: code, a: Math.max(0, ra), b: Math.max(0, rb), split: viaSplit })
}
interface MFig { A: number | null; B: number | null; estimated: boolean }
function model(c: MCase, x: string, q: string): MFig {
  const p = parsePeriodId(q)
  let A: number | null = null
  let B: number | null = null
  let estimated = false
  for (const [key, v] of c.returns) {
    const [code, period] = key.split('@') as [string, string]
    if (period !== q) continue
    const out: Dest[] = []
    dest(c, code, p, 1, 1, false, out)
    const below = out.filter((d) => chain(d.unit, (u) => parentNow(c, u)).includes(x))
    const wa = below.reduce((s, d) => s + d.a, 0)
    const wb = below.reduce((s, d) => s + d.b, 0)
    if (wa > 1e-12) A = (A ?? 0) + v.A * wa
    if (wb > 1e-12) B = (B ?? 0) + v.B * wb
    const then = chain(code, (u) => parentOn(c, u, p.end)).includes(x) ? 1 : 0
    if (out.some((d) => d.split) && (Math.abs(wa - then) > 1e-9 || Math.abs(wb - then) > 1e-9)) estimated = true
  }
  return { A, B, estimated }
}
const ratio = (f: MFig) => (f.A !== null && f.B !== null && f.B !== 0 ? (100 * f.A) / f.B : null)
/** Flows of year to date 2026Q2 (2026-01-01 … 06-30): each return of its quarters counted where it lands. */
function ytdA(c: MCase, x: string): number | null {
  const p = parsePeriodId('2026Q1')
  const ytd: Period = { ...p, start: '2026-01-01', end: '2026-06-30' }
  let A: number | null = null
  for (const [key, v] of c.returns) {
    const [code, period] = key.split('@') as [string, string]
    if (period !== '2026Q1' && period !== '2026Q2') continue
    const out: Dest[] = []
    dest(c, code, ytd, 1, 1, false, out)
    const wa = out.filter((d) => chain(d.unit, (u) => parentNow(c, u)).includes(x)).reduce((s, d) => s + d.a, 0)
    if (wa > 1e-12) A = (A ?? 0) + v.A * wa
  }
  return A
}
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)))

forEachDialect('lineage property with moves and splits across parents: restated figures against brute force', (dialect) => {
  let h: Awaited<ReturnType<typeof createTestDatabase>>
  const cases: MCase[] = []
  const ids = new Map<string, number>()
  const unit = async (code: string) => (await findUnitByCode(h.db, code)) as UnitRow
  let moves = 0
  let crossSplits = 0

  beforeAll(async () => {
    h = await createTestDatabase(dialect)
    await insertLineageTestForm(h.db, FORM, 'Biểu thử chuyển đơn vị')
    const file = (code: string, q: string, c: MCase, rnd: () => number) => fileRandomReturn(h.db, FORM, ids.get(code)!, code, q, c.returns, rnd)
    for (let n = 0; n < CASES; n++) {
      const rnd = seededRandom(9090 + n)
      const root = `K${n}`
      const groups = Array.from({ length: GROUPS }, (_, g) => `${root}.G${g + 1}`)
      const pick = () => groups[Math.floor(rnd() * GROUPS)]!
      const c: MCase = { root, groups, open: new Map([[root, [null, null]]]), parents: new Map(), links: [], returns: new Map() }
      for (const g of groups) { c.open.set(g, [null, null]); c.parents.set(g, [[null, root]]) }
      const placed = Array.from({ length: 7 + Math.floor(rnd() * 4) }, (_, i) => { const g = pick(); return [`${g}.${i + 1}`, g] as const })
      const leaves = placed.map(([l]) => l)
      for (const [l, g] of placed) { c.open.set(l, [null, null]); c.parents.set(l, [[null, g]]) }
      const made = await insertUnitTree(h.db, [
        { code: root, name: `Gốc ${n}`, kind: 'province_committee', parent: null, sector: 'party' },
        ...groups.map((g, i) => ({ code: g, name: `Cụm ${n}-${i + 1}`, kind: 'district_committee' as const, parent: root, sector: 'party' as const })),
        ...placed.map(([l, g], i) => ({ code: l, name: `Phường ${n}-${i + 1}`, kind: 'ward_committee' as const, parent: g, sector: 'party' as const })),
      ])
      for (const [code, id] of made) ids.set(code, id)
      for (const q of QUARTERS.slice(0, 4)) for (const l of leaves) await file(l, q, c, rnd)
      let seq = 0
      for (const [round, on, quarter] of [[0, '2026-01-01', '2026Q1'], [1, '2026-04-01', '2026Q2']] as const) {
        const lastDay = on === '2026-01-01' ? '2025-12-31' : '2026-03-31'
        const open = [...c.open.entries()].filter(([code, [, to]]) => code !== root && !groups.includes(code) && to === null).map(([code]) => code)
        const pool = [...open].sort(() => rnd() - 0.5)
        while (pool.length > 0) {
          const r = rnd()
          const fresh: string[] = []
          if (r < 0.3 && pool.length >= 2) {
            const sources = pool.splice(0, Math.min(pool.length, 2 + Math.floor(rnd() * 2)))
            const intoExisting = rnd() < 0.3 && pool.length > 0 ? pool.shift()! : null
            const group = pick()
            const target = intoExisting ?? `${group}.M${round}${++seq}`
            const targets: ReorganizationTarget[] = intoExisting ? [{ existing: await unit(intoExisting) }] : [{ create: { code: target, name: `Phường hợp nhất ${target}`, kind: 'ward_committee', sector: 'party', parent: await unit(group) } }]
            const sourceRows = await Promise.all(sources.map(unit))
            await h.db.transaction().execute((trx) => reorganizeUnits(trx, { kind: 'merge', sources: sourceRows, targets, effectiveOn: on }))
            for (const s of sources) { c.open.set(s, [c.open.get(s)![0], lastDay]); c.links.push({ source: s, target, on, share: 1, shareB: 1, split: false }) }
            if (!intoExisting) { c.open.set(target, [on, null]); c.parents.set(target, [[on, group]]); fresh.push(target) }
          } else if (r < 0.6) {
            const source = pool.shift()!
            const k = 2 + Math.floor(rnd() * 2)
            const raw = Array.from({ length: k }, () => 0.2 + rnd())
            const total = raw.reduce((a, b) => a + b, 0) * (rnd() < 0.5 ? 1 : 1.25)
            const shares = raw.map((x) => Math.floor((x / total) * 1000) / 1000)
            const sharesB = raw.map((x, i) => Math.floor(((raw[(i + 1) % k]! + x) / (2 * total)) * 1000) / 1000)
            const where = shares.map(() => pick())
            const codes = where.map((g) => `${g}.S${round}${++seq}`)
            if (new Set(where).size > 1) crossSplits++
            const targets: ReorganizationTarget[] = []
            for (const [i, code] of codes.entries()) targets.push({ create: { code, name: `Phường tách ${code}`, kind: 'ward_committee', sector: 'party', parent: await unit(where[i]!) }, share: shares[i]!, indicatorShares: [{ indicator: 'B', share: sharesB[i]! }] })
            const sourceRow = await unit(source)
            await h.db.transaction().execute((trx) => reorganizeUnits(trx, { kind: 'split', sources: [sourceRow], targets, effectiveOn: on }))
            c.open.set(source, [c.open.get(source)![0], lastDay])
            for (const [i, code] of codes.entries()) { c.open.set(code, [on, null]); c.parents.set(code, [[on, where[i]!]]); c.links.push({ source, target: code, on, share: shares[i]!, shareB: sharesB[i]!, split: true }); fresh.push(code) }
          } else if (r < 0.85) {
            // moved to another group after the periods before it
            const code = pool.shift()!
            const from = parentNow(c, code)!
            const to = groups.filter((g) => g !== from)[Math.floor(rnd() * (GROUPS - 1))]!
            await moveUnit(h.db, await unit(code), await unit(to), on)
            c.parents.get(code)!.push([on, to])
            moves++
          } else {
            pool.shift()
          }
          for (const m of fresh) ids.set(m, (await unit(m)).id)
        }
        for (const [code, [, to]] of c.open) if (!c.groups.includes(code) && code !== root && to === null) await file(code, quarter, c, rnd)
      }
      cases.push(c)
    }
  }, 180_000)
  afterAll(() => h.dispose())

  it('restates every past quarter onto today’s tree: the root, each group and each ward of today', async () => {
    expect(moves).toBeGreaterThan(3)
    expect(crossSplits).toBeGreaterThan(2)
    let checked = 0
    let estimated = 0
    let differs = 0
    for (const c of cases) {
      for (const q of QUARTERS.slice(0, 5)) {
        const period = parsePeriodId(q)
        const top = await restatedRollup(h.db, FORM, ids.get(c.root)!, period, undefined, '2026-12-31')
        expect(top.children.map((k) => k.unit.code).sort()).toEqual([...c.groups].sort())
        const filed = [...c.returns.entries()].filter(([key]) => key.endsWith(`@${q}`)).map(([, v]) => v)
        expect(top.root.indicators.find((f) => f.code === 'A')!.value).toBe(filed.length ? filed.reduce((s, v) => s + v.A, 0) : null)
        const nodes = [...top.children]
        for (const g of c.groups) nodes.push(...(await restatedRollup(h.db, FORM, ids.get(g)!, period, undefined, '2026-12-31')).children)
        const today = [...c.open.entries()].filter(([code, [, to]]) => code !== c.root && to === null).map(([code]) => code).sort()
        expect(nodes.map((k) => k.unit.code).sort()).toEqual(today)
        for (const k of nodes) {
          const m = model(c, k.unit.code, q)
          const fig = (code: string) => k.indicators.find((f) => f.code === code)!.value
          expect(close(fig('A'), m.A), `${dialect} ${k.unit.code} ${q} A: ${fig('A')} vs ${m.A}`).toBe(true)
          expect(close(fig('B'), m.B), `${dialect} ${k.unit.code} ${q} B: ${fig('B')} vs ${m.B}`).toBe(true)
          expect(close(fig('R'), ratio(m)), `${dialect} ${k.unit.code} ${q} R`).toBe(true)
          expect(k.estimated, `${dialect} ${k.unit.code} ${q} estimated`).toBe(m.estimated)
          checked++
          if (m.estimated) estimated++
        }
        // a group's restated figure differs from its figure as reported wherever a ward moved or split across groups
        for (const g of top.children) {
          const reported = (await computeRollup(h.db, FORM, g.unit.id, period, { targets: false, texts: false })).root.indicators.find((f) => f.code === 'A')!.value
          if (!close(reported, g.indicators.find((f) => f.code === 'A')!.value)) differs++
        }
      }
    }
    expect(checked).toBeGreaterThan(200)
    expect(estimated).toBeGreaterThan(5)
    expect(differs).toBeGreaterThan(5)
  }, 300_000)

  it('compares each unit of today with the same period last year and year to date where its wards stand today', async () => {
    for (const c of cases) {
      for (const [code, [, to]] of c.open) {
        if (code === c.root || to !== null) continue
        for (const ind of ['A', 'B', 'R'] as const) {
          const [q1, q2] = await computeSeries(h.db, FORM, ids.get(code)!, ind, [parsePeriodId('2026Q1'), parsePeriodId('2026Q2')])
          const pick = (f: MFig) => (ind === 'R' ? ratio(f) : f[ind])
          expect(close(q1!.samePeriodLastYear, pick(model(c, code, '2025Q1'))), `${dialect} ${code} 2026Q1 ${ind} last year`).toBe(true)
          expect(close(q2!.samePeriodLastYear, pick(model(c, code, '2025Q2'))), `${dialect} ${code} 2026Q2 ${ind} last year`).toBe(true)
          if (ind === 'A') expect(close(q2!.yearToDate, ytdA(c, code)), `${dialect} ${code} 2026Q2 A year to date: ${q2!.yearToDate} vs ${ytdA(c, code)}`).toBe(true)
        }
      }
    }
  }, 300_000)
})
