import { afterAll, beforeAll, expect, it } from 'vitest'
import { importReturnFile } from '../../src/domain/returns/import-return.js'
import { formLayoutWorkbook, toBuffer } from '../importers/workbook-builders.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

type Can = { upload: boolean; submit: boolean; approve: boolean; sendBack: boolean; reopen: boolean }
const NONE: Can = { upload: false, submit: false, approve: false, sendBack: false, reopen: false }

// Issue #13: the return page shows the buttons the API says the user may use; the mutations still decide.
forEachDialect('Return.viewerCan', (dialect) => {
  let app: TestApp
  let id: number
  beforeAll(async () => {
    app = await createTestApp(dialect)
    const bytes = await toBuffer(formLayoutWorkbook([['QT01', 'Số hội nghị', 2]]))
    const r = await importReturnFile(app.services.database, { bytes, fileName: 'q1.xlsx', unitCode: null, formCode: null, periodId: null, scope: null, dryRun: false, actor: { accountId: null, username: 'cli' } })
    id = r.returns[0]?.returnId as number
  })
  afterAll(() => app.close())

  async function can(as: string): Promise<Can | null> {
    const r = await app.gql<{ return: { viewerCan: Can; approvedBy: string | null } | null }>(`{ return(id: ${id}) { viewerCan { upload submit approve sendBack reopen } approvedBy } }`, {}, { as })
    expect(r.errors).toBeUndefined()
    return r.data?.return?.viewerCan ?? null
  }
  async function step(as: string, mutation: string): Promise<string> {
    const r = await app.gql<Record<string, { __typename: string }>>(`mutation { ${mutation}(id: ${id}${mutation === 'sendBackReturn' ? ', reason: "Sai số"' : ''}) { __typename } }`, {}, { as })
    return r.data?.[mutation]?.__typename ?? JSON.stringify(r)
  }

  it('follows the status, the role and, for reopening, who approved', async () => {
    expect(await can('phucloi.nhaplieu')).toEqual({ ...NONE, upload: true, submit: true })
    expect(await can('phucloi.duyet')).toEqual(NONE)
    expect(await can('bachdang.nhaplieu')).toBeNull()
    expect(await step('phucloi.nhaplieu', 'submitReturn')).toBe('MutationSubmitReturnSuccess')
    expect(await can('phucloi.nhaplieu')).toEqual({ ...NONE, upload: true })
    for (const reviewer of ['phucloi.duyet', 'duyet.hanoi']) expect(await can(reviewer)).toEqual({ ...NONE, approve: true, sendBack: true })
    expect(await step('phucloi.duyet', 'approveReturn')).toBe('MutationApproveReturnSuccess')
    // the approver and an administrator over the ward may reopen; another reviewer over it may not, nor the clerk
    expect(await can('phucloi.duyet')).toEqual({ ...NONE, reopen: true })
    expect(await can('phucloi.quantri')).toEqual({ ...NONE, reopen: true })
    expect(await can('duyet.hanoi')).toEqual(NONE)
    expect(await can('phucloi.nhaplieu')).toEqual(NONE)
    const by = await app.gql<{ return: { approvedBy: string } }>(`{ return(id: ${id}) { approvedBy } }`, {}, { as: 'phucloi.nhaplieu' })
    expect(by.data?.return.approvedBy).toContain('phucloi.duyet')
    // what the page hides, the API still refuses
    expect(await step('duyet.hanoi', 'reopenReturn')).toBe('DomainError')
    expect(await step('phucloi.quantri', 'reopenReturn')).toBe('MutationReopenReturnSuccess')
    expect(await can('phucloi.nhaplieu')).toEqual({ ...NONE, upload: true, submit: true })
  })
})
