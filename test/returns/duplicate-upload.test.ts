import { afterAll, beforeAll, expect, it } from 'vitest'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = 'mutation($file: File!, $dryRun: Boolean) { uploadReturn(file: $file, dryRun: $dryRun) { ... on MutationUploadReturnSuccess { data { outcome message returns { returnId revision } } } } }'
type Result = { outcome: string; message: string; returns: { returnId: number | null; revision: number | null }[] }

forEachDialect('an identical re-upload', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function upload(bytes: Buffer, dryRun = false): Promise<Result> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, dryRun } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'q1.xlsx'))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor('phucloi.nhaplieu')}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    return ((await res.json()) as { data: { uploadReturn: { data: Result } } }).data.uploadReturn.data
  }

  it('says nothing changed and names the revision that exists, not the next one', async () => {
    const bytes = await toBuffer(formLayoutWorkbook([['QT01', 'x', 3]]))
    const first = await upload(bytes)
    expect(first.returns).toEqual([{ returnId: expect.any(Number), revision: 1 }])
    for (const dryRun of [false, true]) {
      const again = await upload(bytes, dryRun)
      expect(again.outcome).toBe('duplicate')
      expect(again.message).toContain('không có gì thay đổi')
      expect(again.returns).toEqual([{ returnId: first.returns[0]!.returnId, revision: 1 }])
    }
  })
})
