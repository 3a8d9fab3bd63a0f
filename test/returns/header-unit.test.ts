import { afterAll, beforeAll, expect, it } from 'vitest'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { formLayoutWorkbook, tableLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = `mutation($file: File!, $dryRun: Boolean, $unit: String, $period: String) {
  uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, period: $period) {
    ... on MutationUploadReturnSuccess { data { outcome returns { unitCode revision } findings { severity code message place } } }
    ... on Error { code message }
  }
}`

type Json = Record<string, any>

// Issue #15, point 9: the `unit` argument and the unit the file's header names must agree.
forEachDialect('the upload’s unit against the header’s', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function upload(as: string, bytes: Buffer, variables: Json): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, ...variables } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'bao-cao.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor(as)}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }
  const values: [string, string, number][] = [['QT01', 'Số hội nghị', 2], ['QT02', 'Số lượt người tham dự', 120]]

  it('refuses a file headed Phúc Lợi sent by Bạch Đằng’s clerk as Bạch Đằng’s, at the header’s cell, naming both units', async () => {
    const before = await countReturnRows(app.db)
    const file = await toBuffer(formLayoutWorkbook(values, { meta: null, title: ['ĐẢNG BỘ THÀNH PHỐ HÀ NỘI', 'Đảng ủy phường Phúc Lợi', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW', 'Quý I/2026'] }))
    const r = await upload('bachdang.nhaplieu', file, { unit: '31.BD', period: '2026Q1' })
    expect(r.outcome).toBe('refused')
    expect(r.returns).toEqual([])
    expect(r.findings.map((f: Json) => [f.severity, f.code, f.place])).toEqual([['error', 'IMPORT_UNIT_HEADER_MISMATCH', 'Biểu 01!A2']])
    expect(r.findings[0].message).toContain('Đảng ủy phường Phúc Lợi')
    expect(r.findings[0].message).toContain('Đảng ủy phường Bạch Đằng (mã 31.BD)')
    expect(await countReturnRows(app.db)).toEqual(before)
  })

  it('refuses the same in the table layout', async () => {
    const file = await toBuffer(tableLayoutWorkbook(['QT01', 'QT02'], [['31.BD.CB02', 'Chi bộ 2', 1, 10]], { meta: null, title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO TỔNG HỢP QUÝ I/2026 THỰC HIỆN NGHỊ QUYẾT SỐ 72-NQ/TW'] }))
    const r = await upload('bachdang.nhaplieu', file, { unit: '31.BD', period: '2026Q1', dryRun: true })
    expect(r.findings.map((f: Json) => [f.code, f.place])).toEqual([['IMPORT_UNIT_HEADER_MISMATCH', 'Biểu 02!A1']])
  })

  it('accepts a header naming the unit itself, or only its superiors', async () => {
    const own = await toBuffer(formLayoutWorkbook(values, { meta: null, title: ['ĐẢNG ỦY PHƯỜNG BẠCH ĐẰNG', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW', 'Quý I/2026'] }))
    const r = await upload('bachdang.nhaplieu', own, { unit: '31.BD', period: '2026Q1' })
    expect(r.findings).toEqual([])
    expect(r.returns).toEqual([{ unitCode: '31.BD', revision: 1 }])
    const superior = await toBuffer(formLayoutWorkbook([['QT01', 'Số hội nghị', 3]], { meta: null, title: ['Thành ủy Hải Phòng', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW', 'Quý I/2026'] }))
    const s = await upload('bachdang.nhaplieu', superior, { unit: '31.BD', period: '2026Q1', dryRun: true })
    expect(s.findings).toEqual([])
  })
})
