import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consolidatedWorkbookBuffer, TEXTS_SHEET } from '../../exports/consolidated-workbook.js'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { loadWorkbook, sampleReportData } from '../exports/export-fixtures.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = `mutation($file: File!) {
  uploadReturn(file: $file) {
    __typename
    ... on MutationUploadReturnSuccess { data { outcome findings { severity code message place } returns { values { indicator text } } } }
    ... on Error { code message }
  }
}`

type Json = Record<string, any>
const EXCEL_CELL_MAX = 32_767

forEachDialect('text answers have a length cap', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function upload(bytes: Buffer): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'phuc-loi-q1.xlsx'))
    const token = await app.tokenFor('phucloi.nhaplieu')
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }

  it('refuses a text answer over 10,000 characters at its cell, in Vietnamese, and stores nothing', async () => {
    const long = 'Khó khăn về nhân lực. '.repeat(2000)
    const r = await upload(await toBuffer(formLayoutWorkbook([['QT01', 'x', 2], ['DG03', 'Khó khăn, vướng mắc', long]])))
    expect(r.outcome).toBe('refused')
    const f = r.findings.find((x: Json) => x.code === 'IMPORT_TEXT_TOO_LONG')
    expect(f).toMatchObject({ severity: 'error', place: 'Biểu 01!E8' })
    expect(f.message).toMatch(/DG03.*43\.999 ký tự.*10\.000/)
    expect((await countReturnRows(app.db)).returns).toBe(0)
  })

  it('accepts a text of exactly 10,000 characters', async () => {
    const r = await upload(await toBuffer(formLayoutWorkbook([['QT01', 'x', 2], ['DG03', 'Khó khăn, vướng mắc', 'a'.repeat(10_000)]])))
    expect(r.outcome).toBe('committed')
    expect(r.returns[0].values.find((v: Json) => v.indicator === 'DG03').text).toHaveLength(10_000)
  })
})

describe('the consolidated export and Excel\'s cell limit', () => {
  it('never writes a cell over 32,767 characters, and says where the rest is', async () => {
    const data = sampleReportData()
    data.texts = [...data.texts, { unitName: 'Đơn vị cũ', indicatorCode: 'YT22', text: 'x'.repeat(5_200_000) }]
    const wb = await loadWorkbook(await consolidatedWorkbookBuffer(data))
    let longest = 0
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => (longest = Math.max(longest, typeof c.value === 'string' ? c.value.length : 0))))
    expect(longest).toBeLessThanOrEqual(EXCEL_CELL_MAX)
    const texts = wb.getWorksheet(TEXTS_SHEET)!
    let cut = ''
    texts.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && c.value.startsWith('xxx') && (cut = c.value)))
    expect(cut.length).toBeGreaterThan(32_000)
    expect(cut).toMatch(/đã cắt bớt/)
  })
})
