import { afterAll, beforeAll, expect, it } from 'vitest'
import { findUnitByCode } from '../../src/db/repositories/unit.repository.js'
import { countReturnRows } from '../../src/db/repositories/return.repository.js'
import { createAccount } from '../../src/domain/accounts/account-service.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const UPLOAD = `mutation($file: File!, $dryRun: Boolean, $unit: String, $period: String) {
  uploadReturn(file: $file, dryRun: $dryRun, unit: $unit, period: $period) {
    __typename
    ... on MutationUploadReturnSuccess { data { outcome message formCode periodId returns { unitCode returnId revision values { indicator number place } } findings { severity code message place } } }
    ... on Error { code message }
  }
}`

type Json = Record<string, any>

forEachDialect('returns over GraphQL', (dialect) => {
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
    form.append('0', new File([new Uint8Array(bytes)], 'phuc-loi-q1.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }))
    const token = await app.tokenFor(as)
    const res = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } }, { clientAddress: '127.0.0.1' })
    const body = (await res.json()) as Json
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined()
    return body.data.uploadReturn
  }

  const wb = () => toBuffer(formLayoutWorkbook([['QT01', 'x', 2], ['QT02', 'x', '1.250'], ['QT05', 'x', '98,5%']]))

  it('uploads over multipart, dry run first, and returns findings as data', async () => {
    const dry = await upload('phucloi.nhaplieu', await wb(), { dryRun: true })
    expect(dry.data.outcome).toBe('dry_run')
    expect(dry.data.findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'IMPORT_PERCENT_WITHOUT_COMPONENTS', place: 'Biểu 01!E9' })])
    expect((await countReturnRows(app.db)).returns).toBe(0)
    const real = await upload('phucloi.nhaplieu', await wb())
    expect(real.data.outcome).toBe('committed')
    expect(real.data.returns[0].values).toEqual([
      { indicator: 'QT01', number: 2, place: 'Biểu 01!E7' },
      { indicator: 'QT02', number: 1250, place: 'Biểu 01!E8' },
    ])
  })

  it('runs the workflow with roles, and hides Phúc Lợi from another ward', async () => {
    const list = await app.gql<Json>('{ returns(unit: "01.PL", form: "BC-QT") { edges { node { id status currentRevision values { indicator number } } } } }', {}, { as: 'phucloi.nhaplieu' })
    const id = list.data!.returns.edges[0].node.id as number
    expect(list.data!.returns.edges[0].node.values).toEqual([{ indicator: 'QT01', number: 2 }, { indicator: 'QT02', number: 1250 }])

    const step = async (as: string, mutation: string, extra = '') => {
      const r = await app.gql<Json>(`mutation($id: Int!) { r: ${mutation}(id: $id${extra}) { __typename ... on Error { code message } } }`, { id }, { as })
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
      return r.data!.r
    }
    // another ward: cannot read, upload for, submit or approve Phúc Lợi's return
    const other = 'bachdang.nhaplieu'
    expect((await app.gql<Json>('query($id: Int) { return(id: $id) { id } }', { id }, { as: other })).data!.return).toBeNull()
    const hidden = await app.gql<Json>('{ returns(unit: "01.PL") { edges { node { id } } } }', {}, { as: other })
    expect(hidden.errors?.[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
    expect((await app.gql<Json>('{ returns { edges { node { id } } } }', {}, { as: other })).data!.returns.edges).toEqual([])
    const history = await app.gql<Json>('{ valueHistory(unit: "01.PL", form: "BC-QT", period: "2026Q1", indicator: "QT01") { revision } }', {}, { as: other })
    expect(history.errors?.[0]?.extensions?.code).toBe('UNIT_NOT_FOUND')
    const foreign = await upload(other, await wb())
    expect(foreign.data.outcome).toBe('refused')
    expect(foreign.data.findings.filter((f: Json) => f.severity === 'error').map((f: Json) => f.code)).toEqual(['IMPORT_UNKNOWN_UNIT'])
    expect(await step(other, 'submitReturn')).toMatchObject({ code: 'RETURN_NOT_FOUND' })
    expect(await step(other, 'approveReturn')).toMatchObject({ code: 'RETURN_NOT_FOUND' })
    expect(await step(other, 'reopenReturn')).toMatchObject({ code: 'RETURN_NOT_FOUND' })
    expect(await step(other, 'sendBackReturn', ', reason: "x"')).toMatchObject({ code: 'RETURN_NOT_FOUND' })

    // roles within the ward
    expect(await step('phucloi.nhaplieu', 'approveReturn')).toMatchObject({ code: 'RETURN_FORBIDDEN' })
    expect(await step('phucloi.nhaplieu', 'submitReturn')).toMatchObject({ __typename: 'MutationSubmitReturnSuccess' })
    expect(await step('phucloi.duyet', 'approveReturn')).toMatchObject({ __typename: 'MutationApproveReturnSuccess' })
    const locked = await upload('phucloi.nhaplieu', await toBuffer(formLayoutWorkbook([['QT01', 'x', 3]])))
    expect(locked.data.findings.map((f: Json) => f.code)).toEqual(['RETURN_LOCKED'])
    expect(await step('phucloi.duyet', 'reopenReturn')).toMatchObject({ __typename: 'MutationReopenReturnSuccess' })
    const fixed = await upload('phucloi.nhaplieu', await toBuffer(formLayoutWorkbook([['QT01', 'x', 3]])))
    expect(fixed.data).toMatchObject({ outcome: 'committed', returns: [{ revision: 2 }] })

    const mine = await app.gql<Json>(
      '{ valueHistory(unit: "01.PL", form: "BC-QT", period: "2026Q1", indicator: "QT01") { revision by fileName number place } return(unit: "01.PL", form: "BC-QT", period: "2026Q1") { status revisions { number createdBy } } }',
      {},
      { as: 'phucloi.duyet' },
    )
    expect(mine.data!.valueHistory).toEqual([
      { revision: 1, by: 'phucloi.nhaplieu', fileName: 'phuc-loi-q1.xlsx', number: 2, place: 'Biểu 01!E7' },
      { revision: 2, by: 'phucloi.nhaplieu', fileName: 'phuc-loi-q1.xlsx', number: 3, place: 'Biểu 01!E7' },
    ])
    expect(mine.data!.return).toEqual({ status: 'draft', revisions: [{ number: 1, createdBy: 'phucloi.nhaplieu' }, { number: 2, createdBy: 'phucloi.nhaplieu' }] })
  })
  it('lets only the approver, or an administrator over the unit, reopen an approved return', async () => {
    // A return of its own: Quý II.
    const title = ['ĐẢNG ỦY PHƯỜNG PHÚC LỢI', 'BÁO CÁO KẾT QUẢ HỌC TẬP, QUÁN TRIỆT']
    const q2 = (n: number) => toBuffer(formLayoutWorkbook([['QT01', 'x', n]], { meta: { period: '2026Q2' }, title }))
    const first = await upload('phucloi.nhaplieu', await q2(1))
    expect(first.data.outcome).toBe('committed')
    const id = first.data.returns[0].returnId as number
    const step = async (as: string, mutation: string) => {
      const r = await app.gql<Json>(`mutation($id: Int!) { r: ${mutation}(id: $id) { __typename ... on Error { code message } } }`, { id }, { as })
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined()
      return r.data!.r
    }
    const status = async () => (await app.gql<Json>('query($id: Int) { return(id: $id) { status } }', { id }, { as: 'phucloi.duyet' })).data!.return.status
    const approved = async () => {
      expect(await step('phucloi.nhaplieu', 'submitReturn')).toMatchObject({ __typename: 'MutationSubmitReturnSuccess' })
      expect(await step('phucloi.duyet', 'approveReturn')).toMatchObject({ __typename: 'MutationApproveReturnSuccess' })
    }
    await approved()

    // A reviewer over the unit who did not approve it (the city's) is told who did.
    const notApprover = await step('duyet.hanoi', 'reopenReturn')
    expect(notApprover.code).toBe('RETURN_REOPEN_NOT_APPROVER')
    expect(notApprover.message).toContain('Ban Thường vụ Đảng ủy phường Phúc Lợi (demo), tài khoản phucloi.duyet')
    // The ward's submitter and the city's viewer may not reopen at all.
    expect(await step('phucloi.nhaplieu', 'reopenReturn')).toMatchObject({ code: 'RETURN_FORBIDDEN', message: 'Bạn không có quyền mở lại báo cáo của đơn vị này.' })
    expect(await step('tuyengiao.hanoi', 'reopenReturn')).toMatchObject({ code: 'RETURN_FORBIDDEN' })
    // An administrator of another ward does not even see the return.
    const bachDang = await findUnitByCode(app.db, '31.BD')
    await createAccount(app.db, { username: 'bachdang.quantri', displayName: 'Quản trị phường Bạch Đằng', password: DEMO_PASSWORD, grants: [{ role: 'administrator', unitId: bachDang!.id }], grantedBy: null })
    expect(await step('bachdang.quantri', 'reopenReturn')).toMatchObject({ code: 'RETURN_NOT_FOUND' })
    // Still approved, and an upload is refused naming whom to ask.
    expect(await status()).toBe('approved')
    const locked = await upload('phucloi.nhaplieu', await q2(2))
    expect(locked.data.outcome).toBe('refused')
    expect(locked.data.findings).toEqual([expect.objectContaining({ code: 'RETURN_LOCKED', message: expect.stringContaining('tài khoản phucloi.duyet') })])

    // The approver reopens.
    expect(await step('phucloi.duyet', 'reopenReturn')).toMatchObject({ __typename: 'MutationReopenReturnSuccess' })
    expect(await status()).toBe('draft')
    expect((await upload('phucloi.nhaplieu', await q2(2))).data).toMatchObject({ outcome: 'committed', returns: [{ revision: 2 }] })

    // Approved again: the ward's administrator may reopen it too (the approver may have left), and the audit says so.
    await approved()
    expect(await step('phucloi.quantri', 'reopenReturn')).toMatchObject({ __typename: 'MutationReopenReturnSuccess' })
    expect(await status()).toBe('draft')
    const audit = await app.gql<Json>('{ auditLog(unit: "01.PL", action: "return.reopened") { edges { node { username target details } } } }', {}, { as: 'phucloi.quantri' })
    const duyet = (await app.gql<Json>('{ accounts { edges { node { id username } } } }', {}, { as: 'phucloi.quantri' })).data!.accounts.edges.map((e: Json) => e.node).find((a: Json) => a.username === 'phucloi.duyet')
    const mine = audit.data!.auditLog.edges.map((e: Json) => e.node).filter((a: Json) => a.target === `return:${id}`)
    expect(mine.map((a: Json) => [a.username, a.details.approvedBy, a.details.byAdministrator])).toEqual([
      ['phucloi.quantri', duyet.id, true],
      ['phucloi.duyet', duyet.id, false],
    ])
  })
})
