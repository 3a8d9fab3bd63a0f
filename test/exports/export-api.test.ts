import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { DETAIL_SHEET, SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { FORM_HEADERS, FORM_SHEET, TABLE_HEADERS, TABLE_SHEET } from '../../exports/template-data.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { rollupEngineSource } from '../../src/domain/exports/rollup-engine-source.js'
import { signDownloadLink } from '../../src/domain/exports/download-link.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { unitByCode } from '../../src/domain/units/unit-service.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { findRow, fixedRollupSource, loadWorkbook, metaOf, textsOf } from './export-fixtures.js'

const REQUEST_TEMPLATE = `mutation($f: String!, $u: String!, $p: String!, $l: TemplateLayout) {
  requestTemplate(form: $f, unit: $u, period: $p, layout: $l) {
    __typename
    ... on MutationRequestTemplateSuccess { data { url fileName expiresAt } }
    ... on Error { code message }
  }
}`
const REQUEST_EXPORT = `mutation($f: String!, $u: String!, $p: String!, $t: String, $n: String) {
  requestExport(form: $f, unit: $u, period: $p, signerTitle: $t, signerName: $n) {
    __typename
    ... on MutationRequestExportSuccess { data { url fileName expiresAt } }
    ... on Error { code message }
  }
}`

interface LinkResult {
  __typename: string
  data?: { url: string; fileName: string; expiresAt: string }
  code?: string
}

forEachDialect('exports: templates, consolidated export and download links', (dialect) => {
  let app: TestApp

  beforeAll(async () => {
    app = await createTestApp(dialect)
    // An exporter of another ward (Bạch Đằng, Hải Phòng): must never reach Phúc Lợi's files.
    const bd = await unitByCode(app.db, '31.BD')
    await createAccount(app.db, { username: 'bachdang.vanthu', displayName: 'Văn thư Bạch Đằng', password: DEMO_PASSWORD, grants: [{ role: 'exporter', unitId: bd?.id as number }], grantedBy: null })
  })
  afterAll(async () => app?.close())
  // A test may give this app fixed figures; the next test gets the engine back.
  afterEach(() => { app.services.exportSource = rollupEngineSource })

  async function template(as: string, vars: Record<string, unknown>) {
    return app.gql<{ requestTemplate: LinkResult }>(REQUEST_TEMPLATE, vars, { as })
  }

  async function get(url: string, as: string | null): Promise<Response> {
    const token = as ? await app.tokenFor(as) : null
    return app.yoga.fetch(url, { method: 'GET', headers: token ? { authorization: `Bearer ${token}` } : {} }, { clientAddress: '127.0.0.1' })
  }

  it('a submitter gets a form-layout template: header, protected sheet, validated inputs, ratio formulas, hidden sheet', async () => {
    const r = await template('phucloi.nhaplieu', { f: 'BC-YT72', u: '01.PL', p: '2026S1', l: 'FORM' })
    expect(r.errors).toBeUndefined()
    const link = r.data?.requestTemplate.data
    expect(link?.url).toMatch(/\/download\/template\?/)
    expect(new Date(link?.expiresAt as string).getTime() - Date.now()).toBeLessThanOrEqual(300_000)
    const res = await get(link?.url as string, 'phucloi.nhaplieu')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('spreadsheetml')
    const cd = res.headers.get('content-disposition') as string
    expect(cd).toContain(`filename*=UTF-8''Bi%E1%BB%83u%20BC-YT72%20-%20%C4%90%E1%BA%A3ng%20%E1%BB%A7y%20ph%C6%B0%E1%BB%9Dng%20Ph%C3%BAc%20L%E1%BB%A3i`)
    expect(cd).toMatch(/^attachment; filename="Bieu BC-YT72 - Dang uy phuong Phuc Loi - 6 thang dau nam 2026\.xlsx"; /)
    const wb = await loadWorkbook(Buffer.from(await res.arrayBuffer()))
    expect(metaOf(wb)).toEqual({ form: 'BC-YT72', version: 1, period: '2026S1', unit: '01.PL', scope: 'own', layout: 'form', document: '72-NQ/TW' })
    const meta = wb.getWorksheet('_tonghop')
    expect(['hidden', 'veryHidden']).toContain(meta?.state)
    const ws = wb.getWorksheet(FORM_SHEET) as ExcelJS.Worksheet
    expect(textsOf(ws, 6)).toEqual(expect.arrayContaining(['ĐẢNG BỘ THÀNH PHỐ HÀ NỘI', 'ĐẢNG ỦY PHƯỜNG PHÚC LỢI', '*', 'ĐẢNG CỘNG SẢN VIỆT NAM', `Phúc Lợi, ngày … tháng … năm ${new Date().getFullYear()}`]))
    expect(ws.getCell('A1').font?.name).toBe('Times New Roman')
    const header = findRow(ws, FORM_HEADERS)
    expect(header).toBeGreaterThan(0)
    expect(ws.getCell(header + 1, 1).value).toBe('I')
    expect(ws.getCell(header + 1, 2).value).toBeNull()
    const rowOf = new Map<string, number>()
    for (let r = header + 1; r <= ws.rowCount; r++) if (typeof ws.getCell(r, 2).value === 'string') rowOf.set(ws.getCell(r, 2).value as string, r)
    expect([...rowOf.keys()].slice(0, 4)).toEqual(['YT01', 'YT02', 'YT03', 'YT04'])
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true)
    const yt01 = ws.getCell(rowOf.get('YT01') as number, 5)
    expect(yt01.protection?.locked).toBe(false)
    expect(yt01.dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0] })
    const yt21 = ws.getCell(rowOf.get('YT21') as number, 5)
    expect(yt21.dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [30, 100] })
    const yt03 = ws.getCell(rowOf.get('YT03') as number, 5)
    expect(yt03.formula).toBe(`IF(N(E${rowOf.get('YT01')})=0,"",E${rowOf.get('YT02')}/E${rowOf.get('YT01')})`)
    expect(yt03.protection?.locked).not.toBe(false)
    expect(ws.getCell(rowOf.get('YT01') as number, 3).protection?.locked).not.toBe(false)
  })

  it('yes/no and choice inputs get list validation', async () => {
    const r = await template('phucloi.vanthu', { f: 'BC-QT', u: '01.PL', p: '2026Q1' })
    const res = await get(r.data?.requestTemplate.data?.url as string, 'phucloi.vanthu')
    const ws = (await loadWorkbook(Buffer.from(await res.arrayBuffer()))).getWorksheet(FORM_SHEET) as ExcelJS.Worksheet
    const header = findRow(ws, FORM_HEADERS)
    let qt09 = 0
    for (let r2 = header; r2 <= ws.rowCount; r2++) if (ws.getCell(r2, 2).value === 'QT09') qt09 = r2
    expect(ws.getCell(qt09, 5).dataValidation).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] })
    const r3 = await template('phucloi.vanthu', { f: 'BC-NV', u: '01.PL', p: '2026Q1' })
    const res3 = await get(r3.data?.requestTemplate.data?.url as string, 'phucloi.vanthu')
    const nv = (await loadWorkbook(Buffer.from(await res3.arrayBuffer()))).getWorksheet(FORM_SHEET) as ExcelJS.Worksheet
    const h3 = findRow(nv, FORM_HEADERS)
    expect(nv.getCell(h3 + 2, 2).value).toBe('NV01')
    expect(nv.getCell(h3 + 2, 5).dataValidation).toMatchObject({ type: 'list', formulae: ['"Chưa triển khai,Đang triển khai,Hoàn thành"'] })
  })

  it('the table layout has one row per child that must file the form, codes as headers, and a "Tổng cộng" row of SUM formulas', async () => {
    const r = await template('phucloi.nhaplieu', { f: 'BC-YT72', u: '01.PL.UBND', p: '2026S1', l: 'TABLE' })
    const res = await get(r.data?.requestTemplate.data?.url as string, 'phucloi.nhaplieu')
    expect(res.status).toBe(200)
    const wb = await loadWorkbook(Buffer.from(await res.arrayBuffer()))
    const ws = wb.getWorksheet(TABLE_SHEET) as ExcelJS.Worksheet
    const header = findRow(ws, TABLE_HEADERS)
    expect(ws.getCell(header, 4).value).toBe('YT01')
    expect(ws.getCell(header - 1, 4).value).toBe('Dân số trung bình (người)')
    const codes: string[] = []
    for (let r2 = header + 1; typeof ws.getCell(r2, 2).value === 'string'; r2++) codes.push(ws.getCell(r2, 2).value as string)
    // The health station; not the office or the residential groups, which BC-YT72 does not bind (test/exports/template-children.test.ts).
    expect(codes).toEqual(['01.PL.TYT'])
    const meta = metaOf(wb)
    expect(meta).toMatchObject({ form: 'BC-YT72', layout: 'table', scope: 'own', period: '2026S1', unit: '01.PL.UBND' })
    expect(String(meta.units).split(',')).toEqual(codes)
    const total = header + codes.length + 1
    expect(ws.getCell(total, 3).value).toBe('Tổng cộng')
    expect(ws.getCell(total, 4).formula).toBe(`SUM(D${header + 1}:D${total - 1})`)
    // No ratio columns: the inputs are the components.
    const heads: unknown[] = []
    ws.getRow(header).eachCell((c) => heads.push(c.value))
    expect(heads).not.toContain('YT03')
    expect(ws.getCell(header + 1, 4).protection?.locked).toBe(false)
  })

  it('a link is refused (404, same answer) to another account, without a token, when tampered with or expired', async () => {
    const r = await template('phucloi.nhaplieu', { f: 'BC-YT72', u: '01.PL', p: '2026S1' })
    const url = r.data?.requestTemplate.data?.url as string
    const other = await get(url, 'phucloi.vanthu')
    const none = await get(url, null)
    const tampered = await get(url.replace('period=2026S1', 'period=2026S2'), 'phucloi.nhaplieu')
    const badSig = await get(url.replace(/sig=[^&]+/, 'sig=AAAA'), 'phucloi.nhaplieu')
    const acct = Number(new URL(url).searchParams.get('acct'))
    const expired = signDownloadLink(app.services.config.secret as string, 'template', { form: 'BC-YT72', unit: '01.PL', period: '2026S1', layout: 'form' }, acct, Date.now() - 6 * 60_000)
    const old = await get(`http://localhost${expired.pathAndQuery}`, 'phucloi.nhaplieu')
    const bodies = new Set<string>()
    for (const res of [other, none, tampered, badSig, old]) {
      expect(res.status).toBe(404)
      expect(res.headers.get('content-disposition')).toBeNull()
      bodies.add(await res.text())
    }
    expect(bodies.size).toBe(1)
    // The genuine link still works for its owner.
    expect((await get(url, 'phucloi.nhaplieu')).status).toBe(200)
  })

  it('another ward cannot request Phúc Lợi templates or exports (UNIT_NOT_FOUND); a submitter cannot export', async () => {
    for (const as of ['bachdang.nhaplieu', 'bachdang.vanthu']) {
      const t = await template(as, { f: 'BC-YT72', u: '01.PL', p: '2026S1' })
      expect(t.data?.requestTemplate).toMatchObject({ code: 'UNIT_NOT_FOUND' })
    }
    const e = await app.gql<{ requestExport: LinkResult }>(REQUEST_EXPORT, { f: 'BC-YT72', u: '01.PL', p: '2026S1' }, { as: 'bachdang.vanthu' })
    expect(e.data?.requestExport).toMatchObject({ code: 'UNIT_NOT_FOUND' })
    const s = await app.gql<{ requestExport: LinkResult }>(REQUEST_EXPORT, { f: 'BC-YT72', u: '01.PL', p: '2026S1' }, { as: 'phucloi.nhaplieu' })
    expect(s.data?.requestExport).toMatchObject({ code: 'FORBIDDEN' })
  })

  it('an unknown form or a bad period is a typed error', async () => {
    const f = await template('phucloi.nhaplieu', { f: 'NOPE', u: '01.PL', p: '2026S1' })
    expect(f.data?.requestTemplate).toMatchObject({ __typename: 'DomainError', code: 'FORM_NOT_FOUND' })
    const p = await template('phucloi.nhaplieu', { f: 'BC-YT72', u: '01.PL', p: '2026Q9' })
    expect(p.data?.requestTemplate.__typename).toBe('PeriodError')
  })

  it('the download route answers only GET under /download/ and leaves other paths alone', async () => {
    expect((await app.yoga.fetch('http://localhost/health', { method: 'GET' }, { clientAddress: '127.0.0.1' })).status).toBe(200)
    expect((await app.yoga.fetch('http://localhost/download/template?x=1', { method: 'POST' }, { clientAddress: '127.0.0.1' })).status).toBe(404)
  })



  it('with a rollup source plugged in, an exporter downloads the consolidated workbook; both steps are audited', async () => {
    const source = fixedRollupSource(4)
    app.services.exportSource = () => source
    const r = await app.gql<{ requestExport: LinkResult }>(REQUEST_EXPORT, { f: 'BC-YT72', u: '01.PL', p: '2026S1', t: 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC', n: 'Nguyễn Xuân Hiền' }, { as: 'phucloi.vanthu' })
    expect(r.errors).toBeUndefined()
    const link = r.data?.requestExport.data
    expect(link?.fileName).toBe('Báo cáo tổng hợp BC-YT72 - Đảng ủy phường Phúc Lợi - 6 tháng đầu năm 2026.xlsx')
    expect((await get(link?.url as string, 'vanthu.hanoi')).status).toBe(404)
    const res = await get(link?.url as string, 'phucloi.vanthu')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p")
    const wb = await loadWorkbook(Buffer.from(await res.arrayBuffer()))
    expect(metaOf(wb)).toEqual({ form: 'BC-YT72', version: 1, period: '2026S1', unit: '01.PL', scope: 'consolidated', layout: 'form' })
    const sum = wb.getWorksheet(SUMMARY_SHEET) as ExcelJS.Worksheet
    expect(textsOf(sum, sum.rowCount)).toEqual(expect.arrayContaining(['T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Xuân Hiền', 'Nơi nhận:', '- Lưu.']))
    const header = findRow(sum, FORM_HEADERS)
    let yt01 = 0
    for (let r2 = header; r2 <= sum.rowCount; r2++) if (sum.getCell(r2, 2).value === 'YT01') yt01 = r2
    const detail = wb.getWorksheet(DETAIL_SHEET) as ExcelJS.Worksheet
    const dh = findRow(detail, TABLE_HEADERS)
    let expected = 0
    for (let i = 1; i <= 4; i++) expected += detail.getCell(dh + i, 4).value as number
    expect(sum.getCell(yt01, 5).value).toBe(expected)
    expect(detail.getCell(dh + 5, 4).result).toBe(expected)
    const audit = await app.db.selectFrom('audit_log').select(['action', 'username']).where('action', 'like', 'export.%').execute()
    expect(audit).toEqual(expect.arrayContaining([{ action: 'export.requested', username: 'phucloi.vanthu' }, { action: 'export.downloaded', username: 'phucloi.vanthu' }]))
  })
})
