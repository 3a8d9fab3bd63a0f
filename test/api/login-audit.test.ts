import { afterAll, beforeAll, expect, it } from 'vitest'
import * as m0007 from '../../src/db/migrations/0007-login-throttle.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }'
const AUDIT = 'query($a: String) { auditLog(action: $a, first: 100) { edges { node { action username clientAddress unit { code } } } } }'
type AuditAnswer = { auditLog: { edges: { node: { action: string; username: string; clientAddress: string; unit: { code: string } | null } }[] } }

// Issue #15, point 4: login records belong to the units the account holds roles on (the root for unknown usernames).
forEachDialect('login records in the audit trail', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect)
    const made = await app.gql<{ createAccount: { __typename: string } }>(
      'mutation { createAccount(username: "bachdang.quantri", displayName: "Quản trị phường Bạch Đằng", password: "mat-khau-quan-tri-bd", role: administrator, unit: "31.BD") { __typename } }',
      {},
      { as: 'quantri' },
    )
    expect(made.data?.createAccount.__typename).toBe('MutationCreateAccountSuccess')
    await app.gql(LOGIN, { u: 'phucloi.nhaplieu', p: DEMO_PASSWORD }, { clientAddress: '10.44.0.1' })
    await app.gql(LOGIN, { u: 'phucloi.nhaplieu', p: 'sai-mat-khau-1' }, { clientAddress: '10.44.0.2' })
    await app.gql(LOGIN, { u: 'bachdang.nhaplieu', p: 'sai-mat-khau-2' }, { clientAddress: '10.44.0.3' })
    await app.gql(LOGIN, { u: 'khong.co.ai', p: 'sai-mat-khau-3' }, { clientAddress: '10.44.0.4' })
  })
  afterAll(() => app.close())

  const logins = async (as: string, action: string) => {
    const r = await app.gql<AuditAnswer>(AUDIT, { a: action }, { token: as === 'bachdang.quantri' ? await bachdangToken() : await app.tokenFor(as) })
    expect(r.errors).toBeUndefined()
    return r.data!.auditLog.edges.map((e) => e.node).filter((n) => n.clientAddress.startsWith('10.44.'))
  }
  let bd: string | null = null
  const bachdangToken = async () => {
    if (bd) return bd
    const r = await app.gql<{ login: { data: { token: string } } }>('mutation { login(username: "bachdang.quantri", password: "mat-khau-quan-tri-bd") { ... on MutationLoginSuccess { data { token } } } }')
    bd = r.data!.login.data.token
    return bd
  }

  it('shows a ward administrator the logins of the ward’s accounts, at the ward, and nothing of another ward', async () => {
    expect(await logins('phucloi.quantri', 'login.succeeded')).toEqual([{ action: 'login.succeeded', username: 'phucloi.nhaplieu', clientAddress: '10.44.0.1', unit: { code: '01.PL' } }])
    expect(await logins('phucloi.quantri', 'login.failed')).toEqual([{ action: 'login.failed', username: 'phucloi.nhaplieu', clientAddress: '10.44.0.2', unit: { code: '01.PL' } }])
    expect(await logins('bachdang.quantri', 'login.failed')).toEqual([{ action: 'login.failed', username: 'bachdang.nhaplieu', clientAddress: '10.44.0.3', unit: { code: '31.BD' } }])
    expect(await logins('bachdang.quantri', 'login.succeeded')).toEqual([])
  })

  it('shows the root administrator every login, failed ones for unknown usernames included', async () => {
    const failed = await logins('quantri', 'login.failed')
    expect(failed.map((f) => [f.username, f.unit?.code]).sort()).toEqual([
      ['bachdang.nhaplieu', '31.BD'],
      ['khong.co.ai', 'TW'],
      ['phucloi.nhaplieu', '01.PL'],
    ])
    expect((await logins('quantri', 'login.succeeded')).map((f) => f.username)).toEqual(['phucloi.nhaplieu'])
  })

  it('files logouts and password changes under the account’s unit too', async () => {
    const token = (await app.gql<{ login: { data: { token: string } } }>('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on MutationLoginSuccess { data { token } } } }', { u: 'phucloi.vanthu', p: DEMO_PASSWORD }, { clientAddress: '10.44.0.5' })).data!.login.data.token
    await app.gql('mutation { logout }', {}, { token, clientAddress: '10.44.0.5' })
    expect((await logins('phucloi.quantri', 'logout')).map((l) => [l.username, l.unit?.code])).toEqual([['phucloi.vanthu', '01.PL']])
    expect(await logins('bachdang.quantri', 'logout')).toEqual([])
  })
})

forEachDialect('migration 0007: login records written before without a unit', (dialect) => {
  it('files them under the account’s role unit, or the root for unknown usernames', async () => {
    const app = await createTestApp(dialect)
    try {
      // the database as 0004 left it, then 0007 applied to it
      await m0007.down(app.db)
      const at = new Date().toISOString()
      await app.db.insertInto('audit_log').values([
        { at, action: 'login.succeeded', username: 'phucloi.nhaplieu', client_address: '10.55.0.1', account_id: null, unit_id: null, target: null, details: null },
        { at, action: 'login.failed', username: 'khong.co.ai', client_address: '10.55.0.2', account_id: null, unit_id: null, target: null, details: null },
        { at, action: 'export.requested', username: 'phucloi.vanthu', client_address: '10.55.0.3', account_id: null, unit_id: null, target: null, details: null },
      ]).execute()
      await m0007.up(app.db)
      const rows = await app.db.selectFrom('audit_log as a').leftJoin('units as u', 'u.id', 'a.unit_id').select(['a.username', 'u.code']).where('a.client_address', 'like', '10.55.%').orderBy('a.client_address').execute()
      expect(rows).toEqual([
        { username: 'phucloi.nhaplieu', code: '01.PL' },
        { username: 'khong.co.ai', code: 'TW' },
        // only account records are filed: other actions keep what they had
        { username: 'phucloi.vanthu', code: null },
      ])
    } finally {
      await app.close()
    }
  })
})
