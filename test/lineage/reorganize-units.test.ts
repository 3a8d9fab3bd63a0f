import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadLineageContext } from '../../src/domain/lineage/restated-figures.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Json = Record<string, any>

const REORG = `mutation($kind: ReorganizationKind!, $sources: [String!]!, $targets: [ReorganizationTargetInput!]!, $on: Date!) {
  reorganizeUnits(kind: $kind, sources: $sources, targets: $targets, effectiveOn: $on) {
    __typename ... on MutationReorganizeUnitsSuccess { data { code openedOn closedOn predecessors { kind share indicator effectiveOn unit { code closedOn } } } }
    ... on DomainError { code message } } }`

// Issue #17 item 1 and 5: lineage recorded through the API with its closes and opens, audited; refusals write nothing.
forEachDialect('reorganizeUnits', (dialect) => {
  let app: TestApp
  const reorg = async (vars: Json, as = 'haiphong.quantri') => (await app.gql<Json>(REORG, vars, { as })).data!.reorganizeUnits
  const unit = async (code: string) => (await app.gql<Json>(`{ unit(code: "${code}") { code openedOn closedOn parent { code } successors { kind share indicator unit { code } } predecessors { unit { code } } } }`, {}, { as: 'quantri' })).data!.unit
  const ward = (code: string, openedOn = '2020-01-01', parent = '31.QDS') =>
    app.gql<Json>(`mutation { createUnit(code: "${code}", name: "Đảng ủy phường ${code}", kind: ward_committee, sector: party, parent: "${parent}", openedOn: "${openedOn}") { __typename ... on DomainError { code message } } }`, {}, { as: 'quantri' })
  const lineageRows = async () => (await app.db.selectFrom('unit_lineage').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n

  beforeAll(async () => {
    app = await createTestApp(dialect)
    const made = await app.gql<Json>(`mutation { createAccount(username: "haiphong.quantri", displayName: "Quản trị Hải Phòng", password: "tonghop-demo-2026", role: administrator, unit: "31") { __typename ... on DomainError { code message } } }`, {}, { as: 'quantri' })
    expect(made.data!.createAccount.__typename).toBe('MutationCreateAccountSuccess')
    for (const code of ['31.QDS.P1', '31.QDS.P2', '31.QDS.P3', '31.QDS.P5']) expect((await ward(code)).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
    expect((await ward('31.P4', '2026-01-01', '31')).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
    // a branch under P1: a merge carries it to the target
    expect((await app.gql<Json>(`mutation { createUnit(code: "31.QDS.P1.CB01", name: "Chi bộ 1", kind: party_organization, sector: party, parent: "31.QDS.P1", openedOn: "2020-01-01") { __typename } }`, {}, { as: 'quantri' })).data!.createUnit.__typename).toBe('MutationCreateUnitSuccess')
  })
  afterAll(() => app.close())

  it('merges wards into an existing ward: closes them the day before, moves their branches, records lineage and audit', async () => {
    const r = await reorg({ kind: 'merge', sources: ['31.QDS.P1', '31.QDS.P2'], targets: [{ code: '31.DS' }], on: '2025-07-01' })
    expect(r.__typename).toBe('MutationReorganizeUnitsSuccess')
    expect(r.data[0].code).toBe('31.DS')
    expect(r.data[0].predecessors.map((p: Json) => [p.kind, p.share, p.unit.code, p.unit.closedOn, p.effectiveOn]).sort()).toEqual([
      ['merge', 1, '31.QDS.P1', '2025-06-30', '2025-07-01'],
      ['merge', 1, '31.QDS.P2', '2025-06-30', '2025-07-01'],
    ])
    expect((await unit('31.QDS.P1')).successors).toEqual([{ kind: 'merge', share: 1, indicator: null, unit: { code: '31.DS' } }])
    expect((await unit('31.QDS.P1.CB01')).parent.code).toBe('31.DS')
    const audit = (await app.gql<Json>(`{ auditLog(action: "unit.reorganized") { edges { node { action target details } } } }`, {}, { as: 'haiphong.quantri' })).data!.auditLog.edges
    expect(audit).toHaveLength(1)
    const details = typeof audit[0].node.details === 'string' ? JSON.parse(audit[0].node.details) : audit[0].node.details
    expect(details).toMatchObject({ kind: 'merge', effectiveOn: '2025-07-01', sources: ['31.QDS.P1', '31.QDS.P2'] })
  })

  it('splits a ward into new units with shares, per indicator where given', async () => {
    const r = await reorg({
      kind: 'split',
      sources: ['31.QDS.P3'],
      targets: [
        { code: '31.S1', parent: '31', name: 'Đảng ủy phường Tách Một', kind: 'ward_committee', sector: 'party', share: 0.4, indicatorShares: [{ indicator: 'YT01', share: 0.3 }] },
        { code: '31.S2', parent: '31', name: 'Đảng ủy phường Tách Hai', kind: 'ward_committee', sector: 'party', share: 0.6, indicatorShares: [{ indicator: 'YT01', share: 0.7 }] },
      ],
      on: '2025-07-01',
    })
    expect(r.__typename).toBe('MutationReorganizeUnitsSuccess')
    expect(r.data.map((u: Json) => [u.code, u.openedOn])).toEqual([['31.S1', '2025-07-01'], ['31.S2', '2025-07-01']])
    const p3 = await unit('31.QDS.P3')
    expect(p3.closedOn).toBe('2025-06-30')
    expect(p3.successors.map((s: Json) => `${s.unit.code} ${s.indicator ?? '*'} ${s.share}`).sort()).toEqual(['31.S1 * 0.4', '31.S1 YT01 0.3', '31.S2 * 0.6', '31.S2 YT01 0.7'])
  })

  it('refuses a split whose shares pass 1 (double count), and writes nothing', async () => {
    const before = await lineageRows()
    const r = await reorg({
      kind: 'split',
      sources: ['31.QDS.P5'],
      targets: [
        { code: '31.S3', parent: '31', name: 'Phường Ba', kind: 'ward_committee', sector: 'party', share: 0.6 },
        { code: '31.S4', parent: '31', name: 'Phường Bốn', kind: 'ward_committee', sector: 'party', share: 0.5 },
      ],
      on: '2025-07-01',
    })
    expect(r.code).toBe('LINEAGE_DOUBLE_COUNT')
    expect(r.message).toContain('tính hai lần')
    expect(await lineageRows()).toBe(before)
    expect((await unit('31.QDS.P5')).closedOn).toBeNull()
    expect(await unit('31.S3')).toBeNull()
    // the same source succeeded again for the same date: its earlier shares count
    expect((await reorg({ kind: 'split', sources: ['31.QDS.P3'], targets: [{ code: '31.S1', share: 0.2 }, { code: '31.S2', share: 0.2 }], on: '2025-07-01' })).code).toMatch(/LINEAGE_DOUBLE_COUNT|LINEAGE_TARGET_NOT_OPEN/)
  })

  it('refuses a loop: a unit succeeding itself, or a unit it came from', async () => {
    expect((await reorg({ kind: 'merge', sources: ['31.QDS.P5', '31.DS'], targets: [{ code: '31.DS' }], on: '2026-01-01' })).code).toBe('LINEAGE_LOOP')
    const renamed = await reorg({ kind: 'rename', sources: ['31.QDS.P5'], targets: [{ code: '31.R5', parent: '31', name: 'Phường Năm mới', kind: 'ward_committee', sector: 'party' }], on: '2025-07-01' })
    expect(renamed.__typename).toBe('MutationReorganizeUnitsSuccess')
    const back = await reorg({ kind: 'rename', sources: ['31.R5'], targets: [{ code: '31.QDS.P5' }], on: '2026-01-01' })
    expect(back.code).toBe('LINEAGE_LOOP')
    expect((await unit('31.R5')).closedOn).toBeNull()
  })

  it('refuses a lineage that starts before its source opened', async () => {
    const r = await reorg({ kind: 'merge', sources: ['31.P4'], targets: [{ code: '31.BD' }], on: '2026-01-01' })
    expect(r.code).toBe('LINEAGE_BEFORE_SOURCE_OPENED')
    expect((await unit('31.P4')).closedOn).toBeNull()
  })

  it('refuses another city’s administrator as if the units did not exist', async () => {
    const r = await reorg({ kind: 'merge', sources: ['31.P4'], targets: [{ code: '31.BD' }], on: '2026-06-01' }, 'phucloi.quantri')
    expect(r.code).toBe('UNIT_NOT_FOUND')
    expect((await unit('31.P4')).closedOn).toBeNull()
    expect((await unit('31.BD')).predecessors).toEqual([])
  })

  it('keeps its reading of lineage until lineage or the tree changes, then takes in only what changed', async () => {
    const a = await loadLineageContext(app.db)
    expect(await loadLineageContext(app.db)).toBe(a)
    const before = a.rows.length
    const r = await reorg({ kind: 'rename', sources: ['31.P4'], targets: [{ code: '31.R4', parent: '31', name: 'Phường Bốn mới', kind: 'ward_committee', sector: 'party' }], on: '2026-06-01' })
    expect(r.__typename).toBe('MutationReorganizeUnitsSuccess')
    const c = await loadLineageContext(app.db)
    expect(c.rows.length).toBe(before + 1)
    expect(c.rows.at(-1)!.target_unit_id).toBe((await app.db.selectFrom('units').select('id').where('code', '=', '31.R4').executeTakeFirstOrThrow()).id)
    expect(await loadLineageContext(app.db)).toBe(c)
    // a move: the places read through the moved unit are forgotten, the others kept
    const [r4, p5] = await Promise.all(['31.R4', '31.QDS.P5'].map(async (code) => (await app.db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id))
    c.nowChains.set(r4!, [r4!, -1])
    c.nowChains.set(p5!, [p5!, -2])
    const moved = await app.gql<Json>('mutation { moveUnit(code: "31.R4", newParent: "31.BD", effectiveFrom: "2026-07-01") { __typename ... on DomainError { code message } } }', {}, { as: 'quantri' })
    expect(moved.errors).toBeUndefined()
    const d = await loadLineageContext(app.db)
    expect(d.nowChains.has(r4!)).toBe(false)
    expect(d.nowChains.get(p5!)).toEqual([p5!, -2])
    expect(d.moved.get(r4!)?.map((h) => h.valid_from)).toEqual(['2026-06-01', '2026-07-01'])
  })
})
