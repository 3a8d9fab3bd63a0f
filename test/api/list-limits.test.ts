import { afterAll, beforeAll, expect, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const globalId = (n: number) => Buffer.from(`Unit:${n}`).toString('base64')
type Errors = { message: string; extensions?: Record<string, unknown> }[] | undefined
const codeOf = (errors: Errors) => errors?.[0]?.extensions?.code

forEachDialect('lists priced wherever they come from', (dialect) => {
  let app: TestApp
  let wardGlobalId: string
  beforeAll(async () => {
    app = await createTestApp(dialect)
    const r = await app.gql<{ unit: { id: string } }>('{ unit(code: "01.PL") { id } }', {}, { as: 'phucloi.nhaplieu' })
    wardGlobalId = r.data!.unit.id
  })
  afterAll(() => app.close())

  it('refuses nodes(ids:) with 60,000 ids in variables (the 900 KB probe) before resolving any, and keeps serving', async () => {
    const ids = Array.from({ length: 60_000 }, (_, i) => globalId(i + 1))
    expect(JSON.stringify(ids).length).toBeGreaterThan(800_000)
    const r = await app.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, { as: 'phucloi.nhaplieu' })
    expect(r.data ?? null).toBeNull()
    expect(codeOf(r.errors)).toBe('LIST_TOO_LONG')
    expect(r.errors?.[0]?.message).toMatch(/\$ids.*60[.,]?000.*500/)
    const ok = await app.gql<{ nodes: ({ id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [...ids.slice(0, 299), wardGlobalId] }, { as: 'phucloi.nhaplieu' })
    expect(ok.errors).toBeUndefined()
    expect(ok.data?.nodes).toHaveLength(300)
    expect(ok.data?.nodes.at(-1)?.id).toBe(wardGlobalId)
  })

  it('refuses a long list written in the query itself, under the token limit', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `"${globalId(i + 1)}"`).join(',')
    const r = await app.gql(`{ nodes(ids: [${ids}]) { id } }`, {}, { as: 'phucloi.nhaplieu' })
    expect(codeOf(r.errors)).toBe('LIST_TOO_LONG')
    expect(r.errors?.[0]?.message).toMatch(/ids.*600.*500/)
  })

  it('refuses units(kinds:) with 50,000 values (an internal "too many SQL variables" error before)', async () => {
    // UnitKind is an enum now: 50,000 valid values, the list's length is what is refused
    const kinds = Array.from({ length: 50_000 }, () => 'office')
    const r = await app.gql('query($k: [UnitKind!]) { units(kinds: $k) { edges { node { code } } } }', { k: kinds }, { as: 'quantri' })
    expect(codeOf(r.errors)).toBe('LIST_TOO_LONG')
    const ok = await app.gql<{ units: { edges: { node: { code: string } }[] } }>('query($k: [UnitKind!]) { units(kinds: $k, first: 5) { edges { node { code } } } }', { k: [...kinds.slice(0, 400), 'ward_committee'] }, { as: 'quantri' })
    expect(ok.errors).toBeUndefined()
    expect(ok.data?.units.edges.length).toBeGreaterThan(0)
  })

  it('refuses a long list nested in a mutation argument, and writes nothing', async () => {
    const unitKinds = Array.from({ length: 600 }, () => 'party_organization')
    const before = await app.gql<{ assignments: { edges: unknown[] } }>('{ assignments(first: 200) { edges { cursor } } }', {}, { as: 'quantri' })
    const r = await app.gql(
      'mutation($k: [UnitKind!]) { assignForm(form: "BC-QT", unit: "01.PL", unitKinds: $k, periodType: quarter, deadline: {kind: "day_of_last_month", day: 14}) { __typename } }',
      { k: unitKinds },
      { as: 'quantri' },
    )
    expect(codeOf(r.errors)).toBe('LIST_TOO_LONG')
    const after = await app.gql<{ assignments: { edges: unknown[] } }>('{ assignments(first: 200) { edges { cursor } } }', {}, { as: 'quantri' })
    expect(after.data?.assignments.edges.length).toBe(before.data?.assignments.edges.length)
  })

  it('prices nodes by the number of ids: 500 units each with a page of children is too complex', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => globalId(i + 1))
    const r = await app.gql('query($ids: [ID!]!) { nodes(ids: $ids) { ... on Unit { children(first: 50) { edges { node { code name } } } } } }', { ids }, { as: 'quantri' })
    expect(codeOf(r.errors)).toBe('QUERY_TOO_COMPLEX')
  })

  it('prices connections by first: provinces → wards → units, 200 each, is refused; small pages pass', async () => {
    const q = (n: number) =>
      `{ units(first: ${n}, kinds: [province_committee]) { edges { node { code children(first: ${n}) { edges { node { code children(first: ${n}) { edges { node { code name } } } } } } } } } }`
    const big = await app.gql(q(200), {}, { as: 'quantri' })
    expect(big.data ?? null).toBeNull()
    expect(codeOf(big.errors)).toBe('QUERY_TOO_COMPLEX')
    expect(big.errors?.[0]?.message).toMatch(/độ phức tạp/)
    const small = await app.gql<{ units: { edges: unknown[] } }>(q(10), {}, { as: 'quantri' })
    expect(small.errors).toBeUndefined()
    expect(small.data?.units.edges.length).toBeGreaterThan(0)
  })

  // the price of a document is remembered per set of variables (complexity-limit.ts): a remembered price must follow them
  it('prices the same document again when its variables change: small, then too large, then small', async () => {
    const q = 'query($n: Int) { units(first: $n, kinds: [province_committee]) { edges { node { code children(first: $n) { edges { node { code children(first: $n) { edges { node { code name } } } } } } } } } }'
    for (const [n, refused] of [[10, false], [200, true], [10, false], [200, true]] as const) {
      const r = await app.gql<{ units: { edges: unknown[] } }>(q, { n }, { as: 'quantri' })
      expect(codeOf(r.errors) === 'QUERY_TOO_COMPLEX', `first: ${n}`).toBe(refused)
      if (!refused) expect(r.data?.units.edges.length).toBeGreaterThan(0)
    }
  })

  it('prices the operation asked for by name, not the first one of the document', async () => {
    const document = `query Big { units(first: 200, kinds: [province_committee]) { edges { node { children(first: 200) { edges { node { children(first: 200) { edges { node { code } } } } } } } } } }
      query Small { units(first: 5, kinds: [province_committee]) { edges { node { code } } } }`
    const send = async (operationName: string) => {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.tokenFor('quantri')}` },
        body: JSON.stringify({ query: document, operationName }),
      }, { clientAddress: '127.0.0.1' })
      return (await response.json()) as { data?: { units: { edges: unknown[] } }; errors?: Errors }
    }
    const small = await send('Small')
    expect(small.errors).toBeUndefined()
    expect(small.data?.units.edges.length).toBeGreaterThan(0)
    expect(codeOf((await send('Big')).errors)).toBe('QUERY_TOO_COMPLEX')
    expect((await send('Small')).errors).toBeUndefined()
  })
})
