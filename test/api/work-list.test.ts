import { afterAll, beforeAll, expect, it } from 'vitest'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const WORK = 'query($on: Date) { workList(on: $on) { unitCode formCode periodId periodLabel deadline daysLeft status document { symbol } return { id status currentRevision } } }'
type Item = { unitCode: string; formCode: string; periodId: string; periodLabel: string; deadline: string; daysLeft: number; status: string; document: { symbol: string } | null; return: { id: number; status: string; currentRevision: number } | null }

forEachDialect('the clerk’s work list (workList)', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  const list = async (as: string, on = '2026-07-20') => {
    const r = await app.gql<{ workList: Item[] }>(WORK, { on }, { as })
    expect(r.errors).toBeUndefined()
    return r.data!.workList
  }
  const find = (items: Item[], unit: string, form: string, period: string) => items.find((i) => i.unitCode === unit && i.formCode === form && i.periodId === period)

  it('lists what the ward and the units under it must file, due or overdue, with the deadline counted from the day', async () => {
    const items = await list('phucloi.nhaplieu')
    expect(find(items, '01.PL', 'BC-QT', '2026Q2')).toMatchObject({ periodLabel: 'Quý II/2026', deadline: '2026-06-14', daysLeft: -36, status: 'missing', document: { symbol: '72-NQ/TW' }, return: null })
    expect(find(items, '01.PL', 'BC-QT', '2026Q3')).toMatchObject({ deadline: '2026-09-14', daysLeft: 56, status: 'missing' })
    // The health station files BC-YT72 under the ward; a period not yet begun is not listed.
    expect(find(items, '01.PL.TYT', 'BC-YT72', '2026S1')).toMatchObject({ status: 'missing' })
    expect(find(items, '01.PL', 'BC-QT', '2026Q4')).toBeUndefined()
    // Most urgent first.
    expect(items.map((i) => i.deadline)).toEqual([...items.map((i) => i.deadline)].sort())
    // A period filed long ago drops off; an unfiled one stays while overdue.
    const later = await list('phucloi.nhaplieu', '2026-12-20')
    expect(find(later, '01.PL', 'BC-QT', '2026Q1')).toBeUndefined()
    expect(find(later, '01.PL', 'BC-QT', '2026Q3')).toMatchObject({ daysLeft: -97, status: 'missing' })
  })

  it('shows the return’s status once a file is uploaded', async () => {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadReturn(file: $file) { __typename ... on MutationUploadReturnSuccess { data { outcome message findings { code message } } } ... on Error { message } } }', variables: { file: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(await toBuffer(formLayoutWorkbook([['QT01', 'x', 2]], { meta: { period: '2026Q2' }, title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý II/2026'] })))], 'q2.xlsx'))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor('phucloi.nhaplieu')}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = JSON.stringify(await res.json())
    expect(body, body).toContain('committed')
    expect(find(await list('phucloi.nhaplieu'), '01.PL', 'BC-QT', '2026Q2')).toMatchObject({ status: 'draft', return: { status: 'draft', currentRevision: 1 } })
  })

  it('shows another ward’s clerk none of Phúc Lợi, and a user who files nothing an empty list', async () => {
    const other = await list('bachdang.nhaplieu')
    expect(other.length).toBeGreaterThan(0)
    expect(other.every((i) => i.unitCode.startsWith('31.'))).toBe(true)
    expect(await list('phucloi.duyet')).toEqual([])
    const anonymous = await app.gql<{ workList: Item[] }>(WORK, { on: '2026-07-20' })
    expect(anonymous.data?.workList ?? []).toEqual([])
  })
})
