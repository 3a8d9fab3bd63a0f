import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

forEachDialect('unit tree API', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('returns the ancestors of phường Phúc Lợi up through Thành ủy Hà Nội to the central level', async () => {
    const r = await app.gql<{ unit: { name: string; ancestors: { code: string; name: string }[] } }>('{ unit(code: "01.PL") { name ancestors { code name } } }', {}, { as: 'quantri' })
    expect(r.errors).toBeUndefined()
    expect(r.data?.unit.name).toBe('Đảng ủy phường Phúc Lợi')
    expect(r.data?.unit.ancestors.map((a) => a.code)).toEqual(['TW', '01'])
    expect(r.data?.unit.ancestors[1]?.name).toBe('Thành ủy Hà Nội')
  })

  it('finds "Phúc Lợi" from "phuc loi" without diacritics, and from NFD input', async () => {
    for (const search of ['phuc loi', 'PHÚC LỢI', 'Phúc Lợi'.normalize('NFD')]) {
      const r = await app.gql<{ units: { edges: { node: { code: string } }[] } }>('query($s: String) { units(search: $s, kinds: [ward_committee]) { edges { node { code } } } }', { s: search }, { as: 'quantri' })
      expect(r.data?.units.edges.map((e) => e.node.code)).toEqual(['01.PL'])
    }
  })

  it('lists wards in Vietnamese order and pages through them with cursors', async () => {
    const q = 'query($after: String) { units(kinds: [ward_committee], first: 2, after: $after) { edges { node { name } } pageInfo { hasNextPage endCursor } } }'
    const names: string[] = []
    let after: string | null = null
    for (let i = 0; i < 5; i++) {
      const r: { data?: { units: { edges: { node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } } = await app.gql(q, { after }, { as: 'quantri' })
      names.push(...(r.data?.units.edges.map((e) => e.node.name) ?? []))
      if (!r.data?.units.pageInfo.hasNextPage) break
      after = r.data.units.pageInfo.endCursor
    }
    expect(names).toEqual(['Đảng ủy phường Bạch Đằng', 'Đảng ủy phường Đồ Sơn', 'Đảng ủy phường Phúc Lợi', 'Đảng ủy xã Đại Từ'])
    expect([...names].sort(new Intl.Collator('vi').compare)).toEqual(names)
  })

  it('gives children and subtree sizes, with a query count that does not grow with the number of nodes', async () => {
    const query = '{ unit(code: $code) { subtreeSize children(first: 100) { edges { node { code subtreeSize children(first: 100) { edges { node { code parent { code } } } } } } } } }'
    type Tree = { unit: { subtreeSize: number; children: { edges: { node: { code: string; subtreeSize: number; children: { edges: { node: { code: string } }[] } } }[] } } }
    const run = async (code: string) => {
      const before = app.queries.count
      const r = await app.gql<Tree>(query.replace('$code', JSON.stringify(code)), {}, { as: 'quantri' })
      const level1 = r.data?.unit.children.edges ?? []
      return { r, used: app.queries.count - before, nodes: level1.length + level1.reduce((n, e) => n + e.node.children.edges.length, 0) }
    }
    const small = await run('31.DS.UBND')
    const big = await run('TW')
    const level1 = small.r.data?.unit.children.edges ?? []
    expect(level1.map((e) => e.node.code)).toContain('31.DS.TTDV')
    expect(small.r.data?.unit.subtreeSize).toBe(1 + level1.reduce((n, e) => n + e.node.subtreeSize, 0))
    expect(big.nodes).toBeGreaterThan(small.nodes * 2)
    // DataLoader batches per tick, so a deeper tree may add a batch or two, never one per node
    expect(big.used).toBeLessThanOrEqual(small.used + 3)
    expect(big.used).toBeLessThan(big.nodes)
  })

  it('keeps where a moved unit was: the Đồ Sơn example branch was under Quận ủy Đồ Sơn before July 2025', async () => {
    const r = await app.gql<{ units: { edges: { node: { code: string; parentHistory: { parent: { code: string } | null; validTo: string | null }[]; before: { code: string } | null; after: { code: string } | null } }[] } }>(
      '{ units(first: 200, includeClosed: true) { edges { node { code parentHistory { parent { code } validTo } before: parentOn(date: "2025-03-01") { code } after: parentOn(date: "2026-03-01") { code } } } } }',
      {},
      { as: 'quantri' },
    )
    const moved = r.data?.units.edges.map((e) => e.node).filter((n) => n.parentHistory.length > 1) ?? []
    expect(moved.length).toBeGreaterThan(0)
    const sample = moved[0]
    expect(sample?.before?.code).not.toEqual(sample?.after?.code)
    expect(moved.some((m) => m.before?.code === '31.QDS')).toBe(true)
  })

  it('hides closed units unless asked, and shows them when asked', async () => {
    const open = await app.gql<{ units: { edges: { node: { code: string } }[] } }>('{ units(kinds: [district_committee]) { edges { node { code } } } }', {}, { as: 'quantri' })
    const all = await app.gql<{ units: { edges: { node: { code: string; closedOn: string } }[] } }>('{ units(kinds: [district_committee], includeClosed: true) { edges { node { code closedOn } } } }', {}, { as: 'quantri' })
    expect(open.data?.units.edges).toEqual([])
    expect(all.data?.units.edges[0]?.node).toEqual({ code: '31.QDS', closedOn: '2025-06-30' })
  })

  it('refuses a malformed cursor with a clear error', async () => {
    const r = await app.gql('{ units(after: "xyz") { edges { node { code } } } }', {}, { as: 'quantri' })
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_CURSOR')
  })
})

