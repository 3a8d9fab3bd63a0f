import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildAppServices } from '../../src/bootstrap.js'
import { revokeRole } from '../../src/domain/accounts/account-service.js'
import { createTonghopYoga } from '../../src/http/create-yoga.js'
import { DEMO_PASSWORD } from '../../src/domain/seeding/demo-accounts.js'
import { forEachDialect } from '../support/for-each-dialect.js'
import { createTestApp, type GqlResult, type TestApp } from '../support/test-app.js'

// Each server worker keeps the sessions it has read (session-cache.ts). These tests use two workers on one database,
// as `tonghop serve` runs them: what one worker (or the CLI) changes must count on the other at its very next request,
// though that worker has the session cached.

const ROLLUP = '{ rollup(unit: "01.PL", form: "BC-QT", period: "2026Q1") { __typename ... on QueryRollupSuccess { data { summary { reportingUnits } } } ... on DomainError { code } } }'
const ME = '{ me { username grants { role unitCode } } }'
const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { ... on MutationLoginSuccess { data { token } } } }'

type RollupResult = { rollup: { __typename: string; code?: string; data?: { summary: { reportingUnits: number } } } | null }
type MeResult = { me: { username: string; grants: { role: string; unitCode: string }[] } | null }

forEachDialect('sessions cached by a server worker', (dialect) => {
  let app: TestApp
  let other: ReturnType<typeof createTonghopYoga>
  let closeOther: () => Promise<void>
  beforeAll(async () => {
    app = await createTestApp(dialect)
    const services = buildAppServices(app.services.config, app.services.database)
    other = createTonghopYoga(services)
    closeOther = () => services.live.close()
  })
  afterAll(async () => {
    await closeOther()
    await app.close()
  })

  /** A request to the other worker, with the same shape as `app.gql`. */
  async function onOther<T>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    const body = JSON.stringify({ query, variables })
    const r = await other.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }, { clientAddress: '127.0.0.2' })
    return { ...((await r.json()) as GqlResult<T>), status: r.status }
  }

  async function freshToken(username: string): Promise<string> {
    const r = await app.gql<{ login: { data?: { token: string } } }>(LOGIN, { u: username, p: DEMO_PASSWORD }, { clientAddress: `10.77.${username.length}.1` })
    return r.data!.login.data!.token
  }

  it('a rollup request whose session is cached runs one statement, which also confirms the session', async () => {
    const token = await freshToken('phucloi.duyet')
    const first = await app.gql<RollupResult>(ROLLUP, {}, { token })
    expect(first.data?.rollup?.__typename).toBe('QueryRollupSuccess')
    const before = app.queries.count
    const again = await app.gql<RollupResult>(ROLLUP, {}, { token })
    expect(again.data).toEqual(first.data)
    // without the cache: the session, then the unit with its head
    expect(app.queries.count - before).toBe(1)
  })

  it('a logout on another worker ends the session here at the next request, cached or not', async () => {
    const token = await freshToken('phucloi.duyet')
    expect((await app.gql<RollupResult>(ROLLUP, {}, { token })).data?.rollup?.__typename).toBe('QueryRollupSuccess')
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me?.username).toBe('phucloi.duyet')
    expect((await onOther<{ logout: boolean }>('mutation { logout }', token)).data?.logout).toBe(true)
    const rollup = await app.gql<RollupResult>(ROLLUP, {}, { token })
    expect(rollup.data?.rollup ?? null).toBeNull()
    expect(rollup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me).toBeNull()
  })

  it('a grant taken away elsewhere (the CLI, another worker) counts at the next request: the unit is out of reach, me shows no grant', async () => {
    const token = await freshToken('phucloi.nhaplieu')
    expect((await app.gql<RollupResult>(ROLLUP, {}, { token })).data?.rollup?.__typename).toBe('QueryRollupSuccess')
    const account = await app.db.selectFrom('accounts').select('id').where('username', '=', 'phucloi.nhaplieu').executeTakeFirstOrThrow()
    const unit = await app.db.selectFrom('units').select('id').where('code', '=', '01.PL').executeTakeFirstOrThrow()
    await revokeRole(app.db, { username: 'phucloi.nhaplieu', role: 'submitter', unitId: unit.id, by: { accountId: account.id, username: 'cli', displayName: 'cli', grants: [], sessionId: null }, clientAddress: 'cli' })
    const rollup = await app.gql<RollupResult>(ROLLUP, {}, { token })
    expect(rollup.data?.rollup).toMatchObject({ __typename: 'DomainError', code: 'UNIT_NOT_FOUND' })
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me).toEqual({ username: 'phucloi.nhaplieu', grants: [] })
  })

  it('a cached session past its expiry is refused', async () => {
    const token = await freshToken('phucloi.vanthu')
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me?.username).toBe('phucloi.vanthu')
    await app.db.updateTable('sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('revoked_at', 'is', null).where('account_id', '=', app.db.selectFrom('accounts').select('id').where('username', '=', 'phucloi.vanthu')).execute()
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me).toBeNull()
    expect((await app.gql<RollupResult>(ROLLUP, {}, { token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  it('a mutation on a cached session that was ended elsewhere is refused before it writes anything', async () => {
    const token = await freshToken('daitu.nhaplieu')
    expect((await app.gql<MeResult>(ME, {}, { token })).data?.me?.username).toBe('daitu.nhaplieu')
    await onOther('mutation { logout }', token)
    const changed = await app.gql<{ changePassword: unknown }>('mutation { changePassword(current: "tonghop-demo-2026", next: "mat-khau-moi-dai-hon") { __typename } }', {}, { token })
    expect(changed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    // the password did not change: the old one still signs in
    const again = await app.gql<{ login: { data?: { token: string } } }>(LOGIN, { u: 'daitu.nhaplieu', p: DEMO_PASSWORD }, { clientAddress: '10.78.0.1' })
    expect(again.data?.login.data?.token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  })
})
