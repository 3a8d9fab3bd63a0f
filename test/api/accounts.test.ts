import { afterAll, beforeAll, expect, it } from 'vitest'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on MutationLoginSuccess { data { token viewer { username grants { role unitCode } } } } ... on LoginThrottledError { retryAfterSeconds message } ... on DomainError { code message } } }'
type LoginResult = { login: { __typename: string; data?: { token: string; viewer: { username: string; grants: { role: string; unitCode: string }[] } }; retryAfterSeconds?: number; code?: string; message?: string } }

forEachDialect('accounts, sessions and the audit trail', (dialect) => {
  let app: TestApp
  beforeAll(async () => {
    app = await createTestApp(dialect, { loginThrottle: { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 2000, windowMs: 60_000, addressFreeAttempts: 50, accountMaxDelayMs: 2000, familiarDays: 30 } })
  })
  afterAll(() => app.close())

  it('logs in with a session token, knows the viewer and their roles, and logs out', async () => {
    const r = await app.gql<LoginResult>(LOGIN, { u: 'phucloi.nhaplieu', p: 'tonghop-demo-2026' })
    const token = r.data?.login.data?.token as string
    expect(r.data?.login.data?.viewer.grants).toEqual([{ role: 'submitter', unitCode: '01.PL' }])
    const me = await app.gql<{ me: { username: string } }>('{ me { username } }', {}, { token })
    expect(me.data?.me.username).toBe('phucloi.nhaplieu')
    await app.gql('mutation { logout }', {}, { token })
    const after = await app.gql<{ me: null }>('{ me { username } }', {}, { token })
    expect(after.data?.me).toBeNull()
  })

  it('stores only a hash of the session token', async () => {
    const r = await app.gql<LoginResult>(LOGIN, { u: 'phucloi.duyet', p: 'tonghop-demo-2026' })
    const token = r.data?.login.data?.token as string
    const rows = await app.db.selectFrom('sessions').select('token_hash').execute()
    expect(rows.some((s) => s.token_hash === token)).toBe(false)
    expect(rows.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true)
  })

  it('slows a burst of wrong passwords for one account, records it, and still lets the right password in after the wait', async () => {
    const results: string[] = []
    for (let i = 0; i < 6; i++) {
      const r = await app.gql<LoginResult>(LOGIN, { u: 'bachdang.nhaplieu', p: `sai-mat-khau-${i}` }, { clientAddress: `10.1.0.${i}` })
      results.push(r.data?.login.__typename as string)
    }
    expect(results.slice(0, 3)).toEqual(['DomainError', 'DomainError', 'DomainError'])
    expect(results).toContain('LoginThrottledError')
    const throttled = await app.gql<LoginResult>(LOGIN, { u: 'bachdang.nhaplieu', p: 'tonghop-demo-2026' })
    expect(throttled.data?.login.__typename).toBe('LoginThrottledError')
    expect(throttled.data?.login.retryAfterSeconds).toBeGreaterThan(0)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    const ok = await app.gql<LoginResult>(LOGIN, { u: 'bachdang.nhaplieu', p: 'tonghop-demo-2026' })
    expect(ok.data?.login.__typename).toBe('MutationLoginSuccess')
    const audit = await app.db.selectFrom('audit_log').select(['action', 'client_address']).where('username', '=', 'bachdang.nhaplieu').execute()
    expect(audit.filter((a) => a.action === 'login.failed').length).toBeGreaterThanOrEqual(3)
    expect(audit.some((a) => a.action === 'login.throttled')).toBe(true)
    expect(audit.some((a) => a.action === 'login.failed' && a.client_address === '10.1.0.0')).toBe(true)
  })

  it('changes a password, ends the other sessions, and refuses a short one', async () => {
    const first = (await app.gql<LoginResult>(LOGIN, { u: 'daitu.nhaplieu', p: 'tonghop-demo-2026' })).data?.login.data?.token as string
    const second = (await app.gql<LoginResult>(LOGIN, { u: 'daitu.nhaplieu', p: 'tonghop-demo-2026' })).data?.login.data?.token as string
    const short = await app.gql<{ changePassword: { __typename: string; code?: string } }>('mutation { changePassword(current: "tonghop-demo-2026", next: "ngan") { __typename ... on DomainError { code } } }', {}, { token: first })
    expect(short.data?.changePassword.code).toBe('PASSWORD_TOO_SHORT')
    const changed = await app.gql<{ changePassword: { __typename: string } }>('mutation { changePassword(current: "tonghop-demo-2026", next: "mat-khau-moi-dai-hon") { __typename } }', {}, { token: first })
    expect(changed.data?.changePassword.__typename).toBe('MutationChangePasswordSuccess')
    expect((await app.gql<{ me: unknown }>('{ me { username } }', {}, { token: second })).data?.me).toBeNull()
    expect((await app.gql<LoginResult>(LOGIN, { u: 'daitu.nhaplieu', p: 'mat-khau-moi-dai-hon' })).data?.login.__typename).toBe('MutationLoginSuccess')
  })

  it('lets an administrator create units, move and close them within their subtree, with every change audited', async () => {
    const as = { as: 'phucloi.quantri' }
    const created = await app.gql<{ createUnit: { __typename: string; data?: { code: string; depth: number; ancestors: { code: string }[] } } }>(
      'mutation { createUnit(code: "01.PL.CB09", name: "Chi bộ Khu phố 9", kind: party_organization, sector: party, parent: "01.PL", openedOn: "2026-01-01") { __typename ... on MutationCreateUnitSuccess { data { code depth ancestors { code } } } } }',
      {},
      as,
    )
    expect(created.data?.createUnit.data?.ancestors.map((a) => a.code)).toEqual(['TW', '01', '01.PL'])
    const moved = await app.gql<{ moveUnit: { data?: { parent: { code: string }; before: { code: string } | null; ancestors: { code: string }[] } } }>(
      'mutation { moveUnit(code: "01.PL.CB09", newParent: "01.PL.MTTQ", effectiveFrom: "2026-07-01") { ... on MutationMoveUnitSuccess { data { parent { code } before: parentOn(date: "2026-03-01") { code } ancestors { code } } } } }',
      {},
      as,
    )
    expect(moved.data?.moveUnit.data?.parent.code).toBe('01.PL.MTTQ')
    expect(moved.data?.moveUnit.data?.before?.code).toBe('01.PL')
    expect(moved.data?.moveUnit.data?.ancestors.map((a) => a.code)).toEqual(['TW', '01', '01.PL', '01.PL.MTTQ'])
    const size = await app.gql<{ unit: { subtreeSize: number } }>('{ unit(code: "01.PL.MTTQ") { subtreeSize } }', {}, as)
    expect(size.data?.unit.subtreeSize).toBe(5)
    const closed = await app.gql<{ closeUnit: { __typename: string } }>('mutation { closeUnit(code: "01.PL.CB09", closedOn: "2026-12-31") { __typename } }', {}, as)
    expect(closed.data?.closeUnit.__typename).toBe('MutationCloseUnitSuccess')
    const cycle = await app.gql<{ moveUnit: { code?: string } }>('mutation { moveUnit(code: "01.PL.MTTQ", newParent: "01.PL.MTTQ.DTN", effectiveFrom: "2026-07-01") { ... on DomainError { code } } }', {}, as)
    expect(cycle.data?.moveUnit.code).toBe('MOVE_CYCLE')
    const outside = await app.gql<{ moveUnit: { code?: string } }>('mutation { moveUnit(code: "01.PL.CB01", newParent: "31.BD", effectiveFrom: "2026-07-01") { ... on DomainError { code } } }', {}, as)
    expect(outside.data?.moveUnit.code).toBe('UNIT_NOT_FOUND')
    const log = await app.gql<{ auditLog: { edges: { node: { action: string; username: string } }[] } }>('{ auditLog(unit: "01.PL", first: 20) { edges { node { action username } } } }', {}, as)
    expect(log.data?.auditLog.edges.map((e) => e.node.action)).toEqual(expect.arrayContaining(['unit.created', 'unit.moved', 'unit.closed']))
  })

  it('lets an administrator assign a form, set a target and create an account with a role, refusing bad input', async () => {
    const as = { as: 'phucloi.quantri' }
    const assigned = await app.gql<{ assignForm: { __typename: string; code?: string } }>(
      'mutation { assignForm(form: "BC-QT", unit: "01.PL", unitKinds: [party_organization], periodType: quarter, deadline: {kind: "day_of_last_month", day: 14}) { __typename ... on DomainError { code } } }',
      {},
      as,
    )
    expect(assigned.data?.assignForm.__typename).toBe('MutationAssignFormSuccess')
    const badType = await app.gql<{ assignForm: { code?: string } }>('mutation { assignForm(form: "BC-QT", unit: "01.PL", periodType: year, deadline: {kind: "fixed", date: "2026-12-01"}) { ... on DomainError { code } } }', {}, as)
    expect(badType.data?.assignForm.code).toBe('PERIOD_TYPE_NOT_ALLOWED')
    const target = await app.gql<{ setTarget: { __typename: string; code?: string } }>('mutation { setTarget(unit: "01.PL", form: "BC-YT72", indicator: "YT06", year: 2030, comparator: ">", value: 95) { __typename ... on DomainError { code } } }', {}, as)
    expect(target.data?.setTarget.__typename).toBe('MutationSetTargetSuccess')
    const badIndicator = await app.gql<{ setTarget: { code?: string } }>('mutation { setTarget(unit: "01.PL", form: "BC-YT72", indicator: "YT99", year: 2030, comparator: ">", value: 95) { ... on DomainError { code } } }', {}, as)
    expect(badIndicator.data?.setTarget.code).toBe('INDICATOR_NOT_FOUND')
    const account = await app.gql<{ createAccount: { __typename: string } }>('mutation { createAccount(username: "chibo1.nhaplieu", displayName: "Chi bộ 1", password: "mat-khau-chi-bo-1", role: submitter, unit: "01.PL.CB01") { __typename } }', {}, as)
    expect(account.data?.createAccount.__typename).toBe('MutationCreateAccountSuccess')
    const login = await app.gql<LoginResult>(LOGIN, { u: 'chibo1.nhaplieu', p: 'mat-khau-chi-bo-1' })
    expect(login.data?.login.data?.viewer.grants).toEqual([{ role: 'submitter', unitCode: '01.PL.CB01' }])
    const granted = await app.gql<{ grantRole: { __typename: string } }>('mutation { grantRole(username: "chibo1.nhaplieu", role: viewer, unit: "01.PL.CB02") { __typename } }', {}, as)
    expect(granted.data?.grantRole.__typename).toBe('MutationGrantRoleSuccess')
    const revoked = await app.gql<{ revokeRole: { __typename: string } }>('mutation { revokeRole(username: "chibo1.nhaplieu", role: viewer, unit: "01.PL.CB02") { __typename } }', {}, as)
    expect(revoked.data?.revokeRole.__typename).toBe('MutationRevokeRoleSuccess')
    const again = await app.gql<{ revokeRole: { code?: string } }>('mutation { revokeRole(username: "chibo1.nhaplieu", role: viewer, unit: "01.PL.CB02") { ... on DomainError { code } } }', {}, as)
    expect(again.data?.revokeRole.code).toBe('GRANT_NOT_FOUND')
    const audit = await app.db.selectFrom('audit_log').select('action').where('target', '=', 'chibo1.nhaplieu').execute()
    expect(audit.map((a) => a.action)).toEqual(['account.created', 'account.role_granted', 'account.role_revoked'])
  })
})
