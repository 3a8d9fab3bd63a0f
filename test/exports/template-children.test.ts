import ExcelJS from 'exceljs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { TABLE_HEADERS, TABLE_SHEET, TOTAL_LABEL } from '../../exports/template-data.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { unitByCode } from '../../src/domain/units/unit-service.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { findRow, loadWorkbook, metaOf } from './export-fixtures.js'

type Json = Record<string, any>

const REQUEST_TEMPLATE = `mutation($f: String!, $u: String!, $p: String!) {
  requestTemplate(form: $f, unit: $u, period: $p, layout: TABLE) {
    __typename
    ... on MutationRequestTemplateSuccess { data { url fileName } }
    ... on Error { code message }
  }
}`
const UPLOAD = `mutation($file: File!) {
  uploadReturn(file: $file) {
    __typename
    ... on MutationUploadReturnSuccess { data { outcome returns { unitCode document { key } } findings { severity code message place } } }
    ... on Error { code message }
  }
}`

interface TableTemplate {
  wb: ExcelJS.Workbook
  ws: ExcelJS.Worksheet
  /** The header row (STT, Mã đơn vị, …, indicator codes). */
  header: number
  /** Row unit codes, top to bottom. */
  codes: string[]
  /** Column of each indicator code. */
  col: Map<string, number>
}

