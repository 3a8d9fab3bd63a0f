import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeTemplateWorkbook } from '../../exports/template-workbook.js'
import { loadTemplateData } from '../../src/domain/exports/load-template-data.js'
import { formLayoutWorkbook, toBuffer, type CellInput, type MetaInput } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = `mutation($file: File!, $dryRun: Boolean) {
  uploadReturn(file: $file, dryRun: $dryRun) {
    __typename
    ... on MutationUploadReturnSuccess { data { outcome returns { unitCode document { key symbol } } findings { severity code message place } } }
    ... on Error { code message }
  }
}`

type Json = Record<string, any>
type Row = [string, string, CellInput]

// domain.md §3: a report is always about a document ("a report on implementing 72-NQ/TW").
forEachDialect('the document a return reports on', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(() => app.close())

  async function upload(as: string, bytes: Buffer, dryRun = false): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null, dryRun } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(bytes)], 'bao-cao.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor(as)}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }

  async function documentOf(as: string, unit: string, form: string, period: string): Promise<Json | null> {
    const r = await app.gql<Json>('query($u: String!, $f: String!, $p: String!) { return(unit: $u, form: $f, period: $p) { document { key symbol title } } }', { u: unit, f: form, p: period }, { as })
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
    return r.data!.return?.document ?? null
  }

  const file = (rows: Row[], opts: { meta?: MetaInput; title?: string[] } = {}) => toBuffer(formLayoutWorkbook(rows, { meta: opts.meta ?? {}, title: opts.title ?? ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý I/2026'] }))
  const codes = (r: Json) => r.findings.map((f: Json) => `${f.severity}:${f.code}@${f.place ?? ''}`)

  it('takes it from the template’s hidden sheet, and shows it on the return', async () => {
    const data = await loadTemplateData(app.db, { unitCode: '31.BD.UBND', formCode: 'BC-NV', periodId: '2026Q1', layout: 'form' })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await writeTemplateWorkbook(data)) as unknown as ArrayBuffer)
    const meta = wb.getWorksheet('_tonghop')!
    expect(meta.getCell('A7').value).toBe('document')
    expect(meta.getCell('B7').value).toBe('31.BD/KH-72')
    const ws = wb.getWorksheet('Biểu 01')!
    ws.eachRow((row) => {
      if (row.getCell(2).value === 'NV01') row.getCell(5).value = 'Đang triển khai'
    })
    const r = await upload('bachdang.nhaplieu', Buffer.from(await wb.xlsx.writeBuffer()))
    expect(r.outcome).toBe('committed')
    expect(r.returns).toEqual([{ unitCode: '31.BD.UBND', document: { key: '31.BD/KH-72', symbol: '-KH/ĐU' } }])
    expect(await documentOf('bachdang.nhaplieu', '31.BD.UBND', 'BC-NV', '2026Q1')).toEqual({
      key: '31.BD/KH-72',
      symbol: '-KH/ĐU',
      title: expect.stringContaining('Thực hiện Nghị quyết số 72-NQ/TW'),
    })
    // Scoped like the return itself: another ward's user sees no return at all.
    const other = await app.gql<Json>('{ return(unit: "31.BD.UBND", form: "BC-NV", period: "2026Q1") { document { key } } }', {}, { as: 'phucloi.nhaplieu' })
    expect(other.errors?.[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
    expect(other.data?.return ?? null).toBeNull()
  })

  it('else from the assignment that binds the unit to the form; the hidden sheet wins over it', async () => {
    const plain = await upload('phucloi.nhaplieu', await file([['QT01', 'x', 2]]), true)
    expect(plain).toMatchObject({ outcome: 'dry_run', findings: [], returns: [{ unitCode: '01.PL', document: { key: '72-NQ/TW', symbol: '72-NQ/TW' } }] })
    const named = await upload('phucloi.nhaplieu', await file([['QT01', 'x', 2]], { meta: { document: '25-CT/TW' } }))
    expect(named).toMatchObject({ outcome: 'committed', findings: [], returns: [{ document: { key: '25-CT/TW' } }] })
    expect(await documentOf('phucloi.duyet', '01.PL', 'BC-QT', '2026Q1')).toMatchObject({ symbol: '25-CT/TW' })
    // A document key the system does not know: a warning at its cell, the figures still land, the assignment's document is used.
    const unknown = await upload('phucloi.nhaplieu', await file([['QT01', 'x', 3]], { meta: { document: '999-NQ/TW' } }))
    expect(unknown.outcome).toBe('committed')
    expect(codes(unknown)).toEqual(['warning:IMPORT_UNKNOWN_DOCUMENT@_tonghop!B7'])
    expect(unknown.findings[0].message).toContain('"999-NQ/TW"')
    expect(await documentOf('phucloi.duyet', '01.PL', 'BC-QT', '2026Q1')).toMatchObject({ symbol: '72-NQ/TW' })
  })

  const ASSIGN = `mutation($u: String!, $d: String) {
    assignForm(form: "BC-QT", unit: $u, periodType: quarter, deadline: {kind: "day_of_last_month", day: 14}, validFrom: "2026-01-01", document: $d) { __typename ... on Error { code message } }
  }`
  const counts = async () => ({
    assignments: (await app.db.selectFrom('assignments').select('id').execute()).length,
    audits: (await app.db.selectFrom('audit_log').select('id').where('action', '=', 'assignment.created').execute()).length,
  })

  it('an assignment made with assignForm can name the document (as typed by a person); its returns and templates carry it', async () => {
    // Xã Đại Từ's People's Committee reports BC-QT on the Government's action program, written loosely.
    const assigned = await app.gql<Json>(ASSIGN, { u: '19.DT.UBND', d: '282 / nq-cp' }, { as: 'quantri' })
    expect(assigned.data?.assignForm).toMatchObject({ __typename: 'MutationAssignFormSuccess' })
    const listed = await app.gql<Json>('{ assignments(unit: "19.DT.UBND", form: "BC-QT") { edges { node { periodType document { key symbol } } } } }', {}, { as: 'daitu.nhaplieu' })
    expect(listed.data?.assignments.edges).toEqual([{ node: { periodType: 'quarter', document: { key: '282/NQ-CP', symbol: '282/NQ-CP' } } }])
    const audit = await app.db.selectFrom('audit_log').select(['username', 'target', 'details']).where('action', '=', 'assignment.created').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ username: 'quantri', target: '19.DT.UBND' })
    expect(JSON.parse(audit.details as string)).toMatchObject({ form: 'BC-QT', periodType: 'quarter', document: '282/NQ-CP' })

    // A hand-made return that names no document: the assignment's.
    const title = ['ỦY BAN NHÂN DÂN XÃ ĐẠI TỪ', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT', 'Quý I/2026']
    const r = await upload('daitu.nhaplieu', await file([['QT01', 'x', 5]], { meta: { unit: '19.DT.UBND' }, title }))
    expect(r).toMatchObject({ outcome: 'committed', findings: [], returns: [{ unitCode: '19.DT.UBND', document: { key: '282/NQ-CP', symbol: '282/NQ-CP' } }] })
    expect(await documentOf('daitu.nhaplieu', '19.DT.UBND', 'BC-QT', '2026Q1')).toMatchObject({ symbol: '282/NQ-CP', title: expect.stringContaining('Chương trình hành động của Chính phủ') })
    // The template's hidden sheet names it too, so a template filled in later reports on it without being told.
    const data = await loadTemplateData(app.db, { unitCode: '19.DT.UBND', formCode: 'BC-QT', periodId: '2026Q1', layout: 'form' })
    expect(data.document).toEqual({ key: '282/NQ-CP', symbol: '282/NQ-CP' })
    // Another ward's clerk sees neither the return nor its document.
    const other = await app.gql<Json>('{ return(unit: "19.DT.UBND", form: "BC-QT", period: "2026Q1") { document { key } } }', {}, { as: 'bachdang.nhaplieu' })
    expect(other.errors?.[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
  })

  it('assignForm refuses a document it cannot identify (typed errors), and another ward’s administrator; nothing is written', async () => {
    const before = await counts()
    const unknown = await app.gql<Json>(ASSIGN, { u: '19.DT.UBND', d: '999-NQ/TW' }, { as: 'quantri' })
    expect(unknown.data?.assignForm).toMatchObject({ __typename: 'DomainError', code: 'DOCUMENT_NOT_FOUND' })
    expect(unknown.data?.assignForm.message).toContain('"999-NQ/TW"')
    expect(unknown.data?.assignForm.message).toContain('72-NQ/TW')
    const garbled = await app.gql<Json>(ASSIGN, { u: '19.DT.UBND', d: 'nghị quyết bảy mươi hai' }, { as: 'quantri' })
    expect(garbled.data?.assignForm).toMatchObject({ __typename: 'DomainError', code: 'DOCUMENT_NOT_FOUND' })
    // Two wards' plans are both "-KH/ĐU" (numbered only when signed): the key says which.
    const shared = await app.gql<Json>(ASSIGN, { u: '19.DT.UBND', d: '-KH/ĐU' }, { as: 'quantri' })
    expect(shared.data?.assignForm).toMatchObject({ __typename: 'DomainError', code: 'DOCUMENT_AMBIGUOUS' })
    expect(shared.data?.assignForm.message).toContain('01.PL/KH-72')
    expect(shared.data?.assignForm.message).toContain('31.BD/KH-72')
    // Phúc Lợi's administrator, a document that exists, a unit of another ward: as if the unit did not exist.
    const outside = await app.gql<Json>(ASSIGN, { u: '31.BD.UBND', d: '31.BD/KH-72' }, { as: 'phucloi.quantri' })
    const missing = await app.gql<Json>(ASSIGN, { u: 'ZZ.KHONGCO', d: '31.BD/KH-72' }, { as: 'phucloi.quantri' })
    expect(outside.data?.assignForm).toMatchObject({ __typename: 'DomainError', code: 'UNIT_NOT_FOUND' })
    expect(JSON.stringify(outside).replaceAll('31.BD.UBND', '<code>')).toBe(JSON.stringify(missing).replaceAll('ZZ.KHONGCO', '<code>'))
    // A clerk without the administrator role, on their own ward.
    const clerk = await app.gql<Json>(ASSIGN, { u: '31.BD.UBND', d: '31.BD/KH-72' }, { as: 'bachdang.nhaplieu' })
    expect(clerk.data?.assignForm ?? null).toBeNull()
    expect(clerk.errors?.length).toBeGreaterThan(0)
    expect(await counts()).toEqual(before)
  })

  it('else from a document number in the header, skipping the report’s own number; BC-QT with no document at all is refused', async () => {
    // An assignment made by an administrator without naming a document.
    const assigned = await app.gql<Json>('mutation { assignForm(form: "BC-QT", unit: "31.BD.UBND", periodType: quarter, deadline: {kind: "day_of_last_month", day: 14}, validFrom: "2026-01-01") { __typename ... on Error { code message } } }', {}, { as: 'quantri' })
    expect(assigned.data?.assignForm).toMatchObject({ __typename: 'MutationAssignFormSuccess' })
    const title = (line: string) => ['ỦY BAN NHÂN DÂN PHƯỜNG BẠCH ĐẰNG', 'Số: 12/BC-UBND', line, 'Quý I/2026']
    const meta: MetaInput = { unit: '31.BD.UBND' }
    const plainTitle = title('BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT')

    // BC-QT must name its document (documentRequired): with none in the file, the assignment or an earlier revision,
    // the upload is refused, pointing at the title where the number belongs.
    const none = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 1]], { meta, title: plainTitle }), true)
    expect(none).toMatchObject({ outcome: 'refused', returns: [{ unitCode: '31.BD.UBND', document: null }] })
    expect(codes(none)).toEqual(['error:IMPORT_DOCUMENT_REQUIRED@Biểu 01!A3'])
    expect(none.findings[0].message).toContain('Biểu BC-QT phải nêu văn bản được báo cáo')
    expect(none.findings[0].message).toContain('Ủy ban nhân dân phường Bạch Đằng')
    expect(none.findings[0].message).toContain('72-NQ/TW')
    // Another ward's clerk learns nothing of the unit, its assignment or its document: the unit is simply unknown.
    const outsider = await upload('phucloi.nhaplieu', await file([['QT01', 'x', 1]], { meta, title: plainTitle }), true)
    expect(outsider).toMatchObject({ outcome: 'refused', returns: [] })
    expect(codes(outsider)).toEqual(['error:IMPORT_UNKNOWN_UNIT@'])
    // A number the system does not know identifies nothing: the same error at that number's cell (no "figures land" warning).
    const unknownFirst = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 1]], { meta, title: title('BÁO CÁO KẾT QUẢ QUÁN TRIỆT NGHỊ QUYẾT SỐ 99-NQ/TW') }))
    expect(unknownFirst.outcome).toBe('refused')
    expect(codes(unknownFirst)).toEqual(['error:IMPORT_DOCUMENT_REQUIRED@Biểu 01!A3'])
    expect(unknownFirst.findings[0].message).toContain('"99-NQ/TW"')
    const unknownMeta = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 1]], { meta: { ...meta, document: '999-NQ/TW' }, title: plainTitle }))
    expect(codes(unknownMeta)).toEqual(['error:IMPORT_DOCUMENT_REQUIRED@_tonghop!B7'])
    expect(await documentOf('bachdang.nhaplieu', '31.BD.UBND', 'BC-QT', '2026Q1')).toBeNull()

    const headed = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 1]], { meta, title: title('BÁO CÁO KẾT QUẢ QUÁN TRIỆT CHỈ THỊ SỐ 25 - CT/TW CỦA BAN BÍ THƯ') }))
    expect(headed).toMatchObject({ outcome: 'committed', findings: [], returns: [{ document: { key: '25-CT/TW' } }] })
    expect(await documentOf('bachdang.nhaplieu', '31.BD.UBND', 'BC-QT', '2026Q1')).toMatchObject({ symbol: '25-CT/TW', title: expect.any(String) })

    // Once the return records a document, a revision naming an unknown one is only a warning, and one naming none is fine.
    const unknown = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 2]], { meta, title: title('BÁO CÁO KẾT QUẢ QUÁN TRIỆT NGHỊ QUYẾT SỐ 99-NQ/TW') }))
    expect(unknown.outcome).toBe('committed')
    expect(codes(unknown)).toEqual(['warning:IMPORT_UNKNOWN_DOCUMENT@Biểu 01!A3'])
    expect(unknown.returns).toEqual([{ unitCode: '31.BD.UBND', document: null }])
    const plain = await upload('bachdang.nhaplieu', await file([['QT01', 'x', 3]], { meta, title: plainTitle }))
    expect(plain).toMatchObject({ outcome: 'committed', findings: [] })
    // A revision that names no document keeps the one recorded.
    expect(await documentOf('bachdang.nhaplieu', '31.BD.UBND', 'BC-QT', '2026Q1')).toMatchObject({ symbol: '25-CT/TW' })
  })

  it('a form that does not require a document (BC-YT72) lands without one', async () => {
    const assigned = await app.gql<Json>('mutation { assignForm(form: "BC-YT72", unit: "31.BD.VP", periodType: half, deadline: {kind: "days_after_end", days: 5}) { __typename ... on Error { code message } } }', {}, { as: 'quantri' })
    expect(assigned.data?.assignForm).toMatchObject({ __typename: 'MutationAssignFormSuccess' })
    const bytes = await file([['YT01', 'x', 40]], { meta: { form: 'BC-YT72', period: '2026S1', unit: '31.BD.VP' }, title: ['VĂN PHÒNG ĐẢNG ỦY PHƯỜNG BẠCH ĐẰNG', 'BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU Y TẾ', '6 tháng đầu năm 2026'] })
    const r = await upload('bachdang.nhaplieu', bytes)
    expect(r).toMatchObject({ outcome: 'committed', findings: [], returns: [{ unitCode: '31.BD.VP', document: null }] })
  })
})
