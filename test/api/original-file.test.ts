import { afterAll, beforeAll, expect, it } from 'vitest'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const REQUEST = 'mutation($r: Int!, $v: Int!) { requestOriginalFile(return: $r, revision: $v) { __typename ... on MutationRequestOriginalFileSuccess { data { url fileName } } ... on Error { code message } } }'
type Link = { requestOriginalFile: { __typename: string; data?: { url: string; fileName: string }; code?: string } }

forEachDialect('the original file of a revision (requestOriginalFile)', (dialect) => {
  let app: TestApp
  let bytes: Buffer
  let returnId: number
  beforeAll(async () => {
    app = await createTestApp(dialect)
    bytes = await toBuffer(formLayoutWorkbook([['QT01', 'x', 4]]))
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: 'mutation($file: File!) { uploadReturn(file: $file) { ... on MutationUploadReturnSuccess { data { returns { returnId } } } } }', variables: { file: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'phuc-loi-quy-1.xlsx'))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor('phucloi.nhaplieu')}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    returnId = ((await res.json()) as { data: { uploadReturn: { data: { returns: { returnId: number }[] } } } }).data.uploadReturn.data.returns[0]!.returnId
  })
  afterAll(() => app.close())

  const download = async (url: string, as: string) => {
    const u = new URL(url)
    return app.yoga.fetch(`http://localhost${u.pathname}${u.search}`, { headers: { authorization: `Bearer ${await app.tokenFor(as)}` } }, { clientAddress: '127.0.0.1' })
  }

  it('gives the ward’s reviewer the file exactly as it was uploaded', async () => {
    const r = await app.gql<Link>(REQUEST, { r: returnId, v: 1 }, { as: 'phucloi.duyet' })
    expect(r.data?.requestOriginalFile.data?.fileName).toBe('phuc-loi-quy-1.xlsx')
    const res = await download(r.data!.requestOriginalFile.data!.url, 'phucloi.duyet')
    expect(res.status).toBe(200)
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
    const none = await app.gql<Link>(REQUEST, { r: returnId, v: 2 }, { as: 'phucloi.duyet' })
    expect(none.data?.requestOriginalFile.code).toBe('ORIGINAL_FILE_NOT_FOUND')
  })

  it('refuses another ward’s clerk the link and the file', async () => {
    const r = await app.gql<Link>(REQUEST, { r: returnId, v: 1 }, { as: 'bachdang.nhaplieu' })
    expect(r.data?.requestOriginalFile.code).toBe('RETURN_NOT_FOUND')
    const link = await app.gql<Link>(REQUEST, { r: returnId, v: 1 }, { as: 'phucloi.nhaplieu' })
    const res = await download(link.data!.requestOriginalFile.data!.url, 'bachdang.nhaplieu')
    expect(res.status).toBe(404)
  })
})