// A table-layout template lists the children that must file the form in the period, and only them: a row for a unit
// the form does not apply to could only be refused on upload (IMPORT_UNIT_NOT_ASSIGNED).
forEachDialect('table-layout templates list the children that must file the form', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
    // A clerk of the Hải Phòng city committee, who collects the wards' returns.
    const city = await unitByCode(app.db, '31')
    await createAccount(app.db, { username: 'haiphong.nhaplieu', displayName: 'Văn phòng Thành ủy Hải Phòng', password: DEMO_PASSWORD, grants: [{ role: 'submitter', unitId: city!.id }], grantedBy: null })
  })
  afterAll(() => app.close())

  async function request(as: string, f: string, u: string, p: string): Promise<Json> {
    const r = await app.gql<Json>(REQUEST_TEMPLATE, { f, u, p }, { as })
    return r.errors ? { errors: r.errors } : r.data!.requestTemplate
  }

  async function tableTemplate(as: string, f: string, u: string, p: string): Promise<TableTemplate> {
    const link = await request(as, f, u, p)
    expect(link.__typename, JSON.stringify(link)).toBe('MutationRequestTemplateSuccess')
    const res = await app.yoga.fetch(link.data.url, { method: 'GET', headers: { authorization: `Bearer ${await app.tokenFor(as)}` } }, { clientAddress: '127.0.0.1' })
    expect(res.status).toBe(200)
    const wb = await loadWorkbook(Buffer.from(await res.arrayBuffer()))
    const ws = wb.getWorksheet(TABLE_SHEET) as ExcelJS.Worksheet
    const header = findRow(ws, TABLE_HEADERS)
    const codes: string[] = []
    for (let r = header + 1; typeof ws.getCell(r, 2).value === 'string'; r++) codes.push(ws.getCell(r, 2).value as string)
    const col = new Map<string, number>()
    ws.getRow(header).eachCell((c, n) => void (n > 3 && col.set(String(c.value), n)))
    return { wb, ws, header, codes, col }
  }

  /** What Excel would store on saving: the "Tổng cộng" SUMs evaluated over the rows they name. */
  function computeTotals(t: TableTemplate): void {
    const total = t.ws.getRow(t.header + t.codes.length + 1)
    total.eachCell((cell) => {
      const m = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(cell.formula ?? '')
      if (!m) return
      let sum = 0
      for (let r = Number(m[2]); r <= Number(m[4]); r++) sum += Number(t.ws.getCell(`${m[1]}${r}`).value ?? 0)
      cell.value = { formula: cell.formula, result: sum } as ExcelJS.CellFormulaValue
    })
  }

  async function upload(as: string, wb: ExcelJS.Workbook): Promise<Json> {
    const { FormData, File } = app.yoga.fetchAPI
    const form = new FormData()
    form.append('operations', JSON.stringify({ query: UPLOAD, variables: { file: null } }))
    form.append('map', JSON.stringify({ 0: ['variables.file'] }))
    form.append('0', new File([new Uint8Array(await wb.xlsx.writeBuffer())], 'bieu-02.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${await app.tokenFor(as)}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn.data
  }

  it('BC-YT72 under the People’s Committee: only the health station, not the office or the residential groups; the filled file lands', async () => {
    const t = await tableTemplate('phucloi.nhaplieu', 'BC-YT72', '01.PL.UBND', '2026S1')
    expect(t.codes).toEqual(['01.PL.TYT'])
    expect(metaOf(t.wb)).toMatchObject({ layout: 'table', unit: '01.PL.UBND', units: '01.PL.TYT', document: '72-NQ/TW' })
    const first = t.header + 1
    expect(t.ws.getCell(first + 1, 3).value).toBe(TOTAL_LABEL)
    expect(t.ws.getCell(first + 1, t.col.get('YT01')!).formula).toBe(`SUM(D${first}:D${first})`)
    t.ws.getCell(first, t.col.get('YT01')!).value = 12_500
    t.ws.getCell(first, t.col.get('YT02')!).value = 12_100
    computeTotals(t)
    const r = await upload('phucloi.nhaplieu', t.wb)
    expect(r).toMatchObject({ outcome: 'committed', findings: [], returns: [{ unitCode: '01.PL.TYT', document: { key: '72-NQ/TW' } }] })
  })

  it('BC-NV under Bạch Đằng’s People’s Committee: its offices and health station, never its residential groups', async () => {
    const t = await tableTemplate('bachdang.nhaplieu', 'BC-NV', '31.BD.UBND', '2026Q1')
    expect(t.codes.sort()).toEqual(['31.BD.KT', '31.BD.TYT', '31.BD.VHXH'])
    const ward = await tableTemplate('bachdang.nhaplieu', 'BC-NV', '31.BD', '2026Q1')
    expect(ward.codes).toEqual(['31.BD.UBND'])
  })

  it('BC-QT at the city: the wards open in the quarter, not the city’s own departments; the "Tổng cộng" row sums exactly the ward rows', async () => {
    const t = await tableTemplate('haiphong.nhaplieu', 'BC-QT', '31', '2026Q1')
    expect(t.codes).toEqual(['31.BD', '31.DS'])
    const [first, last] = [t.header + 1, t.header + 2]
    const qt01 = t.col.get('QT01')!
    const letter = t.ws.getColumn(qt01).letter
    expect(t.ws.getCell(last + 1, 3).value).toBe(TOTAL_LABEL)
    expect(t.ws.getCell(last + 1, qt01).formula).toBe(`SUM(${letter}${first}:${letter}${last})`)
    t.ws.getCell(first, qt01).value = 3
    t.ws.getCell(last, qt01).value = 4
    computeTotals(t)
    expect((t.ws.getCell(last + 1, qt01).value as ExcelJS.CellFormulaValue).result).toBe(7)
    const r = await upload('haiphong.nhaplieu', t.wb)
    expect(r.outcome).toBe('committed')
    expect(r.findings).toEqual([])
    expect(r.returns.map((x: Json) => x.unitCode).sort()).toEqual(['31.BD', '31.DS'])
  })

  it('reads the tree of the period: in Quý I/2024 the city had the Đồ Sơn district, and a branch sat under it', async () => {
    const city = await tableTemplate('haiphong.nhaplieu', 'BC-QT', '31', '2024Q1')
    // Quận ủy Đồ Sơn closed in 2025 but filed BC-QT (on 25-CT/TW) then; the wards did not exist yet.
    expect(city.codes).toEqual(['31.QDS'])
    expect(metaOf(city.wb)).toMatchObject({ units: '31.QDS', document: '25-CT/TW' })
    // Branches filed BC-QT that quarter too (an assignment made for the test): the school's branch was under the district then.
    const assigned = await app.gql<Json>(
      'mutation { assignForm(form: "BC-QT", unit: "31", unitKinds: [party_organization], periodType: quarter, deadline: {kind: "day_of_last_month", day: 31}, validFrom: "2024-01-01", validTo: "2024-03-31") { __typename ... on Error { code } } }',
      {},
      { as: 'quantri' },
    )
    expect(assigned.data?.assignForm.__typename).toBe('MutationAssignFormSuccess')
    const district = await tableTemplate('haiphong.nhaplieu', 'BC-QT', '31.QDS', '2024Q1')
    expect(district.codes).toEqual(['31.DS.CB01'])
    // The ward it belongs to today did not exist in that quarter.
    const ward = await request('haiphong.nhaplieu', 'BC-QT', '31.DS', '2024Q1')
    expect(ward).toMatchObject({ __typename: 'DomainError', code: 'TEMPLATE_NO_CHILDREN' })
    expect(ward.message).toContain('không có đơn vị trực thuộc nào hoạt động trong kỳ Quý I/2024')
  })

  it('when no child must file the form, the request is TEMPLATE_NO_CHILDREN saying where the reporting units are', async () => {
    // BC-YT72 binds the ward and its health station; the station sits under the People’s Committee, not the ward.
    const r = await request('phucloi.nhaplieu', 'BC-YT72', '01.PL', '2026S1')
    expect(r).toMatchObject({ __typename: 'DomainError', code: 'TEMPLATE_NO_CHILDREN' })
    expect(r.message).toContain('Không có đơn vị trực thuộc nào của Đảng ủy phường Phúc Lợi phải báo cáo biểu BC-YT72 trong kỳ 6 tháng đầu năm 2026')
    expect(r.message).toContain('trực thuộc Ủy ban nhân dân phường Phúc Lợi')
    expect(r.message).toContain('Báo cáo của chính Đảng ủy phường Phúc Lợi dùng mẫu theo biểu')
    // BC-QT binds wards only: none of the ward's own children, nothing further down.
    const qt = await request('phucloi.nhaplieu', 'BC-QT', '01.PL', '2026Q1')
    expect(qt).toMatchObject({ __typename: 'DomainError', code: 'TEMPLATE_NO_CHILDREN' })
    expect(qt.message).not.toContain('trực thuộc Ủy ban')
  })

  it('another ward’s clerk gets UNIT_NOT_FOUND, never the list of children nor whether there are any', async () => {
    for (const [f, u, p] of [['BC-YT72', '01.PL.UBND', '2026S1'], ['BC-YT72', '01.PL', '2026S1'], ['BC-QT', '01', '2026Q1']]) {
      const r = await request('bachdang.nhaplieu', f!, u!, p!)
      expect(r.code, `${f} ${u}`).toBe('UNIT_NOT_FOUND')
      // The same answer as for a code that does not exist.
      const missing = await request('bachdang.nhaplieu', f!, 'ZZ.KHONGCO', p!)
      expect(JSON.stringify(r).replaceAll(u!, '<code>')).toBe(JSON.stringify(missing).replaceAll('ZZ.KHONGCO', '<code>'))
    }
  })
})
