import { afterAll, beforeAll, expect, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

forEachDialect('documents, forms, periods, assignments and targets through GraphQL', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  it('follows 72-NQ/TW down the cascade to phường Phúc Lợi’s plan, and back up', async () => {
    const r = await app.gql<{ document: { number: number; type: string; issuer: string; issuedOn: string; implementedBy: { symbol: string; key: string; implementedBy: { key: string; implementedBy: { key: string }[] }[] }[] } }>(
      '{ document(key: "72-NQ/TW") { number type issuer issuedOn implementedBy { key symbol implementedBy { key implementedBy { key } } } } }',
      {},
      { as: 'tuyengiao.hanoi' },
    )
    const doc = r.data?.document
    expect([doc?.number, doc?.type, doc?.issuer, doc?.issuedOn]).toEqual([72, 'NQ', 'TW', '2025-09-09'])
    expect(doc?.implementedBy.map((d) => d.symbol)).toEqual(expect.arrayContaining(['282/NQ-CP', '06-CTr/TU', '03-CTr/TU']))
    const ctr06 = doc?.implementedBy.find((d) => d.key === '06-CTr/TU')
    expect(ctr06?.implementedBy.map((d) => d.key)).toContain('30-KH/BTGDVTU')
    const up = await app.gql<{ document: { implements: { key: string }[]; issuingUnit: { code: string } | null } }>('{ document(key: "30-KH/BTGDVTU") { implements { key } issuingUnit { code } } }', {}, { as: 'tuyengiao.hanoi' })
    expect(up.data?.document.implements.map((d) => d.key)).toEqual(expect.arrayContaining(['06-CTr/TU']))
    expect(up.data?.document.issuingUnit?.code).toBe('01.BTGDV')
  })

  it('hides the issuing unit of a document from a user outside its subtree', async () => {
    const r = await app.gql<{ document: { issuingUnit: { code: string } | null } }>('{ document(key: "30-KH/BTGDVTU") { issuingUnit { code } } }', {}, { as: 'bachdang.nhaplieu' })
    expect(r.data?.document.issuingUnit).toBeNull()
  })

  it('describes BC-YT72 with its sections, ratio components, weight and rules', async () => {
    const r = await app.gql<{ form: { title: string; periodTypes: string[]; indicators: { code: string; valueType: string; unitAggregation: string; timeAggregation: string; numerator: string | null; denominator: string | null; weight: string | null; min: number | null }[]; rules: { left: string; op: string; right: string }[] } }>(
      '{ form(code: "BC-YT72") { title periodTypes indicators { code valueType unitAggregation timeAggregation numerator denominator weight min } rules { left op right } } }',
      {},
      { as: 'phucloi.nhaplieu' },
    )
    const form = r.data?.form
    expect(form?.periodTypes).toEqual(['half', 'year'])
    const by = new Map(form?.indicators.map((i) => [i.code, i]))
    expect(by.get('YT06')).toMatchObject({ valueType: 'ratio', unitAggregation: 'ratio', numerator: 'YT05', denominator: 'YT04' })
    expect(by.get('YT21')).toMatchObject({ valueType: 'decimal', unitAggregation: 'weighted_avg', weight: 'YT01', timeAggregation: 'last', min: 30 })
    expect(by.get('YT01')?.timeAggregation).toBe('last')
    expect(by.get('YT09')?.timeAggregation).toBe('sum')
    expect(form?.indicators.map((i) => i.code)).toEqual(Array.from({ length: 22 }, (_, i) => `YT${String(i + 1).padStart(2, '0')}`))
    expect(form?.rules).toEqual(expect.arrayContaining([{ left: 'YT15', op: '<=', right: 'YT14' }]))
  })

  it('parses Vietnamese period labels and lists the periods of a year; a bad label is a typed error', async () => {
    const r = await app.gql<{ a: { data: { id: string; start: string; end: string; label: string } }; b: { data: { id: string } }; bad: { __typename: string; code: string; message: string } }>(
      '{ a: parsePeriodLabel(label: "Quý I/2026") { ... on QueryParsePeriodLabelSuccess { data { id start end label } } } b: parsePeriodLabel(label: "6 tháng đầu năm 2026") { ... on QueryParsePeriodLabelSuccess { data { id } } } bad: parsePeriodLabel(label: "Quý V/2026") { __typename ... on Error { code message } } }',
      {},
      { as: 'phucloi.nhaplieu' },
    )
    expect(r.data?.a.data).toEqual({ id: '2026Q1', start: '2026-01-01', end: '2026-03-31', label: 'Quý I/2026' })
    expect(r.data?.b.data.id).toBe('2026S1')
    expect(r.data?.bad.code).toBe('PERIOD_INVALID_LABEL')
    const list = await app.gql<{ periods: { edges: { node: { id: string; label: string; stateWindowStart: string; stateWindowEnd: string } }[] } }>('{ periods(type: quarter, year: 2026) { edges { node { id label stateWindowStart stateWindowEnd } } } }', {}, { as: 'phucloi.nhaplieu' })
    expect(list.data?.periods.edges.map((e) => e.node.label)).toEqual(['Quý I/2026', 'Quý II/2026', 'Quý III/2026', 'Quý IV/2026'])
    expect(list.data?.periods.edges[0]?.node).toMatchObject({ stateWindowStart: '2025-12-15', stateWindowEnd: '2026-03-14' })
  })

  it("computes each assignment's deadline for a period and lists what a unit must file", async () => {
    const r = await app.gql<{ unit: { obligations: { formCode: string; periodType: string; deadline: string }[] } }>('{ unit(code: "01.PL") { obligations { formCode periodType deadline(period: "2026Q1") } } }', {}, { as: 'phucloi.nhaplieu' })
    const qt = r.data?.unit.obligations.find((o) => o.formCode === 'BC-QT')
    expect(qt).toMatchObject({ periodType: 'quarter', deadline: '2026-03-14' })
  })

  it("shows a unit's own targets to its users and no one else's", async () => {
    const mine = await app.gql<{ targets: { edges: { node: { indicatorCode: string; comparator: string; value: number | null; year: number } }[] } }>('{ targets(unit: "31.BD") { edges { node { indicatorCode comparator value year } } } }', {}, { as: 'bachdang.nhaplieu' })
    expect(mine.data?.targets.edges.map((e) => e.node)).toEqual(expect.arrayContaining([{ indicatorCode: 'YT06', comparator: '>', value: 95, year: 2030 }]))
    const theirs = await app.gql<{ targets: { edges: { node: { indicatorCode: string } }[] } }>('{ targets { edges { node { indicatorCode unit { code } } } } }', {}, { as: 'phucloi.nhaplieu' })
    expect(theirs.data?.targets.edges).toEqual([])
  })
})
