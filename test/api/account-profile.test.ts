import { afterAll, beforeAll, expect, it } from 'vitest'
import { SUMMARY_SHEET } from '../../exports/consolidated-workbook.js'
import { loadWorkbook, textsOf } from '../exports/export-fixtures.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const ME = '{ me { username displayName signerTitle } }'
const UPDATE = `mutation($d: String, $t: String) {
  updateProfile(displayName: $d, signerTitle: $t) {
    __typename
    ... on MutationUpdateProfileSuccess { data { displayName signerTitle } }
    ... on Error { code message }
  }
}`
const REQUEST_EXPORT = `mutation($u: String!, $t: String, $n: String, $d: Date) {
  requestExport(form: "BC-QT", unit: $u, period: "2026Q1", signerTitle: $t, signerName: $n, date: $d) {
    __typename
    ... on MutationRequestExportSuccess { data { url } }
    ... on Error { code message }
  }
}`

type Me = { me: { username: string; displayName: string; signerTitle: string | null } }
type Update = { updateProfile: { __typename: string; data?: { displayName: string; signerTitle: string | null }; code?: string; message?: string } }
type Link = { requestExport: { __typename: string; data?: { url: string }; code?: string } }

forEachDialect('the signer profile on the account, and the consolidated download it prefills', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
  })
  afterAll(async () => app?.close())

  it('a user sets their own signer title and name; nobody else is changed; a blank name is refused in Vietnamese', async () => {
    expect((await app.gql<Me>(ME, {}, { as: 'vanthu.hanoi' })).data?.me.signerTitle).toBeNull()
    const r = await app.gql<Update>(UPDATE, { d: 'Nguyễn Thị Lan', t: ' T/M BAN THƯỜNG VỤ \n\n PHÓ BÍ THƯ THƯỜNG TRỰC ' }, { as: 'vanthu.hanoi' })
    expect(r.data?.updateProfile.data).toEqual({ displayName: 'Nguyễn Thị Lan', signerTitle: 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC' })
    expect((await app.gql<Me>(ME, {}, { as: 'vanthu.hanoi' })).data?.me).toEqual({ username: 'vanthu.hanoi', displayName: 'Nguyễn Thị Lan', signerTitle: 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC' })
    // Another account's profile is untouched (the mutation has no way to name one).
    expect((await app.gql<Me>(ME, {}, { as: 'phucloi.vanthu' })).data?.me).toMatchObject({ displayName: 'Văn thư Đảng ủy phường Phúc Lợi (demo)', signerTitle: null })
    const blank = await app.gql<Update>(UPDATE, { d: '   ' }, { as: 'vanthu.hanoi' })
    expect(blank.data?.updateProfile).toMatchObject({ code: 'PROFILE_NAME_EMPTY', message: expect.stringContaining('không được để trống') })
    expect((await app.gql<Me>(ME, {}, { as: 'vanthu.hanoi' })).data?.me.displayName).toBe('Nguyễn Thị Lan')
    const anonymous = await app.gql<Update>(UPDATE, { d: 'X' }, { token: null })
    expect(anonymous.data?.updateProfile ?? null).toBeNull()
    const audit = await app.db.selectFrom('audit_log').select(['username', 'details']).where('action', '=', 'account.profile_updated').execute()
    expect(audit.map((a) => a.username)).toEqual(['vanthu.hanoi'])
  })

  it('the downloaded workbook carries the signer title, name and date asked for; only exporters over the unit get one', async () => {
    const r = await app.gql<Link>(REQUEST_EXPORT, { u: '01', t: 'T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC', n: 'Nguyễn Thị Lan', d: '2026-04-10' }, { as: 'vanthu.hanoi' })
    const url = r.data?.requestExport.data?.url as string
    expect(url).toBeTruthy()
    const token = await app.tokenFor('vanthu.hanoi')
    const res = await app.yoga.fetch(url, { method: 'GET', headers: { authorization: `Bearer ${token}` } }, { clientAddress: '127.0.0.1' })
    expect(res.status).toBe(200)
    const ws = (await loadWorkbook(Buffer.from(await res.arrayBuffer()))).getWorksheet(SUMMARY_SHEET)
    const texts = textsOf(ws as NonNullable<typeof ws>, 200)
    expect(texts).toEqual(expect.arrayContaining(['Hà Nội, ngày 10 tháng 4 năm 2026', 'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Thị Lan']))
    // A viewer of the same city is no exporter: refused by the API, and the exporter's link is a 404 for them.
    const viewer = await app.gql<Link>(REQUEST_EXPORT, { u: '01' }, { as: 'tuyengiao.hanoi' })
    expect(viewer.data?.requestExport.data).toBeUndefined()
    const viewerToken = await app.tokenFor('tuyengiao.hanoi')
    expect((await app.yoga.fetch(url, { method: 'GET', headers: { authorization: `Bearer ${viewerToken}` } }, { clientAddress: '127.0.0.1' })).status).toBe(404)
    // Hải Phòng's viewer cannot even tell Hà Nội's export exists.
    const other = await app.gql<Link>(REQUEST_EXPORT, { u: '01' }, { as: 'tuyengiao.haiphong' })
    expect(other.data?.requestExport.data).toBeUndefined()
    expect(JSON.stringify(other)).not.toContain('Hà Nội')
  })
})
