import { afterAll, beforeAll, expect, it } from 'vitest'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = `mutation($file: File!, $dryRun: Boolean, $unit: String, $period: String) {
  uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, period: $period) {
    ... on MutationUploadReturnSuccess { data { outcome message returns { unitCode revision } findings { severity code message place } } }
    ... on Error { code message }
  }
}`
type Json = Record<string, any>

const UBND_HEADER = ['ỦY BAN NHÂN DÂN XÃ ĐẠI TỪ', 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU Y TẾ THEO NGHỊ QUYẾT SỐ 72-NQ/TW', '6 tháng đầu năm 2026']

// Issue #13: the importer's messages, the same on the page (the API) and on the command line (importReturnFile as the
// system user, which `tonghop import` calls and whose findings it prints as they are).
forEachDialect('importer messages (#13)', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function upload(as: string, bytes: Buffer, variables: Json = {}): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, ...variables } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'bao-cao.xlsx'))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor(as)}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }
  const cli = (bytes: Buffer, dryRun = true) => importReturnFile(app.services.database, { bytes, fileName: 'bao-cao.xlsx', unitCode: null, formCode: null, periodId: null, scope: null, dryRun, actor: { accountId: null, username: 'cli' } })

  it('names the indicator by its label as well as its code', async () => {
    const file = await toBuffer(formLayoutWorkbook([['QT01', 'Số hội nghị', -2], ['QT03', 'Số đảng viên đã tham gia học tập', 120], ['QT04', 'Tổng số đảng viên', 100]], { meta: null, title: ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT SỐ 72-NQ/TW', 'Quý I/2026'] }))
    for (const r of [await upload('phucloi.nhaplieu', file, { dryRun: true }), await cli(file)]) {
      const byCode = new Map<string, Json>(r.findings.map((f: Json) => [f.code, f]))
      expect(byCode.get('IMPORT_NEGATIVE')).toMatchObject({ place: 'Biểu 01!E7', message: 'Chỉ tiêu QT01 (Số hội nghị học tập, quán triệt đã tổ chức) không được âm (ô ghi -2). Hãy nhập số từ 0 trở lên, hoặc để trống nếu chưa có số liệu.' })
      expect(byCode.get('IMPORT_NUMERATOR_GT_DENOMINATOR')?.message).toContain('QT03 (Số đảng viên đã tham gia học tập) = 120 không được lớn hơn QT04 (Tổng số đảng viên) = 100')
    }
  })

  it('tells a file headed by a unit not assigned the form, at the header’s cell, which units in the uploader’s scope are', async () => {
    const file = await toBuffer(formLayoutWorkbook([['YT01', 'Dân số trung bình', 1000], ['YT02', 'Số người tham gia bảo hiểm y tế', 900]], { meta: null, title: UBND_HEADER }))
    for (const r of [await upload('daitu.nhaplieu', file, { dryRun: true }), await cli(file)]) {
      expect(r.outcome).toBe('refused')
      expect(r.findings.map((f: Json) => [f.code, f.place])).toEqual([['IMPORT_UNIT_NOT_ASSIGNED', 'Biểu 01!A1']])
      const message: string = r.findings[0].message
      expect(message).toContain('Ủy ban nhân dân xã Đại Từ không được giao báo cáo biểu BC-YT72 trong kỳ 6 tháng đầu năm 2026.')
      expect(message).toContain('Đảng ủy xã Đại Từ (mã 19.DT)')
      expect(message).toContain('Trạm Y tế xã Đại Từ (mã 19.DT.TYT)')
      expect(message).toContain('Hãy sửa tên đơn vị ở tiêu đề biểu')
      expect(r.message).toContain('rồi tải lên lại')
    }
  })

  it('says an identical re-upload changed nothing, at the revision that exists', async () => {
    const file = await toBuffer(formLayoutWorkbook([['YT01', 'Dân số trung bình', 1000], ['YT02', 'Số người tham gia bảo hiểm y tế', 900]], { meta: null, title: ['ĐẢNG ỦY XÃ ĐẠI TỪ', ...UBND_HEADER.slice(1)] }))
    const first = await upload('daitu.nhaplieu', file)
    expect(first).toMatchObject({ outcome: 'committed', returns: [{ unitCode: '19.DT', revision: 1 }] })
    for (const r of [await upload('daitu.nhaplieu', file), await cli(file, false)]) {
      expect(r.outcome).toBe('duplicate')
      expect(r.message).toBe('Tệp này giống hệt tệp đã tải lên trước đó; không có gì thay đổi; báo cáo của Đảng ủy xã Đại Từ vẫn ở lần cập nhật thứ 1.')
      expect(r.returns.map((x: Json) => x.revision)).toEqual([1])
    }
  })

  it('says why a refused file is refused and what to do', async () => {
    const r = await upload('phucloi.nhaplieu', Buffer.from('Mã;Giá trị\nQT01;2\n'))
    expect(r.outcome).toBe('refused')
    expect(r.message).toMatch(/^Tệp bị từ chối: có 1 lỗi cần sửa\. Không có số liệu nào được lưu\. Hãy sửa từng lỗi/)
    expect(r.findings[0].message).toMatch(/không phải bảng tính Excel \.xlsx.*Lưu thành/)
  })
})
